import type {
  DeadLetterStore,
  LocalLogger,
  LocalService,
  LocalSettings,
  TemplateResource,
} from '../contracts.ts';
import { createDeadLetterStore, deadLetterDir } from './file-store.ts';

interface LocalDeadLetters {
  service: LocalService;
  /** The store the other parts put what they could not deliver into; each put is logged. */
  store: DeadLetterStore;
}

/**
 * The dead-letter store as a local service, standing in for the template's dead-letter
 * queues: `start` says how many entries wait from earlier runs, and every entry put is logged
 * (without its payload) so an operator sees it happen.
 *
 * @example const deadLetters = createDeadLetters({ settings, logger, queues: resourcesOf(resources, 'dead-letters') })
 */
const createDeadLetters = (options: {
  settings: LocalSettings;
  logger: LocalLogger;
  queues: TemplateResource[];
}): LocalDeadLetters => {
  const { settings, logger } = options;
  const inner = createDeadLetterStore(settings);
  const where = settings.inMemory ? 'memory' : deadLetterDir(settings.dataDir);
  const store: DeadLetterStore = {
    ...inner,
    put: async (entry) => {
      const letter = await inner.put(entry);
      logger.warn('dead letter stored', {
        id: letter.id,
        source: letter.source,
        target: letter.target,
        reason: letter.reason,
        attempts: letter.attempts,
      });
      return letter;
    },
  };
  return {
    service: {
      name: 'dead-letters',
      start: async () => {
        const waiting = (await inner.list()).length;
        logger.info('dead-letter store ready', {
          storage: where,
          queues: options.queues.map((q) => q.attributes.QueueName ?? q.logicalId),
          waiting,
        });
        if (waiting > 0 && !settings.inMemory) {
          logger.warn('dead letters waiting from earlier runs: npm run dlq -- list', { waiting });
        }
      },
      stop: async () => {},
    },
    store,
  };
};

export type { ReplayOptions } from './replay.ts';
export { ReplayError, replayDeadLetter } from './replay.ts';
export type { LocalDeadLetters };
export { createDeadLetterStore, createDeadLetters, deadLetterDir };
