import { type Cron, type Day, weekdayOf } from './cron.ts';
import { instantOf, wallTimeAt } from './zoned-time.ts';

const LAST_YEAR = 2199;

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

const dayMatches = (cron: Cron, d: Day) =>
  cron.months.has(d.month) &&
  cron.years.has(d.year) &&
  (cron.dayOfMonth ?? cron.dayOfWeek ?? (() => false))(d);

/**
 * The first minute after `after` (an instant) at which a cron expression fires, evaluated on the
 * wall clock of `timeZone`; undefined when it never fires again (its years are past). Walks the
 * calendar day by day, then the day's hours and minutes in order.
 */
const nextCronTime = (cron: Cron, after: number, timeZone: string): number | undefined => {
  const start = wallTimeAt(after, timeZone);
  const lastYear = Math.min(LAST_YEAR, Math.max(...cron.years));
  for (let offset = 0; ; offset++) {
    const date = new Date(Date.UTC(start.year, start.month - 1, start.day + offset));
    const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    if (year > lastYear) return undefined;
    const d: Day = {
      year,
      month,
      day,
      weekday: weekdayOf(year, month, day),
      daysInMonth: daysIn(year, month),
    };
    if (!dayMatches(cron, d)) continue;
    for (const hour of cron.hours) {
      for (const minute of cron.minutes) {
        const instant = instantOf({ year, month, day, hour, minute }, timeZone);
        if (instant !== undefined && instant > after) return instant;
      }
    }
  }
};

export { nextCronTime };
