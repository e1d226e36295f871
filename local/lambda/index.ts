import { existsSync } from 'node:fs';
import {
  type DeadLetterStore,
  type EdgeRoute,
  LambdaInvocationError,
  type LambdaInvoker,
  type LocalLogger,
  type LocalService,
  type LocalSettings,
  type TemplateResource,
} from '../contracts.ts';
import { AsyncInvoker } from './async-invoke.ts';
import { createAsyncEventQueue } from './async-queue.ts';
import { functionNotFound, LambdaServiceError } from './errors.ts';
import { functionEnvironment, type LocalFunction, readFunction } from './function-config.ts';
import { arnFor, findFunction } from './function-lookup.ts';
import { functionLine } from './function-output.ts';
import { FunctionRunner, type InvocationResult } from './function-runner.ts';
import { readInvokeConfigs } from './invoke-config.ts';
import { createInvokeRoute } from './invoke-route.ts';

/** How many environments a function runs at once when the template reserves no concurrency. */
const DEFAULT_CONCURRENCY = 4;

interface LambdaOptions {
  settings: LocalSettings;
  logger: LocalLogger;
  deadLetters: DeadLetterStore;
  /** The template's `AWS::Lambda::Function` resources. */
  functions: TemplateResource[];
  /** The template's `AWS::Lambda::EventInvokeConfig` resources. */
  invokeConfigs: TemplateResource[];
  /** The folder of a bundled asset, by its hash (`cdk.out/asset.<hash>`). */
  assetDir: (hash: string) => string;
  /**
   * Variables every function gets on top of its own: endpoints (`AWS_ENDPOINT_URL`), fake
   * credentials. Lambda's own per-function variables (`AWS_REGION`, `AWS_LAMBDA_FUNCTION_NAME`,
   * `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, ...) are set here, per function.
   */
  environment: Record<string, string>;
  /** Environments per function without `ReservedConcurrentExecutions`; default 4. */
  defaultConcurrency?: number;
  /** Delay before asynchronous retry n (1, 2); default Lambda's one then two minutes. */
  asyncRetryDelayMs?: (retry: number) => number;
  /** Where the functions' stdout and stderr lines go, with the function's name; default stderr. */
  output?: (line: string, functionName: string) => void;
}

interface LocalLambda {
  service: LocalService;
  route: EdgeRoute;
  invoker: LambdaInvoker;
  /**
   * The asynchronous events queued in the data folder by an earlier run: its start hands them
   * back to their functions, so the runtime starts it last, once every service they call is up;
   * its stop starts no more attempts, so none fails on a service already stopped.
   */
  asyncEvents: LocalService;
  /**
   * Invokes a function asynchronously (`InvocationType: Event`) by ARN, name or logical id and
   * resolves with the request id once the event is queued (in the data folder, so it survives
   * a stop); rejects with a `ResourceNotFoundException` when there is no such function.
   */
  invokeAsync(functionId: string, payload: unknown): Promise<{ requestId: string }>;
  /**
   * Starts one environment of every function ahead of its first invocation, two at a time.
   *
   * Differs from AWS: Lambda starts environments on demand (cold starts) unless provisioned
   * concurrency is configured; locally one per function is started ahead, so the first event on
   * a freshly started runtime does not wait for a chain of cold starts.
   */
  prewarm(): Promise<void>;
}

/**
 * Runs the template's functions from their bundles, each invocation in a worker thread with the
 * function's own environment, timeout and concurrency limit. Configuration problems (a runtime,
 * package type or invoke config that cannot run here) throw at once, all together; a missing
 * bundle folder throws at `start()`.
 */
const createLambda = (options: LambdaOptions): LocalLambda => {
  const { settings, logger } = options;
  const functions: LocalFunction[] = [];
  const problems: string[] = [];
  for (const resource of options.functions) {
    const read = readFunction(resource, settings);
    if ('problem' in read) problems.push(read.problem);
    else functions.push(read);
  }
  const { policies, problems: configProblems } = readInvokeConfigs(
    options.invokeConfigs,
    functions,
  );
  problems.push(...configProblems);
  if (problems.length > 0)
    throw new Error(`Lambda cannot run locally:\n- ${problems.join('\n- ')}`);

  const runners = new Map<string, FunctionRunner>();
  let stopped = false;
  const output =
    options.output ??
    ((line: string, name: string) => process.stderr.write(`${functionLine(line, name)}\n`));
  const runnerFor = (fn: LocalFunction) => {
    if (stopped) {
      throw new LambdaServiceError('ServiceException', 'The local Lambda service is stopped', 500);
    }
    let runner = runners.get(fn.name);
    if (!runner) {
      const codeDir = options.assetDir(fn.assetHash);
      runner = new FunctionRunner({
        fn,
        env: functionEnvironment(fn, settings, options.environment, codeDir),
        codeDir,
        concurrency: fn.reservedConcurrency ?? options.defaultConcurrency ?? DEFAULT_CONCURRENCY,
        logger,
        output,
      });
      runners.set(fn.name, runner);
    }
    return runner;
  };
  const resolve = (functionId: string) => {
    const fn = findFunction(functions, functionId);
    if (!fn) throw functionNotFound(arnFor(functionId, settings));
    return fn;
  };
  const run = async (functionId: string, payload: string): Promise<InvocationResult> =>
    runnerFor(resolve(functionId)).run(payload);
  const asyncQueue = createAsyncEventQueue(settings, logger);
  const asyncInvoker = new AsyncInvoker({
    run: async (fn, payload, requestId) => runnerFor(fn).run(payload, requestId),
    functions,
    policies,
    queue: asyncQueue,
    deadLetters: options.deadLetters,
    logger,
    ...(options.asyncRetryDelayMs ? { retryDelayMs: options.asyncRetryDelayMs } : {}),
  });
  const enqueue = async (functionId: string, payload: string) =>
    asyncInvoker.invoke(resolve(functionId), payload);

  const invoker: LambdaInvoker = {
    has: (functionId) => findFunction(functions, functionId) !== undefined,
    invoke: async (functionId, payload) => {
      const result = await run(functionId, payload === undefined ? '{}' : JSON.stringify(payload));
      if (!result.ok)
        throw new LambdaInvocationError(result.error.errorType, result.error.errorMessage);
      return JSON.parse(result.payload);
    },
  };

  const service: LocalService = {
    name: 'lambda',
    start: async () => {
      const missing = functions
        .map((fn) => ({ fn, dir: options.assetDir(fn.assetHash) }))
        .filter(({ dir }) => !existsSync(dir))
        .map(({ fn, dir }) => `AWS::Lambda::Function ${fn.logicalId}: no bundle at ${dir}`);
      if (missing.length > 0) throw new Error(`Lambda cannot start:\n- ${missing.join('\n- ')}`);
      stopped = false;
      asyncInvoker.start();
      logger.info('lambda ready', { functions: functions.map((fn) => fn.name) });
    },
    stop: async () => {
      stopped = true;
      const settled = asyncInvoker.stop();
      for (const runner of runners.values()) runner.stop();
      runners.clear();
      await settled;
      const events = (await asyncQueue.list()).length;
      if (events === 0) return;
      if (settings.inMemory) logger.warn('async events left in memory at stop', { events });
      else logger.info('async events kept for the next start', { events });
    },
  };

  const asyncEvents: LocalService = {
    name: 'lambda-async',
    start: async () => {
      await asyncInvoker.resume();
    },
    stop: async () => {
      asyncInvoker.pause();
    },
  };

  const route = createInvokeRoute({
    invoke: run,
    invokeAsync: enqueue,
    check: async (functionId) => {
      resolve(functionId);
    },
  });

  return {
    service,
    route,
    invoker,
    asyncEvents,
    invokeAsync: async (functionId, payload) => ({
      requestId: await enqueue(functionId, payload === undefined ? '{}' : JSON.stringify(payload)),
    }),
    prewarm: async () => {
      const queue = [...functions];
      const next = async (): Promise<void> => {
        const fn = queue.shift();
        if (!fn || stopped) return;
        await runnerFor(fn).prewarm();
        return next();
      };
      await Promise.all([next(), next()]);
    },
  };
};

export type { LambdaOptions, LocalLambda };
export { createLambda, LambdaServiceError };
