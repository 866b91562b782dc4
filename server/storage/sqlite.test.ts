import { statSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import type { DatasetId } from "../../shared/ids.ts";
import { tempDataDir } from "../test/testServer.ts";
import { openSqliteStorage } from "./sqlite.ts";
import { sqliteMigrations } from "./sqliteMigrations.ts";

const record = (id: string) => ({
  id: id as DatasetId,
  title: "T",
  description: "",
  epoch: 0,
  workspaceId: null,
  openness: "private" as const,
  createdAt: "2026-11-30T00:00:00.000Z",
  updatedAt: "2026-11-30T00:00:00.000Z",
});

describe("SQLite storage", () => {
  const dirs: ReturnType<typeof tempDataDir>[] = [];
  const open = () => {
    const data = tempDataDir();
    dirs.push(data);
    const file = path.join(data.dir, "db.sqlite");
    return { file, storage: openSqliteStorage(file) };
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) dir.remove();
  });

  it("replays snapshot plus log, and compaction keeps exactly the entries after its mark", async () => {
    const { file, storage } = open();
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    const map = doc.getMap<number>("m");
    map.set("a", 1);
    storage.documents.append("doc", updates[0] as Uint8Array);
    const mark = await storage.documents.lastLogId("doc");
    await storage.documents.compact("doc", Y.encodeStateAsUpdate(doc), mark);
    map.set("b", 2);
    storage.documents.append("doc", updates[1] as Uint8Array);
    storage.close();

    const reopened = openSqliteStorage(file);
    const stored = await reopened.documents.load("doc");
    expect(stored.updates).toHaveLength(1);
    const copy = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(copy, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(copy, update);
    expect(copy.getMap("m").toJSON()).toEqual({ a: 1, b: 2 });
    expect(await reopened.documents.load("other")).toEqual({ snapshot: null, snapshotAt: null, updates: [] });
    reopened.close();
  });

  it("appends several updates of several documents in one go, in order with their attribution, or none of them", async () => {
    const { storage } = open();
    const a = "dataset.aaaaaaaaaaaa.0";
    const b = "dataset.bbbbbbbbbbbb.0";
    const change = (cell: string) => ({
      actor: { kind: "anonymous" as const, contributorId: "visitor" },
      cells: [cell],
      blocks: [],
      structure: false,
    });
    await storage.documents.appendAll([
      { name: a, update: new Uint8Array([1]), change: change("r1:c1") },
      { name: b, update: new Uint8Array([2]) },
      { name: a, update: new Uint8Array([3]), change: change("r2:c1") },
    ]);
    expect((await storage.documents.load(a)).updates.map((u) => [...u])).toEqual([[1], [3]]);
    expect((await storage.documents.load(b)).updates.map((u) => [...u])).toEqual([[2]]);
    const changes = await storage.changes.list("aaaaaaaaaaaa" as DatasetId);
    expect(changes.map((c) => c.cells)).toEqual([["r1:c1"], ["r2:c1"]]);

    const broken = { name: b, update: null as unknown as Uint8Array }; // the log refuses an update without data
    expect(() => storage.documents.appendAll([{ name: b, update: new Uint8Array([4]) }, broken])).toThrow();
    expect((await storage.documents.load(b)).updates.map((u) => [...u])).toEqual([[2]]);
    storage.close();
  });

  it("with background checkpoints, a worker copies the log back into the database, and closing keeps everything", async () => {
    const data = tempDataDir();
    dirs.push(data);
    const file = path.join(data.dir, "db.sqlite");
    const storage = openSqliteStorage(file, { backgroundCheckpoints: true });
    const before = statSync(file).size;
    // 2 MB: fewer pages than SQLite's own threshold (1,000), so only the worker can have copied it back.
    const snapshot = new Uint8Array(2 * 1024 * 1024).map((_, i) => i % 251);
    await storage.documents.compact("doc", snapshot, 0);
    await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(before + snapshot.byteLength), {
      timeout: 20_000,
      interval: 100,
    });
    await storage.documents.append("doc", new Uint8Array([1]));
    await storage.close();
    const reopened = openSqliteStorage(file);
    const stored = await reopened.documents.load("doc");
    expect(stored.snapshot && Buffer.from(stored.snapshot).equals(snapshot)).toBe(true);
    expect(stored.updates.map((u) => [...u])).toEqual([[1]]);
    await reopened.close();
  });

  it("registers a dataset and its first state together, and refuses a duplicate id without a stray snapshot", async () => {
    const { storage } = open();
    await storage.datasets.create(record("aaaaaaaaaaaa"), new Uint8Array([0, 0]), "dataset.aaaaaaaaaaaa.0");
    expect(() => storage.datasets.create(record("aaaaaaaaaaaa"), new Uint8Array([1]), "dataset.other.0")).toThrow();
    expect((await storage.documents.load("dataset.other.0")).snapshot).toBeNull();
    expect((await storage.datasets.list()).map((d) => d.id)).toEqual(["aaaaaaaaaaaa"]);
    await storage.datasets.updateSummary("aaaaaaaaaaaa" as DatasetId, { title: "New", description: "D" });
    expect(await storage.datasets.get("aaaaaaaaaaaa" as DatasetId)).toMatchObject({ title: "New", description: "D" });
    storage.close();
  });

  it("replaces a dataset's document with the next epoch atomically, once per epoch, keeping the old one", async () => {
    const { storage } = open();
    const id = "bbbbbbbbbbbb" as DatasetId;
    await storage.datasets.create(record(id), new Uint8Array([0, 0]), `dataset.${id}.0`);
    await storage.documents.append(`dataset.${id}.0`, new Uint8Array([1]));
    await storage.documents.append(`dataset.${id}.1`, new Uint8Array([2])); // a stray entry from nowhere

    const replaced = await storage.datasets.replaceDocument(id, 0, new Uint8Array([3]), `dataset.${id}.1`);
    expect(replaced).toMatchObject({ id, epoch: 1 });
    expect(await storage.datasets.get(id)).toMatchObject({ epoch: 1 });
    const next = await storage.documents.load(`dataset.${id}.1`);
    expect([...(next.snapshot ?? [])]).toEqual([3]);
    expect(next.updates).toEqual([]);
    expect((await storage.documents.load(`dataset.${id}.0`)).updates).toHaveLength(1); // kept

    // A second repair of the same epoch (a race) changes nothing.
    expect(await storage.datasets.replaceDocument(id, 0, new Uint8Array([4]), `dataset.${id}.1`)).toBeNull();
    expect([...((await storage.documents.load(`dataset.${id}.1`)).snapshot ?? [])]).toEqual([3]);
    expect(await storage.datasets.replaceDocument("cccccccccccc" as DatasetId, 0, new Uint8Array([4]), "x")).toBeNull();
    expect((await storage.documents.load("x")).snapshot).toBeNull();

    await storage.datasets.delete(id);
    expect((await storage.documents.load(`dataset.${id}.0`)).updates).toEqual([]);
    expect((await storage.documents.load(`dataset.${id}.1`)).snapshot).toBeNull();
    storage.close();
  });

  it("deletes every document of a dataset by its id (each epoch, its proposals, its attribution), and no other's", async () => {
    const { storage } = open();
    const id = "dddddddddddd" as DatasetId;
    const other = "dddddddddddD" as DatasetId; // SQLite's LIKE ignores case: the old prefix match took its documents too
    const proposal = `proposal.${id}.PPPPPPPPPPPPPPPP`;
    await storage.datasets.create(record(id), new Uint8Array([0, 0]), `dataset.${id}.0`);
    await storage.datasets.create(record(other), new Uint8Array([0, 0]), `dataset.${other}.0`);
    const change = { actor: { kind: "server" as const, reason: "test" }, cells: ["a:b"], blocks: [], structure: false };
    await storage.documents.append(`dataset.${id}.0`, new Uint8Array([1]), change);
    await storage.documents.append(proposal, new Uint8Array([2]));
    await storage.documents.compact(proposal, new Uint8Array([3]), 0);
    await storage.documents.append(`dataset.${other}.0`, new Uint8Array([4]), change);
    expect(await storage.changes.list(id)).toHaveLength(1);

    await storage.datasets.delete(id);
    expect(await storage.documents.load(proposal)).toEqual({ snapshot: null, snapshotAt: null, updates: [] });
    expect((await storage.documents.load(`dataset.${id}.0`)).snapshot).toBeNull();
    expect(await storage.changes.list(id)).toEqual([]);
    expect((await storage.documents.load(`dataset.${other}.0`)).updates).toHaveLength(1);
    expect(await storage.changes.list(other)).toHaveLength(1);
    storage.close();
  });

  it("numbers proposals per dataset, anonymises them when their author's account goes, and deletes them with the dataset", async () => {
    const { storage } = open();
    const id = "ffffffffffff" as DatasetId;
    await storage.datasets.create(record(id), new Uint8Array([0, 0]), `dataset.${id}.0`);
    await storage.users.create({
      id: "u1",
      email: "a@example.test",
      emailVerified: true,
      passwordHash: null,
      name: "A",
      language: "en",
      createdAt: "2026-12-01T00:00:00.000Z",
    });
    const proposal = (n: string, authorUserId: string | null) => ({
      id: n.repeat(16),
      datasetId: id,
      epoch: 0,
      status: "draft" as const,
      authorUserId,
      contributorId: null,
      nickname: null,
      language: "fr",
      email: null,
      message: "",
      secretHash: new Uint8Array(32),
      decisionMessage: "",
      createdAt: "2026-12-01T00:00:00.000Z",
      submittedAt: null,
      updatedAt: "2026-12-01T00:00:00.000Z",
    });
    expect((await storage.proposals.create(proposal("a", "u1"))).number).toBe(1);
    expect((await storage.proposals.create(proposal("b", null))).number).toBe(2);
    expect(await storage.proposals.countPending({ userId: "u1" })).toBe(1);
    await storage.users.delete("u1");
    expect(await storage.proposals.get("a".repeat(16))).toMatchObject({ number: 1, authorUserId: null });
    // What their documents hold is remembered for the pending ones only, and overwritten.
    const content = (value: string) => ({
      cells: [{ rowId: "r".repeat(10), columnId: "c".repeat(10), value, base: null }],
      newRows: [],
      deletions: [],
    });
    await storage.proposals.setContent("a".repeat(16), content("old") as never);
    await storage.proposals.setContent("a".repeat(16), content("new") as never);
    await storage.proposals.setContent("b".repeat(16), content("b") as never);
    await storage.proposals.setContent("z".repeat(16), content("none") as never); // no such proposal: ignored
    await storage.proposals.update("b".repeat(16), { status: "rejected" });
    expect(await storage.proposals.pendingContents(id)).toEqual(new Map([["a".repeat(16), content("new")]]));
    await storage.datasets.delete(id);
    expect(await storage.proposals.list(id)).toEqual([]);
    expect(await storage.proposals.pendingContents(id)).toEqual(new Map());
    storage.close();
  });

  it("gives documents stored before dataset ids were recorded their dataset's id when migrating", async () => {
    const data = tempDataDir();
    dirs.push(data);
    const file = path.join(data.dir, "old.sqlite");
    // A file at the schema just before that step, with a document written then.
    const before = sqliteMigrations.findIndex((sql) => sql.includes("ADD COLUMN dataset_id"));
    const db = new Database(file);
    for (const sql of sqliteMigrations.slice(0, before)) db.exec(sql);
    db.pragma(`user_version = ${before}`);
    db.prepare("INSERT INTO datasets (id, title, created_at, updated_at) VALUES ('eeeeeeeeeeee', 'T', 'x', 'x')").run();
    db.prepare("INSERT INTO document_updates (name, update_data) VALUES ('dataset.eeeeeeeeeeee.2', x'01')").run();
    db.close();
    const migrated = openSqliteStorage(file);
    await migrated.datasets.delete("eeeeeeeeeeee" as DatasetId);
    expect((await migrated.documents.load("dataset.eeeeeeeeeeee.2")).updates).toEqual([]);
    migrated.close();
  });

  it("gives blocks made before they recorded their proposal the latest proposal of their contributor or address", async () => {
    const data = tempDataDir();
    dirs.push(data);
    const file = path.join(data.dir, "old.sqlite");
    const before = sqliteMigrations.findIndex((sql) => sql.includes("ALTER TABLE blocked_contributors ADD COLUMN"));
    const db = new Database(file);
    for (const sql of sqliteMigrations.slice(0, before)) db.exec(sql);
    db.pragma(`user_version = ${before}`);
    db.prepare("INSERT INTO datasets (id, title, created_at, updated_at) VALUES ('eeeeeeeeeeee', 'T', 'x', 'x')").run();
    db.prepare("INSERT INTO contributors (id, secret_hash, created_at) VALUES ('c1', x'00', 'x')").run();
    const insert = db.prepare(
      `INSERT INTO proposals (id, dataset_id, number, epoch, status, author_user_id, contributor_id, language, message,
         secret_hash, decision_message, created_at, updated_at)
       VALUES (?, 'eeeeeeeeeeee', ?, 0, 'rejected', NULL, ?, 'en', '', x'00', '', 'x', 'x')`,
    );
    insert.run("p1", 1, "c1");
    insert.run("p2", 2, "c1");
    insert.run("p3", 3, null);
    db.prepare("INSERT INTO proposal_addresses (proposal_id, address_hash) VALUES ('p1', 'h1')").run();
    const block = db.prepare(
      "INSERT INTO blocked_contributors (dataset_id, contributor_key, blocked_by, blocked_at) VALUES ('eeeeeeeeeeee', ?, 'm', 'x')",
    );
    for (const key of ["c:c1", "a:h1", "u:gone"]) block.run(key);
    db.close();
    const migrated = openSqliteStorage(file);
    const blocks = await migrated.proposals.blocks("eeeeeeeeeeee" as DatasetId);
    expect(Object.fromEntries(blocks.map((b) => [b.contributorKey, b.proposalId]))).toEqual({
      "c:c1": "p2",
      "a:h1": "p1",
      "u:gone": null,
    });
    // An account that goes takes its blocks with it: nothing is left to block or to unblock.
    await migrated.proposals.block({
      datasetId: "eeeeeeeeeeee",
      contributorKey: "u:u9",
      proposalId: "p3",
      blockedBy: "m",
      blockedAt: "y",
    });
    await migrated.proposals.forgetAuthor("u9");
    expect((await migrated.proposals.blocks("eeeeeeeeeeee" as DatasetId)).map((b) => b.contributorKey)).not.toContain(
      "u:u9",
    );
    migrated.close();
  });

  it("migrates a fresh file to the latest schema and refuses a file from a newer version", () => {
    const { file, storage } = open();
    storage.close();
    const db = new Database(file);
    expect(db.pragma("user_version", { simple: true })).toBe(sqliteMigrations.length);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.pragma(`user_version = ${sqliteMigrations.length + 1}`);
    db.close();
    expect(() => openSqliteStorage(file)).toThrow(/newer Data Patch/);
  });
});
