import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectLockRetention,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Properties of {@link AuditBucket}. */
interface AuditBucketProps {
  /** The stage; the bucket is named `baton-<stage>-audit-<account>-<region>`. */
  readonly stage: string;
  /** The customer-managed key for the exports. */
  readonly encryptionKey: IKey;
  /**
   * How long nobody, root included, can delete or change an export (compliance mode).
   * @default 2190 days (six years, the limitation period for most claims in England and Wales)
   */
  readonly retentionDays?: number;
}

/**
 * Where compliance finds the audit trail: newline-delimited JSON objects that are written once
 * and locked in compliance mode. Reads are logged to a separate access-log bucket.
 */
class AuditBucket extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: AuditBucketProps) {
    super(scope, id);
    const retention = Duration.days(props.retentionDays ?? 2190);
    const suffix = `${Aws.ACCOUNT_ID}-${Aws.REGION}`;
    // Server access logs can only be delivered to a bucket encrypted with S3-managed keys.
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      bucketName: `baton-${props.stage}-audit-access-${suffix}`,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // Who read the audit trail is itself evidence: kept as long as the trail.
      lifecycleRules: [{ expiration: retention }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access-log bucket of the audit bucket; logging it would log its own log deliveries.',
    });

    this.bucket = new Bucket(this, 'Bucket', {
      bucketName: `baton-${props.stage}-audit-${suffix}`,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.compliance(retention),
      encryption: BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      // One data key per bucket, not per object: a fraction of the KMS requests.
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'audit/',
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Exports are written once: a put must carry If-None-Match, so it fails rather than stacking
    // a second version on a key that already holds an export.
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenyPutsThatCouldOverwrite',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: { Null: { 's3:if-none-match': 'true' } },
      }),
    );
  }
}

export type { AuditBucketProps };
export { AuditBucket };
