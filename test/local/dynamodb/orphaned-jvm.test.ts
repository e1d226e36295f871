import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

const SCRIPT = join(import.meta.dirname, '../../fixtures/local/dynamodb/start-and-wait.ts');

const answers = (endpoint: string) =>
  fetch(endpoint, { signal: AbortSignal.timeout(1_000) }).then(
    () => true,
    () => false,
  );

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
      const listening = await answers(endpoint);

      // Act
      child.kill('SIGKILL');
      const deadline = Date.now() + 15_000;
      let alive = true;
      while (alive && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        alive = await answers(endpoint);
      }

      // Assess
      expect(listening).toBe(true);
      expect(alive).toBe(false);
    },
    60_000,
  );
});
