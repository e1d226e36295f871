import type { EdgeRoute } from '../../../local/contracts.ts';
import { serveOnEdge } from '../../support/edge.ts';

/** The edge serving the given routes on a free loopback port. */
const startEdge = async (routes: EdgeRoute[]) => {
  const { endpoint, port, addRoute, close } = await serveOnEdge(routes);
  return { port, endpoint, addRoute, stop: close };
};

export { startEdge };
