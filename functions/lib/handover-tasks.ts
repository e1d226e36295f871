import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Decision } from '#domain/decide.ts';
import { HandoverNoLongerPending } from '#domain/errors.ts';
import type { CaseInput } from '#domain/inputs.ts';
import { applyInput } from './apply-input.ts';
import type { CaseStore } from './case-store.ts';
import { handoverKey } from './table-keys.ts';

const workflowActor = { kind: 'system' as const, name: 'handover-workflow' };

/**
 * Records the task token of the wait that has begun, so the team's answer can end it. A handover
 * already decided (or withdrawn) ends the workflow through `HandoverNoLongerPending`.
 */
const recordTaskToken = async (
  store: CaseStore,
  caseId: string,
  handoverId: string,
  phase: 'acceptance' | 'escalation',
  taskToken: string,
): Promise<void> => {
  const current = await store.getCase(caseId);
  if (current?.handover?.handoverId !== handoverId) throw new HandoverNoLongerPending(handoverId);
  await store.db.send(
    new PutCommand({
      TableName: store.tableName,
      Item: {
        ...handoverKey(caseId, handoverId),
        type: 'handover',
        taskToken,
        phase,
        to: current.handover.to,
        recordedAt: new Date().toISOString(),
      },
    }),
  );
};

/** Applies a timeout of the first wait (escalate) or of the escalated one (assign). */
const applyTimeout = (
  store: CaseStore,
  caseId: string,
  handoverId: string,
  escalated: boolean,
  correlationId: string,
): Promise<Decision> => {
  const input: CaseInput = {
    kind: 'handover-timeout',
    inputId: `timeout:${handoverId}:${escalated ? 'escalated' : 'first'}`,
    at: new Date().toISOString(),
    correlationId,
    actor: workflowActor,
    handoverId,
    escalated,
  };
  return applyInput(store, () => store.getCase(caseId), input);
};

export { applyTimeout, recordTaskToken, workflowActor };
