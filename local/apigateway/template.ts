import type { TemplateResource } from '../contracts.ts';
import { ApiGatewayTemplateError } from './errors.ts';

/** The API Gateway v2 resource types this part runs, or accepts as having no local behaviour. */
const API_GATEWAY_RESOURCE_TYPES = [
  'AWS::ApiGatewayV2::Api',
  'AWS::ApiGatewayV2::Route',
  'AWS::ApiGatewayV2::Integration',
  'AWS::ApiGatewayV2::Stage',
  'AWS::ApiGatewayV2::Authorizer',
  'AWS::ApiGatewayV2::RouteResponse',
  // A deployment only snapshots routes for a stage; locally every stage serves the template.
  'AWS::ApiGatewayV2::Deployment',
] as const;

/** A Lambda proxy integration: where a route's requests go. */
interface LambdaTarget {
  integrationId: string;
  logicalId: string;
  /** The function's ARN, as the Lambda invoker knows it. */
  functionId: string;
  payloadFormatVersion: '1.0' | '2.0';
  /** `TimeoutInMillis`; unset means API Gateway's default (30 s for HTTP, 29 s for WebSocket). */
  timeoutMs?: number;
}

interface AuthorizerModel {
  authorizerId: string;
  logicalId: string;
  name: string;
  functionId: string;
  /** As the template gives them: `route.request.querystring.token`, `$request.header.Authorization`. */
  identitySources: string[];
  payloadFormatVersion: '1.0' | '2.0';
  simpleResponses: boolean;
}

interface StageModel {
  name: string;
  stageVariables: Record<string, string>;
  /** Throttling the template sets; the local gateway does not enforce it. */
  throttling?: { burstLimit?: number; rateLimit?: number };
}

interface RouteModel {
  routeId: string;
  logicalId: string;
  routeKey: string;
  target?: LambdaTarget;
  authorizer?: AuthorizerModel;
  /** WebSocket: the route has a `$default` route response, so the function's body is sent back. */
  respondsToClient: boolean;
}

interface CorsModel {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  allowCredentials: boolean;
  maxAge?: number;
}

interface ApiModel {
  apiId: string;
  logicalId: string;
  name: string;
  protocol: 'HTTP' | 'WEBSOCKET';
  routeSelectionExpression?: string;
  cors?: CorsModel;
  routes: RouteModel[];
  stages: StageModel[];
}

const LAMBDA_INVOCATION_PATH =
  /^arn:[^:]+:apigateway:[^:]+:lambda:path\/[^/]+\/functions\/(.+)\/invocations$/;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
const bool = (value: unknown): boolean => value === true || value === 'true';
const num = (value: unknown): number | undefined => {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

/** The function an `IntegrationUri` or `AuthorizerUri` names: its ARN, or the URI as given. */
const functionFromUri = (uri: string): string => LAMBDA_INVOCATION_PATH.exec(uri)?.[1] ?? uri;
const isLambda = (uri: string) =>
  LAMBDA_INVOCATION_PATH.test(uri) || /^arn:[^:]+:lambda:/.test(uri);

/**
 * Reads the gateway's resources (properties already resolved) into one model per API, and
 * throws {@link ApiGatewayTemplateError} listing everything it cannot run.
 */
const readApis = (resources: readonly TemplateResource[]): ApiModel[] => {
  const problems: string[] = [];
  const where = (r: TemplateResource) => `${r.type} ${r.logicalId}`;
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  const known = new Set<string>(API_GATEWAY_RESOURCE_TYPES);
  for (const r of resources) {
    if (!known.has(r.type)) problems.push(`${where(r)}: this resource type is not run locally`);
  }

  const integrations = new Map<string, LambdaTarget>();
  const unrunnable = new Set<string>();
  for (const r of ofType('AWS::ApiGatewayV2::Integration')) {
    const type = str(r.properties.IntegrationType);
    const uri = str(r.properties.IntegrationUri) ?? '';
    if (type !== 'AWS_PROXY' || !isLambda(uri)) {
      unrunnable.add(r.ref);
      problems.push(
        `${where(r)}: only AWS_PROXY integrations with a Lambda function run locally (got ${type ?? 'no type'})`,
      );
      continue;
    }
    const version = str(r.properties.PayloadFormatVersion) ?? '1.0';
    integrations.set(r.ref, {
      integrationId: r.ref,
      logicalId: r.logicalId,
      functionId: functionFromUri(uri),
      payloadFormatVersion: version === '2.0' ? '2.0' : '1.0',
      timeoutMs: num(r.properties.TimeoutInMillis),
    });
  }

  const authorizers = new Map<string, AuthorizerModel>();
  for (const r of ofType('AWS::ApiGatewayV2::Authorizer')) {
    const uri = str(r.properties.AuthorizerUri) ?? '';
    if (r.properties.AuthorizerType !== 'REQUEST' || !isLambda(uri)) {
      problems.push(
        `${where(r)}: only REQUEST (Lambda) authorizers run locally (got ${String(r.properties.AuthorizerType)})`,
      );
      continue;
    }
    const sources = r.properties.IdentitySource;
    authorizers.set(r.ref, {
      authorizerId: r.ref,
      logicalId: r.logicalId,
      name: str(r.properties.Name) ?? r.logicalId,
      functionId: functionFromUri(uri),
      identitySources: typeof sources === 'string' ? sources.split(',') : strings(sources),
      payloadFormatVersion: r.properties.AuthorizerPayloadFormatVersion === '2.0' ? '2.0' : '1.0',
      simpleResponses: bool(r.properties.EnableSimpleResponses),
    });
  }

  const responding = new Set(
    ofType('AWS::ApiGatewayV2::RouteResponse')
      .filter((r) => r.properties.RouteResponseKey === '$default')
      .map((r) => str(r.properties.RouteId)),
  );

  const apis = ofType('AWS::ApiGatewayV2::Api').map((r): ApiModel => {
    const protocol = r.properties.ProtocolType === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP';
    if (r.properties.ProtocolType !== protocol) {
      problems.push(`${where(r)}: ProtocolType ${String(r.properties.ProtocolType)} is unknown`);
    }
    for (const prop of ['Body', 'BodyS3Location', 'Target', 'RouteKey']) {
      if (r.properties[prop] !== undefined) {
        problems.push(`${where(r)}: ${prop} (OpenAPI or quick create) is not read locally`);
      }
    }
    return {
      apiId: r.ref,
      logicalId: r.logicalId,
      name: str(r.properties.Name) ?? r.logicalId,
      protocol,
      routeSelectionExpression: str(r.properties.RouteSelectionExpression),
      cors: readCors(r.properties.CorsConfiguration),
      routes: [],
      stages: [],
    };
  });
  const byId = new Map(apis.map((api) => [api.apiId, api]));
  const apiOf = (r: TemplateResource) => {
    const api = byId.get(str(r.properties.ApiId) ?? '');
    if (!api) problems.push(`${where(r)}: ApiId names no AWS::ApiGatewayV2::Api in the template`);
    return api;
  };

  for (const r of ofType('AWS::ApiGatewayV2::Route')) {
    const api = apiOf(r);
    const routeKey = str(r.properties.RouteKey);
    if (!api || !routeKey) continue;
    const targetId = str(r.properties.Target)?.replace(/^integrations\//, '');
    const target = targetId ? integrations.get(targetId) : undefined;
    if (targetId && !target && !unrunnable.has(targetId)) {
      problems.push(`${where(r)}: Target names no runnable integration (${targetId})`);
    }
    const authType = str(r.properties.AuthorizationType) ?? 'NONE';
    let authorizer: AuthorizerModel | undefined;
    if (authType === 'CUSTOM') {
      authorizer = authorizers.get(str(r.properties.AuthorizerId) ?? '');
      if (!authorizer) problems.push(`${where(r)}: AuthorizerId names no runnable authorizer`);
    } else if (authType !== 'NONE') {
      problems.push(`${where(r)}: AuthorizationType ${authType} is not enforced locally`);
    }
    if (api.protocol === 'HTTP' && target?.payloadFormatVersion === '1.0') {
      problems.push(`${where(r)}: payload format 1.0 is not built locally; use 2.0`);
    }
    if (api.protocol === 'HTTP' && authorizer?.payloadFormatVersion === '1.0') {
      problems.push(`${where(r)}: authorizer payload format 1.0 is not built locally; use 2.0`);
    }
    if (api.protocol === 'WEBSOCKET' && authorizer && routeKey !== '$connect') {
      problems.push(`${where(r)}: WebSocket APIs authorize only the $connect route`);
    }
    api.routes.push({
      routeId: r.ref,
      logicalId: r.logicalId,
      routeKey,
      target,
      authorizer,
      respondsToClient: responding.has(r.ref),
    });
  }

  for (const r of ofType('AWS::ApiGatewayV2::Stage')) {
    const api = apiOf(r);
    if (!api) continue;
    const defaults = (r.properties.DefaultRouteSettings ?? {}) as Record<string, unknown>;
    const burstLimit = num(defaults.ThrottlingBurstLimit);
    const rateLimit = num(defaults.ThrottlingRateLimit);
    api.stages.push({
      name: str(r.properties.StageName) ?? r.ref,
      stageVariables: Object.fromEntries(
        Object.entries((r.properties.StageVariables ?? {}) as Record<string, unknown>).map(
          ([k, v]) => [k, String(v)],
        ),
      ),
      throttling:
        burstLimit !== undefined || rateLimit !== undefined ? { burstLimit, rateLimit } : undefined,
    });
  }

  for (const api of apis) {
    if (!api.stages.length) {
      problems.push(`AWS::ApiGatewayV2::Api ${api.logicalId}: has no stage, so nothing serves it`);
    }
  }
  for (const protocol of ['HTTP', 'WEBSOCKET'] as const) {
    const same = apis.filter((a) => a.protocol === protocol);
    if (same.length > 1) {
      problems.push(
        `AWS::ApiGatewayV2::Api ${same.map((a) => a.logicalId).join(', ')}: the local gateway serves one ${protocol} API`,
      );
    }
  }
  if (problems.length) throw new ApiGatewayTemplateError(problems);
  return apis;
};

const readCors = (value: unknown): CorsModel | undefined => {
  if (!value || typeof value !== 'object') return undefined;
  const c = value as Record<string, unknown>;
  const lower = (list: unknown) => strings(list).map((s) => s.toLowerCase());
  return {
    allowOrigins: strings(c.AllowOrigins),
    allowMethods: strings(c.AllowMethods).map((m) => m.toUpperCase()),
    allowHeaders: lower(c.AllowHeaders),
    exposeHeaders: lower(c.ExposeHeaders),
    allowCredentials: bool(c.AllowCredentials),
    maxAge: num(c.MaxAge),
  };
};

export type { ApiModel, AuthorizerModel, CorsModel, LambdaTarget, RouteModel, StageModel };
export { API_GATEWAY_RESOURCE_TYPES, readApis };
