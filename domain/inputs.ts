import type { CaseCommand } from '#schemas/commands.ts';
import type { Actor } from '#schemas/common.ts';
import type { InboundEvent } from '#schemas/inbound-events.ts';

/** What every input to a case carries. */
interface InputBase {
  /** Unique per input: the event id, the command id, or a tick's own id; claimed once. */
  inputId: string;
  /** When Baton handles it (not when it happened upstream). */
  at: string;
  correlationId: string;
  actor: Actor;
}

/** An event from billing or another system. */
interface EventInput extends InputBase {
  kind: 'event';
  event: InboundEvent;
}

/** A command a team member issued. */
interface CommandInput extends InputBase {
  kind: 'command';
  command: CaseCommand;
}

/** The receiving team did not decide within the SLA (from the handover workflow or a sweep). */
interface HandoverTimeoutInput extends InputBase {
  kind: 'handover-timeout';
  handoverId: string;
  /** Whether the timeout is of the escalated wait (the fallback team's), not the first one. */
  escalated: boolean;
}

/** Time passed: deadlines come due, promises break, protections lapse, cases stall. */
interface TickInput extends InputBase {
  kind: 'tick';
}

type CaseInput = EventInput | CommandInput | HandoverTimeoutInput | TickInput;

export type { CaseInput, CommandInput, EventInput, HandoverTimeoutInput, TickInput };
