import { parseCron, ScheduleExpressionError } from './cron.ts';
import { nextCronTime } from './next-cron-time.ts';
import { instantOf } from './zoned-time.ts';

/** When a schedule fires next after an instant; undefined when it never fires again. */
type Recurrence = (after: number) => number | undefined;

const UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/**
 * `rate(value unit)`: every `value` minutes, hours or days (singular unit for 1, plural
 * otherwise, as AWS requires), counted from `anchor` (the start date, or when the schedule
 * started): the first run is at the anchor itself. Days are 24 hours, whatever daylight saving
 * time does to the wall clock, as on AWS.
 */
const rate = (text: string, anchor: number): Recurrence => {
  const match = /^(\d+)\s+(minute|minutes|hour|hours|day|days)$/.exec(text.trim());
  const value = Number(match?.[1]);
  const unit = match?.[2] ?? '';
  if (!match || value < 1 || (value === 1) !== !unit.endsWith('s')) {
    throw new ScheduleExpressionError(
      `'rate(${text})' is not rate(value unit), e.g. rate(5 minutes) or rate(1 hour)`,
    );
  }
  const period = value * (UNITS[unit.replace(/s$/, '')] ?? 0);
  return (after) =>
    after < anchor ? anchor : anchor + (Math.floor((after - anchor) / period) + 1) * period;
};

/** `at(yyyy-mm-ddThh:mm:ss)`: once, at that wall-clock time in the schedule's time zone. */
const at = (text: string, timeZone: string): Recurrence => {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!match) throw new ScheduleExpressionError(`'at(${text})' is not at(yyyy-mm-ddThh:mm:ss)`);
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const when = instantOf({ year, month, day, hour, minute }, timeZone);
  return (after) => (when !== undefined && when > after ? when : undefined);
};

/**
 * Reads a schedule expression (`rate(...)`, `cron(...)`, `at(...)`) into its recurrence, or
 * throws a `ScheduleExpressionError` saying what is wrong with it.
 */
const readScheduleExpression = (
  expression: string,
  timeZone: string,
  anchor: number,
): Recurrence => {
  const match = /^(rate|cron|at)\((.*)\)$/.exec(expression.trim());
  if (!match)
    throw new ScheduleExpressionError(`'${expression}' is not rate(...), cron(...) or at(...)`);
  const [, kind, body = ''] = match;
  if (kind === 'rate') return rate(body, anchor);
  if (kind === 'at') return at(body, timeZone);
  const cron = parseCron(body);
  return (after) => nextCronTime(cron, after, timeZone);
};

export type { Recurrence };
export { readScheduleExpression };
