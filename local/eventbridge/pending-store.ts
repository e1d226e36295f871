import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BusEvent } from './model.ts';

/** One event on its way to one rule target: accepted by `PutEvents`, not yet handed over. */
interface PendingDelivery {
  busName: string;
  ruleName: string;
  targetId: string;
  event: BusEvent;
  ingestedAt: number;
}

/**
 * The deliveries in hand, kept from before `PutEvents` answers until the target has the event
 * (or the delivery gave up), so a runtime killed in between delivers them at its next start, as
 * EventBridge never loses an event it accepted. Files in `<dataDir>/eventbridge/pending/`, or
 * memory for `--in-memory` runs.
 */
interface PendingStore {
  put(delivery: PendingDelivery): Promise<string>;
  remove(key: string): Promise<void>;
  /** Every delivery still in hand, the oldest first, with its key. */
  list(): Promise<{ key: string; delivery: PendingDelivery }[]>;
}

const keyOf = ({ busName, ruleName, targetId, event }: PendingDelivery) =>
  createHash('sha256')
    .update(`${busName}\n${ruleName}\n${targetId}\n${event.id}`)
    .digest('hex')
    .slice(0, 32);

const byAge = (a: { delivery: PendingDelivery }, b: { delivery: PendingDelivery }) =>
  a.delivery.ingestedAt - b.delivery.ingestedAt;

const createMemoryPendingStore = (): PendingStore => {
  const pending = new Map<string, PendingDelivery>();
  return {
    async put(delivery) {
      const key = keyOf(delivery);
      pending.set(key, delivery);
      return key;
    },
    async remove(key) {
      pending.delete(key);
    },
    async list() {
      return [...pending].map(([key, delivery]) => ({ key, delivery })).sort(byAge);
    },
  };
};

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

const createFilePendingStore = (dataDir: string): PendingStore => {
  const folder = join(dataDir, 'eventbridge', 'pending');
  const fileOf = (key: string) => join(folder, `${key}.json`);
  return {
    async put(delivery) {
      const key = keyOf(delivery);
      await mkdir(folder, { recursive: true });
      // Written whole, then renamed: a kill mid-write leaves no half file behind a name.
      const temporary = join(folder, `.${key}.${randomBytes(3).toString('hex')}.tmp`);
      await writeFile(temporary, JSON.stringify(delivery));
      await rename(temporary, fileOf(key));
      return key;
    },
    async remove(key) {
      await unlink(fileOf(key)).catch((error) => {
        if (!isMissing(error)) throw error;
      });
    },
    async list() {
      let files: string[];
      try {
        files = await readdir(folder);
      } catch (error) {
        if (isMissing(error)) return [];
        throw error;
      }
      const keys = files.filter((f) => /^[0-9a-f]{32}\.json$/.test(f)).map((f) => f.slice(0, 32));
      const read = async (key: string) => ({
        key,
        delivery: JSON.parse(await readFile(fileOf(key), 'utf8')) as PendingDelivery,
      });
      return (await Promise.all(keys.map(read))).sort(byAge);
    },
  };
};

export {
  createFilePendingStore,
  createMemoryPendingStore,
  type PendingDelivery,
  type PendingStore,
};
