import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { logger } from './lib/runtime.ts';
import { HOW_TO_SUBSCRIBE, refusal } from './lib/ws-messages.ts';

/**
 * `$default`: any message whose `action` names no route. The answer says what Baton does take;
 * the message itself is not logged, as a client may have typed anything into it.
 */
const fallback = async (event: APIGatewayProxyWebsocketEventV2) => {
  logger.info('unknown action', { connectionId: event.requestContext.connectionId });
  return refusal(400, 'UNKNOWN_ACTION', `Baton does not know that message; ${HOW_TO_SUBSCRIBE}.`);
};

const handler = middy(fallback).use(injectLambdaContext(logger, { resetKeys: true }));

export { handler };
