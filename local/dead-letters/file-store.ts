import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { DeadLetter, DeadLetterStore, LocalSettings } from '../contracts.ts';
import { jsonFolder } from '../json-folder.ts';

type Storage = Pick<LocalSettings, 'dataDir' | 'inMemory'>;

/** Ids are file names: a time stamp, so they sort by age, and a random tail. */
const ID = /^[0-9]{8}-[0-9]{9}-[0-9a-f]{6}$/;

/** `<dataDir>/dead-letters`: one JSON file per entry. */
const deadLetterDir = (dataDir: string) => join(dataDir, 'dead-letters');

let lastStampMs = 0;

/**
 * An id for an entry put at `at`. Entries put within one millisecond get stamps a millisecond
 * apart, in the order they were put, so the list keeps them in order; the random tail keeps ids
 * from several processes apart.
 */
const newId = (at: Date) => {
  lastStampMs = Math.max(at.getTime(), lastStampMs + 1);
  const stamp = new Date(lastStampMs).toISOString().replace(/[-:TZ.]/g, '');
  return `${stamp.slice(0, 8)}-${stamp.slice(8)}-${randomBytes(3).toString('hex')}`;
};

const byAge = (a: DeadLetter, b: DeadLetter) =>
  a.at.localeCompare(b.at) || a.id.localeCompare(b.id);

/** Kept on disk: survives restarts, and `npm run dlq` reads it while the runtime runs. */
const fileStore = (dir: string, now: () => Date): DeadLetterStore => {
  const folder = jsonFolder<DeadLetter>(dir, ID);
  return {
    put: async (entry) => {
      const at = now();
      const letter: DeadLetter = { id: newId(at), at: at.toISOString(), ...entry };
      await folder.write(letter.id, letter);
      return letter;
    },
    list: async () => {
      const letters = await Promise.all((await folder.names()).map(folder.read));
      return letters.filter((l): l is DeadLetter => l !== undefined).sort(byAge);
    },
    get: (id) => folder.read(id),
    remove: (id) => folder.remove(id),
  };
};

/** Kept in memory for `--in-memory` runs: gone when the runtime stops. */
const memoryStore = (now: () => Date): DeadLetterStore => {
  const letters = new Map<string, DeadLetter>();
  return {
    put: async (entry) => {
      const at = now();
      const letter: DeadLetter = { id: newId(at), at: at.toISOString(), ...entry };
      letters.set(letter.id, structuredClone(letter));
      return letter;
    },
    list: async () => [...letters.values()].map((l) => structuredClone(l)).sort(byAge),
    get: async (id) => {
      const letter = letters.get(id);
      return letter && structuredClone(letter);
    },
    remove: async (id) => {
      letters.delete(id);
    },
  };
};

/**
 * The dead-letter store: one JSON file per entry under `<dataDir>/dead-letters/`, or memory
 * for `--in-memory` runs; `list` gives the oldest first and the newest last.
 *
 * Differs from AWS: dead letters land here instead of in the SQS dead-letter queues the
 * template declares; there is no SQS API to read them, `npm run dlq` is the way in.
 *
 * @example const store = createDeadLetterStore(settings); await store.put({ source, reason, attempts, payload })
 */
const createDeadLetterStore = (
  storage: Storage,
  options: { now?: () => Date } = {},
): DeadLetterStore => {
  const now = options.now ?? (() => new Date());
  return storage.inMemory ? memoryStore(now) : fileStore(deadLetterDir(storage.dataDir), now);
};

export { createDeadLetterStore, deadLetterDir };
