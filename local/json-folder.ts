import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * A folder of JSON files, one per entry, for the local stores that must survive a kill (dead
 * letters, Lambda's queued events, EventBridge's deliveries in hand). Each file is written
 * whole under a temporary name, then renamed, so a kill mid-write never leaves half an entry
 * behind a name; only names matching `names` count, so those temporary files are passed over.
 *
 * @example const folder = jsonFolder<DeadLetter>(dir, /^[0-9a-f]{32}$/); await folder.write(id, letter);
 */
const jsonFolder = <T>(dir: string, names: RegExp) => {
  const fileOf = (name: string) => join(dir, `${name}.json`);
  const read = async (name: string): Promise<T | undefined> => {
    if (!names.test(name)) return undefined;
    try {
      return JSON.parse(await readFile(fileOf(name), 'utf8')) as T;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  };
  return {
    /** The entry of that name, or undefined when there is none. */
    read,
    async write(name: string, value: T): Promise<void> {
      await mkdir(dir, { recursive: true });
      const temporary = join(dir, `.${name}.${randomBytes(3).toString('hex')}.tmp`);
      await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`);
      await rename(temporary, fileOf(name));
    },
    /** Removes the entry; one already gone is no error. */
    async remove(name: string): Promise<void> {
      if (!names.test(name)) return;
      await unlink(fileOf(name)).catch((error) => {
        if (!isMissing(error)) throw error;
      });
    },
    /** The names of every entry, none when the folder does not exist yet. */
    async names(): Promise<string[]> {
      let files: string[];
      try {
        files = await readdir(dir);
      } catch (error) {
        if (isMissing(error)) return [];
        throw error;
      }
      return files
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -'.json'.length))
        .filter((name) => names.test(name));
    },
  };
};

type JsonFolder<T> = ReturnType<typeof jsonFolder<T>>;

export { type JsonFolder, jsonFolder };
