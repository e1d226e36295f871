import { Duration, Stack, Validations } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { BatonFunction } from './baton-function.ts';
import { DeadLetterQueue } from './dead-letter-queue.ts';

/** Properties of {@link Alarms}. */
interface AlarmsProps {
  /** The stage; alarms are named `baton-<stage>-...` and the topic `baton-<stage>-alarms`. */
  readonly stage: string;
  /** The functions that read the table stream, with the iterator age each may reach. */
  readonly streamConsumers: ReadonlyArray<{ fn: BatonFunction; maxIteratorAge: Duration }>;
  readonly handover: IStateMachine;
}

/**
 * Alarms on everything that means a case or an event is stuck, all to one SNS topic. Created
 * last: it finds every dead-letter queue and every function in the stack itself, so a queue or a
 * function added later is watched without anyone remembering to.
 */
class Alarms extends Construct {
  readonly topic: Topic;
  private readonly stage: string;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.stage = props.stage;
    this.topic = new Topic(this, 'Topic', {
      topicName: `baton-${props.stage}-alarms`,
      enforceSSL: true,
    });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry alarm names and metric values, no case data; CloudWatch cannot publish to a topic under the AWS-managed SNS key.',
    });

    const all = Stack.of(this).node.findAll();
    for (const dlq of all.filter((c): c is DeadLetterQueue => c instanceof DeadLetterQueue)) {
      this.alarm(
        `${dlq.purpose}-dlq`,
        dlq.queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: 'Maximum',
        }),
      );
    }
    for (const fn of all.filter((c): c is BatonFunction => c instanceof BatonFunction)) {
      this.alarm(
        `${fn.handlerName}-errors`,
        fn.function.metricErrors({
          period: Duration.minutes(5),
          statistic: 'Sum',
        }),
      );
    }
    for (const { fn, maxIteratorAge } of props.streamConsumers) {
      const iteratorAge = fn.function.metric('IteratorAge', {
        period: Duration.minutes(1),
        statistic: 'Maximum',
      });
      this.alarm(`${fn.handlerName}-iterator-age`, iteratorAge, maxIteratorAge.toMilliseconds(), 5);
    }
    const period = Duration.minutes(5);
    this.alarm('handover-failed', props.handover.metricFailed({ period }));
    this.alarm('handover-timed-out', props.handover.metricTimedOut({ period }));
  }

  /** An alarm when the metric goes above the threshold for the given number of periods. */
  private alarm(name: string, metric: IMetric, threshold = 0, periods = 1): void {
    const alarm = new Alarm(this, name, {
      alarmName: `baton-${this.stage}-${name}`,
      metric,
      threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: periods,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
  }
}

export type { AlarmsProps };
export { Alarms };
