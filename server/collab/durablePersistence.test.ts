import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { openSqliteStorage } from "../storage/sqlite.ts";
import type { LogEntry } from "../storage/types.ts";
import { tempDataDir } from "../test/testServer.ts";
import { DurablePersistence } from "./durablePersistenceExtension.ts";

/** The extension driven directly with real documents and a real SQLite file. */
describe("compaction policy", () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  async function setUp() {
    const data = tempDataDir();
    const storage = openSqliteStorage(path.join(data.dir, "db.sqlite"));
    cleanups.push(() => {
      storage.close();
      data.remove();
    });
    const persistence = new DurablePersistence(storage.documents, { updates: 3, bytes: 1_000_000 });
    const document = new Y.Doc();
    await persistence.onLoadDocument({ documentName: "doc", document } as never);
    const store = (clientsCount: number) =>
      persistence.onStoreDocument({ documentName: "doc", document, clientsCount } as never);
    const edit = (value: number) => document.transact(() => document.getMap("m").set("k", value), { source: "local" });
    const logLength = async () => (await storage.documents.load("doc")).updates.length;
    return { storage, persistence, document, store, edit, logLength };
  }

  /** A second server process loading what the first stored. */
  async function reload(storage: Awaited<ReturnType<typeof setUp>>["storage"]) {
    const persistence = new DurablePersistence(storage.documents);
    const document = new Y.Doc();
    await persistence.onLoadDocument({ documentName: "doc", document } as never);
    return {
      persistence,
      document,
      unload: () => persistence.beforeUnloadDocument({ documentName: "doc", document } as never),
    };
  }

  it("lets the log grow while people are connected, and compacts once it is long enough", async () => {
    const { store, edit, logLength } = await setUp();
    edit(1);
    edit(2);
    await store(5);
    expect(await logLength()).toBe(2); // every edit is on disk, no snapshot needed yet
    edit(3);
    await store(5);
    expect(await logLength()).toBe(0);
  });

  it("has each person's update on disk before it is applied, and writes updates that arrive together at once", async () => {
    const { storage, document } = await setUp();
    const writes: number[] = [];
    const counted = {
      ...storage.documents,
      appendAll: (entries: LogEntry[]) => {
        writes.push(entries.length);
        return storage.documents.appendAll(entries);
      },
    };
    const persistence = new DurablePersistence(counted);
    await persistence.onLoadDocument({ documentName: "doc", document: new Y.Doc() } as never);
    const payloads = [1, 2, 3].map((value) => {
      const other = new Y.Doc();
      other.getMap("m").set(`k${value}`, value);
      return Y.encodeStateAsUpdate(other);
    });
    const onDisk = await Promise.all(
      payloads.map(async (payload) => {
        const connection = { readOnly: false };
        await persistence.beforeSync({ type: 2, payload, document, documentName: "doc", connection } as never);
        const { updates } = await storage.documents.load("doc");
        return updates.some((u) => Buffer.from(u).equals(payload));
      }),
    );
    expect(onDisk).toEqual([true, true, true]);
    expect(writes).toEqual([3]);
    const { updates } = await storage.documents.load("doc");
    expect(updates.map((u) => Buffer.from(u))).toEqual(payloads.map((p) => Buffer.from(p)));
  });

  it("compacts when the last person leaves, and what it wrote loads back", async () => {
    const { storage, store, edit, logLength } = await setUp();
    edit(7);
    await store(0);
    expect(await logLength()).toBe(0);
    const { snapshot } = await storage.documents.load("doc");
    const copy = new Y.Doc();
    Y.applyUpdate(copy, snapshot as Uint8Array);
    expect(copy.getMap("m").get("k")).toBe(7);
  });

  it("writes nothing for a document that did not change since it was loaded or compacted", async () => {
    const { storage, persistence, document, store, edit } = await setUp();
    edit(1);
    await store(0);
    const written = (await storage.documents.load("doc")).snapshotAt;
    await new Promise((resolve) => setTimeout(resolve, 5)); // a rewrite would carry a later timestamp
    await store(0);
    await persistence.compact("doc", document); // as on shutdown
    expect((await storage.documents.load("doc")).snapshotAt).toBe(written);

    const { unload } = await reload(storage);
    await unload();
    expect((await storage.documents.load("doc")).snapshotAt).toBe(written);
  });

  it("folds a log found at load into the snapshot once, when the document unloads", async () => {
    const { storage, edit, logLength } = await setUp();
    edit(1);
    edit(2); // people still connected when the server stopped: the log was never compacted
    const { document, unload } = await reload(storage);
    expect(document.getMap("m").get("k")).toBe(2);
    await unload();
    expect(await logLength()).toBe(0);
    const { snapshot } = await storage.documents.load("doc");
    const copy = new Y.Doc();
    Y.applyUpdate(copy, snapshot as Uint8Array);
    expect(copy.getMap("m").get("k")).toBe(2);
  });

  it("drops changes that could never apply (stored before the update rules refused them), and stores without them", async () => {
    const { storage } = await setUp();
    const stranger = new Y.Doc();
    stranger.getMap("m").set("k", "never sent");
    const afterGap = new Y.Doc();
    Y.applyUpdate(afterGap, Y.encodeStateAsUpdate(stranger));
    const gapped: Uint8Array[] = [];
    afterGap.on("update", (update: Uint8Array) => gapped.push(update));
    afterGap.getMap("m").set("k", "waits forever");
    await storage.documents.append("doc", gapped[0] as Uint8Array);

    const { document, unload } = await reload(storage);
    expect(document.store.pendingStructs).toBeNull();
    await unload();
    const stored = new Y.Doc();
    const { snapshot, updates } = await storage.documents.load("doc");
    for (const update of [snapshot, ...updates]) if (update) Y.applyUpdate(stored, update);
    expect(stored.store.pendingStructs).toBeNull();
  });
});
