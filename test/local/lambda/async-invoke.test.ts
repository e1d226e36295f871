import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLambda, type LocalLambda } from '../../../local/lambda/index.ts';
import { memoryDeadLetters } from '../../fixtures/local/lambda/dead-letters.ts';
import { capturedLogger } from '../../fixtures/local/lambda/logs.ts';
import {
  fixtureAssetDir,
  fixtureFunction,
  invokeConfig,
  testSettings,
} from '../../fixtures/local/lambda/template.ts';

const FAILURES_QUEUE = 'arn:aws:sqs:eu-west-2:123456789012:baton-test-failures';

describe('asynchronous invocation', () => {
  const { logger, lines } = capturedLogger('lambda');
  const deadLetters = memoryDeadLetters();
  const retryDelays: number[] = [];
  let lambda: LocalLambda;

  beforeAll(async () => {
    lambda = createLambda({
      settings: testSettings(),
      logger,
      deadLetters,
      functions: [
        fixtureFunction('named-error', 'baton-test-retried'),
        fixtureFunction('named-error', 'baton-test-once'),
        fixtureFunction('named-error', 'baton-test-undestined'),
        fixtureFunction('echo', 'baton-test-async-echo'),
        fixtureFunction('echo', 'baton-test-throttled', { ReservedConcurrentExecutions: 0 }),
      ],
      invokeConfigs: [
        invokeConfig('baton-test-retried', {
          DestinationConfig: { OnFailure: { Destination: FAILURES_QUEUE } },
        }),
        invokeConfig('baton-test-once', {
          MaximumRetryAttempts: 0,
          DestinationConfig: { OnFailure: { Destination: FAILURES_QUEUE } },
        }),
        invokeConfig('baton-test-throttled', {
          MaximumRetryAttempts: 1,
          DestinationConfig: { OnFailure: { Destination: FAILURES_QUEUE } },
        }),
      ],
      assetDir: fixtureAssetDir,
      environment: {},
      asyncRetryDelayMs: (retry) => {
        retryDelays.push(retry);
        return 20;
      },
      output: () => undefined,
    });
    await lambda.service.start();
  });

  afterAll(async () => {
    await lambda.service.stop();
  });

  const attemptsOf = (requestId: string) =>
    lines.filter((l) => l.requestId === requestId && l.message === 'invocation failed');

  it('retries a failing event twice by default, then puts it in the dead-letter store', async () => {
    // Act
    const { requestId } = await lambda.invokeAsync('baton-test-retried', { caseId: 'C-7' });

    // Assess
    await vi.waitFor(() => expect(deadLetters.entries).toHaveLength(1));
    expect(deadLetters.entries[0]).toMatchObject({
      source: 'lambda-async:baton-test-retried',
      target: 'arn:aws:lambda:eu-west-2:123456789012:function:baton-test-retried',
      reason: 'RetriesExhausted: no case C-7',
      errorType: 'CaseNotFoundError',
      attempts: 3,
      payload: { caseId: 'C-7' },
    });
    expect(attemptsOf(requestId)).toHaveLength(3);
    expect(retryDelays).toEqual([1, 2]);
  });

  it('makes only the attempts the invoke config allows', async () => {
    // Act
    const { requestId } = await lambda.invokeAsync('baton-test-once', { caseId: 'C-8' });

    // Assess
    await vi.waitFor(() =>
      expect(deadLetters.entries).toContainEqual(
        expect.objectContaining({ source: 'lambda-async:baton-test-once', attempts: 1 }),
      ),
    );
    expect(attemptsOf(requestId)).toHaveLength(1);
  });

  it('drops a failed event without a destination, as Lambda does, and says so', async () => {
    // Prepare
    const before = deadLetters.entries.length;

    // Act
    const { requestId } = await lambda.invokeAsync('baton-test-undestined', {});

    // Assess
    await vi.waitFor(() =>
      expect(lines).toContainEqual(
        expect.objectContaining({
          level: 'warn',
          message: 'async event discarded: no on-failure destination',
          requestId,
          attempts: 3,
        }),
      ),
    );
    expect(deadLetters.entries).toHaveLength(before);
  });

  it('runs a succeeding event once and puts nothing in the dead-letter store', async () => {
    // Prepare
    const before = deadLetters.entries.length;

    // Act
    const { requestId } = await lambda.invokeAsync('baton-test-async-echo', { say: 'once' });

    // Assess
    await vi.waitFor(() =>
      expect(lines).toContainEqual(
        expect.objectContaining({ message: 'invocation ended', requestId }),
      ),
    );
    expect(
      lines.filter((l) => l.requestId === requestId && l.message === 'invocation started'),
    ).toHaveLength(1);
    expect(deadLetters.entries).toHaveLength(before);
  });

  it('retries an event Lambda throttles, then puts it in the dead-letter store with the reason', async () => {
    // Act
    const { requestId } = await lambda.invokeAsync('baton-test-throttled', { caseId: 'C-11' });

    // Assess
    await vi.waitFor(() =>
      expect(deadLetters.entries).toContainEqual(
        expect.objectContaining({ source: 'lambda-async:baton-test-throttled' }),
      ),
    );
    expect(
      deadLetters.entries.find((e) => e.source === 'lambda-async:baton-test-throttled'),
    ).toMatchObject({
      reason: 'RetriesExhausted: Rate Exceeded.',
      errorType: 'TooManyRequestsException',
      attempts: 2,
      payload: { caseId: 'C-11' },
    });
    expect(
      lines.filter(
        (l) => l.requestId === requestId && l.message === 'async event queued for a retry',
      ),
    ).toHaveLength(1);
  });

  it('rejects an event for an unknown function at once', async () => {
    // Act
    const accepted = lambda.invokeAsync('baton-test-missing', {});

    // Assess
    await expect(accepted).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
