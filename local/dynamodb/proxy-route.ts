import { Agent, request } from 'node:http';
import type { EdgeRequest, EdgeResponse, EdgeRoute } from '../contracts.ts';
import { jsonError } from '../edge/index.ts';

const TARGETS = ['DynamoDB_20120810.', 'DynamoDBStreams_20120810.'];

/** Hop-by-hop headers belong to one connection, not to the request or response. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade']);

const withoutHopByHop = (headers: Record<string, string | string[] | undefined>) => {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    kept[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
};

/**
 * DynamoDB Local (2.x and later) refuses access keys with anything but letters and digits
 * (`UnrecognizedClientException`), which AWS accepts; as it never checks signatures, the key
 * in the `Authorization` header is reduced to its letters and digits on the way through.
 */
const plainAccessKey = (authorization: string) =>
  authorization.replace(
    /Credential=([^/,\s]*)\//,
    (_, key: string) => `Credential=${key.replace(/[^A-Za-z0-9]/g, '') || 'local'}/`,
  );

/**
 * The edge route for DynamoDB and DynamoDB Streams: each request is passed to DynamoDB Local
 * and its answer returned byte for byte (so the SDK's `x-amz-crc32` check still holds); only
 * the access key in the `Authorization` header is touched (see `plainAccessKey`).
 * DynamoDB Local does not check signatures, and with `-sharedDb` every access key and region
 * sees the same tables, so requests go through unchanged.
 *
 * Differs from AWS: stream records come back as DynamoDB Local shapes them
 * (`ApproximateCreationDateTime` as a date, no `eventSourceARN`); the stream poller converts
 * them to Lambda's shape, not this route. Stream ARNs are DynamoDB Local's own.
 */
const dynamoDbProxyRoute = (endpoint: () => string): { route: EdgeRoute; close(): void } => {
  let agent = new Agent({ keepAlive: true });
  const route: EdgeRoute = {
    name: 'dynamodb',
    matches: (req) => TARGETS.some((t) => req.headers['x-amz-target']?.startsWith(t)),
    handle: (req: EdgeRequest) =>
      new Promise<EdgeResponse>((resolve) => {
        const target = new URL(endpoint());
        const headers = withoutHopByHop(req.headers);
        headers['content-length'] = String(req.body.length);
        if (headers.authorization) headers.authorization = plainAccessKey(headers.authorization);
        const upstream = request(
          {
            host: target.hostname,
            port: target.port,
            method: req.method,
            path: `${req.rawPath}${req.query.size ? `?${req.query}` : ''}`,
            headers,
            agent,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 502,
                headers: withoutHopByHop(res.headers),
                body: Buffer.concat(chunks),
              }),
            );
          },
        );
        upstream.on('error', (error) =>
          resolve(
            jsonError(
              503,
              'ServiceUnavailable',
              `DynamoDB Local is not answering: ${error.message}`,
            ),
          ),
        );
        upstream.end(req.body);
      }),
  };
  const close = () => {
    agent.destroy();
    agent = new Agent({ keepAlive: true });
  };
  return { route, close };
};

export { dynamoDbProxyRoute };
