import { describe, expect, it } from 'vitest';
import { tableDefinition } from '../../../local/dynamodb/table-input.ts';

const resource = (properties: Record<string, unknown>) => ({
  logicalId: 'Table',
  type: 'AWS::DynamoDB::Table',
  ref: 'generated-name',
  attributes: {},
  properties,
});

describe('tableDefinition', () => {
  it('takes keys, indexes, billing and stream from the template and nothing else', () => {
    // Act
    const definition = tableDefinition(
      resource({
        TableName: 'cases',
        AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byX',
            KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'KEYS_ONLY' },
            ContributorInsightsSpecification: { Enabled: true },
          },
        ],
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: 'arn:key' },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      }),
    );

    // Assess
    expect(definition).toEqual({
      create: {
        TableName: 'cases',
        AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byX',
            KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      },
      ttlAttribute: 'expiresAt',
    });
  });

  it('gives provisioned tables and indexes their throughput, and an unnamed table its Ref', () => {
    // Act
    const { create, ttlAttribute } = tableDefinition(
      resource({
        AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
        ProvisionedThroughput: { ReadCapacityUnits: '5', WriteCapacityUnits: 2 },
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byX',
            KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'ALL' },
            ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
          },
        ],
      }),
    );

    // Assess
    expect(create.TableName).toBe('generated-name');
    expect(create.BillingMode).toBe('PROVISIONED');
    expect(create.ProvisionedThroughput).toEqual({ ReadCapacityUnits: 5, WriteCapacityUnits: 2 });
    expect(create.GlobalSecondaryIndexes?.[0]?.ProvisionedThroughput).toEqual({
      ReadCapacityUnits: 1,
      WriteCapacityUnits: 1,
    });
    expect(create.StreamSpecification).toBeUndefined();
    expect(ttlAttribute).toBeUndefined();
  });
});
