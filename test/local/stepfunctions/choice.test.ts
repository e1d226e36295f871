import { describe, expect, it } from 'vitest';
import { runToEnd } from './support.ts';

const ending = (names: string[]) =>
  Object.fromEntries(names.map((name) => [name, { Type: 'Pass', Result: name, End: true }]));

/** Runs a Choice state whose targets output their own names; returns the name reached. */
const chosen = async (choice: Record<string, unknown>, input: unknown, targets: string[]) => {
  const result = await runToEnd(
    { StartAt: 'Choose', States: { Choose: { Type: 'Choice', ...choice }, ...ending(targets) } },
    input,
  );
  return result.status === 'SUCCEEDED' ? result.output : result;
};

describe('Choice', () => {
  // The developer guide's Choice example.
  const guideChoice = {
    Choices: [
      { Not: { Variable: '$.type', StringEquals: 'Private' }, Next: 'Public' },
      { Variable: '$.value', NumericEquals: 0, Next: 'ValueIsZero' },
      {
        And: [
          { Variable: '$.value', NumericGreaterThanEquals: 20 },
          { Variable: '$.value', NumericLessThan: 30 },
        ],
        Next: 'ValueInTwenties',
      },
    ],
    Default: 'DefaultState',
  };
  const targets = ['Public', 'ValueIsZero', 'ValueInTwenties', 'DefaultState'];

  it('follows the guide’s example rules', async () => {
    expect(await chosen(guideChoice, { type: 'Public' }, targets)).toBe('Public');
    expect(await chosen(guideChoice, { type: 'Private', value: 0 }, targets)).toBe('ValueIsZero');
    expect(await chosen(guideChoice, { type: 'Private', value: 25 }, targets)).toBe(
      'ValueInTwenties',
    );
    expect(await chosen(guideChoice, { type: 'Private', value: 35 }, targets)).toBe('DefaultState');
  });

  it('fails with States.NoChoiceMatched when nothing matches and there is no Default', async () => {
    const result = await chosen(
      { Choices: [{ Variable: '$.value', NumericEquals: 1, Next: 'One' }] },
      { value: 2 },
      ['One'],
    );
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.NoChoiceMatched' });
  });

  it('applies every comparison operator, treating other types as no match', async () => {
    const cases: [Record<string, unknown>, unknown, boolean][] = [
      [{ StringEquals: 'a' }, 'a', true],
      [{ StringEquals: 'a' }, 1, false],
      [{ StringLessThan: 'b' }, 'a', true],
      [{ StringGreaterThan: 'b' }, 'c', true],
      [{ StringLessThanEquals: 'b' }, 'b', true],
      [{ StringGreaterThanEquals: 'b' }, 'a', false],
      [{ StringMatches: 'log-*.txt' }, 'log-2026-01.txt', true],
      [{ StringMatches: 'log-*.txt' }, 'log-2026-01.csv', false],
      [{ StringMatches: 'a\\*b' }, 'a*b', true],
      [{ StringMatches: 'a\\*b' }, 'axb', false],
      [{ NumericEquals: 2 }, 2, true],
      [{ NumericEquals: 2 }, '2', false],
      [{ NumericLessThan: 2 }, 1.5, true],
      [{ NumericGreaterThan: 2 }, 3, true],
      [{ NumericLessThanEquals: 2 }, 2, true],
      [{ NumericGreaterThanEquals: 2 }, 1, false],
      [{ BooleanEquals: true }, true, true],
      [{ BooleanEquals: true }, 'true', false],
      [{ TimestampEquals: '2016-03-14T01:59:00Z' }, '2016-03-14T01:59:00Z', true],
      [{ TimestampLessThan: '2016-03-14T01:59:00Z' }, '2016-03-14T01:58:00Z', true],
      [{ TimestampGreaterThan: '2016-03-14T01:59:00Z' }, '2016-03-14T03:59:00+01:00', true],
      [{ TimestampLessThanEquals: '2016-03-14T01:59:00Z' }, '2016-03-14T01:59:00Z', true],
      [{ TimestampGreaterThanEquals: '2016-03-14T01:59:00Z' }, 'not a timestamp', false],
      [{ IsNull: true }, null, true],
      [{ IsNull: false }, 1, true],
      [{ IsNumeric: true }, 1, true],
      [{ IsString: true }, 'x', true],
      [{ IsBoolean: true }, false, true],
      [{ IsTimestamp: true }, '2016-03-14T01:59:00Z', true],
      [{ IsTimestamp: true }, '2016-03-14 01:59:00', false],
    ];
    for (const [operator, value, expected] of cases) {
      const reached = await chosen(
        { Choices: [{ Variable: '$.v', ...operator, Next: 'Yes' }], Default: 'No' },
        { v: value },
        ['Yes', 'No'],
      );
      expect([operator, value, reached]).toEqual([operator, value, expected ? 'Yes' : 'No']);
    }
  });

  it('compares against other paths with the ...Path operators', async () => {
    const choice = {
      Choices: [
        { Variable: '$.a', NumericGreaterThanPath: '$.b', Next: 'Greater' },
        { Variable: '$.s', StringEqualsPath: '$.t', Next: 'Same' },
      ],
      Default: 'Other',
    };
    const states = ['Greater', 'Same', 'Other'];
    expect(await chosen(choice, { a: 3, b: 2, s: 'x', t: 'y' }, states)).toBe('Greater');
    expect(await chosen(choice, { a: 1, b: 2, s: 'x', t: 'x' }, states)).toBe('Same');
  });

  it('tests presence with IsPresent, and fails on other comparisons of a missing variable', async () => {
    const present = {
      Choices: [{ Variable: '$.maybe', IsPresent: false, Next: 'Missing' }],
      Default: 'There',
    };
    expect(await chosen(present, {}, ['Missing', 'There'])).toBe('Missing');
    expect(await chosen(present, { maybe: null }, ['Missing', 'There'])).toBe('There');
    const missing = await chosen(
      { Choices: [{ Variable: '$.maybe', StringEquals: 'x', Next: 'X' }], Default: 'X' },
      {},
      ['X'],
    );
    expect(missing).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  it('chooses on JSONata Conditions, with a rule’s Output', async () => {
    const choice = {
      QueryLanguage: 'JSONata',
      Choices: [
        { Condition: '{% $states.input.value > 10 %}', Output: '{% "big" %}', Next: 'Big' },
        { Condition: '{% $states.input.value > 0 %}', Next: 'Small' },
      ],
      Default: 'None',
    };
    const run = async (value: number) =>
      (
        await runToEnd(
          {
            StartAt: 'Choose',
            States: {
              Choose: { Type: 'Choice', ...choice },
              Big: { Type: 'Pass', End: true },
              Small: { Type: 'Pass', End: true },
              None: { Type: 'Pass', Result: 'none', End: true },
            },
          },
          { value },
        )
      ).output;
    expect(await run(11)).toBe('big');
    expect(await run(5)).toEqual({ value: 5 });
    expect(await run(0)).toBe('none');
  });
});
