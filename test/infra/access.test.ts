import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { subscriptionKey } from '../../functions/lib/connections.ts';
import { caseKey, connectionKey, handoverKey } from '../../functions/lib/table-keys.ts';
import { HANDOVER_ITEM_ATTRIBUTES, PARTITION_PREFIXES } from '../../infra/table-design.ts';
import { actionsOf, type Json, only, statementsOf, synthesize } from './synthesize.ts';

const HANDLERS = [
  'ingest-event',
  'publish-case-changes',
  'export-audit',
  'broadcast-change',
  'handover-wait',
  'handover-decide',
  'handover-escalate',
  'handover-assign-fallback',
  'http-commands',
  'http-queries',
  'ws-authorize',
  'ws-connect',
  'ws-disconnect',
  'ws-subscribe',
  'ws-default',
  'stall-sweep',
];

const TABLE_WRITES = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];
const TABLE_ITEM_ACTIONS = [...TABLE_WRITES, 'dynamodb:GetItem', 'dynamodb:Query'];

/** The functions that hold WebSocket connections or push to them. */
const WEBSOCKET_HANDLERS = ['ws-connect', 'ws-disconnect', 'ws-subscribe', 'broadcast-change'];

/** The partition key patterns a statement is limited to, or undefined when it is not limited. */
const leadingKeys = (statement: Json): string[] | undefined =>
  statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];

/** The attributes a statement limits requests to, or undefined when it does not. */
const attributesOf = (statement: Json): string[] | undefined =>
  statement.Condition?.['ForAllValues:StringEquals']?.['dynamodb:Attributes'];

/** A handler's statements that allow a write to the table. */
const tableWrites = (template: Template, handler: string): Json[] =>
  statementsOf(template, handler).filter((s) =>
    [s.Action].flat().some((a: string) => TABLE_WRITES.includes(a)),
  );

/** Whether a write statement could put, change or delete a case item with its attributes. */
const canWriteCases = (statement: Json): boolean => {
  const keys = leadingKeys(statement);
  const inCasePartitions = keys === undefined || keys.includes(`${PARTITION_PREFIXES.case}*`);
  return inCasePartitions && attributesOf(statement) === undefined;
};

/** The handlers whose roles allow any of the actions. */
const allowedTo = (template: Template, ...actions: string[]): string[] =>
  HANDLERS.filter((handler) => actionsOf(template, handler).some((a) => actions.includes(a)));

describe('least-privilege access', () => {
  let template: Template;
  let environments: Record<string, Record<string, unknown>>;

  beforeAll(() => {
    template = synthesize();
    environments = Object.fromEntries(
      HANDLERS.map((handler) => {
        const [, fn] = only(template, 'AWS::Lambda::Function', {
          FunctionName: `baton-dev-${handler}`,
        });
        return [handler, fn.Properties.Environment.Variables];
      }),
    );
  }, 60_000);

  it('builds one function per handler file', () => {
    expect(Object.keys(template.findResources('AWS::Lambda::Function'))).toHaveLength(16);
  });

  it('keeps ws-authorize away from the table', () => {
    expect(actionsOf(template, 'ws-authorize').filter((a) => a.startsWith('dynamodb:'))).toEqual(
      [],
    );
    expect(actionsOf(template, 'ws-authorize')).toContain('secretsmanager:GetSecretValue');
  });

  it('lets http-queries read the table but not write it', () => {
    expect(actionsOf(template, 'http-queries')).toContain('dynamodb:Query');
    expect(actionsOf(template, 'http-queries')).not.toEqual(
      expect.arrayContaining(['dynamodb:PutItem']),
    );
  });

  it('lets only publish-case-changes start handover executions', () => {
    expect(allowedTo(template, 'states:StartExecution')).toEqual(['publish-case-changes']);
  });

  it('lets only publish-case-changes put events on the bus', () => {
    expect(allowedTo(template, 'events:PutEvents')).toEqual(['publish-case-changes']);
  });

  it('lets only export-audit put objects in the audit bucket, under audit/ only', () => {
    expect(allowedTo(template, 's3:PutObject')).toEqual(['export-audit']);
    const put = statementsOf(template, 'export-audit').find((s) =>
      [s.Action].flat().includes('s3:PutObject'),
    );
    expect(JSON.stringify(put?.Resource)).toMatch(/\/audit\/\*"/);
  });

  it('lets no function read, delete or change the retention of audit exports', () => {
    const forbidden = [
      's3:GetObject*',
      's3:DeleteObject*',
      's3:PutObjectRetention',
      's3:PutObjectLegalHold',
      's3:BypassGovernanceRetention',
    ];
    expect(allowedTo(template, ...forbidden)).toEqual([]);
  });

  it('lets only http-commands answer a waiting handover', () => {
    expect(allowedTo(template, 'states:SendTaskSuccess', 'states:SendTaskFailure')).toEqual([
      'http-commands',
    ]);
  });

  it('lets only the token verifiers read the signing key', () => {
    expect(allowedTo(template, 'secretsmanager:GetSecretValue')).toEqual([
      'http-commands',
      'http-queries',
      'ws-authorize',
    ]);
  });

  it('lets only broadcast-change push to WebSocket connections', () => {
    expect(allowedTo(template, 'execute-api:ManageConnections')).toEqual(['broadcast-change']);
  });

  it('sets each variable a handler reads together with the grant it needs', () => {
    const pairs: [string, string[]][] = [
      ['TABLE_NAME', TABLE_ITEM_ACTIONS],
      ['EVENT_BUS_NAME', ['events:PutEvents']],
      ['AUDIT_BUCKET_NAME', ['s3:PutObject']],
      ['TOKEN_SECRET_ARN', ['secretsmanager:GetSecretValue']],
      ['WEBSOCKET_CALLBACK_URL', ['execute-api:ManageConnections']],
    ];
    for (const [variable, actions] of pairs) {
      const withVariable = HANDLERS.filter((h) => environments[h]?.[variable] !== undefined);
      expect(withVariable, variable).toEqual(allowedTo(template, ...actions));
    }
    const handoverArn = HANDLERS.filter((h) => environments[h]?.HANDOVER_STATE_MACHINE_ARN);
    expect(handoverArn).toEqual(
      allowedTo(template, 'states:StartExecution', 'states:SendTaskSuccess'),
    );
  });

  it('lets only the handlers that change cases write case and audit items', () => {
    const caseWriters = HANDLERS.filter((h) => tableWrites(template, h).some(canWriteCases));

    expect(caseWriters).toEqual([
      'ingest-event',
      'handover-decide',
      'handover-escalate',
      'handover-assign-fallback',
      'http-commands',
      'stall-sweep',
    ]);
  });

  it('keeps every write of the WebSocket functions to connection and subscription items', () => {
    const own = [PARTITION_PREFIXES.connection, PARTITION_PREFIXES.subscription].map(
      (p) => `${p}*`,
    );
    for (const handler of WEBSOCKET_HANDLERS) {
      const writes = tableWrites(template, handler);
      expect(writes.length, handler).toBeGreaterThan(0);
      for (const statement of writes) {
        expect(leadingKeys(statement), handler).toBeDefined();
        expect(own, handler).toEqual(expect.arrayContaining(leadingKeys(statement) ?? []));
      }
    }
  });

  it('lets handover-wait put handover items only, in the partition of a case', () => {
    const writes = tableWrites(template, 'handover-wait');

    expect(writes).toHaveLength(1);
    expect(writes[0].Action).toBe('dynamodb:PutItem');
    expect(leadingKeys(writes[0])).toEqual([`${PARTITION_PREFIXES.case}*`]);
    expect(attributesOf(writes[0])).toEqual([...HANDOVER_ITEM_ATTRIBUTES]);
  });

  it('grants the WebSocket functions and handover-wait only the table actions their code uses', () => {
    const used: Record<string, string[]> = {
      'ws-connect': ['PutItem'],
      'ws-disconnect': ['DeleteItem'],
      'ws-subscribe': ['GetItem', 'PutItem', 'UpdateItem'],
      'broadcast-change': ['DeleteItem', 'GetItem', 'Query'],
      'handover-wait': ['GetItem', 'PutItem'],
    };
    for (const [handler, actions] of Object.entries(used)) {
      const onTable = statementsOf(template, handler).filter((s) =>
        [s.Action].flat().some((a: string) => a.startsWith('dynamodb:')),
      );
      const granted = onTable.flatMap((s) => [s.Action].flat());
      expect(new Set(granted), handler).toEqual(new Set(actions.map((a) => `dynamodb:${a}`)));
      for (const statement of onTable) expect(leadingKeys(statement), handler).toBeDefined();
    }
  });

  it('limits items by the prefixes the handlers build their keys with', () => {
    expect(caseKey('c-1').PK.startsWith(PARTITION_PREFIXES.case)).toBe(true);
    expect(handoverKey('c-1', 'c-1-h1').PK).toBe(caseKey('c-1').PK);
    expect(connectionKey('conn-1').PK.startsWith(PARTITION_PREFIXES.connection)).toBe(true);
    expect(subscriptionKey('team', 'conn-1').PK.startsWith(PARTITION_PREFIXES.subscription)).toBe(
      true,
    );
  });

  it('keeps table writes to the handlers that change cases or connections', () => {
    expect(allowedTo(template, ...TABLE_WRITES)).toEqual([
      'ingest-event',
      'broadcast-change',
      'handover-wait',
      'handover-decide',
      'handover-escalate',
      'handover-assign-fallback',
      'http-commands',
      'ws-connect',
      'ws-disconnect',
      'ws-subscribe',
      'stall-sweep',
    ]);
  });

  it('grants Resource "*" only for actions that have no resource-level permissions', () => {
    const unscoped = HANDLERS.flatMap((handler) =>
      statementsOf(template, handler)
        .filter((s) => s.Resource === '*')
        .flatMap((s) => [s.Action].flat()),
    );
    expect(new Set(unscoped)).toEqual(
      new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'dynamodb:ListStreams']),
    );
  });

  it('tells every handler its stage and the Powertools service and log level', () => {
    for (const handler of HANDLERS) {
      expect(environments[handler]).toMatchObject({
        STAGE: 'dev',
        POWERTOOLS_SERVICE_NAME: 'baton',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      });
    }
  });
});
