import type { LocalSettings, TemplateResource } from '../../../../local/contracts.ts';
import { createEventBridge, type RetryBackoff } from '../../../../local/eventbridge/index.ts';
import {
  batonResources,
  captureLogger,
  fakeLambda,
  manualClock,
  memoryDeadLetters,
  settings,
} from './doubles.ts';
import { startEdgeServer } from './edge-server.ts';

interface Options {
  behaviours?: Parameters<typeof fakeLambda>[0];
  resources?: TemplateResource[];
  settings?: Partial<LocalSettings>;
  backoff?: RetryBackoff;
}

/**
 * The local EventBridge deployed with Baton's EventBridge resources (plus any a test adds),
 * behind a real HTTP server and SDK client, with a fake Lambda, an in-memory dead-letter store,
 * a manual clock and a captured log.
 */
const startEventBridge = async (options: Options = {}) => {
  const lambda = fakeLambda(options.behaviours);
  const deadLetters = memoryDeadLetters();
  const time = manualClock();
  const log = captureLogger();
  const events = createEventBridge({
    settings: settings(options.settings),
    logger: log.logger,
    lambda: lambda.invoker,
    deadLetters: deadLetters.store,
    clock: time.clock,
    ...(options.backoff && { backoff: options.backoff }),
  });
  events.deploy([...batonResources(), ...(options.resources ?? [])]);
  await events.service.start();
  const server = await startEdgeServer(events.route);
  return {
    events,
    client: server.client,
    lambda,
    deadLetters: deadLetters.entries,
    time,
    lines: log.lines,
    async stop() {
      await events.service.stop();
      await server.close();
    },
  };
};

/** A rule on Baton's bus, as a resolved template resource. */
const ruleResource = (name: string, properties: Record<string, unknown>): TemplateResource => ({
  logicalId: `Test${name.replace(/[^A-Za-z0-9]/g, '')}`,
  type: 'AWS::Events::Rule',
  properties: { Name: name, EventBusName: 'baton-dev', State: 'ENABLED', ...properties },
  ref: `baton-dev|${name}`,
  attributes: { Arn: `arn:aws:events:eu-west-2:000000000000:rule/baton-dev/${name}` },
});

type EventBridgeUnderTest = Awaited<ReturnType<typeof startEventBridge>>;

export { type EventBridgeUnderTest, ruleResource, startEventBridge };
