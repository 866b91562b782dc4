import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import type { DatasetSummary } from "../../shared/api/datasets.ts";
import { closeEvents } from "../../shared/closeEvents.ts";
import { cellKey, DatasetView, insertRows } from "../../shared/dataset/index.ts";
import { type ColumnId, newRowId } from "../../shared/ids.ts";
import { limits } from "../../shared/limits.ts";
import {
  connectClient,
  createDatasetViaApi,
  startTestServer,
  type TestClient,
  type TestServer,
  tempDataDir,
  waitFor,
  whenAcknowledged,
} from "../test/testServer.ts";

const MAX_MESSAGE_BYTES = 256 * 1024;

/**
 * Each case sends something bad, then checks the same three things: a clear refusal, the server
 * still serving the well-behaved clients, and no data lost or corrupted.
 */
describe("bad input is refused clearly and harms no one", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  let dataset: DatasetSummary;
  let alice: TestClient & { view: DatasetView };
  let bob: TestClient & { view: DatasetView };
  let name: ColumnId;
  let edits = 0;

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir, { MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) });
    dataset = await createDatasetViaApi(server, { title: "Polling stations", columns: [{ name: "Name" }] });
    const a = await connectClient(server.wsUrl, dataset.documentName);
    const b = await connectClient(server.wsUrl, dataset.documentName);
    alice = { ...a, view: new DatasetView(a.doc) };
    bob = { ...b, view: new DatasetView(b.doc) };
    [name] = alice.view.columns().map((c) => c.id) as [ColumnId];
  });
  afterAll(async () => {
    alice.provider.destroy();
    bob.provider.destroy();
    await server.close();
    data.remove();
  });

  /** Alice adds a row; Bob must see it and every earlier row, in order. */
  async function othersStillServed() {
    edits += 1;
    insertRows(alice.doc, [{ cells: { [name]: `row ${edits}` } }], alice.view.gapAtEnd(), "edit");
    await whenAcknowledged(alice);
    const expected = Array.from({ length: edits }, (_, i) => `row ${i + 1}`);
    await waitFor(() => expect(bob.view.rowsInOrder().map((r) => r.cells[name])).toEqual(expected));
  }

  const rawSocket = async () => {
    const socket = new WebSocket(server.wsUrl);
    await new Promise((resolve, reject) => {
      socket.once("open", resolve);
      socket.once("error", reject);
    });
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    return { socket, closed };
  };

  it("a malformed frame", async () => {
    await othersStillServed();
    const { socket, closed } = await rawSocket();
    socket.send(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]));
    socket.send(Buffer.from("this is not a Hocuspocus message"));
    // The socket is not trusted any further: Hocuspocus closes it with an application close code.
    const { code } = await closed;
    expect(code).toBeGreaterThanOrEqual(4000);
    await othersStillServed();
  });

  it("a message over the size limit closes only that socket, with code 1009", async () => {
    const { socket, closed } = await rawSocket();
    socket.send(Buffer.alloc(MAX_MESSAGE_BYTES + 1, 1));
    const { code } = await closed;
    expect(code).toBe(1009); // "Message Too Big"
    await othersStillServed();
  });

  it("a document name outside the grammar, an unknown dataset and an old epoch", async () => {
    await expect(connectClient(server.wsUrl, "datasets/../../etc")).rejects.toThrow(closeEvents.invalidName.reason);
    await expect(connectClient(server.wsUrl, "dataset.AAAAAAAAAAAA.0")).rejects.toThrow(closeEvents.notFound.reason);
    await expect(connectClient(server.wsUrl, `dataset.${dataset.id}.7`)).rejects.toThrow(closeEvents.reset.reason);
    await othersStillServed();
  });

  it("an update that breaks the schema or its limits is refused, not applied, not kept", async () => {
    // Mallory writes straight into the Yjs document, bypassing the accessors, as a hostile client could.
    const cases = [
      {
        reason: closeEvents.tooLarge.reason,
        write: (doc: Y.Doc) => doc.getMap("cells").set(cellKey(newRowId(), name), "x".repeat(limits.maxCellChars + 1)),
      },
      { reason: closeEvents.invalidUpdate.reason, write: (doc: Y.Doc) => doc.getMap("junk").set("k", 1) },
      { reason: closeEvents.invalidUpdate.reason, write: (doc: Y.Doc) => doc.getMap("blocks").set("b", "{not json") },
      { reason: closeEvents.invalidUpdate.reason, write: (doc: Y.Doc) => doc.getText("cells").insert(0, "text") },
    ];
    for (const { reason, write } of cases) {
      const mallory = await connectClient(server.wsUrl, dataset.documentName);
      const closed = new Promise<string>((resolve) => {
        mallory.provider.on("close", ({ event }: { event: { reason: string } }) => resolve(event.reason));
      });
      write(mallory.doc);
      expect(await closed).toBe(reason);
      mallory.provider.destroy();
      await othersStillServed();
    }
    // Nothing of it reached the others or the server's copy.
    const fresh = await connectClient(server.wsUrl, dataset.documentName);
    expect(fresh.doc.share.has("junk")).toBe(false);
    expect(new DatasetView(fresh.doc).rowsInOrder()).toHaveLength(edits);
    fresh.provider.destroy();
  });

  it("too many columns", async () => {
    const mallory = await connectClient(server.wsUrl, dataset.documentName);
    const closed = new Promise<string>((resolve) => {
      mallory.provider.on("close", ({ event }: { event: { reason: string } }) => resolve(event.reason));
    });
    mallory.doc.transact(() => {
      const columns = mallory.doc.getMap<Y.Map<unknown>>("columns");
      for (let i = 0; i < limits.maxColumns + 1; i++) {
        const column = new Y.Map<unknown>();
        columns.set(`col${String(i).padStart(3, "0")}`, column);
        column.set("name", `c${i}`);
        column.set("position", `a${i}`);
      }
    });
    expect(await closed).toBe(closeEvents.tooLarge.reason);
    mallory.provider.destroy();
    await othersStillServed();
    expect(bob.view.columns()).toHaveLength(1);
  });
});
