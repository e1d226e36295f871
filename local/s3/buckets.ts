import type { TemplateResource } from '../contracts.ts';
import type { BucketConfig } from './store.ts';

/** The S3 resource types: buckets run; bucket policies have no local behaviour. */
const S3_RESOURCE_TYPES = ['AWS::S3::Bucket', 'AWS::S3::BucketPolicy'] as const;

const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/**
 * A template bucket's configuration: its name (the resolver's `Ref`), Object Lock and default
 * retention, and default encryption (SSE-S3 when unset, as S3 does since 2023).
 *
 * Differs from AWS: bucket policies, lifecycle rules, logging, versioning and public access
 * blocks are not applied. Encryption is only reported in response headers; nothing is
 * encrypted on disk.
 */
const bucketFromTemplate = (resource: TemplateResource, now: string): BucketConfig => {
  const p = resource.properties;
  const lock = record(p.ObjectLockConfiguration);
  const lockEnabled = p.ObjectLockEnabled === true || p.ObjectLockEnabled === 'true';
  const retention = record(record(lock.Rule).DefaultRetention);
  const days = Number(retention.Days ?? 0) || (retention.Years ? Number(retention.Years) * 365 : 0);
  const mode = retention.Mode === 'GOVERNANCE' ? 'GOVERNANCE' : 'COMPLIANCE';
  const rules = record(p.BucketEncryption).ServerSideEncryptionConfiguration;
  const rule = record(Array.isArray(rules) ? rules[0] : undefined);
  const byDefault = record(rule.ServerSideEncryptionByDefault);
  return {
    name: resource.ref,
    createdAt: now,
    objectLock:
      lockEnabled || lock.ObjectLockEnabled === 'Enabled'
        ? { defaultRetention: days > 0 && retention.Mode ? { mode, days } : undefined }
        : undefined,
    encryption: {
      algorithm: typeof byDefault.SSEAlgorithm === 'string' ? byDefault.SSEAlgorithm : 'AES256',
      kmsKeyId: typeof byDefault.KMSMasterKeyID === 'string' ? byDefault.KMSMasterKeyID : undefined,
      bucketKey: rule.BucketKeyEnabled === true ? true : undefined,
    },
  };
};

/** S3's naming rules for general purpose buckets. */
const isValidBucketName = (name: string): boolean =>
  /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
  !name.includes('..') &&
  !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
  !name.startsWith('xn--') &&
  !name.endsWith('-s3alias');

export { bucketFromTemplate, isValidBucketName, S3_RESOURCE_TYPES };
