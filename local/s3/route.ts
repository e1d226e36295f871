import { randomBytes } from 'node:crypto';
import type { EdgeRequest, EdgeResponse, EdgeRoute } from '../contracts.ts';
import {
  bucketLocation,
  createBucket,
  deleteObject,
  headBucket,
  listBuckets,
} from './bucket-ops.ts';
import type { S3Context, S3Request } from './context.ts';
import { S3Error, s3Errors } from './errors.ts';
import { getObject } from './get-object.ts';
import { listObjects } from './list-objects.ts';
import { putObject } from './put-object.ts';
import { xmlDocument } from './xml.ts';

/** Query parameters that name no subresource: the SDK's `x-id`, presigning, GET overrides. */
const PLAIN = /^(x-id|X-Amz-.*|response-.*|versionId|partNumber)$/;
const LIST_PARAMS = new Set([
  'list-type',
  'prefix',
  'delimiter',
  'max-keys',
  'marker',
  'start-after',
  'continuation-token',
  'encoding-type',
  'fetch-owner',
]);

/** The service a SigV4 signature is scoped to (`.../eu-west-2/s3/aws4_request`), if signed. */
const signedService = (req: EdgeRequest): string | undefined => {
  const credential =
    /Credential=([^,\s]+)/.exec(req.headers.authorization ?? '')?.[1] ??
    req.query.get('X-Amz-Credential') ??
    '';
  return credential.split('/')[3];
};

/**
 * The bucket and key of a path-style request (`/<bucket>/<key>`), both decoded. The edge rewrites
 * virtual-hosted requests (`<bucket>.localhost`) to this shape before any route sees them.
 */
const locate = (req: EdgeRequest): { bucket: string; key: string } => {
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const rest = req.rawPath.slice(1);
  const slash = rest.indexOf('/');
  if (slash < 0) return { bucket: decode(rest), key: '' };
  return { bucket: decode(rest.slice(0, slash)), key: decode(rest.slice(slash + 1)) };
};

const subresources = (query: URLSearchParams, allowed: (name: string) => boolean) =>
  [...query.keys()].filter((name) => !PLAIN.test(name) && !allowed(name));

const dispatch = (ctx: S3Context, req: S3Request): Promise<EdgeResponse> => {
  const method = req.method;
  if (!req.bucket) {
    if (method === 'GET') return listBuckets(ctx);
    throw s3Errors.methodNotAllowed(method);
  }
  if (!req.key) {
    const extra = subresources(req.query, (name) => LIST_PARAMS.has(name));
    if (method === 'GET' && req.query.has('location')) return bucketLocation(ctx, req);
    if (extra.length) throw s3Errors.notImplemented(`?${extra.join('&')}`);
    if (method === 'PUT') return createBucket(ctx, req);
    if (method === 'HEAD') return headBucket(ctx, req);
    if (method === 'GET') return listObjects(ctx, req);
    throw s3Errors.notImplemented(`${method} on a bucket`);
  }
  const extra = subresources(req.query, () => false);
  if (req.query.has('uploads') || req.query.has('uploadId')) {
    throw s3Errors.notImplemented('multipart upload');
  }
  if (extra.length) throw s3Errors.notImplemented(`?${extra.join('&')}`);
  if (method === 'PUT') {
    if (req.headers['x-amz-copy-source']) throw s3Errors.notImplemented('x-amz-copy-source');
    return putObject(ctx, req);
  }
  if (method === 'GET' || method === 'HEAD') return getObject(ctx, req);
  if (method === 'DELETE') return deleteObject(ctx, req);
  throw s3Errors.methodNotAllowed(method);
};

const errorResponse = (error: S3Error, method: string, requestId: string): EdgeResponse => ({
  status: error.status,
  headers: { 'content-type': 'application/xml' },
  // A HEAD answer has no body: the SDK reads the status alone (404 → `NotFound`).
  body:
    method === 'HEAD'
      ? ''
      : xmlDocument(
          'Error',
          [
            ['Code', error.code],
            ['Message', error.message],
            ...Object.entries(error.fields),
            ['RequestId', requestId],
            ['HostId', randomBytes(24).toString('base64')],
          ],
          false,
        ),
});

/**
 * The S3 subset on the edge port, path style. It takes requests signed for `s3`, and unsigned ones
 * naming a bucket it has (so `/<stage>/@connections/...` and the JSON services are left alone).
 *
 * Differs from AWS: signatures are not verified, and IAM and bucket policies are not evaluated
 * (the audit bucket's policy denying puts without `If-None-Match` included).
 */
const createS3Route = (ctx: S3Context): EdgeRoute => ({
  name: 's3',
  matches: (req) => {
    if (req.headers['x-amz-target']) return false;
    const service = signedService(req);
    if (service !== undefined) return service === 's3';
    const { bucket } = locate(req);
    return bucket !== '' && ctx.store.bucket(bucket) !== undefined;
  },
  handle: async (edge) => {
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    const method = edge.method.toUpperCase();
    const req: S3Request = {
      ...locate(edge),
      method,
      query: edge.query,
      headers: edge.headers,
      body: edge.body,
    };
    let response: EdgeResponse;
    try {
      response = await dispatch(ctx, req);
    } catch (error) {
      if (!(error instanceof S3Error)) {
        ctx.logger.error('s3 request failed', { requestId, method, error: String(error) });
      }
      const s3Error =
        error instanceof S3Error
          ? error
          : new S3Error(
              500,
              'InternalError',
              'We encountered an internal error. Please try again.',
            );
      response = errorResponse(s3Error, method, requestId);
    }
    const log = method === 'GET' || method === 'HEAD' ? ctx.logger.debug : ctx.logger.info;
    log('s3 request', { requestId, method, bucket: req.bucket, status: response.status });
    return {
      ...response,
      headers: {
        ...response.headers,
        'x-amz-request-id': requestId,
        'x-amz-id-2': randomBytes(24).toString('base64'),
        server: 'AmazonS3',
      },
    };
  },
});

export { createS3Route };
