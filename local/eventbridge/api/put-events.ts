import { randomUUID } from 'node:crypto';
import { busNameOf } from '../arns.ts';
import { eventTime } from '../clock.ts';
import { validationError } from '../errors.ts';
import type { BusEvent, EventBridgeClock } from '../model.ts';
import type { Publisher } from '../publish.ts';
import { findBus, type Registry } from '../registry.ts';

/** An entry as `PutEvents` takes it (the SDK's `PutEventsRequestEntry`). */
interface PutEventsEntry {
  Time?: number | string | Date;
  Source?: string;
  Resources?: string[];
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  TraceHeader?: string;
}

type ResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

interface PutEventsResult {
  FailedEntryCount: number;
  Entries: ResultEntry[];
}

const MAX_ENTRIES = 10;
/** Since January 2026 an entry may be up to 1 MB (it was 256 KB). */
const MAX_ENTRIES_BYTES = 1_048_576;

const bytes = (text: unknown) => (typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : 0);

/** AWS's entry size: 14 bytes for a Time, then the UTF-8 bytes of Source, DetailType, Detail, Resources. */
const entrySize = (entry: PutEventsEntry): number =>
  (entry.Time !== undefined ? 14 : 0) +
  bytes(entry.Source) +
  bytes(entry.DetailType) +
  bytes(entry.Detail) +
  (Array.isArray(entry.Resources) ? entry.Resources.reduce((sum, r) => sum + bytes(r), 0) : 0);

/** How AWS's validation message prints the request's entries (Java's `toString` of each). */
const describeEntries = (entries: PutEventsEntry[]): string =>
  `[${entries
    .map(
      (e) =>
        `PutEventsRequestEntry(time=${e.Time ?? null}, source=${e.Source ?? null}, resources=${
          e.Resources ? `[${e.Resources.join(', ')}]` : null
        }, detailType=${e.DetailType ?? null}, detail=${e.Detail ?? null}, eventBusName=${
          e.EventBusName ?? null
        }, traceHeader=${e.TraceHeader ?? null})`,
    )
    .join(', ')}]`;

const checkRequest = (entries: unknown): PutEventsEntry[] => {
  if (!Array.isArray(entries)) {
    throw validationError(
      "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null",
    );
  }
  if (entries.length === 0 || entries.length > MAX_ENTRIES) {
    const bound =
      entries.length === 0 ? 'greater than or equal to 1' : `less than or equal to ${MAX_ENTRIES}`;
    throw validationError(
      `1 validation error detected: Value '${describeEntries(entries)}' at 'entries' failed to satisfy constraint: Member must have length ${bound}`,
    );
  }
  const total = entries.reduce((sum: number, entry: PutEventsEntry) => sum + entrySize(entry), 0);
  if (total > MAX_ENTRIES_BYTES) {
    throw validationError('Total size of the entries in the request is over the limit.');
  }
  return entries as PutEventsEntry[];
};

const missing = (field: string): ResultEntry => ({
  ErrorCode: 'InvalidArgument',
  ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.`,
});

const parseDetail = (detail: string): Record<string, unknown> | undefined => {
  try {
    const parsed: unknown = JSON.parse(detail);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
};

const timeOf = (time: PutEventsEntry['Time'], now: number): number => {
  if (time === undefined) return now;
  const ms = typeof time === 'number' ? time * 1_000 : new Date(time).getTime();
  return Number.isNaN(ms) ? now : ms;
};

interface PutEventsDeps {
  registry: Registry;
  publisher: Publisher;
  clock: EventBridgeClock;
}

/**
 * `PutEvents`: at most 10 entries and 1 MB in all (else `ValidationException`); each entry is
 * checked on its own and fails alone with AWS's `ErrorCode` and `ErrorMessage`; accepted events
 * are archived and handed to the rules, whose deliveries never hold up the answer.
 */
const putEvents = async (
  deps: PutEventsDeps,
  request: { Entries?: unknown },
): Promise<PutEventsResult> => {
  const entries = checkRequest(request.Entries);
  const { settings } = deps.registry;
  const results: ResultEntry[] = [];
  for (const entry of entries) {
    if (!entry.Source) results.push(missing('Source'));
    else if (!entry.DetailType) results.push(missing('DetailType'));
    else if (!entry.Detail) results.push(missing('Detail'));
    else {
      const detail = parseDetail(entry.Detail);
      const bus = findBus(deps.registry, entry.EventBusName);
      if (!detail)
        results.push({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });
      else if (!bus) {
        // Differs from AWS: AWS has long accepted entries for a bus that does not exist and
        // dropped them unseen (aws/aws-sdk#186); locally the entry fails, so a misnamed bus
        // shows at once.
        const name = busNameOf(entry.EventBusName ?? 'default');
        results.push({
          ErrorCode: 'ResourceNotFoundException',
          ErrorMessage: `Event bus ${name} does not exist.`,
        });
      } else {
        const ingestedAt = deps.clock.now();
        const event: BusEvent = {
          version: '0',
          id: randomUUID(),
          'detail-type': entry.DetailType,
          source: entry.Source,
          account: settings.accountId,
          time: eventTime(timeOf(entry.Time, ingestedAt)),
          region: settings.region,
          resources: Array.isArray(entry.Resources) ? entry.Resources.map(String) : [],
          detail,
        };
        await deps.publisher.publish(bus.name, event, ingestedAt);
        results.push({ EventId: event.id });
      }
    }
  }
  return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
};

export { type PutEventsEntry, type PutEventsResult, putEvents };
