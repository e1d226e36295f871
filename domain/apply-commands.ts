import type { CaseCommand } from '#schemas/commands.ts';
import { addPromise } from './apply-billing.ts';
import {
  closeComplaint,
  disclose,
  fraudCleared,
  fraudSuspected,
  openComplaint,
} from './apply-signals.ts';
import { closeCase } from './closing.ts';
import { dropDeadlines } from './deadlines.ts';
import type { Draft } from './draft.ts';
import { NotAllowedError, NotFoundError, ProtectedCaseError } from './errors.ts';
import { acceptHandover, declineHandover, withdrawHandover } from './handover.ts';
import type { CommandInput } from './inputs.ts';
import { audienceOf } from './raci.ts';

/**
 * Who may issue which command: the receiving team decides on a handover; team leads reassign;
 * everything else is for the owner, the receiving team, the teams the RACI makes responsible,
 * accountable or consulted, and team leads.
 */
const authorize = (draft: Draft, command: CaseCommand): void => {
  const { actor } = draft.input;
  if (actor.kind === 'system') return;
  if (command.type === 'accept-handover' || command.type === 'decline-handover') return;
  if (command.type === 'reassign') {
    if (!actor.lead) throw new NotAllowedError('only a team lead may reassign a case');
    return;
  }
  if (actor.lead) return;
  const audience = audienceOf(draft.case, draft.config);
  const allowed = actor.teams.some((team) => {
    const roles = audience.get(team);
    return (
      roles && (roles.has('responsible') || roles.has('accountable') || roles.has('consulted'))
    );
  });
  if (!allowed) {
    throw new NotAllowedError(`${actor.teams.join(', ')} may not ${command.type} on this case`);
  }
};

const agentOf = (draft: Draft) =>
  draft.input.actor.kind === 'agent' ? draft.input.actor.agentId : draft.input.actor.name;

const teamOf = (draft: Draft) =>
  draft.input.actor.kind === 'agent'
    ? (draft.input.actor.teams.find((t) => t === draft.case.owner.team) ??
      draft.input.actor.teams[0] ??
      'system')
    : 'system';

const applyCommand = (draft: Draft, input: CommandInput) => {
  const { command } = input;
  const c = draft.case;
  authorize(draft, command);
  switch (command.type) {
    case 'accept-handover':
      return acceptHandover(draft, command.handoverId);
    case 'decline-handover':
      return declineHandover(draft, command.handoverId, command.reason);
    case 'add-note':
      c.notes.push({
        at: draft.at,
        by: agentOf(draft),
        team: teamOf(draft),
        text: command.text,
        restricted: command.restricted,
      });
      return draft.record('note-added');
    case 'record-contact':
      if (command.purpose === 'collection' && c.protections.collectionContactPaused) {
        throw new ProtectedCaseError(
          `collection contact is paused (${c.protections.reasons.join(', ')}); record support or welfare contact instead`,
        );
      }
      c.contacts.push({
        at: draft.at,
        by: agentOf(draft),
        channel: command.channel,
        direction: command.direction,
        purpose: command.purpose,
        summary: command.summary,
      });
      return draft.record('contact-recorded', command.purpose);
    case 'promise-to-pay': {
      if (command.accountId && !c.accounts[command.accountId]) {
        throw new NotFoundError(`account ${command.accountId} is not on case ${c.caseId}`);
      }
      const promiseId = `${c.caseId}-p${c.promises.length + 1}`;
      c.promises.push({
        promiseId,
        ...(command.accountId ? { accountId: command.accountId } : {}),
        amountMinor: command.amountMinor,
        currency: command.currency,
        dueDate: command.dueDate,
        status: 'open',
        madeAt: draft.at,
        madeBy: agentOf(draft),
      });
      addPromise(c, promiseId, command.dueDate);
      return draft.record('promise-recorded');
    }
    case 'flag-vulnerability':
      return disclose(draft, command, 'vulnerability-flagged');
    case 'update-vulnerability': {
      const held = c.flags.vulnerability;
      if (!held) throw new NotFoundError(`case ${c.caseId} has no vulnerability to update`);
      if (command.ended) {
        delete c.flags.vulnerability;
        return draft.record('vulnerability-ended');
      }
      if (!held.consent.granted && (command.needs || command.circumstances)) {
        throw new NotAllowedError('consent was not granted: record a new disclosure with consent');
      }
      if (command.drivers) held.drivers = command.drivers;
      if (command.needs) held.needs = command.needs;
      if (command.circumstances) held.circumstances = command.circumstances;
      return draft.record('vulnerability-updated');
    }
    case 'raise-complaint':
      return openComplaint(
        draft,
        {
          complaintId: command.commandId,
          category: command.category,
          channel: command.channel,
          summary: command.summary,
          receivedAt: draft.at,
        },
        'complaint-raised',
      );
    case 'resolve-complaint':
      if (!closeComplaint(c, command.complaintId)) {
        throw new NotFoundError(`case ${c.caseId} has no open complaint ${command.complaintId}`);
      }
      return draft.record('complaint-resolved', command.outcome);
    case 'flag-fraud':
      return fraudSuspected(draft, {
        ...eventLike(draft),
        referenceId: command.commandId,
        reason: command.reason,
        notes: command.notes,
      });
    case 'clear-fraud': {
      const held = c.flags.fraud;
      if (!held) throw new NotFoundError(`case ${c.caseId} has no fraud suspicion to clear`);
      return fraudCleared(draft, { ...eventLike(draft), referenceId: held.referenceId });
    }
    case 'flag-financial-difficulty':
      if (c.flags.financialDifficulty) {
        throw new NotAllowedError(`case ${c.caseId} is already flagged as in financial difficulty`);
      }
      c.flags.financialDifficulty = true;
      return draft.record('financial-difficulty-flagged', command.reason);
    case 'clear-financial-difficulty':
      if (!c.flags.financialDifficulty) {
        throw new NotFoundError(`case ${c.caseId} is not flagged as in financial difficulty`);
      }
      c.flags.financialDifficulty = false;
      return draft.record('financial-difficulty-cleared', command.reason);
    case 'record-arrears-notice':
      if (!c.accounts[command.accountId]) {
        throw new NotFoundError(`account ${command.accountId} is not on case ${c.caseId}`);
      }
      dropDeadlines(c, 'arrears-notice', command.accountId);
      return draft.record('arrears-notice-sent', command.accountId);
    case 'reassign': {
      if (!draft.config.teams.some((t) => t.id === command.team)) {
        throw new NotFoundError(`no team ${command.team}`);
      }
      withdrawHandover(draft, 'reassigned by a team lead');
      const from = c.owner;
      c.owner = { team: command.team, ...(command.agent ? { agent: command.agent } : {}) };
      draft.emit('Case Owner Changed', { from, reason: 'reassigned' });
      return draft.record('case-reassigned', command.reason);
    }
    case 'close':
      if (c.flags.complaints.length > 0) {
        throw new ProtectedCaseError('the case has an open complaint: resolve it before closing');
      }
      return closeCase(draft, command.reason);
  }
};

/** The fields a signal handler reads besides its own, for commands that reuse one. */
const eventLike = (draft: Draft) => ({
  schemaVersion: 1 as const,
  eventId: draft.input.inputId,
  customerId: draft.case.customerId,
  occurredAt: draft.at,
});

export { applyCommand, authorize };
