import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { LambdaInvoker, LocalLogger } from '../contracts.ts';
import { type GatewayResponse, gatewayAnswers, isRecord } from './http-response.ts';
import { readIdentity } from './identity-sources.ts';
import { invokeWithin } from './invoke.ts';
import { evaluatePolicy, readContext } from './policy.ts';
import type { AuthorizerModel } from './template.ts';

/** A Lambda authorizer on an HTTP API may take this long before API Gateway gives up. */
const AUTHORIZER_TIMEOUT_MS = 10_000;

type HttpAuthorization =
  | { ok: true; authorizer: Record<string, unknown> }
  | { ok: false; response: GatewayResponse };

/**
 * Runs an HTTP API's Lambda authorizer (payload format 2.0) for a request: a missing identity
 * source is a 401 without calling it; a refusal (`isAuthorized: false` or a Deny policy) a 403;
 * an error or timeout a 500. What it allows reaches the integration as
 * `requestContext.authorizer.lambda`.
 *
 * Differs from AWS: results are never cached (`AuthorizerResultTtlInSeconds` is ignored), so
 * the authorizer runs on every request.
 */
const authorizeHttp = async (
  deps: { lambda: LambdaInvoker; logger: LocalLogger },
  authorizer: AuthorizerModel,
  event: APIGatewayProxyEventV2,
  routeArn: string,
): Promise<HttpAuthorization> => {
  const identity = readIdentity(authorizer.identitySources, {
    headers: event.headers as Record<string, string>,
    query: (event.queryStringParameters ?? {}) as Record<string, string>,
    stageVariables: (event.stageVariables ?? {}) as Record<string, string>,
  });
  if (!identity) return { ok: false, response: gatewayAnswers.unauthorized() };
  const { body: _body, isBase64Encoded: _encoded, ...request } = event;
  const payload = { ...request, type: 'REQUEST', routeArn, identitySource: identity };
  const outcome = await invokeWithin(
    deps.lambda,
    authorizer.functionId,
    payload,
    AUTHORIZER_TIMEOUT_MS,
  );
  if (!outcome.ok) {
    deps.logger.warn('authorizer failed', {
      authorizer: authorizer.name,
      requestId: event.requestContext.requestId,
      errorType: outcome.errorType,
    });
    return { ok: false, response: gatewayAnswers.internalError() };
  }
  if (authorizer.simpleResponses) {
    const result = outcome.result;
    if (!isRecord(result) || typeof result.isAuthorized !== 'boolean') {
      return { ok: false, response: gatewayAnswers.internalError() };
    }
    const context = readContext(result.context);
    if (context === 'invalid') return { ok: false, response: gatewayAnswers.internalError() };
    if (!result.isAuthorized) return { ok: false, response: gatewayAnswers.forbidden() };
    return { ok: true, authorizer: { lambda: context } };
  }
  const decision = evaluatePolicy(outcome.result, routeArn);
  if (decision === 'invalid') return { ok: false, response: gatewayAnswers.internalError() };
  if (decision.effect === 'Deny') return { ok: false, response: gatewayAnswers.forbidden() };
  return { ok: true, authorizer: { lambda: decision.context } };
};

export { authorizeHttp };
