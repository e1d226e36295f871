import Holidays from 'date-holidays';

const DAY_MS = 86_400_000;
const DATE_FORM = /^(\d{4})-(\d{2})-(\d{2})$/;
// Requiring a time and a zone keeps a bare date from being read silently as UTC midnight.
const INSTANT_FORM = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const holidays = new Holidays('GB', 'ENG');
const holidaysByYear = new Map<number, Set<string>>();
const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0) {
  const utc = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 onto 1900-1999.
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second);
  return utc.getTime();
}

function parseDate(date: string): number | undefined {
  const match = typeof date === 'string' ? DATE_FORM.exec(date) : null;
  if (!match) return undefined;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const ms = utcMs(year, month, day);
  return msToDate(ms) === date ? ms : undefined;
}

function dateToMs(date: string): number {
  const ms = parseDate(date);
  if (ms === undefined) {
    throw new RangeError(`Invalid date ${JSON.stringify(date)}: expected a real YYYY-MM-DD date`);
  }
  return ms;
}

function msToDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function instantToMs(instant: string | Date): number {
  let ms = Number.NaN;
  if (instant instanceof Date) ms = instant.getTime();
  else if (INSTANT_FORM.test(instant)) ms = Date.parse(instant);
  if (Number.isNaN(ms)) {
    const shown = JSON.stringify(String(instant));
    throw new RangeError(`Invalid instant ${shown}: expected ISO 8601 like 2026-07-01T09:30:00Z`);
  }
  return ms;
}

/** London wall-clock time at `ms`, expressed as if that wall-clock time were UTC. */
function londonWallMs(ms: number): number {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const { type, value } of londonParts.formatToParts(ms)) parts[type] = Number(value);
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return utcMs(year, month, day, hour, minute, second) + new Date(ms).getUTCMilliseconds();
}

function bankHolidays(year: number): Set<string> {
  let dates = holidaysByYear.get(year);
  if (!dates) {
    const publicDays = holidays.getHolidays(year).filter((h) => h.type === 'public');
    dates = new Set(publicDays.map((h) => h.date.slice(0, 10)));
    holidaysByYear.set(year, dates);
  }
  return dates;
}

function requireInteger(name: string, value: number, min = -Infinity): void {
  if (!Number.isInteger(value) || value < min) {
    const kind = min === 0 ? 'a non-negative integer' : 'an integer';
    throw new RangeError(`${name} must be ${kind}, got ${value}`);
  }
}

/** London calendar date of an instant: `londonDate('2026-07-01T23:30:00Z')` is `'2026-07-02'`. */
function londonDate(instant: string | Date): string {
  return msToDate(londonWallMs(instantToMs(instant)));
}

/** Whether it is an England and Wales bank holiday: `isBankHoliday('2026-12-28')` is `true`. */
function isBankHoliday(date: string): boolean {
  return bankHolidays(new Date(dateToMs(date)).getUTCFullYear()).has(date);
}

/** Monday to Friday and not a bank holiday: `isBusinessDay('2026-12-24')` is `true`. */
function isBusinessDay(date: string): boolean {
  const weekday = new Date(dateToMs(date)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !isBankHoliday(date);
}

/** Moves by whole calendar days: `addCalendarDays('2026-03-01', -1)` is `'2026-02-28'`. */
function addCalendarDays(date: string, days: number): string {
  requireInteger('days', days);
  return msToDate(dateToMs(date) + days * DAY_MS);
}

/**
 * The `days`-th business day after `date`, never counting `date` itself; 0 returns `date`.
 * `addBusinessDays('2026-12-23', 3)` is `'2026-12-30'` (24, 29, 30 Dec: 25, 26, 28 are holidays).
 */
function addBusinessDays(date: string, days: number): string {
  requireInteger('days', days, 0);
  let current = msToDate(dateToMs(date));
  for (let left = days; left > 0; left -= 1) current = nextBusinessDay(current);
  return current;
}

/** The first business day after `date`: `nextBusinessDay('2026-12-24')` is `'2026-12-29'`. */
function nextBusinessDay(date: string): string {
  let current = addCalendarDays(date, 1);
  while (!isBusinessDay(current)) current = addCalendarDays(current, 1);
  return current;
}

/** London midnight: `startOfLondonDay('2026-07-01')` is `'2026-06-30T23:00:00.000Z'`. */
function startOfLondonDay(date: string): string {
  const wall = dateToMs(date);
  // Two passes settle the offset even when the first guess lands across a clock change.
  let utc = wall - (londonWallMs(wall) - wall);
  utc = wall - (londonWallMs(utc) - utc);
  return new Date(utc).toISOString();
}

/** London's last millisecond: `endOfLondonDay('2026-07-01')` is `'2026-07-01T22:59:59.999Z'`. */
function endOfLondonDay(date: string): string {
  return new Date(Date.parse(startOfLondonDay(addCalendarDays(date, 1))) - 1).toISOString();
}

/** Adds elapsed hours: `addHours('2026-07-01T09:00:00Z', 48)` is `'2026-07-03T09:00:00.000Z'`. */
function addHours(instant: string, hours: number): string {
  if (!Number.isFinite(hours)) throw new RangeError(`hours must be a finite number, got ${hours}`);
  return new Date(instantToMs(instant) + hours * 3_600_000).toISOString();
}

/** Whether the string is a real date as YYYY-MM-DD: `isValidDate('2027-02-29')` is `false`. */
function isValidDate(date: string): boolean {
  return parseDate(date) !== undefined;
}

export {
  addBusinessDays,
  addCalendarDays,
  addHours,
  endOfLondonDay,
  isBankHoliday,
  isBusinessDay,
  isValidDate,
  londonDate,
  nextBusinessDay,
  startOfLondonDay,
};
