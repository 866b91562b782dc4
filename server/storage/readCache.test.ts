import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { newDatasetId } from "../../shared/ids.ts";
import { tempDataDir } from "../test/testServer.ts";
import { withReadCache } from "./readCache.ts";
import type { SnapshotVersion } from "./readModelTypes.ts";
import { stageSnapshot } from "./snapshotFiles.ts";
import { openSqliteStorage } from "./sqlite.ts";

const id = newDatasetId();
const record = {
  id,
  title: "Repair cafés",
  description: "",
  epoch: 0,
  workspaceId: null,
  openness: "public-read" as const,
  createdAt: "2026-12-02T00:00:00.000Z",
  updatedAt: "2026-12-02T00:00:00.000Z",
};
const version = (etag: string): SnapshotVersion => ({
  etag,
  epoch: 0,
  builtAt: "2026-12-02T00:00:00.000Z",
  rowCount: 1,
  modelBytes: 2,
  formats: ["model"],
});
const file = { format: "model" as const, identity: Buffer.from("{}"), gzip: Buffer.alloc(0), br: Buffer.alloc(0) };

/** The cache over real SQLite storage: every write through it is seen by the very next read. */
describe("read cache", () => {
  const dirs: ReturnType<typeof tempDataDir>[] = [];
  const open = () => {
    const data = tempDataDir();
    dirs.push(data);
    const raw = openSqliteStorage(path.join(data.dir, "db.sqlite"));
    return { raw, storage: withReadCache(raw) };
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) dir.remove();
  });

  it("answers from memory, and every dataset write is seen at once", async () => {
    const { raw, storage } = open();
    expect(await storage.datasets.get(id)).toBeNull(); // nothing there is never kept
    await storage.datasets.create(record, new Uint8Array([0, 0]), `dataset.${id}.0`);
    expect(await storage.datasets.get(id)).toMatchObject({ openness: "public-read" });

    // Kept: a write behind the cache's back (which the server never does) is not seen...
    raw.datasets.setOpenness(id, "public-edit");
    expect(await storage.datasets.get(id)).toMatchObject({ openness: "public-read" });
    // ...while every write through it is, on the next read.
    await storage.datasets.setOpenness(id, "private");
    expect(await storage.datasets.get(id)).toMatchObject({ openness: "private" });
    await storage.datasets.updateSummary(id, { title: "Cafés", description: "d" });
    expect(await storage.datasets.get(id)).toMatchObject({ title: "Cafés", description: "d" });
    const replaced = await storage.datasets.replaceDocument(id, 0, new Uint8Array([0, 0]), `dataset.${id}.1`);
    expect(replaced?.epoch).toBe(1);
    expect(await storage.datasets.get(id)).toMatchObject({ epoch: 1 });
    await storage.datasets.delete(id);
    expect(await storage.datasets.get(id)).toBeNull();
  });

  it("a caller changing the record it was given changes nothing kept", async () => {
    const { storage } = open();
    await storage.datasets.create(record, new Uint8Array([0, 0]), `dataset.${id}.0`);
    const first = await storage.datasets.get(id);
    if (first) first.openness = "public-edit";
    expect(await storage.datasets.get(id)).toMatchObject({ openness: "public-read" });
  });

  it("a read that began before a write, and ends after it, does not keep what it read", async () => {
    const { raw } = open();
    await raw.datasets.create(record, new Uint8Array([0, 0]), `dataset.${id}.0`);
    // A storage whose reads take a round trip (PostgreSQL): this read ends when told to.
    let endRead = () => {};
    const slowRead = new Promise<void>((resolve) => {
      endRead = resolve;
    });
    const storage = withReadCache({
      ...raw,
      datasets: {
        ...raw.datasets,
        get: async (datasetId) => {
          const found = raw.datasets.get(datasetId);
          await slowRead;
          return found;
        },
      },
    });
    const racing = storage.datasets.get(id);
    await storage.datasets.setOpenness(id, "private");
    endRead();
    expect(await racing).toMatchObject({ openness: "public-read" }); // read before the write
    expect(await storage.datasets.get(id)).toMatchObject({ openness: "private" });
  });

  it("snapshot versions: kept until the next put, publish or delete", async () => {
    const { storage } = open();
    await storage.datasets.create(record, new Uint8Array([0, 0]), `dataset.${id}.0`);
    expect(await storage.readModel.version(id)).toBeNull();
    await storage.readModel.put(id, version("v1"), [file]);
    expect(await storage.readModel.version(id)).toMatchObject({ etag: "v1" });
    const staged = await stageSnapshot(storage.readModel.stagingDir, id, { version: version("v2"), files: [file] });
    await storage.readModel.publish(staged);
    expect(await storage.readModel.version(id)).toMatchObject({ etag: "v2" });
    await storage.readModel.delete(id);
    expect(await storage.readModel.version(id)).toBeNull();
    await storage.readModel.put(id, version("v3"), [file]);
    expect(await storage.readModel.version(id)).toMatchObject({ etag: "v3" });
  });
});
