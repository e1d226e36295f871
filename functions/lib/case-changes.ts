import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { z } from 'zod';
import { type AuditRecord, auditRecord } from '#schemas/audit-record.ts';
import { type Stage, stage } from '#schemas/case.ts';
import {
  CASE_EVENTS_SOURCE,
  type CaseEvent,
  type CaseEventType,
  caseEventSchemas,
} from '#schemas/case-events.ts';
import { externalId, type Owner, owner, SCHEMA_VERSION } from '#schemas/common.ts';
import { parseOrThrow } from '#schemas/validation.ts';

/** An audit record item as the commit writes it: the record, the step's events, the case's state. */
interface AuditItem {
  record: AuditRecord;
  events: CaseEvent[];
  customerId: string;
  owner: Owner;
  stage: Stage;
}

/**
 * The audit item's shape, checked as it leaves the stream: the record whole, and each event by
 * its detail-type's schema, so nothing malformed reaches the bus or the compliance bucket.
 */
const caseEventItem = z
  .object({ detailType: z.enum(Object.keys(caseEventSchemas) as [CaseEventType]) })
  .loose()
  .superRefine((event, ctx) => {
    const result = caseEventSchemas[event.detailType].safeParse(event.detail);
    for (const issue of result.error?.issues ?? []) {
      ctx.addIssue({ code: 'custom', path: ['detail', ...issue.path], message: issue.message });
    }
  });

const auditItem = z.object({
  record: auditRecord,
  events: z.array(caseEventItem).default([]),
  customerId: externalId,
  owner,
  stage,
});

/** The audit item a stream record inserted, or undefined for any other change to the table. */
const insertedAuditItem = (record: {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, unknown> };
}): AuditItem | undefined => {
  const image = record.dynamodb?.NewImage as Record<string, AttributeValue> | undefined;
  if (record.eventName !== 'INSERT' || !image?.SK?.S?.startsWith('AUDIT#')) return undefined;
  const item = unmarshall(image);
  return parseOrThrow(
    auditItem,
    item,
    `audit item ${String(item.PK)} ${String(item.SK)}`,
  ) as AuditItem;
};

const teamIn = (value: unknown, key: string): unknown =>
  (value as Record<string, unknown> | null)?.[key];

/**
 * The teams a step took the case from: the owner before an ownership change, and the team a
 * handover was asked of once it is accepted, declined, withdrawn or escalated. Read from the
 * record's own changes, so it says what this step did whatever the case became since.
 */
const formerTeamsOf = (record: AuditRecord, item: AuditItem): string[] => {
  const teams = new Set<string>();
  for (const { path, from } of record.changes) {
    const team =
      path === 'owner'
        ? teamIn(from, 'team')
        : path === 'handover'
          ? teamIn(from, 'to')
          : path === 'owner.team' || path === 'handover.to'
            ? from
            : undefined;
    if (typeof team === 'string') teams.add(team);
  }
  teams.delete(item.owner.team);
  return [...teams].sort();
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
  const formerTeams = formerTeamsOf(record, item);
  if (formerTeams.length) changed.detail = { ...changed.detail, formerTeams };
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
