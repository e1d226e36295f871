import { afterEach, describe, expect, it, vi } from 'vitest';
import defaults from '../../domain/config/defaults.json' with { type: 'json' };

const loadRuntime = async () => {
  vi.resetModules();
  return import('../../functions/lib/runtime.ts');
};

afterEach(() => {
  delete process.env.BATON_CONFIG;
});

describe('the handlers’ configuration', () => {
  it('uses the shipped defaults when BATON_CONFIG is not set', async () => {
    const { batonConfig } = await loadRuntime();

    expect(batonConfig().routing.version).toBe(defaults.routing.version);
  });

  it('takes the whole configuration from BATON_CONFIG, so SLAs change without a build', async () => {
    const quick = structuredClone(defaults);
    for (const rule of quick.routing.rules) rule.slaHours = 0.001;
    process.env.BATON_CONFIG = JSON.stringify(quick);

    const { batonConfig } = await loadRuntime();

    expect(batonConfig().routing.rules.every((r) => r.slaHours === 0.001)).toBe(true);
  });

  it('names the variable when BATON_CONFIG is not JSON', async () => {
    process.env.BATON_CONFIG = '{not json';

    const { batonConfig } = await loadRuntime();

    expect(() => batonConfig()).toThrow('BATON_CONFIG is not valid JSON');
  });

  it('reports where an invalid configuration is wrong', async () => {
    const broken = structuredClone(defaults);
    broken.raci.stages['late-arrears'].accountable = 'nobody';
    process.env.BATON_CONFIG = JSON.stringify(broken);

    const { batonConfig } = await loadRuntime();

    expect(() => batonConfig()).toThrow(
      'raci.stages.late-arrears.accountable: unknown team "nobody"',
    );
  });
});
