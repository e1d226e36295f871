import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { connectionStore } from './lib/connections.ts';
import { batonConfig, logger } from './lib/runtime.ts';
import {
  HOW_TO_SUBSCRIBE,
  refusal,
  reply,
  subscribeRequest,
  subscriptionRefusal,
} from './lib/ws-messages.ts';

/**
 * `subscribe`: the connection starts receiving the changes of the teams it names, each one of
 * its token's teams (a lead may watch any configured team). The teams are checked against the
 * stored connection, which holds what the authorizer vouched for at `$connect`. The answer is
 * the route response, sent to the client as a message.
 */
const subscribe = async (event: APIGatewayProxyWebsocketEventV2) => {
  const { connectionId } = event.requestContext;
  const request = subscribeRequest.safeParse(parseJson(event.body));
  if (!request.success) {
    logger.info('subscription refused', { connectionId, code: 'INVALID_MESSAGE' });
    return refusal(
      400,
      'INVALID_MESSAGE',
      `Baton could not read that subscription; ${HOW_TO_SUBSCRIBE}.`,
    );
  }
  const teams = [...new Set(request.data.teams)];
  const store = connectionStore();
  const connection = await store.get(connectionId);
  if (!connection) return notConnected(connectionId);
  const refused = subscriptionRefusal(teams, connection, batonConfig());
  if (refused) {
    logger.warn('subscription refused', {
      connectionId,
      agentId: connection.agentId,
      code: refused.code,
      teams,
    });
    return refusal(403, refused.code, refused.message);
  }
  if (!(await store.subscribe(connection, teams))) return notConnected(connectionId);
  logger.info('subscribed', { connectionId, agentId: connection.agentId, teams });
  return reply(200, { type: 'subscribed', teams });
};

const notConnected = (connectionId: string) => {
  logger.warn('subscription refused', { connectionId, code: 'NOT_CONNECTED' });
  return refusal(410, 'NOT_CONNECTED', 'Baton has no record of this connection; reconnect.');
};

const parseJson = (body: string | undefined): unknown => {
  try {
    return JSON.parse(body ?? '');
  } catch {
    return undefined;
  }
};

const handler = middy(subscribe).use(injectLambdaContext(logger, { resetKeys: true }));

export { handler };
