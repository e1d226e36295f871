import type { ArchiveStore } from '../archive-store.ts';
import { notFoundError } from '../errors.ts';
import type { Archive, Replay } from '../model.ts';
import type { Registry } from '../registry.ts';
import type { Replays } from '../replay.ts';
import { page, seconds } from './paging.ts';

interface ArchiveInput {
  ArchiveName?: unknown;
  NamePrefix?: unknown;
  EventSourceArn?: unknown;
  State?: unknown;
  NextToken?: unknown;
  Limit?: unknown;
}

const summary = async (store: ArchiveStore, archive: Archive) => {
  const stats = await store.stats(archive.name);
  return {
    ArchiveName: archive.name,
    EventSourceArn: archive.sourceArn,
    State: 'ENABLED',
    RetentionDays: archive.retentionDays,
    SizeBytes: stats.sizeBytes,
    EventCount: stats.eventCount,
    CreationTime: seconds(archive.createdAt),
  };
};

/** `DescribeArchive`: the archive with its event count and size as stored locally. */
const describeArchive = async (registry: Registry, store: ArchiveStore, input: ArchiveInput) => {
  const name = String(input.ArchiveName ?? '');
  const archive = registry.archives.get(name);
  if (!archive) throw notFoundError(`Archive ${name} does not exist.`);
  return {
    ArchiveArn: archive.arn,
    ...(await summary(store, archive)),
    ...(archive.description && { Description: archive.description }),
    ...(archive.eventPattern && { EventPattern: archive.eventPattern }),
  };
};

/** `ListArchives`: by `NamePrefix`, `EventSourceArn` or `State`, by name, paged. */
const listArchives = async (registry: Registry, store: ArchiveStore, input: ArchiveInput) => {
  const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : '';
  const archives = [...registry.archives.values()]
    .filter((archive) => archive.name.startsWith(prefix))
    .filter(
      (archive) => input.EventSourceArn === undefined || archive.sourceArn === input.EventSourceArn,
    )
    .filter(() => input.State === undefined || input.State === 'ENABLED')
    .sort((a, b) => a.name.localeCompare(b.name));
  const { items, NextToken } = page(archives, input);
  return {
    Archives: await Promise.all(items.map((archive) => summary(store, archive))),
    ...(NextToken && { NextToken }),
  };
};

const replayShape = (replay: Replay) => ({
  ReplayName: replay.name,
  ReplayArn: replay.arn,
  ...(replay.description && { Description: replay.description }),
  State: replay.state,
  ...(replay.stateReason && { StateReason: replay.stateReason }),
  EventSourceArn: replay.archiveArn,
  Destination: {
    Arn: replay.destinationArn,
    ...(replay.filterArns && { FilterArns: replay.filterArns }),
  },
  EventStartTime: seconds(replay.eventStartTime),
  EventEndTime: seconds(replay.eventEndTime),
  ...(replay.eventLastReplayedTime && {
    EventLastReplayedTime: seconds(replay.eventLastReplayedTime),
  }),
  ReplayStartTime: seconds(replay.replayStartTime),
  ...(replay.replayEndTime && { ReplayEndTime: seconds(replay.replayEndTime) }),
});

/** `StartReplay`. */
const startReplay = (replays: Replays, input: Parameters<Replays['start']>[0]) => {
  const replay = replays.start(input);
  return {
    ReplayArn: replay.arn,
    State: replay.state,
    ReplayStartTime: seconds(replay.replayStartTime),
  };
};

/** `DescribeReplay`. */
const describeReplay = (replays: Replays, input: { ReplayName?: unknown }) =>
  replayShape(replays.describe(input.ReplayName));

export { describeArchive, describeReplay, listArchives, startReplay };
