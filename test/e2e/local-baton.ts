import { execFile } from 'node:child_process';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SFNClient } from '@aws-sdk/client-sfn';
import WebSocket from 'ws';
import defaults from '../../domain/config/defaults.json' with { type: 'json' };
import { functionLine } from '../../local/lambda/function-output.ts';
import { createLogger } from '../../local/logger.ts';
import { type Runtime, startRuntime } from '../../local/runtime.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * The shipped configuration with the fraud rule's SLAs cut to seconds: an end-to-end test can
 * watch a handover nobody accepts escalate and fall to the fallback, through configuration, as
 * an operator would, without touching the state machine.
 */
const quickFraudConfig = () => {
  const config = structuredClone(defaults);
  const fraud = config.routing.rules.find((r) => r.id === 'fraud-suspected');
  if (fraud) fraud.slaHours = 3 / 3_600;
  config.routing.escalationSlaHours = 3 / 3_600;
  return JSON.stringify(config);
};

/** Starts the whole application in this process, on free ports, with a fresh data folder. */
const startLocalBaton = async (options: { dataDir?: string; batonConfig?: string } = {}) => {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'baton-e2e-'));
  const runtime: Runtime = await startRuntime({
    settings: {
      dataDir,
      inMemory: false,
      region: 'eu-west-2',
      accountId: '000000000000',
      edgePort: 0,
    },
    // The runtime's own log, kept in its data folder for when a test needs explaining.
    logger: createLogger('baton-local', {
      write: (line) => appendFileSync(join(dataDir, 'runtime.log'), `${line}\n`),
    }),
    ports: { http: 0, webSocket: 0 },
    asyncRetryDelayMs: () => 50,
    functionOutput: (line, name) =>
      appendFileSync(join(dataDir, 'runtime.log'), `${functionLine(line, name)}\n`),
    ...(options.batonConfig ? { batonConfig: options.batonConfig } : {}),
  });
  const clientConfig = { endpoint: runtime.edgeUrl, region: 'eu-west-2', credentials };
  return {
    runtime,
    dataDir,
    events: new EventBridgeClient(clientConfig),
    sfn: new SFNClient(clientConfig),
  };
};

/** A sign-in token from `npm run token`, signed with the key in the runtime's data folder. */
const tokenFor = async (dataDir: string, agent: string, teams: string[], lead = false) => {
  const args = [
    'scripts/token.ts',
    '--agent',
    agent,
    '--data',
    dataDir,
    ...teams.flatMap((t) => ['--team', t]),
  ];
  const { stdout } = await run(process.execPath, lead ? [...args, '--lead'] : args, { cwd: ROOT });
  return stdout.trim();
};

/** Puts one event on Baton's bus as a billing system or another producer would. */
const putEvent = async (
  events: EventBridgeClient,
  source: string,
  detailType: string,
  detail: Record<string, unknown>,
) => {
  const result = await events.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: 'baton-dev',
          Source: source,
          DetailType: detailType,
          Detail: JSON.stringify(detail),
        },
      ],
    }),
  );
  if (result.FailedEntryCount)
    throw new Error(`PutEvents refused: ${JSON.stringify(result.Entries)}`);
};

const arrears = (customerId: string, eventId: string, extra: Record<string, unknown> = {}) => ({
  schemaVersion: 1,
  eventId,
  customerId,
  accountId: `${customerId}-acc`,
  product: 'credit-card',
  currency: 'GBP',
  arrearsMinor: 12_550,
  balanceMinor: 184_000,
  daysPastDue: 10,
  missedPayments: 1,
  occurredAt: '2026-12-03T08:00:00Z',
  ...extra,
});

const vulnerability = (customerId: string, eventId: string) => ({
  schemaVersion: 1,
  eventId,
  customerId,
  drivers: ['health'],
  needs: ['written communication only'],
  circumstances: 'Recovering from surgery until March.',
  consent: {
    granted: true,
    givenBy: 'customer',
    recordedBy: 'agent-crm',
    recordedAt: '2026-12-03T09:00:00Z',
    channel: 'phone',
    toldCustomer: 'Shared with the teams supporting you so you need not repeat it.',
  },
  occurredAt: '2026-12-03T09:00:00Z',
});

/** A live-view connection: every message it receives, and a way to wait for one. */
const liveView = async (webSocketUrl: string, token: string, teams: string[]) => {
  const socket = new WebSocket(`${webSocketUrl}?token=${encodeURIComponent(token)}`);
  const messages: Record<string, unknown>[] = [];
  const waiting: {
    test: (m: Record<string, unknown>) => boolean;
    resolve: (m: Record<string, unknown>) => void;
  }[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as Record<string, unknown>;
    messages.push(message);
    for (const w of [...waiting]) {
      if (w.test(message)) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(message);
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const next = (test: (m: Record<string, unknown>) => boolean, timeoutMs = 40_000) => {
    const seen = messages.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no such message arrived')), timeoutMs);
      waiting.push({
        test,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  };
  socket.send(JSON.stringify({ action: 'subscribe', teams }));
  await next((m) => m.type === 'subscribed');
  return { messages, next, close: () => socket.close() };
};

/** Polls until `check` returns something, or fails after `timeoutMs`. */
const eventually = async <T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 40_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('the condition did not come true in time');
    await new Promise((r) => setTimeout(r, 200));
  }
};

export {
  arrears,
  eventually,
  liveView,
  putEvent,
  quickFraudConfig,
  startLocalBaton,
  tokenFor,
  vulnerability,
};
