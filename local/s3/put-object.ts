import { createHash } from 'node:crypto';
import type { EdgeResponse } from '../contracts.ts';
import { verifyChecksum, verifyContentMd5, verifyContentSha256 } from './checksums.ts';
import { decodeAwsChunked, isAwsChunked } from './chunked.ts';
import { bucketOrThrow, encryptionHeaders, type S3Context, type S3Request } from './context.ts';
import { s3Errors } from './errors.ts';
import { assertNotLocked, retentionFor } from './object-lock.ts';
import type { ObjectRecord } from './store.ts';

/** S3 allows 2 KB of user metadata (names and values) per object. */
const MAX_METADATA_BYTES = 2 * 1024;
const STORED_HEADERS = ['content-disposition', 'content-language', 'cache-control', 'expires'];

/** The body's bytes, with `aws-chunked` framing removed and its trailers. */
const payloadOf = (req: S3Request) => {
  if (!isAwsChunked(req.headers)) return { payload: req.body, trailers: {} };
  const decoded = decodeAwsChunked(req.body);
  const declared = req.headers['x-amz-decoded-content-length'];
  if (declared !== undefined && Number(declared) !== decoded.payload.length) {
    throw s3Errors.incompleteBody();
  }
  return decoded;
};

const userMetadata = (headers: Record<string, string>) => {
  const metadata: Record<string, string> = {};
  let size = 0;
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('x-amz-meta-')) continue;
    const key = name.slice('x-amz-meta-'.length);
    metadata[key] = value;
    size += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (size > MAX_METADATA_BYTES) throw s3Errors.metadataTooLarge();
  return metadata;
};

/**
 * PutObject: stores the bytes (plain, or `aws-chunked` as the SDKs stream them), their checksum
 * verified, with `Content-Type`, the standard headers and user metadata. `If-None-Match: *`
 * refuses with 412 when the key exists, `If-Match` when the ETag differs; an object under
 * retention is not replaced.
 */
const putObject = async (ctx: S3Context, req: S3Request): Promise<EdgeResponse> => {
  const bucket = bucketOrThrow(ctx, req.bucket);
  const { payload, trailers } = payloadOf(req);
  if (!isAwsChunked(req.headers)) verifyContentSha256(req.headers, payload);
  verifyContentMd5(req.headers, payload);
  const checksum = verifyChecksum(req.headers, trailers, payload);
  const metadata = userMetadata(req.headers);
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined && ifNoneMatch !== '*') {
    throw s3Errors.notImplemented('If-None-Match (only * is supported on PutObject)');
  }
  const now = Date.now();
  const retention = retentionFor(bucket, req.headers, now);
  if (retention && !req.headers['content-md5'] && !checksum) {
    throw s3Errors.invalidRequest(
      'Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters',
    );
  }
  const encoding = (req.headers['content-encoding'] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e && e.toLowerCase() !== 'aws-chunked')
    .join(',');
  const record: ObjectRecord = {
    key: req.key,
    size: payload.length,
    etag: `"${createHash('md5').update(payload).digest('hex')}"`,
    lastModified: new Date(now).toISOString(),
    contentType: req.headers['content-type'] || 'binary/octet-stream',
    headers: {
      ...Object.fromEntries(
        STORED_HEADERS.filter((h) => req.headers[h] !== undefined).map((h) => [
          h,
          req.headers[h] as string,
        ]),
      ),
      ...(encoding ? { 'content-encoding': encoding } : {}),
    },
    metadata,
    checksum,
    retention,
  };

  await ctx.exclusive(req.bucket, req.key, async () => {
    const existing = ctx.store.record(req.bucket, req.key);
    if (ifNoneMatch === '*' && existing) throw s3Errors.preconditionFailed('If-None-Match');
    const ifMatch = req.headers['if-match'];
    if (ifMatch !== undefined) {
      if (!existing) throw s3Errors.noSuchKey(req.key);
      if (ifMatch !== '*' && ifMatch !== existing.etag)
        throw s3Errors.preconditionFailed('If-Match');
    }
    assertNotLocked(existing, req.headers, now);
    await ctx.store.put(req.bucket, record, payload);
  });
  ctx.logger.debug('object stored', { bucket: req.bucket, size: record.size });
  return {
    status: 200,
    headers: {
      etag: record.etag,
      ...encryptionHeaders(bucket),
      ...(checksum
        ? {
            [`x-amz-checksum-${checksum.algorithm}`]: checksum.value,
            'x-amz-checksum-type': 'FULL_OBJECT',
          }
        : {}),
    },
    body: '',
  };
};

export { putObject };
