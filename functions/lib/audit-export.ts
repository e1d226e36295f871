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

/** The stream sequence numbers an object's key says it holds: `<first>-<last>.ndjson`. */
const rangeOf = (key: string): [bigint, bigint] | undefined => {
  const match = /\/(\d+)-(\d+)\.ndjson$/.exec(key);
  return match?.[1] && match[2] ? [BigInt(match[1]), BigInt(match[2])] : undefined;
};

/**
 * The object to write for a group, given the keys already in its partition, or undefined when
 * they hold every record of it. An object holds exactly its partition's records with sequence
 * numbers from its first to its last, so a record inside an existing range was exported; the
 * rest go into a new object named by their own range. A retried batch, whole or split in two
 * by the stream mapping, so writes each record once, and no object is ever rewritten.
 */
const exportObject = (
  group: ExportGroup,
  existingKeys: readonly string[],
): { key: string; body: string; records: number } | undefined => {
  const ranges = existingKeys.flatMap((key) => {
    const range = rangeOf(key);
    return range ? [range] : [];
  });
  const fresh = group.items.filter(({ sequenceNumber }) => {
    const seq = BigInt(sequenceNumber);
    return !ranges.some(([first, last]) => first <= seq && seq <= last);
  });
  const first = fresh[0]?.sequenceNumber;
  const last = fresh.at(-1)?.sequenceNumber;
  if (!first || !last) return undefined;
  return {
    key: `${group.prefix}${first}-${last}.ndjson`,
    body: `${fresh.map(({ item }) => exportLine(item)).join('\n')}\n`,
    records: fresh.length,
  };
};

export type { Exported, ExportGroup };
export { exportGroups, exportObject };
