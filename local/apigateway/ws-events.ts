import { gatewayId, requestTime } from './ids.ts';

/** What is known of a connection from its handshake onwards. */
interface ConnectionFacts {
  apiId: string;
  stage: string;
  stageVariables: Record<string, string>;
  connectionId: string;
  connectedAt: number;
  domainName: string;
  sourceIp: string;
  userAgent: string;
  /** The handshake's headers with their names as sent. */
  rawHeaders: readonly string[];
  /** The handshake's query string, without `?`. */
  rawQuery: string;
  /** Set once the `$connect` authorizer allowed the connection. */
  authorizer?: Record<string, unknown>;
}

const requestContext = (
  facts: ConnectionFacts,
  routeKey: string,
  eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT',
  at: number,
) => {
  const requestId = gatewayId();
  return {
    routeKey,
    ...(facts.authorizer ? { authorizer: facts.authorizer } : {}),
    eventType,
    extendedRequestId: requestId,
    requestTime: requestTime(at),
    messageDirection: 'IN',
    stage: facts.stage,
    connectedAt: facts.connectedAt,
    requestTimeEpoch: at,
    identity: { userAgent: facts.userAgent, sourceIp: facts.sourceIp },
    requestId,
    domainName: facts.domainName,
    connectionId: facts.connectionId,
    apiId: facts.apiId,
  };
};

/** Headers with their names as sent; API Gateway gives both the last value and all of them. */
const handshakeHeaders = (rawHeaders: readonly string[]) => {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    const value = rawHeaders[i + 1] as string;
    headers[name] = value;
    multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), value];
  }
  return { headers, multiValueHeaders };
};

const handshakeQuery = (rawQuery: string) => {
  if (!rawQuery) return {};
  const queryStringParameters: Record<string, string> = {};
  const multiValueQueryStringParameters: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(rawQuery)) {
    queryStringParameters[name] = value;
    multiValueQueryStringParameters[name] = [
      ...(multiValueQueryStringParameters[name] ?? []),
      value,
    ];
  }
  return { queryStringParameters, multiValueQueryStringParameters };
};

const stageVariables = (facts: ConnectionFacts) =>
  Object.keys(facts.stageVariables).length ? { stageVariables: facts.stageVariables } : {};

/**
 * The event a `$connect` REQUEST authorizer receives. `methodArn` names the stage and route.
 *
 * Differs from AWS: the `Host` header and `domainName` are the local address, and API
 * Gateway's `X-Forwarded-*` headers are not added.
 */
const authorizerEvent = (
  facts: ConnectionFacts,
  region: string,
  accountId: string,
  at: number,
) => ({
  type: 'REQUEST',
  methodArn: `arn:aws:execute-api:${region}:${accountId}:${facts.apiId}/${facts.stage}/$connect`,
  ...handshakeHeaders(facts.rawHeaders),
  ...handshakeQuery(facts.rawQuery),
  stageVariables: facts.stageVariables,
  requestContext: requestContext({ ...facts, authorizer: undefined }, '$connect', 'CONNECT', at),
});

const connectEvent = (facts: ConnectionFacts, at: number) => ({
  ...handshakeHeaders(facts.rawHeaders),
  ...handshakeQuery(facts.rawQuery),
  ...stageVariables(facts),
  requestContext: requestContext(facts, '$connect', 'CONNECT', at),
  isBase64Encoded: false,
});

const messageEvent = (
  facts: ConnectionFacts,
  routeKey: string,
  data: Buffer,
  isBinary: boolean,
  at: number,
) => ({
  ...stageVariables(facts),
  requestContext: { ...requestContext(facts, routeKey, 'MESSAGE', at), messageId: gatewayId() },
  body: data.toString(isBinary ? 'base64' : 'utf8'),
  isBase64Encoded: isBinary,
});

/** `$disconnect` carries only API Gateway's own headers, and why the connection closed. */
const disconnectEvent = (facts: ConnectionFacts, code: number, reason: string, at: number) => {
  const host = facts.domainName;
  const headers = { Host: host, 'x-api-key': '', 'X-Forwarded-For': '', 'x-restapi': '' };
  return {
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    ...stageVariables(facts),
    requestContext: {
      ...requestContext(facts, '$disconnect', 'DISCONNECT', at),
      disconnectStatusCode: code,
      disconnectReason: reason,
    },
    isBase64Encoded: false,
  };
};

export type { ConnectionFacts };
export { authorizerEvent, connectEvent, disconnectEvent, messageEvent };
