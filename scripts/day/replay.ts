import type { BatonConfig } from '#domain/config/config.ts';
import { type Decision, decide } from '#domain/decide.ts';
import { DomainError } from '#domain/errors.ts';
import type { CaseInput } from '#domain/inputs.ts';
import type { AuditRecord } from '#schemas/audit-record.ts';
import type { Case } from '#schemas/case.ts';
import type { CaseEvent } from '#schemas/case-events.ts';
import type { Actor } from '#schemas/common.ts';
import type { Arrival } from './events.ts';
import type { Random } from './random.ts';

/** How long each team takes, in minutes, to look at a handover in its inbox. */
const RESPONSE_MINUTES: Record<string, [number, number]> = {
  'front-line': [20, 120],
  'late-stage': [30, 240],
  'financial-difficulty': [60, 480],
  'specialist-support': [30, 360],
  complaints: [30, 600],
  fraud: [15, 300],
  'breathing-space': [60, 720],
  'team-leads': [10, 120],
};

interface DayResult {
  cases: Case[];
  events: CaseEvent[];
  audit: Map<string, AuditRecord[]>;
  rejected: number;
}

/**
 * Replays arrivals through the domain in 15-minute slots, as the application would: events as
 * they arrive, agents deciding on handovers after their team's usual delay (now and then
 * declining), and the sweep's clock tick on every open case.
 */
const replayDay = (
  day: string,
  arrivals: Arrival[],
  config: BatonConfig,
  rng: Random,
): DayResult => {
  const cases = new Map<string, Case>();
  const events: CaseEvent[] = [];
  const audit = new Map<string, AuditRecord[]>();
  const decideAt = new Map<string, number>();
  let rejected = 0;

  const apply = (customerId: string, input: CaseInput) => {
    let decision: Decision;
    try {
      decision = decide(cases.get(customerId), input, config);
    } catch (error) {
      if (error instanceof DomainError) return void rejected++;
      throw error;
    }
    if (decision.outcome !== 'applied' || !decision.case) return;
    cases.set(customerId, decision.case);
    events.push(...decision.events);
    const trail = audit.get(decision.case.caseId) ?? [];
    audit.set(decision.case.caseId, [...trail, ...decision.audit]);
  };

  const queue = [...arrivals].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const start = Date.parse(`${day}T05:00:00Z`);
  let inputs = 0;
  for (let slot = start; slot <= start + 15 * 3_600_000; slot += 15 * 60_000) {
    const at = new Date(slot).toISOString();
    while (queue.length && Date.parse(queue[0]?.at ?? '') <= slot) {
      const arrival = queue.shift() as Arrival;
      const { detail } = arrival.event;
      apply(detail.customerId, {
        kind: 'event',
        inputId: detail.eventId,
        at: arrival.at,
        correlationId: detail.eventId,
        actor: { kind: 'system', name: arrival.source },
        event: arrival.event,
      });
    }
    for (const [customerId, c] of cases) {
      const handover = c.handover;
      if (handover) {
        const [min, max] = RESPONSE_MINUTES[handover.to] ?? [30, 240];
        const key = `${handover.handoverId}:${handover.to}`;
        const due =
          decideAt.get(key) ?? Date.parse(handover.requestedAt) + rng.int(min, max) * 60_000;
        decideAt.set(key, due);
        if (due <= slot) {
          const actor: Actor = {
            kind: 'agent',
            agentId: `${handover.to}-agent-${rng.int(1, 6)}`,
            teams: [handover.to],
            lead: false,
          };
          const commandId = `cmd-${++inputs}`;
          const command = rng.chance(0.08)
            ? {
                type: 'decline-handover' as const,
                commandId,
                handoverId: handover.handoverId,
                reason: 'Needs another team first.',
              }
            : { type: 'accept-handover' as const, commandId, handoverId: handover.handoverId };
          apply(customerId, {
            kind: 'command',
            inputId: commandId,
            at,
            correlationId: commandId,
            actor,
            command,
          });
        }
      }
      apply(customerId, {
        kind: 'tick',
        inputId: `tick-${slot}`,
        at,
        correlationId: `tick-${slot}`,
        actor: { kind: 'system', name: 'stall-sweep' },
      });
    }
  }
  return { cases: [...cases.values()], events, audit, rejected };
};

export type { DayResult };
export { replayDay };
