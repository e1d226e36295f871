import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeadLetter, EdgeRequest, EdgeRoute } from '../../../local/contracts.ts';
import { createDeadLetterStore, deadLetterDir } from '../../../local/dead-letters/index.ts';
import { freePort } from '../../../local/dynamodb/dynamodb-local-process.ts';
import { createEdge, type Edge } from '../../../local/edge/index.ts';
import { createLogger } from '../../../local/logger.ts';
import { FIXTURE_ASSEMBLY, runNpm, runScript } from '../../fixtures/local/core/run-script.ts';

const INGEST_ARN = 'arn:aws:lambda:eu-west-2:000000000000:function:baton-dev-ingest-event';
const FAILING_ARN = 'arn:aws:lambda:eu-west-2:000000000000:function:baton-dev-broken';

const billingEvent = {
  version: '0',
  id: 'e0c3b1d2-0000-4000-8000-000000000001',
  'detail-type': 'Payment Missed',
  source: 'billing',
  account: '000000000000',
  time: '2026-12-03T09:00:00Z',
  region: 'eu-west-2',
  resources: [],
  detail: { accountId: 'acc-1', missed: 2 },
};

/**
 * Stands in for the EventBridge and Lambda parts on the edge: records what replay sends, and
 * answers as they would (the broken function fails again).
 */
const recordingRoutes = (received: { target: string; body: unknown }[]): EdgeRoute[] => [
  {
    name: 'eventbridge',
    matches: (req) => req.headers['x-amz-target'] === 'AWSEvents.PutEvents',
    handle: async (req: EdgeRequest) => {
      received.push({ target: 'PutEvents', body: JSON.parse(req.body.toString()) });
      return {
        status: 200,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: JSON.stringify({ FailedEntryCount: 0, Entries: [{ EventId: 'replayed-1' }] }),
      };
    },
  },
  {
    name: 'lambda',
    matches: (req) => req.path.startsWith('/2015-03-31/functions/'),
    handle: async (req: EdgeRequest) => {
      const fn = decodeURIComponent(req.path.split('/')[3] ?? '');
      received.push({ target: fn, body: JSON.parse(req.body.toString()) });
      const failing = fn === FAILING_ARN;
      return {
        status: 200,
        headers: {
          'content-type': 'application/json',
          ...(failing ? { 'x-amz-function-error': 'Unhandled' } : {}),
        },
        body: failing
          ? JSON.stringify({ errorType: 'ValidationError', errorMessage: 'still broken' })
          : 'null',
      };
    },
  },
];

describe('npm run dlq', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-dlq-'));
  const store = createDeadLetterStore({ dataDir, inMemory: false });
  const received: { target: string; body: unknown }[] = [];
  let edge: Edge;
  let fromBus: DeadLetter;
  let fromLambda: DeadLetter;
  let fromBroken: DeadLetter;

  beforeAll(async () => {
    fromBus = await store.put({
      source: 'eventbridge:baton-dev-billing-to-ingest-event',
      target: INGEST_ARN,
      reason: 'retries exhausted: ValidationError: accountId missing',
      errorType: 'ValidationError',
      attempts: 186,
      payload: billingEvent,
    });
    fromLambda = await store.put({
      source: 'lambda-async:baton-dev-ingest-event',
      target: INGEST_ARN,
      reason: 'retries exhausted',
      attempts: 3,
      payload: { hello: 'again' },
    });
    fromBroken = await store.put({
      source: 'stream:publish-case-changes',
      target: FAILING_ARN,
      reason: 'batch failed',
      attempts: 11,
      payload: { Records: [] },
    });
    edge = createEdge({
      port: 0,
      logger: createLogger('edge', { write: () => {} }),
      routes: recordingRoutes(received),
    });
    await edge.start();
  });

  afterAll(async () => {
    await edge.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints its usage with --help, through npm', async () => {
    // Act
    const run = await runNpm('dlq', ['--help']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('usage: npm run dlq -- list [--data DIR]');
  });

  it('says so when the data folder holds no dead letters', async () => {
    // Arrange
    const empty = mkdtempSync(join(tmpdir(), 'baton-dlq-empty-'));

    // Act
    const run = await runScript('dlq', ['list', '--data', empty]);
    rmSync(empty, { recursive: true, force: true });

    // Assess
    expect(run).toMatchObject({ code: 0, stdout: `No dead letters in ${deadLetterDir(empty)}.\n` });
  });

  it('lists the dead letters as a table, oldest first', async () => {
    // Act
    const run = await runScript('dlq', ['list', '--data', dataDir]);

    // Assess
    const lines = run.stdout.trim().split('\n');
    expect(run.code).toBe(0);
    expect(lines[0]).toMatch(/^id\s+time\s+source\s+target\s+attempts\s+reason$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual([
      fromBus.id,
      fromLambda.id,
      fromBroken.id,
    ]);
    expect(lines[1]).toContain('eventbridge:baton-dev-billing-to-ingest-event');
    expect(lines[1]).toMatch(/\s186\s+.*accountId missing$/);
  });

  it('shows one dead letter as JSON, by its id or a prefix that names only it', async () => {
    // Act
    const byId = await runScript('dlq', ['show', fromBus.id, '--data', dataDir]);
    const byPrefix = await runScript('dlq', ['show', fromBus.id.slice(0, -3), '--data', dataDir]);

    // Assess
    expect(JSON.parse(byId.stdout)).toEqual(fromBus);
    expect(JSON.parse(byPrefix.stdout)).toEqual(fromBus);
  });

  it('refuses an unknown id and a missing command clearly', async () => {
    // Act
    const unknown = await runScript('dlq', [
      'show',
      '20990101-000000000-abcdef',
      '--data',
      dataDir,
    ]);
    const bare = await runScript('dlq', ['--data', dataDir]);

    // Assess
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(
      `no dead letter 20990101-000000000-abcdef in ${deadLetterDir(dataDir)}`,
    );
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('give a command: list, show ID or replay ID');
  });

  it('says the runtime is not running, and keeps the entry, when nothing answers', async () => {
    // Arrange
    const closed = `http://127.0.0.1:${await freePort()}`;

    // Act
    const run = await runScript('dlq', [
      'replay',
      fromLambda.id,
      '--data',
      dataDir,
      '--endpoint',
      closed,
    ]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`the local runtime is not running at ${closed}`);
    expect(await store.get(fromLambda.id)).toEqual(fromLambda);
  });

  it('replays a failed asynchronous invocation with a Lambda Invoke, then removes it', async () => {
    // Act
    const run = await runScript('dlq', [
      'replay',
      fromLambda.id,
      '--data',
      dataDir,
      '--endpoint',
      edge.url,
    ]);

    // Assess
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`invoked ${INGEST_ARN} again; removed from the dead-letter store`);
    expect(received).toContainEqual({ target: INGEST_ARN, body: { hello: 'again' } });
    expect(await store.get(fromLambda.id)).toBeUndefined();
  });

  it('replays an EventBridge dead letter with PutEvents on its rule’s bus, read from the template', async () => {
    // Act
    const run = await runScript('dlq', [
      'replay',
      fromBus.id,
      '--data',
      dataDir,
      '--endpoint',
      edge.url,
      '--assembly',
      FIXTURE_ASSEMBLY,
    ]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('put again on bus baton-dev as event replayed-1');
    expect(received).toContainEqual({
      target: 'PutEvents',
      body: {
        Entries: [
          {
            Source: 'billing',
            DetailType: 'Payment Missed',
            Detail: JSON.stringify(billingEvent.detail),
            Resources: [],
            Time: Date.parse(billingEvent.time) / 1_000,
            EventBusName: 'baton-dev',
          },
        ],
      },
    });
    expect(existsSync(join(deadLetterDir(dataDir), `${fromBus.id}.json`))).toBe(false);
  });

  it('keeps the entry and reports the error when the function fails again', async () => {
    // Act
    const run = await runScript('dlq', [
      'replay',
      fromBroken.id,
      '--data',
      dataDir,
      '--endpoint',
      edge.url,
    ]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${fromBroken.id} was not replayed and stays in the store`);
    expect(run.stderr).toContain('still broken');
    expect(await store.get(fromBroken.id)).toEqual(fromBroken);
  });
});
