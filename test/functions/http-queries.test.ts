import { readFileSync } from 'node:fs';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '#schemas/case.ts';
import { signToken } from '../../functions/lib/token.ts';
import { createCaseTable } from '../support/case-table.ts';
import { eventFixture, lambdaContext, useLocalAws } from '../support/lambda.ts';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const SECRET = 'test-secret';

let table: Awaited<ReturnType<typeof createCaseTable>>;
let queries: Handler;
let ingest: Handler;

beforeAll(async () => {
  table = await createCaseTable();
  useLocalAws(table.tableName, { TOKEN_SECRET: SECRET });
  ({ handler: queries } = (await import('../../functions/http-queries.ts')) as unknown as {
    handler: Handler;
  });
  ({ handler: ingest } = (await import('../../functions/ingest-event.ts')) as unknown as {
    handler: Handler;
  });
}, 60_000);

const tokenOf = (agent: string, teams: string[], lead = false) =>
  signToken(SECRET, { agent, teams, lead });

const lead = tokenOf('agent-lee', ['team-leads'], true);
const lateStage = tokenOf('agent-kai', ['late-stage']);
const specialist = tokenOf('agent-sol', ['specialist-support']);

/** A committed request fixture with its path parameters, query and token replaced. */
const request = (
  fixture: string,
  change: { path?: Record<string, string>; query?: Record<string, string>; token?: string },
) => {
  const event = JSON.parse(
    readFileSync(new URL(`../fixtures/http/${fixture}.json`, import.meta.url), 'utf8'),
  );
  const params: Record<string, string> = { ...event.pathParameters, ...change.path };
  const path = String(event.routeKey.split(' ')[1]).replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(params[name] ?? ''),
  );
  event.rawPath = path;
  event.requestContext.http.path = path;
  if (event.pathParameters) event.pathParameters = params;
  delete event.queryStringParameters;
  if (change.query) event.queryStringParameters = change.query;
  event.rawQueryString = new URLSearchParams(change.query).toString();
  if (change.token) event.headers.authorization = `Bearer ${change.token}`;
  else delete event.headers.authorization;
  return event;
};

const send = async (event: unknown) => {
  const response = (await queries(
    event,
    lambdaContext('http-queries'),
  )) as APIGatewayProxyStructuredResultV2;
  return { status: response.statusCode, body: JSON.parse(String(response.body)) };
};

const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** Opens a case from an arrears event; detail fields override the fixture's. */
const openCase = async (customerId: string, detail: Record<string, unknown>) => {
  const result = (await ingest(
    eventFixture('account-in-arrears', { customerId, eventId: `${customerId}-arrears`, ...detail }),
    lambdaContext('ingest-event'),
  )) as { caseId: string };
  return result.caseId;
};

/** A front-line case whose customer then disclosed a vulnerability: specialists are asked. */
const caseAwaitingSpecialists = async (customerId: string) => {
  const caseId = await openCase(customerId, { daysPastDue: 10, missedPayments: 1 });
  await ingest(
    eventFixture('vulnerability-disclosed', { customerId, eventId: `${customerId}-vuln` }),
    lambdaContext('ingest-event'),
  );
  return caseId;
};

/** Every case id of a team's queue, page by page. */
const wholeQueue = async (team: string, limit: number) => {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const query: Record<string, string> = { limit: String(limit), ...(cursor ? { cursor } : {}) };
    const { body } = await send(
      request('get-team-queue', { path: { team }, query, token: lateStage }),
    );
    ids.push(...body.items.map((c: { caseId: string }) => c.caseId));
    cursor = body.cursor;
  } while (cursor);
  return ids;
};

describe('http-queries: a case', () => {
  it('hides the vulnerability circumstances and timeline changes from an informed team', async () => {
    // Prepare
    const caseId = await caseAwaitingSpecialists('cus-informed');

    // Act
    const response = await send(request('get-case', { path: { caseId }, token: lateStage }));

    // Assess
    expect(response.status).toBe(200);
    const vulnerability = response.body.case.flags.vulnerability;
    expect(vulnerability.drivers).toEqual(['health']);
    expect(vulnerability.circumstances).toBeUndefined();
    expect(vulnerability.consent.toldCustomer).toBe('[restricted]');
    expect(response.body.case.handover.context.circumstances).toBeUndefined();
    expect(response.body.timeline.map((e: { action: string }) => e.action)).toContain(
      'handover-requested',
    );
    expect(response.body.timeline.every((e: object) => !('changes' in e))).toBe(true);
    expect(JSON.stringify(response.body)).not.toContain('Recovering from surgery');
  });

  it('shows the receiving team the circumstances and what each step changed', async () => {
    // Prepare
    const caseId = await caseAwaitingSpecialists('cus-receiver');

    // Act
    const response = await send(request('get-case', { path: { caseId }, token: specialist }));

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.case.flags.vulnerability.circumstances).toBe(
      'Recovering from surgery until March.',
    );
    expect(response.body.timeline[0]).toMatchObject({ seq: 1, action: 'case-opened' });
    expect(response.body.timeline[0].changes.length).toBeGreaterThan(0);
  });

  it('refuses the case to a team with no part in it', async () => {
    // Prepare
    const caseId = await openCase('cus-no-part', { daysPastDue: 10, missedPayments: 1 });
    const complaints = tokenOf('agent-cy', ['complaints']);

    // Act
    const response = await send(request('get-case', { path: { caseId }, token: complaints }));

    // Assess
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('NOT_ALLOWED');
  });

  it('answers 404 for a case that does not exist', async () => {
    // Act
    const response = await send(request('get-case', { path: { caseId: 'case-x' }, token: lead }));

    // Assess
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('CASE_NOT_FOUND');
  });

  it('answers 401 for a token that is not a JWT', async () => {
    // Act
    const response = await send(request('get-case', { path: { caseId: 'case-x' }, token: 'x' }));

    // Assess
    expect(response).toEqual({
      status: 401,
      body: { code: 'UNAUTHORIZED', message: 'the token is not a JWT' },
    });
  });
});

describe('http-queries: lists', () => {
  it("lists a team's open cases most urgent first, page by page", async () => {
    // Prepare: the second missed payment starts a 14-day clock for the arrears notice.
    const later = await openCase('cus-q-later', { occurredAt: daysFromNow(-5) });
    const sooner = await openCase('cus-q-sooner', { occurredAt: daysFromNow(-10) });
    const none = await openCase('cus-q-none', { missedPayments: 1 });

    // Act
    const ids = await wholeQueue('late-stage', 2);

    // Assess
    expect(ids.filter((id) => [later, sooner, none].includes(id))).toEqual([sooner, later, none]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("refuses a team's queue to members of other teams but not to leads", async () => {
    // Act
    const other = await send(
      request('get-team-queue', { path: { team: 'fraud' }, token: lateStage }),
    );
    const byLead = await send(request('get-team-queue', { path: { team: 'fraud' }, token: lead }));

    // Assess
    expect(other.status).toBe(403);
    expect(byLead).toEqual({ status: 200, body: { items: [] } });
  });

  it.each([
    ['a limit above 200', { limit: '500' }, 'limit'],
    ['a cursor it did not give', { cursor: 'bm90LWEtY3Vyc29y' }, 'cursor'],
  ])('rejects %s with 400 naming the parameter', async (_what, query, path) => {
    // Act
    const response = await send(
      request('get-team-queue', { path: { team: 'late-stage' }, query, token: lateStage }),
    );

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.violations).toEqual([{ path, message: expect.any(String) }]);
  });

  it('lists the cases handed over to a team in its inbox', async () => {
    // Prepare
    const caseId = await caseAwaitingSpecialists('cus-inbox');

    // Act
    const response = await send(request('get-team-inbox', { token: specialist }));

    // Assess
    expect(response.status).toBe(200);
    const items = response.body.items as Case[];
    expect(items.map((c) => c.caseId)).toContain(caseId);
    expect(items.every((c) => c.handover?.to === 'specialist-support')).toBe(true);
  });

  it('lists a case whose deadline has passed as overdue', async () => {
    // Prepare: the arrears notice was due 16 days ago.
    const caseId = await openCase('cus-overdue', { occurredAt: daysFromNow(-30) });

    // Act
    const response = await send(request('get-overdue', { token: lead }));
    const earlier = await send(
      request('get-overdue', { query: { before: daysFromNow(-20) }, token: lead }),
    );

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.items.map((c: { caseId: string }) => c.caseId)).toContain(caseId);
    expect(earlier.body.items.map((c: { caseId: string }) => c.caseId)).not.toContain(caseId);
  });

  it('pages through the overdue cases of every shard, earliest first, without repeats', async () => {
    // Prepare
    const caseIds: string[] = [];
    for (const days of [34, 33, 32, 31, 35]) {
      caseIds.push(await openCase(`cus-overdue-${days}`, { occurredAt: daysFromNow(-days) }));
    }
    const earliestFirst = [caseIds[4], ...caseIds.slice(0, 4)];

    // Act
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const query: Record<string, string> = { limit: '2', ...(cursor ? { cursor } : {}) };
      const { body } = await send(request('get-overdue', { query, token: lead }));
      seen.push(...body.items.map((c: { caseId: string }) => c.caseId));
      cursor = body.cursor;
    } while (cursor);

    // Assess
    expect(seen.filter((id) => caseIds.includes(id))).toEqual(earliestFirst);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('finds no case without an owner', async () => {
    // Prepare
    await openCase('cus-owned', {});

    // Act
    const response = await send(request('get-unowned', { token: lead }));

    // Assess
    expect(response).toEqual({ status: 200, body: { items: [] } });
  });

  it('reports a case item that has lost its owner', async () => {
    // Prepare: written past the store, as only a bug could.
    const Key = { PK: 'CASE#case-corrupt', SK: 'CASE' };
    const corrupt = { caseId: 'case-corrupt', status: 'open', stage: 'early-arrears' };
    await table.db.send(
      new PutCommand({ TableName: table.tableName, Item: { ...Key, case: corrupt } }),
    );

    try {
      // Act
      const response = await send(request('get-unowned', { token: lead }));

      // Assess
      expect(response).toEqual({ status: 200, body: { items: [corrupt] } });
    } finally {
      await table.db.send(new DeleteCommand({ TableName: table.tableName, Key }));
    }
  });

  it('keeps the cross-team lists to team leads', async () => {
    // Act
    const response = await send(request('get-unowned', { token: lateStage }));

    // Assess
    expect(response.status).toBe(403);
  });

  it('answers 404 for a route it does not serve', async () => {
    // Prepare
    const event = request('get-unowned', { token: lead });
    event.routeKey = 'DELETE /cases/{caseId}';

    // Act
    const response = await send(event);

    // Assess
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('NOT_FOUND');
  });
});
