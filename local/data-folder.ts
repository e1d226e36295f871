import { isAbsolute, resolve } from 'node:path';

/** The repository root: where `npm start` runs and where `.data/` and `cdk.out/` live. */
const REPOSITORY_ROOT = resolve(import.meta.dirname, '..');

/**
 * Where the local runtime keeps DynamoDB's tables, secrets, dead letters, executions and Lambda's
 * queued asynchronous events.
 */
const DEFAULT_DATA_DIR = resolve(REPOSITORY_ROOT, '.data');

/** Where the local runtime keeps its state, and whether it keeps it at all. */
interface DataFolder {
  dataDir: string;
  /** `--in-memory`: nothing is written to `dataDir`, everything is gone after Ctrl-C. */
  inMemory: boolean;
}

/**
 * Resolves the data folder: `--data DIR` (or `--data=DIR`) first, then `BATON_DATA_DIR`, then
 * `.data/` in the repository; relative paths are taken from the working directory.
 * `--in-memory` (or `BATON_IN_MEMORY=1`) keeps everything in memory instead.
 *
 * @example resolveDataFolder({ argv: process.argv.slice(2) })
 */
const resolveDataFolder = (
  options: { argv?: readonly string[]; env?: NodeJS.ProcessEnv; data?: string } = {},
): DataFolder => {
  const argv = options.argv ?? [];
  const env = options.env ?? process.env;
  const flagIndex = argv.indexOf('--data');
  const fromFlag =
    options.data ??
    (flagIndex >= 0 ? argv[flagIndex + 1] : undefined) ??
    argv.find((a) => a.startsWith('--data='))?.slice('--data='.length);
  const chosen = fromFlag || env.BATON_DATA_DIR || DEFAULT_DATA_DIR;
  const inMemory =
    argv.includes('--in-memory') || env.BATON_IN_MEMORY === '1' || env.BATON_IN_MEMORY === 'true';
  return { dataDir: isAbsolute(chosen) ? chosen : resolve(chosen), inMemory };
};

export type { DataFolder };
export { DEFAULT_DATA_DIR, REPOSITORY_ROOT, resolveDataFolder };
