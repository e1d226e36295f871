import { describe, expect, it } from 'vitest';
import { readScheduleExpression } from '../../../local/scheduler/schedule-expression.ts';

/** The next `count` runs of an expression after an instant, as ISO strings. */
const runs = (expression: string, from: string, count = 3, timeZone = 'UTC') => {
  const next = readScheduleExpression(expression, timeZone, Date.parse(from));
  const times: string[] = [];
  let after = Date.parse(from);
  for (let i = 0; i < count; i++) {
    const due = next(after);
    if (due === undefined) break;
    times.push(new Date(due).toISOString().replace('.000', ''));
    after = due;
  }
  return times;
};

describe('AWS cron expressions (the examples of the EventBridge documentation)', () => {
  it('runs cron(0 10 * * ? *) at 10:00 UTC every day', () => {
    expect(runs('cron(0 10 * * ? *)', '2026-03-02T09:30:00Z')).toEqual([
      '2026-03-02T10:00:00Z',
      '2026-03-03T10:00:00Z',
      '2026-03-04T10:00:00Z',
    ]);
  });

  it('runs cron(15 12 * * ? *) at 12:15 UTC every day', () => {
    expect(runs('cron(15 12 * * ? *)', '2026-03-02T12:15:00Z', 2)).toEqual([
      '2026-03-03T12:15:00Z',
      '2026-03-04T12:15:00Z',
    ]);
  });

  it('runs cron(0 18 ? * MON-FRI *) at 18:00 Monday to Friday', () => {
    expect(runs('cron(0 18 ? * MON-FRI *)', '2026-03-05T19:00:00Z')).toEqual([
      '2026-03-06T18:00:00Z',
      '2026-03-09T18:00:00Z',
      '2026-03-10T18:00:00Z',
    ]);
  });

  it('runs cron(0 8 1 * ? *) at 8:00 on the first day of each month', () => {
    expect(runs('cron(0 8 1 * ? *)', '2026-03-02T00:00:00Z', 2)).toEqual([
      '2026-04-01T08:00:00Z',
      '2026-05-01T08:00:00Z',
    ]);
  });

  it('runs cron(0/15 * * * ? *) every 15 minutes', () => {
    expect(runs('cron(0/15 * * * ? *)', '2026-03-02T10:07:00Z', 4)).toEqual([
      '2026-03-02T10:15:00Z',
      '2026-03-02T10:30:00Z',
      '2026-03-02T10:45:00Z',
      '2026-03-02T11:00:00Z',
    ]);
  });

  it('runs cron(0/10 * ? * MON-FRI *) every 10 minutes Monday to Friday', () => {
    expect(runs('cron(0/10 * ? * MON-FRI *)', '2026-03-06T23:45:00Z')).toEqual([
      '2026-03-06T23:50:00Z',
      '2026-03-09T00:00:00Z',
      '2026-03-09T00:10:00Z',
    ]);
  });

  it('runs cron(0/5 8-17 ? * MON-FRI *) every 5 minutes from 8:00 to 17:55 on weekdays', () => {
    expect(runs('cron(0/5 8-17 ? * MON-FRI *)', '2026-03-02T17:50:00Z')).toEqual([
      '2026-03-02T17:55:00Z',
      '2026-03-03T08:00:00Z',
      '2026-03-03T08:05:00Z',
    ]);
  });

  it('runs cron(0 9 ? * 2#1 *) at 9:00 on the first Monday of each month', () => {
    expect(runs('cron(0 9 ? * 2#1 *)', '2026-03-02T09:00:00Z')).toEqual([
      '2026-04-06T09:00:00Z',
      '2026-05-04T09:00:00Z',
      '2026-06-01T09:00:00Z',
    ]);
  });
});

describe('AWS cron wildcards L, W and #, lists, ranges and years', () => {
  it('runs on the last day of the month with L, a leap day included', () => {
    expect(runs('cron(0 12 L * ? *)', '2028-02-01T00:00:00Z', 2)).toEqual([
      '2028-02-29T12:00:00Z',
      '2028-03-31T12:00:00Z',
    ]);
  });

  it('runs on the weekday nearest a day with W, without leaving the month', () => {
    expect(runs('cron(0 12 15W * ? *)', '2026-08-01T00:00:00Z', 1)).toEqual([
      '2026-08-14T12:00:00Z',
    ]);
    expect(runs('cron(0 12 1W * ? *)', '2026-07-31T00:00:00Z', 1)).toEqual([
      '2026-08-03T12:00:00Z',
    ]);
    expect(runs('cron(0 12 LW * ? *)', '2026-05-01T00:00:00Z', 1)).toEqual([
      '2026-05-29T12:00:00Z',
    ]);
  });

  it('runs on the last given weekday of the month with nL', () => {
    expect(runs('cron(0 12 ? * 6L *)', '2026-03-01T00:00:00Z', 2)).toEqual([
      '2026-03-27T12:00:00Z',
      '2026-04-24T12:00:00Z',
    ]);
  });

  it('takes lists, month names and a year range, and stops after its last year', () => {
    expect(runs('cron(0,30 6 1 JAN,JUL ? 2026-2027)', '2026-03-01T00:00:00Z', 6)).toEqual([
      '2026-07-01T06:00:00Z',
      '2026-07-01T06:30:00Z',
      '2027-01-01T06:00:00Z',
      '2027-01-01T06:30:00Z',
      '2027-07-01T06:00:00Z',
      '2027-07-01T06:30:00Z',
    ]);
    expect(runs('cron(0 6 1 JAN ? 2026)', '2026-03-01T00:00:00Z')).toEqual([]);
  });
});

describe('schedule time zones and daylight saving time', () => {
  it('evaluates the expression on the wall clock of ScheduleExpressionTimezone', () => {
    expect(runs('cron(0 9 * * ? *)', '2026-03-27T12:00:00Z', 3, 'Europe/London')).toEqual([
      '2026-03-28T09:00:00Z',
      '2026-03-29T08:00:00Z',
      '2026-03-30T08:00:00Z',
    ]);
  });

  it('skips a run whose time the spring change skips, and runs a repeated time once', () => {
    expect(runs('cron(30 1 * * ? *)', '2026-03-28T02:00:00Z', 1, 'Europe/London')).toEqual([
      '2026-03-30T00:30:00Z',
    ]);
    expect(runs('cron(30 1 * * ? *)', '2026-10-24T12:00:00Z', 2, 'Europe/London')).toEqual([
      '2026-10-25T00:30:00Z',
      '2026-10-26T01:30:00Z',
    ]);
  });
});

describe('rate and at expressions', () => {
  it('runs rate(5 minutes) from its anchor, every five minutes', () => {
    const next = readScheduleExpression(
      'rate(5 minutes)',
      'UTC',
      Date.parse('2026-03-02T10:00:00Z'),
    );
    expect(new Date(next(Date.parse('2026-03-02T09:59:59Z')) ?? 0).toISOString()).toBe(
      '2026-03-02T10:00:00.000Z',
    );
    expect(new Date(next(Date.parse('2026-03-02T10:00:00Z')) ?? 0).toISOString()).toBe(
      '2026-03-02T10:05:00.000Z',
    );
    expect(new Date(next(Date.parse('2026-03-02T10:12:00Z')) ?? 0).toISOString()).toBe(
      '2026-03-02T10:15:00.000Z',
    );
  });

  it('runs at(...) once, at that wall-clock time in the time zone', () => {
    expect(runs('at(2026-07-01T09:00:00)', '2026-03-02T00:00:00Z', 3, 'Europe/London')).toEqual([
      '2026-07-01T08:00:00Z',
    ]);
  });
});

describe('invalid schedule expressions', () => {
  it.each([
    ['cron(0 10 * * * *)', /exactly one of Day-of-month and Day-of-week must be \?/],
    ['cron(0 10 ? * ? *)', /exactly one of Day-of-month and Day-of-week must be \?/],
    ['cron(0 10 * * ?)', /6 fields, not 5/],
    ['cron(60 10 * * ? *)', /Minutes value '60' is outside 0-59/],
    ['cron(0 10 ? * 2#6 *)', /# takes 1 to 5/],
    ['cron(0 10 ? * FOO *)', /Day-of-week value 'FOO'/],
    ['cron(0 10 * * ? 2200)', /Year value '2200' is outside 1970-2199/],
    ['rate(1 minutes)', /not rate\(value unit\)/],
    ['rate(5 minute)', /not rate\(value unit\)/],
    ['rate(0 minutes)', /not rate\(value unit\)/],
    ['every 5 minutes', /not rate\(\.\.\.\), cron\(\.\.\.\) or at\(\.\.\.\)/],
  ])('refuses %s, saying why', (expression, why) => {
    expect(() => readScheduleExpression(expression, 'UTC', 0)).toThrow(why);
  });
});
