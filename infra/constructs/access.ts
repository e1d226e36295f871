import { ArnFormat, Fn, Stack } from 'aws-cdk-lib';
import type { WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Grant } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { HANDOVER_ITEM_ATTRIBUTES, PARTITION_PREFIXES } from '../table-design.ts';
import type { Access } from './baton-function.ts';
import { acknowledgeDataKeyUse, acknowledgeEach, nagResource } from './nag.ts';

/** The prefix export-audit writes under; the only place it may write. */
const AUDIT_PREFIX = 'audit/';

/** The table's own indexes are the only ones `index/*` can match. */
const acknowledgeIndexes = (fn: Parameters<Access>[0], table: ITable): void =>
  acknowledgeEach(
    fn,
    [`AwsSolutions-IAM5[Resource::${nagResource(fn, `${table.tableArn}/index/*`)}]`],
    "index/* covers this table's own indexes (queue, deadline, inbox) and no other table.",
  );

/** Reads cases, queues, inboxes and deadlines, but writes nothing. */
const readsCases =
  (table: ITable): Access =>
  (fn) => {
    table.grantReadData(fn);
    fn.setEnvironment('TABLE_NAME', table.tableName);
    acknowledgeIndexes(fn, table);
  };

/** Reads and writes cases, audit records, handovers, idempotency keys and connections. */
const writesCases =
  (table: ITable): Access =>
  (fn) => {
    table.grantReadWriteData(fn);
    fn.setEnvironment('TABLE_NAME', table.tableName);
    acknowledgeIndexes(fn, table);
    acknowledgeDataKeyUse(fn);
  };

/** An item-level DynamoDB action, on the base table. */
type ItemAction = 'GetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem';

/** Some item actions, allowed only on items whose partition key starts with one of `prefixes`. */
interface ItemGrant {
  readonly actions: readonly ItemAction[];
  readonly prefixes: readonly string[];
  /** The only top-level attributes a request may name (`dynamodb:Attributes`). @default any */
  readonly attributes?: readonly string[];
}

const ITEM_WRITES: readonly ItemAction[] = ['PutItem', 'UpdateItem', 'DeleteItem'];
/** The data key actions `grantReadData` and `grantWriteData` give, for the same use. */
const KEY_READS = ['kms:Decrypt', 'kms:DescribeKey'];
const KEY_WRITES = ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'];

/**
 * Only the given actions, each limited by `dynamodb:LeadingKeys` to its own kinds of item: a
 * request for any other partition is denied. No Scan, no batch or index access, and the data key
 * for encryption only where something is written. Every request of these actions names its
 * partition key, so `ForAllValues` never passes for want of one.
 */
const itemsOnly =
  (table: ITable, ...grants: ItemGrant[]): Access =>
  (fn) => {
    for (const { actions, prefixes, attributes } of grants) {
      Grant.addToPrincipal({
        grantee: fn,
        actions: actions.map((action) => `dynamodb:${action}`),
        resourceArns: [table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes.map((p) => `${p}*`) },
          ...(attributes && { 'ForAllValues:StringEquals': { 'dynamodb:Attributes': attributes } }),
        },
      });
    }
    const writes = grants.some((g) => g.actions.some((a) => ITEM_WRITES.includes(a)));
    table.encryptionKey?.grant(fn, ...KEY_READS, ...(writes ? KEY_WRITES : []));
    if (writes) acknowledgeDataKeyUse(fn);
    fn.setEnvironment('TABLE_NAME', table.tableName);
  };

const { case: CASE, connection: CONNECTION, subscription: SUBSCRIPTION } = PARTITION_PREFIXES;

/** `$connect`: puts the connection's item, and touches no other. */
const opensConnections = (table: ITable): Access =>
  itemsOnly(table, { actions: ['PutItem'], prefixes: [CONNECTION] });

/** `subscribe`: reads and updates the connection's item, and puts its subscription items. */
const subscribesConnections = (table: ITable): Access =>
  itemsOnly(
    table,
    { actions: ['GetItem', 'UpdateItem'], prefixes: [CONNECTION] },
    { actions: ['PutItem'], prefixes: [SUBSCRIPTION] },
  );

/** `$disconnect`: deletes the connection's item and its subscription items. */
const closesConnections = (table: ITable): Access =>
  itemsOnly(table, { actions: ['DeleteItem'], prefixes: [CONNECTION, SUBSCRIPTION] });

/**
 * Broadcast: reads the changed case, queries a team's subscription partition, and deletes the
 * items of connections found gone. It reads cases but cannot write one.
 */
const broadcastsCases = (table: ITable): Access =>
  itemsOnly(
    table,
    { actions: ['GetItem'], prefixes: [CASE] },
    { actions: ['Query'], prefixes: [SUBSCRIPTION] },
    { actions: ['DeleteItem'], prefixes: [CONNECTION, SUBSCRIPTION] },
  );

/**
 * handover-wait: reads the case and puts the handover item beside it. The two share the case's
 * partition and IAM has no condition on sort keys, so the put is limited to the handover item's
 * attributes instead: no case or audit record can be forged with them (see
 * `HANDOVER_ITEM_ATTRIBUTES` for what the limit does not stop).
 */
const recordsTaskTokens = (table: ITable): Access =>
  itemsOnly(
    table,
    { actions: ['GetItem'], prefixes: [CASE] },
    { actions: ['PutItem'], prefixes: [CASE], attributes: HANDOVER_ITEM_ATTRIBUTES },
  );

/** Puts Baton's case events on the bus. */
const putsEvents =
  (bus: IEventBus): Access =>
  (fn) => {
    bus.grantPutEventsTo(fn);
    fn.setEnvironment('EVENT_BUS_NAME', bus.eventBusName);
  };

/** Starts one handover execution per handover, and stops it when the handover is withdrawn. */
const startsHandovers =
  (handover: IStateMachine): Access =>
  (fn) => {
    handover.grantStartExecution(fn);
    // A withdrawn handover's execution is stopped rather than left waiting out its SLA.
    handover.grantExecution(fn, 'states:StopExecution');
    fn.setEnvironment('HANDOVER_STATE_MACHINE_ARN', handover.stateMachineArn);
    const name = Fn.select(6, Fn.split(':', handover.stateMachineArn));
    const executions = `${Stack.of(fn).formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: name,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    })}:*`;
    acknowledgeEach(
      fn,
      [`AwsSolutions-IAM5[Resource::${nagResource(fn, executions)}]`],
      "Execution names come from handover ids known only at run time; the grant covers this state machine's executions only.",
    );
  };

/** Answers a waiting handover with SendTaskSuccess or SendTaskFailure. */
const answersHandovers =
  (handover: IStateMachine): Access =>
  (fn) => {
    handover.grantTaskResponse(fn);
    fn.setEnvironment('HANDOVER_STATE_MACHINE_ARN', handover.stateMachineArn);
  };

/**
 * Puts new audit export objects under `audit/`, and nothing else: not read, list or delete, and
 * not the retention or legal-hold changes `bucket.grantPut` would add.
 */
const exportsAudit =
  (bucket: IBucket): Access =>
  (fn) => {
    Grant.addToPrincipal({
      grantee: fn,
      actions: ['s3:PutObject'],
      resourceArns: [bucket.arnForObjects(`${AUDIT_PREFIX}*`)],
    });
    // Bucket keys: S3 asks KMS for a data key as the writer.
    bucket.encryptionKey?.grant(fn, 'kms:GenerateDataKey');
    fn.setEnvironment('AUDIT_BUCKET_NAME', bucket.bucketName);
    acknowledgeEach(
      fn,
      [`AwsSolutions-IAM5[Resource::${nagResource(fn, bucket.arnForObjects(`${AUDIT_PREFIX}*`))}]`],
      'Each batch is a new object under audit/, named when it is written.',
    );
  };

/** Posts to, and closes, WebSocket connections through the stage's @connections API. */
const postsToConnections =
  (stage: WebSocketStage): Access =>
  (fn) => {
    stage.grantManagementApiAccess(fn);
    fn.setEnvironment('WEBSOCKET_CALLBACK_URL', stage.callbackUrl);
    const api = Stack.of(stage).formatArn({ service: 'execute-api', resource: stage.api.apiId });
    const connections = `${api}/${stage.stageName}/*/@connections/*`;
    acknowledgeEach(
      fn,
      [`AwsSolutions-IAM5[Resource::${nagResource(fn, connections)}]`],
      'Connection ids are only known at run time; the grant is limited to this API stage.',
    );
  };

/** Reads the JWT signing key to verify bearer tokens. */
const verifiesTokens =
  (secret: ISecret): Access =>
  (fn) => {
    secret.grantRead(fn);
    fn.setEnvironment('TOKEN_SECRET_ARN', secret.secretArn);
  };

export {
  AUDIT_PREFIX,
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
};
