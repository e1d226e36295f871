/**
 * Errors the domain raises. Each `name` is a contract: Lambda reports it as the error type, and
 * the state machines' Retry and Catch match on it, so names never change once shipped.
 */
class DomainError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** The actor may not do this to this case. */
class NotAllowedError extends DomainError {
  override readonly name = 'NotAllowedError';
  constructor(message: string) {
    super('NOT_ALLOWED', message);
  }
}

/** The handover named is not the one awaiting a decision (accepted, declined or escalated). */
class HandoverNoLongerPending extends DomainError {
  override readonly name = 'HandoverNoLongerPending';
  constructor(handoverId: string) {
    super('HANDOVER_NOT_PENDING', `handover ${handoverId} is no longer awaiting a decision`);
  }
}

/** The case is closed; nothing more may change it. */
class CaseClosedError extends DomainError {
  override readonly name = 'CaseClosedError';
  constructor(caseId: string) {
    super('CASE_CLOSED', `case ${caseId} is closed`);
  }
}

/** A protection (breathing space, fraud investigation) forbids this contact or action. */
class ProtectedCaseError extends DomainError {
  override readonly name = 'ProtectedCaseError';
  constructor(message: string) {
    super('PROTECTED', message);
  }
}

/** The command names something the case does not hold (an account, a complaint). */
class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

/** The configuration is invalid; every problem is listed, each naming where it is. */
class ConfigError extends DomainError {
  override readonly name = 'ConfigError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super('INVALID_CONFIG', `configuration is invalid:\n- ${problems.join('\n- ')}`);
    this.problems = problems;
  }
}

export {
  CaseClosedError,
  ConfigError,
  DomainError,
  HandoverNoLongerPending,
  NotAllowedError,
  NotFoundError,
  ProtectedCaseError,
};
