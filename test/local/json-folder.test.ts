import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonFolder } from '../../local/json-folder.ts';

describe('a folder of JSON entries', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'baton-json-folder-')), 'entries');
  const folder = jsonFolder<{ n: number }>(dir, /^[a-z]+$/);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads nothing from a folder that does not exist yet', async () => {
    expect(await folder.names()).toEqual([]);
    expect(await folder.read('one')).toBeUndefined();
  });

  it('keeps what it writes, and leaves no temporary file behind', async () => {
    await folder.write('one', { n: 1 });
    await folder.write('one', { n: 2 });

    expect(await folder.read('one')).toEqual({ n: 2 });
    expect(readdirSync(dir)).toEqual(['one.json']);
  });

  it('passes over a temporary file a kill left behind, and names outside its pattern', async () => {
    writeFileSync(join(dir, '.two.a1b2c3.tmp'), '{"n":');
    writeFileSync(join(dir, 'Three.json'), '{"n":3}');

    expect(await folder.names()).toEqual(['one']);
  });

  it('removes an entry, and an entry already gone without an error', async () => {
    await folder.remove('one');
    await folder.remove('one');

    expect(await folder.names()).toEqual([]);
  });
});
