import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { type FunctionErrorPayload, outOfMemory, runtimeExited, timedOut } from './errors.ts';
import type { LocalFunction } from './function-config.ts';

type SandboxOutcome = { ok: true; payload: string } | { ok: false; error: FunctionErrorPayload };

type InitOutcome =
  | { ok: true; initDurationMs: number }
  | { ok: false; error: FunctionErrorPayload };

interface WorkerReply {
  type: 'ready' | 'init-error' | 'result' | 'error' | 'fatal';
  requestId?: string;
  payload?: string;
  initDurationMs?: number;
  error?: FunctionErrorPayload;
}

const RUNTIME_URL = new URL('./worker-runtime.ts', import.meta.url);

/**
 * Differs from AWS: the init phase gets its own 10 s limit, and exceeding it fails the invocation
 * (Lambda would retry the init within the function's timeout).
 */
const INIT_LIMIT_MS = 10_000;

/**
 * One execution environment: a worker thread with the function's own `process.env` (the `env`
 * option makes it a copy per worker), its module imported once. Runs one invocation at a time;
 * a timeout or a crash terminates it, and the pool starts a fresh one (a new cold start), as
 * Lambda replaces an environment after a timeout.
 */
class Sandbox {
  readonly ready: Promise<InitOutcome>;
  alive = true;
  private readonly worker: Worker;
  private pending?: { requestId: string; settle: (outcome: SandboxOutcome) => void };
  private fatalError?: FunctionErrorPayload;
  private readonly fn: LocalFunction;

  constructor(
    fn: LocalFunction,
    env: Record<string, string>,
    codeDir: string,
    output: (line: string, functionName: string) => void,
  ) {
    this.fn = fn;
    this.worker = new Worker(RUNTIME_URL, {
      env,
      // Differs from AWS: the memory size bounds the JavaScript heap only, not the whole process.
      resourceLimits: { maxOldGenerationSizeMb: fn.memoryMb },
      stdout: true,
      stderr: true,
      workerData: {
        codeDir,
        handler: fn.handler,
        functionName: fn.name,
        functionArn: fn.arn,
        memoryMb: fn.memoryMb,
        logGroup: fn.logGroup,
        logFormat: fn.logFormat,
      },
    });
    for (const stream of [this.worker.stdout, this.worker.stderr]) {
      createInterface({ input: stream }).on('line', (line) => output(line, fn.name));
    }
    this.ready = new Promise<InitOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.terminate();
        resolve({
          ok: false,
          error: {
            errorType: 'Sandbox.Timedout',
            errorMessage: `INIT phase timed out after ${(INIT_LIMIT_MS / 1_000).toFixed(2)} seconds`,
          },
        });
      }, INIT_LIMIT_MS).unref();
      const settle = (outcome: InitOutcome) => {
        clearTimeout(timer);
        if (outcome.ok) this.worker.unref();
        else this.terminate();
        resolve(outcome);
      };
      this.worker.once('message', (reply: WorkerReply) => {
        if (reply.type === 'ready') settle({ ok: true, initDurationMs: reply.initDurationMs ?? 0 });
        else settle({ ok: false, error: reply.error ?? runtimeExited('init', 1) });
      });
      this.worker.once('error', (error) =>
        settle({ ok: false, error: { errorType: error.name, errorMessage: error.message } }),
      );
      this.worker.once('exit', (code) =>
        settle({ ok: false, error: this.fatalError ?? runtimeExited('init', code) }),
      );
    });
    this.worker.on('message', (reply: WorkerReply) => this.onReply(reply));
    this.worker.on('error', (error: Error & { code?: string }) => {
      // An error event means the worker is ending: it must not go back to the pool.
      this.alive = false;
      const requestId = this.pending?.requestId ?? 'init';
      this.finish({
        ok: false,
        error:
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? outOfMemory(requestId)
            : { errorType: error.name, errorMessage: error.message },
      });
    });
    this.worker.on('exit', (code) => {
      this.alive = false;
      if (this.pending) {
        this.finish({
          ok: false,
          error: this.fatalError ?? runtimeExited(this.pending.requestId, code),
        });
      }
    });
  }

  /** Runs one invocation; the timeout counts from here, after the init phase. */
  run(requestId: string, payload: string): Promise<SandboxOutcome> {
    const timeoutMs = this.fn.timeoutSeconds * 1_000;
    if (!this.alive) return Promise.resolve({ ok: false, error: runtimeExited(requestId, 1) });
    return new Promise<SandboxOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.terminate();
        this.finish({ ok: false, error: timedOut(requestId, this.fn.timeoutSeconds) });
      }, timeoutMs).unref();
      this.pending = {
        requestId,
        settle: (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        },
      };
      this.worker.ref();
      this.worker.postMessage({
        type: 'invoke',
        requestId,
        payload,
        deadline: Date.now() + timeoutMs,
      });
    });
  }

  terminate() {
    this.alive = false;
    void this.worker.terminate();
  }

  private onReply(reply: WorkerReply) {
    if (reply.type === 'result') this.finish({ ok: true, payload: reply.payload ?? 'null' });
    else if (reply.type === 'error' && reply.error) this.finish({ ok: false, error: reply.error });
    else if (reply.type === 'fatal' && reply.error) {
      this.fatalError = reply.error;
      this.alive = false;
      this.finish({ ok: false, error: reply.error });
    }
  }

  private finish(outcome: SandboxOutcome) {
    const pending = this.pending;
    this.pending = undefined;
    // An idle environment must not keep the runtime's process alive.
    this.worker.unref();
    pending?.settle(outcome);
  }
}

export type { InitOutcome, SandboxOutcome };
export { Sandbox };
