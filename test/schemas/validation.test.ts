import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BILLING_SOURCE } from '../../schemas/billing.ts';
import { type CommandType, caseCommand } from '../../schemas/commands.ts';
import { BILLING_DETAIL_TYPES, inboundEventSchemas } from '../../schemas/inbound-events.ts';
import { parseInboundEvent, parseOrThrow, ValidationError } from '../../schemas/validation.ts';

interface EventEnvelope {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'events');

const fixture = (detailType: string): EventEnvelope => {
  const file = `${detailType.toLowerCase().replaceAll(' ', '-')}.json`;
  return JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));
};

const detailOf = (detailType: string, changes: Record<string, unknown> = {}) => ({
  ...fixture(detailType).detail,
  ...changes,
});

const rejection = (parse: () => unknown): ValidationError => {
  try {
    parse();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError, but the input parsed');
};

const rejectDetail = (detailType: string, changes: Record<string, unknown>) =>
  rejection(() => parseInboundEvent(detailType, detailOf(detailType, changes)));

const rejectCommand = (command: Record<string, unknown>) =>
  rejection(() => parseOrThrow(caseCommand, command, 'command'));

const OTHER_DETAIL_TYPES = Object.keys(inboundEventSchemas).filter(
  (type) => !(BILLING_DETAIL_TYPES as readonly string[]).includes(type),
);

describe('inbound event fixtures', () => {
  it.each(Object.keys(inboundEventSchemas))('wraps %s in a full EventBridge envelope', (type) => {
    const event = fixture(type);

    expect(Object.keys(event).sort()).toEqual([
      'account',
      'detail',
      'detail-type',
      'id',
      'region',
      'resources',
      'source',
      'time',
      'version',
    ]);
    expect(event['detail-type']).toBe(type);
    expect(event.detail.customerId).toBe('cus-1042');
    expect([undefined, 'acc-88', 'acc-91']).toContain(event.detail.accountId);
  });
});

describe('parseInboundEvent', () => {
  it.each(BILLING_DETAIL_TYPES)('accepts each billing fixture: %s', (type) => {
    const event = fixture(type);

    const parsed = parseInboundEvent(event['detail-type'], event.detail);

    expect(event.source).toBe(BILLING_SOURCE);
    expect(parsed).toEqual({ detailType: type, detail: event.detail });
  });

  it.each(OTHER_DETAIL_TYPES)('accepts each fixture from other systems: %s', (type) => {
    const event = fixture(type);

    const parsed = parseInboundEvent(event['detail-type'], event.detail);

    expect(event.source).not.toBe(BILLING_SOURCE);
    expect(parsed.detailType).toBe(type);
  });

  it('names the field and the rule when an amount is not in integer minor units', () => {
    const error = rejectDetail('Account In Arrears', { arrearsMinor: 125.5 });

    expect(error.name).toBe('ValidationError');
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.violations).toEqual([
      { path: 'arrearsMinor', message: 'must be an integer amount in minor units' },
    ]);
    expect(error.message).toBe(
      'Account In Arrears detail is invalid: arrearsMinor: must be an integer amount in minor units',
    );
  });

  it('names the rule when an amount is negative, or zero where it must be positive', () => {
    expect(rejectDetail('Account In Arrears', { balanceMinor: -1 }).violations).toEqual([
      { path: 'balanceMinor', message: 'must not be negative' },
    ]);
    expect(rejectDetail('Payment Received', { amountMinor: 0 }).violations).toEqual([
      { path: 'amountMinor', message: 'must be more than zero' },
    ]);
  });

  it.each(['GPB', 'gbp', 'POUNDS'])('rejects a currency that is not ISO 4217: %s', (currency) => {
    expect(rejectDetail('Payment Missed', { currency }).violations).toEqual([
      { path: 'currency', message: 'must be an ISO 4217 code such as GBP' },
    ]);
  });

  it('rejects an instant without an offset', () => {
    const error = rejectDetail('Complaint Received', { receivedAt: '2026-12-03T11:00:00' });

    expect(error.violations).toEqual([
      {
        path: 'receivedAt',
        message: 'must be an ISO 8601 date-time with an offset, such as 2026-12-03T09:15:00Z',
      },
    ]);
  });

  it.each(['01/12/2026', '2026-02-30'])('rejects a date that is not a real YYYY-MM-DD: %s', (d) => {
    expect(rejectDetail('Payment Missed', { dueDate: d }).violations).toEqual([
      { path: 'dueDate', message: 'must be a date in the form YYYY-MM-DD' },
    ]);
  });

  it('rejects an unknown detail-type naming it', () => {
    const error = rejection(() => parseInboundEvent('Account Closed', detailOf('Account Settled')));

    expect(error.violations).toEqual([
      { path: 'detail-type', message: '"Account Closed" is not an event Baton consumes' },
    ]);
    expect(error.message).toContain('"Account Closed"');
  });

  it('rejects a schemaVersion this Baton does not read', () => {
    expect(rejectDetail('Fraud Suspected', { schemaVersion: 2 }).violations).toEqual([
      { path: 'schemaVersion', message: 'must be 1, the schema version this Baton reads' },
    ]);
  });

  it('rejects an empty drivers list on a vulnerability disclosure', () => {
    const error = rejectDetail('Vulnerability Disclosed', { drivers: [] });

    expect(error.violations).toHaveLength(1);
    expect(error.violations[0]?.path).toBe('drivers');
    expect(error.violations[0]?.message).toBe('must not be empty');
  });

  it('says a missing field is required and names the values a field may take', () => {
    const error = rejectDetail('Account Settled', { accountId: undefined, reason: 'paid' });

    expect(error.message).toBe(
      'Account Settled detail is invalid: accountId: is required; reason: must be one of "paid-in-full", "settled-reduced", "written-off"',
    );
  });

  it('names the dotted path of a broken nested field', () => {
    const { consent } = detailOf('Vulnerability Disclosed') as { consent: object };

    const error = rejectDetail('Vulnerability Disclosed', {
      consent: { ...consent, recordedAt: '2026-12-03 10:00' },
    });

    expect(error.violations.map((v) => v.path)).toEqual(['consent.recordedAt']);
  });

  it('reports every broken field at once, without a stack trace in the message', () => {
    const error = rejectDetail('Account In Arrears', {
      currency: 'XYZ',
      daysPastDue: -3,
      occurredAt: 'yesterday',
    });

    expect(error.violations.map((v) => v.path).sort()).toEqual([
      'currency',
      'daysPastDue',
      'occurredAt',
    ]);
    expect(error.message).not.toMatch(/\n|\bat .+:\d+/);
    expect(error.message).not.toContain('ZodError');
  });

  it('strips fields the schema does not name', () => {
    const parsed = parseInboundEvent(
      'Account Settled',
      detailOf('Account Settled', { internalNote: 'x' }),
    );

    expect(parsed.detail).not.toHaveProperty('internalNote');
  });
});

const consent = {
  granted: true,
  givenBy: 'customer',
  recordedBy: 'agent-ana',
  recordedAt: '2026-12-03T10:00:00Z',
  channel: 'phone',
  toldCustomer: 'Shared with the teams supporting you.',
};

const commands: Record<CommandType, Record<string, unknown>> = {
  'accept-handover': { handoverId: 'case-cus-1042-1-h1' },
  'decline-handover': { handoverId: 'case-cus-1042-1-h1', reason: 'No vulnerability on file.' },
  'add-note': { text: 'Customer asked for calls after 6pm.' },
  'record-contact': {
    channel: 'phone',
    direction: 'inbound',
    purpose: 'support',
    summary: 'Talked through the income and expenditure form.',
  },
  'promise-to-pay': {
    accountId: 'acc-91',
    amountMinor: 2500,
    currency: 'GBP',
    dueDate: '2026-12-18',
  },
  'flag-vulnerability': { drivers: ['life-event'], circumstances: 'Recently bereaved.', consent },
  'update-vulnerability': { needs: ['extra time'] },
  'raise-complaint': { category: 'collections-conduct', channel: 'email', summary: 'Rude call.' },
  'resolve-complaint': { complaintId: 'CMP-311', outcome: 'not-upheld' },
  'flag-fraud': { reason: 'account-takeover', notes: 'Card changed twice this week.' },
  'clear-fraud': {},
  'flag-financial-difficulty': { reason: 'Income and expenditure shows a deficit.' },
  'clear-financial-difficulty': { reason: 'Back in full-time work.' },
  'record-arrears-notice': { accountId: 'acc-88' },
  reassign: { team: 'financial-difficulty', reason: 'Income and expenditure shows a deficit.' },
  close: { reason: 'paid' },
};

const parseCommand = (type: CommandType, fields: Record<string, unknown> = {}) =>
  parseOrThrow(caseCommand, { type, commandId: `c-${type}`, ...commands[type], ...fields }, 'cmd');

describe('caseCommand', () => {
  it('has a sample here for every command type in the union', () => {
    const types = caseCommand.options.map((option) => option.shape.type.value);

    expect(Object.keys(commands).sort()).toEqual(types.sort());
  });

  it.each(Object.keys(commands) as CommandType[])(
    'parses every command type through the caseCommand union: %s',
    (type) => {
      expect(parseCommand(type)).toMatchObject({ type, commandId: `c-${type}`, ...commands[type] });
    },
  );

  it('applies defaults (restricted note false)', () => {
    expect(parseCommand('add-note')).toMatchObject({ restricted: false });
    expect(parseCommand('add-note', { restricted: true })).toMatchObject({ restricted: true });
  });

  it('applies defaults (no needs on a flagged vulnerability, an update does not end it)', () => {
    expect(parseCommand('flag-vulnerability')).toMatchObject({ needs: [] });
    expect(parseCommand('update-vulnerability')).toMatchObject({ ended: false });
  });

  it('trims free text and rejects text that is only spaces', () => {
    expect(parseCommand('add-note', { text: '  Call after 6pm. ' })).toMatchObject({
      text: 'Call after 6pm.',
    });
    expect(rejectCommand({ type: 'add-note', commandId: 'c-1', text: '   ' }).violations).toEqual([
      expect.objectContaining({ path: 'text' }),
    ]);
  });

  it('rejects an unknown command type naming the type field', () => {
    const error = rejectCommand({ type: 'delete-case', commandId: 'c-1' });

    expect(error.violations.map((v) => v.path)).toEqual(['type']);
    expect(error.message).toMatch(/^command is invalid: type: /);
  });

  it('rejects a team id that is not lower-case kebab form', () => {
    const error = rejectCommand({
      type: 'reassign',
      commandId: 'c-1',
      team: 'Specialist Support',
      reason: 'Needs specialist help.',
    });

    expect(error.violations).toEqual([
      { path: 'team', message: 'must be a team id in lower-case kebab form' },
    ]);
  });
});
