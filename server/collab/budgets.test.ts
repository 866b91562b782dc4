/**
 * Per-connection budgets, through a real server: each flood of issue 7 from a stranger's raw
 * socket ends with that socket closed (and a close code), while a well-behaved person keeps
 * being served and nothing of theirs is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import type { DatasetSummary } from "../../shared/api/datasets.ts";
import { closeEvents } from "../../shared/closeEvents.ts";
import { addRows, DatasetView, END, insertRows, setCells } from "../../shared/dataset/index.ts";
import { type ColumnId, newRowId } from "../../shared/ids.ts";
import { rawCollab } from "../test/rawCollab.ts";
import {
  connectClient,
  createDatasetViaApi,
  createUserSession,
  startTestServer,
  type TestClient,
  type TestServer,
  tempDataDir,
  waitFor,
  whenAcknowledged,
} from "../test/testServer.ts";
import { ANONYMOUS_MAX_UPDATE_BYTES, ANONYMOUS_MAX_UPDATE_ITEMS } from "./writeBudgetExtension.ts";

/** A stranger's copy of a document, and every update it makes from then on, to send by hand. */
function strangersCopy(from: Y.Doc): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(from));
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  return { doc, updates };
}

describe("per-connection budgets", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  let editable: DatasetSummary;
  let readable: DatasetSummary;
  let alice: TestClient & { view: DatasetView };
  let bob: TestClient & { view: DatasetView };
  let column: ColumnId;
  let edits = 0;

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir, {
      ANONYMOUS_WRITE_BYTES_PER_MINUTE: String(256 * 1024),
      MAX_UNREAD_BYTES: String(64 * 1024),
    });
    // The people served are members; strangers' budgets are per address, and here everyone is 127.0.0.1.
    const { cookie } = await createUserSession(server.dataDir);
    editable = await createDatasetViaApi(server, { title: "Repair cafés", columns: [{ name: "Name" }] }, { cookie });
    readable = await createDatasetViaApi(
      server,
      { title: "Polling stations", columns: [{ name: "Name" }] },
      { openness: "public-read" },
    );
    const a = await connectClient(server.wsUrl, editable.documentName, new Y.Doc(), { cookie });
    const b = await connectClient(server.wsUrl, editable.documentName, new Y.Doc(), { cookie });
    alice = { ...a, view: new DatasetView(a.doc) };
    bob = { ...b, view: new DatasetView(b.doc) };
    [column] = alice.view.columns().map((c) => c.id) as [ColumnId];
  });
  afterAll(async () => {
    alice.provider.destroy();
    bob.provider.destroy();
    await server.close();
    data.remove();
  });

  /** Alice adds a row; Bob must see it and every earlier one. */
  async function othersStillServed() {
    edits += 1;
    insertRows(alice.doc, [{ cells: { [column]: `row ${edits}` } }], alice.view.gapAtEnd(), "edit");
    await whenAcknowledged(alice);
    await waitFor(() =>
      expect(bob.view.rowsInOrder().filter((r) => r.cells[column] === `row ${edits}`)).toHaveLength(1),
    );
  }

  it("a reader repeating sync requests is closed with too-many-requests", async () => {
    const mallory = await rawCollab(server.wsUrl, readable.documentName);
    const request = mallory.syncStep1(new Y.Doc());
    for (let i = 0; i < 50; i++) mallory.send(request);
    expect(await mallory.closed).toEqual(closeEvents.tooManyRequests);
    await othersStillServed();
  });

  it("a reader sending changes again and again is closed with too-many-requests", async () => {
    const mallory = await rawCollab(server.wsUrl, readable.documentName);
    const { doc, updates } = strangersCopy(new Y.Doc());
    for (let i = 0; i < 20; i++) setCells(doc, [{ rowId: newRowId(), columnId: column, value: i }], "reader");
    for (const update of updates) mallory.send(mallory.update(update));
    expect(await mallory.closed).toEqual(closeEvents.tooManyRequests);
    await othersStillServed();
  });

  it("a socket that does not read what it is sent is cut", async () => {
    const mallory = await rawCollab(server.wsUrl, editable.documentName);
    mallory.send(mallory.syncStep1(new Y.Doc()));
    const tcp = (mallory.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    tcp.pause();
    // Every edit is broadcast to Mallory too, and stays in the server's memory while she does not read
    // (beyond what the kernel's socket buffers hold: up to ~36 MB on loopback here).
    const big = "x".repeat(30_000);
    for (let i = 0; i < 50; i++) {
      insertRows(
        alice.doc,
        Array.from({ length: 30 }, () => ({ cells: { [column]: big } })),
        alice.view.gapAtEnd(),
        "edit",
      );
      await whenAcknowledged(alice);
    }
    // Reading again, she finds the socket cut (no close frame: it would have waited behind the unread data).
    tcp.resume();
    expect((await mallory.closed).code).toBe(1006);
    await othersStillServed();
  });

  it("a flood of tiny updates is closed with too-many-requests; what was accepted stays consistent", async () => {
    const mallory = await rawCollab(server.wsUrl, editable.documentName);
    const { doc, updates } = strangersCopy(alice.doc);
    for (let i = 0; i < 3_000; i++) setCells(doc, [{ rowId: newRowId(), columnId: column, value: i }], "flood");
    for (const update of updates) mallory.send(mallory.update(update));
    expect(await mallory.closed).toEqual(closeEvents.tooManyRequests);
    await othersStillServed();
    const fresh = await connectClient(server.wsUrl, editable.documentName);
    expect(Y.encodeStateVector(fresh.doc)).toEqual(Y.encodeStateVector(bob.doc));
    fresh.provider.destroy();
  });

  it("an anonymous update of more than ANONYMOUS_MAX_UPDATE_ITEMS items is closed with too-large, not applied", async () => {
    const mallory = await rawCollab(server.wsUrl, editable.documentName);
    const { doc, updates } = strangersCopy(alice.doc);
    const ids = addRows(
      doc,
      Array.from({ length: ANONYMOUS_MAX_UPDATE_ITEMS }, () => ({ cells: { [column]: 1 } })),
      END,
      "wide",
    );
    mallory.send(mallory.update(updates[0] as Uint8Array));
    expect(await mallory.closed).toEqual(closeEvents.tooLarge);
    await othersStillServed();
    expect(ids.filter((id) => bob.view.row(id))).toEqual([]);
  });

  it("an anonymous writer over its bytes per minute is closed, and the update is not applied", async () => {
    const mallory = await rawCollab(server.wsUrl, editable.documentName);
    const { doc, updates } = strangersCopy(alice.doc);
    const ids = Array.from({ length: 10 }, () => newRowId());
    for (const id of ids) addRows(doc, [{ id, cells: { [column]: "y".repeat(30_000) } }], END, "big");
    for (const update of updates) mallory.send(mallory.update(update));
    expect(await mallory.closed).toEqual(closeEvents.tooManyRequests);
    await othersStillServed();
    const applied = ids.filter((id) => bob.view.row(id)).length;
    expect(applied).toBeGreaterThan(0); // the first ones fit in the budget
    expect(applied).toBeLessThan(ids.length);
  });

  it("an anonymous update larger than ANONYMOUS_MAX_UPDATE_BYTES is closed with too-large, not applied", async () => {
    const mallory = await rawCollab(server.wsUrl, editable.documentName);
    const { doc, updates } = strangersCopy(alice.doc);
    const ids = addRows(
      doc,
      Array.from({ length: 40 }, () => ({ cells: { [column]: "z".repeat(30_000) } })),
      END,
      "big",
    );
    expect(updates[0]?.byteLength).toBeGreaterThan(ANONYMOUS_MAX_UPDATE_BYTES);
    mallory.send(mallory.update(updates[0] as Uint8Array));
    expect(await mallory.closed).toEqual(closeEvents.tooLarge);
    await othersStillServed();
    expect(ids.filter((id) => bob.view.row(id))).toEqual([]);
  });

  it("presence: an oversized message is closed with too-large; one cannot speak for someone else", async () => {
    const mallory = await rawCollab(server.wsUrl, editable.documentName);
    const scratch = new Awareness(new Y.Doc());
    const ids: number[] = [];
    for (let i = 0; i < 500; i++) {
      const id = 1_000_000 + i;
      ids.push(id);
      scratch.states.set(id, { user: { name: `ghost ${i}` } });
      scratch.meta.set(id, { clock: 1, lastUpdated: Date.now() });
    }
    mallory.send(mallory.awareness(scratch, ids));
    expect(await mallory.closed).toEqual(closeEvents.tooLarge);

    // Eve claims Alice's client id: Alice's presence, as Bob sees it, stays Alice's.
    alice.provider.setAwarenessField("user", { name: "Alice", color: "#112233" });
    const aliceId = alice.doc.clientID;
    const nameOfAlice = () =>
      (bob.provider.awareness?.getStates().get(aliceId) as { user?: { name?: string } } | undefined)?.user?.name;
    const name = await waitFor(() => {
      const shown = nameOfAlice();
      if (!shown || shown === "Alice") throw new Error("Alice's presence, as the server shows it, has not reached Bob");
      return shown;
    });
    const eve = await rawCollab(server.wsUrl, editable.documentName);
    const forged = new Awareness(new Y.Doc());
    forged.states.set(aliceId, { user: { name: "Not Alice" } });
    forged.meta.set(aliceId, { clock: 1_000, lastUpdated: Date.now() });
    eve.send(eve.awareness(forged, [aliceId]));
    // Messages of one socket are handled in order: once Eve's sync request is answered, her presence was handled.
    const answered = new Promise((resolve) => eve.socket.once("message", resolve));
    eve.send(eve.syncStep1(new Y.Doc()));
    await answered;
    await othersStillServed();
    expect(nameOfAlice()).toBe(name);
    eve.socket.close();
  });
});
