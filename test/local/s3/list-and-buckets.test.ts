import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_BUCKET, type LocalS3Fixture, SCRATCH_BUCKET, startLocalS3 } from './local-s3.ts';

let local: LocalS3Fixture;
let s3: S3Client;
const KEYS = [
  'audit/2026/12/03/a.ndjson',
  'audit/2026/12/03/b.ndjson',
  'audit/2026/12/04/c.ndjson',
  'audit/2027/01/01/d.ndjson',
  'audit/readme.txt',
  'other/e.txt',
  'top.txt',
];

beforeAll(async () => {
  local = await startLocalS3();
  s3 = local.client();
  // Put out of order: listing sorts.
  for (const key of [...KEYS].reverse()) {
    await s3.send(new PutObjectCommand({ Bucket: SCRATCH_BUCKET, Key: key, Body: key }));
  }
});
afterAll(() => local.stop());

describe('S3 ListObjectsV2', () => {
  it('lists keys under a prefix in order, with their size and ETag', async () => {
    // Act
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: SCRATCH_BUCKET, Prefix: 'audit/2026/' }),
    );

    // Assess
    expect(listed.Contents?.map((c) => c.Key)).toEqual(KEYS.slice(0, 3));
    expect(listed).toMatchObject({ KeyCount: 3, IsTruncated: false, Prefix: 'audit/2026/' });
    expect(listed.Contents?.[0]).toMatchObject({ Size: KEYS[0]?.length, StorageClass: 'STANDARD' });
    expect(listed.Contents?.[0]?.ETag).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it('rolls keys up to the delimiter into common prefixes', async () => {
    // Act
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: SCRATCH_BUCKET, Prefix: 'audit/', Delimiter: '/' }),
    );

    // Assess
    expect(listed.Contents?.map((c) => c.Key)).toEqual(['audit/readme.txt']);
    expect(listed.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['audit/2026/', 'audit/2027/']);
    expect(listed.KeyCount).toBe(3);
  });

  it('pages with continuation tokens, counting common prefixes as keys', async () => {
    // Act
    const pages: { keys: string[]; prefixes: string[] }[] = [];
    for await (const page of paginateListObjectsV2(
      { client: s3, pageSize: 2 },
      { Bucket: SCRATCH_BUCKET, Delimiter: '/' },
    )) {
      pages.push({
        keys: (page.Contents ?? []).map((c) => c.Key ?? ''),
        prefixes: (page.CommonPrefixes ?? []).map((p) => p.Prefix ?? ''),
      });
    }

    // Assess
    expect(pages).toEqual([
      { keys: [], prefixes: ['audit/', 'other/'] },
      { keys: ['top.txt'], prefixes: [] },
    ]);
  });

  it('pages every key exactly once without a delimiter', async () => {
    // Act
    const keys: string[] = [];
    for await (const page of paginateListObjectsV2(
      { client: s3, pageSize: 3 },
      { Bucket: SCRATCH_BUCKET },
    )) {
      keys.push(...(page.Contents ?? []).map((c) => c.Key ?? ''));
    }

    // Assess
    expect(keys).toEqual(KEYS);
  });

  it('starts after a key, and refuses a continuation token it did not issue', async () => {
    // Act
    const after = await s3.send(
      new ListObjectsV2Command({ Bucket: SCRATCH_BUCKET, StartAfter: 'audit/readme.txt' }),
    );
    const forged = s3.send(
      new ListObjectsV2Command({ Bucket: SCRATCH_BUCKET, ContinuationToken: 'bm90IGEgdG9rZW4=' }),
    );

    // Assess
    expect(after.Contents?.map((c) => c.Key)).toEqual(['other/e.txt', 'top.txt']);
    await expect(forged).rejects.toMatchObject({ name: 'InvalidArgument' });
  });

  it('answers the original ListObjects with markers too', async () => {
    // Act
    const first = await s3.send(
      new ListObjectsCommand({ Bucket: SCRATCH_BUCKET, Delimiter: '/', MaxKeys: 1 }),
    );
    const second = await s3.send(
      new ListObjectsCommand({
        Bucket: SCRATCH_BUCKET,
        Delimiter: '/',
        MaxKeys: 1,
        Marker: first.NextMarker,
      }),
    );

    // Assess
    expect(first).toMatchObject({ IsTruncated: true, NextMarker: 'audit/' });
    expect(second.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['other/']);
  });
});

describe('S3 buckets', () => {
  it('has the template’s buckets, and creates new ones', async () => {
    // Act
    await s3.send(new CreateBucketCommand({ Bucket: 'baton-scratch-created' }));
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'baton-scratch-created' }));
    const listed = await s3.send(new ListBucketsCommand({}));
    const again = s3.send(new CreateBucketCommand({ Bucket: 'baton-scratch-created' }));
    const invalid = s3.send(new CreateBucketCommand({ Bucket: 'Not_Valid' }));

    // Assess
    expect(head.BucketRegion).toBe('eu-west-2');
    expect(listed.Buckets?.map((b) => b.Name)).toEqual(
      expect.arrayContaining([AUDIT_BUCKET, SCRATCH_BUCKET, 'baton-scratch-created']),
    );
    await expect(again).rejects.toMatchObject({ name: 'BucketAlreadyOwnedByYou' });
    await expect(invalid).rejects.toMatchObject({ name: 'InvalidBucketName' });
  });

  it('answers NotFound to HeadBucket for a bucket it does not have', async () => {
    // Act
    const head = s3.send(new HeadBucketCommand({ Bucket: 'never-created-bucket' }));

    // Assess
    await expect(head).rejects.toMatchObject({
      name: 'NotFound',
      $metadata: { httpStatusCode: 404 },
    });
  });
});

describe('S3 on disk', () => {
  it('keeps objects and created buckets under <dataDir>/s3 across a restart', async () => {
    // Prepare
    const dataDir = await mkdtemp(join(tmpdir(), 'baton-s3-'));
    const first = await startLocalS3(dataDir);
    const client = first.client();
    await client.send(new CreateBucketCommand({ Bucket: 'kept-bucket' }));
    await client.send(
      new PutObjectCommand({
        Bucket: 'kept-bucket',
        Key: 'a/b c.txt',
        Body: 'durable',
        Metadata: { kept: 'yes' },
      }),
    );
    await first.stop();

    // Act
    const second = await startLocalS3(dataDir);
    const got = await second
      .client()
      .send(new GetObjectCommand({ Bucket: 'kept-bucket', Key: 'a/b c.txt' }));

    // Assess
    expect(await got.Body?.transformToString()).toBe('durable');
    expect(got.Metadata).toEqual({ kept: 'yes' });
    await second.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
});
