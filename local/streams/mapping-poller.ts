import { setTimeout as sleep } from 'node:timers/promises';
import type { Shard } from '@aws-sdk/client-dynamodb-streams';
import type { DeadLetterStore, LambdaInvoker, LocalLogger } from '../contracts.ts';
import { DeliveryStopped, deliverBatch } from './batch-delivery.ts';
import type { Checkpoint, CheckpointFile } from './checkpoints.ts';
import { toLambdaRecord } from './lambda-records.ts';
import type { StreamMapping } from './mapping-config.ts';
import { ShardBuffer } from './shard-buffer.ts';
import type { Position, StreamReader } from './stream-reader.ts';

interface PollerOptions {
  mapping: StreamMapping;
  reader: StreamReader;
  checkpoints: CheckpointFile;
  lambda: LambdaInvoker;
  deadLetters: DeadLetterStore;
  logger: LocalLogger;
  region: string;
  pollIntervalMs: number;
  retryDelayMs: (retry: number) => number;
}

interface ShardState {
  shard: Shard;
  iterator?: string;
  /** The last sequence number read, to renew an expired iterator without reading twice. */
  lastRead?: string;
  /** The shard is closed and read to its end. */
  closed: boolean;
  buffer: ShardBuffer;
}

const SHARD_REFRESH_MS = 5_000;
const ERROR_PAUSE_MS = 1_000;

/**
 * Polls one mapping's DynamoDB stream and delivers its records to the function, shard by shard
 * in stream order, one batch at a time (a shard whose parent is still being read waits for it).
 * The checkpoint is saved after every handled batch, so a restart resumes after the last one.
 *
 * Differs from AWS: `ParallelizationFactor` is not applied (one batch at a time per mapping
 * keeps every item's order all the same).
 */
class MappingPoller {
  private readonly options: PollerOptions;
  private controller = new AbortController();
  private loop: Promise<void> | undefined;
  private checkpoint: Checkpoint | undefined;
  private shards = new Map<string, ShardState>();
  private shardsReadAt = 0;

  constructor(options: PollerOptions) {
    this.options = options;
  }

  /** Finds the stream and the checkpoint (failing if the table has no stream), then polls. */
  async start(): Promise<void> {
    this.controller = new AbortController();
    await this.initialize();
    this.loop = this.run(this.controller.signal);
  }

  /** Stops polling; an interrupted batch is not checkpointed and is delivered again on restart. */
  async stop(): Promise<void> {
    this.controller.abort();
    await this.loop;
    this.loop = undefined;
  }

  private get fields() {
    return { mapping: this.options.mapping.logicalId };
  }

  private async initialize() {
    const { mapping, reader, checkpoints, logger } = this.options;
    const streamArn = await reader.streamArnOf(mapping.tableName);
    const saved = await checkpoints.load();
    this.shards.clear();
    this.shardsReadAt = 0;
    if (saved?.streamArn === streamArn) {
      this.checkpoint = saved;
      return;
    }
    this.checkpoint = { streamArn, shards: {} };
    if (mapping.startingPosition === 'LATEST') {
      // LATEST is pinned once, at the first start, so records written while the runtime is
      // stopped are still delivered after a restart, as AWS keeps polling meanwhile.
      for (const shard of await reader.shards(streamArn)) {
        this.checkpoint.shards[shard.ShardId ?? ''] = await this.endOf(streamArn, shard);
      }
    }
    await checkpoints.save(this.checkpoint);
    logger.info('stream mapping starts', { ...this.fields, position: mapping.startingPosition });
  }

  private async endOf(streamArn: string, shard: Shard) {
    const { reader } = this.options;
    let iterator = await reader.iterator(streamArn, shard.ShardId ?? '', 'TRIM_HORIZON');
    let last: string | undefined;
    while (iterator) {
      const page = await reader.read(iterator);
      last = page.records.at(-1)?.dynamodb?.SequenceNumber ?? last;
      iterator = page.next;
      if (page.records.length === 0) break;
    }
    return last ? { sequenceNumber: last } : {};
  }

  private async run(signal: AbortSignal) {
    const { logger, pollIntervalMs } = this.options;
    while (!signal.aborted) {
      let pause = pollIntervalMs;
      try {
        if (!this.checkpoint) await this.initialize();
        await this.pollOnce(signal);
      } catch (error) {
        if (error instanceof DeliveryStopped || signal.aborted) return;
        // Start over from the checkpoint: buffered records were not handled and are read again.
        logger.warn('stream poll failed', { ...this.fields, error: String(error) });
        this.checkpoint = undefined;
        pause = ERROR_PAUSE_MS;
      }
      try {
        await sleep(pause, undefined, { signal, ref: false });
      } catch {
        return;
      }
    }
  }

  private async pollOnce(signal: AbortSignal) {
    const checkpoint = this.checkpoint;
    if (!checkpoint) return;
    if (Date.now() - this.shardsReadAt > SHARD_REFRESH_MS) await this.refreshShards(checkpoint);
    for (const state of this.readableShards(checkpoint)) {
      if (signal.aborted) return;
      await this.pollShard(state, checkpoint, signal);
    }
  }

  private async refreshShards(checkpoint: Checkpoint) {
    for (const shard of await this.options.reader.shards(checkpoint.streamArn)) {
      const id = shard.ShardId ?? '';
      if (!this.shards.has(id) && !checkpoint.shards[id]?.finished) {
        this.shards.set(id, { shard, closed: false, buffer: new ShardBuffer() });
      }
    }
    this.shardsReadAt = Date.now();
  }

  /** Shards not finished whose parent is finished or gone from the stream (trimmed). */
  private readableShards(checkpoint: Checkpoint): ShardState[] {
    return [...this.shards.values()].filter(({ shard }) => {
      const parent = shard.ParentShardId;
      return !parent || !this.shards.has(parent) || checkpoint.shards[parent]?.finished;
    });
  }

  private async pollShard(state: ShardState, checkpoint: Checkpoint, signal: AbortSignal) {
    const { mapping, reader, region } = this.options;
    const id = state.shard.ShardId ?? '';
    if (!state.closed && state.buffer.pending < mapping.batchSize) {
      if (!state.iterator) {
        const from = state.lastRead ?? checkpoint.shards[id]?.sequenceNumber;
        const position: Position = from ? { after: from } : 'TRIM_HORIZON';
        state.iterator = await reader.iterator(checkpoint.streamArn, id, position);
      }
      try {
        const page = await reader.read(state.iterator ?? '');
        state.iterator = page.next;
        state.closed = !page.next;
        for (const raw of page.records) {
          const record = toLambdaRecord(raw, mapping.eventSourceArn, region);
          const sequenceNumber = raw.dynamodb?.SequenceNumber ?? '';
          state.buffer.push({
            sequenceNumber,
            readAt: Date.now(),
            ...(mapping.accepts(record) ? { record } : {}),
          });
          state.lastRead = sequenceNumber;
        }
      } catch (error) {
        if ((error as Error).name !== 'ExpiredIteratorException') throw error;
        state.iterator = undefined;
        return;
      }
    }
    await this.deliverReady(state, checkpoint, signal);
  }

  private async deliverReady(state: ShardState, checkpoint: Checkpoint, signal: AbortSignal) {
    const { mapping } = this.options;
    const id = state.shard.ShardId ?? '';
    const commit = async (sequenceNumber: string | undefined) => {
      if (!sequenceNumber) return;
      checkpoint.shards[id] = { ...checkpoint.shards[id], sequenceNumber };
      await this.options.checkpoints.save(checkpoint);
    };
    for (;;) {
      await commit(state.buffer.skipFiltered());
      const oldest = state.buffer.oldestReadAt;
      if (oldest === undefined) break;
      const full = state.buffer.pending >= mapping.batchSize;
      const windowOver = Date.now() - oldest >= mapping.batchingWindowMs;
      if (!full && !windowOver && !state.closed) break;
      await deliverBatch(state.buffer.nextBatch(mapping.batchSize), {
        ...this.options,
        signal,
        commit: (sequenceNumber) => commit(state.buffer.handled(sequenceNumber)),
      });
    }
    if (state.closed && state.buffer.empty) {
      checkpoint.shards[id] = { ...checkpoint.shards[id], finished: true };
      await this.options.checkpoints.save(checkpoint);
      this.shards.delete(id);
    }
  }
}

export { MappingPoller };
