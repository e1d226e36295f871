import type { LambdaInvoker, LocalLogger, LocalSettings } from '../contracts.ts';
import { joinHeaders } from './http-event.ts';
import { readIdentity } from './identity-sources.ts';
import { invokeWithin } from './invoke.ts';
import { evaluatePolicy } from './policy.ts';
import type { AuthorizerModel } from './template.ts';
import { authorizerEvent, type ConnectionFacts } from './ws-events.ts';

/** REST and WebSocket authorizers may take up to 29 s, the integration limit. */
const AUTHORIZER_TIMEOUT_MS = 29_000;

type ConnectAuthorization =
  | { ok: true; authorizer: Record<string, unknown> }
  | { ok: false; status: 401 | 403 | 500; message: string };

const lastValues = (rawQuery: string): Record<string, string> =>
  Object.fromEntries(new URLSearchParams(rawQuery));

/**
 * Runs the `$connect` REQUEST authorizer as API Gateway does for WebSocket APIs: a missing
 * identity source is a 401 without calling the function; a thrown `Unauthorized` is a 401; a
 * Deny policy (or an Allow that does not cover the route) a 403; any other error or an answer it
 * cannot read a 500. An Allow's `context` (values stringified) and `principalId` become
 * `requestContext.authorizer` of every event of the connection.
 */
const authorizeConnection = async (
  deps: { lambda: LambdaInvoker; logger: LocalLogger; settings: LocalSettings },
  authorizer: AuthorizerModel,
  facts: ConnectionFacts,
): Promise<ConnectAuthorization> => {
  const identity = readIdentity(authorizer.identitySources, {
    headers: joinHeaders(facts.rawHeaders),
    query: lastValues(facts.rawQuery),
    stageVariables: facts.stageVariables,
  });
  if (!identity) return { ok: false, status: 401, message: 'Unauthorized' };
  const started = Date.now();
  const event = authorizerEvent(facts, deps.settings.region, deps.settings.accountId, started);
  const outcome = await invokeWithin(
    deps.lambda,
    authorizer.functionId,
    event,
    AUTHORIZER_TIMEOUT_MS,
  );
  const integrationLatency = Date.now() - started;
  if (!outcome.ok) {
    if (outcome.message === 'Unauthorized') {
      return { ok: false, status: 401, message: 'Unauthorized' };
    }
    deps.logger.warn('authorizer failed', {
      authorizer: authorizer.name,
      connectionId: facts.connectionId,
      errorType: outcome.errorType,
      timedOut: outcome.timedOut,
    });
    return { ok: false, status: 500, message: 'Internal server error' };
  }
  const decision = evaluatePolicy(outcome.result, event.methodArn);
  if (decision === 'invalid') {
    deps.logger.warn('authorizer answer unreadable', {
      authorizer: authorizer.name,
      connectionId: facts.connectionId,
    });
    return { ok: false, status: 500, message: 'Internal server error' };
  }
  if (decision.effect === 'Deny') return { ok: false, status: 403, message: 'Forbidden' };
  const context = Object.fromEntries(
    Object.entries(decision.context).map(([key, value]) => [key, String(value)]),
  );
  return {
    ok: true,
    authorizer: { principalId: decision.principalId ?? '', integrationLatency, ...context },
  };
};

export type { ConnectAuthorization };
export { authorizeConnection };
