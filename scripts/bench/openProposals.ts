/**
 * Proposals in place on a benchmark's dataset (issue 9: fan-out "still within the bare relay's
 * figures" with proposals around): `open` proposals of 3 cell changes each, sent as JSON change
 * sets, and `connected` contributors on draft proposals of their own, each connected to its
 * proposal's document through a real provider and proposing one cell change a second until stopped.
 * Anonymous, from several loopback addresses (the anonymous limit is per address, P20).
 */
import http from "node:http";
import * as Y from "yjs";
import { connectClient, type TestClient, whenAcknowledged } from "../../server/test/testServer.ts";
import { DatasetView } from "../../shared/dataset/index.ts";
import type { ColumnId } from "../../shared/ids.ts";
import { proposeCells } from "../../shared/proposal/index.ts";

export type ProposalLoad = { open: number; connected: number };

/** Proposals one loopback address makes (under the anonymous limit of 10 an hour). */
const PER_ADDRESS = 10;

function post(url: string, body: unknown, localAddress: string): Promise<{ status: number; body: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: "POST", localAddress, headers: { "content-type": "application/json", origin: new URL(url).origin } },
      (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

export async function openProposals(
  server: { url: string; wsUrl: string },
  datasetId: string,
  seed: Uint8Array,
  load: ProposalLoad,
) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, seed);
  const view = new DatasetView(doc);
  const rows = view.rowsInOrder();
  const column = view.columns()[7]?.id as ColumnId;
  view.destroy();
  doc.destroy();
  let made = 0;
  const address = () => `127.0.0.${2 + Math.floor(made++ / PER_ADDRESS)}`;
  const rowAt = (i: number) => rows[(i * 37) % rows.length] as (typeof rows)[number];

  for (let i = 0; i < load.open; i++) {
    const cells = [0, 1, 2].map((k) => {
      const row = rowAt(i * 3 + k);
      return { rowId: row.id, columnId: column, base: row.cells[column] ?? null, value: `proposed ${i}.${k}` };
    });
    const answer = await post(`${server.url}/api/datasets/${datasetId}/change-sets`, { cells }, address());
    if (answer.status !== 201) throw new Error(`change set: ${answer.status} ${answer.body}`);
  }

  const contributors: TestClient[] = [];
  for (let i = 0; i < load.connected; i++) {
    const answer = await post(`${server.url}/api/datasets/${datasetId}/proposals`, {}, address());
    if (answer.status !== 201) throw new Error(`proposal: ${answer.status} ${answer.body}`);
    const { token, proposal } = JSON.parse(answer.body) as { token: string; proposal: { documentName: string } };
    contributors.push(await connectClient(server.wsUrl, proposal.documentName, undefined, { token }));
  }
  let edits = 0;
  const timers = contributors.map((contributor, i) =>
    setInterval(() => {
      const row = rowAt(1000 + i * 50 + (edits % 50));
      edits += 1;
      proposeCells(
        contributor.doc,
        [{ rowId: row.id, columnId: column, value: `draft ${edits}`, base: row.cells[column] ?? null }],
        "contributor",
      );
    }, 1000),
  );

  return {
    /** Stops the contributors once the server holds what they sent; returns how many changes they proposed. */
    async stop(): Promise<number> {
      for (const timer of timers) clearInterval(timer);
      await Promise.all(contributors.map((c) => whenAcknowledged(c)));
      for (const contributor of contributors) contributor.provider.destroy();
      return edits;
    },
  };
}
