import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import middy from '@middy/core';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { busEntry, eventsToPublish, insertedAuditItem } from './lib/case-changes.ts';
import { readEnv } from './lib/env.ts';
import { executionArn, executionName } from './lib/execution-names.ts';
import { logger } from './lib/runtime.ts';

const env = readEnv(['EVENT_BUS_NAME', 'HANDOVER_STATE_MACHINE_ARN']);
const bus = new EventBridgeClient({});
const sfn = new SFNClient({});
const processor = new BatchProcessor(EventType.DynamoDBStreams);

/**
 * The acceptance wait's timeout: what is left of the SLA when the workflow starts, so that a
 * publish delayed by retries does not stretch the SLA the case shows (at least a second).
 */
const secondsUntil = (dueAt: string, now = Date.now()) =>
  Math.max(1, Math.ceil((Date.parse(dueAt) - now) / 1_000));

/** PutEvents takes at most ten entries a call. */
const PUT_EVENTS_MAX = 10;

/**
 * The outbox: every audit record the table's stream inserts has its events put on the bus, and a
 * requested handover starts its workflow. Because this reads the stream, an event can never be
 * lost between the write and the publish; a withdrawn handover's workflow is stopped. A failure
 * retries that record and the rest of its batch; publishing, starting and stopping are all safe
 * to repeat.
 */
const publishRecord = async (record: DynamoDBRecord): Promise<void> => {
  const item = insertedAuditItem(record);
  if (!item) return;
  const events = eventsToPublish(item);
  for (let i = 0; i < events.length; i += PUT_EVENTS_MAX) {
    const entries = events.slice(i, i + PUT_EVENTS_MAX).map((e) => busEntry(e, env.EVENT_BUS_NAME));
    const result = await bus.send(new PutEventsCommand({ Entries: entries }));
    if (result.FailedEntryCount) {
      const codes = (result.Entries ?? []).map((e) => e.ErrorCode).filter(Boolean);
      throw new Error(`PutEvents refused ${result.FailedEntryCount} entries: ${codes.join(', ')}`);
    }
  }
  for (const event of events) {
    if (event.detailType === 'Handover Withdrawn') {
      try {
        await sfn.send(
          new StopExecutionCommand({
            executionArn: executionArn(env.HANDOVER_STATE_MACHINE_ARN, event.detail.handoverId),
            cause: event.detail.reason,
          }),
        );
      } catch (error) {
        if (!(error instanceof ExecutionDoesNotExist)) throw error;
      }
      continue;
    }
    if (event.detailType !== 'Handover Requested') continue;
    try {
      await sfn.send(
        new StartExecutionCommand({
          stateMachineArn: env.HANDOVER_STATE_MACHINE_ARN,
          name: executionName(event.detail.handoverId),
          input: JSON.stringify({
            ...event.detail,
            acceptWithinSeconds: secondsUntil(event.detail.slaDueAt),
          }),
        }),
      );
    } catch (error) {
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
    logger.info('handover workflow started', {
      caseId: event.detail.caseId,
      handoverId: event.detail.handoverId,
      correlationId: event.detail.correlationId,
    });
  }
  logger.info('case change published', {
    caseId: item.record.caseId,
    seq: item.record.seq,
    events: events.length,
    correlationId: item.record.correlationId,
  });
};

/** Thrown for the records after a failed one: they wait for the retry, unpublished. */
class EarlierRecordFailed extends Error {
  override readonly name = 'EarlierRecordFailed';
}

/**
 * In stream order, one record at a time, so a case's events reach the bus in the order they
 * happened. From the first failure on, the rest of the batch is reported as failed without being
 * published: the mapping resumes from the lowest failed sequence number, so a later change of a
 * case is never published before an earlier one, neither now nor on the retry.
 */
const publish = (event: DynamoDBStreamEvent) => {
  let failed = false;
  const inOrder = async (record: DynamoDBRecord) => {
    if (failed) throw new EarlierRecordFailed('an earlier record of the batch failed');
    try {
      await publishRecord(record);
    } catch (error) {
      failed = true;
      logger.warn('case changes not published; the batch resumes from this record', {
        sequenceNumber: record.dynamodb?.SequenceNumber,
        error: error as Error,
      });
      throw error;
    }
  };
  return processPartialResponse(event, inOrder, processor, {
    processInParallel: false,
    throwOnFullBatchFailure: false,
  });
};

const handler = middy(publish).use(injectLambdaContext(logger, { resetKeys: true }));

export { handler };
