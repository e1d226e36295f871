import { describe, expect, it } from 'vitest';
import { readyBanner } from '../../../local/ready-banner.ts';
import { accountInArrears } from '../../../schemas/billing.ts';

const banner = (now: Date) =>
  readyBanner({
    stackName: 'baton-dev',
    readySeconds: '8.3',
    edgeUrl: 'http://127.0.0.1:4566',
    httpUrl: 'http://127.0.0.1:4567',
    webSocketUrl: 'ws://127.0.0.1:4568/dev',
    dataDir: '/tmp/baton-data',
    region: 'eu-west-2',
    busName: 'baton-dev',
    now,
  });

const entriesOf = (text: string): unknown => {
  const match = /put-events --entries '([^']+)'/.exec(text);
  if (!match?.[1]) throw new Error('the banner has no put-events command');
  return JSON.parse(match[1]);
};

describe('the banner npm start prints', () => {
  it('gives a put-events command whose entries are valid JSON with a valid billing detail', () => {
    const [entry] = entriesOf(banner(new Date('2026-12-04T09:00:00Z'))) as Record<string, string>[];

    expect(entry).toMatchObject({
      EventBusName: 'baton-dev',
      Source: 'billing',
      DetailType: 'Account In Arrears',
    });
    const detail = accountInArrears.parse(JSON.parse(entry?.Detail ?? ''));
    expect(detail.occurredAt).toBe('2026-12-04T09:00:00.000Z');
  });

  it('gives the sample a new event id at every start, so it is never ignored as already seen', () => {
    const idOf = (now: Date) => {
      const [entry] = entriesOf(banner(now)) as Record<string, string>[];
      return JSON.parse(entry?.Detail ?? '{}').eventId;
    };

    expect(idOf(new Date('2026-12-04T09:00:00Z'))).not.toBe(idOf(new Date('2026-12-04T09:00:01Z')));
  });

  it('names the region for both versions of the AWS CLI', () => {
    expect(banner(new Date())).toContain('AWS_REGION=eu-west-2 AWS_DEFAULT_REGION=eu-west-2');
  });
});
