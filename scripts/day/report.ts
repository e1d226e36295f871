import { chainBreak } from '#domain/audit.ts';
import type { BatonConfig } from '#domain/config/config.ts';
import type { DayResult } from './replay.ts';

interface TeamLine {
  team: string;
  owned: number;
  inbox: number;
  requested: number;
  accepted: number;
  declined: number;
  escalated: number;
  deadlines: number;
}

/** The team each handover was last asked of, as its events tell it, in order. */
const askedOf = (result: DayResult): Map<string, string> => {
  const asked = new Map<string, string>();
  for (const { detailType, detail } of result.events) {
    const d = detail as Record<string, unknown>;
    if (detailType === 'Handover Requested' || detailType === 'Handover Escalated') {
      asked.set(String(d.handoverId), String(d.to));
    }
  }
  return asked;
};

/**
 * Per team: open cases it owns at the end of the day, its inbox, the handovers it was asked to
 * take (requested of it, or escalated to it), how many of those it accepted, declined or let
 * escalate, and the deadlines open on its cases.
 */
const teamLines = (result: DayResult, config: BatonConfig): TeamLine[] => {
  const asked = askedOf(result);
  return config.teams.map(({ id: team }) => {
    const owned = result.cases.filter((c) => c.status === 'open' && c.owner.team === team);
    const count = (types: string[], match: (d: Record<string, unknown>) => boolean) =>
      result.events.filter(
        (e) => types.includes(e.detailType) && match(e.detail as Record<string, unknown>),
      ).length;
    return {
      team,
      owned: owned.length,
      inbox: result.cases.filter((c) => c.handover?.to === team).length,
      requested: count(['Handover Requested', 'Handover Escalated'], (d) => d.to === team),
      accepted: count(['Handover Accepted'], (d) => asked.get(String(d.handoverId)) === team),
      declined: count(['Handover Declined'], (d) => d.team === team),
      escalated: count(['Handover Escalated'], (d) => d.missedBy === team),
      deadlines: owned.reduce((n, c) => n + c.deadlines.length, 0),
    };
  });
};

const table = (lines: TeamLine[]): string => {
  const head = [
    'team',
    'owned',
    'inbox',
    'asked to take',
    'accepted',
    'declined',
    'escalated',
    'deadlines open',
  ];
  const rows = lines.map((l) =>
    [l.team, l.owned, l.inbox, l.requested, l.accepted, l.declined, l.escalated, l.deadlines].map(
      String,
    ),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
};

/** Problems that must never happen: an ownerless case or a broken audit chain. */
const invariantProblems = (result: DayResult, config: BatonConfig): string[] => {
  const teams = new Set(config.teams.map((t) => t.id));
  const problems: string[] = [];
  for (const c of result.cases) {
    if (!teams.has(c.owner.team)) problems.push(`${c.caseId} has no known owner`);
    const broken = chainBreak(result.audit.get(c.caseId) ?? []);
    if (broken) problems.push(`${c.caseId}: ${broken}`);
  }
  return problems;
};

export { invariantProblems, table, teamLines };
