/**
 * The Lambda runtime of one execution environment: runs inside a worker thread (plain Node with
 * type stripping, so only erasable TypeScript and node: imports here), imports the function's
 * module once (the cold start), then runs one invocation at a time for the pool that owns it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';

interface WorkerSetup {
  codeDir: string;
  handler: string;
  functionName: string;
  functionArn: string;
  memoryMb: number;
  logGroup: string;
  logFormat: 'Text' | 'JSON';
}

interface InvokeMessage {
  type: 'invoke';
  requestId: string;
  payload: string;
  deadline: number;
}

type Handler = (event: unknown, context: unknown, callback?: unknown) => unknown;

const setup = workerData as WorkerSetup;
const port = parentPort;
let currentRequestId: string | undefined;

/** The error shape the Node.js runtime reports (`toRapidResponse` in the runtime interface client). */
const toErrorPayload = (error: unknown) => {
  if (error instanceof Error || (error && typeof error === 'object' && 'stack' in error)) {
    const e = error as Error;
    return {
      errorType: e.name || 'Error',
      errorMessage: e.message ?? '',
      trace: String(e.stack ?? '').split('\n'),
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
};

/**
 * Console output as the Lambda runtime formats it (timestamp, request id, level), so logs of
 * concurrent invocations can be told apart.
 */
const patchConsole = () => {
  const levels = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG' };
  for (const [method, level] of Object.entries(levels)) {
    (console as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      const timestamp = new Date().toISOString();
      const message = format(...args);
      const line =
        setup.logFormat === 'JSON'
          ? JSON.stringify({ timestamp, level, requestId: currentRequestId, message })
          : `${timestamp}\t${currentRequestId ?? 'undefined'}\t${level}\t${message}`;
      process.stdout.write(`${line}\n`);
    };
  }
};

const splitHandler = (handler: string) => {
  const slash = handler.lastIndexOf('/');
  const dir = handler.slice(0, slash + 1);
  const rest = handler.slice(slash + 1);
  const dot = rest.indexOf('.');
  return { module: dir + rest.slice(0, dot), path: rest.slice(dot + 1).split('.') };
};

const namedError = (name: string, message: string) => Object.assign(new Error(message), { name });

/** Imports the module the handler names and finds the handler in it, as the Node.js runtime does. */
const loadHandler = async (): Promise<Handler> => {
  const { module, path } = splitHandler(setup.handler);
  const file = ['.js', '.mjs', '.cjs']
    .map((ext) => join(setup.codeDir, module + ext))
    .find((candidate) => existsSync(candidate));
  if (!file) {
    throw namedError('Runtime.ImportModuleError', `Error: Cannot find module '${module}'`);
  }
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const e = error as Error & { code?: string };
    if (e.name === 'SyntaxError') throw namedError('Runtime.UserCodeSyntaxError', String(e));
    if (e.code === 'ERR_MODULE_NOT_FOUND') throw namedError('Runtime.ImportModuleError', String(e));
    throw error;
  }
  let found: unknown = loaded;
  for (const key of path) found = (found as Record<string, unknown> | undefined)?.[key];
  if (typeof found !== 'function' && path.length === 1) {
    found = (loaded.default as Record<string, unknown> | undefined)?.[path[0] ?? ''];
  }
  if (typeof found !== 'function') {
    throw namedError('Runtime.HandlerNotFound', `${setup.handler} is undefined or not exported`);
  }
  return found as Handler;
};

const contextFor = (message: InvokeMessage) => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: setup.functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: setup.functionArn,
  memoryLimitInMB: String(setup.memoryMb),
  awsRequestId: message.requestId,
  logGroupName: setup.logGroup,
  logStreamName: 'local',
  getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
});

/** Runs the handler, async or (for runtimes before nodejs24.x) callback style. */
const runHandler = (handler: Handler, event: unknown, context: unknown): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const callback = (error: unknown, result: unknown) =>
      error === null || error === undefined ? resolve(result) : reject(error);
    try {
      const returned = handler(event, context, handler.length >= 3 ? callback : undefined);
      if (
        handler.length < 3 ||
        (returned && typeof (returned as Promise<unknown>).then === 'function')
      ) {
        Promise.resolve(returned).then(resolve, reject);
      }
    } catch (error) {
      reject(error);
    }
  });

const invoke = async (handler: Handler, message: InvokeMessage) => {
  currentRequestId = message.requestId;
  try {
    const result = await runHandler(handler, JSON.parse(message.payload), contextFor(message));
    let payload: string;
    try {
      payload = JSON.stringify(result ?? null);
    } catch (error) {
      port?.postMessage({
        type: 'error',
        requestId: message.requestId,
        error: {
          errorType: 'Runtime.MarshalError',
          errorMessage: `Unable to stringify response body: ${error}`,
        },
      });
      return;
    }
    port?.postMessage({ type: 'result', requestId: message.requestId, payload });
  } catch (error) {
    port?.postMessage({
      type: 'error',
      requestId: message.requestId,
      error: toErrorPayload(error),
    });
  } finally {
    currentRequestId = undefined;
  }
};

/** A crash ends the environment, as it does on Lambda; the pool fails the invocation with it. */
const fatal = (error: { errorType: string; errorMessage: string; trace?: string[] }) => {
  port?.postMessage({ type: 'fatal', requestId: currentRequestId, error });
  process.exit(129);
};

process.on('unhandledRejection', (reason) => {
  const r = reason as Error | undefined;
  fatal({
    errorType: 'Runtime.UnhandledPromiseRejection',
    errorMessage: r instanceof Error ? `${r.name}: ${r.message}` : String(reason),
  });
});
process.on('uncaughtException', (error) => fatal(toErrorPayload(error)));

patchConsole();
const started = performance.now();
try {
  const handler = await loadHandler();
  port?.on('message', (message: InvokeMessage) => {
    if (message.type === 'invoke') void invoke(handler, message);
  });
  port?.postMessage({ type: 'ready', initDurationMs: performance.now() - started });
} catch (error) {
  port?.postMessage({ type: 'init-error', error: toErrorPayload(error) });
}
