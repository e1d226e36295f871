import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const FUNCTIONS = path.join(REPO_ROOT, 'functions');

/** Where the bundles are built before CDK copies each into the cloud assembly as an asset. */
const BUNDLES = path.join(REPO_ROOT, 'node_modules', '.cache', 'baton-bundles');

let built: string | undefined;

/**
 * Bundles every handler in `functions/` in one esbuild run (the local esbuild, no Docker) and
 * returns the folder holding `<handler>/index.mjs` and its source map. One run with many entry
 * points parses the shared code (domain, schemas, SDK) once, where one run per function parsed
 * it sixteen times; synthesis is several times faster for it. Built once per process.
 *
 * ESM for Node 24; names kept, because ASL Retry and Catch match on error names; the AWS SDK
 * bundled, so the same SDK runs in AWS and in the local runtime, which runs this very bundle.
 */
const handlerBundles = (): string => {
  if (built) return built;
  const handlers = readdirSync(FUNCTIONS)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => file.slice(0, -'.ts'.length));
  mkdirSync(BUNDLES, { recursive: true });
  buildSync({
    entryPoints: handlers.map((handler) => ({
      in: path.join(FUNCTIONS, `${handler}.ts`),
      out: path.join(handler, 'index'),
    })),
    outdir: BUNDLES,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    mainFields: ['module', 'main'],
    // Some CommonJS dependencies call require(); ESM output has none without this.
    banner: {
      js: "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);",
    },
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    keepNames: true,
    logLevel: 'warning',
  });
  built = BUNDLES;
  return built;
};

/** The bundle folder of one handler, built with all the others on first use. */
const handlerBundle = (handler: string): string => {
  const dir = path.join(handlerBundles(), handler);
  if (!existsSync(path.join(dir, 'index.mjs'))) {
    throw new Error(`no handler functions/${handler}.ts to bundle`);
  }
  return dir;
};

export { handlerBundle };
