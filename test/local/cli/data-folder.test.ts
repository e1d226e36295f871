import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DATA_DIR,
  REPOSITORY_ROOT,
  resolveDataFolder,
} from '../../../local/data-folder.ts';

describe('resolveDataFolder', () => {
  it('keeps data in .data/ in the repository by default', () => {
    // Act
    const folder = resolveDataFolder({ argv: [], env: {} });

    // Assess
    expect(folder).toEqual({ dataDir: join(REPOSITORY_ROOT, '.data'), inMemory: false });
    expect(DEFAULT_DATA_DIR).toBe(join(REPOSITORY_ROOT, '.data'));
  });

  it('takes BATON_DATA_DIR over the default, and --data over both', () => {
    // Act
    const fromEnv = resolveDataFolder({ argv: [], env: { BATON_DATA_DIR: '/srv/baton' } });
    const fromFlag = resolveDataFolder({
      argv: ['--data', 'here'],
      env: { BATON_DATA_DIR: '/srv/baton' },
    });
    const fromEquals = resolveDataFolder({ argv: ['--data=/tmp/x'], env: {} });

    // Assess
    expect(fromEnv.dataDir).toBe('/srv/baton');
    expect(fromFlag.dataDir).toBe(resolve('here'));
    expect(fromEquals.dataDir).toBe('/tmp/x');
  });

  it('keeps everything in memory with --in-memory or BATON_IN_MEMORY=1', () => {
    // Assess
    expect(resolveDataFolder({ argv: ['--in-memory'], env: {} }).inMemory).toBe(true);
    expect(resolveDataFolder({ argv: [], env: { BATON_IN_MEMORY: '1' } }).inMemory).toBe(true);
  });
});
