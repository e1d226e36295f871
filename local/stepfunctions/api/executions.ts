import { randomUUID } from 'node:crypto';
import { SfnApiError } from '../errors.ts';
import type { ExecutionRecord } from '../store.ts';
import { isObject, type Json } from '../types.ts';
import {
  type Body,
  checkArn,
  checkName,
  epochSeconds,
  page,
  required,
  type SfnContext,
} from './common.ts';
import { findStateMachine } from './state-machines.ts';

const MAX_INPUT_BYTES = 256 * 1024;
const STATUSES = new Set([
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
  'PENDING_REDRIVE',
]);

const normalized = (json: string) => JSON.stringify(JSON.parse(json));

const parseInput = (input: unknown): string => {
  if (input === undefined || input === null) return '{}';
  if (typeof input !== 'string') {
    throw new SfnApiError(
      'InvalidExecutionInput',
      "Invalid State Machine Execution Input: 'input must be a string'",
    );
  }
  try {
    JSON.parse(input);
  } catch (error) {
    throw new SfnApiError(
      'InvalidExecutionInput',
      `Invalid State Machine Execution Input: '${(error as Error).message}'`,
    );
  }
  if (Buffer.byteLength(input, 'utf8') > MAX_INPUT_BYTES) {
    throw new SfnApiError(
      'InvalidExecutionInput',
      "Invalid State Machine Execution Input: 'The input exceeds 262144 bytes'",
    );
  }
  return input;
};

const findExecution = (ctx: SfnContext, arn: string): ExecutionRecord => {
  checkArn(arn, 'execution');
  const execution = ctx.store().getExecution(arn);
  if (!execution)
    throw new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
  return execution;
};

/**
 * StartExecution: a name is unique per state machine. Starting a running execution's name again
 * with the same input answers with that execution; any other reuse is ExecutionAlreadyExists.
 * Differs from AWS: a closed execution's name stays taken as long as the data folder lives (AWS
 * frees it 90 days after the execution closes).
 */
const startExecution = (ctx: SfnContext, body: Body) => {
  const machine = findStateMachine(ctx, required(body, 'stateMachineArn'));
  const name = body.name === undefined ? randomUUID() : checkName(body.name);
  const input = parseInput(body.input);
  const arn = `arn:aws:states:${ctx.settings.region}:${ctx.settings.accountId}:execution:${machine.name}:${name}`;
  const store = ctx.store();
  const existing = store.getExecution(arn);
  if (existing) {
    if (existing.status === 'RUNNING' && normalized(existing.input) === normalized(input)) {
      return { executionArn: arn, startDate: epochSeconds(existing.startMs) };
    }
    throw new SfnApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
  }
  const record: ExecutionRecord = {
    arn,
    stateMachineArn: machine.arn,
    name,
    status: 'RUNNING',
    input,
    startMs: ctx.clock.now(),
    definition: machine.definition,
    roleArn: machine.roleArn,
  };
  store.transaction(() => store.insertExecution(record));
  ctx.engine().start(record);
  return { executionArn: arn, startDate: epochSeconds(record.startMs) };
};

const describeExecution = (ctx: SfnContext, body: Body) => {
  const execution = findExecution(ctx, required(body, 'executionArn'));
  return {
    executionArn: execution.arn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: epochSeconds(execution.startMs),
    ...(execution.stopMs === undefined ? {} : { stopDate: epochSeconds(execution.stopMs) }),
    input: execution.input,
    inputDetails: { included: true },
    ...(execution.output === undefined
      ? {}
      : { output: execution.output, outputDetails: { included: true } }),
    ...(execution.error === undefined ? {} : { error: execution.error }),
    ...(execution.cause === undefined ? {} : { cause: execution.cause }),
    redriveCount: 0,
  };
};

const listExecutions = (ctx: SfnContext, body: Body) => {
  const machine = findStateMachine(ctx, required(body, 'stateMachineArn'));
  const status = body.statusFilter as string | undefined;
  if (status !== undefined && !STATUSES.has(status)) {
    throw new SfnApiError(
      'ValidationException',
      `1 validation error detected: Value '${status}' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [${[...STATUSES].join(', ')}]`,
    );
  }
  const { items, nextToken } = page(ctx.store().listExecutions(machine.arn, status), body, 100);
  return {
    executions: items.map((execution) => ({
      executionArn: execution.arn,
      stateMachineArn: execution.stateMachineArn,
      name: execution.name,
      status: execution.status,
      startDate: epochSeconds(execution.startMs),
      ...(execution.stopMs === undefined ? {} : { stopDate: epochSeconds(execution.stopMs) }),
    })),
    ...(nextToken ? { nextToken } : {}),
  };
};

/** Without execution data, the events keep their shape but lose their inputs and outputs. */
const withoutData = (details: Record<string, Json> | undefined) =>
  details &&
  Object.fromEntries(
    Object.entries(details).map(([field, value]) => {
      if (!isObject(value)) return [field, value];
      const { input: _input, output: _output, ...rest } = value;
      return [field, rest];
    }),
  );

const getExecutionHistory = (ctx: SfnContext, body: Body) => {
  const execution = findExecution(ctx, required(body, 'executionArn'));
  const events = ctx.store().listEvents(execution.arn);
  const includeData = body.includeExecutionData !== false;
  if (body.reverseOrder === true) events.reverse();
  const { items, nextToken } = page(events, body, 100);
  return {
    events: items.map((event) => ({
      timestamp: epochSeconds(event.timestampMs),
      type: event.type,
      id: event.id,
      previousEventId: event.previousEventId,
      ...(includeData ? event.details : withoutData(event.details)),
    })),
    ...(nextToken ? { nextToken } : {}),
  };
};

const stopExecution = async (ctx: SfnContext, body: Body) => {
  const arn = required(body, 'executionArn');
  findExecution(ctx, arn);
  await ctx.engine().stop(arn, body.error as string | undefined, body.cause as string | undefined);
  const stopped = findExecution(ctx, arn);
  return { stopDate: epochSeconds(stopped.stopMs ?? ctx.clock.now()) };
};

export { describeExecution, getExecutionHistory, listExecutions, startExecution, stopExecution };
