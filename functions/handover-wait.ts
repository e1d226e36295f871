import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { awaitDecisionPayload } from '#schemas/handover-workflow.ts';
import { parseOrThrow } from '#schemas/validation.ts';
import { recordTaskToken } from './lib/handover-tasks.ts';
import { caseStore, logger } from './lib/runtime.ts';

/**
 * `AwaitAcceptance` and `AwaitEscalatedAcceptance`: keeps the task token beside the handover;
 * the workflow then waits, within the SLA, for the receiving team's answer. The team hears of the
 * handover from the live view, which every change reaches.
 */
const awaitDecision = async (raw: unknown) => {
  const { phase, handover, taskToken } = parseOrThrow(awaitDecisionPayload, raw, 'wait payload');
  logger.appendKeys({ correlationId: handover.correlationId });
  await recordTaskToken(caseStore(), handover.caseId, handover.handoverId, phase, taskToken);
  logger.info('handover awaiting decision', {
    caseId: handover.caseId,
    handoverId: handover.handoverId,
    phase,
  });
};

const handler = middy(awaitDecision).use(injectLambdaContext(logger, { resetKeys: true }));

export { handler };
