import type { EdgeResponse } from '../contracts.ts';
import { bucketOrThrow, objectHeaders, type S3Context, type S3Request } from './context.ts';
import { s3Errors } from './errors.ts';
import type { ObjectRecord } from './store.ts';

/** `response-content-type=...` and its kin override the stored headers on GetObject. */
const OVERRIDES = [
  'content-type',
  'content-language',
  'expires',
  'cache-control',
  'content-disposition',
  'content-encoding',
];

/** Which bytes a `Range: bytes=...` asks for; undefined for the whole object. */
const byteRange = (header: string | undefined, size: number) => {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  // A range S3 cannot read (or several ranges) is ignored: the whole object is sent.
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || (match[1] === '' && Number(match[2]) === 0) || end < start) {
    throw s3Errors.invalidRange(size, header ?? '');
  }
  return { start, end };
};

const etagMatches = (header: string, etag: string) =>
  header
    .split(',')
    .map((e) => e.trim())
    .some((e) => e === '*' || e === etag || `"${e}"` === etag);

/**
 * The HTTP preconditions of GET and HEAD, in RFC 9110's order: `If-Match`, else
 * `If-Unmodified-Since` (412); then `If-None-Match`, else `If-Modified-Since` (304).
 */
const checkConditions = (headers: Record<string, string>, record: ObjectRecord) => {
  const modified = Math.floor(Date.parse(record.lastModified) / 1000) * 1000;
  if (headers['if-match'] !== undefined) {
    if (!etagMatches(headers['if-match'], record.etag))
      throw s3Errors.preconditionFailed('If-Match');
  } else if (headers['if-unmodified-since'] !== undefined) {
    const since = Date.parse(headers['if-unmodified-since']);
    if (!Number.isNaN(since) && modified > since) {
      throw s3Errors.preconditionFailed('If-Unmodified-Since');
    }
  }
  if (headers['if-none-match'] !== undefined) {
    if (etagMatches(headers['if-none-match'], record.etag)) return 'not-modified';
  } else if (headers['if-modified-since'] !== undefined) {
    const since = Date.parse(headers['if-modified-since']);
    if (!Number.isNaN(since) && modified <= since) return 'not-modified';
  }
  return 'ok';
};

/**
 * GetObject (with an optional single `Range`) and HeadObject. With
 * `x-amz-checksum-mode: ENABLED`, a whole object's stored checksum is returned, so the SDK
 * validates it.
 */
const getObject = async (ctx: S3Context, req: S3Request): Promise<EdgeResponse> => {
  const bucket = bucketOrThrow(ctx, req.bucket);
  if (req.query.has('partNumber')) throw s3Errors.notImplemented('partNumber');
  if (req.query.has('versionId')) throw s3Errors.notImplemented('versionId');
  const record = ctx.store.record(req.bucket, req.key);
  if (!record) throw s3Errors.noSuchKey(req.key);
  const headers = objectHeaders(bucket, record);
  if (checkConditions(req.headers, record) === 'not-modified') {
    const { etag, 'last-modified': lastModified } = headers;
    return {
      status: 304,
      headers: { etag: etag as string, 'last-modified': lastModified as string },
    };
  }
  const range = byteRange(req.headers.range, record.size);
  if (req.method === 'GET') {
    for (const name of OVERRIDES) {
      const value = req.query.get(`response-${name}`);
      if (value !== null) headers[name] = value;
    }
  }
  if (
    !range &&
    record.checksum &&
    req.headers['x-amz-checksum-mode']?.toUpperCase() === 'ENABLED'
  ) {
    headers[`x-amz-checksum-${record.checksum.algorithm}`] = record.checksum.value;
    headers['x-amz-checksum-type'] = 'FULL_OBJECT';
  }
  if (range) {
    headers['content-range'] = `bytes ${range.start}-${range.end}/${record.size}`;
  }
  const length = range ? range.end - range.start + 1 : record.size;
  headers['content-length'] = String(length);
  if (req.method === 'HEAD') return { status: range ? 206 : 200, headers };
  const body = await ctx.store.body(req.bucket, req.key);
  return {
    status: range ? 206 : 200,
    headers,
    body: range ? body.subarray(range.start, range.end + 1) : body,
  };
};

export { getObject };
