import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { inject } from 'vitest';

/**
 * The SDK's stream client hands an empty map attribute back as `{}`, losing its `M` tag; Lambda
 * delivers `{"M":{}}`. Restores the tag so images unmarshall as they would in Lambda.
 */
const restoreEmptyMaps = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(restoreEmptyMaps);
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (entries.length === 0) return { M: {} };
  return Object.fromEntries(entries.map(([k, v]) => [k, restoreEmptyMaps(v)]));
};

/**
 * Reads a table's stream on DynamoDB Local from where the previous read stopped and returns the
 * records shaped as Lambda delivers them: DynamoDB Local gives `ApproximateCreationDateTime` as a
 * date and no `eventSourceARN`, where Lambda gives epoch seconds and the stream's ARN.
 */
const streamReader = async (client: DynamoDBClient, tableName: string) => {
  const streams = new DynamoDBStreamsClient({
    endpoint: inject('dynamoEndpoint'),
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const streamArn = Table?.LatestStreamArn ?? '';
  const { StreamDescription } = await streams.send(
    new DescribeStreamCommand({ StreamArn: streamArn }),
  );
  const shardId = StreamDescription?.Shards?.[0]?.ShardId ?? '';
  let iterator = (
    await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    )
  ).ShardIterator;

  return async (): Promise<DynamoDBRecord[]> => {
    const records: DynamoDBRecord[] = [];
    for (;;) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
      iterator = page.NextShardIterator;
      for (const r of page.Records ?? []) {
        const created = r.dynamodb?.ApproximateCreationDateTime;
        records.push({
          ...r,
          eventSourceARN: streamArn,
          dynamodb: {
            ...r.dynamodb,
            ...(r.dynamodb?.NewImage ? { NewImage: imageOf(r.dynamodb.NewImage) } : {}),
            ...(r.dynamodb?.OldImage ? { OldImage: imageOf(r.dynamodb.OldImage) } : {}),
            ApproximateCreationDateTime: created
              ? Math.floor(new Date(created).getTime() / 1_000)
              : undefined,
          },
        } as DynamoDBRecord);
      }
      if (!page.Records?.length) return records;
    }
  };
};

const imageOf = (image: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(image).map(([k, v]) => [k, restoreEmptyMaps(v)]));

export { streamReader };
