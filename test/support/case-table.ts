import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { defaultConfig } from '#domain/config/config.ts';
import { CaseStore } from '../../functions/lib/case-store.ts';
import { TABLE_DESIGN } from '../../infra/table-design.ts';

/** Clients for DynamoDB Local; the credentials are placeholders it accepts. */
const localClient = () =>
  new DynamoDBClient({
    endpoint: inject('dynamoEndpoint'),
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

/** A fresh case table, shaped as the stack shapes it, with a store over it. */
const createCaseTable = async () => {
  const client = localClient();
  const tableName = `cases-${randomUUID()}`;
  const { partitionKey, sortKey, indexes } = TABLE_DESIGN;
  const names = [partitionKey, sortKey, ...indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: names.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: partitionKey, KeyType: 'HASH' },
        { AttributeName: sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: indexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  const db = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { client, db, tableName, store: new CaseStore(db, tableName, defaultConfig()) };
};

export { createCaseTable, localClient };
