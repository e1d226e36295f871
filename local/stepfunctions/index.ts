import type {
  EdgeRoute,
  LambdaInvoker,
  LocalLogger,
  LocalService,
  LocalSettings,
  TemplateResource,
} from '../contracts.ts';
import type { SfnContext } from './api/common.ts';
import { createSfnRoute } from './api/route.ts';
import { type Clock, createManualClock, type ManualClock, systemClock } from './clock.ts';
import { type DeployedStateMachine, deployStateMachines } from './deploy.ts';
import { Engine } from './engine.ts';
import { SfnStore } from './store.ts';
import { TokenWaiters } from './tokens.ts';

interface StepFunctionsOptions {
  settings: LocalSettings;
  logger: LocalLogger;
  lambda: LambdaInvoker;
  /** Time for every timer (Wait, timeouts, heartbeats, retries); the system clock by default. */
  clock?: Clock;
  /** Retry jitter; `Math.random` by default. */
  random?: () => number;
}

interface StepFunctions {
  service: LocalService;
  route: EdgeRoute;
  /** Creates or updates the template's state machines; throws naming the resource at fault. */
  deploy(
    resources: TemplateResource[],
    readAsset: (s3Key: string) => string,
  ): Promise<DeployedStateMachine[]>;
}

/**
 * Step Functions for the local runtime: Baton's own durable ASL engine behind the AWS API. State
 * lives in `<dataDir>/stepfunctions.db` (or in memory); `start` resumes every running execution,
 * `stop` interrupts them without recording anything, so the next `start` carries on.
 */
const createStepFunctions = (options: StepFunctionsOptions): StepFunctions => {
  const { settings, lambda } = options;
  const logger = options.logger.child('stepfunctions');
  const clock = options.clock ?? systemClock;
  let open: { store: SfnStore; engine: Engine } | undefined;
  const ensureOpen = () => {
    if (!open) {
      const store = new SfnStore(settings);
      const engine = new Engine({
        store,
        clock,
        lambda,
        logger,
        tokens: new TokenWaiters(),
        region: settings.region,
        random: options.random ?? Math.random,
      });
      open = { store, engine };
    }
    return open;
  };
  const ctx: SfnContext = {
    settings,
    clock,
    logger,
    store: () => ensureOpen().store,
    engine: () => ensureOpen().engine,
  };
  const service: LocalService = {
    name: 'stepfunctions',
    async start() {
      const { store, engine } = ensureOpen();
      const running = store.listRunning().length;
      engine.resumeAll();
      logger.info('step functions started', {
        database: settings.inMemory ? ':memory:' : `${settings.dataDir}/stepfunctions.db`,
        resumedExecutions: running,
      });
    },
    async stop() {
      if (!open) return;
      const { store, engine } = open;
      open = undefined;
      await engine.shutdown();
      store.close();
      logger.info('step functions stopped');
    },
  };
  return {
    service,
    route: createSfnRoute(ctx),
    deploy: async (resources, readAsset) => {
      const deployed = deployStateMachines(ctx, resources, readAsset);
      for (const machine of deployed) logger.info('state machine deployed', { ...machine });
      return deployed;
    },
  };
};

export type { Clock, DeployedStateMachine, ManualClock, StepFunctions, StepFunctionsOptions };
export { createManualClock, createStepFunctions };
