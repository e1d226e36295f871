import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import type { BatonFunction } from './baton-function.ts';
import { DeadLetterQueue } from './dead-letter-queue.ts';
import { acknowledgeDataKeyUse } from './nag.ts';

/** Properties of {@link StreamConsumers}. */
interface StreamConsumersProps {
  /** The stage, for queue names. */
  readonly stage: string;
  /** The table whose stream both consumers read. */
  readonly table: ITable;
  /** The outbox: publishes case events and starts handover executions. */
  readonly publish: BatonFunction;
  /** Writes audit records to S3. */
  readonly exportAudit: BatonFunction;
  /** Encrypts the on-failure queues. */
  readonly encryptionKey: IKey;
  /**
   * How long export-audit gathers records before writing one object. Longer means fewer, larger
   * objects (and PUTs) and a later audit trail in S3.
   * @default Duration.seconds(60)
   */
  readonly exportBatchingWindow?: Duration;
}

/**
 * The table stream's only two readers, since a shard serves about two before reads throttle.
 * Broadcast therefore hangs off the bus, after the outbox: it sees the same case events every
 * other subscriber sees, and a slow or gone WebSocket client can never hold up a shard.
 *
 * Both report partial batch failures and bisect a failing batch, with bounded retries so one bad
 * record cannot stall its shard. Their on-failure queues receive the shard and sequence range,
 * not the records; the records themselves stay in the table, so an operator can re-run them.
 */
class StreamConsumers extends Construct {
  constructor(scope: Construct, id: string, props: StreamConsumersProps) {
    super(scope, id);
    const { stage, table, encryptionKey } = props;
    const failures = (purpose: string) =>
      new SqsDlq(new DeadLetterQueue(this, purpose, { stage, purpose, encryptionKey }).queue);

    // Both read the encrypted stream and write to encrypted on-failure queues.
    acknowledgeDataKeyUse(props.publish);
    acknowledgeDataKeyUse(props.exportAudit);
    props.publish.function.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        // Small batches, no waiting: a handover should start and a view update within a second.
        batchSize: 100,
        parallelizationFactor: 1,
        bisectBatchOnError: true,
        retryAttempts: 10,
        maxRecordAge: Duration.hours(6),
        reportBatchItemFailures: true,
        onFailure: failures('publish-case-changes-stream-failures'),
      }),
    );

    props.exportAudit.function.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        // One S3 object per batch: up to 1,000 audit records (Lambda caps the payload at 6 MB)
        // gathered for up to a minute, so a busy day is a few thousand PUTs.
        batchSize: 1_000,
        maxBatchingWindow: props.exportBatchingWindow ?? Duration.seconds(60),
        parallelizationFactor: 1,
        bisectBatchOnError: true,
        retryAttempts: 10,
        // As long as the stream keeps records at all.
        maxRecordAge: Duration.hours(24),
        reportBatchItemFailures: true,
        onFailure: failures('export-audit-stream-failures'),
        // Audit records are written once and never updated: only their inserts are exported.
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { Keys: { SK: { S: FilterRule.beginsWith('AUDIT#') } } },
          }),
        ],
      }),
    );
  }
}

export type { StreamConsumersProps };
export { StreamConsumers };
