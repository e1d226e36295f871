import { createHash } from 'node:crypto';
import { nextDeadlineAt } from '#domain/deadlines.ts';
import type { Case } from '#schemas/case.ts';

/**
 * The single table's item keys. Items of a case share its partition, so a case and its timeline
 * are one Query: `CASE#<id>` with `SK` `CASE`, `AUDIT#<seq>` and `HANDOVER#<id>`.
 */
const caseKey = (caseId: string) => ({ PK: `CASE#${caseId}`, SK: 'CASE' });
const auditKey = (caseId: string, seq: number) => ({
  PK: `CASE#${caseId}`,
  SK: `AUDIT#${String(seq).padStart(10, '0')}`,
});
const handoverKey = (caseId: string, handoverId: string) => ({
  PK: `CASE#${caseId}`,
  SK: `HANDOVER#${handoverId}`,
});
/** Points at a customer's open case; its absence means the customer has none. */
const openCaseKey = (customerId: string) => ({ PK: `CUSTOMER#${customerId}`, SK: 'OPEN' });
/** Claims an input id, so an input is applied at most once whatever the delivery. */
const inputKey = (inputId: string) => ({ PK: `INPUT#${inputId}`, SK: 'INPUT' });
const connectionKey = (connectionId: string) => ({ PK: `CONN#${connectionId}`, SK: 'CONN' });

/**
 * The deadline index is spread over this many partitions so one busy day cannot make a hot key;
 * the sweep queries each.
 */
const DEADLINE_SHARDS = 8;

const shardOf = (caseId: string) =>
  createHash('sha256').update(caseId).digest().readUInt8(0) % DEADLINE_SHARDS;

/** When an untouched case will count as stalled, unless it already has. */
const stallDueAt = (c: Case, stallAfterDays: number): string | undefined =>
  c.stalledAt
    ? undefined
    : new Date(Date.parse(c.lastActivityAt) + stallAfterDays * 86_400_000).toISOString();

const earliest = (...instants: (string | undefined)[]): string | undefined =>
  instants
    .filter((i): i is string => i !== undefined)
    .sort((a, b) => Date.parse(a) - Date.parse(b))[0];

const priorityKey = (priority: number) =>
  String(999 - Math.max(0, Math.min(999, priority))).padStart(3, '0');

/**
 * Index attributes of an open case: its owner team's queue, most urgent first (priority, then
 * next deadline); the next-action index the sweep reads (the next deadline or the moment it
 * would stall); and, while a handover is in flight, the receiving team's inbox, by priority and
 * SLA. Closed cases drop out of all three (sparse indexes).
 */
const indexAttributes = (c: Case, rulePriority: number, stallAfterDays: number) => {
  if (c.status !== 'open') return {};
  const next = earliest(nextDeadlineAt(c), stallDueAt(c, stallAfterDays));
  const priority = priorityKey(rulePriority);
  const handover = c.handover;
  return {
    gsi1pk: `TEAM#${c.owner.team}`,
    gsi1sk: `${priority}#${next ?? '9999'}#${c.caseId}`,
    ...(next ? { gsi2pk: `DEADLINE#${shardOf(c.caseId)}`, gsi2sk: `${next}#${c.caseId}` } : {}),
    ...(handover
      ? {
          gsi3pk: `INBOX#${handover.to}`,
          gsi3sk: `${priorityKey(handover.priority)}#${handover.slaDueAt}#${c.caseId}`,
        }
      : {}),
  };
};

export {
  auditKey,
  caseKey,
  connectionKey,
  DEADLINE_SHARDS,
  handoverKey,
  indexAttributes,
  inputKey,
  openCaseKey,
};
