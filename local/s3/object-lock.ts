import { s3Errors } from './errors.ts';
import type { BucketConfig, ObjectRecord, Retention } from './store.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The retention a new object gets: the request's `x-amz-object-lock-mode` and
 * `x-amz-object-lock-retain-until-date`, else the bucket's default retention. Asking for
 * retention in a bucket without Object Lock, or giving one header without the other, is an
 * error as in S3.
 */
const retentionFor = (
  bucket: BucketConfig,
  headers: Record<string, string>,
  now: number,
): Retention | undefined => {
  const mode = headers['x-amz-object-lock-mode'];
  const until = headers['x-amz-object-lock-retain-until-date'];
  if (mode !== undefined || until !== undefined) {
    if (!bucket.objectLock) {
      throw s3Errors.invalidRequest('Bucket is missing Object Lock Configuration');
    }
    if (mode === undefined || until === undefined) {
      throw s3Errors.invalidArgument(
        'x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied',
        mode === undefined ? 'x-amz-object-lock-mode' : 'x-amz-object-lock-retain-until-date',
        mode ?? until ?? '',
      );
    }
    if (mode !== 'COMPLIANCE' && mode !== 'GOVERNANCE') {
      throw s3Errors.invalidArgument('Unknown wormMode directive.', 'x-amz-object-lock-mode', mode);
    }
    const at = Date.parse(until);
    if (Number.isNaN(at) || at <= now) {
      throw s3Errors.invalidArgument(
        'The retain until date must be in the future!',
        'x-amz-object-lock-retain-until-date',
        until,
      );
    }
    return { mode, retainUntil: new Date(at).toISOString() };
  }
  const byDefault = bucket.objectLock?.defaultRetention;
  if (!byDefault) return undefined;
  return {
    mode: byDefault.mode,
    retainUntil: new Date(now + byDefault.days * DAY_MS).toISOString(),
  };
};

/**
 * Refuses to delete or replace an object under retention: COMPLIANCE always, GOVERNANCE unless
 * the request sets `x-amz-bypass-governance-retention: true`.
 *
 * Differs from AWS: S3 keeps versions in an Object Lock bucket, so there a plain DELETE only
 * adds a delete marker and a PUT adds a new version (both succeed), and it is deleting the
 * locked version itself that answers `AccessDenied`. The local S3 keeps no versions: deleting or
 * overwriting would destroy the locked bytes, so both answer `AccessDenied`.
 */
const assertNotLocked = (
  existing: ObjectRecord | undefined,
  headers: Record<string, string>,
  now: number,
) => {
  const retention = existing?.retention;
  if (!retention || Date.parse(retention.retainUntil) <= now) return;
  const bypass = headers['x-amz-bypass-governance-retention']?.toLowerCase() === 'true';
  if (retention.mode === 'GOVERNANCE' && bypass) return;
  throw s3Errors.accessDenied();
};

export { assertNotLocked, retentionFor };
