import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LambdaInvoker, LocalLogger, LocalSettings } from '../contracts.ts';
import { answerPreflight, applyCors, isPreflight } from './cors.ts';
import { authorizeHttp } from './http-authorizer.ts';
import { buildHttpEvent, joinHeaders, type ReceivedRequest, splitUrl } from './http-event.ts';
import { type GatewayResponse, gatewayAnswers, mapResult } from './http-response.ts';
import { createRouteTable } from './http-routes.ts';
import { clientIp, gatewayId } from './ids.ts';
import { invokeWithin } from './invoke.ts';
import type { ApiModel, StageModel } from './template.ts';

/** HTTP APIs take request bodies up to 10 MB. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;

interface HttpGatewayOptions {
  api: ApiModel;
  settings: LocalSettings;
  logger: LocalLogger;
  lambda: LambdaInvoker;
  port: number;
}

const readBody = async (req: IncomingMessage): Promise<Buffer | undefined> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
};

/**
 * An HTTP API on its own port: the `$default` stage at the root, a named stage under
 * `/<stage>`, each route's Lambda function called with payload format 2.0.
 *
 * Differs from AWS: stage throttling (`DefaultRouteSettings`) is read but not enforced; there
 * is no TLS, no custom domain and no access log.
 */
const createHttpGateway = ({ api, settings, logger, lambda, port }: HttpGatewayOptions) => {
  const table = createRouteTable(api.routes);
  const defaultStage = api.stages.find((s) => s.name === '$default');
  const namedStages = new Map(
    api.stages.filter((s) => s.name !== '$default').map((s) => [s.name, s]),
  );
  let server: Server | undefined;
  let boundPort = port;

  const stageFor = (path: string): { stage: StageModel; routePath: string } | undefined => {
    const first = path.split('/')[1] ?? '';
    const named = namedStages.get(first);
    if (named) return { stage: named, routePath: path.slice(first.length + 1) || '/' };
    return defaultStage ? { stage: defaultStage, routePath: path } : undefined;
  };

  const answer = async (req: IncomingMessage, requestId: string): Promise<GatewayResponse> => {
    const receivedAt = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const headers = joinHeaders(req.rawHeaders);
    // The body is read first, so no answer leaves part of it unread on a kept-alive connection.
    const body = await readBody(req);
    if (!body) return gatewayAnswers.tooLarge();
    const staged = stageFor(splitUrl(url).path);
    if (!staged) return gatewayAnswers.notFound();
    if (api.cors && isPreflight(method, headers)) return answerPreflight(api.cors, headers);
    const match = table.match(method, staged.routePath);
    const target = match?.route.target;
    if (!match || !target) return gatewayAnswers.notFound();

    const received: ReceivedRequest = {
      method,
      url,
      rawHeaders: req.rawHeaders,
      httpVersion: req.httpVersion,
      sourceIp: clientIp(req.socket.remoteAddress),
      localPort: boundPort,
      body,
      receivedAt,
    };
    const scope = {
      accountId: settings.accountId,
      apiId: api.apiId,
      stage: staged.stage.name,
      stageVariables: staged.stage.stageVariables,
      routeKey: match.route.routeKey,
      pathParameters: match.pathParameters,
      requestId,
    };
    const event = buildHttpEvent(received, scope);
    if (match.route.authorizer) {
      const routeArn = `arn:aws:execute-api:${settings.region}:${settings.accountId}:${api.apiId}/${staged.stage.name}/${method}${staged.routePath}`;
      const auth = await authorizeHttp({ lambda, logger }, match.route.authorizer, event, routeArn);
      if (!auth.ok) return auth.response;
      Object.assign(event.requestContext, { authorizer: auth.authorizer });
    }
    const outcome = await invokeWithin(
      lambda,
      target.functionId,
      event,
      target.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    if (!outcome.ok) {
      logger.warn('integration failed', {
        requestId,
        routeKey: match.route.routeKey,
        errorType: outcome.errorType,
        timedOut: outcome.timedOut,
      });
      return outcome.timedOut
        ? gatewayAnswers.serviceUnavailable()
        : gatewayAnswers.internalError();
    }
    return mapResult(outcome.result);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const started = Date.now();
    const requestId = gatewayId();
    let response: GatewayResponse;
    try {
      response = await answer(req, requestId);
      const headers = joinHeaders(req.rawHeaders);
      if (api.cors && !isPreflight(req.method ?? '', headers)) {
        response = applyCors(api.cors, headers, response);
      }
    } catch (error) {
      logger.error('request failed', { requestId, error: String(error) });
      response = gatewayAnswers.internalError();
    }
    logger.info('http request', {
      requestId,
      correlationId: req.headers['x-correlation-id'] ?? requestId,
      method: req.method,
      status: response.status,
      latencyMs: Date.now() - started,
    });
    res.writeHead(response.status, {
      ...response.headers,
      'apigw-requestid': requestId,
      'content-length': String(response.body.length),
    });
    res.end(response.body);
  };

  const start = async () => {
    const stages = api.stages.filter((s) => s.throttling);
    if (stages.length) {
      logger.info('stage throttling is not enforced locally', {
        api: api.name,
        stages: stages.map((s) => s.name),
      });
    }
    server = createServer((req, res) => void handle(req, res));
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    boundPort = (server.address() as AddressInfo).port;
  };

  const stop = async () => {
    if (!server) return;
    const closing = server;
    server = undefined;
    closing.closeAllConnections();
    closing.close();
    await once(closing, 'close');
  };

  return {
    start,
    stop,
    /** `http://127.0.0.1:<port>`, the `$default` stage's root (a named stage adds `/<stage>`). */
    url: () => `http://127.0.0.1:${boundPort}`,
  };
};

type HttpGateway = ReturnType<typeof createHttpGateway>;

export type { HttpGateway };
export { createHttpGateway };
