import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AttributeValue,
  CreateTableCommand,
  DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { inject } from 'vitest';
import type { TemplateResource } from '../../../local/contracts.ts';
import { createLambda } from '../../../local/lambda/index.ts';
import { createStreams } from '../../../local/streams/index.ts';
import { memoryDeadLetters } from '../../fixtures/local/lambda/dead-letters.ts';
import { capturedLogger } from '../../fixtures/local/lambda/logs.ts';
import {
  fixtureAssetDir,
  fixtureFunction,
  testSettings,
} from '../../fixtures/local/lambda/template.ts';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const dynamo = new DynamoDBClient({
  endpoint: inject('dynamoEndpoint'),
  region: 'eu-west-2',
  credentials,
});
const folder = mkdtempSync(join(tmpdir(), 'baton-streams-'));
const running: Array<() => Promise<void>> = [];

const templateStreamArn = (table: string) =>
  `arn:aws:dynamodb:eu-west-2:123456789012:table/${table}/stream/1970-01-01T00:00:00.000`;

/**
 * A table with a stream on DynamoDB Local, the stream-consumer fixture function logging every
 * batch it gets, and one mapping between them with the given properties.
 */
const streamToFunction = async (mappingProperties: Record<string, unknown>) => {
  const table = `streams-${randomUUID().slice(0, 8)}`;
  await dynamo.send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  const batchLog = join(folder, `${table}.jsonl`);
  const dataDir = join(folder, table);
  const { logger, lines } = capturedLogger('streams');
  const deadLetters = memoryDeadLetters();
  const functionName = `consume-${table}`;
  const lambda = createLambda({
    settings: testSettings(),
    logger,
    deadLetters,
    functions: [
      fixtureFunction('stream-consumer', functionName, {
        Environment: { Variables: { BATCH_LOG: batchLog } },
      }),
    ],
    invokeConfigs: [],
    assetDir: fixtureAssetDir,
    environment: {},
    output: () => undefined,
  });
  await lambda.service.start();
  const tableResource: TemplateResource = {
    logicalId: 'CasesTable',
    type: 'AWS::DynamoDB::Table',
    ref: table,
    attributes: { StreamArn: templateStreamArn(table) },
    properties: { TableName: table },
  };
  const mapping: TemplateResource = {
    logicalId: 'ConsumeCasesMapping',
    type: 'AWS::Lambda::EventSourceMapping',
    ref: randomUUID(),
    attributes: {},
    properties: {
      EventSourceArn: templateStreamArn(table),
      FunctionName: functionName,
      StartingPosition: 'TRIM_HORIZON',
      ...mappingProperties,
    },
  };
  const newStreams = () =>
    createStreams({
      settings: testSettings(dataDir, false),
      logger,
      lambda: lambda.invoker,
      deadLetters,
      mappings: [mapping],
      tables: [tableResource],
      endpoint: inject('dynamoEndpoint'),
      credentials,
      pollIntervalMs: 50,
      retryDelayMs: () => 10,
    });
  let streams = newStreams();
  running.push(async () => {
    await streams.service.stop();
    await lambda.service.stop();
  });
  const put = async (id: string, attributes: Record<string, AttributeValue> = {}) => {
    await dynamo.send(
      new PutItemCommand({ TableName: table, Item: { id: { S: id }, ...attributes } }),
    );
  };
  const batches = (): DynamoDBRecord[][] =>
    existsSync(batchLog)
      ? readFileSync(batchLog, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as DynamoDBRecord[])
      : [];
  const ids = () => batches().map((batch) => batch.map((r) => r.dynamodb?.Keys?.id?.S));
  return {
    table,
    dataDir,
    deadLetters,
    lines,
    put,
    batches,
    ids,
    start: () => streams.service.start(),
    restart: async () => {
      await streams.service.stop();
      streams = newStreams();
    },
  };
};

/** Stops the mappings and functions the last test started. */
const stopMappings = async () => {
  for (const stop of running.splice(0)) await stop();
};

/** Closes the DynamoDB client and removes the batch logs and data folders. */
const cleanUp = () => {
  dynamo.destroy();
  rmSync(folder, { recursive: true, force: true });
};

export { cleanUp, dynamo, stopMappings, streamToFunction, templateStreamArn };
