import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { requestTime, traceHeader } from './ids.ts';

/** A request as the HTTP server received it, before any API Gateway meaning is given to it. */
interface ReceivedRequest {
  method: string;
  /** The request target as sent: path and query string, percent-encoding kept. */
  url: string;
  /** Header names and values in the order and case sent, as Node's `rawHeaders` gives them. */
  rawHeaders: readonly string[];
  httpVersion: string;
  sourceIp: string;
  localPort: number;
  body: Buffer;
  receivedAt: number;
}

/** What the gateway decided about the request: its API, stage, route and id. */
interface RequestScope {
  accountId: string;
  apiId: string;
  stage: string;
  stageVariables: Record<string, string>;
  routeKey: string;
  pathParameters: Record<string, string>;
  requestId: string;
  authorizer?: Record<string, unknown>;
}

// Hop-by-hop headers a proxy does not pass on.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te']);

const TEXT_TYPES = [
  /^text\//,
  /^application\/(.+\+)?json\b/,
  /^application\/(.+\+)?xml\b/,
  /^application\/javascript\b/,
  /^application\/x-www-form-urlencoded\b/,
];

/**
 * Whether API Gateway would pass the body as text. HTTP APIs base64-encode any body whose
 * content type is not textual, or that carries a `content-encoding` (a gzip'd JSON is binary).
 */
const isTextBody = (headers: Record<string, string>): boolean => {
  if (headers['content-encoding']) return false;
  const type = (headers['content-type'] ?? '').toLowerCase();
  return TEXT_TYPES.some((t) => t.test(type));
};

const safeDecode = (value: string): string => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

/** Lower-cased header names; a repeated header's values joined with commas, as payload 2.0 does. */
const joinHeaders = (rawHeaders: readonly string[]): Record<string, string> => {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const value = rawHeaders[i + 1] as string;
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return headers;
};

/** Query parameters decoded, a repeated one's values joined with commas. */
const joinQuery = (rawQuery: string): Record<string, string> | undefined => {
  if (!rawQuery) return undefined;
  const joined: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQuery)) {
    joined[name] = name in joined ? `${joined[name]},${value}` : value;
  }
  return joined;
};

const splitUrl = (url: string) => {
  const q = url.indexOf('?');
  return q < 0 ? { path: url, query: '' } : { path: url.slice(0, q), query: url.slice(q + 1) };
};

/**
 * The Lambda event of payload format 2.0, as API Gateway builds it for an HTTP API.
 *
 * Differs from AWS: `domainName` and the `host` header are the local address the client used
 * (`127.0.0.1:4567`), not `<api-id>.execute-api.<region>.amazonaws.com`; `domainPrefix` is its
 * first label. `x-forwarded-proto` is `http`. No `authentication` (mutual TLS) is offered.
 */
const buildHttpEvent = (req: ReceivedRequest, scope: RequestScope): APIGatewayProxyEventV2 => {
  const { path, query } = splitUrl(req.url);
  const all = joinHeaders(req.rawHeaders);
  const cookies = (all.cookie ?? '')
    .split(/[;,]\s*/)
    .map((c) => c.trim())
    .filter(Boolean);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(all)) {
    if (name !== 'cookie' && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  headers['x-forwarded-for'] = all['x-forwarded-for']
    ? `${all['x-forwarded-for']}, ${req.sourceIp}`
    : req.sourceIp;
  headers['x-forwarded-port'] = String(req.localPort);
  headers['x-forwarded-proto'] = 'http';
  headers['x-amzn-trace-id'] ??= traceHeader(req.receivedAt);

  const domainName = all.host ?? `127.0.0.1:${req.localPort}`;
  // HTTP APIs hand the path over decoded, named stage segment included.
  const rawPath = safeDecode(path);
  const queryStringParameters = joinQuery(query);
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: scope.routeKey,
    rawPath,
    rawQueryString: query,
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: scope.accountId,
      apiId: scope.apiId,
      ...(scope.authorizer ? { authorizer: scope.authorizer as never } : {}),
      domainName,
      domainPrefix: domainName.split(/[.:]/)[0] ?? domainName,
      http: {
        method: req.method,
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.sourceIp,
        userAgent: all['user-agent'] ?? '',
      },
      requestId: scope.requestId,
      routeKey: scope.routeKey,
      stage: scope.stage,
      time: requestTime(req.receivedAt),
      timeEpoch: req.receivedAt,
    },
    ...(Object.keys(scope.pathParameters).length ? { pathParameters: scope.pathParameters } : {}),
    ...(Object.keys(scope.stageVariables).length ? { stageVariables: scope.stageVariables } : {}),
    isBase64Encoded: false,
  };
  if (req.body.length) {
    const text = isTextBody(all);
    event.body = req.body.toString(text ? 'utf8' : 'base64');
    event.isBase64Encoded = !text;
  }
  return event;
};

export type { ReceivedRequest, RequestScope };
export { buildHttpEvent, joinHeaders, joinQuery, splitUrl };
