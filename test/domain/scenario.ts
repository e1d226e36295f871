import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { type BatonConfig, defaultConfig } from '#domain/config/config.ts';
import { type Decision, decide } from '#domain/decide.ts';
import type {
  CaseInput,
  CommandInput,
  EventInput,
  HandoverTimeoutInput,
  TickInput,
} from '#domain/inputs.ts';
import type { AuditRecord } from '#schemas/audit-record.ts';
import type { Case } from '#schemas/case.ts';
import type { CaseEvent, CaseEventType, caseEventSchemas } from '#schemas/case-events.ts';
import { caseCommand } from '#schemas/commands.ts';
import type { Actor } from '#schemas/common.ts';
import type { InboundEventType } from '#schemas/inbound-events.ts';
import { parseInboundEvent, parseOrThrow } from '#schemas/validation.ts';

/** The shipped configuration, as every scenario uses it unless told otherwise. */
const config: BatonConfig = defaultConfig();

type Detail = Record<string, unknown>;

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'events');

/** The detail of a real event fixture, with some fields changed. */
const fixtureDetail = (detailType: InboundEventType, changes: Detail = {}): Detail => {
  const file = `${detailType.toLowerCase().replaceAll(' ', '-')}.json`;
  const envelope = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as { detail: Detail };
  return { ...envelope.detail, ...changes };
};

/** An event input, its detail parsed as ingest parses it; handled when it occurred by default. */
const eventInput = (detailType: string, detail: unknown, at?: string): EventInput => {
  const event = parseInboundEvent(detailType, detail);
  return {
    kind: 'event',
    inputId: event.detail.eventId,
    at: at ?? event.detail.occurredAt,
    correlationId: event.detail.eventId,
    actor: { kind: 'system', name: 'ingest' },
    event,
  };
};

/** An event input from a fixture, with some detail fields changed. */
const fixtureInput = (detailType: InboundEventType, changes: Detail = {}, at?: string) =>
  eventInput(detailType, fixtureDetail(detailType, changes), at);

type CommandSpec =
  z.input<typeof caseCommand> extends infer C
    ? C extends unknown
      ? Omit<C, 'commandId'> & { commandId?: string }
      : never
    : never;

let commandCount = 0;

/** A command input, parsed as the commands API parses it; the id is made up when not given. */
const commandInput = (command: CommandSpec, actor: Actor, at: string): CommandInput => {
  commandCount += 1;
  const parsed = parseOrThrow(
    caseCommand,
    { commandId: `cmd-${commandCount}`, ...command },
    'command',
  );
  return {
    kind: 'command',
    inputId: parsed.commandId,
    at,
    correlationId: parsed.commandId,
    actor,
    command: parsed,
  };
};

/** The clock's input: time has passed up to `at`. */
const tick = (at: string): TickInput => ({
  kind: 'tick',
  inputId: `tick@${at}`,
  at,
  correlationId: `tick@${at}`,
  actor: { kind: 'system', name: 'clock' },
});

/** The handover workflow's input: the (escalated) SLA of a handover passed. */
const timeout = (handoverId: string, escalated: boolean, at: string): HandoverTimeoutInput => ({
  kind: 'handover-timeout',
  inputId: `${handoverId}:${escalated ? 'escalated' : 'first'}-timeout`,
  at,
  correlationId: handoverId,
  actor: { kind: 'system', name: 'handover-workflow' },
  handoverId,
  escalated,
});

/** A signed-in member of one team. */
const agentOf = (team: string, lead = false): Actor => ({
  kind: 'agent',
  agentId: `agent-${team}${lead ? '-lead' : ''}`,
  teams: [team],
  lead,
});

/** One ordinary agent per team of the shipped configuration. */
const agents = {
  frontLine: agentOf('front-line'),
  lateStage: agentOf('late-stage'),
  financialDifficulty: agentOf('financial-difficulty'),
  specialistSupport: agentOf('specialist-support'),
  complaints: agentOf('complaints'),
  fraud: agentOf('fraud'),
  breathingSpace: agentOf('breathing-space'),
} satisfies Record<string, Actor>;

/** A team lead. */
const teamLead: Actor = agentOf('team-leads', true);

/** What a run of inputs did: the case at the end, every decision, and all events and audit. */
interface Run {
  case: Case;
  decisions: Decision[];
  events: CaseEvent[];
  audit: AuditRecord[];
}

/**
 * Threads a case through `decide` input by input, from `start` (no case by default), collecting
 * the events and audit records every step produced.
 */
const run = (steps: CaseInput[], options: { start?: Case; config?: BatonConfig } = {}): Run => {
  let current = options.start;
  const decisions: Decision[] = [];
  for (const step of steps) {
    const decision = decide(current, step, options.config ?? config);
    decisions.push(decision);
    current = decision.case;
  }
  if (!current) throw new Error('the scenario left the customer without a case');
  return {
    case: current,
    decisions,
    events: decisions.flatMap((d) => d.events),
    audit: decisions.flatMap((d) => d.audit),
  };
};

/** The id of the handover in flight; throws when there is none. */
const handoverIdOf = (c: Case): string => {
  if (!c.handover) throw new Error(`case ${c.caseId} has no handover in flight`);
  return c.handover.handoverId;
};

/** The detail-types of some events, in order. */
const typesOf = (events: readonly CaseEvent[]) => events.map((e) => e.detailType);

/** The first event of a type, narrowed to it; throws when there is none. */
const eventOf = <K extends CaseEventType>(
  events: readonly CaseEvent[],
  type: K,
): z.infer<(typeof caseEventSchemas)[K]> => {
  const found = events.find((e) => e.detailType === type);
  if (!found) throw new Error(`no ${type} among ${typesOf(events).join(', ') || 'no events'}`);
  return found.detail as z.infer<(typeof caseEventSchemas)[K]>;
};

export type { CommandSpec, Run };
export {
  agentOf,
  agents,
  commandInput,
  config,
  eventInput,
  eventOf,
  fixtureDetail,
  fixtureInput,
  handoverIdOf,
  run,
  teamLead,
  tick,
  timeout,
  typesOf,
};
