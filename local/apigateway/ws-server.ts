import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import type { LambdaInvoker, LocalLogger, LocalSettings } from '../contracts.ts';
import { splitUrl } from './http-event.ts';
import { isRecord } from './http-response.ts';
import { clientIp } from './ids.ts';
import { invokeWithin } from './invoke.ts';
import type { ApiModel, RouteModel } from './template.ts';
import {
  createConnectionRegistry,
  GOING_AWAY,
  type LiveConnection,
  type WebSocketLimits,
} from './ws-connections.ts';
import { type ConnectionFacts, disconnectEvent, messageEvent } from './ws-events.ts';
import { factsOf, refuseUpgrade, runConnect } from './ws-handshake.ts';
import { createRouteSelector } from './ws-routing.ts';

const INTEGRATION_TIMEOUT_MS = 29_000;

interface WebSocketGatewayOptions {
  api: ApiModel;
  settings: LocalSettings;
  logger: LocalLogger;
  lambda: LambdaInvoker;
  port: number;
  limits: WebSocketLimits;
}

const toBuffer = (data: RawData): Buffer =>
  Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);

/**
 * A WebSocket API on its own port (`ws://127.0.0.1:<port>/<stage>`, or `/` for its first
 * stage): the `$connect` authorizer and route before the handshake completes, messages routed
 * by the route selection expression, route responses sent back, `$disconnect` on close, and
 * the duration, idle and size limits.
 *
 * Differs from AWS: frames are not limited to 32 KB (only whole messages, to 128 KB; a larger
 * one closes the connection with 1009 as AWS does); only a data message from the client resets
 * the idle timer; messages of one connection are routed concurrently, as AWS does, so their
 * responses may come back out of order; stage throttling is not enforced.
 */
const createWebSocketGateway = (options: WebSocketGatewayOptions) => {
  const { api, settings, logger, lambda, port, limits } = options;
  const deps = { lambda, logger, settings };
  const connectRoute = api.routes.find((r) => r.routeKey === '$connect');
  const disconnectRoute = api.routes.find((r) => r.routeKey === '$disconnect');
  const select = createRouteSelector(api.routes, api.routeSelectionExpression);
  const stages = new Map(api.stages.map((s) => [s.name, s]));
  const connections = createConnectionRegistry(limits);
  const { send } = connections;
  const pending = new Set<Promise<unknown>>();
  const chosenProtocols = new WeakMap<IncomingMessage, string>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxMessageBytes,
    handleProtocols: (protocols, req) => {
      const chosen = chosenProtocols.get(req);
      return chosen && protocols.has(chosen) ? chosen : false;
    },
  });
  let server: Server | undefined;
  let boundPort = port;

  const track = <T>(promise: Promise<T>) => {
    pending.add(promise);
    void promise.finally(() => pending.delete(promise));
    return promise;
  };

  const routeMessage = async (conn: LiveConnection, data: Buffer, isBinary: boolean) => {
    const { connectionId } = conn.facts;
    const route: RouteModel | undefined = select(data, isBinary);
    const event = messageEvent(
      conn.facts,
      route?.routeKey ?? '$default',
      data,
      isBinary,
      Date.now(),
    );
    const requestId = event.requestContext.requestId;
    if (!route?.target) {
      send(conn, JSON.stringify({ message: 'Forbidden', connectionId, requestId }));
      return;
    }
    const outcome = await invokeWithin(
      lambda,
      route.target.functionId,
      event,
      route.target.timeoutMs ?? INTEGRATION_TIMEOUT_MS,
    );
    if (!outcome.ok) {
      logger.warn('route failed', {
        connectionId,
        routeKey: route.routeKey,
        requestId,
        errorType: outcome.errorType,
        timedOut: outcome.timedOut,
      });
      send(conn, JSON.stringify({ message: 'Internal server error', connectionId, requestId }));
      return;
    }
    logger.info('websocket message', { connectionId, routeKey: route.routeKey, requestId });
    const result = outcome.result;
    if (route.respondsToClient && isRecord(result) && typeof result.body === 'string') {
      const binary = result.isBase64Encoded === true;
      send(conn, binary ? Buffer.from(result.body, 'base64') : result.body, binary);
    }
  };

  /** API Gateway delivers `$disconnect` on a best-effort basis: a failure is only logged. */
  const reportDisconnect = async (facts: ConnectionFacts, code: number, reason: string) => {
    logger.info('websocket closed', { connectionId: facts.connectionId, code });
    const target = disconnectRoute?.target;
    if (!target) return;
    const outcome = await invokeWithin(
      lambda,
      target.functionId,
      disconnectEvent(facts, code, reason, Date.now()),
      target.timeoutMs ?? INTEGRATION_TIMEOUT_MS,
    );
    if (!outcome.ok) {
      logger.warn('$disconnect failed', {
        connectionId: facts.connectionId,
        errorType: outcome.errorType,
      });
    }
  };

  const onClose = (conn: LiveConnection, code: number, reason: string) => {
    connections.forget(conn);
    const closed = conn.closedBy ?? { code, reason };
    void track(reportDisconnect(conn.facts, closed.code, closed.reason));
  };

  const onOpen = (socket: WebSocket, facts: ConnectionFacts) => {
    const conn = connections.open(socket, facts);
    logger.info('websocket connected', { connectionId: facts.connectionId, stage: facts.stage });
    socket.on('message', (data, isBinary) => {
      connections.touch(conn);
      void track(routeMessage(conn, toBuffer(data), isBinary));
    });
    // `ws` reports an oversized message here, then closes with 1009 (Message Too Big).
    socket.on('error', (error) =>
      logger.warn('websocket error', { connectionId: facts.connectionId, error: error.message }),
    );
    socket.on('close', (code, reason) => onClose(conn, code, reason.toString()));
  };

  const stageForPath = (path: string) => {
    const name = path.replace(/^\/+|\/+$/g, '');
    return name ? stages.get(name) : api.stages[0];
  };

  const onUpgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const { path, query } = splitUrl(req.url ?? '/');
    const stage = stageForPath(path);
    if (!stage) return refuseUpgrade(socket, 403, 'Forbidden');
    const scope = { apiId: api.apiId, stage: stage.name, stageVariables: stage.stageVariables };
    const facts = factsOf(req, scope, clientIp(req.socket.remoteAddress), query);
    const outcome = await runConnect(deps, connectRoute, facts);
    if (!outcome.ok) {
      logger.info('websocket refused', {
        connectionId: facts.connectionId,
        status: outcome.status,
      });
      return refuseUpgrade(socket, outcome.status, outcome.message);
    }
    if (socket.destroyed) {
      // The client left while `$connect` ran: API Gateway would still report the disconnect.
      void track(reportDisconnect(facts, 1006, ''));
      return;
    }
    if (outcome.protocol) chosenProtocols.set(req, outcome.protocol);
    wss.handleUpgrade(req, socket, head, (ws) => onOpen(ws, outcome.facts));
  };

  const start = async () => {
    server = createServer((_req, res) => {
      res.writeHead(426, { 'content-type': 'application/json', upgrade: 'websocket' });
      res.end(JSON.stringify({ message: 'Upgrade Required' }));
    });
    server.on('upgrade', (req, socket, head) => {
      onUpgrade(req, socket, head).catch((error: unknown) => {
        logger.error('websocket handshake failed', { error: String(error) });
        refuseUpgrade(socket, 500, 'Internal server error');
      });
    });
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    boundPort = (server.address() as AddressInfo).port;
  };

  /** Closes every connection with 1001 (their `$disconnect` runs), then the port. */
  const stop = async () => {
    if (!server) return;
    const closing = server;
    server = undefined;
    const open = connections.all();
    const sockets = open.map((c) => c.socket);
    for (const conn of open) connections.closeBy(conn, GOING_AWAY, 'Going away');
    const settled = Promise.all(
      sockets.map((s) =>
        s.readyState === WebSocket.CLOSED ? undefined : once(s, 'close').catch(() => undefined),
      ),
    );
    await Promise.race([settled, delay(1_000)]);
    for (const s of sockets) s.terminate();
    await Promise.race([Promise.allSettled([...pending]), delay(2_000)]);
    closing.closeAllConnections();
    closing.close();
    await once(closing, 'close');
  };

  return {
    start,
    stop,
    manager: connections.manager(api.stages.map((s) => s.name)),
    /** The first stage's URL, as CDK's `WebSocketStage.url` names it. */
    url: () => `ws://127.0.0.1:${boundPort}/${api.stages[0]?.name ?? ''}`,
  };
};

const delay = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

type WebSocketGateway = ReturnType<typeof createWebSocketGateway>;

export type { WebSocketGateway };
export { createWebSocketGateway };
