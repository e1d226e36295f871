import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createStreams } from '../../../local/streams/index.ts';
import { memoryDeadLetters } from '../../fixtures/local/lambda/dead-letters.ts';
import { capturedLogger } from '../../fixtures/local/lambda/logs.ts';
import { testSettings } from '../../fixtures/local/lambda/template.ts';
import { streamReader } from '../../support/stream-records.ts';
import {
  cleanUp,
  dynamo,
  stopMappings,
  streamToFunction,
  templateStreamArn,
} from './stream-to-function.ts';

afterEach(stopMappings);
afterAll(cleanUp);

describe('DynamoDB stream event source mappings', () => {
  it('delivers Lambda-shaped records in stream order, in batches of the mapping’s size', async () => {
    // Prepare
    const mapping = await streamToFunction({ BatchSize: 3 });
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) await mapping.put(id);
    await mapping.put('shaped', {
      empty: { M: {} },
      nested: { M: { inner: { M: {} }, list: { L: [{ M: {} }] } } },
      bytes: { B: new Uint8Array([1, 2, 3]) },
    });

    // Act
    await mapping.start();

    // Assess
    await vi.waitFor(() => expect(mapping.ids().flat()).toHaveLength(8), { timeout: 10_000 });
    expect(mapping.ids()).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e', 'f'],
      ['g', 'shaped'],
    ]);
    const record = mapping.batches()[2]?.[1];
    expect(record).toMatchObject({
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'eu-west-2',
      eventSourceARN: templateStreamArn(mapping.table),
      dynamodb: {
        Keys: { id: { S: 'shaped' } },
        NewImage: {
          empty: { M: {} },
          nested: { M: { inner: { M: {} }, list: { L: [{ M: {} }] } } },
          bytes: { B: 'AQID' },
        },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    const created = record?.dynamodb?.ApproximateCreationDateTime ?? 0;
    expect(Number.isInteger(created)).toBe(true);
    expect(Math.abs(created - Date.now() / 1_000)).toBeLessThan(180);
  });

  it('gathers records for the batching window before invoking', async () => {
    // Prepare
    const mapping = await streamToFunction({ BatchSize: 100, MaximumBatchingWindowInSeconds: 1 });
    await mapping.start();

    // Act
    for (const id of ['w1', 'w2', 'w3']) {
      await mapping.put(id);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }

    // Assess
    await vi.waitFor(() => expect(mapping.ids().flat()).toHaveLength(3), { timeout: 10_000 });
    expect(mapping.ids()).toEqual([['w1', 'w2', 'w3']]);
  });

  it('delivers only the records its filter accepts, and checkpoints past the others', async () => {
    // Prepare
    const mapping = await streamToFunction({
      FilterCriteria: {
        Filters: [
          {
            Pattern:
              '{"eventName":["INSERT"],"dynamodb":{"Keys":{"id":{"S":[{"prefix":"AUDIT#"}]}}}}',
          },
        ],
      },
    });
    await mapping.start();

    // Act
    await mapping.put('AUDIT#1');
    await mapping.put('CASE#1');
    await mapping.put('AUDIT#2');
    await dynamo.send(
      new UpdateItemCommand({
        TableName: mapping.table,
        Key: { id: { S: 'AUDIT#1' } },
        UpdateExpression: 'SET seen = :t',
        ExpressionAttributeValues: { ':t': { BOOL: true } },
      }),
    );
    await mapping.put('CASE#2');

    // Assess
    const written = await (await streamReader(dynamo, mapping.table))();
    const lastWritten = written.at(-1)?.dynamodb?.SequenceNumber;
    const checkpointFile = join(mapping.dataDir, 'streams', 'ConsumeCasesMapping.json');
    await vi.waitFor(
      () => {
        const checkpoint = JSON.parse(readFileSync(checkpointFile, 'utf8'));
        const [shard] = Object.values(checkpoint.shards) as Array<{ sequenceNumber?: string }>;
        expect(shard?.sequenceNumber).toBe(lastWritten);
      },
      { timeout: 10_000 },
    );
    expect(written).toHaveLength(5);
    expect(mapping.ids().flat()).toEqual(['AUDIT#1', 'AUDIT#2']);
    expect(
      mapping
        .batches()
        .flat()
        .map((r) => r.eventName),
    ).toEqual(['INSERT', 'INSERT']);
  });

  it('bisects a failing batch, retries the failing record, then puts it in the dead-letter store', async () => {
    // Prepare
    const mapping = await streamToFunction({
      BatchSize: 4,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 1,
      DestinationConfig: {
        OnFailure: { Destination: 'arn:aws:sqs:eu-west-2:123456789012:stream-failures' },
      },
    });
    await mapping.put('a');
    await mapping.put('b');
    await mapping.put('c', { poison: { BOOL: true } });
    await mapping.put('d');

    // Act
    await mapping.start();

    // Assess
    await vi.waitFor(() => expect(mapping.ids().at(-1)).toEqual(['d']), { timeout: 10_000 });
    expect(mapping.ids()).toEqual([
      ['a', 'b', 'c', 'd'],
      ['a', 'b'],
      ['c', 'd'],
      ['c'],
      ['c'],
      ['d'],
    ]);
    expect(mapping.deadLetters.entries).toHaveLength(1);
    const [letter] = mapping.deadLetters.entries;
    expect(letter).toMatchObject({
      source: 'stream:ConsumeCasesMapping',
      errorType: 'PoisonRecordError',
      reason: 'RetryAttemptsExhausted: poison record c',
      attempts: 2,
    });
    const records = (letter?.payload as { Records: DynamoDBRecord[] } | undefined)?.Records ?? [];
    expect(records.map((r) => r.dynamodb?.Keys?.id?.S)).toEqual(['c']);
    expect(records[0]?.eventSourceARN).toBe(templateStreamArn(mapping.table));
  });

  it('retries a partly failed batch from its lowest failed record', async () => {
    // Prepare
    const mapping = await streamToFunction({
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    await mapping.put('a');
    await mapping.put('b', { failOnce: { BOOL: true } });
    await mapping.put('c');
    await mapping.put('d', { failOnce: { BOOL: true } });

    // Act
    await mapping.start();

    // Assess
    await vi.waitFor(() => expect(mapping.ids()).toHaveLength(2), { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mapping.ids()).toEqual([
      ['a', 'b', 'c', 'd'],
      ['b', 'c', 'd'],
    ]);
    expect(mapping.deadLetters.entries).toEqual([]);
  });

  it('resumes from its checkpoint after a restart without delivering a handled batch again', async () => {
    // Prepare
    const mapping = await streamToFunction({ BatchSize: 10 });
    await mapping.start();
    await mapping.put('before-1');
    await mapping.put('before-2');
    await vi.waitFor(() => expect(mapping.ids().flat()).toHaveLength(2), { timeout: 10_000 });
    await mapping.restart();

    // Act
    await mapping.put('while-stopped');
    await mapping.start();
    await mapping.put('after');

    // Assess
    await vi.waitFor(() => expect(mapping.ids().flat()).toHaveLength(4), { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mapping.ids().flat()).toEqual(['before-1', 'before-2', 'while-stopped', 'after']);
    expect(existsSync(join(mapping.dataDir, 'streams', 'ConsumeCasesMapping.json'))).toBe(true);
  });

  it('starts at LATEST with only the records written after its first start', async () => {
    // Prepare
    const mapping = await streamToFunction({ StartingPosition: 'LATEST' });
    await mapping.put('old');

    // Act
    await mapping.start();
    await mapping.put('new');

    // Assess
    await vi.waitFor(() => expect(mapping.ids().flat()).toEqual(['new']), { timeout: 10_000 });
  });
});

describe('DynamoDB stream mappings that cannot run locally', () => {
  const { logger } = capturedLogger('streams');
  const create = (properties: Record<string, unknown>) => () =>
    createStreams({
      settings: testSettings(),
      logger,
      lambda: { has: () => true, invoke: async () => null },
      deadLetters: memoryDeadLetters(),
      mappings: [
        {
          logicalId: 'QueueMapping',
          type: 'AWS::Lambda::EventSourceMapping',
          ref: 'uuid',
          attributes: {},
          properties: { FunctionName: 'f', StartingPosition: 'TRIM_HORIZON', ...properties },
        },
      ],
      tables: [],
      endpoint: 'http://127.0.0.1:9',
    });

  it('refuses a source other than a DynamoDB stream, naming the mapping', () => {
    // Act
    const attempt = create({ EventSourceArn: 'arn:aws:sqs:eu-west-2:123456789012:queue' });

    // Assess
    expect(attempt).toThrow(/QueueMapping: source arn:aws:sqs:.* is not a DynamoDB stream/);
  });

  it('refuses a filter pattern EventBridge would reject', () => {
    // Act
    const attempt = create({
      EventSourceArn: templateStreamArn('t'),
      FilterCriteria: { Filters: [{ Pattern: '{"eventName":"INSERT"}' }] },
    });

    // Assess
    expect(attempt).toThrow(/QueueMapping: invalid filter pattern definition/);
  });
});
