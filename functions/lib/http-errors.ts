import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { logger } from './runtime.ts';

/**
 * The HTTP status of each typed error, by its `name`, with the `code` the response carries.
 * Matching on the name (not `instanceof`) keeps the table independent of where a class lives, and
 * an error that only happens to have a `code` (a Node or SDK error) never leaks through.
 */
const STATUS_BY_NAME: Record<string, { status: number; code: string }> = {
  ValidationError: { status: 400, code: 'INVALID_INPUT' },
  UnauthorizedError: { status: 401, code: 'UNAUTHORIZED' },
  NotAllowedError: { status: 403, code: 'NOT_ALLOWED' },
  NotFoundError: { status: 404, code: 'NOT_FOUND' },
  CaseNotFoundError: { status: 404, code: 'CASE_NOT_FOUND' },
  RouteNotFoundError: { status: 404, code: 'NOT_FOUND' },
  HandoverNoLongerPending: { status: 409, code: 'HANDOVER_NOT_PENDING' },
  CaseClosedError: { status: 409, code: 'CASE_CLOSED' },
  ProtectedCaseError: { status: 409, code: 'PROTECTED' },
  ConcurrentUpdateError: { status: 409, code: 'CONCURRENT_UPDATE' },
};

/** No route of this function matches the request. */
class RouteNotFoundError extends Error {
  override readonly name = 'RouteNotFoundError';
  readonly code = 'NOT_FOUND';
}

/** A JSON response; the correlation id goes back so a caller can quote it. */
const jsonResponse = (
  statusCode: number,
  body: unknown,
  correlationId?: string,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: {
    'content-type': 'application/json',
    ...(correlationId ? { 'x-correlation-id': correlationId } : {}),
    ...headers,
  },
  body: JSON.stringify(body),
});

/**
 * The response for an error: `{ code, message }` (and `violations` for invalid input) with its
 * status. Anything unexpected is a generic 500; its details go to the log only.
 */
const errorResponse = (error: unknown, correlationId?: string) => {
  const known = error instanceof Error ? STATUS_BY_NAME[error.name] : undefined;
  if (!known || !(error instanceof Error)) {
    logger.error('request failed', error as Error);
    return jsonResponse(
      500,
      { code: 'INTERNAL', message: 'something went wrong; quote the correlation id' },
      correlationId,
    );
  }
  const violations = 'violations' in error ? { violations: error.violations } : {};
  logger.warn('request refused', { status: known.status, code: known.code, ...violations });
  const challenge: Record<string, string> =
    known.status === 401 ? { 'www-authenticate': 'Bearer' } : {};
  return jsonResponse(
    known.status,
    { code: known.code, message: error.message, ...violations },
    correlationId,
    challenge,
  );
};

export { errorResponse, jsonResponse, RouteNotFoundError };
