import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DeadLetterStore, LocalLogger, TemplateResource } from '../contracts.ts';
import type { LocalFunction } from './function-config.ts';
import { findFunction } from './function-lookup.ts';
import type { InvocationResult } from './function-runner.ts';

/** A function's `AWS::Lambda::EventInvokeConfig`, or Lambda's defaults without one. */
interface AsyncPolicy {
  maxRetries: number;
  maxEventAgeSeconds: number;
  onFailure?: string;
}

const DEFAULT_POLICY: AsyncPolicy = { maxRetries: 2, maxEventAgeSeconds: 21_600 };

/** Lambda waits at least one minute before the first retry and two before the second. */
const lambdaRetryDelayMs = (retry: number) => retry * 60_000;

/** Reads the invoke configs by function name, or the problems that keep them from running here. */
const readInvokeConfigs = (resources: TemplateResource[], functions: LocalFunction[]) => {
  const policies = new Map<string, AsyncPolicy>();
  const problems: string[] = [];
  for (const { logicalId, properties: p } of resources) {
    const at = `AWS::Lambda::EventInvokeConfig ${logicalId}`;
    const fn = findFunction(functions, String(p.FunctionName ?? ''));
    if (!fn) problems.push(`${at}: function ${String(p.FunctionName)} is not in the template`);
    if (p.Qualifier !== undefined && p.Qualifier !== '$LATEST') {
      problems.push(`${at}: qualifier ${String(p.Qualifier)} (only $LATEST exists locally)`);
    }
    const destinations = (p.DestinationConfig ?? {}) as Record<string, { Destination?: string }>;
    if (destinations.OnSuccess) {
      problems.push(`${at}: on-success destinations are not delivered locally`);
    }
    if (!fn) continue;
    const onFailure = destinations.OnFailure?.Destination;
    policies.set(fn.name, {
      maxRetries: Number(p.MaximumRetryAttempts ?? DEFAULT_POLICY.maxRetries),
      maxEventAgeSeconds: Number(p.MaximumEventAgeInSeconds ?? DEFAULT_POLICY.maxEventAgeSeconds),
      ...(onFailure ? { onFailure } : {}),
    });
  }
  return { policies, problems };
};

interface AsyncInvokerOptions {
  run: (fn: LocalFunction, payload: string, requestId: string) => Promise<InvocationResult>;
  policies: Map<string, AsyncPolicy>;
  deadLetters: DeadLetterStore;
  logger: LocalLogger;
  retryDelayMs?: (retry: number) => number;
}

/**
 * Lambda's asynchronous invocation: the event is accepted at once, then run with the function's
 * retry attempts and maximum event age; an event that still fails goes to the on-failure
 * destination (or the function's dead-letter queue), here the dead-letter store.
 *
 * Differs from AWS: the event queue lives in memory, so events waiting for a retry when the
 * runtime stops are lost (logged); without a destination a failed event is dropped, as on AWS.
 */
class AsyncInvoker {
  private controller = new AbortController();
  private readonly options: AsyncInvokerOptions;

  constructor(options: AsyncInvokerOptions) {
    this.options = options;
  }

  /** Accepts an event and returns its request id; the attempts run in the background. */
  invoke(fn: LocalFunction, payload: string): string {
    const requestId = randomUUID();
    void this.attempt(fn, payload, requestId, Date.now(), this.controller.signal);
    return requestId;
  }

  start() {
    if (this.controller.signal.aborted) this.controller = new AbortController();
  }

  stop() {
    this.controller.abort();
  }

  private async attempt(
    fn: LocalFunction,
    payload: string,
    requestId: string,
    acceptedAt: number,
    signal: AbortSignal,
  ) {
    const { logger } = this.options;
    const policy = this.options.policies.get(fn.name) ?? DEFAULT_POLICY;
    const delay = this.options.retryDelayMs ?? lambdaRetryDelayMs;
    let last: InvocationResult | undefined;
    let attempts = 0;
    let condition = 'RetriesExhausted';
    try {
      for (let retry = 0; retry <= policy.maxRetries; retry++) {
        if (retry > 0) await sleep(delay(retry), undefined, { signal, ref: false });
        if (Date.now() - acceptedAt > policy.maxEventAgeSeconds * 1_000) {
          condition = 'EventAgeExceeded';
          break;
        }
        attempts++;
        last = await this.options.run(fn, payload, requestId);
        if (last.ok) return;
      }
    } catch (error) {
      if (signal.aborted) {
        logger.warn('async event dropped at stop', { function: fn.name, requestId, attempts });
        return;
      }
      logger.error('async invocation failed', {
        function: fn.name,
        requestId,
        error: String(error),
      });
      return;
    }
    await this.deadLetter(fn, payload, requestId, attempts, condition, last);
  }

  private async deadLetter(
    fn: LocalFunction,
    payload: string,
    requestId: string,
    attempts: number,
    condition: string,
    last: InvocationResult | undefined,
  ) {
    const { logger, deadLetters, policies } = this.options;
    const destination = policies.get(fn.name)?.onFailure ?? fn.deadLetterTarget;
    const error = last && !last.ok ? last.error : undefined;
    const fields = { function: fn.name, requestId, attempts, condition, destination };
    if (!destination) {
      logger.warn('async event discarded: no on-failure destination', fields);
      return;
    }
    await deadLetters.put({
      source: `lambda-async:${fn.name}`,
      target: fn.arn,
      reason: `${condition}${error ? `: ${error.errorMessage}` : ''}`,
      ...(error ? { errorType: error.errorType } : {}),
      attempts,
      payload: JSON.parse(payload),
    });
    logger.warn('async event sent to the dead-letter store', fields);
  }
}

export type { AsyncPolicy };
export { AsyncInvoker, readInvokeConfigs };
