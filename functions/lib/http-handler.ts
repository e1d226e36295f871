import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { parseOrThrow } from '#schemas/validation.ts';
import { errorResponse, jsonResponse, RouteNotFoundError } from './http-errors.ts';
import { authenticate, correlationHeaderOf, type HttpRequest } from './http-request.ts';
import { logger } from './runtime.ts';

/** What a route answers: a JSON body, and the correlation id it settled on, if its own. */
interface RouteResult {
  status?: number;
  body: unknown;
  correlationId?: string;
}

type Route = (request: HttpRequest) => Promise<RouteResult>;

/**
 * An HTTP API handler over a table of routes keyed by API Gateway's `routeKey`: it picks the
 * route (an unknown one is a 404, as API Gateway itself would answer), verifies the bearer token,
 * runs the route and turns any error into its `{ code, message }` response.
 *
 * @example const handler = middy(httpHandler({ 'GET /cases/{caseId}': caseRoute }))
 */
const httpHandler =
  (routes: Record<string, Route>) =>
  async (raw: unknown): Promise<APIGatewayProxyStructuredResultV2> => {
    let correlationId: string | undefined;
    try {
      const event = parseOrThrow(APIGatewayProxyEventV2Schema, raw, 'HTTP API event');
      const correlationHeader = correlationHeaderOf(event);
      correlationId = correlationHeader ?? event.requestContext.requestId;
      logger.appendKeys({ correlationId, routeKey: event.routeKey });
      const route = routes[event.routeKey];
      if (!route) throw new RouteNotFoundError(`no route ${event.routeKey}`);
      const claims = await authenticate(event);
      const result = await route({ event, claims, correlationHeader });
      correlationId = result.correlationId ?? correlationId;
      const status = result.status ?? 200;
      logger.info('request handled', { status });
      return jsonResponse(status, result.body, correlationId);
    } catch (error) {
      return errorResponse(error, correlationId);
    }
  };

export type { Route, RouteResult };
export { httpHandler };
