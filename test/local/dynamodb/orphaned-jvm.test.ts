import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

const SCRIPT = join(import.meta.dirname, '../../fixtures/local/dynamodb/start-and-wait.ts');

/**
 * Whether anything listens on the endpoint's port: a refused connection is the only proof that
 * nothing does, as a busy JVM may be slow to answer but still accepts the connection.
 */
const listens = (endpoint: string) =>
  new Promise<'listening' | 'refused' | 'no answer'>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: Number(new URL(endpoint).port) });
    socket.setTimeout(2_000, () => {
      socket.destroy();
      resolve('no answer');
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve('listening');
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'ECONNREFUSED' ? 'refused' : 'no answer'),
    );
  });

describe('DynamoDB Local’s JVM', () => {
  it.runIf(process.platform === 'linux')(
    'dies with the runtime even when the runtime is killed with SIGKILL',
    async () => {
      // Prepare
      const child = spawn(process.execPath, [SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
      const endpoint = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`the script exited (${code})`)));
      });
      const before = await listens(endpoint);

      // Act
      child.kill('SIGKILL');
      const deadline = Date.now() + 15_000;
      let after = before;
      while (after !== 'refused' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        after = await listens(endpoint);
      }

      // Assess
      expect(before).toBe('listening');
      expect(after).toBe('refused');
    },
    60_000,
  );
});
