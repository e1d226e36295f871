import type { AuditItem } from './case-changes.ts';

/** One compliance line: the audit record with the customer it concerns. */
const exportLine = (item: AuditItem) =>
  JSON.stringify({ ...item.record, customerId: item.customerId });

/**
 * Groups a batch's audit items by the hour their records were written, one object each:
 * `audit/date=YYYY-MM-DD/hour=HH/<first>-<last>.ndjson`, named by the stream sequence numbers of
 * its first and last records. A batch that comes again whole maps to the same keys, and the write
 * (only if absent) finds them there. One split by the stream mapping maps its halves to new keys,
 * so some of its records can be exported a second time: an export is at least once, and each
 * record names itself by `caseId` and `seq`. Telling what an object holds from its key alone
 * would be wrong across shards, whose sequence numbers interleave.
 */
const exportObjects = (
  items: { item: AuditItem; sequenceNumber: string }[],
): { key: string; body: string; records: number }[] => {
  const byHour = new Map<string, typeof items>();
  for (const exported of items) {
    const at = new Date(exported.item.record.at).toISOString();
    const prefix = `audit/date=${at.slice(0, 10)}/hour=${at.slice(11, 13)}/`;
    byHour.set(prefix, [...(byHour.get(prefix) ?? []), exported]);
  }
  return [...byHour].map(([prefix, group]) => ({
    key: `${prefix}${group[0]?.sequenceNumber ?? '0'}-${group.at(-1)?.sequenceNumber ?? '0'}.ndjson`,
    body: `${group.map(({ item }) => exportLine(item)).join('\n')}\n`,
    records: group.length,
  }));
};

export { exportObjects };
