import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchBucket,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalS3Fixture, SCRATCH_BUCKET, startLocalS3 } from './local-s3.ts';

let local: LocalS3Fixture;
let s3: S3Client;

beforeAll(async () => {
  local = await startLocalS3();
  s3 = local.client();
});
afterAll(() => local.stop());

const text = async (key: string, client = s3) => {
  const got = await client.send(new GetObjectCommand({ Bucket: SCRATCH_BUCKET, Key: key }));
  return got.Body?.transformToString();
};

describe('S3 objects', () => {
  it('stores an object with its content type and metadata, and gives them back', async () => {
    // Act
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: SCRATCH_BUCKET,
        Key: 'exports/2026/12/case-1.ndjson',
        Body: '{"seq":1}\n',
        ContentType: 'application/x-ndjson',
        Metadata: { records: '1', source: 'audit' },
      }),
    );
    const got = await s3.send(
      new GetObjectCommand({ Bucket: SCRATCH_BUCKET, Key: 'exports/2026/12/case-1.ndjson' }),
    );
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: SCRATCH_BUCKET, Key: 'exports/2026/12/case-1.ndjson' }),
    );

    // Assess
    expect(put.ETag).toBe(`"${createHash('md5').update('{"seq":1}\n').digest('hex')}"`);
    expect(await got.Body?.transformToString()).toBe('{"seq":1}\n');
    expect(got.ContentType).toBe('application/x-ndjson');
    expect(got.Metadata).toEqual({ records: '1', source: 'audit' });
    expect(got.ETag).toBe(put.ETag);
    expect(head).toMatchObject({
      ContentLength: 10,
      ContentType: 'application/x-ndjson',
      ETag: put.ETag,
      Metadata: { records: '1', source: 'audit' },
      ServerSideEncryption: 'AES256',
    });
    expect(head.LastModified).toBeInstanceOf(Date);
  });

  it('decodes a streamed upload sent aws-chunked with a trailing checksum', async () => {
    // Prepare: a stream of known length is sent aws-chunked by the SDK's default settings.
    const parts = ['line one\n', 'line two\n', 'é and ✓\n'].map((s) => Buffer.from(s));
    const length = parts.reduce((n, p) => n + p.length, 0);

    // Act
    await s3.send(
      new PutObjectCommand({
        Bucket: SCRATCH_BUCKET,
        Key: 'streamed.txt',
        Body: Readable.from(parts),
        ContentLength: length,
      }),
    );

    // Assess
    const sent = local.requests.find((r) => r.path.endsWith('/streamed.txt'));
    expect(sent?.headers['content-encoding']).toBe('aws-chunked');
    expect(sent?.body.toString()).toContain('x-amz-checksum-crc32:');
    expect(await text('streamed.txt')).toBe('line one\nline two\né and ✓\n');
  });

  it('verifies the checksum of each algorithm the SDK computes, and returns it on request', async () => {
    // Act
    for (const algorithm of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const) {
      await s3.send(
        new PutObjectCommand({
          Bucket: SCRATCH_BUCKET,
          Key: `checksum/${algorithm}`,
          Body: Readable.from([Buffer.from(`bytes for ${algorithm}`)]),
          ContentLength: `bytes for ${algorithm}`.length,
          ChecksumAlgorithm: algorithm,
        }),
      );
    }
    const head = await s3.send(
      new HeadObjectCommand({
        Bucket: SCRATCH_BUCKET,
        Key: 'checksum/CRC64NVME',
        ChecksumMode: 'ENABLED',
      }),
    );

    // Assess
    expect(await text('checksum/CRC32C')).toBe('bytes for CRC32C');
    expect(head.ChecksumCRC64NVME).toMatch(/^[A-Za-z0-9+/]{11}=$/);
  });

  it('refuses a body whose checksum does not match with BadDigest', async () => {
    // Act
    const put = s3.send(
      new PutObjectCommand({
        Bucket: SCRATCH_BUCKET,
        Key: 'tampered.txt',
        Body: 'what was sent',
        ChecksumCRC32: 'AAAAAA==',
      }),
    );

    // Assess
    await expect(put).rejects.toMatchObject({
      name: 'BadDigest',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('stores a plain body when the client computes checksums only when required', async () => {
    // Prepare
    const plain = local.client({ requestChecksumCalculation: 'WHEN_REQUIRED' });

    // Act
    await plain.send(
      new PutObjectCommand({
        Bucket: SCRATCH_BUCKET,
        Key: 'plain.txt',
        Body: Readable.from([Buffer.from('no framing')]),
        ContentLength: 10,
      }),
    );

    // Assess
    expect(await text('plain.txt', plain)).toBe('no framing');
  });

  it('gives the bytes a Range asks for, with 206 and Content-Range', async () => {
    // Prepare
    await s3.send(
      new PutObjectCommand({ Bucket: SCRATCH_BUCKET, Key: 'digits', Body: '0123456789' }),
    );

    // Act
    const middle = await s3.send(
      new GetObjectCommand({ Bucket: SCRATCH_BUCKET, Key: 'digits', Range: 'bytes=2-5' }),
    );
    const tail = await s3.send(
      new GetObjectCommand({ Bucket: SCRATCH_BUCKET, Key: 'digits', Range: 'bytes=-3' }),
    );
    const beyond = s3.send(
      new GetObjectCommand({ Bucket: SCRATCH_BUCKET, Key: 'digits', Range: 'bytes=20-' }),
    );

    // Assess
    expect(middle.$metadata.httpStatusCode).toBe(206);
    expect(middle.ContentRange).toBe('bytes 2-5/10');
    expect(await middle.Body?.transformToString()).toBe('2345');
    expect(await tail.Body?.transformToString()).toBe('789');
    await expect(beyond).rejects.toMatchObject({
      name: 'InvalidRange',
      $metadata: { httpStatusCode: 416 },
    });
  });

  it('answers NoSuchKey, NotFound on HEAD, and NoSuchBucket as S3 does', async () => {
    // Act
    const get = s3.send(new GetObjectCommand({ Bucket: SCRATCH_BUCKET, Key: 'absent' }));
    const head = s3.send(new HeadObjectCommand({ Bucket: SCRATCH_BUCKET, Key: 'absent' }));
    const bucket = s3.send(new GetObjectCommand({ Bucket: 'no-such-bucket-here', Key: 'k' }));
    const [getError, headError, bucketError] = await Promise.allSettled([get, head, bucket]);

    // Assess
    expect(getError).toMatchObject({ status: 'rejected', reason: expect.any(NoSuchKey) });
    expect(headError).toMatchObject({ status: 'rejected', reason: expect.any(NotFound) });
    expect(bucketError).toMatchObject({ status: 'rejected', reason: expect.any(NoSuchBucket) });
    const reason = (getError as PromiseRejectedResult).reason as S3ServiceException;
    expect(reason).toBeInstanceOf(S3ServiceException);
    expect(reason.message).toBe('The specified key does not exist.');
  });

  it('deletes an object, and deleting it again still answers 204', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: SCRATCH_BUCKET, Key: 'gone.txt', Body: 'x' }));

    // Act
    const first = await s3.send(
      new DeleteObjectCommand({ Bucket: SCRATCH_BUCKET, Key: 'gone.txt' }),
    );
    const again = await s3.send(
      new DeleteObjectCommand({ Bucket: SCRATCH_BUCKET, Key: 'gone.txt' }),
    );
    const get = s3.send(new GetObjectCommand({ Bucket: SCRATCH_BUCKET, Key: 'gone.txt' }));

    // Assess
    expect(first.$metadata.httpStatusCode).toBe(204);
    expect(again.$metadata.httpStatusCode).toBe(204);
    await expect(get).rejects.toBeInstanceOf(NoSuchKey);
  });
});
