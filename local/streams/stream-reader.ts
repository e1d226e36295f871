import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';

interface ReaderOptions {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/** Where to start reading a shard: after a handled record, or at its oldest record. */
type Position = { after: string } | 'TRIM_HORIZON';

/** The DynamoDB and DynamoDB Streams calls a poller makes, against the endpoint it was given. */
class StreamReader {
  private readonly tables: DynamoDBClient;
  private readonly streams: DynamoDBStreamsClient;

  constructor(options: ReaderOptions) {
    // The SDK's own retries would hide a stopped endpoint for seconds; the poller retries itself.
    this.tables = new DynamoDBClient({ ...options, maxAttempts: 1 });
    this.streams = new DynamoDBStreamsClient({ ...options, maxAttempts: 1 });
  }

  /** DynamoDB Local's ARN of the table's current stream (its own, not the template's). */
  async streamArnOf(tableName: string): Promise<string> {
    const { Table } = await this.tables.send(new DescribeTableCommand({ TableName: tableName }));
    if (!Table?.LatestStreamArn || Table.StreamSpecification?.StreamEnabled === false) {
      throw new Error(`table ${tableName} has no stream enabled`);
    }
    return Table.LatestStreamArn;
  }

  async shards(streamArn: string): Promise<Shard[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await this.streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards;
  }

  async iterator(
    streamArn: string,
    shardId: string,
    position: Position,
  ): Promise<string | undefined> {
    const { ShardIterator } = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(position === 'TRIM_HORIZON'
          ? { ShardIteratorType: 'TRIM_HORIZON' }
          : { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: position.after }),
      }),
    );
    return ShardIterator;
  }

  /** One page of a shard; `next` is undefined once a closed shard is read to its end. */
  async read(iterator: string): Promise<{ records: _Record[]; next: string | undefined }> {
    const page = await this.streams.send(
      new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }),
    );
    return { records: page.Records ?? [], next: page.NextShardIterator };
  }

  close() {
    this.tables.destroy();
    this.streams.destroy();
  }
}

export type { Position, ReaderOptions };
export { StreamReader };
