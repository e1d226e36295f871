import { describe, expect, it } from 'vitest';
import {
  evaluateJsonPath,
  isReferencePath,
  parseJsonPath,
  setAtReferencePath,
} from '../../../local/stepfunctions/query/jsonpath.ts';

// The input the Step Functions developer guide uses to explain reference paths.
const guideInput = { foo: 123, bar: ['a', 'b', 'c'], car: { cdr: true } };

const store = {
  book: [
    { category: 'reference', author: 'Nigel Rees', title: 'Sayings of the Century', price: 8.95 },
    { category: 'fiction', author: 'Evelyn Waugh', title: 'Sword of Honour', price: 12.99 },
    {
      category: 'fiction',
      author: 'J. R. R. Tolkien',
      title: 'The Lord of the Rings',
      isbn: '0-395-19395-8',
      price: 22.99,
    },
  ],
  bicycle: { color: 'red', price: 19.95 },
};

const value = (path: string, input: unknown, extra: Record<string, unknown> = {}) => {
  const result = evaluateJsonPath(path, { input: input as never, ...extra });
  return result.found ? result.value : 'NOT FOUND';
};

describe('JSONPath', () => {
  it('selects the values of the developer guide reference-path example', () => {
    // Prepare, Act, Assess
    expect(value('$.foo', guideInput)).toBe(123);
    expect(value('$.bar', guideInput)).toEqual(['a', 'b', 'c']);
    expect(value('$.car.cdr', guideInput)).toBe(true);
    expect(value('$', guideInput)).toEqual(guideInput);
  });

  it('reads bracket notation, negative indexes and names with dashes', () => {
    const input = { 'delivery-partner': 'UQS', 'a b': 1, list: [1, 2, 3] };
    expect(value('$.delivery-partner', input)).toBe('UQS');
    expect(value("$['a b']", input)).toBe(1);
    expect(value('$.list[-1]', input)).toBe(3);
    expect(value('$.list[0]', input)).toBe(1);
  });

  it('returns arrays for wildcards, unions, slices, filters and recursive descent', () => {
    expect(value('$.book[*].author', store)).toEqual([
      'Nigel Rees',
      'Evelyn Waugh',
      'J. R. R. Tolkien',
    ]);
    expect(value('$..price', store)).toEqual([8.95, 12.99, 22.99, 19.95]);
    expect(value('$.book[0,2].title', store)).toEqual([
      'Sayings of the Century',
      'The Lord of the Rings',
    ]);
    expect(value('$.book[:2].price', store)).toEqual([8.95, 12.99]);
    expect(value('$.book[?(@.price < 10)].title', store)).toEqual(['Sayings of the Century']);
    expect(value('$.book[?(@.isbn)].title', store)).toEqual(['The Lord of the Rings']);
    expect(value("$.book[?(@.category == 'fiction' && @.price > 20)].author", store)).toEqual([
      'J. R. R. Tolkien',
    ]);
    expect(value('$.book[?(@.price > 100)]', store)).toEqual([]);
  });

  it('reads the context object with $$ and workflow variables with $name', () => {
    const context = { Execution: { Id: 'arn:x' } };
    expect(value('$$.Execution.Id', {}, { context })).toBe('arn:x');
    expect(value('$customer.name', {}, { variables: { customer: { name: 'Ada' } } })).toBe('Ada');
  });

  it('finds nothing for a definite path that does not match', () => {
    expect(value('$.missing', guideInput)).toBe('NOT FOUND');
    expect(value('$.bar[7]', guideInput)).toBe('NOT FOUND');
  });

  it('rejects malformed paths', () => {
    expect(() => parseJsonPath('foo')).toThrow(/Invalid JSONPath/);
    expect(() => parseJsonPath('$.a[')).toThrow(/Invalid JSONPath/);
  });

  it('places a result at a reference path, creating the objects on the way', () => {
    const path = parseJsonPath('$.strings.lambdaresult');
    expect(isReferencePath(path)).toBe(true);
    expect(setAtReferencePath({ a: 1 }, path, 'x')).toEqual({
      a: 1,
      strings: { lambdaresult: 'x' },
    });
    expect(setAtReferencePath('text', path, 'x')).toBeUndefined();
    expect(isReferencePath(parseJsonPath('$.a[*]'))).toBe(false);
  });
});
