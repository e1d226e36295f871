import { Duration, Stack } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import type { BatonFunction } from './baton-function.ts';
import { DeadLetterQueue } from './dead-letter-queue.ts';
import { acknowledgeEach, nagResource } from './nag.ts';

/** Properties of {@link SweepSchedule}. */
interface SweepScheduleProps {
  /** The stage; the schedule is named `baton-<stage>-stall-sweep`. */
  readonly stage: string;
  /** Finds cases past their next deadline. */
  readonly sweep: BatonFunction;
  /** @default Duration.minutes(5) */
  readonly every?: Duration;
  /** Encrypts the dead-letter queue. */
  readonly encryptionKey: IKey;
}

/**
 * Runs the stall sweep on a fixed rate. A missed run is harmless, since the next one finds the
 * same overdue cases, so undeliverable runs expire within one interval rather than pile up.
 */
class SweepSchedule extends Construct {
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: SweepScheduleProps) {
    super(scope, id);
    const every = props.every ?? Duration.minutes(5);
    const dlq = new DeadLetterQueue(this, 'DeadLetters', {
      stage: props.stage,
      purpose: 'stall-sweep-schedule',
      encryptionKey: props.encryptionKey,
    });
    // Its own role rather than CDK's shared one, so it holds this target's grants only.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    this.schedule = new Schedule(this, 'Schedule', {
      scheduleName: `baton-${props.stage}-stall-sweep`,
      description: 'Finds cases past their next deadline and flags them stalled or breached',
      schedule: ScheduleExpression.rate(every),
      target: new LambdaInvoke(props.sweep.function, {
        role,
        deadLetterQueue: dlq.queue,
        retryAttempts: 2,
        maxEventAge: every,
      }),
    });
    // CDK grants the schedule sqs:SendMessage but not the key the queue is encrypted with.
    props.encryptionKey.grant(role, 'kms:GenerateDataKey', 'kms:Decrypt');
    acknowledgeEach(
      role,
      [
        `AwsSolutions-IAM5[Resource::${nagResource(this, `${props.sweep.function.functionArn}:*`)}]`,
      ],
      'The schedule may invoke versions and aliases of the stall sweep, and no other function.',
    );
  }
}

export type { SweepScheduleProps };
export { SweepSchedule };
