import { createHash } from 'node:crypto';
import { type AuditRecord, type Change, GENESIS_HASH } from '#schemas/audit-record.ts';
import { isPlainObject } from './plain-object.ts';

/** JSON with object keys sorted at every depth, so equal values always hash alike. */
const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

/** The hash of a record: SHA-256 over the canonical JSON of every field but `hash`. */
const hashOf = (record: Omit<AuditRecord, 'hash'>): string =>
  createHash('sha256').update(canonicalJson(record)).digest('hex');

/** Fields that change on every transition and say nothing about the case itself. */
const BOOKKEEPING = new Set(['version', 'auditSeq', 'auditHash', 'seenInputIds', 'updatedAt']);

/**
 * What changed between two versions of a case, as paths and values, descending into objects two
 * levels (so `flags.vulnerability` or `accounts.acc-88` is one change) and treating arrays whole.
 */
const diff = (before: unknown, after: unknown, path = '', depth = 0): Change[] => {
  if (canonicalJson(before) === canonicalJson(after)) return [];
  if (depth < 2 && isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys
      .filter((key) => !(depth === 0 && BOOKKEEPING.has(key)))
      .flatMap((key) => diff(before[key], after[key], path ? `${path}.${key}` : key, depth + 1));
  }
  return [{ path, from: before ?? null, to: after ?? null }];
};

/** Where a chain of one case's audit records breaks, or undefined when it is whole. */
const chainBreak = (records: readonly AuditRecord[]): string | undefined => {
  let prevHash = GENESIS_HASH;
  for (const [index, record] of records.entries()) {
    if (record.seq !== index + 1) return `record ${index + 1} has sequence ${record.seq}`;
    if (record.prevHash !== prevHash) return `record ${record.seq} does not follow its predecessor`;
    const { hash, ...rest } = record;
    if (hashOf(rest) !== hash) return `record ${record.seq} was altered after it was written`;
    prevHash = hash;
  }
  return undefined;
};

export { canonicalJson, chainBreak, diff, hashOf };
