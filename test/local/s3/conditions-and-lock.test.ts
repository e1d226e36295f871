import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_BUCKET, type LocalS3Fixture, SCRATCH_BUCKET, startLocalS3 } from './local-s3.ts';

let local: LocalS3Fixture;
let s3: S3Client;

beforeAll(async () => {
  local = await startLocalS3();
  s3 = local.client();
});
afterAll(() => local.stop());

const DAY_MS = 24 * 60 * 60 * 1000;

describe('S3 conditional writes', () => {
  it('writes with If-None-Match: * only when the key is absent, answering 412 otherwise', async () => {
    // Prepare
    const put = (body: string) =>
      s3.send(
        new PutObjectCommand({
          Bucket: SCRATCH_BUCKET,
          Key: 'once.txt',
          Body: body,
          IfNoneMatch: '*',
        }),
      );

    // Act
    await put('first');
    const second = put('second');

    // Assess
    await expect(second).rejects.toMatchObject({
      name: 'PreconditionFailed',
      $metadata: { httpStatusCode: 412 },
    });
    const got = await s3.send(new GetObjectCommand({ Bucket: SCRATCH_BUCKET, Key: 'once.txt' }));
    expect(await got.Body?.transformToString()).toBe('first');
  });

  it('lets only one of several concurrent If-None-Match writes of a key succeed', async () => {
    // Act
    const results = await Promise.allSettled(
      ['a', 'b', 'c', 'd'].map((body) =>
        s3.send(
          new PutObjectCommand({
            Bucket: SCRATCH_BUCKET,
            Key: 'race.txt',
            Body: body,
            IfNoneMatch: '*',
          }),
        ),
      ),
    );

    // Assess
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('replaces with If-Match only the version whose ETag it names', async () => {
    // Prepare
    const first = await s3.send(
      new PutObjectCommand({ Bucket: SCRATCH_BUCKET, Key: 'cas.txt', Body: 'v1' }),
    );

    // Act
    await s3.send(
      new PutObjectCommand({
        Bucket: SCRATCH_BUCKET,
        Key: 'cas.txt',
        Body: 'v2',
        IfMatch: first.ETag,
      }),
    );
    const stale = s3.send(
      new PutObjectCommand({
        Bucket: SCRATCH_BUCKET,
        Key: 'cas.txt',
        Body: 'v3',
        IfMatch: first.ETag,
      }),
    );

    // Assess
    await expect(stale).rejects.toMatchObject({ name: 'PreconditionFailed' });
  });

  it('answers 304 to a GET whose If-None-Match names the current ETag', async () => {
    // Prepare
    const put = await s3.send(
      new PutObjectCommand({ Bucket: SCRATCH_BUCKET, Key: 'cached.txt', Body: 'same' }),
    );

    // Act
    const get = s3.send(
      new GetObjectCommand({ Bucket: SCRATCH_BUCKET, Key: 'cached.txt', IfNoneMatch: put.ETag }),
    );

    // Assess
    await expect(get).rejects.toMatchObject({ $metadata: { httpStatusCode: 304 } });
  });
});

describe('S3 Object Lock in COMPLIANCE mode', () => {
  it('gives a new object the bucket’s default retention and reports it', async () => {
    // Act
    const before = Date.now();
    await s3.send(
      new PutObjectCommand({
        Bucket: AUDIT_BUCKET,
        Key: 'audit/2026/12/03/10/batch-1.ndjson',
        Body: '{"seq":1}\n',
        ContentType: 'application/x-ndjson',
        IfNoneMatch: '*',
      }),
    );
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: AUDIT_BUCKET, Key: 'audit/2026/12/03/10/batch-1.ndjson' }),
    );

    // Assess
    expect(head.ObjectLockMode).toBe('COMPLIANCE');
    const until = head.ObjectLockRetainUntilDate?.getTime() ?? 0;
    expect(until).toBeGreaterThanOrEqual(before + 2190 * DAY_MS);
    expect(until).toBeLessThanOrEqual(Date.now() + 2190 * DAY_MS);
    expect(head.ServerSideEncryption).toBe('aws:kms');
    expect(head.SSEKMSKeyId).toMatch(/^arn:aws:kms:eu-west-2:123456789012:key\//);
  });

  it('refuses to delete or overwrite an object under retention with AccessDenied', async () => {
    // Prepare
    const key = 'audit/2026/12/03/11/batch-2.ndjson';
    await s3.send(new PutObjectCommand({ Bucket: AUDIT_BUCKET, Key: key, Body: 'kept' }));

    // Act
    const [deletion, overwrite] = await Promise.allSettled([
      s3.send(new DeleteObjectCommand({ Bucket: AUDIT_BUCKET, Key: key })),
      s3.send(new PutObjectCommand({ Bucket: AUDIT_BUCKET, Key: key, Body: 'rewritten' })),
    ]);

    // Assess
    for (const refused of [deletion, overwrite]) {
      expect(refused).toMatchObject({
        status: 'rejected',
        reason: {
          name: 'AccessDenied',
          message: 'Access Denied',
          $metadata: { httpStatusCode: 403 },
        },
      });
    }
    const got = await s3.send(new GetObjectCommand({ Bucket: AUDIT_BUCKET, Key: key }));
    expect(await got.Body?.transformToString()).toBe('kept');
  });

  it('refuses retention headers in a bucket without Object Lock', async () => {
    // Act
    const put = s3.send(
      new PutObjectCommand({
        Bucket: SCRATCH_BUCKET,
        Key: 'locked.txt',
        Body: 'x',
        ObjectLockMode: 'COMPLIANCE',
        ObjectLockRetainUntilDate: new Date(Date.now() + DAY_MS),
      }),
    );

    // Assess
    await expect(put).rejects.toMatchObject({
      name: 'InvalidRequest',
      message: 'Bucket is missing Object Lock Configuration',
    });
  });
});
