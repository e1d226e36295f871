import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DeadLetterStore, LocalLogger } from '../contracts.ts';
import type { AsyncEventQueue, QueuedEvent } from './async-queue.ts';
import { type FunctionErrorPayload, functionNotFound } from './errors.ts';
import type { LocalFunction } from './function-config.ts';
import { findFunction } from './function-lookup.ts';
import type { InvocationResult } from './function-runner.ts';
import { type AsyncPolicy, DEFAULT_POLICY } from './invoke-config.ts';

/** Lambda waits at least one minute before the first retry and two before the second. */
const lambdaRetryDelayMs = (retry: number) => retry * 60_000;

interface AsyncInvokerOptions {
  run: (fn: LocalFunction, payload: string, requestId: string) => Promise<InvocationResult>;
  functions: readonly LocalFunction[];
  policies: Map<string, AsyncPolicy>;
  queue: AsyncEventQueue;
  deadLetters: DeadLetterStore;
  logger: LocalLogger;
  retryDelayMs?: (retry: number) => number;
}

type Outcome = { ok: true } | { ok: false; error: FunctionErrorPayload };

/**
 * Lambda's asynchronous invocation: an event is queued before it is accepted, then run with the
 * function's retry attempts and maximum event age; an event that still fails goes to the
 * on-failure destination (or the function's dead-letter queue), here the dead-letter store.
 * Without a destination a failed event is discarded, as on AWS, with a log line.
 *
 * The queue outlives the runtime: an event waiting for its first attempt or a retry when the
 * runtime stops keeps its attempt count and age, and {@link resume} runs it at the next start.
 *
 * Differs from AWS: a throttle or another service error (the function is gone) counts as one of
 * the event's retry attempts, where Lambda retries those until the maximum event age; an attempt
 * cut short by the stop is not counted and runs again, so a function can see an event twice.
 */
class AsyncInvoker {
  private readonly options: AsyncInvokerOptions;
  /** Aborted while paused: no attempt starts, and retry waits end with the event queued. */
  private running = new AbortController();
  /** Set while the functions' environments are being terminated: failures are the stop's. */
  private stopping = false;
  private readonly active = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(options: AsyncInvokerOptions) {
    this.options = options;
    this.running.abort();
  }

  /**
   * Queues an event and returns its request id once it is written; it runs in the background,
   * or at the next start when the queue is paused.
   */
  async invoke(fn: LocalFunction, payload: string): Promise<string> {
    const event: QueuedEvent = {
      requestId: randomUUID(),
      functionName: fn.name,
      functionArn: fn.arn,
      payload,
      acceptedAt: Date.now(),
      attempts: 0,
    };
    // Held as in hand while it is written, so a resume listing the queue meanwhile leaves it.
    this.active.add(event.requestId);
    try {
      await this.options.queue.put(event);
    } finally {
      this.active.delete(event.requestId);
    }
    if (!this.running.signal.aborted) this.handle(event);
    return event.requestId;
  }

  /** Runs the events queued from now on. */
  start() {
    this.stopping = false;
    if (this.running.signal.aborted) this.running = new AbortController();
  }

  /** Also runs the events already queued, from an earlier run; returns how many. */
  async resume(): Promise<number> {
    this.start();
    const waiting = (await this.options.queue.list()).filter((e) => !this.active.has(e.requestId));
    for (const event of waiting) this.handle(event);
    if (waiting.length > 0) {
      this.options.logger.info('async events resumed', { events: waiting.length });
    }
    return waiting.length;
  }

  /** Starts no more attempts; events waiting for a retry stay queued. */
  pause() {
    this.running.abort();
  }

  /**
   * Pauses, and treats what fails from now on as cut short by the stop; the returned promise
   * settles once every event in hand is back in the queue or done with. The caller terminates
   * the environments in between.
   */
  stop(): Promise<void> {
    this.pause();
    this.stopping = true;
    return Promise.allSettled([...this.inFlight]).then(() => undefined);
  }

  private handle(event: QueuedEvent) {
    const { requestId } = event;
    this.active.add(requestId);
    const task = this.process(event)
      .catch((error: Error) => {
        this.options.logger.error('async event not handled, left in the queue', {
          function: event.functionName,
          requestId,
          error: error.message,
        });
      })
      .finally(() => {
        this.active.delete(requestId);
        this.inFlight.delete(task);
      });
    this.inFlight.add(task);
  }

  private async process(queued: QueuedEvent) {
    const { queue, policies, functions } = this.options;
    const delay = this.options.retryDelayMs ?? lambdaRetryDelayMs;
    const fn = findFunction(functions, queued.functionName);
    const policy = policies.get(queued.functionName) ?? DEFAULT_POLICY;
    let event = queued;
    // A resumed retry waits out what is left of its delay, counted from its last attempt.
    let due = event.attempts > 0 ? (event.lastAttemptAt ?? 0) + delay(event.attempts) : 0;
    for (;;) {
      await this.until(due);
      if (this.running.signal.aborted) return;
      if (Date.now() - event.acceptedAt > policy.maxEventAgeSeconds * 1_000) {
        return this.giveUp(event, fn, 'EventAgeExceeded');
      }
      const outcome = await this.attempt(fn, event);
      if (outcome.ok) return queue.remove(event.requestId);
      // The environment was terminated under it: not the function's failure, so not counted.
      if (this.stopping) return;
      const lastAttemptAt = Date.now();
      event = { ...event, attempts: event.attempts + 1, lastAttemptAt, lastError: outcome.error };
      if (event.attempts > policy.maxRetries) return this.giveUp(event, fn, 'RetriesExhausted');
      await queue.put(event);
      const retryInMs = delay(event.attempts);
      due = lastAttemptAt + retryInMs;
      this.options.logger.info('async event queued for a retry', {
        function: event.functionName,
        requestId: event.requestId,
        attempts: event.attempts,
        retryInMs,
      });
    }
  }

  /** Waits until `due` (ms since the epoch), or until the queue is paused. */
  private async until(due: number) {
    while (!this.running.signal.aborted && Date.now() < due) {
      const { signal } = this.running;
      await sleep(due - Date.now(), undefined, { signal, ref: false }).catch(() => undefined);
    }
  }

  /** One attempt; a service error (throttled, function gone) fails it like a function error. */
  private async attempt(fn: LocalFunction | undefined, event: QueuedEvent): Promise<Outcome> {
    if (!fn) {
      const { name, message } = functionNotFound(event.functionArn);
      return { ok: false, error: { errorType: name, errorMessage: message } };
    }
    try {
      const result = await this.options.run(fn, event.payload, event.requestId);
      return result.ok ? { ok: true } : { ok: false, error: result.error };
    } catch (error) {
      const { name, message } = error as Error;
      return { ok: false, error: { errorType: name, errorMessage: message } };
    }
  }

  private async giveUp(event: QueuedEvent, fn: LocalFunction | undefined, condition: string) {
    const { logger, deadLetters, policies, queue } = this.options;
    const { requestId, attempts, lastError: error } = event;
    const destination = policies.get(event.functionName)?.onFailure ?? fn?.deadLetterTarget;
    const fields = { function: event.functionName, requestId, attempts, condition, destination };
    if (destination) {
      await deadLetters.put({
        source: `lambda-async:${event.functionName}`,
        target: event.functionArn,
        reason: `${condition}${error ? `: ${error.errorMessage}` : ''}`,
        ...(error ? { errorType: error.errorType } : {}),
        attempts,
        payload: JSON.parse(event.payload),
      });
      logger.warn('async event sent to the dead-letter store', fields);
    } else {
      logger.warn('async event discarded: no on-failure destination', fields);
    }
    await queue.remove(requestId);
  }
}

export { AsyncInvoker };
