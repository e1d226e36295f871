import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  DeadLetterStore,
  EdgeRoute,
  LambdaInvoker,
  LocalLogger,
  LocalService,
  LocalSettings,
  TemplateResource,
} from '../contracts.ts';
import { type PutEventsEntry, type PutEventsResult, putEvents } from './api/put-events.ts';
import { createRoute } from './api/route.ts';
import { createFileArchiveStore, createMemoryArchiveStore } from './archive-store.ts';
import { systemClock } from './clock.ts';
import { createDeliverer, type RetryBackoff } from './delivery.ts';
import { deployResources, EVENTBRIDGE_RESOURCE_TYPES } from './deploy.ts';
import { AwsError, EventBridgeDeployError } from './errors.ts';
import type { BusEvent, EventBridgeClock } from './model.ts';
import {
  compilePattern,
  InvalidEventPatternError,
  matchesPattern,
  validatePattern,
} from './pattern/index.ts';
import { createFilePendingStore, createMemoryPendingStore } from './pending-store.ts';
import { createPublisher } from './publish.ts';
import { createRegistry } from './registry.ts';
import { createReplays } from './replay.ts';

interface EventBridgeOptions {
  settings: LocalSettings;
  logger: LocalLogger;
  /** Runs rule targets (Lambda function ARNs). */
  lambda: LambdaInvoker;
  /** Where events go after a target's retries, if the target has a dead-letter queue. */
  deadLetters: DeadLetterStore;
  /** Defaults to the wall clock; tests inject one whose `sleep` only moves time on. */
  clock?: EventBridgeClock;
  /** Retry waits; defaults to 100 ms doubling to 5 s (see {@link RetryBackoff}). */
  backoff?: RetryBackoff;
}

interface LocalEventBridge {
  service: LocalService;
  /** The EventBridge API for the edge port (`x-amz-target: AWSEvents.*`). */
  route: EdgeRoute;
  /**
   * Creates the buses, rules and archives of the template's `AWS::Events::EventBus`,
   * `AWS::Events::Rule` and `AWS::Events::Archive` resources (other types are ignored, and so are
   * scheduled rules without an event pattern: the scheduler runs those). Throws
   * an {@link EventBridgeDeployError} naming the resource for anything it cannot run.
   */
  deploy(resources: readonly TemplateResource[]): void;
  /** `PutEvents` for other local parts, with the API's checks and answer. */
  putEvents(entries: PutEventsEntry[]): Promise<PutEventsResult>;
  /** Resolves once every delivery started so far has been delivered or given up. */
  idle(): Promise<void>;
}

/**
 * The local EventBridge: buses, rules and archives from the template; `PutEvents`,
 * `TestEventPattern`, rule and bus queries, archives and replays on the edge port; deliveries to
 * Lambda targets with the target's retry policy, then its dead-letter queue.
 *
 * @example
 * const events = createEventBridge({ settings, logger, lambda, deadLetters });
 * events.deploy(resources);
 * await events.service.start();
 */
const createEventBridge = (options: EventBridgeOptions): LocalEventBridge => {
  const { settings, logger, lambda, deadLetters } = options;
  const clock = options.clock ?? systemClock;
  const registry = createRegistry(settings, new Date(clock.now()));
  const archives = settings.inMemory
    ? createMemoryArchiveStore()
    : createFileArchiveStore(settings.dataDir);
  const pending = settings.inMemory
    ? createMemoryPendingStore()
    : createFilePendingStore(settings.dataDir);
  const deliverer = createDeliverer({
    lambda,
    deadLetters,
    pending,
    logger,
    clock,
    ...(options.backoff && { backoff: options.backoff }),
  });
  const publisher = createPublisher({ registry, archives, deliverer, logger });
  const replays = createReplays({ registry, archives, publisher, clock, logger });
  const route = createRoute({ registry, archives, publisher, replays, clock, logger });

  /**
   * Delivers what an earlier run had accepted and not handed over, as it was killed. A rule or
   * target no longer in the template cannot take it: the event goes to the dead-letter store.
   */
  const resumePending = async (): Promise<number> => {
    const kept = await pending.list();
    for (const { key, delivery } of kept) {
      const rule = registry.rules.get(delivery.busName)?.get(delivery.ruleName);
      const target = rule?.targets.find((t) => t.id === delivery.targetId);
      if (rule && target) {
        deliverer.resume(
          { rule, target, event: delivery.event, ingestedAt: delivery.ingestedAt },
          key,
        );
        continue;
      }
      await deadLetters.put({
        source: `eventbridge:${delivery.ruleName}`,
        target: delivery.targetArn,
        reason: `ResourceNotFoundException: rule ${delivery.ruleName} or its target ${delivery.targetId} is no longer on bus ${delivery.busName}`,
        errorType: 'ResourceNotFoundException',
        attempts: 0,
        payload: delivery.event,
      });
      await pending.remove(key);
    }
    return kept.length;
  };

  const service: LocalService = {
    name: 'eventbridge',
    async start() {
      // A data folder that cannot be written fails here, not at the first archived event.
      if (!settings.inMemory)
        await mkdir(join(settings.dataDir, 'eventbridge'), { recursive: true });
      const rules = [...registry.rules.values()].reduce((sum, rules) => sum + rules.size, 0);
      deliverer.start();
      const resumed = await resumePending();
      logger.info('eventbridge ready', {
        buses: registry.buses.size,
        rules,
        archives: registry.archives.size,
        ...(resumed > 0 && { resumedDeliveries: resumed }),
      });
    },
    async stop() {
      await deliverer.stop();
    },
  };

  return {
    service,
    route,
    deploy: (resources) =>
      deployResources(registry, resources, { lambda, logger, now: new Date(clock.now()) }),
    putEvents: (entries) => putEvents({ registry, publisher, clock }, { Entries: entries }),
    idle: () => deliverer.idle(),
  };
};

export {
  AwsError,
  type BusEvent,
  compilePattern,
  createEventBridge,
  EVENTBRIDGE_RESOURCE_TYPES,
  type EventBridgeClock,
  EventBridgeDeployError,
  type EventBridgeOptions,
  InvalidEventPatternError,
  type LocalEventBridge,
  matchesPattern,
  type PutEventsEntry,
  type PutEventsResult,
  type RetryBackoff,
  validatePattern,
};
