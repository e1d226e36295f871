import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredChecksum } from './checksums.ts';

interface Retention {
  mode: 'COMPLIANCE' | 'GOVERNANCE';
  /** ISO 8601. */
  retainUntil: string;
}

interface ObjectRecord {
  key: string;
  size: number;
  /** Quoted, as S3 sends it: `"<md5 hex>"`. */
  etag: string;
  /** ISO 8601. */
  lastModified: string;
  contentType: string;
  /** `content-encoding`, `content-disposition`, `content-language`, `cache-control`, `expires`. */
  headers: Record<string, string>;
  /** User metadata, without the `x-amz-meta-` prefix. */
  metadata: Record<string, string>;
  checksum?: StoredChecksum;
  retention?: Retention;
}

interface BucketConfig {
  name: string;
  /** ISO 8601. */
  createdAt: string;
  objectLock?: { defaultRetention?: { mode: Retention['mode']; days: number } };
  encryption: { algorithm: string; kmsKeyId?: string; bucketKey?: boolean };
}

/**
 * Where buckets and objects live: the folder `<dataDir>/s3/<bucket>/` (each object as
 * `objects/<sha256 of key>.data` with its record beside it as `.json`, so any key fits a file
 * name), or memory only. Records are indexed in memory in both cases; bodies are read when asked.
 */
const createObjectStore = (dir: string | undefined) => {
  const buckets = new Map<string, BucketConfig>();
  const records = new Map<string, Map<string, ObjectRecord>>();
  const bodies = new Map<string, Buffer>();
  const fileOf = (bucket: string, key: string) =>
    join(dir ?? '', bucket, 'objects', createHash('sha256').update(key).digest('hex'));

  const atomicWrite = async (path: string, data: Buffer | string) => {
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, data);
    await rename(temp, path);
  };

  /** Reads the buckets made by CreateBucket and every bucket's objects from the folder. */
  const load = async (): Promise<BucketConfig[]> => {
    if (!dir) return [];
    await mkdir(dir, { recursive: true });
    const saved: BucketConfig[] = [];
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const config = await readFile(join(dir, entry.name, '.bucket.json'), 'utf8').catch(() => '');
      if (config) saved.push(JSON.parse(config) as BucketConfig);
      const index = new Map<string, ObjectRecord>();
      const objects = join(dir, entry.name, 'objects');
      for (const file of await readdir(objects).catch(() => [] as string[])) {
        if (!file.endsWith('.json')) continue;
        const record = JSON.parse(await readFile(join(objects, file), 'utf8')) as ObjectRecord;
        index.set(record.key, record);
      }
      records.set(entry.name, index);
    }
    return saved;
  };

  const addBucket = async (config: BucketConfig, persist: boolean) => {
    buckets.set(config.name, config);
    if (!records.has(config.name)) records.set(config.name, new Map());
    if (!dir) return;
    await mkdir(join(dir, config.name, 'objects'), { recursive: true });
    if (persist) await atomicWrite(join(dir, config.name, '.bucket.json'), JSON.stringify(config));
  };

  const put = async (bucket: string, record: ObjectRecord, body: Buffer) => {
    if (dir) {
      const file = fileOf(bucket, record.key);
      await atomicWrite(`${file}.data`, body);
      await atomicWrite(`${file}.json`, JSON.stringify(record));
    } else {
      bodies.set(`${bucket}/${record.key}`, body);
    }
    records.get(bucket)?.set(record.key, record);
  };

  const remove = async (bucket: string, key: string) => {
    records.get(bucket)?.delete(key);
    if (dir) {
      const file = fileOf(bucket, key);
      await rm(`${file}.json`, { force: true });
      await rm(`${file}.data`, { force: true });
    } else {
      bodies.delete(`${bucket}/${key}`);
    }
  };

  const body = async (bucket: string, key: string): Promise<Buffer> =>
    dir
      ? readFile(`${fileOf(bucket, key)}.data`)
      : (bodies.get(`${bucket}/${key}`) ?? Buffer.alloc(0));

  return {
    load,
    addBucket,
    bucket: (name: string) => buckets.get(name),
    buckets: () => [...buckets.values()],
    record: (bucket: string, key: string) => records.get(bucket)?.get(key),
    /** Every record of a bucket, in S3's order: by the keys' UTF-8 bytes. */
    sorted: (bucket: string) =>
      [...(records.get(bucket)?.values() ?? [])].sort((a, b) =>
        Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)),
      ),
    put,
    remove,
    body,
  };
};

type ObjectStore = ReturnType<typeof createObjectStore>;

export type { BucketConfig, ObjectRecord, ObjectStore, Retention };
export { createObjectStore };
