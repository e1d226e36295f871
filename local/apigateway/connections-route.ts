import type { EdgeRequest, EdgeResponse, EdgeRoute, LocalLogger } from '../contracts.ts';
import { gatewayId } from './ids.ts';
import type { ConnectionManager } from './ws-connections.ts';

/**
 * `/<stage>/@connections/<id>` (the SDK appends `/@connections/<id>` to an endpoint that ends in
 * the stage, as `WEBSOCKET_CALLBACK_URL` does) or `/@connections/<id>` (an endpoint without the
 * stage). The id is matched URL-encoded: it may hold `+`, `/` and `=`.
 */
const CONNECTIONS_PATH = /^(?:\/([^/]+))?\/@connections\/([^/]+)\/?$/;

const reply = (status: number, body?: unknown, errorType?: string): EdgeResponse => ({
  status,
  headers: {
    'x-amzn-requestid': gatewayId(),
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  },
  body: body === undefined ? '' : JSON.stringify(body),
});

const gone = () => reply(410, { message: 'Gone' }, 'GoneException');

/**
 * The WebSocket API's management API (`@connections`) on the edge port: `POST` sends the body to
 * the connection, `GET` describes it, `DELETE` closes it. A connection that is unknown or closed
 * answers 410 with `x-amzn-errortype: GoneException`, so the SDK raises `GoneException`.
 *
 * Differs from AWS: requests are not checked for a signature or for
 * `execute-api:ManageConnections` permission.
 */
const createConnectionsRoute = (
  manager: () => ConnectionManager | undefined,
  logger: LocalLogger,
): EdgeRoute => ({
  name: 'apigateway-connections',
  matches: (req) => manager() !== undefined && CONNECTIONS_PATH.test(req.rawPath),
  handle: async (req: EdgeRequest): Promise<EdgeResponse> => {
    const connections = manager();
    const match = CONNECTIONS_PATH.exec(req.rawPath);
    if (!connections || !match?.[2])
      return reply(404, { message: 'Not Found' }, 'NotFoundException');
    const stage = match[1] ? decodeURIComponent(match[1]) : undefined;
    if (stage !== undefined && !connections.stages.includes(stage)) {
      return reply(403, { message: 'Forbidden' }, 'ForbiddenException');
    }
    let connectionId: string;
    try {
      connectionId = decodeURIComponent(match[2]);
    } catch {
      return gone();
    }
    const described = connections.describe(connectionId);
    // A connection belongs to one stage: another stage's management API does not know it.
    if (!described || (stage !== undefined && described.stage !== stage)) return gone();
    switch (req.method.toUpperCase()) {
      case 'POST': {
        const sent = connections.post(connectionId, req.body);
        if (sent === 'too-large') {
          return reply(413, { message: 'Message too long' }, 'PayloadTooLargeException');
        }
        if (sent === 'gone') return gone();
        logger.debug('posted to connection', { connectionId, bytes: req.body.length });
        return reply(200);
      }
      case 'GET':
        return reply(200, {
          connectedAt: new Date(described.connectedAt).toISOString(),
          identity: { sourceIp: described.sourceIp, userAgent: described.userAgent },
          lastActiveAt: new Date(described.lastActiveAt).toISOString(),
        });
      case 'DELETE':
        connections.disconnect(connectionId);
        logger.info('connection deleted', { connectionId });
        return reply(204);
      default:
        return reply(
          403,
          { message: 'Missing Authentication Token' },
          'MissingAuthenticationTokenException',
        );
    }
  },
});

export { createConnectionsRoute };
