import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../infra/config.ts';

const configFrom = (context: Record<string, unknown>) => readConfig(new App({ context }).node);

describe('context configuration', () => {
  it('defaults to the dev stage, billing source, four signal sources and six-year retention', () => {
    expect(configFrom({})).toEqual({
      stage: 'dev',
      billingSources: ['billing'],
      signalSources: ['crm', 'insolvency-service', 'complaints', 'fraud'],
      producerAccountIds: [],
      producerOrganizationId: undefined,
      auditRetentionDays: 2190,
      acceptanceSlaSeconds: 86_400,
      escalationSlaSeconds: 14_400,
    });
  });

  it('reads lists as comma-separated strings from -c and as arrays from cdk.json', () => {
    expect(configFrom({ billingSources: 'billing, ledger' }).billingSources).toEqual([
      'billing',
      'ledger',
    ]);
    expect(configFrom({ producerAccountIds: ['123456789012'] }).producerAccountIds).toEqual([
      '123456789012',
    ]);
  });

  it('reports every bad value at once, each by its name', () => {
    const read = () =>
      configFrom({
        stage: 'Prod!',
        signalSources: 'crm,baton.cases',
        producerAccountIds: '42',
        auditRetentionDays: 'forever',
      });
    expect(read).toThrow(/stage must be/);
    expect(read).toThrow(/signalSources has sources producers may not use: baton\.cases/);
    expect(read).toThrow(/producerAccountIds must be 12-digit account ids: 42/);
    expect(read).toThrow(/auditRetentionDays must be an integer/);
  });
});
