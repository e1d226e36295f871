import { randomUUID } from 'node:crypto';
import type { LocalLogger } from '../contracts.ts';
import { type FunctionErrorPayload, LambdaServiceError } from './errors.ts';
import type { LocalFunction } from './function-config.ts';
import { Sandbox, type SandboxOutcome } from './sandbox.ts';
import { WorkerPool } from './worker-pool.ts';

type InvocationResult = { requestId: string } & SandboxOutcome;

/** Lambda's limit on a synchronous response, and the figure its error message names. */
const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

interface RunnerOptions {
  fn: LocalFunction;
  env: Record<string, string>;
  codeDir: string;
  concurrency: number;
  logger: LocalLogger;
  output: (line: string, functionName: string) => void;
}

/**
 * Runs one function's invocations in its pool of environments and logs each one's start, end,
 * duration and error with the function name and request id (Lambda's START, END and REPORT).
 */
class FunctionRunner {
  private readonly pool: WorkerPool;
  private readonly options: RunnerOptions;

  constructor(options: RunnerOptions) {
    this.options = options;
    const { fn, env, codeDir, output } = options;
    this.pool = new WorkerPool(
      // A prewarmed environment is one provisioned concurrency would start: Powertools then
      // reports no cold start for its first invocation, as the runtime does.
      (initialization) =>
        new Sandbox(
          fn,
          { ...env, AWS_LAMBDA_INITIALIZATION_TYPE: initialization },
          codeDir,
          output,
        ),
      Math.max(1, options.concurrency),
    );
  }

  /** Runs the function with a JSON payload; function errors resolve, service errors reject. */
  async run(payload: string, requestId: string = randomUUID()): Promise<InvocationResult> {
    const { fn, logger } = this.options;
    if (fn.reservedConcurrency === 0) {
      throw new LambdaServiceError('TooManyRequestsException', 'Rate Exceeded.', 429);
    }
    const fields = { function: fn.name, requestId };
    logger.info('invocation started', fields);
    const started = performance.now();
    const lease = await this.pool.acquire();
    let outcome: SandboxOutcome | undefined;
    let initDurationMs: number | undefined;
    try {
      if (lease.cold) {
        const init = await lease.sandbox.ready;
        if (init.ok) initDurationMs = Math.round(init.initDurationMs);
        else outcome = init;
      }
      outcome ??= await lease.sandbox.run(requestId, payload);
    } finally {
      this.pool.release(lease.sandbox);
    }
    if (outcome.ok && Buffer.byteLength(outcome.payload) > MAX_RESPONSE_BYTES) {
      outcome = { ok: false, error: responseTooLarge() };
    }
    const durationMs = Math.round(performance.now() - started);
    const timing = {
      durationMs,
      coldStart: lease.cold,
      ...(initDurationMs === undefined ? {} : { initDurationMs }),
    };
    if (outcome.ok) logger.info('invocation ended', { ...fields, ...timing });
    else {
      const { errorType, errorMessage } = outcome.error;
      logger.error('invocation failed', { ...fields, ...timing, errorType, errorMessage });
    }
    return { requestId, ...outcome };
  }

  /** Starts one environment now, so the first invocation is warm. */
  prewarm(): Promise<void> {
    return this.pool.prewarm();
  }

  stop() {
    this.pool.stop();
  }
}

const responseTooLarge = (): FunctionErrorPayload => ({
  errorType: 'Function.ResponseSizeTooLarge',
  errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
});

export type { InvocationResult };
export { FunctionRunner };
