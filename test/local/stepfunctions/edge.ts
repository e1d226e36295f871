import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EdgeRoute } from '../../../local/contracts.ts';

/** A tiny stand-in for the edge port: a node:http server on 127.0.0.1 that hands every request to the route. */
const serveRoute = async (
  route: EdgeRoute,
): Promise<{ endpoint: string; close(): Promise<void> }> => {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const request = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname),
        rawPath: url.pathname,
        query: url.searchParams,
        headers: Object.fromEntries(
          Object.entries(req.headers).map(([key, value]) => [
            key,
            Array.isArray(value) ? value.join(',') : (value ?? ''),
          ]),
        ),
        body: Buffer.concat(chunks),
      };
      if (!route.matches(request)) {
        res.writeHead(404).end();
        return;
      }
      const response = await route.handle(request);
      res.writeHead(response.status, response.headers ?? {}).end(response.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

export { serveRoute };
