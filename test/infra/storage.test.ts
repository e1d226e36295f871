import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionId, type Json, only, synthesize } from './synthesize.ts';

describe('case table, stream readers and audit bucket', () => {
  let template: Template;

  beforeAll(() => {
    template = synthesize({ auditRetentionDays: '2190' });
  }, 60_000);

  it('keys the one table by PK and SK strings, on demand, encrypted with the data key', () => {
    const [, table] = only(template, 'AWS::DynamoDB::Table');
    expect(table.Properties).toMatchObject({
      TableName: 'baton-dev-cases',
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
    });
    expect(table.Properties.SSESpecification.KMSMasterKeyId).toBeDefined();
  });

  it('streams new and old images, the outbox and the audit feed', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });

  it('indexes team queues, next deadlines and team inboxes', () => {
    const [, table] = only(template, 'AWS::DynamoDB::Table');
    const indexes = table.Properties.GlobalSecondaryIndexes.map((index: Json) => ({
      name: index.IndexName,
      keys: index.KeySchema.map((key: Json) => key.AttributeName),
    }));
    expect(indexes).toEqual([
      { name: 'byTeamQueue', keys: ['gsi1pk', 'gsi1sk'] },
      { name: 'byNextDeadline', keys: ['gsi2pk', 'gsi2sk'] },
      { name: 'byInbox', keys: ['gsi3pk', 'gsi3sk'] },
    ]);
  });

  it('lets the dev stage be torn down', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
  });

  it('has exactly two stream readers: the outbox and the audit export', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
    const readers = mappings.map((m) => m.Properties.FunctionName.Ref);
    expect(readers.toSorted()).toEqual(
      [
        functionId(template, 'publish-case-changes'),
        functionId(template, 'export-audit'),
      ].toSorted(),
    );
  });

  it('bounds retries and bisects failing batches on both stream readers', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    for (const mapping of Object.values(
      template.findResources('AWS::Lambda::EventSourceMapping'),
    )) {
      const props = mapping.Properties;
      expect(props).toMatchObject({
        StartingPosition: 'TRIM_HORIZON',
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      expect(props.BatchSize).toBeGreaterThan(0);
      expect(props.MaximumRetryAttempts).toBeGreaterThan(0);
      expect(props.MaximumRecordAgeInSeconds).toBeGreaterThan(0);
      expect(queues).toHaveProperty(props.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0]);
    }
  });

  it('feeds export-audit only the inserts of audit records', () => {
    const [, mapping] = only(template, 'AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionId(template, 'export-audit') },
    });
    const patterns = mapping.Properties.FilterCriteria.Filters.map((f: Json) =>
      JSON.parse(f.Pattern),
    );
    expect(patterns).toEqual([
      { eventName: ['INSERT'], dynamodb: { Keys: { SK: { S: [{ prefix: 'AUDIT#' }] } } } },
    ]);
  });

  it('batches audit exports for up to a minute, so one object holds many records', () => {
    const [, mapping] = only(template, 'AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionId(template, 'export-audit') },
    });
    expect(mapping.Properties).toMatchObject({
      BatchSize: 1000,
      MaximumBatchingWindowInSeconds: 60,
    });
  });

  it('locks audit exports in compliance mode for six years by default', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2190 } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  it('refuses any put into the audit bucket that could overwrite an export', () => {
    const [id] = only(template, 'AWS::S3::Bucket', { ObjectLockEnabled: true });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:PutObject',
            Principal: { AWS: '*' },
            Condition: { Null: { 's3:if-none-match': 'true' } },
          }),
        ]),
      },
    });
  });

  it('keeps the audit bucket private, encrypted, logged and retained', () => {
    const [id, bucket] = only(template, 'AWS::S3::Bucket', { ObjectLockEnabled: true });
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { LogFilePrefix: 'audit/' },
    });
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({ ObjectLockEnabled: true }),
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });
});
