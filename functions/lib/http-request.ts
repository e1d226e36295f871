import type { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import type { z } from 'zod';
import { parseOrThrow, ValidationError } from '#schemas/validation.ts';
import { UnauthorizedError } from './errors.ts';
import { type Claims, verifyToken } from './token.ts';
import { tokenSecret } from './token-secret.ts';

/** An HTTP API request (payload format 2.0), as API Gateway delivers it. */
type HttpEvent = z.infer<typeof APIGatewayProxyEventV2Schema>;

/** A request whose bearer token has been verified. */
interface HttpRequest {
  event: HttpEvent;
  claims: Claims;
  /** The caller's `x-correlation-id`, when it is a plausible id; never free text in the logs. */
  correlationHeader: string | undefined;
}

const CORRELATION_ID = /^[\w.:#-]{1,128}$/;

const correlationHeaderOf = (event: HttpEvent): string | undefined => {
  const value = event.headers['x-correlation-id'];
  return value && CORRELATION_ID.test(value) ? value : undefined;
};

/**
 * The claims of the request's bearer token. API Gateway v2 lowercases header names, so only
 * `authorization` is read.
 */
const authenticate = async (event: HttpEvent): Promise<Claims> => {
  const match = /^Bearer +(\S+)$/i.exec(event.headers.authorization ?? '');
  if (!match?.[1]) throw new UnauthorizedError('the request has no bearer token');
  return verifyToken(await tokenSecret(), match[1]);
};

/** A path parameter the route declares; API Gateway never sends the route without it. */
const pathParameter = (event: HttpEvent, name: string): string => {
  const value = event.pathParameters?.[name];
  if (!value) throw new ValidationError('path', [{ path: name, message: 'is required' }]);
  return value;
};

/** The body parsed as JSON, decoded first when API Gateway base64-encoded it. */
const jsonBody = (event: HttpEvent, subject: string): unknown => {
  if (!event.body) {
    throw new ValidationError(subject, [{ path: '(root)', message: 'a JSON body is required' }]);
  }
  const text = event.isBase64Encoded
    ? Buffer.from(event.body, 'base64').toString('utf8')
    : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError(subject, [{ path: '(root)', message: 'must be JSON' }]);
  }
};

/** The query string parsed with `schema`; a bad parameter is a 400 naming it. */
const queryOf = <S extends z.ZodType>(schema: S, event: HttpEvent): z.infer<S> =>
  parseOrThrow(schema, event.queryStringParameters ?? {}, 'query');

export type { HttpEvent, HttpRequest };
export { authenticate, correlationHeaderOf, jsonBody, pathParameter, queryOf };
