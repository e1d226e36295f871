import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { TemplateResource } from '../../../local/contracts.ts';
import { createDeadLetterStore } from '../../../local/dead-letters/file-store.ts';
import { createLambda, type LocalLambda } from '../../../local/lambda/index.ts';
import { capturedLogger } from '../../fixtures/local/lambda/logs.ts';
import {
  fixtureAssetDir,
  fixtureFunction,
  invokeConfig,
  testSettings,
} from '../../fixtures/local/lambda/template.ts';

const FAILURES_QUEUE = 'arn:aws:sqs:eu-west-2:123456789012:baton-test-failures';
/** Cold starts on a busy machine can take seconds. */
const PATIENCE = { timeout: 10_000 };
const folders: string[] = [];
const running: LocalLambda[] = [];

const dataFolder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-async-'));
  folders.push(dir);
  return dir;
};

const functions = [
  // One environment only, so an event can be held back behind a synchronous invocation.
  fixtureFunction('sleeper', 'baton-test-held', { ReservedConcurrentExecutions: 1, Timeout: 30 }),
  fixtureFunction('named-error', 'baton-test-failing'),
  fixtureFunction('named-error', 'baton-test-failing-once'),
  fixtureFunction('echo', 'baton-test-echo'),
];

const invokeConfigs: TemplateResource[] = [
  invokeConfig('baton-test-failing', {
    DestinationConfig: { OnFailure: { Destination: FAILURES_QUEUE } },
  }),
  invokeConfig('baton-test-failing-once', {
    MaximumRetryAttempts: 0,
    DestinationConfig: { OnFailure: { Destination: FAILURES_QUEUE } },
  }),
];

/** One run of the local Lambda service on a data folder, as one `npm start` would run it. */
const startLambda = async (dataDir: string, retryDelayMs = 20) => {
  const { logger, lines } = capturedLogger('lambda');
  const deadLetters = createDeadLetterStore({ dataDir, inMemory: false });
  const lambda = createLambda({
    settings: testSettings(dataDir, false),
    logger,
    deadLetters,
    functions,
    invokeConfigs,
    assetDir: fixtureAssetDir,
    environment: {},
    asyncRetryDelayMs: () => retryDelayMs,
    output: () => undefined,
  });
  await lambda.service.start();
  await lambda.asyncEvents.start();
  running.push(lambda);
  const stop = async () => {
    await lambda.asyncEvents.stop();
    await lambda.service.stop();
  };
  const linesFor = (requestId: string, message: string) =>
    lines.filter((l) => l.requestId === requestId && l.message === message);
  return { lambda, lines, deadLetters, stop, linesFor };
};

afterEach(async () => {
  for (const lambda of running.splice(0)) await lambda.service.stop();
});

afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('asynchronous events across a restart', () => {
  it('handles after a restart an event accepted but not yet handled when the service stopped', async () => {
    // Prepare
    const dataDir = dataFolder();
    const first = await startLambda(dataDir);
    const holding = first.lambda.invoker.invoke('baton-test-held', { ms: 20_000 }).catch(() => {});
    const { requestId } = await first.lambda.invokeAsync('baton-test-held', { ms: 1 });
    await first.stop();
    await holding;

    // Act
    const second = await startLambda(dataDir);

    // Assess
    await vi.waitFor(
      () => expect(second.linesFor(requestId, 'invocation ended')).toHaveLength(1),
      PATIENCE,
    );
    expect(first.linesFor(requestId, 'invocation ended')).toHaveLength(0);
    expect(second.lines).toContainEqual(
      expect.objectContaining({ message: 'async events resumed', events: 1 }),
    );
    expect(await second.deadLetters.list()).toEqual([]);
  });

  it('resumes a retry pending at stop with the attempts it has made', async () => {
    // Prepare
    const dataDir = dataFolder();
    const first = await startLambda(dataDir, 600_000);
    const { requestId } = await first.lambda.invokeAsync('baton-test-failing', { caseId: 'C-9' });
    await vi.waitFor(
      () => expect(first.linesFor(requestId, 'async event queued for a retry')).toHaveLength(1),
      PATIENCE,
    );
    await first.stop();

    // Act
    const second = await startLambda(dataDir);

    // Assess
    await vi.waitFor(async () => expect(await second.deadLetters.list()).toHaveLength(1), PATIENCE);
    expect((await second.deadLetters.list())[0]).toMatchObject({
      source: 'lambda-async:baton-test-failing',
      reason: 'RetriesExhausted: no case C-9',
      errorType: 'CaseNotFoundError',
      attempts: 3,
      payload: { caseId: 'C-9' },
    });
    expect(first.linesFor(requestId, 'invocation failed')).toHaveLength(1);
    expect(second.linesFor(requestId, 'invocation failed')).toHaveLength(2);
  });

  it('runs neither a completed nor a dead-lettered event again after a restart', async () => {
    // Prepare
    const dataDir = dataFolder();
    const first = await startLambda(dataDir);
    const done = await first.lambda.invokeAsync('baton-test-echo', { say: 'once' });
    await first.lambda.invokeAsync('baton-test-failing-once', { caseId: 'C-10' });
    await vi.waitFor(
      () => expect(first.linesFor(done.requestId, 'invocation ended')).toHaveLength(1),
      PATIENCE,
    );
    await vi.waitFor(async () => expect(await first.deadLetters.list()).toHaveLength(1), PATIENCE);
    await first.stop();

    // Act
    const second = await startLambda(dataDir);

    // Assess
    expect(second.lines.filter((l) => l.message === 'invocation started')).toEqual([]);
    expect(second.lines.map((l) => l.message)).not.toContain('async events resumed');
    expect(await second.deadLetters.list()).toHaveLength(1);
    expect(readdirSync(join(dataDir, 'lambda-async'))).toEqual([]);
  });

  it('writes nothing to the data folder in an in-memory run', async () => {
    // Prepare
    const dataDir = dataFolder();
    const { logger, lines } = capturedLogger('lambda');
    const lambda = createLambda({
      settings: testSettings(dataDir, true),
      logger,
      deadLetters: createDeadLetterStore({ dataDir, inMemory: true }),
      functions,
      invokeConfigs,
      assetDir: fixtureAssetDir,
      environment: {},
      output: () => undefined,
    });
    await lambda.service.start();
    running.push(lambda);

    // Act
    const { requestId } = await lambda.invokeAsync('baton-test-echo', { say: 'in memory' });

    // Assess
    await vi.waitFor(
      () =>
        expect(lines).toContainEqual(
          expect.objectContaining({ message: 'invocation ended', requestId }),
        ),
      PATIENCE,
    );
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
