import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainBreak } from '#domain/audit.ts';
import { defaultConfig } from '#domain/config/config.ts';
import { decide } from '#domain/decide.ts';
import { routeOf, topRule } from '#domain/routing.ts';
import { type AuditRecord, auditRecord } from '#schemas/audit-record.ts';
import { type Case, caseRecord } from '#schemas/case.ts';
import { caseEventSchemas } from '#schemas/case-events.ts';
import { interleavedArb, type Plan, planArb, type Step } from './arbitraries.ts';
import { type Outcome, runInterleaved, runPlan } from './run-plan.ts';

const config = defaultConfig();
const TEAMS = new Set(config.teams.map((t) => t.id));
const RUNS = { numRuns: 100 };

/** Checks every outcome of a random plan. */
const everyOutcome = (check: (outcome: Outcome) => void) =>
  fc.assert(
    fc.property(planArb(), (plan: Plan) => {
      for (const outcome of runPlan(plan, config)) check(outcome);
    }),
    RUNS,
  );

const handoverDeadlines = (c: Case) => c.deadlines.filter((d) => d.kind === 'handover-acceptance');

describe('decide over random sequences of one customer’s inputs', () => {
  it('always leaves an open or closed case owned by a configured team', () => {
    everyOutcome(({ after }) => {
      if (after) expect(TEAMS.has(after.owner.team), after.owner.team).toBe(true);
    });
  });

  it('keeps at most one handover in flight, to another team, with one acceptance deadline', () => {
    everyOutcome(({ after }) => {
      if (!after) return;
      const deadlines = handoverDeadlines(after);
      if (!after.handover) {
        expect(deadlines).toEqual([]);
        return;
      }
      expect(after.status).toBe('open');
      expect(after.handover.to).not.toBe(after.owner.team);
      expect(deadlines.map((d) => d.ref)).toEqual([after.handover.handoverId]);
    });
  });

  it('writes a gapless hash chain from sequence 1 and stamps the case with its last record', () => {
    fc.assert(
      fc.property(planArb(), (plan) => {
        const byCase = new Map<string, AuditRecord[]>();
        for (const { decision } of runPlan(plan, config)) {
          if (!decision) continue;
          if (decision.outcome !== 'applied') {
            expect(decision.audit).toEqual([]);
            continue;
          }
          const c = decision.case as Case;
          const last = decision.audit.at(-1);
          expect(last, 'an applied input wrote no audit record').toBeDefined();
          expect([c.auditSeq, c.auditHash]).toEqual([last?.seq, last?.hash]);
          byCase.set(c.caseId, [...(byCase.get(c.caseId) ?? []), ...decision.audit]);
        }
        for (const records of byCase.values()) expect(chainBreak(records)).toBeUndefined();
      }),
      RUNS,
    );
  });

  // Ticks are not claimed: each sweep has its own id and only the time decides what it does.
  it('treats an input it has already applied as a duplicate that changes nothing', () => {
    fc.assert(
      fc.property(planArb(), (plan) => {
        const outcomes = runPlan(plan, config);
        const applied = outcomes.filter(
          (o) => o.decision?.outcome === 'applied' && o.input.kind !== 'tick',
        );
        const final = outcomes.at(-1)?.after;
        for (const { input, after } of applied) {
          const again = [after, ...(final?.caseId === after?.caseId ? [final] : [])];
          for (const c of again) {
            const decision = decide(c, input, config);
            expect(decision.outcome, input.inputId).toBe('duplicate');
            expect(decision.case).toStrictEqual(c);
            expect([decision.events, decision.audit]).toEqual([[], []]);
          }
        }
      }),
      RUNS,
    );
  });

  // Owner history may differ: the first snapshot opens the case with the team its own account
  // calls for, and later snapshots ask for handovers that nobody accepts here. What must agree is
  // what the case knows and where the rules would send it. Snapshots always carry arrears: a zero
  // snapshot can clear the last account and close the case, so that a later one opens a new case,
  // and which account's zero comes last then depends on the order.
  it('reaches the same accounts, stage, flags and routing target whatever the accounts’ order', () => {
    fc.assert(
      fc.property(interleavedArb, (scenario) => {
        const [a, b] = scenario.orders.map((order) => {
          const c = runInterleaved(scenario, order, config).at(-1)?.after as Case;
          return {
            accounts: c.accounts,
            stage: c.stage,
            flags: c.flags,
            top: topRule(c, config).team,
            route: routeOf(c, config)?.team,
          };
        });
        expect(a).toStrictEqual(b);
      }),
      { numRuns: 200 },
    );
  });

  it('returns cases, events and audit records that parse with their schemas', () => {
    everyOutcome(({ decision }) => {
      if (!decision?.case) return;
      expect(caseRecord.parse(decision.case)).toStrictEqual(decision.case);
      for (const { detailType, detail } of decision.events) {
        expect(caseEventSchemas[detailType].parse(detail), detailType).toStrictEqual(detail);
      }
      for (const record of decision.audit) expect(auditRecord.parse(record)).toStrictEqual(record);
    });
  });

  it('raises the version only with audit records and keeps it when ignoring or deduplicating', () => {
    everyOutcome(({ before, decision }) => {
      if (!decision) return;
      const after = decision.case;
      const from = before && before.caseId === after?.caseId ? before.version : 0;
      if ((after?.version ?? 0) > from) expect(decision.audit.length).toBeGreaterThan(0);
      if (decision.outcome !== 'applied') {
        expect(after).toBe(before);
        expect(decision.audit).toEqual([]);
      }
    });
  });

  // Cases are stored as JSON, so a decision must not hang on objects the case shares in memory.
  it('decides alike on a case and on its stored JSON copy', () => {
    const stored = (value: unknown) => JSON.parse(JSON.stringify(value ?? null));
    everyOutcome(({ before, input, decision, rejected }) => {
      const copy = before && stored(before);
      if (rejected) {
        expect(() => decide(copy, input, config)).toThrow(rejected.constructor as never);
      } else {
        expect(stored(decide(copy, input, config))).toStrictEqual(stored(decision));
      }
    });
  });
});

describe('defects the properties found', () => {
  const arrears = (missed: number, gap = 0): Step =>
    ({ t: 'arrears', acc: 0, age: 0, arrears: 100, dpd: 0, missed, gap }) as Step;
  const signal = (type: string, gap = 0): Step =>
    ({ t: 'signal', type, ref: 0, variant: 0, gap }) as Step;
  const tick = (gap: number): Step => ({ t: 'tick', gap }) as Step;
  const timeout = { t: 'timeout', stale: false, flip: false, gap: 0 } as Step;
  const run = (...steps: Step[]) => runPlan({ start: 0, steps }, config);

  it('keeps a record as hashed when a later step of the same input changes the case', () => {
    // The second miss asks late-stage to take the case and starts the 14-day notice clock; one
    // tick then escalates the handover and, after recording that, warns of the notice deadline.
    const outcomes = run(arrears(0), arrears(2), tick(19_620));
    const actions = outcomes.at(-1)?.decision?.audit.map((r) => r.action);
    expect(actions).toEqual(['handover-escalated', 'deadline-approaching']);
    expect(chainBreak(outcomes.flatMap((o) => o.decision?.audit ?? []))).toBeUndefined();
  });

  it('leaves the case with a fallback that already owns it when a handover times out', () => {
    // The case stalls to team-leads, which the escalation makes its owner; then fraud is asked,
    // and misses its SLA: team-leads, fraud's fallback, keeps the case rather than being asked.
    const [, , assigned, asked, due] = run(
      signal('Breathing Space Started'),
      tick(20_160),
      timeout,
      signal('Fraud Suspected'),
      tick(2_880),
    );
    expect(assigned?.after?.owner.team).toBe('team-leads');
    expect(asked?.after?.handover?.to).toBe('fraud');
    expect(due?.decision?.audit.map((r) => r.action)).toEqual(['handover-assigned-to-fallback']);
    expect(due?.after?.owner.team).toBe('team-leads');
    expect(due?.after?.handover).toBeUndefined();
  });

  it('carries a handover’s context as it was when the handover was requested', () => {
    // Breathing space asks its team to take the case; a later tick warns of the notice deadline.
    const outcomes = run(arrears(2), signal('Breathing Space Started', 102), tick(19_520));
    const c = outcomes.at(-1)?.after as Case;
    const notice = (ds: Case['deadlines']) => ds.find((d) => d.kind === 'arrears-notice')?.warned;
    expect(notice(c.deadlines)).toBe(true);
    expect(notice(c.handover?.context.openDeadlines ?? [])).toBe(false);
  });
});
