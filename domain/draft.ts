import type { z } from 'zod';
import type { AuditRecord } from '#schemas/audit-record.ts';
import type { Case } from '#schemas/case.ts';
import type { CaseEvent, CaseEventType, caseEventSchemas } from '#schemas/case-events.ts';
import { SCHEMA_VERSION } from '#schemas/common.ts';
import { diff, hashOf } from './audit.ts';
import type { BatonConfig } from './config/config.ts';
import { stageOf } from './facts.ts';
import type { CaseInput } from './inputs.ts';
import { protectionsOf } from './protections.ts';

type DetailOf<K extends CaseEventType> = z.infer<(typeof caseEventSchemas)[K]>;
type BaseField =
  | 'schemaVersion'
  | 'eventId'
  | 'occurredAt'
  | 'caseId'
  | 'customerId'
  | 'correlationId'
  | 'owner'
  | 'stage';

const actorName = (input: CaseInput) =>
  input.actor.kind === 'agent' ? `agent:${input.actor.agentId}` : `system:${input.actor.name}`;

/**
 * A case being changed by one input. Each step of the change is recorded as it happens: `record`
 * writes an audit record of what changed since the previous step, chained to it by hash, and
 * `emit` queues the event that tells the rest of the world.
 */
class Draft {
  readonly case: Case;
  readonly input: CaseInput;
  readonly config: BatonConfig;
  readonly events: CaseEvent[] = [];
  readonly audit: AuditRecord[] = [];
  private snapshot: Case;

  constructor(start: Case, input: CaseInput, config: BatonConfig, snapshot: Case = start) {
    this.case = structuredClone(start);
    this.snapshot = structuredClone(snapshot);
    this.input = input;
    this.config = config;
  }

  get at(): string {
    return this.input.at;
  }

  /** Re-derives the stage and protections, telling of a pause or a resumption. */
  refresh(): void {
    const before = this.case.protections.reasons;
    this.case.stage = stageOf(this.case, this.config.policy);
    this.case.protections = protectionsOf(this.case);
    const after = this.case.protections.reasons;
    const paused = ['breathing-space', 'fraud-investigation'] as const;
    for (const reason of paused) {
      if (!before.includes(reason) && after.includes(reason)) {
        const until =
          reason === 'breathing-space' ? this.case.flags.breathingSpace?.endsOn : undefined;
        this.emit('Case Paused', { pausedFor: reason, ...(until ? { until } : {}) });
      }
      if (before.includes(reason) && !after.includes(reason)) {
        this.emit('Case Resumed', { pausedFor: reason });
      }
    }
  }

  /** Queues an event, stamped with the case's identity, owner and stage as they are now. */
  emit<K extends CaseEventType>(detailType: K, fields: Omit<DetailOf<K>, BaseField>): void {
    const c = this.case;
    const detail = {
      schemaVersion: SCHEMA_VERSION,
      eventId: `${c.caseId}#${c.auditSeq + 1}#${this.events.length}`,
      occurredAt: this.at,
      caseId: c.caseId,
      customerId: c.customerId,
      correlationId: this.input.correlationId,
      owner: structuredClone(c.owner),
      stage: c.stage,
      ...fields,
    };
    this.events.push({ detailType, detail } as unknown as CaseEvent);
  }

  /**
   * Records one step: what changed since the last step, who did it, and why. Any input but the
   * clock's is activity on the case: it restarts the stall clock.
   */
  record(action: string, reason?: string): void {
    if (this.input.kind !== 'tick') {
      this.case.lastActivityAt = this.at;
      delete this.case.stalledAt;
    }
    this.write(action, reason);
  }

  /**
   * Records an input that changes nothing, such as a snapshot older than the one held: the trail
   * shows it arrived and why it was set aside, and the case's facts and stall clock stay as they
   * were.
   */
  ignore(action: string, reason: string): void {
    this.write(action, reason);
  }

  private write(action: string, reason?: string): void {
    this.refresh();
    const c = this.case;
    const unsigned = {
      caseId: c.caseId,
      seq: c.auditSeq + 1,
      at: this.at,
      actor: actorName(this.input),
      action,
      inputId: this.input.inputId,
      // A copy: later steps of the same input change the case in place, and must not change a
      // record already hashed.
      changes: structuredClone(diff(this.snapshot, c)),
      ...(reason ? { reason } : {}),
      correlationId: this.input.correlationId,
      prevHash: c.auditHash,
    };
    const record = { ...unsigned, hash: hashOf(unsigned) };
    this.audit.push(record);
    c.auditSeq = record.seq;
    c.auditHash = record.hash;
    this.snapshot = structuredClone(c);
  }
}

export { Draft };
