import { createHash } from 'node:crypto';
import type { EdgeResponse } from '../contracts.ts';
import { bucketOrThrow, type S3Context, type S3Request, xml } from './context.ts';
import { s3Errors } from './errors.ts';
import type { ObjectRecord } from './store.ts';
import { type XmlNode, xmlDocument } from './xml.ts';

type Entry = { record: ObjectRecord } | { prefix: string };

/** Where a page starts: after a key, and past every key under a common prefix already listed. */
interface Marker {
  after: string;
  skipPrefix?: string;
}

const encodeToken = (marker: Marker) => Buffer.from(JSON.stringify(marker)).toString('base64');

const decodeToken = (token: string): Marker => {
  try {
    const marker = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Marker;
    if (typeof marker.after === 'string') return marker;
  } catch {
    // Falls through to S3's answer for a token it did not issue.
  }
  throw s3Errors.invalidArgument(
    'The continuation token provided is incorrect',
    'continuation-token',
    token,
  );
};

const after = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b)) > 0;

/**
 * One page of a bucket's keys under `prefix`, after `marker`, keys sharing the part up to the
 * next `delimiter` rolled into one common prefix; `maxKeys` counts keys and prefixes alike.
 */
const page = (
  records: ObjectRecord[],
  options: { prefix: string; delimiter: string; maxKeys: number; marker: Marker },
) => {
  const { prefix, delimiter, maxKeys, marker } = options;
  const entries: Entry[] = [];
  let truncated = false;
  for (const record of records) {
    const key = record.key;
    if (!key.startsWith(prefix) || !after(key, marker.after)) continue;
    if (marker.skipPrefix && key.startsWith(marker.skipPrefix)) continue;
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    const common = cut >= 0 ? key.slice(0, cut + delimiter.length) : undefined;
    const last = entries.at(-1);
    if (common && last && 'prefix' in last && last.prefix === common) continue;
    if (entries.length >= maxKeys) {
      truncated = true;
      break;
    }
    entries.push(common ? { prefix: common } : { record });
  }
  const last = entries.at(-1);
  const next: Marker | undefined =
    truncated && last
      ? 'prefix' in last
        ? { after: last.prefix, skipPrefix: last.prefix }
        : { after: last.record.key }
      : undefined;
  return { entries, truncated, next };
};

const readMaxKeys = (query: URLSearchParams) => {
  const raw = query.get('max-keys');
  if (raw === null) return 1000;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) {
    throw s3Errors.invalidArgument(
      'Provided max-keys not an integer or within integer range',
      'max-keys',
      raw,
    );
  }
  return Math.min(n, 1000);
};

/**
 * ListObjectsV2 (`list-type=2`) and the original ListObjects, answered as S3's XML:
 * `prefix`, `delimiter`, `max-keys` (at most 1,000), `start-after` or `marker`, continuation
 * tokens, `encoding-type=url` and `fetch-owner`.
 */
const listObjects = async (ctx: S3Context, req: S3Request): Promise<EdgeResponse> => {
  bucketOrThrow(ctx, req.bucket);
  const q = req.query;
  const v2 = q.get('list-type') === '2';
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const maxKeys = readMaxKeys(q);
  const urlEncoded = q.get('encoding-type') === 'url';
  if (q.has('encoding-type') && !urlEncoded) {
    throw s3Errors.invalidArgument(
      'Invalid Encoding Method specified in Request',
      'encoding-type',
      q.get('encoding-type') ?? '',
    );
  }
  const token = v2 ? q.get('continuation-token') : null;
  const startAfter = (v2 ? q.get('start-after') : q.get('marker')) ?? '';
  // A V1 `NextMarker` may be a common prefix: the next page starts past all its keys.
  const v1Prefix = !v2 && delimiter && startAfter.endsWith(delimiter) ? startAfter : undefined;
  const marker = token !== null ? decodeToken(token) : { after: startAfter, skipPrefix: v1Prefix };
  const { entries, truncated, next } = page(ctx.store.sorted(req.bucket), {
    prefix,
    delimiter,
    maxKeys,
    marker,
  });
  const enc = (value: string) =>
    urlEncoded ? encodeURIComponent(value).replace(/%2F/g, '/') : value;
  const withOwner = !v2 || q.get('fetch-owner') === 'true';
  const owner: XmlNode = [
    ['ID', createHash('sha256').update(ctx.settings.accountId).digest('hex')],
    ['DisplayName', 'baton-local'],
  ];
  const contents: XmlNode = entries.flatMap(
    (e): XmlNode =>
      'record' in e
        ? [
            [
              'Contents',
              [
                ['Key', enc(e.record.key)],
                ['LastModified', e.record.lastModified],
                ['ETag', e.record.etag],
                ['ChecksumAlgorithm', e.record.checksum?.algorithm.toUpperCase()],
                ['ChecksumType', e.record.checksum ? 'FULL_OBJECT' : undefined],
                ['Size', e.record.size],
                ['Owner', withOwner ? owner : undefined],
                ['StorageClass', 'STANDARD'],
              ],
            ],
          ]
        : [],
  );
  const prefixes: XmlNode = entries.flatMap(
    (e): XmlNode => ('prefix' in e ? [['CommonPrefixes', [['Prefix', enc(e.prefix)]]]] : []),
  );
  const lastKey = entries.at(-1);
  const body = v2
    ? xmlDocument('ListBucketResult', [
        ['Name', req.bucket],
        ['Prefix', enc(prefix)],
        ['Delimiter', delimiter ? enc(delimiter) : undefined],
        ['MaxKeys', maxKeys],
        ['KeyCount', entries.length],
        ['IsTruncated', truncated],
        ['ContinuationToken', token ?? undefined],
        ['NextContinuationToken', next ? encodeToken(next) : undefined],
        ['StartAfter', startAfter ? enc(startAfter) : undefined],
        ['EncodingType', urlEncoded ? 'url' : undefined],
        ...contents,
        ...prefixes,
      ])
    : xmlDocument('ListBucketResult', [
        ['Name', req.bucket],
        ['Prefix', enc(prefix)],
        ['Marker', enc(startAfter)],
        [
          'NextMarker',
          truncated && delimiter && lastKey
            ? enc('prefix' in lastKey ? lastKey.prefix : lastKey.record.key)
            : undefined,
        ],
        ['MaxKeys', maxKeys],
        ['Delimiter', delimiter ? enc(delimiter) : undefined],
        ['IsTruncated', truncated],
        ['EncodingType', urlEncoded ? 'url' : undefined],
        ...contents,
        ...prefixes,
      ]);
  return xml(200, body);
};

export { listObjects };
