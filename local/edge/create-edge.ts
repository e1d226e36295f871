import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  EdgeRequest,
  EdgeResponse,
  EdgeRoute,
  LocalLogger,
  LocalService,
} from '../contracts.ts';
import { describeRequest, readRequest } from './read-request.ts';
import { awsError } from './wire-errors.ts';

/** The one port every AWS API is served on. */
interface Edge extends LocalService {
  /** `http://127.0.0.1:<port>`; the port is the real one once started (port 0 asks the kernel). */
  readonly url: string;
  readonly port: number;
  /** Adds a route after those given; routes are asked in order, the first that matches answers. */
  addRoute(route: EdgeRoute): void;
}

interface EdgeOptions {
  /** 4566 by default in `npm start` (`BATON_EDGE_PORT`); 0 for a free port. */
  port: number;
  host?: string;
  logger: LocalLogger;
  routes?: EdgeRoute[];
}

/** Answers whether the runtime is up and which services it serves (used by the CLIs). */
const HEALTH_PATH = '/_baton/health';

/**
 * The edge HTTP server: reads each request, asks each route in order whether it is theirs and
 * lets the first that matches answer it. Nothing matching is AWS's `UnknownOperationException`,
 * naming the `x-amz-target` or the method and path, in the protocol's wire shape.
 *
 * @example createEdge({ port: 4566, logger, routes: [dynamo.route, secrets.route] })
 */
const createEdge = (options: EdgeOptions): Edge => {
  const { logger } = options;
  const host = options.host ?? '127.0.0.1';
  const routes = [...(options.routes ?? [])];
  let port = options.port;

  const answer = async (req: EdgeRequest): Promise<{ route?: string; res: EdgeResponse }> => {
    if (req.method === 'GET' && req.path === HEALTH_PATH) {
      const body = JSON.stringify({ status: 'running', routes: routes.map((r) => r.name) });
      return { res: { status: 200, headers: { 'content-type': 'application/json' }, body } };
    }
    const route = routes.find((r) => r.matches(req));
    if (!route) {
      const { target } = describeRequest(req);
      const what = target ? `target ${target}` : `${req.method} ${req.path}`;
      const message = `The local runtime serves no operation for ${what}`;
      return { res: awsError(req, 400, 'UnknownOperationException', message) };
    }
    try {
      return { route: route.name, res: await route.handle(req) };
    } catch (error) {
      logger.error('route failed', {
        route: route.name,
        operation: describeRequest(req).operation,
        error: (error as Error).message,
      });
      const message =
        'The request processing has failed because of an unknown error, exception or failure.';
      return { route: route.name, res: awsError(req, 500, 'InternalFailure', message) };
    }
  };

  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const started = performance.now();
    readRequest(incoming)
      .then(async (req) => {
        const { route, res } = await answer(req);
        outgoing.writeHead(res.status, res.headers ?? {});
        outgoing.end(res.body);
        logger.debug('edge request', {
          service: route ?? 'none',
          operation: describeRequest(req).operation,
          status: res.status,
          ms: Math.round(performance.now() - started),
        });
      })
      .catch((error: Error) => {
        logger.error('edge request failed', { error: error.message });
        if (!outgoing.headersSent) outgoing.writeHead(500);
        outgoing.end();
      });
  });

  return {
    name: 'edge',
    get url() {
      return `http://${host}:${port}`;
    },
    get port() {
      return port;
    },
    addRoute: (route) => {
      routes.push(route);
    },
    start: () =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, host, () => {
          server.off('error', reject);
          port = (server.address() as AddressInfo).port;
          logger.info('edge listening', { url: `http://${host}:${port}`, routes: routes.length });
          resolve();
        });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

export type { Edge, EdgeOptions };
export { createEdge, HEALTH_PATH };
