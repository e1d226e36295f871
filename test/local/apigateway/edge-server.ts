import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EdgeRequest, EdgeRoute } from '../../../local/contracts.ts';

const toEdgeRequest = async (req: IncomingMessage): Promise<EdgeRequest> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return {
    method: req.method ?? 'GET',
    path: decodeURIComponent(rawPath),
    rawPath,
    query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
    headers,
    body: Buffer.concat(chunks),
  };
};

/**
 * A plain `node:http` server on 127.0.0.1 and a free port that hands each request to the first
 * route that matches it: the edge port's dispatch, reduced to what these tests need (the real
 * edge is another engineer's part).
 */
const startEdge = async (routes: EdgeRoute[]) => {
  const server = createServer(async (req, res) => {
    const request = await toEdgeRequest(req);
    const route = routes.find((r) => r.matches(request));
    if (!route) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"no route"}');
      return;
    }
    const response = await route.handle(request);
    res.writeHead(response.status, response.headers);
    res.end(response.body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    port,
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
};

export { startEdge };
