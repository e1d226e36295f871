import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONNECTION_TTL_SECONDS, type ConnectionStore } from '../../functions/lib/connections.ts';
import { createCaseTable } from '../support/case-table.ts';
import { lambdaContext, useLocalAws } from '../support/lambda.ts';
import { authorizerOf, newConnectionId, wsEvent } from '../support/ws-events.ts';

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number }>;
let table: Awaited<ReturnType<typeof createCaseTable>>;
let connect: Handler;
let disconnect: Handler;
let store: ConnectionStore;

beforeAll(async () => {
  table = await createCaseTable();
  useLocalAws(table.tableName);
  ({ handler: connect } = (await import('../../functions/ws-connect.ts')) as unknown as {
    handler: Handler;
  });
  ({ handler: disconnect } = (await import('../../functions/ws-disconnect.ts')) as unknown as {
    handler: Handler;
  });
  const { ConnectionStore } = await import('../../functions/lib/connections.ts');
  store = new ConnectionStore(table.db, table.tableName);
});

const connectionItem = async (connectionId: string) =>
  (
    await table.db.send(
      new GetCommand({
        TableName: table.tableName,
        Key: { PK: `CONN#${connectionId}`, SK: 'CONN' },
      }),
    )
  ).Item;

const subscriptionItems = async (team: string) =>
  (
    await table.db.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `SUB#${team}` },
      }),
    )
  ).Items ?? [];

describe('ws-connect', () => {
  it('stores the connection with its holder and a TTL just past the two-hour limit', async () => {
    const connectionId = newConnectionId();
    const before = Math.floor(Date.now() / 1_000);
    const event = wsEvent('connect', {
      connectionId,
      authorizer: authorizerOf({ agent: 'agent-ana', teams: ['front-line', 'late-stage'] }),
    });

    const result = await connect(event, lambdaContext('ws-connect'));

    expect(result).toEqual({ statusCode: 200 });
    const item = await connectionItem(connectionId);
    expect(item).toMatchObject({
      type: 'connection',
      connectionId,
      agentId: 'agent-ana',
      teams: ['front-line', 'late-stage'],
      lead: false,
    });
    expect(item?.expiresAt).toBeGreaterThanOrEqual(before + CONNECTION_TTL_SECONDS);
    expect(item?.expiresAt).toBeGreaterThan(before + 2 * 3_600);
    expect(item?.expiresAt).toBeLessThan(before + 3 * 3_600);
  });

  it('reads a lead passed on as the string API Gateway makes of it', async () => {
    const connectionId = newConnectionId();
    const authorizer = authorizerOf({ agent: 'agent-lee', teams: ['team-leads'], lead: true });

    await connect(wsEvent('connect', { connectionId, authorizer }), lambdaContext('ws-connect'));

    expect((await connectionItem(connectionId))?.lead).toBe(true);
  });

  it('fails without an authorizer context and stores nothing', async () => {
    const connectionId = newConnectionId();

    await expect(
      connect(wsEvent('connect', { connectionId, authorizer: undefined }), lambdaContext()),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    expect(await connectionItem(connectionId)).toBeUndefined();
  });
});

describe('ws-disconnect', () => {
  it('deletes the connection and each of its subscriptions', async () => {
    const connectionId = newConnectionId();
    const owner = {
      agentId: 'agent-sol',
      teams: ['specialist-support', 'complaints'],
      lead: false,
    };
    const connection = await store.open(connectionId, owner);
    await store.subscribe(connection, ['specialist-support', 'complaints']);
    expect((await subscriptionItems('complaints')).map((i) => i.connectionId)).toContain(
      connectionId,
    );

    const result = await disconnect(
      wsEvent('disconnect', { connectionId }),
      lambdaContext('ws-disconnect'),
    );

    expect(result).toEqual({ statusCode: 200 });
    expect(await connectionItem(connectionId)).toBeUndefined();
    for (const team of ['specialist-support', 'complaints']) {
      expect((await subscriptionItems(team)).map((i) => i.connectionId)).not.toContain(
        connectionId,
      );
    }
  });

  it('disconnects quietly a connection it has no record of', async () => {
    const result = await disconnect(
      wsEvent('disconnect', { connectionId: newConnectionId() }),
      lambdaContext('ws-disconnect'),
    );

    expect(result).toEqual({ statusCode: 200 });
  });
});
