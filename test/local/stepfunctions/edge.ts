import type { EdgeRoute } from '../../../local/contracts.ts';
import { serveOnEdge } from '../../support/edge.ts';

/** The edge serving one route on a free loopback port. */
const serveRoute = async (route: EdgeRoute) => {
  const { endpoint, close } = await serveOnEdge([route]);
  return { endpoint, close };
};

export { serveRoute };
