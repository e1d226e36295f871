import type { GatewayResponse } from './http-response.ts';
import type { CorsModel } from './template.ts';

const allowedOrigin = (cors: CorsModel, origin: string | undefined): string | undefined => {
  if (!origin) return undefined;
  if (cors.allowOrigins.includes('*')) return '*';
  return cors.allowOrigins.includes(origin) ? origin : undefined;
};

/** A CORS preflight: an OPTIONS request naming the method it wants to send. */
const isPreflight = (method: string, headers: Record<string, string>): boolean =>
  method === 'OPTIONS' && !!headers.origin && !!headers['access-control-request-method'];

/**
 * API Gateway's own answer to a preflight when the API configures CORS, without calling any
 * route. An origin it does not allow gets the 204 without CORS headers, so the browser refuses.
 */
const answerPreflight = (cors: CorsModel, headers: Record<string, string>): GatewayResponse => {
  const origin = allowedOrigin(cors, headers.origin);
  const out: Record<string, string> = {};
  if (origin) {
    out['access-control-allow-origin'] = origin;
    if (cors.allowMethods.length) out['access-control-allow-methods'] = cors.allowMethods.join(',');
    if (cors.allowHeaders.length) out['access-control-allow-headers'] = cors.allowHeaders.join(',');
    if (cors.allowCredentials) out['access-control-allow-credentials'] = 'true';
    if (cors.maxAge !== undefined) out['access-control-max-age'] = String(cors.maxAge);
  }
  return { status: 204, headers: out, body: Buffer.alloc(0) };
};

/**
 * With CORS configured, API Gateway drops the CORS headers the integration returned and sets its
 * own for an allowed origin.
 */
const applyCors = (
  cors: CorsModel,
  requestHeaders: Record<string, string>,
  response: GatewayResponse,
): GatewayResponse => {
  const headers = Object.fromEntries(
    Object.entries(response.headers).filter(([name]) => !name.startsWith('access-control-')),
  );
  const origin = allowedOrigin(cors, requestHeaders.origin);
  if (origin) {
    headers['access-control-allow-origin'] = origin;
    if (cors.exposeHeaders.length) {
      headers['access-control-expose-headers'] = cors.exposeHeaders.join(',');
    }
    if (cors.allowCredentials) headers['access-control-allow-credentials'] = 'true';
  }
  return { ...response, headers };
};

export { answerPreflight, applyCors, isPreflight };
