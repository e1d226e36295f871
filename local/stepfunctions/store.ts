import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Json } from './types.ts';

/**
 * Everything Step Functions keeps, in SQLite (`<dataDir>/stepfunctions.db`, or `:memory:`): state
 * machines, executions with the definition they started with, history events, each branch's
 * progress (its frame: current state, input, variables and the pending timer of a Wait, retry or
 * task timeout) and task tokens. Writes are synchronous, so one step's writes never interleave
 * with another's.
 */

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

/** Escapes `%`, `_` and `\` for a LIKE prefix match. */
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

class SfnStore {
  private readonly db: DatabaseSync;

  constructor(location: { dataDir: string; inMemory: boolean }) {
    if (location.inMemory) {
      this.db = new DatabaseSync(':memory:');
    } else {
      mkdirSync(location.dataDir, { recursive: true });
      this.db = new DatabaseSync(join(location.dataDir, 'stepfunctions.db'));
      this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    }
    this.db.exec(SCHEMA);
  }

  close() {
    this.db.close();
  }

  /** Runs `work` in one transaction (nested calls join the outer one). */
  transaction<T>(work: () => T): T {
    if (this.db.isTransaction) return work();
    this.db.exec('BEGIN');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  putStateMachine(machine: StateMachineRecord) {
    this.db
      .prepare(
        `INSERT INTO state_machines (arn, name, definition, role_arn, type, created_ms, logging, tracing)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (arn) DO UPDATE SET definition = excluded.definition,
           role_arn = excluded.role_arn, type = excluded.type, logging = excluded.logging,
           tracing = excluded.tracing`,
      )
      .run(
        machine.arn,
        machine.name,
        machine.definition,
        machine.roleArn,
        machine.type,
        machine.createdMs,
        machine.loggingConfiguration === undefined
          ? null
          : JSON.stringify(machine.loggingConfiguration),
        machine.tracingConfiguration === undefined
          ? null
          : JSON.stringify(machine.tracingConfiguration),
      );
  }

  getStateMachine(arn: string): StateMachineRecord | undefined {
    const row = this.db.prepare('SELECT * FROM state_machines WHERE arn = ?').get(arn);
    return row ? toStateMachine(row) : undefined;
  }

  listStateMachines(): StateMachineRecord[] {
    return this.db.prepare('SELECT * FROM state_machines ORDER BY name').all().map(toStateMachine);
  }

  insertExecution(execution: ExecutionRecord) {
    this.db
      .prepare(
        `INSERT INTO executions (arn, state_machine_arn, name, status, input, start_ms, definition, role_arn)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        execution.arn,
        execution.stateMachineArn,
        execution.name,
        execution.status,
        execution.input,
        execution.startMs,
        execution.definition,
        execution.roleArn,
      );
  }

  getExecution(arn: string): ExecutionRecord | undefined {
    const row = this.db.prepare('SELECT * FROM executions WHERE arn = ?').get(arn);
    return row ? toExecution(row) : undefined;
  }

  /** Newest first, as ListExecutions answers. */
  listExecutions(stateMachineArn: string, status?: string): ExecutionRecord[] {
    const rows = status
      ? this.db
          .prepare(
            'SELECT * FROM executions WHERE state_machine_arn = ? AND status = ? ORDER BY start_ms DESC, rowid DESC',
          )
          .all(stateMachineArn, status)
      : this.db
          .prepare(
            'SELECT * FROM executions WHERE state_machine_arn = ? ORDER BY start_ms DESC, rowid DESC',
          )
          .all(stateMachineArn);
    return rows.map(toExecution);
  }

  listRunning(): ExecutionRecord[] {
    return this.db
      .prepare("SELECT * FROM executions WHERE status = 'RUNNING' ORDER BY start_ms")
      .all()
      .map(toExecution);
  }

  /** Closes a running execution; false when it was no longer running. */
  finishExecution(
    arn: string,
    status: Exclude<ExecutionStatus, 'RUNNING'>,
    stopMs: number,
    result: { output?: string; error?: string; cause?: string },
  ): boolean {
    const { changes } = this.db
      .prepare(
        `UPDATE executions SET status = ?, stop_ms = ?, output = ?, error = ?, cause = ?
         WHERE arn = ? AND status = 'RUNNING'`,
      )
      .run(status, stopMs, result.output ?? null, result.error ?? null, result.cause ?? null, arn);
    return Number(changes) > 0;
  }

  appendEvent(executionArn: string, event: Omit<HistoryEventRecord, 'id'>): number {
    return this.transaction(() => {
      const row = this.db
        .prepare(
          'UPDATE executions SET last_event_id = last_event_id + 1 WHERE arn = ? RETURNING last_event_id',
        )
        .get(executionArn);
      const id = Number(row?.last_event_id);
      this.db
        .prepare(
          'INSERT INTO events (execution_arn, id, previous_event_id, timestamp_ms, type, details) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(
          executionArn,
          id,
          event.previousEventId,
          event.timestampMs,
          event.type,
          event.details ? JSON.stringify(event.details) : null,
        );
      return id;
    });
  }

  listEvents(executionArn: string): HistoryEventRecord[] {
    return this.db
      .prepare('SELECT * FROM events WHERE execution_arn = ? ORDER BY id')
      .all(executionArn)
      .map((row) => ({
        id: Number(row.id),
        previousEventId: Number(row.previous_event_id),
        timestampMs: Number(row.timestamp_ms),
        type: row.type as string,
        details: parseOptional(row.details) as Record<string, Json> | undefined,
      }));
  }

  getFrame<T>(executionArn: string, key: string): T | undefined {
    const row = this.db
      .prepare('SELECT data FROM frames WHERE execution_arn = ? AND key = ?')
      .get(executionArn, key);
    return row ? (JSON.parse(row.data as string) as T) : undefined;
  }

  saveFrame(executionArn: string, key: string, frame: unknown) {
    this.db
      .prepare(
        `INSERT INTO frames (execution_arn, key, data) VALUES (?, ?, ?)
         ON CONFLICT (execution_arn, key) DO UPDATE SET data = excluded.data`,
      )
      .run(executionArn, key, JSON.stringify(frame));
  }

  /** Deletes the frames under a key prefix (a finished Parallel's or Map's branches). */
  deleteFrames(executionArn: string, prefix = '') {
    this.db
      .prepare("DELETE FROM frames WHERE execution_arn = ? AND key LIKE ? ESCAPE '\\'")
      .run(executionArn, likePrefix(prefix));
  }

  insertToken(token: TokenRecord) {
    this.db
      .prepare(
        `INSERT INTO tokens (token, execution_arn, state_name, status, created_ms, heartbeat_ms)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        token.token,
        token.executionArn,
        token.stateName,
        token.status,
        token.createdMs,
        token.heartbeatMs,
      );
  }

  getToken(token: string): TokenRecord | undefined {
    const row = this.db.prepare('SELECT * FROM tokens WHERE token = ?').get(token);
    return row ? toToken(row) : undefined;
  }

  /** Settles a waiting token; false when it was no longer waiting. */
  settleToken(
    token: string,
    status: Exclude<TokenStatus, 'WAITING'>,
    result: { output?: string; error?: string; cause?: string } = {},
  ): boolean {
    const { changes } = this.db
      .prepare(
        `UPDATE tokens SET status = ?, output = ?, error = ?, cause = ?
         WHERE token = ? AND status = 'WAITING'`,
      )
      .run(status, result.output ?? null, result.error ?? null, result.cause ?? null, token);
    return Number(changes) > 0;
  }

  /** A heartbeat for a waiting token; false when it was no longer waiting. */
  touchToken(token: string, heartbeatMs: number): boolean {
    const { changes } = this.db
      .prepare("UPDATE tokens SET heartbeat_ms = ? WHERE token = ? AND status = 'WAITING'")
      .run(heartbeatMs, token);
    return Number(changes) > 0;
  }

  /** Closes a token whose task has ended, however it ended. */
  closeToken(token: string) {
    this.db.prepare("UPDATE tokens SET status = 'CLOSED' WHERE token = ?").run(token);
  }

  /** Closes every token of an execution that has ended. */
  closeTokens(executionArn: string) {
    this.db
      .prepare(
        "UPDATE tokens SET status = 'CLOSED' WHERE execution_arn = ? AND status IN ('WAITING', 'SUCCEEDED', 'FAILED')",
      )
      .run(executionArn);
  }
}

export type {
  ExecutionRecord,
  ExecutionStatus,
  HistoryEventRecord,
  StateMachineRecord,
  TokenRecord,
  TokenStatus,
};
export { SfnStore };
