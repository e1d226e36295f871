import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { EdgeRoute } from '../../../../local/contracts.ts';
import { serveOnEdge } from '../../../support/edge.ts';

/** The edge serving EventBridge's route on a free loopback port, with an SDK client for it. */
const startEdgeServer = async (route: EdgeRoute) => {
  const edge = await serveOnEdge([route]);
  const client = new EventBridgeClient({
    endpoint: edge.endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  return {
    endpoint: edge.endpoint,
    client,
    async close() {
      client.destroy();
      await edge.close();
    },
  };
};

export { startEdgeServer };
