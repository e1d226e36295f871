import { describe, expect, it } from 'vitest';
import {
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
} from '../../domain/calendar.ts';

describe('business and calendar days', () => {
  it('treats Saturdays and Sundays as non-business days', () => {
    expect(isBusinessDay('2026-07-03')).toBe(true);
    expect(isBusinessDay('2026-07-04')).toBe(false);
    expect(isBusinessDay('2026-07-05')).toBe(false);
    expect(addBusinessDays('2026-07-03', 1)).toBe('2026-07-06');
  });

  it('never counts the start date and returns it unchanged for a count of zero', () => {
    expect(addBusinessDays('2026-07-04', 1)).toBe('2026-07-06');
    expect(addBusinessDays('2026-07-06', 1)).toBe('2026-07-07');
    expect(addBusinessDays('2026-07-04', 0)).toBe('2026-07-04');
  });

  it('skips Christmas, Boxing Day and the Boxing Day substitute holiday in 2026', () => {
    expect(['2026-12-25', '2026-12-26', '2026-12-28'].every(isBankHoliday)).toBe(true);
    // Wed 23 Dec: Thu 24 is the first, Tue 29 the second, Wed 30 the third.
    expect(addBusinessDays('2026-12-23', 3)).toBe('2026-12-30');
    expect(addBusinessDays('2026-12-23', 4)).toBe('2026-12-31');
    expect(nextBusinessDay('2026-12-24')).toBe('2026-12-29');
  });

  it('skips Good Friday and Easter Monday in 2027', () => {
    expect(isBankHoliday('2027-03-26')).toBe(true);
    expect(isBankHoliday('2027-03-29')).toBe(true);
    expect(addBusinessDays('2027-03-25', 1)).toBe('2027-03-30');
  });

  it('skips the early May bank holiday', () => {
    expect(isBusinessDay('2026-05-04')).toBe(false);
    expect(nextBusinessDay('2026-05-01')).toBe('2026-05-05');
    expect(isBankHoliday('2027-05-03')).toBe(true);
  });

  it('ignores observances such as Easter Sunday and Mothering Sunday', () => {
    expect(['2026-04-05', '2026-03-15'].some(isBankHoliday)).toBe(false);
  });

  it('rejects a negative or fractional business-day count, naming the argument', () => {
    expect(() => addBusinessDays('2026-07-01', -1)).toThrow(/days/);
    expect(() => addBusinessDays('2026-07-01', 1.5)).toThrow(RangeError);
  });

  it('moves calendar days forwards and backwards across month and leap-year boundaries', () => {
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('London time', () => {
  it('places 23:30Z on a summer day on the next London date', () => {
    expect(londonDate('2026-07-01T23:30:00.000Z')).toBe('2026-07-02');
    expect(londonDate(new Date('2026-12-01T23:30:00.000Z'))).toBe('2026-12-01');
  });

  it('follows the clocks going forward on 29 March 2026', () => {
    expect(londonDate('2026-03-28T23:30:00.000Z')).toBe('2026-03-28');
    expect(londonDate('2026-03-29T23:30:00.000Z')).toBe('2026-03-30');
    expect(startOfLondonDay('2026-03-29')).toBe('2026-03-29T00:00:00.000Z');
    expect(endOfLondonDay('2026-03-29')).toBe('2026-03-29T22:59:59.999Z');
  });

  it('follows the clocks going back on 25 October 2026', () => {
    expect(londonDate('2026-10-24T23:30:00.000Z')).toBe('2026-10-25');
    expect(londonDate('2026-10-25T23:30:00.000Z')).toBe('2026-10-25');
    expect(startOfLondonDay('2026-10-25')).toBe('2026-10-24T23:00:00.000Z');
    expect(endOfLondonDay('2026-10-25')).toBe('2026-10-25T23:59:59.999Z');
  });

  it('gives summer and winter day bounds in UTC', () => {
    expect(startOfLondonDay('2026-07-01')).toBe('2026-06-30T23:00:00.000Z');
    expect(endOfLondonDay('2026-07-01')).toBe('2026-07-01T22:59:59.999Z');
    expect(endOfLondonDay('2026-12-01')).toBe('2026-12-01T23:59:59.999Z');
  });

  it('bounds every day of 2026 so that the bounds fall on that London date', () => {
    for (let date = '2026-01-01'; date < '2027-01-01'; date = addCalendarDays(date, 1)) {
      const afterEnd = addHours(endOfLondonDay(date), 1 / 3_600_000);
      expect([londonDate(startOfLondonDay(date)), londonDate(afterEnd)]).toEqual([
        date,
        addCalendarDays(date, 1),
      ]);
    }
  });

  it('adds elapsed hours regardless of clock changes', () => {
    expect(addHours('2026-03-28T12:00:00.000Z', 24)).toBe('2026-03-29T12:00:00.000Z');
    expect(addHours('2026-07-01T10:00:00+01:00', -1)).toBe('2026-07-01T08:00:00.000Z');
  });
});

describe('validation', () => {
  it('accepts only real dates in YYYY-MM-DD form', () => {
    expect(isValidDate('2028-02-29')).toBe(true);
    for (const bad of ['2027-02-29', '2026-13-01', '2026-7-1', '01/07/2026', '']) {
      expect(isValidDate(bad)).toBe(false);
    }
  });

  it('throws a RangeError naming the bad value and the expected form', () => {
    expect(() => isBusinessDay('2026-02-30')).toThrow(/"2026-02-30".*YYYY-MM-DD/);
    expect(() => addCalendarDays('tomorrow', 1)).toThrow(RangeError);
    expect(() => startOfLondonDay('2026-7-1')).toThrow(RangeError);
    expect(() => londonDate('2026-07-01')).toThrow(/"2026-07-01".*ISO 8601/);
    expect(() => londonDate(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => addHours('2026-07-01T25:00:00Z', 1)).toThrow(RangeError);
  });
});
