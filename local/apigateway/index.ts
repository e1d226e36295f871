import type {
  EdgeRoute,
  LambdaInvoker,
  LocalLogger,
  LocalService,
  LocalSettings,
  TemplateResource,
} from '../contracts.ts';
import { createConnectionsRoute } from './connections-route.ts';
import { ApiGatewayTemplateError } from './errors.ts';
import { createHttpGateway, type HttpGateway } from './http-server.ts';
import { API_GATEWAY_RESOURCE_TYPES, readApis } from './template.ts';
import { DEFAULT_LIMITS, type WebSocketLimits } from './ws-connections.ts';
import { createWebSocketGateway, type WebSocketGateway } from './ws-server.ts';

interface ApiGatewayOptions {
  settings: LocalSettings;
  logger: LocalLogger;
  lambda: LambdaInvoker;
  /** The template's resources of the types in {@link API_GATEWAY_RESOURCE_TYPES}. */
  resources: readonly TemplateResource[];
  /** Ports on 127.0.0.1; 0 asks the kernel for a free one. Defaults: HTTP 4567, WebSocket 4568. */
  ports?: { http?: number; webSocket?: number };
  /** WebSocket limits; defaults are AWS's (2 h, 10 min idle, 128 KB). */
  limits?: Partial<WebSocketLimits>;
  /**
   * The edge's URL (`http://127.0.0.1:4566`), for the callback URL. Defaults to 127.0.0.1 and
   * `settings.edgePort`; needed when that is 0 and the kernel chose the edge's port.
   */
  edgeUrl?: string;
}

interface ApiGateway {
  service: LocalService;
  /** The `@connections` management API, for the edge port. */
  route: EdgeRoute;
  /** `http://127.0.0.1:<port>` for the HTTP API, or undefined when the template has none. */
  readonly httpUrl: string | undefined;
  /** `ws://127.0.0.1:<port>/<stage>` for the WebSocket API, or undefined when it has none. */
  readonly webSocketUrl: string | undefined;
  /**
   * What `WEBSOCKET_CALLBACK_URL` should hold locally: `http://127.0.0.1:<edge port>/<stage>`,
   * the management API's endpoint on the edge (the SDK appends `/@connections/<id>`). Replaces
   * the template's `https://<api-id>.execute-api.<region>.amazonaws.com/<stage>`.
   */
  readonly callbackUrl: string | undefined;
}

const DEFAULT_HTTP_PORT = 4567;
const DEFAULT_WEBSOCKET_PORT = 4568;

/**
 * The local API Gateway: the template's HTTP API and WebSocket API, each on its own port, and
 * the WebSocket API's `@connections` management API as an edge route. Throws
 * {@link ApiGatewayTemplateError} at once for anything in the template it cannot run; `start`
 * fails naming any integration or authorizer whose function the Lambda invoker does not know.
 */
const createApiGateway = (options: ApiGatewayOptions): ApiGateway => {
  const { settings, logger, lambda } = options;
  const apis = readApis(options.resources);
  const httpApi = apis.find((a) => a.protocol === 'HTTP');
  const wsApi = apis.find((a) => a.protocol === 'WEBSOCKET');
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const http: HttpGateway | undefined = httpApi
    ? createHttpGateway({
        api: httpApi,
        settings,
        logger,
        lambda,
        port: options.ports?.http ?? DEFAULT_HTTP_PORT,
      })
    : undefined;
  const ws: WebSocketGateway | undefined = wsApi
    ? createWebSocketGateway({
        api: wsApi,
        settings,
        logger,
        lambda,
        port: options.ports?.webSocket ?? DEFAULT_WEBSOCKET_PORT,
        limits,
      })
    : undefined;
  let started = false;

  const checkFunctions = () => {
    const missing: string[] = [];
    for (const api of apis) {
      for (const route of api.routes) {
        if (route.target && !lambda.has(route.target.functionId)) {
          missing.push(
            `AWS::ApiGatewayV2::Integration ${route.target.logicalId}: no local function ${route.target.functionId}`,
          );
        }
        const authorizer = route.authorizer;
        if (authorizer && !lambda.has(authorizer.functionId)) {
          missing.push(
            `AWS::ApiGatewayV2::Authorizer ${authorizer.logicalId}: no local function ${authorizer.functionId}`,
          );
        }
      }
    }
    if (missing.length) throw new ApiGatewayTemplateError([...new Set(missing)]);
  };

  const service: LocalService = {
    name: 'apigateway',
    start: async () => {
      checkFunctions();
      await http?.start();
      try {
        await ws?.start();
      } catch (error) {
        await http?.stop();
        throw error;
      }
      started = true;
      logger.info('api gateway ready', {
        http: http?.url(),
        webSocket: ws?.url(),
        callback: wsApi ? callbackUrl() : undefined,
      });
    },
    stop: async () => {
      started = false;
      await Promise.all([ws?.stop(), http?.stop()]);
    },
  };

  const afterStart = (port: number | undefined, url: () => string) => {
    if (port === 0 && !started) {
      throw new Error('The port is chosen by the kernel: read the URL after start()');
    }
    return url();
  };
  const callbackUrl = () => {
    if (!options.edgeUrl && settings.edgePort === 0) {
      throw new Error('The edge port is chosen by the kernel: pass edgeUrl for the callback URL');
    }
    const edge = (options.edgeUrl ?? `http://127.0.0.1:${settings.edgePort}`).replace(/\/+$/, '');
    return `${edge}/${wsApi?.stages[0]?.name ?? ''}`;
  };

  return {
    service,
    route: createConnectionsRoute(() => ws?.manager, logger),
    get httpUrl() {
      return http ? afterStart(options.ports?.http, http.url) : undefined;
    },
    get webSocketUrl() {
      return ws ? afterStart(options.ports?.webSocket, ws.url) : undefined;
    },
    get callbackUrl() {
      return wsApi ? callbackUrl() : undefined;
    },
  };
};

export type { ApiGateway, ApiGatewayOptions, WebSocketLimits };
export { API_GATEWAY_RESOURCE_TYPES, ApiGatewayTemplateError, createApiGateway };
