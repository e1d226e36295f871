import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeArchiveCommand,
  DescribeReplayCommand,
  ListArchivesCommand,
  PutEventsCommand,
  StartReplayCommand,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { functionArn } from './support/doubles.ts';
import { type EventBridgeUnderTest, startEventBridge } from './support/setup.ts';

const INGEST = functionArn('baton-dev-ingest-event');
const BROADCAST = functionArn('baton-dev-broadcast-change');
const ARCHIVE = 'baton-dev-inbound';
const ARCHIVE_ARN = `arn:aws:events:eu-west-2:000000000000:archive/${ARCHIVE}`;
const BUS_ARN = 'arn:aws:events:eu-west-2:000000000000:event-bus/baton-dev';
const START = Date.parse('2026-12-03T08:00:00Z');
const HOUR = 3_600_000;

const put = (source: string, detailType: string, detail: object) =>
  new PutEventsCommand({
    Entries: [
      {
        EventBusName: 'baton-dev',
        Source: source,
        DetailType: detailType,
        Detail: JSON.stringify(detail),
      },
    ],
  });

describe('The inbound archive and replay', () => {
  let bus: EventBridgeUnderTest;
  let dataDir: string;
  const ids: Record<string, string | undefined> = {};

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'baton-eventbridge-'));
    bus = await startEventBridge({
      settings: { inMemory: false, dataDir },
      behaviours: { [INGEST]: () => null, [BROADCAST]: () => null },
    });
    // Three events an hour apart: billing and crm match the archive's pattern, baton.cases does not.
    const billing = await bus.client.send(put('billing', 'Payment Missed', { eventId: 'bil-1' }));
    bus.time.advance(HOUR);
    const crm = await bus.client.send(put('crm', 'Vulnerability Disclosed', { eventId: 'crm-1' }));
    bus.time.advance(HOUR);
    await bus.client.send(put('baton.cases', 'Case Changed', { eventId: 'case-1' }));
    await bus.events.idle();
    ids.billing = billing.Entries?.[0]?.EventId;
    ids.crm = crm.Entries?.[0]?.EventId;
  });
  afterAll(async () => {
    await bus.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps the events matching its pattern, with their time, in the data folder', async () => {
    // Act
    const lines = (
      await readFile(join(dataDir, 'eventbridge', `archive-${ARCHIVE}.ndjson`), 'utf8')
    )
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));

    // Assess
    expect(lines.map((line) => [line.archivedAt, line.event.id])).toEqual([
      [START, ids.billing],
      [START + HOUR, ids.crm],
    ]);
  });

  it('describes the archive with its event count', async () => {
    const archive = await bus.client.send(new DescribeArchiveCommand({ ArchiveName: ARCHIVE }));

    expect(archive).toMatchObject({
      ArchiveArn: ARCHIVE_ARN,
      ArchiveName: ARCHIVE,
      EventSourceArn: BUS_ARN,
      State: 'ENABLED',
      RetentionDays: 365,
      EventCount: 2,
    });
    expect(archive.SizeBytes).toBeGreaterThan(0);
    expect(JSON.parse(archive.EventPattern ?? '')).toEqual({
      source: ['billing', 'crm', 'insolvency-service', 'complaints', 'fraud'],
    });
  });

  it('lists the archive', async () => {
    const result = await bus.client.send(new ListArchivesCommand({ EventSourceArn: BUS_ARN }));

    expect(result.Archives?.map((archive) => [archive.ArchiveName, archive.EventCount])).toEqual([
      [ARCHIVE, 2],
    ]);
  });

  it("replays the window's events to the bus's rules, marked with the replay's name", async () => {
    // Prepare
    const before = bus.lambda.callsTo(INGEST).length;

    // Act: the first 90 minutes hold the billing and crm events, not the later baton.cases one.
    const started = await bus.client.send(
      new StartReplayCommand({
        ReplayName: 'morning',
        EventSourceArn: ARCHIVE_ARN,
        EventStartTime: new Date(START),
        EventEndTime: new Date(START + 90 * 60_000),
        Destination: { Arn: BUS_ARN },
      }),
    );
    await vi.waitFor(async () => {
      const replay = await bus.client.send(new DescribeReplayCommand({ ReplayName: 'morning' }));
      expect(replay.State).toBe('COMPLETED');
    });
    await bus.events.idle();

    // Assess
    expect(started.State).toBe('STARTING');
    const replayed = bus.lambda
      .callsTo(INGEST)
      .slice(before)
      .map((call) => call.payload as Record<string, unknown>);
    expect(replayed.map((event) => [event.id, event['replay-name']]).sort()).toEqual(
      [
        [ids.billing, 'morning'],
        [ids.crm, 'morning'],
      ].sort(),
    );
  });

  it('describes the finished replay, and does not archive replayed events again', async () => {
    const replay = await bus.client.send(new DescribeReplayCommand({ ReplayName: 'morning' }));
    const archive = await bus.client.send(new DescribeArchiveCommand({ ArchiveName: ARCHIVE }));

    expect(replay).toMatchObject({
      ReplayName: 'morning',
      EventSourceArn: ARCHIVE_ARN,
      Destination: { Arn: BUS_ARN },
      EventLastReplayedTime: new Date(START + HOUR),
    });
    expect(replay.ReplayEndTime).toBeInstanceOf(Date);
    expect(archive.EventCount).toBe(2);
  });

  it('refuses a second replay with the same name', async () => {
    const act = bus.client.send(
      new StartReplayCommand({
        ReplayName: 'morning',
        EventSourceArn: ARCHIVE_ARN,
        EventStartTime: new Date(START),
        EventEndTime: new Date(START + HOUR),
        Destination: { Arn: BUS_ARN },
      }),
    );

    await expect(act).rejects.toMatchObject({ name: 'ResourceAlreadyExistsException' });
  });

  it('refuses a window that ends in the future, and an archive that does not exist', async () => {
    const future = bus.client.send(
      new StartReplayCommand({
        ReplayName: 'future',
        EventSourceArn: ARCHIVE_ARN,
        EventStartTime: new Date(START),
        EventEndTime: new Date(START + 48 * HOUR),
        Destination: { Arn: BUS_ARN },
      }),
    );
    const unknown = bus.client.send(
      new StartReplayCommand({
        ReplayName: 'unknown',
        EventSourceArn: 'arn:aws:events:eu-west-2:000000000000:archive/nope',
        EventStartTime: new Date(START),
        EventEndTime: new Date(START + HOUR),
        Destination: { Arn: BUS_ARN },
      }),
    );

    await expect(future).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(unknown).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Archive nope does not exist.',
    });
  });

  it('answers ResourceNotFoundException for a replay that does not exist', async () => {
    const act = bus.client.send(new DescribeReplayCommand({ ReplayName: 'evening' }));

    await expect(act).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
