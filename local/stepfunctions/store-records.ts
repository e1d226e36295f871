import type { Json } from './types.ts';

/** The records the store keeps, its schema, and how SQLite rows become records. */

type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

interface StateMachineRecord {
  arn: string;
  name: string;
  definition: string;
  roleArn: string;
  type: string;
  createdMs: number;
  loggingConfiguration?: Json;
  tracingConfiguration?: Json;
}

interface ExecutionRecord {
  arn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startMs: number;
  stopMs?: number;
  definition: string;
  roleArn: string;
}

interface HistoryEventRecord {
  id: number;
  previousEventId: number;
  timestampMs: number;
  type: string;
  details?: Record<string, Json>;
}

type TokenStatus = 'WAITING' | 'SUCCEEDED' | 'FAILED' | 'CLOSED';

interface TokenRecord {
  token: string;
  executionArn: string;
  stateName: string;
  status: TokenStatus;
  createdMs: number;
  heartbeatMs: number;
  output?: string;
  error?: string;
  cause?: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS state_machines (
  arn TEXT PRIMARY KEY, name TEXT NOT NULL, definition TEXT NOT NULL, role_arn TEXT NOT NULL,
  type TEXT NOT NULL, created_ms INTEGER NOT NULL, logging TEXT, tracing TEXT
);
CREATE TABLE IF NOT EXISTS executions (
  arn TEXT PRIMARY KEY, state_machine_arn TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL,
  input TEXT NOT NULL, output TEXT, error TEXT, cause TEXT, start_ms INTEGER NOT NULL,
  stop_ms INTEGER, definition TEXT NOT NULL, role_arn TEXT NOT NULL,
  last_event_id INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS executions_by_machine ON executions (state_machine_arn, start_ms);
CREATE INDEX IF NOT EXISTS executions_by_status ON executions (status);
CREATE TABLE IF NOT EXISTS events (
  execution_arn TEXT NOT NULL, id INTEGER NOT NULL, previous_event_id INTEGER NOT NULL,
  timestamp_ms INTEGER NOT NULL, type TEXT NOT NULL, details TEXT,
  PRIMARY KEY (execution_arn, id)
);
CREATE TABLE IF NOT EXISTS frames (
  execution_arn TEXT NOT NULL, key TEXT NOT NULL, data TEXT NOT NULL,
  PRIMARY KEY (execution_arn, key)
);
CREATE TABLE IF NOT EXISTS tokens (
  token TEXT PRIMARY KEY, execution_arn TEXT NOT NULL, state_name TEXT NOT NULL,
  status TEXT NOT NULL, created_ms INTEGER NOT NULL, heartbeat_ms INTEGER NOT NULL,
  output TEXT, error TEXT, cause TEXT
);
CREATE INDEX IF NOT EXISTS tokens_by_execution ON tokens (execution_arn, status);
`;

type Row = Record<string, unknown>;

const optional = (value: unknown) => (value === null || value === undefined ? undefined : value);
const parseOptional = (value: unknown) =>
  typeof value === 'string' ? (JSON.parse(value) as Json) : undefined;

const toStateMachine = (row: Row): StateMachineRecord => ({
  arn: row.arn as string,
  name: row.name as string,
  definition: row.definition as string,
  roleArn: row.role_arn as string,
  type: row.type as string,
  createdMs: Number(row.created_ms),
  loggingConfiguration: parseOptional(row.logging),
  tracingConfiguration: parseOptional(row.tracing),
});

const toExecution = (row: Row): ExecutionRecord => ({
  arn: row.arn as string,
  stateMachineArn: row.state_machine_arn as string,
  name: row.name as string,
  status: row.status as ExecutionStatus,
  input: row.input as string,
  output: optional(row.output) as string | undefined,
  error: optional(row.error) as string | undefined,
  cause: optional(row.cause) as string | undefined,
  startMs: Number(row.start_ms),
  stopMs: row.stop_ms === null ? undefined : Number(row.stop_ms),
  definition: row.definition as string,
  roleArn: row.role_arn as string,
});

const toToken = (row: Row): TokenRecord => ({
  token: row.token as string,
  executionArn: row.execution_arn as string,
  stateName: row.state_name as string,
  status: row.status as TokenStatus,
  createdMs: Number(row.created_ms),
  heartbeatMs: Number(row.heartbeat_ms),
  output: optional(row.output) as string | undefined,
  error: optional(row.error) as string | undefined,
  cause: optional(row.cause) as string | undefined,
});

export type {
  ExecutionRecord,
  ExecutionStatus,
  HistoryEventRecord,
  StateMachineRecord,
  TokenRecord,
  TokenStatus,
};
export { parseOptional, SCHEMA, toExecution, toStateMachine, toToken };
