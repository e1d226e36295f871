import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EdgeRoute, LambdaInvoker, LocalSettings } from '../../../local/contracts.ts';
import { LambdaInvocationError } from '../../../local/contracts.ts';
import { createLogger } from '../../../local/logger.ts';
import {
  type Clock,
  createStepFunctions,
  type StepFunctions,
} from '../../../local/stepfunctions/index.ts';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/sfn`;

const settingsFor = (dataDir?: string): LocalSettings => ({
  dataDir: dataDir ?? '/nonexistent',
  inMemory: dataDir === undefined,
  region: REGION,
  accountId: ACCOUNT,
  edgePort: 0,
});

const quietLogger = () => createLogger('test', { write: () => {} });

type Handler = (payload: unknown, call: number) => unknown;

interface FakeInvoker extends LambdaInvoker {
  calls: { functionId: string; payload: unknown }[];
  callsTo(name: string): unknown[];
}

/**
 * Stands in for Lambda: each function is a handler keyed by its name; a function is found by its
 * name, its ARN or an ARN ending in `:function:<name>`. A handler that throws an Error with a
 * `name` rejects as a LambdaInvocationError of that name, as the real invoker does.
 */
const fakeInvoker = (handlers: Record<string, Handler>): FakeInvoker => {
  const calls: { functionId: string; payload: unknown }[] = [];
  const resolve = (functionId: string) => {
    const name = functionId.includes(':function:')
      ? (functionId.split(':function:')[1] ?? '').split(':')[0]
      : functionId;
    return name ? handlers[name] : undefined;
  };
  return {
    calls,
    callsTo: (name) =>
      calls
        .filter((c) => c.functionId === name || c.functionId.endsWith(`:function:${name}`))
        .map((c) => c.payload),
    has: (functionId) => resolve(functionId) !== undefined,
    async invoke(functionId, payload) {
      calls.push({ functionId, payload });
      const handler = resolve(functionId);
      if (!handler) throw new Error(`no function ${functionId}`);
      try {
        return await handler(payload, calls.filter((c) => c.functionId === functionId).length);
      } catch (error) {
        if (error instanceof LambdaInvocationError || (error as { service?: boolean }).service) {
          throw error;
        }
        const e = error as Error;
        throw new LambdaInvocationError(e.name, e.message);
      }
    },
  };
};

const functionError = (name: string, message = name) => Object.assign(new Error(message), { name });

/** A failure of Lambda itself rather than of the function (throttling, service errors). */
const serviceError = (name: string, message = name) =>
  Object.assign(new Error(message), { name, service: true });

const fnArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;

/** Calls an action on the route as the edge would hand it a request. */
const call = async <T = Record<string, unknown>>(
  route: EdgeRoute,
  action: string,
  body: unknown,
): Promise<T> => {
  const response = await route.handle({
    method: 'POST',
    path: '/',
    rawPath: '/',
    query: new URLSearchParams(),
    headers: {
      'x-amz-target': `AWSStepFunctions.${action}`,
      'content-type': 'application/x-amz-json-1.0',
    },
    body: Buffer.from(JSON.stringify(body)),
  });
  const parsed = JSON.parse(String(response.body ?? '{}')) as T & {
    __type?: string;
    message?: string;
  };
  if (response.status !== 200) {
    throw Object.assign(new Error(parsed.message), {
      name: parsed.__type,
      status: response.status,
    });
  }
  return parsed;
};

interface Harness {
  sfn: StepFunctions;
  lambda: FakeInvoker;
  machineArn: string;
  start(input?: unknown, name?: string): Promise<string>;
  describe(arn: string): Promise<Record<string, unknown>>;
  history(
    arn: string,
  ): Promise<{ type: string; id: number; previousEventId: number; [k: string]: unknown }[]>;
  /** Polls until the execution is no longer running (real time, bounded). */
  finished(arn: string): Promise<Record<string, unknown>>;
  /** Polls until `check` holds (real time, bounded). */
  until(check: () => boolean | Promise<boolean>): Promise<void>;
  stop(): Promise<void>;
}

const until = async (check: () => boolean | Promise<boolean>, timeoutMs = 3000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
};

/** A Step Functions service with one state machine, ready to start executions. */
const harness = async (
  definition: unknown,
  options: {
    handlers?: Record<string, Handler>;
    clock?: Clock;
    dataDir?: string;
    random?: () => number;
    name?: string;
  } = {},
): Promise<Harness> => {
  const lambda = fakeInvoker(options.handlers ?? {});
  const sfn = createStepFunctions({
    settings: settingsFor(options.dataDir),
    logger: quietLogger(),
    lambda,
    clock: options.clock,
    random: options.random,
  });
  await sfn.service.start();
  const { stateMachineArn } = await call<{ stateMachineArn: string }>(
    sfn.route,
    'CreateStateMachine',
    {
      name: options.name ?? 'machine',
      definition: typeof definition === 'string' ? definition : JSON.stringify(definition),
      roleArn: ROLE,
    },
  );
  const describe = (arn: string) =>
    call<Record<string, unknown>>(sfn.route, 'DescribeExecution', { executionArn: arn });
  return {
    sfn,
    lambda,
    machineArn: stateMachineArn,
    async start(input = {}, name) {
      const { executionArn } = await call<{ executionArn: string }>(sfn.route, 'StartExecution', {
        stateMachineArn,
        input: JSON.stringify(input),
        ...(name ? { name } : {}),
      });
      return executionArn;
    },
    describe,
    async history(arn) {
      const { events } = await call<{
        events: { type: string; id: number; previousEventId: number }[];
      }>(sfn.route, 'GetExecutionHistory', { executionArn: arn, maxResults: 1000 });
      return events;
    },
    async finished(arn) {
      let last: Record<string, unknown> = {};
      await until(async () => {
        last = await describe(arn);
        return last.status !== 'RUNNING';
      });
      return last;
    },
    until,
    stop: () => sfn.service.stop(),
  };
};

/** Runs a definition to its end on the system clock; returns its output (parsed) or its error. */
const runToEnd = async (
  definition: unknown,
  input: unknown,
  handlers: Record<string, Handler> = {},
): Promise<{ status: string; output?: unknown; error?: string; cause?: string }> => {
  const h = await harness(definition, { handlers });
  try {
    const done = await h.finished(await h.start(input));
    return {
      status: done.status as string,
      output: done.output === undefined ? undefined : JSON.parse(done.output as string),
      error: done.error as string | undefined,
      cause: done.cause as string | undefined,
    };
  } finally {
    await h.stop();
  }
};

const temporaryDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-sfn-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
};

export type { FakeInvoker, Harness };
export {
  ACCOUNT,
  call,
  fakeInvoker,
  fnArn,
  functionError,
  harness,
  quietLogger,
  REGION,
  ROLE,
  runToEnd,
  serviceError,
  settingsFor,
  temporaryDir,
  until,
};
