import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type {
  APIGatewayEventWebsocketRequestContextV2,
  APIGatewayProxyWebsocketEventV2WithRequestContext,
} from 'aws-lambda';
import { connectionStore } from './lib/connections.ts';
import { logger } from './lib/runtime.ts';

type DisconnectEvent = APIGatewayProxyWebsocketEventV2WithRequestContext<
  APIGatewayEventWebsocketRequestContextV2 & { disconnectStatusCode?: number }
>;

/**
 * `$disconnect`: forgets the connection and its subscriptions. API Gateway delivers it on a best
 * effort basis, so the items also expire by TTL and broadcast removes connections found gone.
 */
const disconnect = async (event: DisconnectEvent) => {
  const { connectionId, disconnectStatusCode } = event.requestContext;
  const teams = await connectionStore().close(connectionId);
  logger.info('connection closed', {
    connectionId,
    subscriptions: teams.length,
    statusCode: disconnectStatusCode,
  });
  return { statusCode: 200 };
};

const handler = middy(disconnect).use(injectLambdaContext(logger, { resetKeys: true }));

export { handler };
