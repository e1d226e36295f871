import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AuditRecord } from '#schemas/audit-record.ts';
import type { Stage } from '#schemas/case.ts';
import { CASE_EVENTS_SOURCE, type CaseEvent } from '#schemas/case-events.ts';
import type { Owner } from '#schemas/common.ts';
import { SCHEMA_VERSION } from '#schemas/common.ts';

/** An audit record item as the commit writes it: the record, the step's events, the case's state. */
interface AuditItem {
  record: AuditRecord;
  events: CaseEvent[];
  customerId: string;
  owner: Owner;
  stage: Stage;
}

/** The audit item a stream record inserted, or undefined for any other change to the table. */
const insertedAuditItem = (record: {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, unknown> };
}): AuditItem | undefined => {
  const image = record.dynamodb?.NewImage as Record<string, AttributeValue> | undefined;
  if (record.eventName !== 'INSERT' || !image?.SK?.S?.startsWith('AUDIT#')) return undefined;
  return unmarshall(image) as unknown as AuditItem;
};

/** The step's own events, then `Case Changed` for the live views: what goes on the bus. */
const eventsToPublish = (item: AuditItem): CaseEvent[] => {
  const { record } = item;
  const changed: CaseEvent = {
    detailType: 'Case Changed',
    detail: {
      schemaVersion: SCHEMA_VERSION,
      eventId: `${record.caseId}#${record.seq}#changed`,
      occurredAt: record.at,
      caseId: record.caseId,
      customerId: item.customerId,
      correlationId: record.correlationId,
      owner: item.owner,
      stage: item.stage,
      seq: record.seq,
      action: record.action,
    },
  };
  return [...(item.events ?? []), changed];
};

/** A `PutEvents` entry for a case event. */
const busEntry = (event: CaseEvent, eventBusName: string) => ({
  EventBusName: eventBusName,
  Source: CASE_EVENTS_SOURCE,
  DetailType: event.detailType,
  Detail: JSON.stringify(event.detail),
  Time: new Date(event.detail.occurredAt),
});

export type { AuditItem };
export { busEntry, eventsToPublish, insertedAuditItem };
