import { createHash } from 'node:crypto';
import type { EdgeResponse } from '../contracts.ts';
import { isValidBucketName } from './buckets.ts';
import { bucketOrThrow, type S3Context, type S3Request, xml } from './context.ts';
import { s3Errors } from './errors.ts';
import { assertNotLocked } from './object-lock.ts';
import { xmlDocument, xmlText } from './xml.ts';

/**
 * CreateBucket. `x-amz-bucket-object-lock-enabled: true` turns Object Lock on (no default
 * retention). Creating a bucket one already owns answers 200 in us-east-1 and
 * `BucketAlreadyOwnedByYou` elsewhere, as S3 does.
 */
const createBucket = async (ctx: S3Context, req: S3Request): Promise<EdgeResponse> => {
  if (!isValidBucketName(req.bucket)) throw s3Errors.invalidBucketName(req.bucket);
  if (ctx.store.bucket(req.bucket)) {
    if (ctx.settings.region === 'us-east-1')
      return { status: 200, headers: { location: `/${req.bucket}` } };
    throw s3Errors.bucketAlreadyOwnedByYou(req.bucket);
  }
  const locked = req.headers['x-amz-bucket-object-lock-enabled']?.toLowerCase() === 'true';
  await ctx.store.addBucket(
    {
      name: req.bucket,
      createdAt: new Date().toISOString(),
      objectLock: locked ? {} : undefined,
      encryption: { algorithm: 'AES256' },
    },
    true,
  );
  ctx.logger.info('bucket created', { bucket: req.bucket });
  return { status: 200, headers: { location: `/${req.bucket}` } };
};

const headBucket = async (ctx: S3Context, req: S3Request): Promise<EdgeResponse> => {
  bucketOrThrow(ctx, req.bucket);
  return { status: 200, headers: { 'x-amz-bucket-region': ctx.settings.region } };
};

/** GetBucketLocation: empty for us-east-1, as S3 answers. */
const bucketLocation = async (ctx: S3Context, req: S3Request): Promise<EdgeResponse> => {
  bucketOrThrow(ctx, req.bucket);
  const region = ctx.settings.region === 'us-east-1' ? '' : ctx.settings.region;
  return xml(200, xmlText('LocationConstraint', region));
};

const listBuckets = async (ctx: S3Context): Promise<EdgeResponse> =>
  xml(
    200,
    xmlDocument('ListAllMyBucketsResult', [
      [
        'Owner',
        [
          ['ID', createHash('sha256').update(ctx.settings.accountId).digest('hex')],
          ['DisplayName', 'baton-local'],
        ],
      ],
      [
        'Buckets',
        ctx.store.buckets().map((b): [string, [string, string][]] => [
          'Bucket',
          [
            ['Name', b.name],
            ['CreationDate', b.createdAt],
          ],
        ]),
      ],
    ]),
  );

/** DeleteObject: 204 whether or not the key existed, unless the object is under retention. */
const deleteObject = async (ctx: S3Context, req: S3Request): Promise<EdgeResponse> => {
  bucketOrThrow(ctx, req.bucket);
  if (req.query.has('versionId')) throw s3Errors.notImplemented('versionId');
  await ctx.exclusive(req.bucket, req.key, async () => {
    assertNotLocked(ctx.store.record(req.bucket, req.key), req.headers, Date.now());
    await ctx.store.remove(req.bucket, req.key);
  });
  return { status: 204 };
};

export { bucketLocation, createBucket, deleteObject, headBucket, listBuckets };
