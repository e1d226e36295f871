import { join } from 'node:path';
import type {
  DeadLetterStore,
  LambdaInvoker,
  LocalLogger,
  LocalService,
  LocalSettings,
  TemplateResource,
} from '../contracts.ts';
import { CheckpointFile } from './checkpoints.ts';
import { readMapping, type StreamMapping } from './mapping-config.ts';
import { MappingPoller } from './mapping-poller.ts';
import { StreamReader } from './stream-reader.ts';

interface StreamsOptions {
  settings: LocalSettings;
  logger: LocalLogger;
  lambda: LambdaInvoker;
  deadLetters: DeadLetterStore;
  /** The template's `AWS::Lambda::EventSourceMapping` resources. */
  mappings: TemplateResource[];
  /** The template's `AWS::DynamoDB::Table` resources, to find each stream's table. */
  tables: TemplateResource[];
  /** Where DynamoDB and DynamoDB Streams answer (the edge, or DynamoDB Local itself). */
  endpoint: string;
  /** Credentials for that endpoint; default fake ones (DynamoDB Local runs with `-sharedDb`). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** How often each mapping polls its stream; default 200 ms. */
  pollIntervalMs?: number;
  /** Delay before retry n of a failed batch; default 200 ms doubling up to 10 s. */
  retryDelayMs?: (retry: number) => number;
}

const defaultRetryDelayMs = (retry: number) => Math.min(200 * 2 ** (retry - 1), 10_000);

/**
 * Lambda's event source mappings for DynamoDB streams: one poller per mapping, reading the
 * table's stream on DynamoDB Local and invoking the function with Lambda-shaped batches.
 * Mappings that cannot run here throw at once, all together; a table without a stream throws
 * at `start()`.
 */
const createStreams = (options: StreamsOptions): { service: LocalService } => {
  const { settings, logger } = options;
  const problems: string[] = [];
  const mappings = options.mappings
    .map((resource) => readMapping(resource, options.tables, problems))
    .filter((m): m is StreamMapping => m !== undefined);
  if (problems.length > 0) {
    throw new Error(`Event source mappings cannot run locally:\n- ${problems.join('\n- ')}`);
  }
  // Kept across restarts of the service: in-memory checkpoints live as long as the runtime.
  const checkpoints = new Map(
    mappings.map((m) => [
      m.logicalId,
      new CheckpointFile(
        settings.inMemory ? undefined : join(settings.dataDir, 'streams', `${m.logicalId}.json`),
      ),
    ]),
  );
  let reader: StreamReader | undefined;
  let pollers: MappingPoller[] = [];

  const start = async () => {
    const missing = mappings.filter((m) => !options.lambda.has(m.functionName));
    if (missing.length > 0) {
      throw new Error(
        `Event source mappings name unknown functions:\n- ${missing
          .map((m) => `AWS::Lambda::EventSourceMapping ${m.logicalId}: ${m.functionName}`)
          .join('\n- ')}`,
      );
    }
    const streamReader = new StreamReader({
      endpoint: options.endpoint,
      region: settings.region,
      credentials: options.credentials ?? { accessKeyId: 'baton', secretAccessKey: 'baton' },
    });
    reader = streamReader;
    for (const mapping of mappings) {
      if (!mapping.enabled) {
        logger.info('stream mapping disabled', { mapping: mapping.logicalId });
        continue;
      }
      const poller = new MappingPoller({
        mapping,
        reader: streamReader,
        checkpoints: checkpoints.get(mapping.logicalId) ?? new CheckpointFile(undefined),
        lambda: options.lambda,
        deadLetters: options.deadLetters,
        logger,
        region: settings.region,
        pollIntervalMs: options.pollIntervalMs ?? 200,
        retryDelayMs: options.retryDelayMs ?? defaultRetryDelayMs,
      });
      pollers.push(poller);
      await poller.start();
    }
  };

  const stop = async () => {
    await Promise.all(pollers.map((poller) => poller.stop()));
    pollers = [];
    reader?.close();
    reader = undefined;
  };

  return {
    service: {
      name: 'streams',
      start: async () => {
        try {
          await start();
        } catch (error) {
          await stop();
          throw error;
        }
      },
      stop,
    },
  };
};

export type { StreamsOptions };
export { createStreams };
