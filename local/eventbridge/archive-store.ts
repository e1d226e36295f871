import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArchivedEvent } from './model.ts';

interface ArchiveStats {
  eventCount: number;
  sizeBytes: number;
}

/**
 * Where archived events live: one NDJSON file per archive, `<dataDir>/eventbridge/archive-<name>.ndjson`
 * (one `{archivedAt, event}` per line), or memory for `--in-memory` runs. Appends to one archive
 * are serialised so that lines never interleave.
 *
 * Differs from AWS: events past the archive's `RetentionDays` are skipped by replays but stay in
 * the file, and in `EventCount` and `SizeBytes`, until the file is removed by hand.
 */
interface ArchiveStore {
  append(archive: string, record: ArchivedEvent): Promise<void>;
  read(archive: string): Promise<ArchivedEvent[]>;
  stats(archive: string): Promise<ArchiveStats>;
}

const lineOf = (record: ArchivedEvent) => `${JSON.stringify(record)}\n`;

const createMemoryArchiveStore = (): ArchiveStore => {
  const archives = new Map<string, ArchivedEvent[]>();
  return {
    async append(archive, record) {
      archives.set(archive, [...(archives.get(archive) ?? []), record]);
    },
    async read(archive) {
      return [...(archives.get(archive) ?? [])];
    },
    async stats(archive) {
      const records = archives.get(archive) ?? [];
      return {
        eventCount: records.length,
        sizeBytes: records.reduce((sum, record) => sum + Buffer.byteLength(lineOf(record)), 0),
      };
    },
  };
};

const createFileArchiveStore = (dataDir: string): ArchiveStore => {
  const folder = join(dataDir, 'eventbridge');
  const pathOf = (archive: string) => join(folder, `archive-${archive}.ndjson`);
  const queues = new Map<string, Promise<void>>();

  const readText = async (archive: string): Promise<string> => {
    await queues.get(archive);
    try {
      return await readFile(pathOf(archive), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw error;
    }
  };

  return {
    append(archive, record) {
      const previous =
        queues.get(archive) ?? mkdir(folder, { recursive: true }).then(() => undefined);
      const next = previous.then(() => appendFile(pathOf(archive), lineOf(record), 'utf8'));
      queues.set(
        archive,
        next.catch(() => undefined),
      );
      return next;
    },
    async read(archive) {
      const text = await readText(archive);
      // A line cut short by a crash mid-append is skipped rather than failing the replay.
      return text.split('\n').flatMap((line) => {
        if (line.trim() === '') return [];
        try {
          return [JSON.parse(line) as ArchivedEvent];
        } catch {
          return [];
        }
      });
    },
    async stats(archive) {
      const text = await readText(archive);
      return {
        eventCount: text.split('\n').filter((line) => line.trim() !== '').length,
        sizeBytes: Buffer.byteLength(text),
      };
    },
  };
};

export { type ArchiveStats, type ArchiveStore, createFileArchiveStore, createMemoryArchiveStore };
