import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LambdaInvocationError } from '../../../local/contracts.ts';
import { createLambda, type LocalLambda } from '../../../local/lambda/index.ts';
import { memoryDeadLetters } from '../../fixtures/local/lambda/dead-letters.ts';
import { capturedLogger } from '../../fixtures/local/lambda/logs.ts';
import {
  fixtureAssetDir,
  fixtureFunction,
  testSettings,
} from '../../fixtures/local/lambda/template.ts';

const ECHO_ARN = 'arn:aws:lambda:eu-west-2:123456789012:function:baton-test-echo';

const failureOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LambdaInvocationError);
  return error as LambdaInvocationError;
};

describe('local Lambda runner', () => {
  const { logger, lines } = capturedLogger('lambda');
  const output: string[] = [];
  let lambda: LocalLambda;

  beforeAll(async () => {
    lambda = createLambda({
      settings: testSettings(),
      logger,
      deadLetters: memoryDeadLetters(),
      functions: [
        fixtureFunction('echo', 'baton-test-echo', {
          Timeout: 5,
          Environment: { Variables: { TABLE_NAME: 'cases', STAGE: 'test' } },
        }),
        fixtureFunction('echo', 'baton-test-other-echo', {
          Environment: { Variables: { TABLE_NAME: 'other-cases' } },
        }),
        fixtureFunction('named-error', 'baton-test-named-error'),
        fixtureFunction('sleeper', 'baton-test-sleeper', { Timeout: 1 }),
        fixtureFunction('cold-start', 'baton-test-cold-start', { ReservedConcurrentExecutions: 2 }),
        fixtureFunction('memory-hog', 'baton-test-memory-hog', { MemorySize: 128, Timeout: 10 }),
      ],
      invokeConfigs: [],
      assetDir: fixtureAssetDir,
      environment: {
        AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
      },
      output: (line, name) => output.push(`[${name}] ${line}`),
    });
    await lambda.service.start();
  });

  afterAll(async () => {
    await lambda.service.stop();
  });

  it('runs a function with its own variables, the endpoint settings and Lambda’s own', async () => {
    // Act
    const result = (await lambda.invoker.invoke('baton-test-echo', { say: 'hello' })) as {
      event: unknown;
      env: Record<string, string>;
    };

    // Assess
    expect(result.event).toEqual({ say: 'hello' });
    expect(result.env).toMatchObject({
      TABLE_NAME: 'cases',
      STAGE: 'test',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_REGION: 'eu-west-2',
      AWS_LAMBDA_FUNCTION_NAME: 'baton-test-echo',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      _HANDLER: 'index.handler',
    });
  });

  it('tells a prewarmed environment it was started as provisioned concurrency starts one', async () => {
    // Act
    await lambda.prewarm();
    const result = (await lambda.invoker.invoke('baton-test-other-echo', {})) as {
      env: Record<string, string>;
    };

    // Assess
    expect(result.env.AWS_LAMBDA_INITIALIZATION_TYPE).toBe('provisioned-concurrency');
  });

  it('keeps each function’s variables out of the others and out of the runtime’s process', async () => {
    // Act
    const [one, other] = (await Promise.all([
      lambda.invoker.invoke('baton-test-echo', {}),
      lambda.invoker.invoke('baton-test-other-echo', {}),
    ])) as Array<{ env: Record<string, string> }>;

    // Assess
    expect(one?.env.TABLE_NAME).toBe('cases');
    expect(other?.env.TABLE_NAME).toBe('other-cases');
    expect(other?.env.STAGE).toBeUndefined();
    expect(other?.env.AWS_LAMBDA_FUNCTION_NAME).toBe('baton-test-other-echo');
    expect(process.env.AWS_LAMBDA_FUNCTION_NAME).toBeUndefined();
  });

  it('gives the handler a Lambda-shaped context', async () => {
    // Act
    const { context } = (await lambda.invoker.invoke('baton-test-echo', {})) as {
      context: Record<string, unknown>;
    };

    // Assess
    expect(context).toMatchObject({
      functionName: 'baton-test-echo',
      functionVersion: '$LATEST',
      invokedFunctionArn: ECHO_ARN,
      memoryLimitInMB: '256',
      logGroupName: '/aws/lambda/baton-test-echo',
    });
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.remainingTimeInMillis).toBeGreaterThan(3_000);
    expect(context.remainingTimeInMillis).toBeLessThanOrEqual(5_000);
  });

  it('finds a function by ARN, qualified ARN, partial ARN, name and logical id', async () => {
    // Prepare
    const ids = [
      ECHO_ARN,
      `${ECHO_ARN}:$LATEST`,
      '123456789012:function:baton-test-echo',
      'baton-test-echo',
      'batontestechoFunction',
    ];

    // Act
    const found = ids.map((id) => lambda.invoker.has(id));
    const invoked = (await lambda.invoker.invoke(ids[0] ?? '', { say: 'arn' })) as {
      event: unknown;
    };

    // Assess
    expect(found).toEqual([true, true, true, true, true]);
    expect(invoked.event).toEqual({ say: 'arn' });
    expect(lambda.invoker.has(`${ECHO_ARN}:live`)).toBe(false);
    expect(lambda.invoker.has('baton-test-missing')).toBe(false);
  });

  it('rejects with the error the handler threw, keeping its name', async () => {
    // Act
    const error = await failureOf(
      lambda.invoker.invoke('baton-test-named-error', { caseId: 'C-1' }),
    );

    // Assess
    expect(error.name).toBe('CaseNotFoundError');
    expect(error.errorType).toBe('CaseNotFoundError');
    expect(error.message).toBe('no case C-1');
  });

  it('fails with Sandbox.Timedout after the function’s timeout, then starts a fresh environment', async () => {
    // Act
    const error = await failureOf(lambda.invoker.invoke('baton-test-sleeper', { ms: 10_000 }));
    const after = await lambda.invoker.invoke('baton-test-sleeper', { ms: 10 });

    // Assess
    expect(error.errorType).toBe('Sandbox.Timedout');
    expect(error.message).toMatch(
      /^RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.00 seconds$/,
    );
    expect(after).toEqual({ slept: 10 });
  });

  it('fails with Runtime.OutOfMemory past the memory size, then starts a fresh environment', async () => {
    // Act
    const error = await failureOf(lambda.invoker.invoke('baton-test-memory-hog', { hog: true }));
    const after = await lambda.invoker.invoke('baton-test-memory-hog', {});

    // Assess
    expect(error.errorType).toBe('Runtime.OutOfMemory');
    expect(after).toEqual({ kept: 0 });
  });

  it('imports the module once per environment and reuses the warm environment', async () => {
    // Act
    const first = (await lambda.invoker.invoke('baton-test-cold-start', {})) as Record<
      string,
      unknown
    >;
    const second = (await lambda.invoker.invoke('baton-test-cold-start', {})) as Record<
      string,
      unknown
    >;

    // Assess
    expect(second.instance).toBe(first.instance);
    expect(second.invocations).toBe(Number(first.invocations) + 1);
  });

  it('runs at most the reserved concurrency at once and queues the other invocations', async () => {
    // Act
    const results = (await Promise.all(
      Array.from({ length: 5 }, () =>
        lambda.invoker.invoke('baton-test-cold-start', { holdMs: 200 }),
      ),
    )) as Array<{ instance: string }>;

    // Assess
    expect(results).toHaveLength(5);
    expect(new Set(results.map((r) => r.instance)).size).toBe(2);
  });

  it('passes the function’s console output through, prefixed with its name and request id', async () => {
    // Act
    const { context } = (await lambda.invoker.invoke('baton-test-echo', { say: 'prefixed' })) as {
      context: { awsRequestId: string };
    };
    await new Promise((resolve) => setTimeout(resolve, 50));

    // Assess
    const line = output.find((l) => l.includes('echoing prefixed'));
    expect(line).toMatch(/^\[baton-test-echo\] \S+Z\t[0-9a-f-]{36}\tINFO\techoing prefixed$/);
    expect(line).toContain(context.awsRequestId);
  });

  it('logs each invocation’s start, end and duration with the function and request id', async () => {
    // Act
    const { context } = (await lambda.invoker.invoke('baton-test-echo', {})) as {
      context: { awsRequestId: string };
    };
    await failureOf(lambda.invoker.invoke('baton-test-named-error', {}));

    // Assess
    const mine = lines.filter((l) => l.requestId === context.awsRequestId);
    expect(mine.map((l) => l.message)).toEqual(['invocation started', 'invocation ended']);
    expect(mine[1]).toMatchObject({ service: 'lambda', function: 'baton-test-echo' });
    expect(mine[1]?.durationMs).toEqual(expect.any(Number));
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'invocation failed',
        function: 'baton-test-named-error',
        errorType: 'CaseNotFoundError',
      }),
    );
  });

  it('rejects an unknown function with ResourceNotFoundException', async () => {
    // Act
    const error = await lambda.invoker.invoke('baton-test-missing', {}).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      name: 'ResourceNotFoundException',
      message:
        'Function not found: arn:aws:lambda:eu-west-2:123456789012:function:baton-test-missing',
    });
  });
});

describe('local Lambda start-up', () => {
  const { logger } = capturedLogger('lambda');
  const base = {
    settings: testSettings(),
    logger,
    deadLetters: memoryDeadLetters(),
    invokeConfigs: [],
    assetDir: fixtureAssetDir,
    environment: {},
  };

  it('refuses, naming them, functions whose runtime or package cannot run locally', () => {
    // Act
    const create = () =>
      createLambda({
        ...base,
        functions: [
          fixtureFunction('echo', 'baton-test-python', { Runtime: 'python3.13' }),
          fixtureFunction('echo', 'baton-test-image', { PackageType: 'Image' }),
        ],
      });

    // Assess
    expect(create).toThrow(/batontestpythonFunction: runtime python3\.13 does not run locally/);
    expect(create).toThrow(/batontestimageFunction: container images do not run locally/);
  });

  it('refuses to start when a function’s bundle folder is missing', async () => {
    // Prepare
    const lambda = createLambda({
      ...base,
      functions: [fixtureFunction('no-such-bundle', 'baton-test-missing-bundle')],
    });

    // Act
    const started = lambda.service.start();

    // Assess
    await expect(started).rejects.toThrow(/batontestmissingbundleFunction: no bundle at /);
  });
});
