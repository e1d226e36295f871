import { SfnApiError } from '../errors.ts';
import type { StateMachineRecord } from '../store.ts';
import type { Json } from '../types.ts';
import { validateDefinition } from '../validate.ts';
import {
  type Body,
  checkArn,
  checkName,
  epochSeconds,
  page,
  required,
  type SfnContext,
} from './common.ts';

interface MachineInput {
  name: string;
  definition: string;
  roleArn: string;
  type?: string;
  loggingConfiguration?: Json;
  tracingConfiguration?: Json;
}

const stateMachineArn = (ctx: SfnContext, name: string) =>
  `arn:aws:states:${ctx.settings.region}:${ctx.settings.accountId}:stateMachine:${name}`;

/** Validates a definition; InvalidDefinition lists every problem found. */
const checkDefinition = (definition: string) => {
  const { problems } = validateDefinition(definition);
  if (problems.length > 0) {
    throw new SfnApiError(
      'InvalidDefinition',
      `Invalid State Machine Definition: '${problems.join(', ')}'`,
    );
  }
};

/**
 * Creates a state machine, or (`replace`, for deploying a template again) updates one. Executions
 * already running keep the definition they started with, as on AWS.
 */
const putStateMachine = (
  ctx: SfnContext,
  input: MachineInput,
  options: { arn?: string; replace?: boolean } = {},
): StateMachineRecord => {
  checkName(input.name);
  // Differs from AWS: an EXPRESS state machine runs like a STANDARD one (durable, with history).
  const type = input.type ?? 'STANDARD';
  if (type !== 'STANDARD' && type !== 'EXPRESS') {
    throw new SfnApiError('ValidationException', `Invalid type: '${type}'`);
  }
  checkDefinition(input.definition);
  const arn = options.arn ?? stateMachineArn(ctx, input.name);
  const store = ctx.store();
  const existing = store.getStateMachine(arn);
  if (existing && !options.replace) {
    if (existing.definition === input.definition && existing.roleArn === input.roleArn)
      return existing;
    throw new SfnApiError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
  }
  const record: StateMachineRecord = {
    arn,
    name: input.name,
    definition: input.definition,
    roleArn: input.roleArn,
    type,
    createdMs: existing?.createdMs ?? ctx.clock.now(),
    loggingConfiguration: input.loggingConfiguration,
    tracingConfiguration: input.tracingConfiguration,
  };
  store.putStateMachine(record);
  return record;
};

const findStateMachine = (ctx: SfnContext, arn: string): StateMachineRecord => {
  checkArn(arn, 'stateMachine');
  const machine = ctx.store().getStateMachine(arn);
  if (!machine)
    throw new SfnApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
  return machine;
};

const createStateMachine = (ctx: SfnContext, body: Body) => {
  const machine = putStateMachine(ctx, {
    name: required(body, 'name'),
    definition: required(body, 'definition'),
    roleArn: required(body, 'roleArn'),
    type: body.type as string | undefined,
    loggingConfiguration: body.loggingConfiguration as Json | undefined,
    tracingConfiguration: body.tracingConfiguration as Json | undefined,
  });
  return { stateMachineArn: machine.arn, creationDate: epochSeconds(machine.createdMs) };
};

const describeStateMachine = (ctx: SfnContext, body: Body) => {
  const machine = findStateMachine(ctx, required(body, 'stateMachineArn'));
  return {
    stateMachineArn: machine.arn,
    name: machine.name,
    status: 'ACTIVE',
    definition: machine.definition,
    roleArn: machine.roleArn,
    type: machine.type,
    creationDate: epochSeconds(machine.createdMs),
    loggingConfiguration: machine.loggingConfiguration ?? {
      level: 'OFF',
      includeExecutionData: false,
    },
    tracingConfiguration: machine.tracingConfiguration ?? { enabled: false },
  };
};

const listStateMachines = (ctx: SfnContext, body: Body) => {
  const { items, nextToken } = page(ctx.store().listStateMachines(), body, 100);
  return {
    stateMachines: items.map((machine) => ({
      stateMachineArn: machine.arn,
      name: machine.name,
      type: machine.type,
      creationDate: epochSeconds(machine.createdMs),
    })),
    ...(nextToken ? { nextToken } : {}),
  };
};

export type { MachineInput };
export {
  createStateMachine,
  describeStateMachine,
  findStateMachine,
  listStateMachines,
  putStateMachine,
  stateMachineArn,
};
