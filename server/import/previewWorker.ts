/** The worker thread that reads large files for their preview (previewer.ts), so the server keeps serving. */
import { parentPort } from "node:worker_threads";
import type { ReadOptions } from "../../shared/api/imports.ts";
import { analyse, previewOf } from "./analyse.ts";
import { ImportError } from "./importError.ts";

type Request = { id: number; bytes: Uint8Array; fileName: string; options: ReadOptions };

parentPort?.on("message", async ({ id, bytes, fileName, options }: Request) => {
  try {
    const preview = previewOf("", fileName, await analyse(bytes, fileName, options));
    parentPort?.postMessage({ id, preview });
  } catch (error) {
    parentPort?.postMessage({
      id,
      error:
        error instanceof ImportError
          ? { code: error.code, message: error.message, params: error.params }
          : { code: "internal", message: error instanceof Error ? (error.stack ?? error.message) : String(error) },
    });
  }
});
