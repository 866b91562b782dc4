/**
 * Reads a file for its preview: small files on the main thread (a worker's round trip and copy
 * cost more), larger ones in one worker thread, started when needed and ended once idle after a
 * large file, so that reading a 100 MB file does not stop the server from answering everyone
 * else meanwhile, nor keep its memory afterwards.
 */
import { Worker } from "node:worker_threads";
import type { ImportErrorCode, ImportErrorParams } from "../../shared/api/importErrors.ts";
import type { ImportPreview, ReadOptions } from "../../shared/api/imports.ts";
import { analyse, previewOf } from "./analyse.ts";
import { ImportError } from "./importError.ts";

/** File size from which the preview is read in the worker. */
export const PREVIEW_WORKER_BYTES = 1024 * 1024;
/** File size from which the worker ends once idle (starting one costs about 0.2 s of CPU). */
export const RELEASE_BYTES = 8 * 1024 * 1024;

type Answer = {
  id: number;
  preview?: ImportPreview;
  error?: { code: string; message: string; params?: ImportErrorParams };
};

export function previewer({
  workerBytes = PREVIEW_WORKER_BYTES,
  releaseBytes = RELEASE_BYTES,
}: {
  workerBytes?: number;
  releaseBytes?: number;
} = {}) {
  type Waiting = Map<number, { resolve: (p: ImportPreview) => void; reject: (e: Error) => void }>;
  let running: { worker: Worker; waiting: Waiting; large: boolean } | null = null;
  let nextId = 1;

  function start() {
    const worker = new Worker(new URL("./previewWorker.ts", import.meta.url));
    worker.unref();
    const waiting: Waiting = new Map();
    const self = { worker, waiting, large: false };
    worker.on("message", ({ id, preview, error }: Answer) => {
      const entry = waiting.get(id);
      waiting.delete(id);
      // Idle after a large file, the worker ends: the heap its reading grew goes with it, instead
      // of staying beside the import job's own worker (the server's memory peaked at both).
      // Smaller files keep it, so that their previews do not pay a worker's start each time.
      if (waiting.size === 0 && self.large) {
        if (running === self) running = null;
        void worker.terminate();
      }
      if (!entry) return;
      if (preview) entry.resolve(preview);
      else if (error && error.code !== "internal")
        entry.reject(new ImportError(error.code as ImportErrorCode, error.message, error.params));
      else entry.reject(new Error(`preview failed in the worker: ${error?.message}`));
    });
    const fail = (error: Error) => {
      for (const entry of waiting.values()) entry.reject(error);
      waiting.clear();
      if (running === self) running = null;
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`preview worker exited (${code})`)));
    return self;
  }

  return {
    /** The preview of a file (its `uploadId` is the caller's to set). */
    async preview(bytes: Uint8Array, fileName: string, options: ReadOptions): Promise<ImportPreview> {
      if (bytes.byteLength < workerBytes) return previewOf("", fileName, await analyse(bytes, fileName, options));
      running ??= start();
      const id = nextId++;
      const { worker, waiting } = running;
      if (bytes.byteLength >= releaseBytes) running.large = true;
      const answer = new Promise<ImportPreview>((resolve, reject) => waiting.set(id, { resolve, reject }));
      worker.postMessage({ id, bytes, fileName, options });
      return answer;
    },
    async close(): Promise<void> {
      const stopping = running;
      running = null;
      await stopping?.worker.terminate();
    },
  };
}

export type Previewer = ReturnType<typeof previewer>;
