import { setTimeout as sleep } from 'node:timers/promises';
import type { DynamoDBRecord } from 'aws-lambda';
import {
  type DeadLetterStore,
  LambdaInvocationError,
  type LambdaInvoker,
  type LocalLogger,
} from '../contracts.ts';
import type { StreamMapping } from './mapping-config.ts';

type Outcome =
  | { kind: 'ok' }
  | { kind: 'partial'; from: number }
  | { kind: 'failed'; errorType: string; message: string };

interface DeliveryOptions {
  mapping: StreamMapping;
  lambda: LambdaInvoker;
  deadLetters: DeadLetterStore;
  logger: LocalLogger;
  /** Records everything up to this sequence number as handled. */
  commit: (sequenceNumber: string) => Promise<void>;
  retryDelayMs: (retry: number) => number;
  signal: AbortSignal;
}

const sequenceOf = (record: DynamoDBRecord) => record.dynamodb?.SequenceNumber ?? '';

/**
 * Reads a partial batch response as Lambda does: no response, no list or an empty list is a
 * success; an item without a usable `itemIdentifier` (missing, empty, not in the batch) fails the
 * whole batch; otherwise the batch is retried from the lowest failed sequence number.
 */
const readResponse = (response: unknown, batch: DynamoDBRecord[]): Outcome => {
  const failures = (response as { batchItemFailures?: unknown } | null)?.batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'ok' };
  const invalid = {
    kind: 'failed',
    errorType: 'InvalidBatchItemFailures',
    message: 'invalid batchItemFailures',
  } as const;
  if (!Array.isArray(failures)) return invalid;
  if (failures.length === 0) return { kind: 'ok' };
  let from = batch.length;
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    const index =
      typeof id === 'string' && id !== '' ? batch.findIndex((r) => sequenceOf(r) === id) : -1;
    if (index < 0) return invalid;
    from = Math.min(from, index);
  }
  return { kind: 'partial', from };
};

class DeliveryStopped extends Error {
  override readonly name = 'DeliveryStopped';
}

/**
 * Delivers one batch until every record in it is handled: delivered, or sent to the dead-letter
 * store once the retry attempts or the record age run out. A function error bisects the batch
 * when the mapping says so; a partial batch response checkpoints the records before the lowest
 * failure and retries from there. A stop interrupts between attempts without checkpointing, so
 * the rest is delivered again after a restart (at least once, as on AWS).
 *
 * Differs from AWS: splitting a batch does not use up a retry attempt (the halves keep the count
 * the batch had); retries wait `retryDelayMs` (a short backoff) between attempts.
 */
const deliverBatch = async (
  records: DynamoDBRecord[],
  options: DeliveryOptions,
  retriesSoFar = 0,
): Promise<void> => {
  const { mapping, lambda, logger, signal } = options;
  let batch = records;
  let retries = retriesSoFar;
  const fields = { mapping: mapping.logicalId, function: mapping.functionName };
  for (;;) {
    if (signal.aborted) throw new DeliveryStopped();
    const oldest = Math.min(
      ...batch.map((r) => r.dynamodb?.ApproximateCreationDateTime ?? Infinity),
    );
    if (
      mapping.maxRecordAgeSeconds >= 0 &&
      Date.now() / 1_000 - oldest > mapping.maxRecordAgeSeconds
    ) {
      return discard(batch, 'RecordAgeExceeded', undefined, retries, options);
    }
    let outcome: Outcome;
    try {
      const response = await lambda.invoke(mapping.functionName, { Records: batch });
      outcome = mapping.reportBatchItemFailures ? readResponse(response, batch) : { kind: 'ok' };
    } catch (error) {
      if (!(error instanceof LambdaInvocationError)) {
        // A service failure (function missing, runtime stopping): the batch never reached the
        // function, so, as on AWS, it is retried without using up an attempt.
        if (signal.aborted) throw new DeliveryStopped();
        logger.warn('stream batch not delivered', { ...fields, error: String(error) });
        await pause(options.retryDelayMs(retries + 1), signal);
        continue;
      }
      outcome = { kind: 'failed', errorType: error.errorType, message: error.message };
    }
    // A failure while the runtime stops says nothing about the records: leave them for later.
    if (outcome.kind !== 'ok' && signal.aborted) throw new DeliveryStopped();
    const last = batch.at(-1);
    if (outcome.kind === 'ok') {
      logger.debug('stream batch delivered', { ...fields, records: batch.length });
      if (last) await options.commit(sequenceOf(last));
      return;
    }
    if (outcome.kind === 'partial') {
      const done = batch[outcome.from - 1];
      if (done) await options.commit(sequenceOf(done));
      batch = batch.slice(outcome.from);
      logger.warn('stream batch partly failed', {
        ...fields,
        retries,
        failedFrom: batch[0] ? sequenceOf(batch[0]) : undefined,
      });
    } else {
      logger.warn('stream batch failed', {
        ...fields,
        retries,
        records: batch.length,
        errorType: outcome.errorType,
      });
      if (mapping.bisect && batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        await deliverBatch(batch.slice(0, half), options, retries);
        await deliverBatch(batch.slice(half), options, retries);
        return;
      }
    }
    if (mapping.maxRetries >= 0 && retries >= mapping.maxRetries) {
      const failure = outcome.kind === 'failed' ? outcome : undefined;
      return discard(batch, 'RetryAttemptsExhausted', failure, retries, options);
    }
    retries++;
    await pause(options.retryDelayMs(retries), signal);
  }
};

const pause = async (ms: number, signal: AbortSignal) => {
  try {
    await sleep(ms, undefined, { signal, ref: false });
  } catch {
    throw new DeliveryStopped();
  }
};

/** Sends records the mapping gives up on to its on-failure destination, then moves past them. */
const discard = async (
  batch: DynamoDBRecord[],
  condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded',
  failure: { errorType: string; message: string } | undefined,
  retries: number,
  options: DeliveryOptions,
) => {
  const { mapping, logger } = options;
  const fields = {
    mapping: mapping.logicalId,
    condition,
    records: batch.length,
    attempts: retries + 1,
  };
  if (mapping.onFailure) {
    await options.deadLetters.put({
      source: `stream:${mapping.logicalId}`,
      target: mapping.functionName,
      reason: failure ? `${condition}: ${failure.message}` : condition,
      ...(failure ? { errorType: failure.errorType } : {}),
      attempts: retries + 1,
      payload: { Records: batch },
    });
    logger.warn('stream records sent to the dead-letter store', fields);
  } else {
    logger.warn('stream records skipped: no on-failure destination', fields);
  }
  const last = batch.at(-1);
  if (last) await options.commit(sequenceOf(last));
};

export type { DeliveryOptions };
export { DeliveryStopped, deliverBatch };
