import type { EdgeRoute } from '../../local/contracts.ts';
import { createEdge } from '../../local/edge/index.ts';
import { createLogger } from '../../local/logger.ts';

/**
 * The local runtime's own edge server on a free loopback port, serving just the routes a test
 * gives it, so a real AWS SDK client can talk to one local service alone.
 */
const serveOnEdge = async (routes: EdgeRoute[]) => {
  const edge = createEdge({
    port: 0,
    host: '127.0.0.1',
    logger: createLogger('edge', { write: () => undefined }),
    routes,
  });
  await edge.start();
  return {
    endpoint: edge.url,
    port: edge.port,
    addRoute: edge.addRoute,
    close: () => edge.stop(),
  };
};

export { serveOnEdge };
