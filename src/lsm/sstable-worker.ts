// The SSTable worker thread: builds SSTables off the main thread, so the CPU of flushes and
// compactions (block encoding, lz4, bloom filters, checksums; for compaction also decoding and
// merging) does not delay queries and commits. Its file I/O runs on the main thread's engine
// (io/remote-engine.ts), where compaction writes are also rate-limited. Jobs (sstable-thread.ts):
//   write    one SSTable file from entries the main thread hands over in chunks ('pull');
//   compact  one compaction task (compaction.ts), output file numbers from the main thread
//            ('allocate'); it opens its own readers of the input files.
// Replies carry the job's result or its error (DbError and IoError keep their class).
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { RemoteEngine } from '../io/remote-engine.js';
import { carryError, type BridgePorts } from '../io/thread-bridge.js';
import type { CompactionTask } from './compaction-policy.js';
import { defaultFileName, runCompaction } from './compaction.js';
import { deadEntryTest } from './dropped-relations.js';
import { chunkEntries, type EntryChunk } from './entry-chunks.js';
import { relationId, type RelationAt } from './manifest-format.js';
import { SstableReader } from './sstable-reader.js';
import { writeSstableFile, type SstWriterOptions } from './sstable-writer.js';
import type { SstEntry } from './sstable-format.js';

export type SstableJob =
  | { jobId: number; kind: 'write'; dir: string; name: string; stream: number; writerOptions?: SstWriterOptions }
  | {
      jobId: number;
      kind: 'compact';
      dir: string;
      task: CompactionTask;
      snapshots: number[];
      targetFileBytes?: number;
      dropped: RelationAt[];
      writerOptions?: SstWriterOptions;
    };

const engine = new RemoteEngine((workerData as { bridge: BridgePorts }).bridge);

function* pulled(stream: number): Generator<SstEntry> {
  for (;;) {
    const chunk = engine.call('pull', stream) as EntryChunk | null;
    if (chunk === null) return;
    yield* chunkEntries(chunk);
  }
}

async function run(job: SstableJob): Promise<unknown> {
  if (job.kind === 'write') return writeSstableFile(engine, job.dir, job.name, pulled(job.stream), job.writerOptions);
  const readers: SstableReader[] = [];
  try {
    return await runCompaction(engine, job.dir, job.task, {
      readers: async (id) => {
        const reader = await SstableReader.open(engine, join(job.dir, defaultFileName(id)), { readAheadBytes: 1 << 20 });
        readers.push(reader);
        return reader;
      },
      allocateFileNumber: () => engine.call('allocate') as number,
      snapshots: job.snapshots,
      targetFileBytes: job.targetFileBytes,
      dropEntry: deadEntryTest({ dropped: new Map(job.dropped.map((r) => [relationId(r.dbOid, r.relfilenode), r])) }),
      writerOptions: job.writerOptions,
      yieldEvery: 0,
    });
  } finally {
    for (const r of readers) r.close();
  }
}

parentPort!.on('message', (job: SstableJob) => {
  run(job).then(
    (result) => parentPort!.postMessage({ jobId: job.jobId, result }),
    (err: unknown) => parentPort!.postMessage({ jobId: job.jobId, error: carryError(err) }),
  );
});
