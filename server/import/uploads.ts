/**
 * Uploaded files between the preview and the import, so a person sends their file once and may
 * then change how it is read as often as they like. Kept in memory, for their uploader only, for
 * 30 minutes; a few per person and a total cap, the oldest dropped first.
 */
import { randomId } from "../../shared/ids.ts";

export type Upload = { id: string; owner: string; fileName: string; bytes: Uint8Array; at: number };

export type UploadLimits = { ttlMs: number; perOwner: number; totalBytes: number };

export const defaultUploadLimits: UploadLimits = { ttlMs: 30 * 60_000, perOwner: 3, totalBytes: 512 * 1024 * 1024 };

export function uploadStore(limits: UploadLimits = defaultUploadLimits, now: () => number = Date.now) {
  const uploads = new Map<string, Upload>();
  const expire = () => {
    for (const [id, upload] of uploads) if (now() - upload.at > limits.ttlMs) uploads.delete(id);
  };
  return {
    put(owner: string, fileName: string, bytes: Uint8Array): Upload {
      expire();
      const mine = [...uploads.values()].filter((u) => u.owner === owner);
      for (const old of mine.slice(0, Math.max(0, mine.length - limits.perOwner + 1))) uploads.delete(old.id);
      let total = bytes.byteLength;
      for (const u of uploads.values()) total += u.bytes.byteLength;
      for (const u of [...uploads.values()]) {
        if (total <= limits.totalBytes) break;
        uploads.delete(u.id);
        total -= u.bytes.byteLength;
      }
      const upload = { id: randomId(16), owner, fileName, bytes, at: now() };
      uploads.set(upload.id, upload);
      return upload;
    },
    /** The upload, only for the person who sent it. */
    get(id: string, owner: string): Upload | null {
      expire();
      const upload = uploads.get(id);
      return upload && upload.owner === owner ? upload : null;
    },
    delete(id: string): void {
      uploads.delete(id);
    },
  };
}

export type UploadStore = ReturnType<typeof uploadStore>;
