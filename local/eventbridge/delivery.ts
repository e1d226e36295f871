import type { DeadLetterStore, LambdaInvoker, LocalLogger } from '../contracts.ts';
import { type InputTransformationError, targetInput } from './input-transform.ts';
import type { BusEvent, EventBridgeClock, Rule, RuleTarget } from './model.ts';
import type { PendingStore } from './pending-store.ts';

/**
 * How long to wait before retry `n` (1-based). EventBridge backs off exponentially with jitter
 * over as long as 24 hours. Differs from AWS: locally the waits are short (by default 100 ms
 * doubling to at most 5 s, with jitter) so that failures surface in minutes, not hours; the
 * number of attempts and the maximum event age of the target's retry policy are kept.
 */
interface RetryBackoff {
  baseDelayMs: number;
  maxDelayMs: number;
}

const DEFAULT_BACKOFF: RetryBackoff = { baseDelayMs: 100, maxDelayMs: 5_000 };

interface Delivery {
  rule: Rule;
  target: RuleTarget;
  event: BusEvent;
  ingestedAt: number;
}

interface DelivererDeps {
  lambda: LambdaInvoker;
  deadLetters: DeadLetterStore;
  /** Where deliveries in hand are kept until the target has the event. */
  pending: PendingStore;
  logger: LocalLogger;
  clock: EventBridgeClock;
  backoff?: RetryBackoff;
}

class TargetNotFoundError extends Error {
  override readonly name = 'ResourceNotFoundException';
}

/** The log fields of a delivery: ids only, never the detail's contents. */
const logFields = ({ rule, target, event }: Delivery, attempts: number) => {
  const detail = event.detail;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    rule: rule.name,
    target: target.arn,
    targetId: target.id,
    attempts,
    eventId: event.id,
    ...(text(detail.correlationId ?? detail.eventId) && {
      correlationId: text(detail.correlationId ?? detail.eventId),
    }),
    ...(text(detail.eventId) && { detailEventId: text(detail.eventId) }),
    ...(event['replay-name'] && { replayName: event['replay-name'] }),
  };
};

const delayFor = (backoff: RetryBackoff, retry: number): number => {
  const ceiling = Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
};

/**
 * Delivers events to rule targets in the background, never blocking the caller: each attempt
 * invokes the target function; a failure is retried by the target's retry policy, then goes to
 * the dead-letter store if the target has a dead-letter queue, or is dropped with a warning, as
 * on AWS.
 *
 * The runtime gives this the Lambda service's asynchronous invocation, as AWS invokes a Lambda
 * target: an attempt succeeds once Lambda has queued the event, a function's own error is
 * retried by the function's asynchronous invocation settings (and its on-failure destination),
 * and the rule's retry policy and dead-letter queue cover failures to hand the event to Lambda.
 *
 * Each delivery is written to the pending store before `PutEvents` answers and removed once it
 * is delivered or given up, so a runtime killed in between delivers it at its next start.
 */
type Outcome = 'settled' | 'kept';

const createDeliverer = (deps: DelivererDeps) => {
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const inFlight = new Set<Promise<void>>();
  let stopping = new AbortController();

  const giveUp = async (delivery: Delivery, error: Error, attempts: number) => {
    const fields = { ...logFields(delivery, attempts), errorType: error.name };
    if (!delivery.target.deadLetterArn) {
      deps.logger.warn('event dropped after retries, the target has no dead-letter queue', fields);
      return;
    }
    await deps.deadLetters.put({
      source: `eventbridge:${delivery.rule.name}`,
      target: delivery.target.arn,
      reason: `${error.name}: ${error.message}`,
      errorType: error.name,
      attempts,
      payload: delivery.event,
    });
    deps.logger.warn('event dead-lettered', fields);
  };

  /**
   * Attempts until delivered or given up: `settled`. An event still waiting for a retry when the
   * runtime stops is `kept` in the pending store and delivered at the next start, its age
   * counted from when the bus accepted it (its attempts start again).
   */
  const attemptAll = async (delivery: Delivery, input: unknown): Promise<Outcome> => {
    const { maximumRetryAttempts, maximumEventAgeSeconds } = delivery.target.retryPolicy;
    const deadline = delivery.ingestedAt + maximumEventAgeSeconds * 1_000;
    for (let attempts = 1; ; attempts++) {
      try {
        if (!deps.lambda.has(delivery.target.arn)) {
          throw new TargetNotFoundError(`Function not found: ${delivery.target.arn}`);
        }
        await deps.lambda.invoke(delivery.target.arn, input);
        deps.logger.info('event delivered', logFields(delivery, attempts));
        return 'settled';
      } catch (caught) {
        const error = caught instanceof Error ? caught : new Error(String(caught));
        deps.logger.debug('event delivery failed', {
          ...logFields(delivery, attempts),
          errorType: error.name,
        });
        const retryable = !(error instanceof TargetNotFoundError);
        if (!retryable || attempts > maximumRetryAttempts || deps.clock.now() >= deadline) {
          await giveUp(delivery, error, attempts);
          return 'settled';
        }
        await deps.clock.sleep(delayFor(backoff, attempts), stopping.signal);
        if (stopping.signal.aborted) {
          deps.logger.info('event kept for the next start', {
            ...logFields(delivery, attempts),
            errorType: error.name,
          });
          return 'kept';
        }
        if (deps.clock.now() >= deadline) {
          await giveUp(delivery, error, attempts);
          return 'settled';
        }
      }
    }
  };

  const run = async (delivery: Delivery): Promise<Outcome> => {
    let input: unknown;
    try {
      input = targetInput(delivery.target, delivery);
    } catch (error) {
      // A transformation that fails once fails every time: straight to the dead letters.
      await giveUp(delivery, error as InputTransformationError, 0);
      return 'settled';
    }
    return attemptAll(delivery, input);
  };

  const inBackground = (delivery: Delivery, key: string): void => {
    const task = run(delivery)
      .then((outcome) => (outcome === 'settled' ? deps.pending.remove(key) : undefined))
      .catch((error: Error) => {
        deps.logger.error('event delivery crashed', {
          ...logFields(delivery, 0),
          errorType: error.name,
          message: error.message,
        });
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
  };

  return {
    /**
     * Keeps the delivery in the pending store, then delivers it in the background: resolves once
     * it is kept, never waiting for the target.
     */
    async deliver(delivery: Delivery): Promise<void> {
      const key = await deps.pending.put({
        busName: delivery.rule.busName,
        ruleName: delivery.rule.name,
        targetId: delivery.target.id,
        targetArn: delivery.target.arn,
        event: delivery.event,
        ingestedAt: delivery.ingestedAt,
      });
      inBackground(delivery, key);
    },
    /** Delivers, in the background, one that an earlier run kept and did not finish. */
    resume(delivery: Delivery, key: string): void {
      inBackground(delivery, key);
    },
    /** Resolves when every delivery started so far has finished (delivered or given up). */
    async idle(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    /** Lets retries wait again after a stop. */
    start(): void {
      if (stopping.signal.aborted) stopping = new AbortController();
    },
    /** Cuts waits for retries short (their events stay kept for the next start) and waits. */
    async stop(): Promise<void> {
      stopping.abort();
      await this.idle();
    },
  };
};

type Deliverer = ReturnType<typeof createDeliverer>;

export { createDeliverer, DEFAULT_BACKOFF, type Deliverer, type Delivery, type RetryBackoff };
