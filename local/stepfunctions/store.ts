import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import {
  type ExecutionRecord,
  type ExecutionStatus,
  type HistoryEventRecord,
  parseOptional,
  SCHEMA,
  type StateMachineRecord,
  type TokenRecord,
  type TokenStatus,
  toExecution,
  toStateMachine,
  toToken,
} from './store-records.ts';
import type { Json } from './types.ts';

/**
 * Everything Step Functions keeps, in SQLite (`<dataDir>/stepfunctions.db`, or `:memory:`): state
 * machines, executions with the definition they started with, history events, each branch's
 * progress (its frame: current state, input, variables and the pending timer of a Wait, retry or
 * task timeout) and task tokens. Writes are synchronous, so one step's writes never interleave
 * with another's.
 */
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
