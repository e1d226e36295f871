import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, describe, expect, it } from 'vitest';
import type { Case } from '#schemas/case.ts';
import { arrears, eventually, putEvent, tokenFor, vulnerability } from './local-baton.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const running: ChildProcess[] = [];

/** Runs `npm start`'s entry point as its own process, as a person would, on free ports. */
const startBaton = (dataDir: string) =>
  new Promise<{ child: ChildProcess; edge: string; http: string }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['local/start.ts', '--data', dataDir, '--port', '0', '--http-port', '0', '--ws-port', '0'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    running.push(child);
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += String(chunk);
      const edge = /AWS APIs \(edge\)\s+(\S+)/.exec(out)?.[1];
      const http = /HTTP API\s+(\S+)/.exec(out)?.[1];
      if (edge && http) resolve({ child, edge, http });
    });
    child.once('exit', (code) =>
      reject(new Error(`the runtime exited (${code}) before it was ready`)),
    );
  });

/** Stops the runtime (SIGTERM, as Ctrl-C does) or kills it outright (SIGKILL, a crash). */
const stopBaton = (child: ChildProcess, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') =>
  new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.once('exit', (code, by) => resolve({ code, signal: by }));
    child.kill(signal);
  });

afterAll(() => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('a restart of the local runtime', () => {
  it.each([
    ['stopped', 'SIGTERM', { code: 0, signal: null }],
    ['killed', 'SIGKILL', { code: null, signal: 'SIGKILL' }],
  ] as const)(
    'loses nothing of a handover waiting for acceptance when %s',
    async (_how, signal, ended) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'baton-restart-'));
      const first = await startBaton(dataDir);
      const clients = (edge: string) => ({
        events: new EventBridgeClient({ endpoint: edge, region: 'eu-west-2', credentials }),
        sfn: new SFNClient({ endpoint: edge, region: 'eu-west-2', credentials }),
        dynamo: new DynamoDBClient({ endpoint: edge, region: 'eu-west-2', credentials }),
      });
      const before = clients(first.edge);
      const specialist = await tokenFor(dataDir, 'agent-sol', ['specialist-support']);
      const inbox = async (http: string) => {
        const response = await fetch(`${http}/teams/specialist-support/inbox`, {
          headers: { authorization: `Bearer ${specialist}` },
        });
        const body = (await response.json()) as { items?: Case[] };
        return body.items?.find((c) => c.customerId === 'cus-restart');
      };

      await putEvent(before.events, 'billing', 'Account In Arrears', arrears('cus-restart', 'r-1'));
      // Events arrive in no particular order: the disclosure waits until the case is open.
      const frontLine = await tokenFor(dataDir, 'agent-fin', ['front-line']);
      await eventually(async () => {
        const response = await fetch(`${first.http}/teams/front-line/queue`, {
          headers: { authorization: `Bearer ${frontLine}` },
        });
        const body = (await response.json()) as { items?: { customerId: string }[] };
        return body.items?.find((c) => c.customerId === 'cus-restart');
      });
      await putEvent(
        before.events,
        'crm',
        'Vulnerability Disclosed',
        vulnerability('cus-restart', 'r-2'),
      );
      const pending = await eventually(() => inbox(first.http));
      const { caseId } = pending;
      const handoverId = String(pending.handover?.handoverId);
      await eventually(async () => {
        const { Item } = await before.dynamo.send(
          new GetItemCommand({
            TableName: 'baton-dev-cases',
            Key: { PK: { S: `CASE#${caseId}` }, SK: { S: `HANDOVER#${handoverId}` } },
          }),
        );
        return Item?.taskToken ? Item : undefined;
      });
      const exit = await stopBaton(first.child, signal);
      const refused = await fetch(first.edge).then(
        () => false,
        () => true,
      );

      const second = await startBaton(dataDir);
      const after = clients(second.edge);
      const stillPending = await inbox(second.http);
      const accepted = await fetch(`${second.http}/cases/${caseId}/commands`, {
        method: 'POST',
        headers: { authorization: `Bearer ${specialist}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'accept-handover', commandId: 'r-accept', handoverId }),
      });
      const body = (await accepted.json()) as { case: { owner: unknown } };
      const execution = await eventually(async () => {
        const e = await after.sfn.send(
          new DescribeExecutionCommand({
            executionArn: `arn:aws:states:eu-west-2:000000000000:execution:baton-dev-handover:${handoverId}`,
          }),
        );
        return e.status === 'SUCCEEDED' ? e : undefined;
      });
      await stopBaton(second.child);

      expect(exit).toEqual(ended);
      expect(refused).toBe(true);
      expect(stillPending?.handover?.handoverId).toBe(handoverId);
      expect(accepted.status).toBe(200);
      expect(body.case.owner).toEqual({ team: 'specialist-support', agent: 'agent-sol' });
      expect(execution.status).toBe('SUCCEEDED');
    },
    180_000,
  );

  it('opens the case of a billing event put just before the runtime was killed, once it starts again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'baton-restart-'));
    const first = await startBaton(dataDir);
    const events = new EventBridgeClient({
      endpoint: first.edge,
      region: 'eu-west-2',
      credentials,
    });

    // Killed as soon as the bus has accepted the event, usually before the function has had it:
    // the event waits in the data folder, on its way to the rule's target or in Lambda's queue.
    await putEvent(events, 'billing', 'Account In Arrears', arrears('cus-queued', 'q-1'));
    const { signal } = await stopBaton(first.child, 'SIGKILL');

    const second = await startBaton(dataDir);
    const frontLine = await tokenFor(dataDir, 'agent-fin', ['front-line']);
    const opened = await eventually(async () => {
      const response = await fetch(`${second.http}/teams/front-line/queue`, {
        headers: { authorization: `Bearer ${frontLine}` },
      });
      const body = (await response.json()) as { items?: { customerId: string }[] };
      return body.items?.find((c) => c.customerId === 'cus-queued');
    });
    await stopBaton(second.child);

    expect(signal).toBe('SIGKILL');
    expect(opened).toMatchObject({ customerId: 'cus-queued' });
  }, 180_000);
});
