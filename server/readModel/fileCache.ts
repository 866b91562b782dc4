/**
 * The snapshot files last served, in memory (least recently used dropped first, within a byte
 * budget), so that a download costs a version lookup and a socket write instead of reading
 * megabytes from SQLite each time. An entry is used only while its version is the current one.
 */
export function snapshotFileCache({ maxBytes = 64 * 1024 * 1024 } = {}) {
  const entries = new Map<string, { etag: string; builtAt: string; body: Buffer }>();
  let bytes = 0;

  return {
    get(key: string, etag: string) {
      const entry = entries.get(key);
      if (!entry || entry.etag !== etag) return null;
      entries.delete(key); // most recently used last
      entries.set(key, entry);
      return entry;
    },
    set(key: string, entry: { etag: string; builtAt: string; body: Buffer }) {
      const old = entries.get(key);
      if (old) bytes -= old.body.byteLength;
      entries.delete(key);
      if (entry.body.byteLength > maxBytes / 4) return; // a file too large to keep is read each time
      entries.set(key, entry);
      bytes += entry.body.byteLength;
      for (const [oldest, value] of entries) {
        if (bytes <= maxBytes) break;
        entries.delete(oldest);
        bytes -= value.body.byteLength;
      }
    },
  };
}
export type SnapshotFileCache = ReturnType<typeof snapshotFileCache>;
