import { describe, expect, it } from 'vitest';
import { StatesError } from '../../../local/stepfunctions/errors.ts';
import {
  evaluateIntrinsic,
  parseIntrinsic,
} from '../../../local/stepfunctions/query/intrinsics.ts';
import { runToEnd } from './support.ts';

const run = (call: string, input: unknown = {}) =>
  evaluateIntrinsic(call, { input: input as never });

// Each case is the example of the Step Functions developer guide, with its documented output.
describe('intrinsic functions', () => {
  it('formats strings from literals and paths (States.Format)', () => {
    const input = { name: 'Arnav', template: 'Hello, my name is {}.' };
    expect(run("States.Format('Hello, my name is {}.', $.name)", input)).toBe(
      'Hello, my name is Arnav.',
    );
    expect(run('States.Format($.template, $.name)', input)).toBe('Hello, my name is Arnav.');
  });

  it('keeps escaped reserved characters literal', () => {
    expect(run("States.Format('\\{\\} and \\' and \\\\ {}', 1)")).toBe("{} and ' and \\ 1");
  });

  it('parses and serialises JSON (States.StringToJson, States.JsonToString)', () => {
    expect(
      run('States.StringToJson($.escapedJsonString)', { escapedJsonString: '{"foo": "bar"}' }),
    ).toEqual({ foo: 'bar' });
    expect(run('States.JsonToString($.unescapedJson)', { unescapedJson: { foo: 'bar' } })).toBe(
      '{"foo":"bar"}',
    );
  });

  it('builds, partitions and inspects arrays', () => {
    const inputArray = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(run('States.Array($.Id)', { Id: 123456 })).toEqual([123456]);
    expect(run('States.ArrayPartition($.inputArray,4)', { inputArray })).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9],
    ]);
    expect(
      run('States.ArrayContains($.inputArray, $.lookingFor)', { inputArray, lookingFor: 5 }),
    ).toBe(true);
    expect(run('States.ArrayRange(1, 9, 2)')).toEqual([1, 3, 5, 7, 9]);
    expect(run('States.ArrayGetItem($.inputArray, $.index)', { inputArray, index: 5 })).toBe(6);
    expect(run('States.ArrayLength($.inputArray)', { inputArray })).toBe(9);
    expect(
      run('States.ArrayUnique($.inputArray)', { inputArray: [1, 2, 3, 3, 3, 3, 3, 3, 4] }),
    ).toEqual([1, 2, 3, 4]);
  });

  it('encodes, decodes and hashes data', () => {
    expect(run('States.Base64Encode($.input)', { input: 'Data to encode' })).toBe(
      'RGF0YSB0byBlbmNvZGU=',
    );
    expect(run('States.Base64Decode($.base64)', { base64: 'RGF0YSB0byBlbmNvZGU=' })).toBe(
      'Data to encode',
    );
    expect(
      run('States.Hash($.Data, $.Algorithm)', { Data: 'input data', Algorithm: 'SHA-1' }),
    ).toBe('aaff4a450a104cd177d28d18d74485e8cae074b7');
  });

  it('merges objects shallowly (States.JsonMerge)', () => {
    const input = { json1: { a: { a1: 1, a2: 2 }, b: 2 }, json2: { a: { a3: 1, a4: 2 }, c: 3 } };
    expect(run('States.JsonMerge($.json1, $.json2, false)', input)).toEqual({
      a: { a3: 1, a4: 2 },
      b: 2,
      c: 3,
    });
  });

  it('adds numbers and draws random ones in range (States.MathAdd, States.MathRandom)', () => {
    expect(run('States.MathAdd($.value1, $.step)', { value1: 111, step: -1 })).toBe(110);
    for (let i = 0; i < 50; i += 1) {
      const random = run('States.MathRandom($.start, $.end)', { start: 1, end: 999 }) as number;
      expect(random).toBeGreaterThanOrEqual(1);
      expect(random).toBeLessThan(999);
    }
    expect(run('States.MathRandom(1, 999, 7)')).toBe(run('States.MathRandom(1, 999, 7)'));
  });

  it('splits strings on any of the delimiter characters (States.StringSplit)', () => {
    expect(
      run('States.StringSplit($.inputString, $.splitter)', {
        inputString: '1,2,3,4,5',
        splitter: ',',
      }),
    ).toEqual(['1', '2', '3', '4', '5']);
    expect(
      run('States.StringSplit($.inputString, $.splitter)', {
        inputString: 'This.is+a,test=string',
        splitter: '.+,=',
      }),
    ).toEqual(['This', 'is', 'a', 'test', 'string']);
  });

  it('generates v4 UUIDs (States.UUID)', () => {
    expect(run('States.UUID()')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('nests calls nine deep, as the guide’s ImageRecipe example does', () => {
    // The guide's template has one `{}` too many for its two arguments; this one has two.
    const input = {
      ImageRecipe: {
        Arn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/my-recipe.v1/2.0.1',
      },
    };
    const call =
      "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))";
    expect(run(call, input)).toBe('2.0');
  });

  it('fails with States.IntrinsicFailure when arguments do not fit', () => {
    expect(() => run('States.ArrayGetItem($.a, 5)', { a: [1] })).toThrow(StatesError);
    expect(() => run('States.JsonMerge($.a, $.a, true)', { a: {} })).toThrow(/shallow/);
    expect(() => run("States.Format('{} {}', 1)")).toThrow(/more \{\}/);
  });

  it('rejects calls that do not parse or have the wrong number of arguments', () => {
    expect(() => parseIntrinsic('States.Nope(1)')).toThrow(/unknown function/);
    expect(() => parseIntrinsic('States.ArrayLength()')).toThrow(/takes 1/);
    expect(() => parseIntrinsic("States.Format('open \\ escape')")).toThrow(/escape/);
  });

  it('evaluates intrinsic functions in a Pass state’s Parameters', async () => {
    const result = await runToEnd(
      {
        StartAt: 'Build',
        States: {
          Build: {
            Type: 'Pass',
            Parameters: {
              'greeting.$': "States.Format('Hello, my name is {}.', $.name)",
              'id.$': 'States.Array($.Id)',
              'execution.$': "States.ArrayGetItem(States.StringSplit($$.Execution.Id, ':'), 6)",
            },
            End: true,
          },
        },
      },
      { name: 'Arnav', Id: 123456 },
    );
    expect(result.output).toEqual({
      greeting: 'Hello, my name is Arnav.',
      id: [123456],
      execution: 'machine',
    });
  });
});
