import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { caseCommand } from '#schemas/commands.ts';
import { parseOrThrow } from '#schemas/validation.ts';
import { applyInput } from './lib/apply-input.ts';
import { CaseNotFoundError } from './lib/errors.ts';
import { caseViewFor } from './lib/http-access.ts';
import { httpHandler, type Route } from './lib/http-handler.ts';
import { isHandoverDecision, tellHandoverWorkflow } from './lib/http-handover-callback.ts';
import { jsonBody, pathParameter } from './lib/http-request.ts';
import { batonConfig, caseStore, logger } from './lib/runtime.ts';
import { actorOf } from './lib/token.ts';

/**
 * `POST /cases/{caseId}/commands`: one command, applied once per `commandId` whatever the
 * retries. The domain decides whether the caller may issue it; the answer is the outcome and the
 * case as the caller may see it. An accept or decline also ends the handover workflow's wait.
 */
const command: Route = async ({ event, claims, correlationHeader }) => {
  const caseId = pathParameter(event, 'caseId');
  const parsed = parseOrThrow(caseCommand, jsonBody(event, 'command'), 'command');
  const correlationId = correlationHeader ?? parsed.commandId;
  logger.appendKeys({ correlationId, caseId });
  const store = caseStore();
  const locate = async () => {
    const found = await store.getCase(caseId);
    if (!found) throw new CaseNotFoundError(`case ${caseId} does not exist`);
    return found;
  };
  const decision = await applyInput(store, locate, {
    kind: 'command',
    inputId: `cmd:${parsed.commandId}`,
    at: new Date().toISOString(),
    correlationId,
    actor: actorOf(claims),
    command: parsed,
  });
  logger.info('command handled', {
    commandType: parsed.type,
    outcome: decision.outcome,
    version: decision.case?.version,
  });
  if (decision.outcome !== 'ignored' && isHandoverDecision(parsed)) {
    await tellHandoverWorkflow(store, caseId, parsed, claims.sub);
  }
  const after = decision.case ?? (await locate());
  return {
    correlationId,
    body: { outcome: decision.outcome, case: caseViewFor(after, claims, batonConfig()) },
  };
};

const handler = middy(httpHandler({ 'POST /cases/{caseId}/commands': command })).use(
  injectLambdaContext(logger, { resetKeys: true }),
);

export { handler };
