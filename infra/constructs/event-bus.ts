import { Duration } from 'aws-cdk-lib';
import { Archive, EventBus } from 'aws-cdk-lib/aws-events';
import {
  AccountPrincipal,
  type IPrincipal,
  OrganizationPrincipal,
  PolicyStatement,
} from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Properties of {@link BatonEventBus}. */
interface BatonEventBusProps {
  /** The stage; the bus is named `baton-<stage>`. */
  readonly stage: string;
  /** The sources producers may use: billing and signal sources, never `baton.cases`. */
  readonly inboundSources: readonly string[];
  /** The detail-types producers may send. */
  readonly inboundDetailTypes: readonly string[];
  /** Other accounts that may put inbound events. @default - none */
  readonly producerAccountIds?: readonly string[];
  /** An organisation whose accounts may put inbound events. @default - none */
  readonly producerOrganizationId?: string;
  /** Encrypts the archive, which keeps a year of events carrying case data. */
  readonly encryptionKey: IKey;
  /** How long inbound events stay replayable. @default Duration.days(365) */
  readonly archiveRetention?: Duration;
}

/**
 * The custom bus billing and signal producers put events on, and Baton publishes its case events
 * to. Inbound events are archived, so a fixed bug can be followed by a replay; replaying is safe
 * because ingest claims every event id.
 */
class BatonEventBus extends Construct {
  readonly bus: EventBus;

  constructor(scope: Construct, id: string, props: BatonEventBusProps) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', { eventBusName: `baton-${props.stage}` });
    new Archive(this, 'InboundArchive', {
      sourceEventBus: this.bus,
      archiveName: `baton-${props.stage}-inbound`,
      description: 'Billing and signal events, for replay into ingest',
      eventPattern: { source: [...props.inboundSources] },
      retention: props.archiveRetention ?? Duration.days(365),
      kmsKey: props.encryptionKey,
    });

    const accounts = props.producerAccountIds ?? [];
    if (accounts.length > 0) {
      this.allowProducers(
        'ProducerAccountsPutEvents',
        accounts.map((a) => new AccountPrincipal(a)),
        props,
      );
    }
    if (props.producerOrganizationId) {
      const organisation = new OrganizationPrincipal(props.producerOrganizationId);
      this.allowProducers('ProducerOrganisationPutEvents', [organisation], props);
    }
  }

  /** Producers may only send what Baton consumes, so none can pose as Baton itself. */
  private allowProducers(sid: string, principals: IPrincipal[], props: BatonEventBusProps): void {
    this.bus.addToResourcePolicy(
      new PolicyStatement({
        sid,
        principals,
        actions: ['events:PutEvents'],
        resources: [this.bus.eventBusArn],
        conditions: {
          StringEquals: {
            'events:source': [...props.inboundSources],
            'events:detail-type': [...props.inboundDetailTypes],
          },
        },
      }),
    );
  }
}

export type { BatonEventBusProps };
export { BatonEventBus };
