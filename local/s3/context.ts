import type { EdgeResponse, LocalLogger, LocalSettings } from '../contracts.ts';
import { s3Errors } from './errors.ts';
import type { BucketConfig, ObjectRecord, ObjectStore } from './store.ts';

/** What every S3 operation works with. */
interface S3Context {
  store: ObjectStore;
  settings: LocalSettings;
  logger: LocalLogger;
  /** Runs `work` alone for this bucket and key, so a conditional write checks and writes at once. */
  exclusive: <T>(bucket: string, key: string, work: () => Promise<T>) => Promise<T>;
}

/** An S3 request once its bucket and key are known (both decoded). */
interface S3Request {
  method: string;
  bucket: string;
  key: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: Buffer;
}

const createExclusive = (): S3Context['exclusive'] => {
  const tails = new Map<string, Promise<unknown>>();
  return async (bucket, key, work) => {
    const id = `${bucket}/${key}`;
    const previous = tails.get(id) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.catch(() => undefined);
    tails.set(id, tail);
    try {
      return await run;
    } finally {
      if (tails.get(id) === tail) tails.delete(id);
    }
  };
};

const bucketOrThrow = (ctx: S3Context, name: string): BucketConfig => {
  const bucket = ctx.store.bucket(name);
  if (!bucket) throw s3Errors.noSuchBucket(name);
  return bucket;
};

/** The encryption S3 reports for a bucket's objects. */
const encryptionHeaders = (bucket: BucketConfig): Record<string, string> => ({
  'x-amz-server-side-encryption': bucket.encryption.algorithm,
  ...(bucket.encryption.kmsKeyId
    ? { 'x-amz-server-side-encryption-aws-kms-key-id': bucket.encryption.kmsKeyId }
    : {}),
  ...(bucket.encryption.bucketKey
    ? { 'x-amz-server-side-encryption-bucket-key-enabled': 'true' }
    : {}),
});

/** The headers that describe a stored object on GetObject and HeadObject. */
const objectHeaders = (bucket: BucketConfig, record: ObjectRecord): Record<string, string> => ({
  'content-type': record.contentType,
  etag: record.etag,
  'last-modified': new Date(record.lastModified).toUTCString(),
  'accept-ranges': 'bytes',
  ...record.headers,
  ...Object.fromEntries(Object.entries(record.metadata).map(([k, v]) => [`x-amz-meta-${k}`, v])),
  ...encryptionHeaders(bucket),
  ...(record.retention
    ? {
        'x-amz-object-lock-mode': record.retention.mode,
        'x-amz-object-lock-retain-until-date': record.retention.retainUntil,
      }
    : {}),
});

const xml = (status: number, body: string, headers: Record<string, string> = {}): EdgeResponse => ({
  status,
  headers: { 'content-type': 'application/xml', ...headers },
  body,
});

export type { S3Context, S3Request };
export { bucketOrThrow, createExclusive, encryptionHeaders, objectHeaders, xml };
