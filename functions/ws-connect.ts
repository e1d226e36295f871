import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type {
  APIGatewayEventWebsocketRequestContextV2,
  APIGatewayProxyWebsocketEventV2WithRequestContext,
} from 'aws-lambda';
import { parseOrThrow } from '#schemas/validation.ts';
import { connectionStore } from './lib/connections.ts';
import { logger } from './lib/runtime.ts';
import { authorizerContext } from './lib/ws-messages.ts';

type ConnectEvent = APIGatewayProxyWebsocketEventV2WithRequestContext<
  APIGatewayEventWebsocketRequestContextV2 & { authorizer?: unknown }
>;

/**
 * `$connect`, after the authorizer allowed it: records the connection and who holds it, so that
 * `subscribe` can check teams against the token and broadcast can reach it. A connection without
 * an authorizer context is a misconfigured route: it fails, and so does the handshake.
 */
const connect = async (event: ConnectEvent) => {
  const { connectionId, authorizer } = event.requestContext;
  const owner = parseOrThrow(authorizerContext, authorizer, '$connect authorizer context');
  const connection = await connectionStore().open(connectionId, owner);
  logger.info('connection opened', {
    connectionId,
    agentId: owner.agentId,
    expiresAt: connection.expiresAt,
  });
  return { statusCode: 200 };
};

const handler = middy(connect).use(injectLambdaContext(logger, { resetKeys: true }));

export { handler };
