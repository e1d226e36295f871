/** JSON as the state machine passes it between states. */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

type QueryLanguage = 'JSONPath' | 'JSONata';

/** One state of an ASL definition; fields are read and checked by each state's module. */
interface StateDefinition {
  Type: string;
  Next?: string;
  End?: boolean;
  QueryLanguage?: QueryLanguage;
  Comment?: string;
  [field: string]: unknown;
}

/** A state machine's top level, a Parallel branch or a Map's item processor. */
interface BranchDefinition {
  StartAt: string;
  States: Record<string, StateDefinition>;
  QueryLanguage?: QueryLanguage;
  TimeoutSeconds?: number;
  Comment?: string;
}

interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
}

interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
  Output?: unknown;
  Assign?: Record<string, unknown>;
}

type Variables = Record<string, Json>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export type {
  BranchDefinition,
  Catcher,
  Json,
  JsonObject,
  QueryLanguage,
  Retrier,
  StateDefinition,
  Variables,
};
export { isObject };
