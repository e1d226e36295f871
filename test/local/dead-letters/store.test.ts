import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LocalSettings } from '../../../local/contracts.ts';
import { deadLetterTable } from '../../../local/dead-letters/format.ts';
import { createDeadLetterStore, createDeadLetters } from '../../../local/dead-letters/index.ts';
import { createLogger } from '../../../local/logger.ts';

const root = mkdtempSync(join(tmpdir(), 'baton-dead-letters-'));

/** A clock that moves one second per call, so entries have distinct, known times. */
const ticking = (start = Date.parse('2026-12-03T09:00:00Z')) => {
  let n = 0;
  return () => new Date(start + 1_000 * n++);
};

const entry = (source: string, reason = 'failed') => ({
  source,
  target: 'arn:aws:lambda:eu-west-2:000000000000:function:baton-dev-ingest-event',
  reason,
  errorType: 'ValidationError',
  attempts: 3,
  payload: { 'detail-type': 'Payment Missed', detail: { accountId: 'acc-1' } },
});

const settings = (name: string, inMemory = false): LocalSettings => ({
  dataDir: join(root, name),
  inMemory,
  region: 'eu-west-2',
  accountId: '000000000000',
  edgePort: 0,
});

describe('the dead-letter store', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('keeps one JSON file per entry in <dataDir>/dead-letters', async () => {
    // Arrange
    const store = createDeadLetterStore(settings('files'), { now: ticking() });

    // Act
    const letter = await store.put(entry('eventbridge:baton-dev-billing-to-ingest-event'));

    // Assess
    const dir = join(root, 'files', 'dead-letters');
    expect(readdirSync(dir)).toEqual([`${letter.id}.json`]);
    expect(JSON.parse(readFileSync(join(dir, `${letter.id}.json`), 'utf8'))).toEqual({
      id: letter.id,
      at: '2026-12-03T09:00:00.000Z',
      ...entry('eventbridge:baton-dev-billing-to-ingest-event'),
    });
  });

  it('lists the oldest first and the newest last, and finds them again after a restart', async () => {
    // Arrange
    const clock = ticking();
    const first = createDeadLetterStore(settings('restart'), { now: clock });
    await first.put(entry('stream:a'));
    await first.put(entry('stream:b'));
    await first.put(entry('stream:c'));

    // Act
    const listed = await createDeadLetterStore(settings('restart')).list();

    // Assess
    expect(listed.map((l) => l.source)).toEqual(['stream:a', 'stream:b', 'stream:c']);
  });

  it('gets an entry by id, removes it, and knows nothing of ids it never gave', async () => {
    // Arrange
    const store = createDeadLetterStore(settings('remove'));
    const letter = await store.put(entry('lambda-async:baton-dev-stall-sweep'));

    // Act
    const found = await store.get(letter.id);
    await store.remove(letter.id);

    // Assess
    expect(found).toEqual(letter);
    expect(await store.get(letter.id)).toBeUndefined();
    expect(await store.list()).toEqual([]);
    expect(await store.get('../../etc/passwd')).toBeUndefined();
  });

  it('keeps entries in memory, writing nothing, for in-memory runs', async () => {
    // Arrange
    const store = createDeadLetterStore(settings('memory', true), { now: ticking() });

    // Act
    await store.put(entry('stream:x'));
    await store.put(entry('stream:y'));

    // Assess
    expect((await store.list()).map((l) => l.source)).toEqual(['stream:x', 'stream:y']);
    expect(existsSync(join(root, 'memory'))).toBe(false);
  });

  it('logs each entry put, without its payload, and how many wait at start', async () => {
    // Arrange
    const lines: string[] = [];
    const logger = createLogger('dead-letters', { write: (line) => lines.push(line) });
    const deadLetters = createDeadLetters({ settings: settings('logged'), logger, queues: [] });
    await deadLetters.store.put(entry('stream:logged', 'batch failed'));

    // Act
    await deadLetters.service.start();

    // Assess
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged[0]).toMatchObject({
      level: 'warn',
      message: 'dead letter stored',
      source: 'stream:logged',
      reason: 'batch failed',
    });
    expect(JSON.stringify(logged)).not.toContain('acc-1');
    expect(logged).toContainEqual(
      expect.objectContaining({ message: 'dead-letter store ready', waiting: 1 }),
    );
  });

  it('formats a table of id, time, source, target, attempts and the reason last', async () => {
    // Arrange
    const store = createDeadLetterStore(settings('table', true), { now: ticking() });
    const letter = await store.put(entry('eventbridge:rule', 'target kept failing'));

    // Act
    const table = deadLetterTable(await store.list()).split('\n');

    // Assess
    expect(table[0]).toMatch(/^id\s+time\s+source\s+target\s+attempts\s+reason$/);
    expect(table[1]).toMatch(
      new RegExp(
        `^${letter.id}\\s+2026-12-03 09:00:00\\s+eventbridge:rule\\s+baton-dev-ingest-event\\s+3\\s+ValidationError: target kept failing$`,
      ),
    );
  });
});
