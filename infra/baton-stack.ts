import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { inboundEventSchemas } from '#schemas/inbound-events.ts';
import type { BatonConfig } from './config.ts';
import {
  answersHandovers,
  broadcastsCases,
  closesConnections,
  exportsAudit,
  opensConnections,
  postsToConnections,
  putsEvents,
  readsCases,
  recordsTaskTokens,
  startsHandovers,
  subscribesConnections,
  verifiesTokens,
  writesCases,
} from './constructs/access.ts';
import { Alarms } from './constructs/alarms.ts';
import { AuditBucket } from './constructs/audit-bucket.ts';
import { BatonFunction, type BatonFunctionProps } from './constructs/baton-function.ts';
import { CaseTable } from './constructs/case-table.ts';
import { DataKey } from './constructs/data-key.ts';
import { BatonEventBus } from './constructs/event-bus.ts';
import { EventRouting } from './constructs/event-routing.ts';
import { HandoverWorkflow } from './constructs/handover-workflow.ts';
import { BatonHttpApi } from './constructs/http-api.ts';
import { StreamConsumers } from './constructs/stream-consumers.ts';
import { SweepSchedule } from './constructs/sweep-schedule.ts';
import { BatonWebSocketApi } from './constructs/websocket-api.ts';

/** Properties of {@link BatonStack}. */
interface BatonStackProps extends StackProps {
  /** Everything read from context; see `config.ts`. */
  readonly config: BatonConfig;
}

/**
 * All of Baton in one stack:
 *
 * - billing and signal producers put events on the bus; rules deliver them to `ingest-event`,
 *   which writes the case, its audit record and the event's idempotency key in one transaction;
 * - the table stream has exactly two readers: `publish-case-changes` (the outbox, which puts
 *   `baton.cases` events on the bus and starts handover executions) and `export-audit` (S3);
 * - `baton.cases` events reach `broadcast-change`, which pushes them to WebSocket connections;
 * - each handover is a Standard Step Functions execution (`statemachines/handover.asl.json`,
 *   written in JSONata so each wait's `TimeoutSeconds` comes from the execution input) that waits
 *   for an accept or decline by task token, escalates, and finally assigns to the fallback;
 * - teams act over the HTTP API and watch over the WebSocket API; a schedule sweeps for stalls.
 *
 * Every function gets exactly the access it needs, each grant with the variable that names it.
 */
class BatonStack extends Stack {
  constructor(scope: Construct, id: string, props: BatonStackProps) {
    super(scope, id, props);
    const { config } = props;
    const { stage } = config;
    // Only dev is disposable: elsewhere data and logs outlive the stack.
    const protect = stage !== 'dev';

    const { key } = new DataKey(this, 'DataKey', { stage });
    const { table } = new CaseTable(this, 'Cases', { stage, encryptionKey: key, protect });
    const audit = new AuditBucket(this, 'Audit', {
      stage,
      encryptionKey: key,
      retentionDays: config.auditRetentionDays,
    });
    const inboundSources = [...config.billingSources, ...config.signalSources];
    const { bus } = new BatonEventBus(this, 'Events', {
      stage,
      inboundSources,
      inboundDetailTypes: Object.keys(inboundEventSchemas),
      producerAccountIds: config.producerAccountIds,
      producerOrganizationId: config.producerOrganizationId,
      encryptionKey: key,
    });
    const tokenKey = new Secret(this, 'TokenSigningKey', {
      secretName: `baton-${stage}/token-signing-key`,
      description: 'HMAC key that signs and verifies Baton bearer tokens',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(tokenKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotation needs verifiers that accept the old and new key during the switch; until they do, the key is rotated by hand with a redeploy.',
    });

    const fn = (
      handler: string,
      options: Omit<BatonFunctionProps, 'stage' | 'handler' | 'encryptionKey'>,
    ) =>
      new BatonFunction(this, handler, {
        stage,
        handler,
        encryptionKey: key,
        retainLogs: protect,
        ...options,
      });

    // The handover workflow and the functions it runs.
    const waitForAnswer = fn('handover-wait', { invokedBy: 'step-functions' }).allow(
      recordsTaskTokens(table),
    );
    const decide = fn('handover-decide', { invokedBy: 'step-functions' }).allow(writesCases(table));
    const escalate = fn('handover-escalate', { invokedBy: 'step-functions' }).allow(
      writesCases(table),
    );
    const assignFallback = fn('handover-assign-fallback', { invokedBy: 'step-functions' }).allow(
      writesCases(table),
    );
    const { stateMachine: handover } = new HandoverWorkflow(this, 'Handover', {
      stage,
      wait: waitForAnswer,
      decide,
      escalate,
      assignFallback,
      acceptanceSlaSeconds: config.acceptanceSlaSeconds,
      escalationSlaSeconds: config.escalationSlaSeconds,
      retainLogs: protect,
    });

    // Events in, and the two stream readers.
    // The rules tie each detail-type to its sources, so ingest trusts what reaches it.
    const ingest = fn('ingest-event', { invokedBy: 'eventbridge-rule' }).allow(writesCases(table));
    const publish = fn('publish-case-changes', {
      invokedBy: 'dynamodb-stream',
      timeout: Duration.seconds(60),
    }).allow(putsEvents(bus), startsHandovers(handover));
    const exportAudit = fn('export-audit', {
      invokedBy: 'dynamodb-stream',
      timeout: Duration.seconds(120),
    }).allow(exportsAudit(audit.bucket));
    new StreamConsumers(this, 'Stream', { stage, table, publish, exportAudit, encryptionKey: key });

    // The live view.
    const authorize = fn('ws-authorize', { invokedBy: 'websocket-api' }).allow(
      verifiesTokens(tokenKey),
    );
    const ws = new BatonWebSocketApi(this, 'WebSocket', {
      stage,
      authorize,
      connect: fn('ws-connect', { invokedBy: 'websocket-api' }).allow(opensConnections(table)),
      disconnect: fn('ws-disconnect', { invokedBy: 'websocket-api' }).allow(
        closesConnections(table),
      ),
      subscribe: fn('ws-subscribe', { invokedBy: 'websocket-api' }).allow(
        subscribesConnections(table),
      ),
      fallback: fn('ws-default', { invokedBy: 'websocket-api' }),
      retainLogs: protect,
    });
    // Broadcast reads cases and deletes the connections that are gone, and writes nothing else.
    const broadcast = fn('broadcast-change', {
      invokedBy: 'eventbridge-rule',
      maxEventAge: Duration.minutes(5),
    }).allow(broadcastsCases(table), postsToConnections(ws.stage));
    new EventRouting(this, 'Routing', {
      stage,
      bus,
      billingSources: config.billingSources,
      signalSources: config.signalSources,
      ingest,
      broadcast,
      encryptionKey: key,
    });

    // Commands and queries.
    const http = new BatonHttpApi(this, 'Http', {
      stage,
      commands: fn('http-commands', { invokedBy: 'http-api' }).allow(
        writesCases(table),
        answersHandovers(handover),
        verifiesTokens(tokenKey),
      ),
      queries: fn('http-queries', { invokedBy: 'http-api' }).allow(
        readsCases(table),
        verifiesTokens(tokenKey),
      ),
      retainLogs: protect,
    });

    const sweep = fn('stall-sweep', {
      invokedBy: 'scheduler',
      timeout: Duration.seconds(60),
    }).allow(writesCases(table));
    new SweepSchedule(this, 'StallSweep', { stage, sweep, encryptionKey: key });

    const alarms = new Alarms(this, 'Alarms', {
      stage,
      handover,
      streamConsumers: [
        { fn: publish, maxIteratorAge: Duration.minutes(1) },
        // Its batching window alone holds records for up to a minute.
        { fn: exportAudit, maxIteratorAge: Duration.minutes(15) },
      ],
    });

    new CfnOutput(this, 'EventBusName', { value: bus.eventBusName });
    new CfnOutput(this, 'HttpApiUrl', { value: http.api.apiEndpoint });
    new CfnOutput(this, 'WebSocketUrl', { value: ws.stage.url });
    new CfnOutput(this, 'AuditBucketName', { value: audit.bucket.bucketName });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
  }
}

export type { BatonStackProps };
export { BatonStack };
