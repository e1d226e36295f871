import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { jsonFolder } from '../json-folder.ts';
import type { BusEvent } from './model.ts';

/** One event on its way to one rule target: accepted by `PutEvents`, not yet handed over. */
interface PendingDelivery {
  busName: string;
  ruleName: string;
  targetId: string;
  targetArn: string;
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

/** Keys are file names: 32 hex digits of a hash of the bus, rule, target and event. */
const KEY = /^[0-9a-f]{32}$/;

/** A replay sends an event again with its own id kept: its name keeps the two deliveries apart. */
const keyOf = ({ busName, ruleName, targetId, event }: PendingDelivery) =>
  createHash('sha256')
    .update(`${busName}\n${ruleName}\n${targetId}\n${event.id}\n${event['replay-name'] ?? ''}`)
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

const createFilePendingStore = (dataDir: string): PendingStore => {
  const folder = jsonFolder<PendingDelivery>(join(dataDir, 'eventbridge', 'pending'), KEY);
  return {
    async put(delivery) {
      const key = keyOf(delivery);
      await folder.write(key, delivery);
      return key;
    },
    remove: (key) => folder.remove(key),
    async list() {
      const read = async (key: string) => {
        const delivery = await folder.read(key);
        return delivery ? [{ key, delivery }] : [];
      };
      return (await Promise.all((await folder.names()).map(read))).flat().sort(byAge);
    },
  };
};

export {
  createFilePendingStore,
  createMemoryPendingStore,
  type PendingDelivery,
  type PendingStore,
};
