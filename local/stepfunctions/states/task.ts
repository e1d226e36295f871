import { RunAborted, StatesError } from '../errors.ts';
import { evaluateJsonPath } from '../query/jsonpath.ts';
import { stateFailure } from '../query/payload-template.ts';
import type { StateOutcome, StateRun } from '../run.ts';
import { generateTaskToken } from '../tokens.ts';
import type { Json } from '../types.ts';
import { completeWithResult, evaluateJsonataField, pathScope, workInput } from './io.ts';
import { invokeFunction, invokeIntegration } from './lambda.ts';
import { type Attempt, runWithRetry } from './retry.ts';
import { parseTaskResource, type TaskResource } from './task-resource.ts';
import { awaitTaskToken } from './task-token.ts';

/** One attempt's persisted progress: what was sent, when it began, its token and deadlines. */
interface TaskProgress {
  stage: 'scheduled' | 'invoking' | 'waiting';
  startedMs: number;
  parameters: Json;
  token?: string;
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
}

const invalidSeconds = (run: StateRun, field: string, value: unknown) =>
  new StatesError(
    'States.Runtime',
    stateFailure(
      run.where,
      `The value of '${field}' must be a positive integer: ${JSON.stringify(value)}`,
    ),
  );

/** TimeoutSeconds / HeartbeatSeconds from the number, its `...Path` or its JSONata expression. */
const resolveSeconds = async (
  run: StateRun,
  kind: 'Timeout' | 'Heartbeat',
): Promise<number | undefined> => {
  const field = `${kind}Seconds`;
  const pathField = `${kind}SecondsPath`;
  let value: unknown = run.state[field];
  if (value !== undefined && run.language === 'JSONata') {
    value = await evaluateJsonataField(run, value, field);
  } else if (value === undefined && typeof run.state[pathField] === 'string') {
    const path = run.state[pathField] as string;
    const found = evaluateJsonPath(path, pathScope(run, run.input));
    if (!found.found) throw invalidSeconds(run, pathField, null);
    value = found.value;
  }
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw invalidSeconds(run, field, value);
  }
  return value;
};

/** Events of the integration (`Task...`, with its resource) or of a function ARN (`LambdaFunction...`). */
const eventNames = (resource: TaskResource): { details: Record<string, Json>; prefix: string } =>
  resource.kind === 'lambda-function'
    ? { details: {}, prefix: 'LambdaFunction' }
    : { details: { resourceType: 'lambda', resource: resource.resource }, prefix: 'Task' };

const emitScheduled = (run: StateRun, resource: TaskResource, progress: TaskProgress) => {
  const timeouts = {
    ...(progress.timeoutSeconds ? { timeoutInSeconds: progress.timeoutSeconds } : {}),
    ...(progress.heartbeatSeconds ? { heartbeatInSeconds: progress.heartbeatSeconds } : {}),
  };
  if (resource.kind === 'lambda-function') {
    run.emit('LambdaFunctionScheduled', {
      resource: resource.arn,
      input: JSON.stringify(progress.parameters),
      inputDetails: { truncated: false },
      ...timeouts,
    });
    run.emit('LambdaFunctionStarted');
    return;
  }
  const details = eventNames(resource).details;
  run.emit('TaskScheduled', {
    ...details,
    region: run.exec.deps.region,
    parameters: JSON.stringify(progress.parameters),
    ...timeouts,
  });
  run.emit('TaskStarted', details);
};

/** Resolves with the work's result, or rejects when the deadline passes or the run aborts. */
const withinDeadline = (run: StateRun, work: Promise<Json>, deadlineMs?: number): Promise<Json> =>
  new Promise<Json>((resolve, reject) => {
    const { clock } = run.exec.deps;
    const cancel =
      deadlineMs === undefined
        ? () => {}
        : clock.setTimer(deadlineMs - clock.now(), () => {
            cleanup();
            reject(new StatesError('States.Timeout'));
          });
    const onAbort = () => {
      cleanup();
      reject(run.signal.reason);
    };
    const cleanup = () => {
      cancel();
      run.signal.removeEventListener('abort', onAbort);
    };
    run.signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error: unknown) => {
        cleanup();
        reject(error);
      },
    );
  });

const invoke = (run: StateRun, resource: TaskResource, parameters: Json): Promise<Json> => {
  const { lambda, logger } = run.exec.deps;
  return resource.kind === 'lambda-function'
    ? invokeFunction(lambda, resource.arn, parameters)
    : invokeIntegration(lambda, logger, parameters);
};

/** Starts an attempt: evaluates what is sent, issues the token, fixes the deadlines. */
const begin = async (run: StateRun, resource: TaskResource): Promise<TaskProgress> => {
  const callback = resource.kind === 'lambda-invoke' && resource.callback;
  const token = callback ? generateTaskToken() : undefined;
  const parameters = await workInput(run, { token });
  const timeoutSeconds = await resolveSeconds(run, 'Timeout');
  const heartbeatSeconds = callback ? await resolveSeconds(run, 'Heartbeat') : undefined;
  const startedMs = run.exec.deps.clock.now();
  if (token) {
    run.exec.deps.store.insertToken({
      token,
      executionArn: run.exec.arn,
      stateName: run.name,
      status: 'WAITING',
      createdMs: startedMs,
      heartbeatMs: startedMs,
    });
  }
  return { stage: 'scheduled', startedMs, parameters, token, timeoutSeconds, heartbeatSeconds };
};

const attemptTask = async (
  run: StateRun,
  resource: TaskResource,
  attempt: Attempt<TaskProgress>,
): Promise<StateOutcome> => {
  const { store } = run.exec.deps;
  let progress = attempt.current();
  if (!progress) {
    progress = await begin(run, resource);
    attempt.save(progress);
  }
  const names = eventNames(resource);
  const deadlineMs = progress.timeoutSeconds
    ? progress.startedMs + progress.timeoutSeconds * 1000
    : undefined;
  let result: Json = null;
  try {
    if (progress.stage === 'scheduled') {
      emitScheduled(run, resource, progress);
      progress = { ...progress, stage: 'invoking' };
      attempt.save(progress);
    }
    if (progress.stage === 'invoking') {
      // Differs from AWS: an invocation that was in flight when the process stopped is made again
      // on resume (AWS would not run it twice); the callback task keeps its token and deadline.
      result = await withinDeadline(run, invoke(run, resource, progress.parameters), deadlineMs);
      if (progress.token) {
        run.emit('TaskSubmitted', {
          ...names.details,
          output: JSON.stringify(result),
          outputDetails: { truncated: false },
        });
        progress = { ...progress, stage: 'waiting' };
        attempt.save(progress);
      }
    }
    if (progress.token) {
      result = await awaitTaskToken(run, progress.token, {
        deadlineMs,
        heartbeatSeconds: progress.heartbeatSeconds,
      });
    }
  } catch (error) {
    // A shutdown leaves the token waiting: the task resumes on the next start.
    const shutdown = error instanceof RunAborted && error.reason === 'shutdown';
    if (progress.token && !shutdown) store.closeToken(progress.token);
    if (error instanceof StatesError) {
      const timedOut =
        error.error === 'States.Timeout' || error.error === 'States.HeartbeatTimeout';
      run.emit(`${names.prefix}${timedOut ? 'TimedOut' : 'Failed'}`, {
        ...names.details,
        error: error.error,
        ...(error.causeText === undefined ? {} : { cause: error.causeText }),
      });
    }
    throw error;
  }
  if (progress.token) store.closeToken(progress.token);
  run.emit(`${names.prefix}Succeeded`, {
    ...names.details,
    output: JSON.stringify(result),
    outputDetails: { truncated: false },
  });
  return completeWithResult(run, result);
};

/** Task: a Lambda function, directly or through `lambda:invoke` (optionally with a callback). */
const runTask = async (run: StateRun): Promise<StateOutcome> => {
  const resource = parseTaskResource(run.state.Resource);
  if (!resource) {
    throw new StatesError('States.Runtime', `Unsupported resource: ${String(run.state.Resource)}`);
  }
  return runWithRetry<TaskProgress>(run, (attempt) => attemptTask(run, resource, attempt));
};

export { runTask };
