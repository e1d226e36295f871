import { readFileSync } from 'node:fs';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { EdgeRequest, EdgeRoute, TemplateResource } from '../../../local/contracts.ts';
import { createLogger } from '../../../local/logger.ts';
import { createS3 } from '../../../local/s3/index.ts';
import { startEdge } from '../apigateway/edge-server.ts';

const bucketResources = (): TemplateResource[] =>
  JSON.parse(
    readFileSync(
      new URL('../../fixtures/local/s3/buckets.resources.json', import.meta.url),
      'utf8',
    ),
  );

const AUDIT_BUCKET = 'baton-dev-audit-123456789012-eu-west-2';
const SCRATCH_BUCKET = 'baton-dev-scratchbucket-4k2m9x7q1p3z';

/** The local S3 behind a plain edge server, on a free port; in memory unless given a folder. */
const startLocalS3 = async (dataDir?: string) => {
  const s3 = createS3({
    settings: {
      dataDir: dataDir ?? '/nonexistent',
      inMemory: dataDir === undefined,
      region: 'eu-west-2',
      accountId: '123456789012',
      edgePort: 0,
    },
    logger: createLogger('s3', { write: () => {} }),
    buckets: bucketResources(),
  });
  await s3.service.start();
  const requests: EdgeRequest[] = [];
  const recording: EdgeRoute = {
    name: s3.route.name,
    matches: (req) => s3.route.matches(req),
    handle: (req) => {
      requests.push(req);
      return s3.route.handle(req);
    },
  };
  const edge = await startEdge([recording]);
  const clients: S3Client[] = [];
  return {
    edge,
    /** Every request the S3 route handled, as the edge received it. */
    requests,
    /** A real SDK client on the edge; default checksum settings unless overridden. */
    client: (config: Partial<S3ClientConfig> = {}) => {
      const client = new S3Client({
        endpoint: edge.endpoint,
        region: 'eu-west-2',
        forcePathStyle: true,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        ...config,
      });
      clients.push(client);
      return client;
    },
    stop: async () => {
      for (const c of clients) c.destroy();
      await edge.stop();
      await s3.service.stop();
    },
  };
};

type LocalS3Fixture = Awaited<ReturnType<typeof startLocalS3>>;

export type { LocalS3Fixture };
export { AUDIT_BUCKET, SCRATCH_BUCKET, startLocalS3 };
