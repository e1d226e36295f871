import type { InboundEvent } from '#schemas/inbound-events.ts';
import type { Random } from './random.ts';

/** An event as it would arrive on the bus: when, from where, and what. */
interface Arrival {
  at: string;
  source: string;
  event: InboundEvent;
}

const PRODUCTS = ['credit-card', 'personal-loan', 'overdraft', 'car-finance'] as const;

const instant = (day: string, minute: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + minute * 60_000).toISOString();

const consent = (at: string) => ({
  granted: true,
  givenBy: 'customer' as const,
  recordedBy: 'agent-crm',
  recordedAt: at,
  channel: 'phone' as const,
  toldCustomer: 'Shared with the teams supporting you so you need not repeat it.',
});

/**
 * One customer's day: a morning arrears snapshot per account from the billing batch, then, for
 * some, payments, missed payments and the signals other systems send during office hours.
 */
const customerDay = (rng: Random, customerId: string, day: string): Arrival[] => {
  const arrivals: Arrival[] = [];
  let n = 0;
  const id = () => `${customerId}-e${++n}`;
  const accounts = Array.from({ length: rng.int(1, 3) }, (_, i) => `${customerId}-a${i + 1}`);
  for (const accountId of accounts) {
    const at = instant(day, rng.int(300, 420));
    const missedPayments = rng.int(1, 4);
    arrivals.push({
      at,
      source: 'billing',
      event: {
        detailType: 'Account In Arrears',
        detail: {
          schemaVersion: 1,
          eventId: id(),
          customerId,
          accountId,
          product: rng.pick(PRODUCTS),
          currency: 'GBP',
          arrearsMinor: rng.int(50, 2_000) * 100,
          balanceMinor: rng.int(2_000, 20_000) * 100,
          daysPastDue: missedPayments * 30 - rng.int(0, 25),
          missedPayments,
          occurredAt: at,
        },
      },
    });
  }
  const daytime = () => instant(day, rng.int(540, 1_020));
  const base = (at: string) => ({
    schemaVersion: 1 as const,
    eventId: id(),
    customerId,
    occurredAt: at,
  });
  if (rng.chance(0.15)) {
    const at = daytime();
    arrivals.push({
      at,
      source: 'crm',
      event: {
        detailType: 'Vulnerability Disclosed',
        detail: {
          ...base(at),
          drivers: [rng.pick(['health', 'life-event', 'resilience', 'capability'] as const)],
          needs: ['extra time to respond'],
          circumstances: 'Told the agent about circumstances affecting their finances.',
          consent: consent(at),
        },
      },
    });
  }
  if (rng.chance(0.05)) {
    const at = daytime();
    arrivals.push({
      at,
      source: 'complaints',
      event: {
        detailType: 'Complaint Received',
        detail: {
          ...base(at),
          complaintId: `${customerId}-cmp`,
          category: 'collections-conduct',
          channel: 'phone',
          summary: 'Unhappy with how often they were called.',
          receivedAt: at,
        },
      },
    });
  }
  if (rng.chance(0.04)) {
    const at = daytime();
    arrivals.push({
      at,
      source: 'insolvency-service',
      event: {
        detailType: 'Breathing Space Started',
        detail: { ...base(at), kind: 'standard', reference: `BS-${customerId}`, startDate: day },
      },
    });
  }
  if (rng.chance(0.02)) {
    const at = daytime();
    arrivals.push({
      at,
      source: 'fraud',
      event: {
        detailType: 'Fraud Suspected',
        detail: {
          ...base(at),
          referenceId: `FR-${customerId}`,
          reason: 'identity-theft',
          notes: 'Card opened from an unknown address.',
        },
      },
    });
  }
  if (rng.chance(0.04)) {
    const at = daytime();
    arrivals.push({
      at,
      source: 'crm',
      event: {
        detailType: 'Debt Adviser Registered',
        detail: {
          ...base(at),
          adviser: { name: 'Adviser', organisation: 'A debt advice charity' },
          authorityFrom: day,
        },
      },
    });
  }
  if (rng.chance(0.2)) {
    const at = daytime();
    const accountId = rng.pick(accounts);
    arrivals.push({
      at,
      source: 'billing',
      event: {
        detailType: 'Payment Received',
        detail: {
          ...base(at),
          accountId,
          currency: 'GBP',
          amountMinor: 2_500,
          arrearsMinor: rng.chance(0.3) ? 0 : 5_000,
        },
      },
    });
  }
  return arrivals;
};

export type { Arrival };
export { customerDay };
