import { join } from 'node:path';
import type {
  EdgeRoute,
  LocalLogger,
  LocalService,
  LocalSettings,
  TemplateResource,
} from '../contracts.ts';
import { bucketFromTemplate, S3_RESOURCE_TYPES } from './buckets.ts';
import { createExclusive, type S3Context } from './context.ts';
import { createS3Route } from './route.ts';
import { createObjectStore } from './store.ts';

interface S3Options {
  settings: LocalSettings;
  logger: LocalLogger;
  /** The template's `AWS::S3::Bucket` resources (others are ignored). */
  buckets: readonly TemplateResource[];
}

interface LocalS3 {
  service: LocalService;
  /** S3's path-style API, for the edge port (which rewrites `<bucket>.localhost` hosts to it). */
  route: EdgeRoute;
}

/**
 * The local S3: the template's buckets (named by their `Ref`), and any made with CreateBucket,
 * kept under `<dataDir>/s3/<bucket>/`, or in memory when `settings.inMemory`. Serves PutObject,
 * GetObject, HeadObject, DeleteObject, ListObjectsV2 (and V1), CreateBucket, HeadBucket,
 * GetBucketLocation and ListBuckets; anything else answers S3's `NotImplemented`.
 *
 * Differs from AWS: no versions are kept (see `object-lock.ts` for what that means for Object
 * Lock), no multipart uploads, copies, tagging or ACLs.
 */
const createS3 = ({ settings, logger, buckets }: S3Options): LocalS3 => {
  const store = createObjectStore(settings.inMemory ? undefined : join(settings.dataDir, 's3'));
  const ctx: S3Context = { store, settings, logger, exclusive: createExclusive() };
  const service: LocalService = {
    name: 's3',
    start: async () => {
      const saved = await store.load();
      for (const config of saved) await store.addBucket(config, false);
      const now = new Date().toISOString();
      for (const resource of buckets.filter((b) => b.type === 'AWS::S3::Bucket')) {
        const config = bucketFromTemplate(resource, store.bucket(resource.ref)?.createdAt ?? now);
        await store.addBucket(config, false);
      }
      logger.info('s3 ready', {
        buckets: store.buckets().map((b) => b.name),
        dataDir: settings.inMemory ? undefined : join(settings.dataDir, 's3'),
      });
    },
    // Every write is on disk before it is answered: there is nothing to flush.
    stop: async () => {},
  };
  return { service, route: createS3Route(ctx) };
};

export type { LocalS3, S3Options };
export { createS3, S3_RESOURCE_TYPES };
