import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import WebSocket from 'ws';
import { signToken } from '../functions/lib/token.ts';
import { createLogger } from '../local/logger.ts';
import { startRuntime } from '../local/runtime.ts';
import { readSigningKey } from '../local/secrets/index.ts';
import { loadStack } from '../local/template/index.ts';

const USAGE = `Measures, on the local runtime, how long a billing event takes to become an owned case
and a live message, and a disclosed vulnerability a routed handover on the receiving team's
WebSocket.

usage: npm run bench:live -- [--customers N] [--warm-up N]

  --customers N   customers measured (default 20)
  --warm-up N     customers sent first and not measured (default 3); with 0, the first
                  customer measures a freshly started runtime (its functions prewarmed)
  --help          this text`;

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '20' },
    'warm-up': { type: 'string', default: '3' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const customers = Number(values.customers);
const warmUp = Number(values['warm-up']);

const dataDir = mkdtempSync(join(tmpdir(), 'baton-bench-'));
const settings = {
  dataDir,
  inMemory: false,
  region: 'eu-west-2',
  accountId: '000000000000',
  edgePort: 0,
};
console.log('starting the local runtime...');
const runtime = await startRuntime({
  settings,
  logger: createLogger('bench', { level: 'error' }),
  ports: { http: 0, webSocket: 0 },
  functionOutput: () => undefined,
});
await runtime.warm;
const key = readSigningKey(
  dataDir,
  loadStack(join(import.meta.dirname, '..', 'cdk.out'), settings).resources,
);
const events = new EventBridgeClient({
  endpoint: runtime.edgeUrl,
  region: 'eu-west-2',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

const arrivals = new Map<string, number>();
const watch = async (team: string) => {
  const token = signToken(key, { agent: `bench-${team}`, teams: [team] });
  const socket = new WebSocket(`${runtime.webSocketUrl}?token=${token}`);
  await new Promise((resolve) => socket.once('open', resolve));
  socket.on('message', (data) => {
    const m = JSON.parse(String(data));
    if (m.type === 'case-changed')
      arrivals.set(`${m.case?.customerId}:${m.action}`, performance.now());
  });
  socket.send(JSON.stringify({ action: 'subscribe', teams: [team] }));
  return socket;
};
const sockets = [await watch('front-line'), await watch('specialist-support')];

const put = (detailType: string, source: string, detail: Record<string, unknown>) =>
  events.send(
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
const waitFor = async (key: string, since: number) => {
  while (!arrivals.has(key)) {
    if (performance.now() - since > 30_000) throw new Error(`no ${key} within 30 s`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return (arrivals.get(key) as number) - since;
};

const opened: number[] = [];
const handedOver: number[] = [];
for (let i = 0; i < warmUp + customers; i++) {
  const customerId = `bench-${i}`;
  const at = new Date().toISOString();
  let sent = performance.now();
  await put('Account In Arrears', 'billing', {
    schemaVersion: 1,
    eventId: `${customerId}-a`,
    customerId,
    accountId: 'acc-1',
    product: 'credit-card',
    currency: 'GBP',
    arrearsMinor: 10_000,
    balanceMinor: 90_000,
    daysPastDue: 12,
    missedPayments: 1,
    occurredAt: at,
  });
  const open = await waitFor(`${customerId}:case-opened`, sent);
  sent = performance.now();
  await put('Vulnerability Disclosed', 'crm', {
    schemaVersion: 1,
    eventId: `${customerId}-v`,
    customerId,
    drivers: ['health'],
    needs: [],
    circumstances: 'Benchmark.',
    occurredAt: at,
    consent: {
      granted: true,
      givenBy: 'customer',
      recordedBy: 'bench',
      recordedAt: at,
      channel: 'phone',
      toldCustomer: 'Benchmark.',
    },
  });
  const handover = await waitFor(`${customerId}:handover-requested`, sent);
  if (i >= warmUp) {
    opened.push(open);
    handedOver.push(handover);
  }
}

const summary = (name: string, samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]?.toFixed(0);
  console.log(
    `${name.padEnd(44)} p50 ${at(0.5)} ms  p95 ${at(0.95)} ms  max ${at(1)} ms  (n=${samples.length})`,
  );
};
const warmth =
  warmUp > 0
    ? `after ${warmUp} warm-up customer${warmUp === 1 ? '' : 's'}`
    : 'on a freshly started runtime';
const measured = `${customers} customer${customers === 1 ? '' : 's'}`;
console.log(`\nPutEvents to the live message on the WebSocket, ${warmth}, ${measured}:`);
summary('billing event -> case opened, owned', opened);
summary('vulnerability disclosed -> handover requested', handedOver);

for (const socket of sockets) socket.close();
await runtime.stop();
rmSync(dataDir, { recursive: true, force: true });
