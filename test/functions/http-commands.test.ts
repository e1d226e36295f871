import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signToken } from '../../functions/lib/token.ts';
import { createCaseTable } from '../support/case-table.ts';
import { eventFixture, lambdaContext, useLocalAws } from '../support/lambda.ts';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const SECRET = 'test-secret';
/** A task token the stand-in answers as AWS does once the wait has timed out. */
const FINISHED_WAIT = 'token-of-a-finished-wait';

let table: Awaited<ReturnType<typeof createCaseTable>>;
let commands: Handler;
let ingest: Handler;

/**
 * Stands in for Step Functions, which cannot run here: it records each `SendTaskSuccess` call
 * the SDK makes over the JSON protocol and answers as the service does.
 */
let stepFunctions: Server;
const taskCalls: { target: string; body: { taskToken: string; output: string } }[] = [];

const startStepFunctions = () =>
  new Promise<number>((resolve) => {
    stepFunctions = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk) => {
        text += String(chunk);
      });
      request.on('end', () => {
        const body = JSON.parse(text);
        taskCalls.push({ target: String(request.headers['x-amz-target']), body });
        response.setHeader('content-type', 'application/x-amz-json-1.0');
        if (body.taskToken === FINISHED_WAIT) {
          response.statusCode = 400;
          response.end(JSON.stringify({ __type: 'TaskTimedOut', message: 'Task Timed Out' }));
          return;
        }
        response.end('{}');
      });
    });
    stepFunctions.listen(0, '127.0.0.1', () => {
      resolve((stepFunctions.address() as AddressInfo).port);
    });
  });

beforeAll(async () => {
  const port = await startStepFunctions();
  table = await createCaseTable();
  useLocalAws(table.tableName, {
    TOKEN_SECRET: SECRET,
    AWS_ENDPOINT_URL_SFN: `http://127.0.0.1:${port}`,
  });
  ({ handler: commands } = (await import('../../functions/http-commands.ts')) as unknown as {
    handler: Handler;
  });
  ({ handler: ingest } = (await import('../../functions/ingest-event.ts')) as unknown as {
    handler: Handler;
  });
}, 60_000);

afterAll(() => new Promise((resolve) => stepFunctions.close(resolve)));

beforeEach(() => {
  taskCalls.length = 0;
});

const tokenOf = (agent: string, teams: string[], lead = false) =>
  signToken(SECRET, { agent, teams, lead });

const specialist = tokenOf('agent-sol', ['specialist-support']);
const frontLine = tokenOf('agent-ana', ['front-line']);

/** The committed `post-command` request, aimed at a case with a body and a token. */
const postCommand = (caseId: string, body: unknown, token?: string) => {
  const event = JSON.parse(
    readFileSync(new URL('../fixtures/http/post-command.json', import.meta.url), 'utf8'),
  );
  const path = `/cases/${caseId}/commands`;
  event.rawPath = path;
  event.requestContext.http.path = path;
  event.pathParameters = { caseId };
  event.body = typeof body === 'string' ? body : JSON.stringify(body);
  event.headers['content-length'] = String(Buffer.byteLength(event.body));
  delete event.headers['x-correlation-id'];
  if (token) event.headers.authorization = `Bearer ${token}`;
  else delete event.headers.authorization;
  return event;
};

const send = async (event: unknown) => {
  const response = (await commands(
    event,
    lambdaContext('http-commands'),
  )) as APIGatewayProxyStructuredResultV2;
  return { status: response.statusCode, body: JSON.parse(String(response.body)) };
};

/**
 * A front-line case whose customer then disclosed a vulnerability: specialist support is asked to
 * take it, and the handover workflow has recorded `taskToken` for its wait (when given).
 */
const caseAwaitingSpecialists = async (customerId: string, taskToken?: string) => {
  const opened = (await ingest(
    eventFixture('account-in-arrears', {
      customerId,
      eventId: `${customerId}-arrears`,
      daysPastDue: 10,
      missedPayments: 1,
    }),
    lambdaContext('ingest-event'),
  )) as { caseId: string };
  await ingest(
    eventFixture('vulnerability-disclosed', { customerId, eventId: `${customerId}-vuln` }),
    lambdaContext('ingest-event'),
  );
  const caseId = opened.caseId;
  const handoverId = `${caseId}-h1`;
  if (taskToken) {
    await table.db.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { PK: `CASE#${caseId}`, SK: `HANDOVER#${handoverId}`, type: 'handover', taskToken },
      }),
    );
  }
  return { caseId, handoverId };
};

const auditCount = async (caseId: string) => {
  const { Count } = await table.db.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
      ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':audit': 'AUDIT#' },
      Select: 'COUNT',
    }),
  );
  return Count;
};

describe('http-commands', () => {
  it('moves the case to the receiving team and ends the workflow wait with its token', async () => {
    // Prepare
    const { caseId, handoverId } = await caseAwaitingSpecialists('cus-accept', 'token-accept');
    const accept = { type: 'accept-handover', commandId: 'cmd-accept', handoverId };

    // Act
    const response = await send(postCommand(caseId, accept, specialist));

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.outcome).toBe('applied');
    expect(response.body.case.owner).toEqual({ team: 'specialist-support', agent: 'agent-sol' });
    expect(response.body.case.handover).toBeUndefined();
    expect(taskCalls).toHaveLength(1);
    expect(taskCalls[0]?.target).toBe('AWSStepFunctions.SendTaskSuccess');
    expect(taskCalls[0]?.body.taskToken).toBe('token-accept');
    expect(JSON.parse(taskCalls[0]?.body.output ?? '')).toEqual({
      decision: 'accepted',
      commandId: 'cmd-accept',
      agentId: 'agent-sol',
    });
  });

  it('tells the workflow of a decline with its reason', async () => {
    // Prepare
    const { caseId, handoverId } = await caseAwaitingSpecialists('cus-decline', 'token-decline');
    const reason = 'No vulnerability on file that needs specialist support.';
    const decline = { type: 'decline-handover', commandId: 'cmd-decline', handoverId, reason };

    // Act
    const response = await send(postCommand(caseId, decline, specialist));

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.case.owner.team).toBe('front-line');
    expect(JSON.parse(taskCalls[0]?.body.output ?? '')).toEqual({
      decision: 'declined',
      commandId: 'cmd-decline',
      agentId: 'agent-sol',
      reason,
    });
  });

  it('refuses an accept from a team the handover is not for, changing nothing', async () => {
    // Prepare
    const { caseId, handoverId } = await caseAwaitingSpecialists('cus-other-team', 'token-other');
    const before = await auditCount(caseId);

    // Act
    const response = await send(
      postCommand(
        caseId,
        { type: 'accept-handover', commandId: 'cmd-other', handoverId },
        frontLine,
      ),
    );

    // Assess
    expect(response.status).toBe(403);
    expect(response.body).toEqual({
      code: 'NOT_ALLOWED',
      message: 'only a member of specialist-support may decide on this handover',
    });
    expect(await auditCount(caseId)).toBe(before);
    expect(taskCalls).toHaveLength(0);
  });

  it('rejects a malformed command with 400 naming the field', async () => {
    // Prepare
    const { caseId } = await caseAwaitingSpecialists('cus-malformed');

    // Act
    const response = await send(
      postCommand(caseId, { type: 'add-note', commandId: 'cmd-malformed', text: 42 }, frontLine),
    );

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('INVALID_INPUT');
    expect(response.body.violations).toEqual([{ path: 'text', message: expect.any(String) }]);
    expect(response.body.message).toContain('text:');
  });

  it('rejects a body that is not JSON with 400', async () => {
    // Act
    const response = await send(postCommand('case-any', '{"type":', frontLine));

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.violations).toEqual([{ path: '(root)', message: 'must be JSON' }]);
  });

  it('answers 404 for a case that does not exist', async () => {
    // Act
    const response = await send(
      postCommand('case-nobody', { type: 'add-note', commandId: 'cmd-404', text: 'Hi' }, frontLine),
    );

    // Assess
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      code: 'CASE_NOT_FOUND',
      message: 'case case-nobody does not exist',
    });
  });

  it('returns duplicate for a repeated command id and changes nothing', async () => {
    // Prepare
    const { caseId } = await caseAwaitingSpecialists('cus-repeat');
    const note = { type: 'add-note', commandId: 'cmd-repeat', text: 'Prefers email.' };
    const first = await send(postCommand(caseId, note, frontLine));
    const before = await auditCount(caseId);

    // Act
    const second = await send(postCommand(caseId, note, frontLine));

    // Assess
    expect(first.body.outcome).toBe('applied');
    expect(second.status).toBe(200);
    expect(second.body.outcome).toBe('duplicate');
    expect(second.body.case.version).toBe(first.body.case.version);
    expect(second.body.case.notes).toHaveLength(1);
    expect(await auditCount(caseId)).toBe(before);
  });

  it('answers 409 when the handover was already decided', async () => {
    // Prepare
    const { caseId, handoverId } = await caseAwaitingSpecialists('cus-twice', 'token-twice');
    await send(
      postCommand(caseId, { type: 'accept-handover', commandId: 'cmd-t1', handoverId }, specialist),
    );

    // Act
    const response = await send(
      postCommand(caseId, { type: 'accept-handover', commandId: 'cmd-t2', handoverId }, specialist),
    );

    // Assess
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('HANDOVER_NOT_PENDING');
  });

  it.each([
    ['no task token is recorded yet', undefined, 0],
    ['the workflow has stopped waiting', FINISHED_WAIT, 1],
  ])('applies an accept when %s', async (_when, taskToken, calls) => {
    // Prepare
    const customerId = `cus-wait-${calls}`;
    const { caseId, handoverId } = await caseAwaitingSpecialists(customerId, taskToken);
    const accept = { type: 'accept-handover', commandId: `cmd-${customerId}`, handoverId };

    // Act
    const response = await send(postCommand(caseId, accept, specialist));

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.case.owner.team).toBe('specialist-support');
    expect(taskCalls).toHaveLength(calls);
  });

  it.each([
    ['missing', undefined],
    ['signed with another secret', signToken('other-secret', { agent: 'a-1', teams: ['fraud'] })],
    ['expired', signToken(SECRET, { agent: 'a-1', teams: ['fraud'] }, 60, Date.now() - 3_600_000)],
  ])('answers 401 when the bearer token is %s', async (_how, token) => {
    // Act
    const response = await send(
      postCommand('case-any', { type: 'add-note', commandId: 'cmd-401', text: 'Hi' }, token),
    );

    // Assess
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('UNAUTHORIZED');
    expect(JSON.stringify(response.body)).not.toContain('stack');
  });
});
