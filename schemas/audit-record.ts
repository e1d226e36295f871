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
 * {"caseId":"case-cus-1042-1","seq":2,"at":"2026-12-03T10:00:00Z","actor":"agent:agent-ana",
 *  "action":"vulnerability-flagged","inputId":"c-6","changes":[{"path":"flags.vulnerability",
 *  "from":null,"to":{"drivers":["health"]}}],"correlationId":"c-6","prevHash":"9c1e...",
 *  "hash":"4b07..."}
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
