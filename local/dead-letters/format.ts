import type { DeadLetter } from '../contracts.ts';

const COLUMNS = ['id', 'time', 'source', 'target', 'attempts', 'reason'] as const;

const shorten = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/** The last part of an ARN: the function or rule name is what an operator recognises. */
const shortTarget = (target = '') => target.slice(target.lastIndexOf(':') + 1) || '-';

/** The reason with the error's type before it, unless the reason already starts with it. */
const reasonOf = (l: DeadLetter) =>
  l.errorType && !l.reason.startsWith(l.errorType) ? `${l.errorType}: ${l.reason}` : l.reason;

/**
 * The dead letters as a plain-text table, oldest first: id, time, source, target, attempts and
 * the reason last, so that it can run long enough to name the field and the rule it broke.
 */
const deadLetterTable = (letters: readonly DeadLetter[]): string => {
  const rows = letters.map((l) => [
    l.id,
    l.at.replace('T', ' ').slice(0, 19),
    l.source,
    shortTarget(l.target),
    String(l.attempts),
    shorten(reasonOf(l), 200),
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
