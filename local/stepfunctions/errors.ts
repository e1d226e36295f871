/**
 * A failure inside an execution, named as Step Functions names it (`States.Timeout`, a Lambda
 * function's error type, a `Fail` state's error); Retry and Catch match on `error`.
 */
class StatesError extends Error {
  override readonly name: string;
  readonly error: string;
  readonly causeText: string | undefined;
  /** For query evaluation errors: the field that failed (`Arguments`, `Output`, ...). */
  readonly location: string | undefined;
  constructor(error: string, cause?: string, location?: string) {
    super(cause ? `${error}: ${cause}` : error);
    this.name = error;
    this.error = error;
    this.causeText = cause;
    this.location = location;
  }
}

/** Why a run was interrupted: not a failure of the state machine, so Retry and Catch skip it. */
type AbortReason = 'stop' | 'shutdown' | 'timeout' | 'branch';

class RunAborted extends Error {
  override readonly name = 'RunAborted';
  readonly reason: AbortReason;
  constructor(reason: AbortReason) {
    super(`run aborted: ${reason}`);
    this.reason = reason;
  }
}

/** An AWS-facing API error: `{ __type, message }` on the wire, HTTP 400 unless said otherwise. */
class SfnApiError extends Error {
  override readonly name = 'SfnApiError';
  readonly type: string;
  readonly status: number;
  constructor(type: string, message: string, status = 400) {
    super(message);
    this.type = type;
    this.status = status;
  }
}

/** Errors that `States.ALL` does not catch and no retrier retries. */
const UNCATCHABLE = new Set(['States.Runtime', 'States.DataLimitExceeded']);

const abortReasonOf = (signal: AbortSignal): AbortReason => {
  const reason = signal.reason;
  return reason instanceof RunAborted ? reason.reason : 'shutdown';
};

export type { AbortReason };
export { abortReasonOf, RunAborted, SfnApiError, StatesError, UNCATCHABLE };
