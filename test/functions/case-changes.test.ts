import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import type { AuditItem } from '../../functions/lib/case-changes.ts';
import { eventsToPublish, insertedAuditItem } from '../../functions/lib/case-changes.ts';
import { agents, commandInput, fixtureInput, handoverIdOf, run } from '../domain/scenario.ts';

/** The audit item the commit writes for a record, as the outbox reads it from the stream. */
const itemOf = (steps: ReturnType<typeof run>): AuditItem => {
  const record = steps.audit.at(-1);
  if (!record) throw new Error('no audit record');
  const { case: c } = steps;
  return { record, events: [], customerId: c.customerId, owner: c.owner, stage: c.stage };
};

const changedOf = (item: AuditItem) => {
  const changed = eventsToPublish(item).at(-1);
  if (changed?.detailType !== 'Case Changed') throw new Error('no Case Changed');
  return changed.detail;
};

describe('the outbox’s Case Changed', () => {
  it('names the former owner when a handover is accepted', () => {
    // Prepare
    const pending = run([
      fixtureInput('Account In Arrears', { daysPastDue: 10, missedPayments: 1 }),
      fixtureInput('Vulnerability Disclosed'),
    ]);
    const accept = commandInput(
      { type: 'accept-handover', handoverId: handoverIdOf(pending.case) },
      agents.specialistSupport,
      '2026-12-03T12:00:00Z',
    );

    // Act
    const detail = changedOf(itemOf(run([accept], { start: pending.case })));

    // Assess
    expect(detail.owner.team).toBe('specialist-support');
    expect(detail.formerTeams).toEqual(['front-line']);
  });

  it('names the team that declined the handover asked of it', () => {
    // Prepare
    const pending = run([
      fixtureInput('Account In Arrears', { daysPastDue: 10, missedPayments: 1 }),
      fixtureInput('Vulnerability Disclosed'),
    ]);
    const decline = commandInput(
      { type: 'decline-handover', handoverId: handoverIdOf(pending.case), reason: 'Not ours.' },
      agents.specialistSupport,
      '2026-12-03T12:00:00Z',
    );

    // Act
    const detail = changedOf(itemOf(run([decline], { start: pending.case })));

    // Assess
    expect(detail.formerTeams).toContain('specialist-support');
  });

  it('names no team for a step that moves the case from nobody', () => {
    // Act
    const detail = changedOf(itemOf(run([fixtureInput('Account In Arrears')])));

    // Assess
    expect(detail.formerTeams).toBeUndefined();
  });
});

describe('reading an audit item from the stream', () => {
  const inserted = (item: Record<string, unknown>) => ({
    eventName: 'INSERT',
    dynamodb: { NewImage: marshall(item, { removeUndefinedValues: true }) },
  });
  const opened = run([fixtureInput('Account In Arrears')]);
  const item = { PK: 'CASE#x', SK: 'AUDIT#0000000001', ...itemOf(opened) };

  it('reads an item the commit wrote', () => {
    expect(insertedAuditItem(inserted(item))?.record).toEqual(item.record);
  });

  it('refuses an item whose record lacks its hash, naming the field', () => {
    const { hash: _hash, ...unhashed } = item.record;

    expect(() => insertedAuditItem(inserted({ ...item, record: unhashed }))).toThrow(
      /record\.hash/,
    );
  });

  it('refuses an item whose event does not match its detail-type', () => {
    const events = [{ detailType: 'Case Opened', detail: { caseId: 'x' } }];

    expect(() => insertedAuditItem(inserted({ ...item, events }))).toThrow(/events\.0\.detail/);
  });

  it('passes over changes to items other than audit records', () => {
    expect(insertedAuditItem(inserted({ ...item, SK: 'CASE' }))).toBeUndefined();
  });
});
