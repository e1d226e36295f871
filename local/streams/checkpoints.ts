import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Where a mapping stands in its stream: per shard, the sequence number of the last record it
 * handled (delivered, filtered out or sent to the dead-letter store), or none yet (read from the
 * shard's start); `finished` once a closed shard is read to its end.
 */
interface Checkpoint {
  streamArn: string;
  shards: Record<string, { sequenceNumber?: string; finished?: boolean }>;
}

/**
 * A mapping's checkpoint in `<dataDir>/streams/<mapping>.json`, written whole and renamed into
 * place so a crash never leaves half a file; in memory only for `--in-memory` runs, whose
 * tables and streams do not outlive the run either.
 */
class CheckpointFile {
  private readonly file: string | undefined;
  private current: Checkpoint | undefined;

  constructor(file: string | undefined) {
    this.file = file;
  }

  async load(): Promise<Checkpoint | undefined> {
    if (this.current || !this.file) return this.current;
    try {
      this.current = JSON.parse(await readFile(this.file, 'utf8')) as Checkpoint;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return this.current;
  }

  async save(checkpoint: Checkpoint): Promise<void> {
    this.current = structuredClone(checkpoint);
    if (!this.file) return;
    await mkdir(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(checkpoint, null, 2)}\n`);
    await rename(temporary, this.file);
  }
}

export type { Checkpoint };
export { CheckpointFile };
