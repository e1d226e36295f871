import type { DeadLetter } from '../contracts.ts';

const COLUMNS = ['id', 'time', 'source', 'target', 'reason', 'attempts'] as const;

const shorten = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/** The last part of an ARN: the function or rule name is what an operator recognises. */
const shortTarget = (target = '') => target.slice(target.lastIndexOf(':') + 1) || '-';

/** The dead letters as a plain-text table, oldest first: id, time, source, target, reason, attempts. */
const deadLetterTable = (letters: readonly DeadLetter[]): string => {
  const rows = letters.map((l) => [
    l.id,
    l.at.replace('T', ' ').slice(0, 19),
    l.source,
    shortTarget(l.target),
    shorten(l.errorType ? `${l.errorType}: ${l.reason}` : l.reason, 60),
    String(l.attempts),
  ]);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(COLUMNS), ...rows.map(line)].join('\n');
};

export { deadLetterTable };
