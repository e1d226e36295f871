import { join } from 'node:path';
import type { LocalLogger, LocalSettings } from '../contracts.ts';
import { jsonFolder } from '../json-folder.ts';
import type { FunctionErrorPayload } from './errors.ts';

/** An asynchronous event Lambda has accepted and not yet finished with. */
interface QueuedEvent {
  requestId: string;
  functionName: string;
  functionArn: string;
  /** The payload exactly as it was sent, JSON text. */
  payload: string;
  /** When Lambda accepted it (ms since the epoch): its age counts from here, across restarts. */
  acceptedAt: number;
  /** Attempts made so far; 0 until the first one has failed. */
  attempts: number;
  lastAttemptAt?: number;
  lastError?: FunctionErrorPayload;
}

/** Where the events wait: written before Lambda answers the caller, removed once dealt with. */
interface AsyncEventQueue {
  put(event: QueuedEvent): Promise<void>;
  remove(requestId: string): Promise<void>;
  /** Every event still waiting, the oldest first. */
  list(): Promise<QueuedEvent[]>;
}

/** File names are request ids. */
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `<dataDir>/lambda-async`: one JSON file per event. */
const asyncQueueDir = (dataDir: string) => join(dataDir, 'lambda-async');

const byAge = (a: QueuedEvent, b: QueuedEvent) =>
  a.acceptedAt - b.acceptedAt || a.requestId.localeCompare(b.requestId);

const fileQueue = (dir: string, logger: LocalLogger): AsyncEventQueue => {
  const folder = jsonFolder<QueuedEvent>(dir, REQUEST_ID);
  const read = async (requestId: string): Promise<QueuedEvent | undefined> => {
    try {
      return await folder.read(requestId);
    } catch (error) {
      // Renames make a torn file impossible after a kill; anything else is left for a person.
      logger.error('async event unreadable, left in place', {
        requestId,
        error: (error as Error).message,
      });
      return undefined;
    }
  };
  return {
    put: (event) => folder.write(event.requestId, event),
    remove: (requestId) => folder.remove(requestId),
    list: async () => {
      const events = await Promise.all((await folder.names()).map(read));
      return events.filter((e): e is QueuedEvent => e !== undefined).sort(byAge);
    },
  };
};

const memoryQueue = (): AsyncEventQueue => {
  const events = new Map<string, QueuedEvent>();
  return {
    put: async (event) => {
      events.set(event.requestId, structuredClone(event));
    },
    remove: async (requestId) => {
      events.delete(requestId);
    },
    list: async () => [...events.values()].map((e) => structuredClone(e)).sort(byAge),
  };
};

/**
 * Lambda's queue of asynchronous events: one JSON file per event under
 * `<dataDir>/lambda-async/`, so events survive a stop or a kill and resume at the next start;
 * in memory for `--in-memory` runs.
 *
 * @example const queue = createAsyncEventQueue(settings, logger); await queue.put(event);
 */
const createAsyncEventQueue = (
  storage: Pick<LocalSettings, 'dataDir' | 'inMemory'>,
  logger: LocalLogger,
): AsyncEventQueue =>
  storage.inMemory ? memoryQueue() : fileQueue(asyncQueueDir(storage.dataDir), logger);

export type { AsyncEventQueue, QueuedEvent };
export { createAsyncEventQueue };
