import { z } from 'zod';
import { instant } from './common.ts';

/** The hash the first audit record of a case points back to. */
const GENESIS_HASH = '0'.repeat(64);

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be a SHA-256 hex digest' });

/** One field that changed: its path in the case, and the values before and after. */
const change = z.object({ path: z.string(), from: z.unknown(), to: z.unknown() });
type Change = z.infer<typeof change>;

/**
 * One audit record: written in the same transition, and the same transaction, as the change it
 * records; `hash` covers every other field, and `prevHash` chains it to the record before.
 *
 * @example
 * {"caseId":"case-fed91d0046d699d477b5","seq":2,"at":"2026-12-03T11:00:00Z",
 *  "actor":"agent:agent-sol","action":"note-added","inputId":"c-3",
 *  "changes":[{"path":"notes[0]","from":null,"to":{"at":"2026-12-03T11:00:00Z","by":"agent-sol",
 *  "team":"late-stage","text":"Asked for calls after 6pm.","restricted":false}}],
 *  "correlationId":"c-3",
 *  "prevHash":"d5b92f135c24e4d722ddd45db27ae2d595621fa16a182eec8b68af9f4b3093eb",
 *  "hash":"13317f2a2f82d3ec999b3904482cf6901fecb2549ea47102ce6d5bdf4af89ea6"}
 */
const auditRecord = z.object({
  caseId: z.string().min(1),
  seq: z.int().positive(),
  at: instant,
  actor: z.string().min(1),
  action: z.string().min(1),
  inputId: z.string().min(1),
  changes: z.array(change),
  reason: z.string().optional(),
  correlationId: z.string().min(1),
  prevHash: sha256Hex,
  hash: sha256Hex,
});
type AuditRecord = z.infer<typeof auditRecord>;

export type { AuditRecord, Change };
export { auditRecord, GENESIS_HASH };
