import { describe, expect, it } from 'vitest';

describe('runtime', () => {
  it('runs on the Node major the project pins', () => {
    const major = Number(process.versions.node.split('.')[0]);
    expect(major).toBe(24);
  });
});
