import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseCommand } from '#schemas/commands.ts';
import type { HandoverResponse } from '#schemas/handover-workflow.ts';
import type { CaseStore } from './case-store.ts';
import { logger } from './runtime.ts';
import { handoverKey } from './table-keys.ts';

type HandoverCommand = Extract<CaseCommand, { type: 'accept-handover' | 'decline-handover' }>;

/** The SDK's answers that mean the workflow is no longer waiting on this token. */
const NOT_WAITING = new Set(['TaskTimedOut', 'TaskDoesNotExist']);

let client: SFNClient | undefined;
const sfn = () => {
  client ??= new SFNClient({});
  return client;
};

const isHandoverDecision = (command: CaseCommand): command is HandoverCommand =>
  command.type === 'accept-handover' || command.type === 'decline-handover';

/**
 * Ends the wait of the handover's Step Functions execution with the team's decision, using the
 * task token `handover-wait` recorded on the handover item. The case already holds the decision,
 * so a workflow that has no token yet, or has stopped waiting, is logged and left alone: it ends
 * through `HandoverNoLongerPending` on its next step. Any other failure is thrown, so the caller
 * retries the command; the retry is a duplicate for the case and sends the decision again.
 */
const tellHandoverWorkflow = async (
  store: CaseStore,
  caseId: string,
  command: HandoverCommand,
  agentId: string,
): Promise<void> => {
  const { handoverId } = command;
  const { Item } = await store.db.send(
    new GetCommand({
      TableName: store.tableName,
      Key: handoverKey(caseId, handoverId),
      ProjectionExpression: 'taskToken',
      ConsistentRead: true,
    }),
  );
  if (typeof Item?.taskToken !== 'string') {
    logger.warn('handover has no task token recorded', { caseId, handoverId });
    return;
  }
  const response: HandoverResponse =
    command.type === 'accept-handover'
      ? { decision: 'accepted', commandId: command.commandId, agentId }
      : { decision: 'declined', commandId: command.commandId, agentId, reason: command.reason };
  try {
    await sfn().send(
      new SendTaskSuccessCommand({ taskToken: Item.taskToken, output: JSON.stringify(response) }),
    );
    logger.info('handover workflow told', { caseId, handoverId, decision: response.decision });
  } catch (error) {
    if (!(error instanceof Error) || !NOT_WAITING.has(error.name)) throw error;
    logger.warn('handover workflow no longer waiting', { caseId, handoverId, reason: error.name });
  }
};

export { isHandoverDecision, tellHandoverWorkflow };
