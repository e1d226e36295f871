import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionOwner, ConnectionStore } from '../../functions/lib/connections.ts';
import { createCaseTable } from '../support/case-table.ts';
import { lambdaContext, useLocalAws } from '../support/lambda.ts';
import { newConnectionId, wsEvent } from '../support/ws-events.ts';

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;
let table: Awaited<ReturnType<typeof createCaseTable>>;
let handler: Handler;
let store: ConnectionStore;

beforeAll(async () => {
  table = await createCaseTable();
  useLocalAws(table.tableName);
  ({ handler } = (await import('../../functions/ws-subscribe.ts')) as unknown as {
    handler: Handler;
  });
  const { ConnectionStore } = await import('../../functions/lib/connections.ts');
  store = new ConnectionStore(table.db, table.tableName);
});

const sol: ConnectionOwner = { agentId: 'agent-sol', teams: ['specialist-support'], lead: false };

/** Opens a connection for `owner` and sends it a subscribe message with `body`. */
const subscribe = async (owner: ConnectionOwner | undefined, body: unknown) => {
  const connectionId = newConnectionId();
  if (owner) await store.open(connectionId, owner);
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const result = await handler(
    wsEvent('subscribe', { connectionId, body: text }),
    lambdaContext('ws-subscribe'),
  );
  return { connectionId, statusCode: result.statusCode, message: JSON.parse(result.body) };
};

const subscriptionItem = async (team: string, connectionId: string) =>
  (
    await table.db.send(
      new GetCommand({
        TableName: table.tableName,
        Key: { PK: `SUB#${team}`, SK: `CONN#${connectionId}` },
      }),
    )
  ).Item;

describe('ws-subscribe', () => {
  it('subscribes to a team of the token, storing a subscription that expires with it', async () => {
    const { connectionId, statusCode, message } = await subscribe(sol, {
      action: 'subscribe',
      teams: ['specialist-support'],
    });

    expect(statusCode).toBe(200);
    expect(message).toEqual({ type: 'subscribed', teams: ['specialist-support'] });
    const connection = await store.get(connectionId);
    expect(connection?.subscriptions).toEqual(['specialist-support']);
    expect(await subscriptionItem('specialist-support', connectionId)).toMatchObject({
      connectionId,
      team: 'specialist-support',
      expiresAt: connection?.expiresAt,
    });
  });

  it('answers the message from the fixture as API Gateway delivers it', async () => {
    const event = wsEvent('subscribe');
    const { connectionId } = event.requestContext as { connectionId: string };
    await store.open(connectionId, sol);

    const result = await handler(event, lambdaContext('ws-subscribe'));

    expect(JSON.parse(result.body)).toEqual({ type: 'subscribed', teams: ['specialist-support'] });
  });

  it('refuses a team outside the token, saying which teams it may have, and stores nothing', async () => {
    const { connectionId, statusCode, message } = await subscribe(sol, {
      action: 'subscribe',
      teams: ['specialist-support', 'fraud'],
    });

    expect(statusCode).toBe(403);
    expect(message).toEqual({
      type: 'error',
      code: 'TEAM_NOT_ALLOWED',
      message: 'Your sign-in is not for fraud; you may subscribe to specialist-support.',
    });
    expect(await subscriptionItem('specialist-support', connectionId)).toBeUndefined();
    expect((await store.get(connectionId))?.subscriptions).toEqual([]);
  });

  it('lets a team lead subscribe to any configured team', async () => {
    const lead = { agentId: 'agent-lee', teams: ['team-leads'], lead: true };

    const { connectionId, message } = await subscribe(lead, {
      action: 'subscribe',
      teams: ['fraud', 'complaints'],
    });

    expect(message).toEqual({ type: 'subscribed', teams: ['fraud', 'complaints'] });
    expect((await store.get(connectionId))?.subscriptions).toEqual(['complaints', 'fraud']);
  });

  it('refuses a team Baton does not have, even to a lead', async () => {
    const lead = { agentId: 'agent-lee', teams: ['team-leads'], lead: true };

    const { message } = await subscribe(lead, { action: 'subscribe', teams: ['marketing'] });

    expect(message).toMatchObject({ type: 'error', code: 'UNKNOWN_TEAM' });
  });

  it('answers a message it cannot read with how to subscribe', async () => {
    const { statusCode, message } = await subscribe(sol, '{"action":"subscribe","teams":"all"}');

    expect(statusCode).toBe(400);
    expect(message).toEqual({
      type: 'error',
      code: 'INVALID_MESSAGE',
      message:
        'Baton could not read that subscription; send {"action":"subscribe","teams":["<team id>", ...]}.',
    });
  });

  it('refuses a connection it has no record of', async () => {
    const { message } = await subscribe(undefined, {
      action: 'subscribe',
      teams: ['specialist-support'],
    });

    expect(message).toMatchObject({ type: 'error', code: 'NOT_CONNECTED' });
  });
});
