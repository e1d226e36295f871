import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { timeoutPayload } from '#schemas/handover-workflow.ts';
import { parseOrThrow } from '#schemas/validation.ts';
import { applyTimeout } from './lib/handover-tasks.ts';
import { caseStore, logger } from './lib/runtime.ts';

/** `AssignToFallback`: nobody answered in time, so the fallback team becomes the owner. */
const assignToFallback = async (raw: unknown) => {
  const { handover } = parseOrThrow(timeoutPayload, raw, 'assignment payload');
  logger.appendKeys({ correlationId: handover.correlationId });
  const decision = await applyTimeout(
    caseStore(),
    handover.caseId,
    handover.handoverId,
    true,
    handover.correlationId,
  );
  logger.info('handover assigned to fallback', {
    caseId: handover.caseId,
    handoverId: handover.handoverId,
    owner: decision.case?.owner.team,
    outcome: decision.outcome,
  });
  return { outcome: decision.outcome, owner: decision.case?.owner };
};

const handler = middy(assignToFallback).use(injectLambdaContext(logger, { resetKeys: true }));

export { handler };
