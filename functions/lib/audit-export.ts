import type { AuditItem } from './case-changes.ts';

/** One compliance line: the audit record with the customer it concerns. */
const exportLine = (item: AuditItem) =>
  JSON.stringify({ ...item.record, customerId: item.customerId });

/**
 * Groups a batch's audit items by the hour their records were written, as S3 keys:
 * `audit/date=YYYY-MM-DD/hour=HH/<first>-<last>.ndjson`, where first and last are the batch's
 * stream sequence numbers. A retried batch maps to the same key, so it is written once; a batch
 * split by bisection maps to new keys and never overwrites the whole it came from.
 */
const exportObjects = (
  items: { item: AuditItem; sequenceNumber: string }[],
): { key: string; body: string; records: number }[] => {
  if (items.length === 0) return [];
  const first = items[0]?.sequenceNumber ?? '0';
  const last = items.at(-1)?.sequenceNumber ?? first;
  const byHour = new Map<string, AuditItem[]>();
  for (const { item } of items) {
    const at = new Date(item.record.at).toISOString();
    const partition = `date=${at.slice(0, 10)}/hour=${at.slice(11, 13)}`;
    byHour.set(partition, [...(byHour.get(partition) ?? []), item]);
  }
  return [...byHour].map(([partition, group]) => ({
    key: `audit/${partition}/${first}-${last}.ndjson`,
    body: `${group.map(exportLine).join('\n')}\n`,
    records: group.length,
  }));
};

export { exportObjects };
