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

/** Per team: cases owned at the end of the day, handovers made and deadlines open. */
const teamLines = (result: DayResult, config: BatonConfig): TeamLine[] =>
  config.teams.map(({ id: team }) => {
    const owned = result.cases.filter((c) => c.status === 'open' && c.owner.team === team);
    const count = (type: string, match: (d: Record<string, unknown>) => boolean) =>
      result.events.filter(
        (e) => e.detailType === type && match(e.detail as Record<string, unknown>),
      ).length;
    return {
      team,
      owned: owned.length,
      inbox: result.cases.filter((c) => c.handover?.to === team).length,
      requested: count('Handover Requested', (d) => d.to === team),
      accepted: count('Handover Accepted', (d) => (d.owner as { team: string }).team === team),
      declined: count('Handover Declined', (d) => d.team === team),
      escalated: count('Handover Escalated', (d) => d.missedBy === team),
      deadlines: owned.reduce((n, c) => n + c.deadlines.length, 0),
    };
  });

const table = (lines: TeamLine[]): string => {
  const head = [
    'team',
    'owned',
    'inbox',
    'handovers in',
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
