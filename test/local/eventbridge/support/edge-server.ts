import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { EdgeRequest, EdgeRoute } from '../../../../local/contracts.ts';

const toEdgeRequest = async (req: IncomingMessage): Promise<EdgeRequest> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([name, value]) => [name.toLowerCase(), String(value)]),
  );
  return {
    method: req.method ?? 'GET',
    path: decodeURIComponent(url.pathname),
    rawPath: url.pathname,
    query: url.searchParams,
    headers,
    body: Buffer.concat(chunks),
  };
};

/**
 * A plain `node:http` server on 127.0.0.1 and a free port that hands each request to the route,
 * as the edge port does, and an EventBridge SDK client pointed at it (any credentials: the local
 * API does not check signatures).
 */
const startEdgeServer = async (route: EdgeRoute) => {
  const server = createServer(async (req, res) => {
    const request = await toEdgeRequest(req);
    if (!route.matches(request)) {
      res.writeHead(404).end();
      return;
    }
    const response = await route.handle(request);
    res.writeHead(response.status, response.headers ?? {});
    res.end(response.body ?? '');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const client = new EventBridgeClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  return {
    endpoint,
    client,
    async close() {
      client.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
};

export { startEdgeServer };
