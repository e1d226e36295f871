import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSettings, TemplateResource } from '../../../local/contracts.ts';
import { deployTable } from '../../../local/dynamodb/deploy-tables.ts';
import { createDynamoDb, type LocalDynamoDb } from '../../../local/dynamodb/index.ts';
import { tableDefinition } from '../../../local/dynamodb/table-input.ts';
import { createEdge, type Edge } from '../../../local/edge/index.ts';
import { createLogger } from '../../../local/logger.ts';
import { loadStack, resourcesOf } from '../../../local/template/index.ts';

const credentials = { accessKeyId: 'local-test_key', secretAccessKey: 'local' };
const TABLE = 'baton-dev-cases';

/** A small table resource, as the resolver gives one, for the reconciling tests. */
const demoTable = (properties: Record<string, unknown>): TemplateResource => ({
  logicalId: 'Demo',
  type: 'AWS::DynamoDB::Table',
  ref: 'reconcile-demo',
  attributes: {},
  properties: {
    TableName: 'reconcile-demo',
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
    ...properties,
    // DynamoDB wants exactly the attributes some key uses.
    AttributeDefinitions: ['PK', 'a', 'b']
      .filter(
        (name) => JSON.stringify(properties).includes(`"AttributeName":"${name}"`) || name === 'PK',
      )
      .map((name) => ({ AttributeName: name, AttributeType: 'S' })),
  },
});

const gsi = (name: string, key: string) => ({
  IndexName: name,
  KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
  Projection: { ProjectionType: 'ALL' },
});

describe('DynamoDB Local run by the local runtime', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-dynamodb-'));
  const settings: LocalSettings = {
    dataDir,
    inMemory: false,
    region: 'eu-west-2',
    accountId: '000000000000',
    edgePort: 0,
  };
  const lines: string[] = [];
  const logger = createLogger('dynamodb', { write: (line) => lines.push(line) });
  const stack = loadStack(join(import.meta.dirname, '../../fixtures/local/core'), settings);
  let dynamo: LocalDynamoDb;
  let edge: Edge;
  let client: DynamoDBClient;

  beforeAll(async () => {
    dynamo = createDynamoDb({ settings, logger, tables: resourcesOf(stack.resources, 'dynamodb') });
    edge = createEdge({ port: 0, logger, routes: [dynamo.route] });
    await edge.start();
    await dynamo.service.start();
    client = new DynamoDBClient({ endpoint: edge.url, region: 'eu-west-2', credentials });
  }, 60_000);

  afterAll(async () => {
    client.destroy();
    await dynamo.service.stop();
    await edge.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the table exactly as the template declares it', async () => {
    // Act
    const { Table } = await client.send(new DescribeTableCommand({ TableName: TABLE }));
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: TABLE }));

    // Assess
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual([
      'byInbox',
      'byNextDeadline',
      'byTeamQueue',
    ]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.StreamSpecification).toEqual({
      StreamEnabled: true,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
    expect(Table?.LatestStreamArn).toContain(`table/${TABLE}/stream/`);
    expect(ttl.TimeToLiveDescription).toEqual({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'expiresAt',
    });
  });

  it('serves PutItem and a Query on an index through the edge', async () => {
    // Arrange
    const item = {
      PK: { S: 'CASE#c-1' },
      SK: { S: 'CASE' },
      gsi1pk: { S: 'TEAM#front-line' },
      gsi1sk: { S: '2026-12-03T09:00:00Z#c-1' },
    };

    // Act
    await client.send(new PutItemCommand({ TableName: TABLE, Item: item }));
    const found = await client.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'byTeamQueue',
        KeyConditionExpression: 'gsi1pk = :team',
        ExpressionAttributeValues: { ':team': { S: 'TEAM#front-line' } },
      }),
    );

    // Assess
    expect(found.Items).toEqual([item]);
  });

  it('serves DynamoDB Streams through the edge, the stream as DynamoDB Local names it', async () => {
    // Arrange
    const streams = new DynamoDBStreamsClient({
      endpoint: edge.url,
      region: 'eu-west-2',
      credentials,
    });
    const arn = await dynamo.latestStreamArn(TABLE);

    // Act
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
    streams.destroy();

    // Assess
    expect(StreamDescription).toMatchObject({
      StreamArn: arn,
      TableName: TABLE,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
    expect(StreamDescription?.Shards?.length).toBeGreaterThan(0);
  });

  it('logs that it created the table', () => {
    // Assess
    expect(lines.map((l) => JSON.parse(l))).toContainEqual(
      expect.objectContaining({ message: 'table created', table: TABLE }),
    );
  });

  it('brings a kept table’s indexes, stream and TTL in line with a changed template', async () => {
    // Arrange
    const direct = new DynamoDBClient({ endpoint: edge.url, region: 'eu-west-2', credentials });
    await deployTable(
      direct,
      tableDefinition(
        demoTable({
          GlobalSecondaryIndexes: [gsi('byA', 'a')],
          TimeToLiveSpecification: { AttributeName: 'old', Enabled: true },
        }),
      ),
      logger,
      dataDir,
    );

    // Act
    await deployTable(
      direct,
      tableDefinition(
        demoTable({
          GlobalSecondaryIndexes: [gsi('byB', 'b')],
          StreamSpecification: { StreamViewType: 'KEYS_ONLY' },
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        }),
      ),
      logger,
      dataDir,
    );
    const { Table } = await direct.send(new DescribeTableCommand({ TableName: 'reconcile-demo' }));
    const ttl = await direct.send(new DescribeTimeToLiveCommand({ TableName: 'reconcile-demo' }));
    direct.destroy();

    // Assess
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(['byB']);
    expect(Table?.StreamSpecification).toEqual({
      StreamEnabled: true,
      StreamViewType: 'KEYS_ONLY',
    });
    expect(ttl.TimeToLiveDescription?.AttributeName).toBe('expiresAt');
  });

  it('refuses a kept table whose primary key the template changed, saying how to start afresh', async () => {
    // Arrange
    const direct = new DynamoDBClient({ endpoint: edge.url, region: 'eu-west-2', credentials });
    const changed = demoTable({ KeySchema: [{ AttributeName: 'a', KeyType: 'HASH' }] });

    // Act
    const failure = await deployTable(direct, tableDefinition(changed), logger, dataDir).catch(
      (e: Error) => e,
    );
    direct.destroy();

    // Assess
    expect((failure as Error).message).toMatch(
      /^table reconcile-demo kept in .* has the key .* but the template declares .*: delete .* \(or run with --in-memory\) to start afresh$/,
    );
  });

  it('keeps the data in the data folder across a stop and a start, and stops its JVM', async () => {
    // Arrange
    const before = dynamo.endpoint;

    // Act
    await dynamo.service.stop();
    const whileStopped = await fetch(before).then(
      () => 'answered',
      () => 'refused',
    );
    await dynamo.service.start();
    const kept = await client.send(
      new GetItemCommand({ TableName: TABLE, Key: { PK: { S: 'CASE#c-1' }, SK: { S: 'CASE' } } }),
    );

    // Assess
    expect(whileStopped).toBe('refused');
    expect(kept.Item?.gsi1pk).toEqual({ S: 'TEAM#front-line' });
    expect(lines.map((l) => JSON.parse(l))).toContainEqual(
      expect.objectContaining({ message: 'table kept', table: TABLE }),
    );
  }, 60_000);
});
