/**
 * The provider workaround of issue 12 against a real server, through a loopback proxy: an edit
 * written into a socket that dies unheard, then an edit made offline. Upstream's provider replays
 * the second ahead of the next handshake, with a gap where the first was, and our server refuses it
 * (R2, 4400); HandshakeFirstProvider holds it for the handshake, and both edits arrive.
 */
import { HocuspocusProvider } from "@hocuspocus/provider";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { proxiedServerForEachTest } from "../../server/test/proxiedServer.ts";
import { connectClient, createDatasetViaApi, waitFor } from "../../server/test/testServer.ts";
import { addRows, DatasetView, END, readColumns, setCells } from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import { HandshakeFirstProvider } from "./handshakeFirstProvider.ts";

const env = proxiedServerForEachTest();

/** Edits one cell the way the grid does (the provider sends the update), then the unheard socket dies. */
async function editAcrossALostSocket(Provider: typeof HocuspocusProvider) {
  const { documentName } = await createDatasetViaApi(env.server, { title: "T", columns: [{ name: "Name" }] });
  const doc = new Y.Doc();
  const closes: number[] = [];
  const provider = new Provider({
    url: env.proxy.wsUrl,
    name: documentName,
    document: doc,
    onClose: ({ event }) => closes.push(event.code),
  });
  env.later(() => provider.destroy());
  await waitFor(() => expect(provider.synced).toBe(true));
  const [name] = readColumns(doc).map((c) => c.id) as [ColumnId];
  const rows = addRows(doc, [{ cells: {} }, { cells: {} }], END, "test");
  await waitFor(() => expect(provider.unsyncedChanges).toBe(0));
  const row = (n: number) => rows[n - 1] as RowId;
  const write = (n: number, value: string) => setCells(doc, [{ rowId: row(n), columnId: name, value }], "test");

  env.proxy.stallAll();
  write(1, "lost with the socket");
  env.proxy.cutAll();
  await waitFor(() => expect(closes.length).toBeGreaterThan(0));
  write(2, "made offline"); // before the provider reconnects (a second later)

  const reference = await connectClient(env.server.wsUrl, documentName);
  env.later(() => reference.provider.destroy());
  const view = new DatasetView(reference.doc);
  /** The value the server's copy holds for row n. */
  const stored = (n: number) => view.row(row(n))?.cells[name];
  return { closes, provider, stored };
}

describe("HandshakeFirstProvider", () => {
  it("upstream's provider replays an offline edit ahead of the handshake, and the server refuses it", async () => {
    const { closes } = await editAcrossALostSocket(HocuspocusProvider);
    await waitFor(() => expect(closes).toContain(4400));
  });

  it("holds edits for the handshake: both reach the server, nothing refused, nothing left unacknowledged", async () => {
    const { closes, provider, stored } = await editAcrossALostSocket(HandshakeFirstProvider);
    await waitFor(() => {
      expect(stored(1)).toBe("lost with the socket");
      expect(stored(2)).toBe("made offline");
      expect(provider.unsyncedChanges).toBe(0);
    });
    expect(closes).not.toContain(4400);
  });
});
