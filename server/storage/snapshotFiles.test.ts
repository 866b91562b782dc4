import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { newDatasetId } from "../../shared/ids.ts";
import { tempDataDir } from "../test/testServer.ts";
import type { SnapshotFile, SnapshotVersion } from "./readModelTypes.ts";
import { snapshotRootOf, stageSnapshot } from "./snapshotFiles.ts";
import { openSqliteStorage } from "./sqlite.ts";

const version = (etag: string): SnapshotVersion => ({
  etag,
  epoch: 0,
  builtAt: "2026-12-03T00:00:00.000Z",
  rowCount: 1,
  modelBytes: 9,
  formats: ["model", "json"],
});
const files = (text: string): SnapshotFile[] => [
  { format: "model", identity: Buffer.from(text), gzip: Buffer.alloc(0), br: Buffer.alloc(0) },
  { format: "json", identity: Buffer.alloc(0), gzip: Buffer.from(`gz ${text}`), br: Buffer.from(`br ${text}`) },
];
const text = (body: Uint8Array | undefined) => (body ? Buffer.from(body).toString() : null);

/** Published snapshots' files on disk beside the database, their versions in it. */
describe("snapshot files", () => {
  const dirs: ReturnType<typeof tempDataDir>[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) dir.remove();
  });
  const open = () => {
    const data = tempDataDir();
    dirs.push(data);
    const file = path.join(data.dir, "db.sqlite");
    return { file, root: snapshotRootOf(file), storage: openSqliteStorage(file) };
  };
  const datasetFiles = (root: string, id: string) => readdirSync(path.join(root, id));

  it("publishing a staged snapshot serves its files and deletes the previous one's; a discarded one leaves nothing", async () => {
    const { root, storage } = open();
    const id = newDatasetId();
    const store = storage.readModel;
    await store.put(id, version("v1"), files("one"));
    expect(text((await store.file(id, "model", "identity"))?.body)).toBe("one");

    const staged = await stageSnapshot(store.stagingDir, id, { version: version("v2"), files: files("two") });
    expect((await store.version(id))?.etag).toBe("v1"); // staged is not published
    await store.publish(staged);
    const read = await store.file(id, "json", "br");
    expect(read?.version.etag).toBe("v2");
    expect(text(read?.body)).toBe("br two");
    expect(await store.file(id, "json", "identity")).toBeNull(); // an encoding not stored
    expect(datasetFiles(root, id)).toEqual(["v2"]);

    const unwanted = await stageSnapshot(store.stagingDir, id, { version: version("v3"), files: files("three") });
    await store.discard(unwanted);
    expect(readdirSync(store.stagingDir)).toEqual([]);
    expect((await store.version(id))?.etag).toBe("v2");

    await store.delete(id);
    expect(await store.version(id)).toBeNull();
    expect(await store.file(id, "model", "identity")).toBeNull();
    expect(existsSync(path.join(root, id))).toBe(false);
    await storage.close();
  });

  it("a read while a newer snapshot is published gets one version's files with that version, never a mix", async () => {
    const { storage } = open();
    const store = storage.readModel;
    const id = newDatasetId();
    await store.put(id, version("v0"), files("v0"));
    for (let n = 1; n <= 20; n++) {
      const staged = await stageSnapshot(store.stagingDir, id, { version: version(`v${n}`), files: files(`v${n}`) });
      const reading = store.file(id, "model", "identity"); // has read the version, not yet the file
      await store.publish(staged); // deletes that version's files
      const read = await reading;
      expect(text(read?.body)).toBe(read?.version.etag);
    }
    expect(text((await store.file(id, "model", "identity"))?.body)).toBe("v20");
    await storage.close();
  });

  it("after a crash, tidying deletes staging and files no version names, and forgets a version whose files are gone", async () => {
    const { file, root, storage } = open();
    const [kept, lost, gone] = [newDatasetId(), newDatasetId(), newDatasetId()];
    await storage.readModel.put(kept, version("v1"), files("kept"));
    await storage.readModel.put(lost, version("v1"), files("lost"));
    await stageSnapshot(storage.readModel.stagingDir, kept, { version: version("v2"), files: files("half") });
    mkdirSync(path.join(root, kept, "v0"));
    writeFileSync(path.join(root, kept, "v0", "model.identity"), "stale"); // an older version's files
    mkdirSync(path.join(root, gone, "v1"), { recursive: true }); // a deleted dataset's
    rmSync(path.join(root, lost, "v1"), { recursive: true }); // files lost (a disk restored without them)
    await storage.close();

    const reopened = openSqliteStorage(file);
    await reopened.readModel.tidy();
    expect(existsSync(reopened.readModel.stagingDir)).toBe(false);
    expect(readdirSync(root).sort()).toEqual([kept, lost].sort());
    expect(datasetFiles(root, kept)).toEqual(["v1"]);
    expect(text((await reopened.readModel.file(kept, "model", "identity"))?.body)).toBe("kept");
    expect(await reopened.readModel.version(lost)).toBeNull(); // so the next start rebuilds it
    await reopened.close();
  });

  it("never makes a path of a name the server did not make", async () => {
    const { storage } = open();
    await expect(storage.readModel.put(newDatasetId(), version("../../x"), files("x"))).rejects.toThrow(
      /not a snapshot file name/,
    );
    expect(readdirSync(storage.readModel.stagingDir)).toEqual([]); // nothing left staged
    expect(() => storage.readModel.pathOf("../up" as never, version("v1"), "model", "identity")).toThrow(
      /not a snapshot file name/,
    );
    await storage.close();
  });
});
