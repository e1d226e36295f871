import { runBranch } from './branch.ts';
import { RunAborted, StatesError } from './errors.ts';
import { appendEvent } from './history.ts';
import type { EngineDeps, ExecutionRun } from './run.ts';
import type { ExecutionRecord } from './store.ts';
import { type BranchDefinition, isObject, type Json } from './types.ts';

interface ActiveRun {
  controller: AbortController;
  done: Promise<void>;
}

const stateMachineNameOf = (arn: string) => arn.slice(arn.lastIndexOf(':') + 1);

/** The correlation id Baton's inputs carry, so the logs follow a case across services. */
const correlationOf = (input: Json) =>
  isObject(input) && typeof input.correlationId === 'string'
    ? { correlationId: input.correlationId }
    : {};

/**
 * Differs from AWS: the 256 KB limit on state input and output (`States.DataLimitExceeded`), the
 * 25,000-event history limit and the one-year limit on a standard execution are not enforced.
 *
 * Runs executions: starts new ones, resumes every running one after a restart, stops them, and
 * records how each ended. Each execution's progress lives in the store, so `shutdown` only
 * interrupts the in-memory work; the next `resumeAll` carries on from the same place.
 */
class Engine {
  private readonly active = new Map<string, ActiveRun>();
  readonly deps: EngineDeps;

  constructor(deps: EngineDeps) {
    this.deps = deps;
  }

  isActive(arn: string) {
    return this.active.has(arn);
  }

  /** Records ExecutionStarted for a stored new execution and starts it. */
  start(record: ExecutionRecord) {
    appendEvent(
      { arn: record.arn, deps: this.deps },
      'ExecutionStarted',
      {
        input: record.input,
        inputDetails: { truncated: false },
        roleArn: record.roleArn,
        stateMachineArn: record.stateMachineArn,
      },
      0,
    );
    this.launch(record, 'execution started');
  }

  /** Resumes every execution the store says is running. */
  resumeAll() {
    for (const record of this.deps.store.listRunning()) {
      if (!this.active.has(record.arn)) this.launch(record, 'execution resumed');
    }
  }

  private launch(record: ExecutionRecord, message: string) {
    const controller = new AbortController();
    const definition = JSON.parse(record.definition) as BranchDefinition;
    const exec: ExecutionRun = {
      arn: record.arn,
      name: record.name,
      stateMachineArn: record.stateMachineArn,
      stateMachineName: stateMachineNameOf(record.stateMachineArn),
      roleArn: record.roleArn,
      input: JSON.parse(record.input) as Json,
      startTime: new Date(record.startMs).toISOString(),
      definition,
      deps: this.deps,
    };
    let cancelTimeout = () => {};
    if (definition.TimeoutSeconds !== undefined) {
      const due = record.startMs + definition.TimeoutSeconds * 1000;
      cancelTimeout = this.deps.clock.setTimer(due - this.deps.clock.now(), () =>
        controller.abort(new RunAborted('timeout')),
      );
    }
    const done = this.drive(exec, controller.signal).finally(() => {
      cancelTimeout();
      this.active.delete(record.arn);
    });
    this.active.set(record.arn, { controller, done });
    this.deps.logger.info(message, { executionArn: record.arn, ...correlationOf(exec.input) });
  }

  private async drive(exec: ExecutionRun, signal: AbortSignal) {
    try {
      const { output, lastEventId } = await runBranch(exec, {
        key: 'root',
        branch: exec.definition,
        language: exec.definition.QueryLanguage ?? 'JSONPath',
        input: exec.input,
        variables: {},
        parentEventId: 1,
        signal,
      });
      const text = JSON.stringify(output);
      this.finish(exec, 'SUCCEEDED', lastEventId, { output: text }, 'ExecutionSucceeded', {
        output: text,
        outputDetails: { truncated: false },
      });
    } catch (error) {
      if (error instanceof RunAborted) {
        if (error.reason === 'timeout') {
          const cause = `The execution exceeded its TimeoutSeconds of ${exec.definition.TimeoutSeconds}`;
          const result = { error: 'States.Timeout', cause };
          this.finish(exec, 'TIMED_OUT', undefined, result, 'ExecutionTimedOut', result);
        }
        return;
      }
      const failure =
        error instanceof StatesError
          ? error
          : new StatesError(
              'States.Runtime',
              error instanceof Error ? error.message : String(error),
            );
      const result = {
        ...(failure.error ? { error: failure.error } : {}),
        ...(failure.causeText === undefined ? {} : { cause: failure.causeText }),
      };
      this.finish(exec, 'FAILED', undefined, result, 'ExecutionFailed', result);
    }
  }

  private finish(
    exec: ExecutionRun,
    status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT',
    lastEventId: number | undefined,
    result: { output?: string; error?: string; cause?: string },
    eventType: string,
    details: Record<string, Json>,
  ) {
    const { store, clock } = this.deps;
    store.transaction(() => {
      if (!store.finishExecution(exec.arn, status, clock.now(), result)) return;
      const previous = lastEventId ?? store.listEvents(exec.arn).at(-1)?.id ?? 0;
      appendEvent(exec, eventType, details, previous);
      store.closeTokens(exec.arn);
      store.deleteFrames(exec.arn);
    });
    this.deps.logger.info('execution ended', {
      executionArn: exec.arn,
      status,
      ...(result.error ? { error: result.error } : {}),
      ...correlationOf(exec.input),
    });
  }

  /** Stops a running execution (StopExecution); returns when it is recorded as aborted. */
  async stop(arn: string, error?: string, cause?: string): Promise<void> {
    const run = this.active.get(arn);
    if (run) {
      run.controller.abort(new RunAborted('stop'));
      await run.done;
    }
    const { store, clock } = this.deps;
    store.transaction(() => {
      const details = {
        ...(error === undefined ? {} : { error }),
        ...(cause === undefined ? {} : { cause }),
      };
      if (!store.finishExecution(arn, 'ABORTED', clock.now(), details)) return;
      const previous = store.listEvents(arn).at(-1)?.id ?? 0;
      appendEvent({ arn, deps: this.deps }, 'ExecutionAborted', details, previous);
      store.closeTokens(arn);
      store.deleteFrames(arn);
    });
  }

  /** Interrupts every run without recording anything: they resume on the next start. */
  async shutdown() {
    const runs = [...this.active.values()];
    for (const run of runs) run.controller.abort(new RunAborted('shutdown'));
    await Promise.allSettled(runs.map((run) => run.done));
  }
}

export { Engine };
