import type { DynamoDBRecord } from 'aws-lambda';

/** A record read from a shard; without `record` when the mapping's filters dropped it. */
interface Entry {
  sequenceNumber: string;
  record?: DynamoDBRecord;
  readAt: number;
}

/** Lambda's limit on a synchronous invocation's payload, which caps a batch too. */
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

/**
 * The records of one shard read but not yet handled, in stream order. Records the filters drop
 * stay as passengers, so the checkpoint moves past them only once every record before them is
 * handled.
 */
class ShardBuffer {
  private entries: Entry[] = [];

  push(entry: Entry) {
    this.entries.push(entry);
  }

  get pending(): number {
    return this.entries.filter((e) => e.record).length;
  }

  get empty(): boolean {
    return this.entries.length === 0;
  }

  /** When the oldest record waiting for delivery was read. */
  get oldestReadAt(): number | undefined {
    return this.entries.find((e) => e.record)?.readAt;
  }

  /** The next batch: up to `size` records, fewer if more would pass Lambda's payload limit. */
  nextBatch(size: number): DynamoDBRecord[] {
    const batch: DynamoDBRecord[] = [];
    let bytes = 0;
    for (const { record } of this.entries) {
      if (!record) continue;
      const recordBytes = Buffer.byteLength(JSON.stringify(record)) + 1;
      if (batch.length >= size || (batch.length > 0 && bytes + recordBytes > MAX_PAYLOAD_BYTES))
        break;
      batch.push(record);
      bytes += recordBytes;
    }
    return batch;
  }

  /**
   * Drops every entry up to the handled sequence number, and the filtered-out entries right after
   * it; returns the sequence number the checkpoint may move to.
   */
  handled(sequenceNumber: string): string | undefined {
    const index = this.entries.findIndex((e) => e.sequenceNumber === sequenceNumber);
    if (index < 0) return undefined;
    let end = index + 1;
    while (end < this.entries.length && !this.entries[end]?.record) end++;
    const last = this.entries[end - 1]?.sequenceNumber;
    this.entries = this.entries.slice(end);
    return last;
  }

  /** Drops the leading filtered-out entries when no record waits before them. */
  skipFiltered(): string | undefined {
    let end = 0;
    while (end < this.entries.length && !this.entries[end]?.record) end++;
    if (end === 0) return undefined;
    const last = this.entries[end - 1]?.sequenceNumber;
    this.entries = this.entries.slice(end);
    return last;
  }
}

export { ShardBuffer };
