import { Duration } from 'aws-cdk-lib';
import { type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { CASE_EVENTS_SOURCE } from '#schemas/case-events.ts';
import { BILLING_DETAIL_TYPES, inboundEventSchemas } from '#schemas/inbound-events.ts';
import type { BatonFunction } from './baton-function.ts';
import { DeadLetterQueue } from './dead-letter-queue.ts';

/** Every inbound detail-type that does not come from billing: signals from other systems. */
const SIGNAL_DETAIL_TYPES = Object.keys(inboundEventSchemas).filter(
  (type) => !(BILLING_DETAIL_TYPES as readonly string[]).includes(type),
);

/** Properties of {@link EventRouting}. */
interface EventRoutingProps {
  /** The stage, for rule and queue names. */
  readonly stage: string;
  readonly bus: IEventBus;
  /** Sources whose billing detail-types go to ingest. */
  readonly billingSources: readonly string[];
  /** Sources whose signal detail-types go to ingest. */
  readonly signalSources: readonly string[];
  /** Takes billing events and signals. */
  readonly ingest: BatonFunction;
  /** Pushes Baton's case events to WebSocket connections. */
  readonly broadcast: BatonFunction;
  /** Encrypts the dead-letter queues. */
  readonly encryptionKey: IKey;
}

/** Delivery policy of one rule target. */
interface Delivery {
  readonly retryAttempts: number;
  readonly maxEventAge: Duration;
}

/** A valid billing event or signal is never dropped: EventBridge's most patient delivery. */
const NEVER_DROP: Delivery = { retryAttempts: 185, maxEventAge: Duration.hours(24) };
/** A push minutes late shows a stale view; clients re-read the case when they reconnect. */
const PUSH_NOW: Delivery = { retryAttempts: 3, maxEventAge: Duration.minutes(5) };

/**
 * The bus's rules: billing events and signals to ingest, Baton's own case events to broadcast.
 * Every target has a dead-letter queue for events EventBridge could not deliver.
 */
class EventRouting extends Construct {
  readonly rules: Rule[] = [];
  private readonly props: EventRoutingProps;

  constructor(scope: Construct, id: string, props: EventRoutingProps) {
    super(scope, id);
    this.props = props;
    this.route('billing', props.ingest, NEVER_DROP, {
      source: [...props.billingSources],
      detailType: [...BILLING_DETAIL_TYPES],
    });
    this.route('signals', props.ingest, NEVER_DROP, {
      source: [...props.signalSources],
      detailType: SIGNAL_DETAIL_TYPES,
    });
    // Every recorded step emits `Case Changed`; the live views need nothing else.
    this.route('case-changes', props.broadcast, PUSH_NOW, {
      source: [CASE_EVENTS_SOURCE],
      detailType: ['Case Changed'],
    });
  }

  private route(
    name: string,
    target: BatonFunction,
    delivery: Delivery,
    eventPattern: { source: string[]; detailType?: string[] },
  ): void {
    const { stage, bus, encryptionKey } = this.props;
    const dlq = new DeadLetterQueue(this, `${name}-dlq`, {
      stage,
      purpose: `${name}-to-${target.handlerName}`,
      encryptionKey,
    });
    const rule = new Rule(this, name, {
      ruleName: `baton-${stage}-${name}-to-${target.handlerName}`,
      eventBus: bus,
      eventPattern,
    });
    rule.addTarget(
      new LambdaFunction(target.function, { deadLetterQueue: dlq.queue, ...delivery }),
    );
    this.rules.push(rule);
  }
}

export type { EventRoutingProps };
export { EventRouting, SIGNAL_DETAIL_TYPES };
