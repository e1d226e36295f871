import type { LocalLogger } from '../contracts.ts';
import type { ArchiveStore } from './archive-store.ts';
import { busNameOf, nameInArn, replayArn } from './arns.ts';
import { AwsError, notFoundError, validationError } from './errors.ts';
import type { EventBridgeClock, Replay } from './model.ts';
import type { Publisher } from './publish.ts';
import { findBus, type Registry } from './registry.ts';

interface StartReplayInput {
  ReplayName?: unknown;
  Description?: unknown;
  EventSourceArn?: unknown;
  EventStartTime?: unknown;
  EventEndTime?: unknown;
  Destination?: { Arn?: unknown; FilterArns?: unknown };
}

interface ReplayDeps {
  registry: Registry;
  archives: ArchiveStore;
  publisher: Publisher;
  clock: EventBridgeClock;
  logger: LocalLogger;
}

const DAY_MS = 86_400_000;

/** JSON 1.1 timestamps are epoch seconds; ISO text is accepted too. */
const timestamp = (value: unknown, name: string): Date => {
  const date = typeof value === 'number' ? new Date(value * 1_000) : new Date(String(value));
  if (value === undefined || Number.isNaN(date.getTime())) {
    throw validationError(
      `Parameter ${name} is not valid. Reason: ${name} is a required argument.`,
    );
  }
  return date;
};

const checkName = (value: unknown): string => {
  if (typeof value !== 'string' || !/^[.\-_A-Za-z0-9]{1,64}$/.test(value)) {
    throw validationError(
      `1 validation error detected: Value '${String(value)}' at 'replayName' failed to satisfy constraint: ` +
        'Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+',
    );
  }
  return value;
};

/**
 * Replays: `StartReplay` checks the request, answers `STARTING`, then sends the archived events
 * whose archive time falls in `[EventStartTime, EventEndTime)` to the destination bus's rules
 * (or only those in `FilterArns`), each with `replay-name` set. Replayed events are not archived
 * again. As on AWS, delivery order is not guaranteed: each event's deliveries run concurrently.
 *
 * Differs from AWS: replays are kept in memory, so they are forgotten at restart, and cannot be
 * cancelled (`CancelReplay` is not served).
 */
const createReplays = ({ registry, archives, publisher, clock, logger }: ReplayDeps) => {
  const run = async (replay: Replay, archiveName: string, retentionDays: number) => {
    replay.state = 'RUNNING';
    const busName = busNameOf(replay.destinationArn);
    const oldest =
      retentionDays > 0 ? clock.now() - retentionDays * DAY_MS : Number.NEGATIVE_INFINITY;
    const records = await archives.read(archiveName);
    let replayed = 0;
    for (const { archivedAt, event } of records) {
      if (archivedAt < oldest) continue;
      if (
        archivedAt < replay.eventStartTime.getTime() ||
        archivedAt >= replay.eventEndTime.getTime()
      )
        continue;
      await publisher.dispatch(
        busName,
        { ...event, 'replay-name': replay.name },
        clock.now(),
        replay.filterArns,
      );
      replay.eventLastReplayedTime = new Date(archivedAt);
      replayed++;
    }
    replay.state = 'COMPLETED';
    replay.replayEndTime = new Date(clock.now());
    logger.info('replay completed', {
      replay: replay.name,
      archive: archiveName,
      events: replayed,
    });
  };

  const start = (input: StartReplayInput): Replay => {
    const name = checkName(input.ReplayName);
    if (registry.replays.has(name)) {
      throw new AwsError('ResourceAlreadyExistsException', `Replay ${name} already exists.`);
    }
    const sourceArn = String(input.EventSourceArn ?? '');
    const archiveName = nameInArn(sourceArn, 'archive') ?? sourceArn;
    const archive = registry.archives.get(archiveName);
    if (!archive) throw notFoundError(`Archive ${archiveName} does not exist.`);
    const startTime = timestamp(input.EventStartTime, 'EventStartTime');
    const endTime = timestamp(input.EventEndTime, 'EventEndTime');
    if (startTime.getTime() >= endTime.getTime()) {
      throw validationError(
        'Parameter EventStartTime is not valid. Reason: EventStartTime must be before EventEndTime.',
      );
    }
    if (endTime.getTime() > clock.now()) {
      throw validationError(
        'Parameter EventEndTime is not valid. Reason: EventEndTime cannot be in the future.',
      );
    }
    const destinationArn = String(input.Destination?.Arn ?? '');
    const bus = findBus(registry, destinationArn);
    if (!bus) throw notFoundError(`Event bus ${busNameOf(destinationArn)} does not exist.`);
    if (bus.name !== archive.busName) {
      throw validationError(
        'Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.',
      );
    }
    const filterArns = Array.isArray(input.Destination?.FilterArns)
      ? input.Destination.FilterArns.map(String)
      : undefined;
    const replay: Replay = {
      name,
      arn: replayArn(registry.settings, name),
      ...(typeof input.Description === 'string' && { description: input.Description }),
      archiveArn: archive.arn,
      destinationArn: bus.arn,
      ...(filterArns && { filterArns }),
      eventStartTime: startTime,
      eventEndTime: endTime,
      state: 'STARTING',
      replayStartTime: new Date(clock.now()),
    };
    registry.replays.set(name, replay);
    setImmediate(() => {
      run(replay, archive.name, archive.retentionDays).catch((error: Error) => {
        replay.state = 'FAILED';
        replay.stateReason = error.message;
        replay.replayEndTime = new Date(clock.now());
        logger.error('replay failed', {
          replay: name,
          errorType: error.name,
          message: error.message,
        });
      });
    });
    return replay;
  };

  const describe = (nameValue: unknown): Replay => {
    const name = String(nameValue ?? '');
    const replay = registry.replays.get(name);
    if (!replay) throw notFoundError(`Replay ${name} does not exist.`);
    return replay;
  };

  return { start, describe };
};

type Replays = ReturnType<typeof createReplays>;

export { createReplays, type Replays };
