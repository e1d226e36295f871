import { randomUUID } from 'node:crypto';
import type { EdgeRequest, EdgeResponse, EdgeRoute, LocalLogger } from '../../contracts.ts';
import type { ArchiveStore } from '../archive-store.ts';
import { AwsError } from '../errors.ts';
import type { EventBridgeClock } from '../model.ts';
import type { Publisher } from '../publish.ts';
import type { Registry } from '../registry.ts';
import type { Replays } from '../replay.ts';
import { describeArchive, describeReplay, listArchives, startReplay } from './archives.ts';
import { putEvents } from './put-events.ts';
import {
  describeEventBus,
  describeRule,
  listEventBuses,
  listRules,
  listTargetsByRule,
} from './rules.ts';
import { testEventPattern } from './test-event-pattern.ts';

const TARGET_PREFIX = 'AWSEvents.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';

interface RouteDeps {
  registry: Registry;
  archives: ArchiveStore;
  publisher: Publisher;
  replays: Replays;
  clock: EventBridgeClock;
  logger: LocalLogger;
}

// biome-ignore lint/suspicious/noExplicitAny: each operation reads its own JSON request shape.
type Operation = (input: any) => unknown;

const operations = (deps: RouteDeps): Record<string, Operation> => ({
  PutEvents: (input) => putEvents(deps, input),
  TestEventPattern: (input) => testEventPattern(input),
  ListRules: (input) => listRules(deps.registry, input),
  DescribeRule: (input) => describeRule(deps.registry, input),
  ListTargetsByRule: (input) => listTargetsByRule(deps.registry, input),
  ListEventBuses: (input) => listEventBuses(deps.registry, input),
  DescribeEventBus: (input) => describeEventBus(deps.registry, input),
  DescribeArchive: (input) => describeArchive(deps.registry, deps.archives, input),
  ListArchives: (input) => listArchives(deps.registry, deps.archives, input),
  StartReplay: (input) => startReplay(deps.replays, input),
  DescribeReplay: (input) => describeReplay(deps.replays, input),
});

const respond = (
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
): EdgeResponse => ({
  status,
  headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID(), ...extra },
  body: JSON.stringify(body),
});

const failure = (error: AwsError): EdgeResponse =>
  respond(
    error.status,
    { __type: error.type, message: error.message },
    { 'x-amzn-errortype': error.type },
  );

/**
 * The EventBridge API on the edge port: AWS JSON 1.1, operations chosen by
 * `x-amz-target: AWSEvents.<Operation>`, errors in AWS's wire shape.
 *
 * Differs from AWS: requests are not authenticated (any credentials work), and operations that
 * change buses, rules or archives (`PutRule`, `PutTargets`, `CreateArchive`, ...) are not served:
 * they come from the template. They answer `UnknownOperationException`, naming the operation.
 */
const createRoute = (deps: RouteDeps): EdgeRoute => {
  const table = operations(deps);
  return {
    name: 'eventbridge',
    matches: (req: EdgeRequest) => (req.headers['x-amz-target'] ?? '').startsWith(TARGET_PREFIX),
    async handle(req: EdgeRequest): Promise<EdgeResponse> {
      const operation = (req.headers['x-amz-target'] ?? '').slice(TARGET_PREFIX.length);
      const run = table[operation];
      try {
        if (!run) {
          throw new AwsError(
            'UnknownOperationException',
            `Operation ${operation} is not supported by the local EventBridge.`,
          );
        }
        let input: unknown;
        try {
          input = req.body.length === 0 ? {} : JSON.parse(req.body.toString('utf8'));
        } catch {
          throw new AwsError(
            'SerializationException',
            'Start of structure or map found where not expected.',
          );
        }
        return respond(200, await run(input ?? {}));
      } catch (error) {
        if (error instanceof AwsError) return failure(error);
        deps.logger.error('request failed', {
          operation,
          errorType: (error as Error).name,
          message: (error as Error).message,
        });
        return failure(new AwsError('InternalException', 'An internal error occurred.', 500));
      }
    },
  };
};

export { createRoute };
