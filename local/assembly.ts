import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LocalLogger } from './contracts.ts';

/** What the cloud assembly is built from: a change to any of these makes it stale. */
const SOURCES = [
  'infra',
  'functions',
  'domain',
  'schemas',
  'statemachines',
  'cdk.json',
  'package-lock.json',
];

const newestChange = (path: string): number => {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (newest, name) => Math.max(newest, newestChange(join(path, name))),
    stat.mtimeMs,
  );
};

/**
 * Whether `cdk.out` holds an assembly synthesized for the local account and region, at least as
 * new as every source it is built from. One synthesized for somewhere else (as `cdk synth` with
 * AWS credentials does) spells other ARNs into its strings, so it is built again.
 */
const isUpToDate = (
  root: string,
  outdir: string,
  settings: { region: string; accountId: string },
): boolean => {
  const manifest = join(outdir, 'manifest.json');
  if (!existsSync(manifest)) return false;
  if (!readFileSync(manifest, 'utf8').includes(`aws://${settings.accountId}/${settings.region}`)) {
    return false;
  }
  const built = statSync(manifest).mtimeMs;
  return SOURCES.every((source) => newestChange(join(root, source)) <= built);
};

/**
 * Synthesizes the CDK app into `outdir` by running `infra/app.ts` the way the CDK CLI does
 * (`CDK_OUTDIR`, `CDK_CONTEXT_JSON` with `cdk.json`'s context), skipping the cdk-nag gate,
 * which checks a deployment and leaves the template as it is. The region and account are the
 * local runtime's, so ARNs the template spells out match the ones it resolves.
 */
const synthesize = (
  root: string,
  outdir: string,
  settings: { region: string; accountId: string },
): Promise<void> => {
  const cdkJson = JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  const context = { ...cdkJson.context, 'baton:nag': false };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'infra', 'app.ts')], {
      cwd: root,
      env: {
        ...process.env,
        CDK_OUTDIR: outdir,
        CDK_CONTEXT_JSON: JSON.stringify(context),
        CDK_DEFAULT_REGION: settings.region,
        CDK_DEFAULT_ACCOUNT: settings.accountId,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += String(chunk);
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`synthesis failed (exit ${code}):\n${output.trim()}`)),
    );
  });
};

/**
 * Holds `<outdir>.lock` while `work` runs, so two runtimes (or two test files) starting at once
 * never synthesize into the same folder together; a lock older than two minutes is taken over.
 */
const withAssemblyLock = async <T>(outdir: string, work: () => Promise<T>): Promise<T> => {
  const lock = `${outdir}.lock`;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000)
        rmSync(lock, { recursive: true, force: true });
      await sleep(250);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
};

/**
 * The cloud assembly to run: `cdk.out` as it is when it is up to date, else synthesized anew.
 *
 * @example const outdir = await ensureAssembly(REPOSITORY_ROOT, logger, settings)
 */
const ensureAssembly = async (
  root: string,
  logger: LocalLogger,
  settings: { region: string; accountId: string },
  options: { outdir?: string; force?: boolean } = {},
): Promise<string> => {
  const outdir = options.outdir ?? join(root, 'cdk.out');
  return withAssemblyLock(outdir, async () => {
    if (!options.force && isUpToDate(root, outdir, settings)) {
      logger.info('cloud assembly is up to date', { outdir });
      return outdir;
    }
    logger.info('synthesizing the cloud assembly', { outdir });
    const started = performance.now();
    await synthesize(root, outdir, settings);
    const seconds = Number(((performance.now() - started) / 1_000).toFixed(1));
    logger.info('cloud assembly synthesized', { seconds });
    return outdir;
  });
};

export { ensureAssembly, isUpToDate };
