import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { applyDecisionPayload } from '#schemas/handover-workflow.ts';
import { parseOrThrow } from '#schemas/validation.ts';
import { applyInput } from './lib/apply-input.ts';
import { caseStore, logger } from './lib/runtime.ts';

/**
 * `ApplyDecision`: applies the team's accept or decline. The HTTP API has usually applied the
 * same command already (same command id), so this is then a duplicate that changes nothing; it
 * matters when the answer reached the workflow some other way.
 */
const applyDecision = async (raw: unknown) => {
  const { handover, response } = parseOrThrow(applyDecisionPayload, raw, 'decision payload');
  logger.appendKeys({ correlationId: handover.correlationId });
  const store = caseStore();
  const commandId = response.commandId;
  const command =
    response.decision === 'accepted'
      ? { type: 'accept-handover' as const, commandId, handoverId: handover.handoverId }
      : {
          type: 'decline-handover' as const,
          commandId,
          handoverId: handover.handoverId,
          reason: response.reason ?? 'declined',
        };
  const current = await store.getCase(handover.caseId);
  const team = current?.handover?.to ?? handover.to;
  const decision = await applyInput(store, () => store.getCase(handover.caseId), {
    kind: 'command',
    inputId: `cmd:${commandId}`,
    at: new Date().toISOString(),
    correlationId: handover.correlationId,
    actor: { kind: 'agent', agentId: response.agentId, teams: [team], lead: false },
    command,
  });
  logger.info('handover decision applied', {
    caseId: handover.caseId,
    handoverId: handover.handoverId,
    decision: response.decision,
    outcome: decision.outcome,
  });
  return { outcome: decision.outcome, owner: decision.case?.owner };
};

const handler = middy(applyDecision).use(injectLambdaContext(logger, { resetKeys: true }));

export { handler };
