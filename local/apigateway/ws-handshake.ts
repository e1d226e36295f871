import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { LambdaInvoker, LocalLogger, LocalSettings } from '../contracts.ts';
import { isRecord } from './http-response.ts';
import { gatewayId } from './ids.ts';
import { invokeWithin } from './invoke.ts';
import type { RouteModel } from './template.ts';
import { authorizeConnection } from './ws-authorizer.ts';
import { type ConnectionFacts, connectEvent } from './ws-events.ts';

const INTEGRATION_TIMEOUT_MS = 29_000;

type HandshakeOutcome =
  | { ok: true; facts: ConnectionFacts; protocol?: string }
  | { ok: false; status: number; message: string };

/** Refuses a WebSocket handshake with an HTTP status and API Gateway's JSON message. */
const refuseUpgrade = (
  socket: Duplex,
  status: number,
  message: string,
  requestId = gatewayId(),
) => {
  if (socket.destroyed) return;
  const body = JSON.stringify({ message });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `x-amzn-RequestId: ${requestId}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
};

const headerOf = (result: unknown, name: string): string | undefined => {
  if (!isRecord(result) || !isRecord(result.headers)) return undefined;
  const entry = Object.entries(result.headers).find(([k]) => k.toLowerCase() === name);
  return typeof entry?.[1] === 'string' ? entry[1] : undefined;
};

/**
 * What happens between a client's upgrade request and the 101: the `$connect` route's
 * authorizer, then its integration. A function error refuses with 500; a `statusCode` outside
 * 2xx refuses with that status. A `Sec-WebSocket-Protocol` header in the integration's answer
 * picks the subprotocol, as API Gateway requires for clients that ask for one.
 */
const runConnect = async (
  deps: { lambda: LambdaInvoker; logger: LocalLogger; settings: LocalSettings },
  connectRoute: RouteModel | undefined,
  facts: ConnectionFacts,
): Promise<HandshakeOutcome> => {
  if (connectRoute?.authorizer) {
    const auth = await authorizeConnection(deps, connectRoute.authorizer, facts);
    if (!auth.ok) return auth;
    facts.authorizer = auth.authorizer;
  }
  const target = connectRoute?.target;
  if (!target) return { ok: true, facts };
  const outcome = await invokeWithin(
    deps.lambda,
    target.functionId,
    connectEvent(facts, Date.now()),
    target.timeoutMs ?? INTEGRATION_TIMEOUT_MS,
  );
  if (!outcome.ok) {
    deps.logger.warn('$connect failed', {
      connectionId: facts.connectionId,
      errorType: outcome.errorType,
      timedOut: outcome.timedOut,
    });
    return { ok: false, status: 500, message: 'Internal server error' };
  }
  const status = isRecord(outcome.result) ? Number(outcome.result.statusCode) : Number.NaN;
  if (Number.isInteger(status) && (status < 200 || status > 299)) {
    return { ok: false, status, message: STATUS_CODES[status] ?? 'Error' };
  }
  return { ok: true, facts, protocol: headerOf(outcome.result, 'sec-websocket-protocol') };
};

/** The facts of a connection as its handshake gives them. */
const factsOf = (
  req: IncomingMessage,
  scope: { apiId: string; stage: string; stageVariables: Record<string, string> },
  sourceIp: string,
  rawQuery: string,
): ConnectionFacts => ({
  ...scope,
  connectionId: gatewayId(),
  connectedAt: Date.now(),
  domainName: req.headers.host ?? '127.0.0.1',
  sourceIp,
  userAgent: req.headers['user-agent'] ?? '',
  rawHeaders: req.rawHeaders,
  rawQuery,
});

export type { HandshakeOutcome };
export { factsOf, refuseUpgrade, runConnect };
