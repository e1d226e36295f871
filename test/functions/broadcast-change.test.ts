import { readFileSync } from 'node:fs';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionStore } from '../../functions/lib/connections.ts';
import { createCaseTable } from '../support/case-table.ts';
import { type ConnectionsServer, startConnectionsServer } from '../support/connections-server.ts';
import { eventFixture, lambdaContext, useLocalAws } from '../support/lambda.ts';
import { newConnectionId } from '../support/ws-events.ts';

/*
 * API Gateway cannot run here, so its `@connections` API is a local HTTP server answering as
 * the real one does (see connections-server.ts); the SDK client, DynamoDB Local and the case
 * written by ingest-event are the real ones.
 */

type Handler = (event: unknown, context: unknown) => Promise<Record<string, unknown>>;
let table: Awaited<ReturnType<typeof createCaseTable>>;
let server: ConnectionsServer;
let broadcast: Handler;
let ingest: Handler;
let store: ConnectionStore;

beforeAll(async () => {
  table = await createCaseTable();
  server = await startConnectionsServer('dev');
  useLocalAws(table.tableName, { WEBSOCKET_CALLBACK_URL: server.endpoint });
  ({ handler: broadcast } = (await import('../../functions/broadcast-change.ts')) as unknown as {
    handler: Handler;
  });
  ({ handler: ingest } = (await import('../../functions/ingest-event.ts')) as unknown as {
    handler: Handler;
  });
  const { ConnectionStore } = await import('../../functions/lib/connections.ts');
  store = new ConnectionStore(table.db, table.tableName);
});

afterAll(async () => {
  await server?.stop();
});

const opened: string[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((id) => store.close(id)));
});

/** A browser connected and subscribed to `teams`; `live: false` leaves it closed at the gateway. */
const watcher = async (teams: string[], options: { id?: string; live?: boolean } = {}) => {
  const connectionId = options.id ?? newConnectionId();
  const connection = await store.open(connectionId, { agentId: 'agent-w', teams, lead: true });
  await store.subscribe(connection, teams);
  if (options.live ?? true) server.open(connectionId);
  opened.push(connectionId);
  return connectionId;
};

/** A case for a customer who disclosed a vulnerability: it is handed to specialist support. */
const vulnerableCase = async (customerId: string) => {
  const opened = await ingest(
    eventFixture('account-in-arrears', { customerId, eventId: `${customerId}-arrears` }),
    lambdaContext('ingest-event'),
  );
  await ingest(
    eventFixture('vulnerability-disclosed', { customerId, eventId: `${customerId}-vuln` }),
    lambdaContext('ingest-event'),
  );
  return opened.caseId as string;
};

const caseEvent = (detailType: string, detail: Record<string, unknown>) => {
  const event = JSON.parse(
    readFileSync(new URL('../fixtures/websocket/case-changed-event.json', import.meta.url), 'utf8'),
  );
  return { ...event, 'detail-type': detailType, detail: { ...event.detail, ...detail } };
};

const changed = (caseId: string, seq = 2) =>
  caseEvent('Case Changed', { caseId, seq, action: 'vulnerability-disclosed' });

const push = (event: unknown) => broadcast(event, lambdaContext('broadcast-change'));

const CIRCUMSTANCES = 'Recovering from surgery until March.';

describe('broadcast-change', () => {
  it('sends specialist support the circumstances and an informed team the case without them', async () => {
    const caseId = await vulnerableCase('cus-bc-views');
    // Ids hold `+`, `/` and `=`: they must reach @connections URL-encoded.
    const specialist = await watcher(['specialist-support'], { id: 'Zx+/9cOFvHcCIh0=' });
    const frontLine = await watcher(['front-line']);

    const result = await push(changed(caseId));

    expect(result).toMatchObject({ outcome: 'broadcast', connections: 2, sent: 2, gone: 0 });
    const [toSpecialist] = server.messagesTo(specialist);
    expect(toSpecialist).toMatchObject({
      type: 'case-changed',
      seq: 2,
      action: 'vulnerability-disclosed',
      team: 'specialist-support',
      case: { caseId, flags: { vulnerability: { circumstances: CIRCUMSTANCES } } },
    });
    expect(toSpecialist.case.handover.context.circumstances).toBe(CIRCUMSTANCES);
    const toFrontLine = server.messagesTo(frontLine);
    expect(toFrontLine).toHaveLength(1);
    expect(toFrontLine[0]).toMatchObject({ type: 'case-changed', team: 'front-line' });
    expect(toFrontLine[0].case.flags.vulnerability.needs).toEqual(['written communication only']);
    expect(JSON.stringify(toFrontLine)).not.toContain(CIRCUMSTANCES);
  });

  it('sends one message to a connection on several teams, in its most-cleared team’s view', async () => {
    const caseId = await vulnerableCase('cus-bc-many');
    const lead = await watcher(['front-line', 'fraud', 'specialist-support']);

    await push(changed(caseId));

    const messages = server.messagesTo(lead);
    expect(messages).toHaveLength(1);
    expect(messages[0].team).toBe('specialist-support');
    expect(messages[0].case.flags.vulnerability.circumstances).toBe(CIRCUMSTANCES);
  });

  it('forgets a connection that is gone and still reaches the others', async () => {
    const caseId = await vulnerableCase('cus-bc-gone');
    const gone = await watcher(['specialist-support', 'complaints'], { live: false });
    const live = await watcher(['specialist-support']);

    const result = await push(changed(caseId));

    expect(result).toMatchObject({ connections: 2, sent: 1, gone: 1, failed: 0 });
    expect(server.messagesTo(live)).toHaveLength(1);
    const item = await table.db.send(
      new GetCommand({ TableName: table.tableName, Key: { PK: `CONN#${gone}`, SK: 'CONN' } }),
    );
    expect(item.Item).toBeUndefined();
    for (const team of ['specialist-support', 'complaints']) {
      const { Items = [] } = await table.db.send(
        new QueryCommand({
          TableName: table.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': `SUB#${team}` },
        }),
      );
      expect(Items.map((i) => i.connectionId)).not.toContain(gone);
    }
  });

  it('skips a connection that fails otherwise, keeping it, and still reaches the others', async () => {
    const caseId = await vulnerableCase('cus-bc-fail');
    const failing = await watcher(['complaints']);
    server.failWith(failing, 403, 'ForbiddenException');
    const live = await watcher(['complaints']);

    const result = await push(changed(caseId));

    expect(result).toMatchObject({ connections: 2, sent: 1, gone: 0, failed: 1 });
    expect(server.messagesTo(live)).toHaveLength(1);
    expect(await store.get(failing)).toBeDefined();
  });

  it('sends a notice to refetch instead of a view larger than a WebSocket message', async () => {
    const caseId = await vulnerableCase('cus-bc-large');
    const { Item } = await table.db.send(
      new GetCommand({ TableName: table.tableName, Key: { PK: `CASE#${caseId}`, SK: 'CASE' } }),
    );
    const note = {
      at: '2026-12-03T11:00:00Z',
      by: 'agent-sol',
      team: 'specialist-support',
      text: 'x'.repeat(4_000),
      restricted: false,
    };
    const large = { ...Item?.case, notes: Array.from({ length: 40 }, () => note) };
    await table.db.send(
      new PutCommand({ TableName: table.tableName, Item: { ...Item, case: large } }),
    );
    const watching = await watcher(['specialist-support']);

    const result = await push(changed(caseId, 3));

    expect(result).toMatchObject({ sent: 1, truncated: 1 });
    expect(server.messagesTo(watching)).toEqual([
      { type: 'case-changed', seq: 3, action: 'vulnerability-disclosed', caseId, truncated: true },
    ]);
  });

  it('tells a team the case left, without the case, once it has no part in it', async () => {
    const opened = await ingest(
      eventFixture('account-in-arrears', { customerId: 'cus-bc-left', eventId: 'cus-bc-left-1' }),
      lambdaContext('ingest-event'),
    );
    const caseId = opened.caseId as string;
    const formerReceiver = await watcher(['specialist-support']);
    const owner = await watcher(['late-stage']);
    const accepted = caseEvent('Case Changed', {
      caseId,
      seq: 1,
      action: 'handover-accepted',
      formerTeams: ['specialist-support', 'front-line'],
    });

    const result = await push(accepted);

    expect(result).toMatchObject({ outcome: 'broadcast', sent: 2 });
    expect(server.messagesTo(formerReceiver)).toEqual([
      {
        type: 'case-left',
        seq: 1,
        action: 'handover-accepted',
        team: 'specialist-support',
        caseId,
      },
    ]);
    expect(server.messagesTo(owner)).toMatchObject([{ type: 'case-changed', team: 'late-stage' }]);
  });

  it('skips case events other than Case Changed', async () => {
    const caseId = await vulnerableCase('cus-bc-other');
    const watching = await watcher(['specialist-support']);
    const requested = caseEvent('Handover Requested', { caseId, to: 'specialist-support' });

    const result = await push(requested);

    expect(result).toEqual({ outcome: 'ignored' });
    expect(server.messagesTo(watching)).toEqual([]);
  });
});
