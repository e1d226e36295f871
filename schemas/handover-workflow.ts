import { z } from 'zod';
import { agentId, externalId } from './common.ts';

/**
 * What the handover workflow hands its tasks. The execution input is the `Handover Requested`
 * detail; only the fields the tasks read are checked here.
 *
 * @example {"caseId":"case-fed91d0046d699d477b5","handoverId":"case-fed91d0046d699d477b5-h1",
 *  "to":"specialist-support","slaSeconds":86400,"correlationId":"crm-77"}
 */
const workflowHandover = z.object({
  caseId: z.string().min(1),
  handoverId: z.string().min(1),
  to: z.string().min(1),
  slaSeconds: z.int().positive(),
  correlationId: z.string().min(1),
});

/**
 * The decision the HTTP API sends back with `SendTaskSuccess`.
 * @example {"decision":"accepted","commandId":"c-1","agentId":"agent-sol"}
 */
const handoverResponse = z.object({
  decision: z.enum(['accepted', 'declined']),
  commandId: externalId,
  agentId,
  reason: z.string().min(1).optional(),
});
type HandoverResponse = z.infer<typeof handoverResponse>;

/**
 * `AwaitAcceptance` / `AwaitEscalatedAcceptance`: record the task token.
 * @example {"phase":"acceptance","handover":{"caseId":"case-fed91d0046d699d477b5",
 *  "handoverId":"case-fed91d0046d699d477b5-h1","to":"specialist-support","slaSeconds":86400,
 *  "correlationId":"crm-77"},
 *  "taskToken":"AQCEAAAAKgAAAAMAAAAAAAAAAY2bq7Tz"}
 */
const awaitDecisionPayload = z.object({
  phase: z.enum(['acceptance', 'escalation']),
  handover: workflowHandover,
  taskToken: z.string().min(1).max(2_048),
});

/**
 * `ApplyDecision`.
 * @example {"handover":{"caseId":"case-fed91d0046d699d477b5",
 *  "handoverId":"case-fed91d0046d699d477b5-h1","to":"specialist-support","slaSeconds":86400,
 *  "correlationId":"crm-77"},
 *  "response":{"decision":"accepted","commandId":"c-1","agentId":"agent-sol"}}
 */
const applyDecisionPayload = z.object({ handover: workflowHandover, response: handoverResponse });

/**
 * `Escalate` and `AssignToFallback`.
 * @example {"handover":{"caseId":"case-fed91d0046d699d477b5",
 *  "handoverId":"case-fed91d0046d699d477b5-h1","to":"specialist-support","slaSeconds":86400,
 *  "correlationId":"crm-77"}}
 */
const timeoutPayload = z.object({ handover: workflowHandover });

export type { HandoverResponse };
export {
  applyDecisionPayload,
  awaitDecisionPayload,
  handoverResponse,
  timeoutPayload,
  workflowHandover,
};
