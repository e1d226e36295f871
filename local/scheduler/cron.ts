/** A calendar day, as the day-of-month and day-of-week fields see it. */
interface Day {
  year: number;
  month: number;
  day: number;
  /** AWS numbering: 1 = Sunday ... 7 = Saturday. */
  weekday: number;
  daysInMonth: number;
}

/**
 * A parsed AWS cron expression: `cron(minutes hours day-of-month month day-of-week year)`.
 * Exactly one of the day fields is `?`; that one is `undefined` here.
 */
interface Cron {
  minutes: number[];
  hours: number[];
  months: Set<number>;
  years: Set<number>;
  dayOfMonth?: (day: Day) => boolean;
  dayOfWeek?: (day: Day) => boolean;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const FIELDS: Record<string, FieldSpec> = {
  minutes: { name: 'Minutes', min: 0, max: 59 },
  hours: { name: 'Hours', min: 0, max: 23 },
  dayOfMonth: { name: 'Day-of-month', min: 1, max: 31 },
  month: { name: 'Month', min: 1, max: 12, names: MONTHS },
  dayOfWeek: { name: 'Day-of-week', min: 1, max: 7, names: WEEKDAYS },
  year: { name: 'Year', min: 1970, max: 2199 },
};

class ScheduleExpressionError extends Error {
  override readonly name = 'ScheduleExpressionError';
}

const fieldValue = (text: string, spec: FieldSpec): number => {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  const value = named >= 0 ? named + 1 : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= spec.min && value <= spec.max)) {
    throw new ScheduleExpressionError(
      `${spec.name} value '${text}' is outside ${spec.min}-${spec.max}`,
    );
  }
  return value;
};

/** The values of one list item: `*`, `n`, `a-b` (wrapping past the maximum), with `/step`. */
const rangeValues = (item: string, spec: FieldSpec): number[] => {
  const [range = '', stepText] = item.split('/');
  const step = stepText === undefined ? 1 : Number(stepText);
  if (!Number.isInteger(step) || step < 1) {
    throw new ScheduleExpressionError(
      `${spec.name} step '${stepText}' is not a positive whole number`,
    );
  }
  let from: number;
  let to: number;
  if (range === '*') [from, to] = [spec.min, spec.max];
  else if (range.includes('-')) {
    const [a = '', b = ''] = range.split('-');
    [from, to] = [fieldValue(a, spec), fieldValue(b, spec)];
  } else {
    from = fieldValue(range, spec);
    // `a/step` runs from a to the field's end, as `0/15` in the minutes means 0, 15, 30, 45.
    to = stepText === undefined ? from : spec.max;
  }
  const span = to >= from ? to - from : to + (spec.max - spec.min + 1) - from;
  const values: number[] = [];
  for (let offset = 0; offset <= span; offset += step) {
    values.push(((from - spec.min + offset) % (spec.max - spec.min + 1)) + spec.min);
  }
  return values;
};

const numbers = (field: string, spec: FieldSpec): number[] =>
  [...new Set(field.split(',').flatMap((item) => rangeValues(item, spec)))].sort((a, b) => a - b);

const weekdayOf = (year: number, month: number, day: number) =>
  new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;

/** The weekday (Monday to Friday) nearest a day, never crossing into another month. */
const nearestWeekday = (target: number, d: Day): number | undefined => {
  if (target > d.daysInMonth) return undefined;
  const weekday = weekdayOf(d.year, d.month, target);
  if (weekday === 7) return target === 1 ? 3 : target - 1;
  if (weekday === 1) return target === d.daysInMonth ? target - 2 : target + 1;
  return target;
};

const dayOfMonthItem = (item: string): ((d: Day) => boolean) => {
  const spec = FIELDS.dayOfMonth as FieldSpec;
  if (item === 'L') return (d) => d.day === d.daysInMonth;
  if (item === 'LW') return (d) => d.day === nearestWeekday(d.daysInMonth, d);
  const weekday = /^(\d+)W$/.exec(item);
  if (weekday) {
    const target = fieldValue(weekday[1] ?? '', spec);
    return (d) => d.day === nearestWeekday(target, d);
  }
  const days = new Set(rangeValues(item, spec));
  return (d) => days.has(d.day);
};

const dayOfWeekItem = (item: string): ((d: Day) => boolean) => {
  const spec = FIELDS.dayOfWeek as FieldSpec;
  if (item === 'L') return (d) => d.weekday === 7;
  const last = /^(\w+)L$/.exec(item);
  if (last) {
    const weekday = fieldValue(last[1] ?? '', spec);
    return (d) => d.weekday === weekday && d.day + 7 > d.daysInMonth;
  }
  const nth = /^(\w+)#(\d)$/.exec(item);
  if (nth) {
    const weekday = fieldValue(nth[1] ?? '', spec);
    const n = Number(nth[2]);
    if (n < 1 || n > 5) throw new ScheduleExpressionError(`Day-of-week '${item}': # takes 1 to 5`);
    return (d) => d.weekday === weekday && Math.ceil(d.day / 7) === n;
  }
  const weekdays = new Set(rangeValues(item, spec));
  return (d) => weekdays.has(d.weekday);
};

const dayField = (field: string, item: (text: string) => (d: Day) => boolean) => {
  if (field === '?') return undefined;
  const items = field.split(',').map(item);
  return (d: Day) => items.some((matches) => matches(d));
};

/**
 * Parses the six fields of an AWS cron expression (the text inside `cron(...)`): `,` `-` `*` `/`
 * in every field, `?` `L` `W` in the day of the month (`L`, `LW`, `15W`), `?` `L` `#` in the day
 * of the week (`L`, `6L`, `2#1`, names `SUN`-`SAT` as 1-7), months as `1-12` or `JAN`-`DEC`, years
 * 1970-2199. One of the two day fields must be `?`, as AWS requires.
 */
const parseCron = (fields: string): Cron => {
  const parts = fields.trim().split(/\s+/);
  if (parts.length !== 6) {
    throw new ScheduleExpressionError(`a cron expression has 6 fields, not ${parts.length}`);
  }
  const [minutes = '', hours = '', dom = '', month = '', dow = '', year = ''] = parts;
  if ((dom === '?') === (dow === '?')) {
    throw new ScheduleExpressionError('exactly one of Day-of-month and Day-of-week must be ?');
  }
  const dayOfMonth = dayField(dom, dayOfMonthItem);
  const dayOfWeek = dayField(dow, dayOfWeekItem);
  return {
    minutes: numbers(minutes, FIELDS.minutes as FieldSpec),
    hours: numbers(hours, FIELDS.hours as FieldSpec),
    months: new Set(numbers(month, FIELDS.month as FieldSpec)),
    years: new Set(numbers(year, FIELDS.year as FieldSpec)),
    ...(dayOfMonth ? { dayOfMonth } : {}),
    ...(dayOfWeek ? { dayOfWeek } : {}),
  };
};

export type { Cron, Day };
export { parseCron, ScheduleExpressionError, weekdayOf };
