import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { LocalSettings } from './contracts.ts';
import { resolveDataFolder } from './data-folder.ts';
import { functionLine } from './lambda/function-output.ts';
import { createLogger } from './logger.ts';
import { readyBanner } from './ready-banner.ts';
import { startRuntime } from './runtime.ts';

const USAGE = `Runs Baton on this machine: the synthesized CloudFormation template, the same bundled
functions, state machine, rules and table, behind one AWS-compatible edge port.

usage: npm start -- [options]

  --in-memory        keep nothing: tables, executions, objects and dead letters vanish at exit
  --data DIR         where to keep state (default .data/ in the repository, or BATON_DATA_DIR)
  --port N           the edge port (default 4566, or BATON_EDGE_PORT)
  --http-port N      the HTTP API's port (default 4567)
  --ws-port N        the WebSocket API's port (default 4568)
  --ws-idle S        close a WebSocket after S seconds without a client message (default 600)
  --ws-lifetime S    close a WebSocket S seconds after it connected (default 7200)
  --config FILE      a Baton configuration (teams, routing rules and SLAs, RACI, policy) to use
                     instead of the shipped domain/config/defaults.json
  --synth            synthesize even if cdk.out is up to date
  --pretty           human-readable log lines instead of JSON
  --help             this text`;

const fail = (message: string): never => {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
};

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        'in-memory': { type: 'boolean', default: false },
        data: { type: 'string' },
        port: { type: 'string' },
        'http-port': { type: 'string' },
        'ws-port': { type: 'string' },
        config: { type: 'string' },
        'ws-idle': { type: 'string' },
        'ws-lifetime': { type: 'string' },
        synth: { type: 'boolean', default: false },
        pretty: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    return fail((error as Error).message);
  }
})();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const port = (name: string, value: string | undefined, fallback: number): number => {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) fail(`${name} must be a port number`);
  return n;
};

const seconds = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) fail(`${name} must be a whole number of seconds above 0`);
  return n;
};
const idleTimeoutSeconds = seconds('--ws-idle', values['ws-idle']);
const maxConnectionSeconds = seconds('--ws-lifetime', values['ws-lifetime']);

const folder = resolveDataFolder({
  argv: process.argv.slice(2),
  ...(values.data ? { data: values.data } : {}),
});
const settings: LocalSettings = {
  ...folder,
  region: 'eu-west-2',
  accountId: '000000000000',
  edgePort: port('--port', values.port ?? process.env.BATON_EDGE_PORT, 4566),
};
const logger = createLogger('baton-local', { pretty: values.pretty });

let batonConfig: string | undefined;
if (values.config) {
  try {
    batonConfig = JSON.stringify(JSON.parse(readFileSync(values.config, 'utf8')));
  } catch (error) {
    fail(`--config ${values.config}: ${(error as Error).message}`);
  }
}

const began = performance.now();
const runtime = await startRuntime({
  functionOutput: (line, name) =>
    process.stderr.write(`${functionLine(line, name, { pretty: values.pretty })}\n`),
  settings,
  logger,
  ports: {
    http: port('--http-port', values['http-port'], 4567),
    webSocket: port('--ws-port', values['ws-port'], 4568),
  },
  synthesize: values.synth,
  webSocketLimits: {
    ...(idleTimeoutSeconds ? { idleTimeoutSeconds } : {}),
    ...(maxConnectionSeconds ? { maxConnectionSeconds } : {}),
  },
  ...(batonConfig ? { batonConfig } : {}),
}).catch((error: Error) => {
  console.error(`Baton could not start: ${error.message}`);
  process.exit(1);
});
const readyIn = ((performance.now() - began) / 1_000).toFixed(1);

console.log(
  readyBanner({
    stackName: runtime.stackName,
    readySeconds: readyIn,
    edgeUrl: runtime.edgeUrl,
    httpUrl: runtime.httpUrl,
    webSocketUrl: runtime.webSocketUrl,
    dataDir: settings.inMemory ? undefined : settings.dataDir,
    region: settings.region,
    busName: runtime.outputs.EventBusName ?? runtime.stackName,
    now: new Date(),
  }),
);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info('stopping', { signal });
  await runtime.stop();
  logger.info('stopped');
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
