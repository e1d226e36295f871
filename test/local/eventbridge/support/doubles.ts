import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  type DeadLetter,
  type DeadLetterStore,
  LambdaInvocationError,
  type LambdaInvoker,
  type LocalLogger,
  type LocalSettings,
  type TemplateResource,
} from '../../../../local/contracts.ts';
import type { EventBridgeClock } from '../../../../local/eventbridge/index.ts';

const settings = (overrides: Partial<LocalSettings> = {}): LocalSettings => ({
  dataDir: '/nonexistent',
  inMemory: true,
  region: 'eu-west-2',
  accountId: '000000000000',
  edgePort: 0,
  ...overrides,
});

/** The EventBridge resources of the synthesized Baton template, intrinsics resolved by hand. */
const batonResources = (): TemplateResource[] =>
  JSON.parse(
    readFileSync(
      new URL('../../../fixtures/local/eventbridge/baton-resources.json', import.meta.url),
      'utf8',
    ),
  );

const functionArn = (name: string) => `arn:aws:lambda:eu-west-2:000000000000:function:${name}`;

/**
 * Stands in for the local Lambda service (another part of the runtime): records each invocation
 * and answers with the behaviour a test gives the function, failing like the real invoker does,
 * with a {@link LambdaInvocationError} named after the handler's error.
 */
const fakeLambda = (
  behaviours: Record<string, (payload: unknown, call: number) => unknown> = {},
) => {
  const calls: { functionId: string; payload: unknown }[] = [];
  const invoker: LambdaInvoker = {
    has: (functionId) => Object.hasOwn(behaviours, functionId),
    async invoke(functionId, payload) {
      calls.push({ functionId, payload });
      const behaviour = behaviours[functionId];
      if (!behaviour) throw new LambdaInvocationError('ResourceNotFoundException', functionId);
      return behaviour(payload, calls.filter((c) => c.functionId === functionId).length);
    },
  };
  return { invoker, calls, callsTo: (arn: string) => calls.filter((c) => c.functionId === arn) };
};

const failWith = (errorType: string, message: string) => () => {
  throw new LambdaInvocationError(errorType, message);
};

/** An in-memory dead-letter store with the contract's shape (the real one is another part's). */
const memoryDeadLetters = () => {
  const entries: DeadLetter[] = [];
  const store: DeadLetterStore = {
    async put(entry) {
      const letter = { ...entry, id: randomUUID(), at: new Date().toISOString() };
      entries.push(letter);
      return letter;
    },
    async list() {
      return [...entries];
    },
    async get(id) {
      return entries.find((e) => e.id === id);
    },
    async remove(id) {
      entries.splice(
        entries.findIndex((e) => e.id === id),
        1,
      );
    },
  };
  return { store, entries };
};

/** A clock whose sleeps move time on at once, and record how long they were. */
const manualClock = (start = Date.parse('2026-12-03T08:00:00Z')) => {
  let now = start;
  const sleeps: number[] = [];
  const clock: EventBridgeClock = {
    now: () => now,
    async sleep(ms) {
      sleeps.push(ms);
      now += ms;
    },
  };
  return { clock, sleeps, advance: (ms: number) => (now += ms) };
};

/** A logger that keeps its lines as parsed JSON, for asserting what was logged. */
const captureLogger = () => {
  const lines: Record<string, unknown>[] = [];
  const make = (service: string): LocalLogger => {
    const log =
      (level: string) =>
      (message: string, fields: Record<string, unknown> = {}) =>
        lines.push({ level, service, message, ...fields });
    return {
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
      child: (name) => make(name),
    };
  };
  return { logger: make('eventbridge'), lines };
};

export {
  batonResources,
  captureLogger,
  failWith,
  fakeLambda,
  functionArn,
  manualClock,
  memoryDeadLetters,
  settings,
};
