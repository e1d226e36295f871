import type { LambdaInvoker, LocalLogger } from '../contracts.ts';
import type { Clock } from './clock.ts';
import type { StateWhere } from './query/payload-template.ts';
import type { SfnStore } from './store.ts';
import type { TokenWaiters } from './tokens.ts';
import type {
  BranchDefinition,
  Json,
  JsonObject,
  QueryLanguage,
  StateDefinition,
  Variables,
} from './types.ts';

/** What every execution shares: persistence, time, Lambda and the waiters for task tokens. */
interface EngineDeps {
  store: SfnStore;
  clock: Clock;
  lambda: LambdaInvoker;
  logger: LocalLogger;
  tokens: TokenWaiters;
  region: string;
  /** Jitter for retries; injectable so tests can pin it. */
  random: () => number;
}

/** One running execution. */
interface ExecutionRun {
  arn: string;
  name: string;
  stateMachineArn: string;
  stateMachineName: string;
  roleArn: string;
  input: Json;
  startTime: string;
  definition: BranchDefinition;
  deps: EngineDeps;
}

/**
 * A branch's progress, persisted after every step so a restart resumes it: the current state, its
 * input, the visible variables, and the state's own progress (`phase`: a Wait's due time, a
 * task's token and deadline, a retry's due time, ...).
 */
interface Frame {
  stateName: string;
  input: Json;
  variables: Variables;
  step: number;
  lastEventId: number;
  entered?: { time: string; eventId: number };
  phase?: Json;
  result?: { output: Json } | { error: string; cause?: string };
}

interface BranchSpec {
  key: string;
  branch: BranchDefinition;
  language: QueryLanguage;
  input: Json;
  variables: Variables;
  parentEventId: number;
  signal: AbortSignal;
}

interface BranchResult {
  output: Json;
  lastEventId: number;
}

/** What a state's module gets to run the state once. */
interface StateRun {
  exec: ExecutionRun;
  key: string;
  frame: Frame;
  name: string;
  state: StateDefinition;
  language: QueryLanguage;
  signal: AbortSignal;
  where: StateWhere;
  input: Json;
  variables: Variables;
  /** Retries made so far in this state (`$$.State.RetryCount`). */
  retryCount: number;
  context(extra?: { token?: string; mapItem?: { Index: number; Value: Json } }): JsonObject;
  /** Appends a history event after this branch's last one (or after `previousEventId`). */
  emit(type: string, details?: Record<string, Json>, previousEventId?: number): number;
  phase<T>(): T | undefined;
  savePhase(phase: unknown): void;
  runBranch(spec: BranchSpec): Promise<BranchResult>;
}

/** How a state ended: its output, the next state (none at the end) and the variables after it. */
interface StateOutcome {
  output: Json;
  next?: string;
  variables: Variables;
  assigned?: Variables;
}

export type { BranchResult, BranchSpec, EngineDeps, ExecutionRun, Frame, StateOutcome, StateRun };
