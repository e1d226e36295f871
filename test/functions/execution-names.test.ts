import { describe, expect, it } from 'vitest';
import { executionArn, executionName } from '../../functions/lib/execution-names.ts';

/** What Step Functions accepts and CloudWatch logs: letters, digits, `-` and `_`, 1 to 80. */
const VALID = /^[A-Za-z0-9_-]{1,80}$/;
const MACHINE = 'arn:aws:states:eu-west-2:123456789012:stateMachine:baton-dev-handover';

describe('execution names', () => {
  it('keep a handover id that Step Functions accepts as it is', () => {
    expect(executionName('case-cus-1-9f2c41-h1')).toBe('case-cus-1-9f2c41-h1');
    expect(executionName('x'.repeat(80))).toBe('x'.repeat(80));
  });

  it('fit an id of 120 characters into a valid name that starts like the id', () => {
    const id = `case-${'a'.repeat(112)}-h1`;

    const name = executionName(id);

    expect(id).toHaveLength(120);
    expect(name).toMatch(VALID);
    expect(name.startsWith('case-aaaa')).toBe(true);
  });

  it('give two ids that share their first 80 characters different names', () => {
    const shared = `case-${'b'.repeat(75)}`;

    const names = [`${shared}-h1`, `${shared}-h2`].map(executionName);

    expect(names[0]).not.toBe(names[1]);
    for (const name of names) expect(name).toMatch(VALID);
  });

  it('give ids that differ only in characters Step Functions refuses different valid names', () => {
    const names = ['case-cus:1-h1', 'case-cus/1-h1', 'case-cus_1-h1'].map(executionName);

    expect(new Set(names).size).toBe(3);
    for (const name of names) expect(name).toMatch(VALID);
  });

  it('derive the same name every time, so a stop finds the execution its start named', () => {
    const id = `case-${'c'.repeat(100)}:x-h1`;

    expect(executionName(id)).toBe(executionName(id));
    expect(executionArn(MACHINE, id)).toBe(
      `arn:aws:states:eu-west-2:123456789012:execution:baton-dev-handover:${executionName(id)}`,
    );
  });
});
