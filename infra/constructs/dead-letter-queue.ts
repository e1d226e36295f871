import { Duration, Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Properties of {@link DeadLetterQueue}. */
interface DeadLetterQueueProps {
  /** The stage; the queue is named `baton-<stage>-<purpose>-dlq`. */
  readonly stage: string;
  /** What fails into the queue, in kebab case, e.g. `ingest-billing-rule`. */
  readonly purpose: string;
  /** The key that encrypts the messages, which carry case data. */
  readonly encryptionKey: IKey;
}

/**
 * A dead-letter store an operator can inspect and replay. The alarms construct finds every one
 * of these in the stack, so none goes unwatched.
 */
class DeadLetterQueue extends Construct {
  readonly queue: Queue;
  readonly purpose: string;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.purpose = props.purpose;
    this.queue = new Queue(this, 'Queue', {
      queueName: `baton-${props.stage}-${props.purpose}-dlq`,
      // The longest SQS keeps a message: time for an operator to look before replaying.
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
    });
    const reason = `This queue is itself the dead-letter store for ${props.purpose}; a queue behind it would only move the same messages.`;
    Validations.of(this.queue).acknowledge({ id: 'AwsSolutions-SQS3', reason });
    Validations.of(this.queue).acknowledge({ id: 'Serverless-SQSRedrivePolicy', reason });
  }
}

export type { DeadLetterQueueProps };
export { DeadLetterQueue };
