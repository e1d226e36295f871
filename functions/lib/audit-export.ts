import type { AuditItem } from './case-changes.ts';

/** One compliance line: the audit record with the customer it concerns. */
const exportLine = (item: AuditItem) =>
  JSON.stringify({ ...item.record, customerId: item.customerId });

interface Exported {
  item: AuditItem;
  sequenceNumber: string;
}

/** One object to write: its partition (`audit/date=.../hour=.../`) and the records for it. */
interface ExportGroup {
  prefix: string;
  items: Exported[];
}

/**
 * Groups a batch's audit items by the hour their records were written, each group bound for
 * `audit/date=YYYY-MM-DD/hour=HH/`, in stream order.
 */
const exportGroups = (items: Exported[]): ExportGroup[] => {
  const byHour = new Map<string, Exported[]>();
  for (const exported of items) {
    const at = new Date(exported.item.record.at).toISOString();
    const prefix = `audit/date=${at.slice(0, 10)}/hour=${at.slice(11, 13)}/`;
    byHour.set(prefix, [...(byHour.get(prefix) ?? []), exported]);
  }
  return [...byHour].map(([prefix, group]) => ({ prefix, items: group }));
};

/**
 * The object to write for a group: `<prefix><first>-<last>.ndjson`, named by the stream
 * sequence numbers of its first and last records. A batch that comes again whole maps to the
 * same key, and the write (only if absent) finds it there. One split by the stream mapping maps
 * its halves to new keys, so some of its records can be exported a second time: an export is at
 * least once, and each record names itself by `caseId` and `seq`. Telling what an object holds
 * from its key alone would be wrong across shards, whose sequence numbers interleave.
 */
const exportObject = (group: ExportGroup): { key: string; body: string; records: number } => {
  const first = group.items[0]?.sequenceNumber ?? '0';
  const last = group.items.at(-1)?.sequenceNumber ?? first;
  return {
    key: `${group.prefix}${first}-${last}.ndjson`,
    body: `${group.items.map(({ item }) => exportLine(item)).join('\n')}\n`,
    records: group.items.length,
  };
};

export { exportGroups, exportObject };
