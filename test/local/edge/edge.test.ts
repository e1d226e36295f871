import { request } from 'node:http';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EdgeRequest, EdgeRoute } from '../../../local/contracts.ts';
import { createEdge, type Edge, HEALTH_PATH } from '../../../local/edge/index.ts';
import { createLogger } from '../../../local/logger.ts';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** A route that answers `/echo/...` with what it received. */
const echoRoute = (seen: EdgeRequest[]): EdgeRoute => ({
  name: 'echo',
  matches: (req) => req.path.startsWith('/echo/') || req.path.startsWith('/photos/'),
  handle: async (req) => {
    seen.push(req);
    return {
      status: 200,
      headers: { 'content-type': 'text/plain' },
      body: `${req.method} ${req.path}`,
    };
  },
});

const failingRoute: EdgeRoute = {
  name: 'broken',
  matches: (req) => req.path === '/broken',
  handle: async () => {
    throw new Error('the route fell over');
  },
};

/** A raw HTTP request, for what SDK clients cannot send (a chosen Host header). */
const send = (url: string, path: string, headers: Record<string, string>, body = '') =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(`${url}${path}`, { method: body ? 'POST' : 'GET', headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => {
        text += String(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });

describe('the edge server', () => {
  const lines: string[] = [];
  const seen: EdgeRequest[] = [];
  let edge: Edge;

  beforeAll(async () => {
    const logger = createLogger('edge', { level: 'debug', write: (line) => lines.push(line) });
    edge = createEdge({ port: 0, logger, routes: [echoRoute(seen)] });
    edge.addRoute(failingRoute);
    await edge.start();
  });

  afterAll(async () => {
    await edge.stop();
  });

  it('answers an SDK client asking for an operation no route serves with UnknownOperationException', async () => {
    // Arrange
    const sfn = new SFNClient({
      endpoint: edge.url,
      region: 'eu-west-2',
      credentials,
      maxAttempts: 1,
    });

    // Act
    const failure = await sfn.send(new ListStateMachinesCommand({})).catch((e: Error) => e);
    sfn.destroy();

    // Assess
    expect(failure).toMatchObject({
      name: 'UnknownOperationException',
      message:
        'The local runtime serves no operation for target AWSStepFunctions.ListStateMachines',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('is reached by an SDK client configured only with AWS_ENDPOINT_URL=http://localhost:<port>', async () => {
    // Arrange
    const before = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = `http://localhost:${edge.port}`;
    const sfn = new SFNClient({ region: 'eu-west-2', credentials, maxAttempts: 1 });

    // Act
    const failure = await sfn.send(new ListStateMachinesCommand({})).catch((e: Error) => e);
    sfn.destroy();
    if (before === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = before;

    // Assess
    expect(failure).toMatchObject({ name: 'UnknownOperationException' });
  });

  it('answers an S3 client in S3’s XML error shape, naming the method and path', async () => {
    // Arrange
    const s3 = new S3Client({
      endpoint: edge.url,
      region: 'eu-west-2',
      credentials,
      forcePathStyle: true,
      maxAttempts: 1,
    });

    // Act
    const failure = await s3
      .send(new GetObjectCommand({ Bucket: 'audit', Key: 'a/b.json' }))
      .catch((e: Error) => e);
    s3.destroy();

    // Assess
    expect(failure).toMatchObject({
      name: 'UnknownOperationException',
      message: 'The local runtime serves no operation for GET /audit/a/b.json',
    });
  });

  it('hands a route the request with its path decoded, raw path, query, headers and body', async () => {
    // Act
    const answer = await send(
      edge.url,
      '/echo/a%20b?x=1&y=two',
      { 'X-Custom': 'Yes', 'content-type': 'application/json' },
      '{"hello":"edge"}',
    );

    // Assess
    expect(answer).toEqual({ status: 200, body: 'POST /echo/a b' });
    const req = seen.at(-1);
    expect(req).toMatchObject({ method: 'POST', path: '/echo/a b', rawPath: '/echo/a%20b' });
    expect(req?.query.get('y')).toBe('two');
    expect(req?.headers['x-custom']).toBe('Yes');
    expect(req?.body.toString()).toBe('{"hello":"edge"}');
  });

  it('rewrites a virtual-hosted S3 request (<bucket>.localhost) to path style', async () => {
    // Act
    const answer = await send(edge.url, '/2026/cat.jpg', { host: `photos.localhost:${edge.port}` });

    // Assess
    expect(answer.body).toBe('GET /photos/2026/cat.jpg');
    expect(seen.at(-1)?.headers.host).toBe(`photos.localhost:${edge.port}`);
  });

  it('answers InternalFailure when a route throws, and logs what failed', async () => {
    // Act
    const answer = await send(edge.url, '/broken', { 'content-type': 'application/json' });

    // Assess
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toMatchObject({ __type: 'InternalFailure' });
    expect(lines.some((l) => l.includes('the route fell over'))).toBe(true);
  });

  it('logs each request at debug with the service and the operation', async () => {
    // Assess
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'debug',
        message: 'edge request',
        service: 'none',
        operation: 'ListStateMachines',
        status: 400,
      }),
    );
    expect(logged).toContainEqual(
      expect.objectContaining({ service: 'echo', operation: 'POST /echo/a b', status: 200 }),
    );
  });

  it('says it is running and which routes it serves', async () => {
    // Act
    const health = await fetch(`${edge.url}${HEALTH_PATH}`).then((r) => r.json());

    // Assess
    expect(health).toEqual({ status: 'running', routes: ['echo', 'broken'] });
  });

  it('leaves nothing listening once stopped', async () => {
    // Arrange
    const other = createEdge({ port: 0, logger: createLogger('edge', { write: () => {} }) });
    await other.start();
    await fetch(`${other.url}${HEALTH_PATH}`);

    // Act
    await other.stop();

    // Assess
    await expect(fetch(`${other.url}${HEALTH_PATH}`)).rejects.toThrow();
  });
});
