import { z } from 'zod';

/** The version every message detail carries; bumped on a breaking change to any schema. */
const SCHEMA_VERSION = 1 as const;

const schemaVersion = z.literal(SCHEMA_VERSION, {
  error: `must be ${SCHEMA_VERSION}, the schema version this Baton reads`,
});

const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));

/** An ISO 4217 currency code, checked against the codes the runtime knows. */
const currency = z
  .string()
  .refine((code) => knownCurrencies.has(code), { error: 'must be an ISO 4217 code such as GBP' });

/** An amount in integer minor units (pence for GBP): never a float. */
const minorUnits = z
  .int({ error: 'must be an integer amount in minor units' })
  .nonnegative({ error: 'must not be negative' });

/** A positive amount in integer minor units. */
const positiveMinorUnits = z
  .int({ error: 'must be an integer amount in minor units' })
  .positive({ error: 'must be more than zero' });

/** An instant with an explicit offset, such as `2026-12-03T09:15:00+00:00`. */
const instant = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 date-time with an offset, such as 2026-12-03T09:15:00Z',
});

/** A calendar date, `YYYY-MM-DD`. */
const calendarDate = z.iso.date({ error: 'must be a date in the form YYYY-MM-DD' });

/** An identifier from another system: opaque, non-empty, bounded. */
const externalId = z.string().min(1).max(128);

/** A team's identifier, such as `specialist-support`. */
const teamId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,47}$/, { error: 'must be a team id in lower-case kebab form' });

/** An agent's identifier, as the sign-in token carries it. */
const agentId = z.string().min(1).max(64);

/** Free text a person wrote; bounded so one field cannot fill a case. */
const text = (max = 2_000) => z.string().trim().min(1).max(max);

/** How the firm and the customer were in touch. */
const channel = z.enum(['phone', 'email', 'letter', 'webchat', 'sms', 'in-person', 'portal']);

/** Who is accountable for a case: always a team, sometimes a named agent. */
const owner = z.object({ team: teamId, agent: agentId.optional() });
type Owner = z.infer<typeof owner>;

/** Who did something: a person signed in for some teams, or a named system. */
const actor = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('agent'),
    agentId,
    teams: z.array(teamId).min(1),
    lead: z.boolean().default(false),
  }),
  z.object({ kind: z.literal('system'), name: z.string().min(1).max(64) }),
]);
type Actor = z.infer<typeof actor>;

/** Fields every event detail shares: its version, its id for idempotency and when it happened. */
const eventBase = z.object({ schemaVersion, eventId: externalId, occurredAt: instant });

/** Fields every event about one customer shares. */
const customerEventBase = eventBase.extend({ customerId: externalId });

export type { Actor, Owner };
export {
  actor,
  agentId,
  calendarDate,
  channel,
  currency,
  customerEventBase,
  eventBase,
  externalId,
  instant,
  minorUnits,
  owner,
  positiveMinorUnits,
  SCHEMA_VERSION,
  schemaVersion,
  teamId,
  text,
};
