import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

type Json = Record<string, unknown>;
type WebSocketEvent = Json & { requestContext: Json; body?: string };

/** A fixture of real API Gateway WebSocket event JSON from `test/fixtures/websocket`. */
const fixture = <T = WebSocketEvent>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../fixtures/websocket/${name}.json`, import.meta.url), 'utf8'));

/**
 * A connection id shaped like API Gateway's (16 base64 characters ending in `=`, so it may hold
 * `+` and `/`, which must be URL-encoded on the way to `@connections`).
 */
const newConnectionId = () => randomBytes(11).toString('base64');

/** Who holds a connection, as the authorizer's context says it (values stringified). */
const authorizerOf = (who: { agent: string; teams: string[]; lead?: boolean }) => ({
  principalId: who.agent,
  integrationLatency: 38,
  agentId: who.agent,
  teams: who.teams.join(','),
  lead: String(who.lead ?? false),
});

/** A WebSocket route event from its fixture, for another connection, holder or body. */
const wsEvent = (
  name: 'connect' | 'disconnect' | 'subscribe' | 'default',
  changes: {
    connectionId?: string;
    authorizer?: Json | undefined;
    body?: string;
  } = {},
): WebSocketEvent => {
  const event = fixture(name);
  const requestContext: Json = { ...event.requestContext };
  if (changes.connectionId) requestContext.connectionId = changes.connectionId;
  if ('authorizer' in changes) requestContext.authorizer = changes.authorizer;
  return {
    ...event,
    requestContext,
    ...(changes.body === undefined ? {} : { body: changes.body }),
  };
};

/** The `$connect` authorizer's input, carrying `token` (or none) in its query string. */
const authorizeRequest = (token: string | undefined, connectionId = newConnectionId()) => {
  const event = fixture<Json & { methodArn: string; requestContext: Json }>('authorize-request');
  const query = token === undefined ? null : { token };
  return {
    ...event,
    queryStringParameters: query,
    multiValueQueryStringParameters: token === undefined ? null : { token: [token] },
    requestContext: { ...event.requestContext, connectionId },
  };
};

export { authorizeRequest, authorizerOf, fixture, newConnectionId, wsEvent };
