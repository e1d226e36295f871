import { describe, expect, it } from 'vitest';
import {
  InvalidEventPatternError,
  matchesPattern,
  validatePattern,
} from '../../../../local/eventbridge/pattern/index.ts';

/**
 * Patterns EventBridge documents as invalid (values not in arrays, empty arrays, mixed
 * anything-but lists, consecutive wildcards, exists on a non-leaf) and the rule compiler's
 * other refusals, each with the exception and the reason Event Ruler gives.
 */

const rejects: [string, unknown, string][] = [
  [
    'a value that is not in an array',
    { source: 'aws.ec2' },
    '"source" must be an object or an array',
  ],
  ['an empty array', { source: [] }, 'Empty arrays are not allowed'],
  ['an empty object', { detail: {} }, 'Empty objects are not allowed'],
  ['a pattern that is not an object', ['aws.ec2'], 'Filter is not an object'],
  [
    'a nested array as a value',
    { source: [['aws.ec2']] },
    'Match value must be String, number, true, false, or null',
  ],
  ['an unknown operator', { source: [{ contains: 'ec2' }] }, 'Unrecognized match type contains'],
  [
    'two operators in one expression',
    { a: [{ prefix: 'x', suffix: 'y' }] },
    'Only one key allowed in match expression',
  ],
  [
    'exists on a non-leaf (written as a field)',
    { detail: { exists: true } },
    '"exists" must be an object or an array',
  ],
  [
    'exists that is not a boolean',
    { a: [{ exists: 'yes' }] },
    'exists match pattern must be either true or false.',
  ],
  [
    'a prefix that is not a string',
    { a: [{ prefix: 5 }] },
    'prefix match pattern must be a string',
  ],
  [
    'a prefix with an unknown nested form',
    { a: [{ prefix: { wildcard: 'x' } }] },
    'Unsupported prefix pattern: wildcard',
  ],
  [
    'a suffix that is not a string',
    { a: [{ suffix: ['x'] }] },
    'suffix match pattern must be a string',
  ],
  [
    'equals-ignore-case with a number',
    { a: [{ 'equals-ignore-case': 1 }] },
    'equals-ignore-case match pattern must be a string',
  ],
  [
    'consecutive wildcard characters',
    { a: [{ wildcard: 'a**b' }] },
    'Consecutive wildcard characters at pos 2',
  ],
  [
    'a backslash escaping another character',
    { a: [{ wildcard: 'a\\b' }] },
    'Invalid escape character at pos 2',
  ],
  ['numeric that is not an array', { a: [{ numeric: 5 }] }, 'Value of numeric must be an array.'],
  ['numeric on a string operand', { a: [{ numeric: ['>', '5'] }] }, 'Value of > must be numeric'],
  [
    'an unknown numeric operator',
    { a: [{ numeric: ['!=', 5] }] },
    'Unrecognized numeric range operator: !=',
  ],
  [
    'a range whose bottom is above its top',
    { a: [{ numeric: ['>', 10, '<', 5] }] },
    'Bottom must be less than top',
  ],
  [
    'a range with a bad upper operator',
    { a: [{ numeric: ['>', 1, '>', 5] }] },
    'Bad numeric range operator: >',
  ],
  [
    'too many terms in a range',
    { a: [{ numeric: ['>', 1, '<', 5, 6] }] },
    'Too many terms in numeric range expression',
  ],
  [
    'a numeric operand beyond five billion',
    { a: [{ numeric: ['>', 6e9] }] },
    'Value must be between -5000000000 and 5000000000, inclusive',
  ],
  [
    'a numeric operand with seven decimals',
    { a: [{ numeric: ['<', 0.1234567] }] },
    'Only values upto 6 decimals are supported',
  ],
  [
    'anything-but mixing strings and numbers',
    { a: [{ 'anything-but': ['a', 1] }] },
    'Inside anything but list, either all values are number or string, mixed type is not supported',
  ],
  [
    'anything-but with null',
    { a: [{ 'anything-but': [null] }] },
    'Inside anything but list, start|null|boolean is not supported.',
  ],
  [
    'anything-but with a boolean',
    { a: [{ 'anything-but': true }] },
    'Value of anything-but must be an array or single string/number value.',
  ],
  [
    'anything-but with an unsupported nested form',
    { a: [{ 'anything-but': { numeric: ['>', 1] } }] },
    'Unsupported anything-but pattern: numeric',
  ],
  [
    'anything-but with an empty prefix',
    { a: [{ 'anything-but': { prefix: '' } }] },
    'Null prefix/suffix not allowed',
  ],
  [
    'anything-but a wildcard with consecutive wildcards',
    { a: [{ 'anything-but': { wildcard: '**' } }] },
    'Consecutive wildcard characters at pos 1',
  ],
  ['a cidr without a mask', { a: [{ cidr: '10.0.0.0' }] }, "Malformed CIDR, one '/' required"],
  [
    'a cidr with a text mask',
    { a: [{ cidr: '10.0.0.0/x' }] },
    'Malformed CIDR, mask bits must be an integer',
  ],
  [
    'a cidr on something that is not an address',
    { a: [{ cidr: 'example.com/24' }] },
    'Nonstandard IP address: example.com',
  ],
  [
    'an IPv4 cidr with 32 mask bits',
    { a: [{ cidr: '10.0.0.1/32' }] },
    'IPv4 mask bits must be < 32',
  ],
  ['an IPv6 cidr with 128 mask bits', { a: [{ cidr: '::1/128' }] }, 'IPv6 mask bits must be < 128'],
  ['$or that is not an array', { $or: { a: ['x'] } }, 'It must be an Array followed with $or.'],
  [
    '$or with one branch',
    { $or: [{ a: ['x'] }] },
    'There must have at least 2 Objects in $or relationship.',
  ],
  [
    '$or with a value that is not an object',
    { $or: [{ a: ['x'] }, ['b']] },
    'Only JSON object is allowed in array of $or relationship.',
  ],
  [
    'an operator used as a field name inside $or',
    { $or: [{ prefix: ['x'] }, { a: ['y'] }] },
    'prefix is Ruler reserved fieldName which cannot be used inside $or.',
  ],
];

describe('Invalid event patterns', () => {
  it.each(rejects)('rejects %s', (_, pattern, reason) => {
    // Act
    const act = () => validatePattern(pattern);

    // Assess
    expect(act).toThrow(InvalidEventPatternError);
    expect(act).toThrow(`Event pattern is not valid. Reason: ${reason}`);
  });

  it('names the error InvalidEventPatternException, as EventBridge does on the wire', () => {
    const error = (() => {
      try {
        validatePattern({ source: [] });
      } catch (caught) {
        return caught as Error;
      }
    })();

    expect(error?.name).toBe('InvalidEventPatternException');
  });

  it('rejects a pattern given as JSON text that does not parse', () => {
    expect(() => validatePattern('{"source": [')).toThrow(/^Event pattern is not valid\. Reason: /);
  });

  it('accepts a valid pattern given as JSON text and matches with it', () => {
    expect(() => validatePattern('{"source":["billing"]}')).not.toThrow();
    expect(matchesPattern('{"source":["billing"]}', { source: 'billing' })).toBe(true);
  });

  it('refuses to match with an invalid pattern', () => {
    expect(() => matchesPattern({ source: 'billing' }, { source: 'billing' })).toThrow(
      InvalidEventPatternError,
    );
  });
});
