import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { timeoutPayload } from '#schemas/handover-workflow.ts';
import { parseOrThrow } from '#schemas/validation.ts';
import { applyTimeout } from './lib/handover-tasks.ts';
import { caseStore, logger } from './lib/runtime.ts';

/**
 * `Escalate`: the receiving team let the SLA pass, so its fallback is asked; returns the
 * escalation SLA the next wait uses.
 */
const escalate = async (raw: unknown) => {
  const { handover } = parseOrThrow(timeoutPayload, raw, 'escalation payload');
  logger.appendKeys({ correlationId: handover.correlationId });
  const store = caseStore();
  const decision = await applyTimeout(
    store,
    handover.caseId,
    handover.handoverId,
    false,
    handover.correlationId,
  );
  const pending = decision.case?.handover;
  const escalationSlaSeconds = pending
    ? Math.max(1, Math.round((Date.parse(pending.slaDueAt) - Date.now()) / 1_000))
    : Math.round(store.config.routing.escalationSlaHours * 3_600);
  logger.info('handover escalated', {
    caseId: handover.caseId,
    handoverId: handover.handoverId,
    to: pending?.to,
    outcome: decision.outcome,
  });
  return { escalationSlaSeconds, to: pending?.to };
};

const handler = middy(escalate).use(injectLambdaContext(logger, { resetKeys: true }));

export { handler };
