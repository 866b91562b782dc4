/** Helpers for proposal tests: a public-propose dataset with rows, an owner's live copy, and the proposals API. */
import { DatasetView, insertRows } from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import {
  connectClient,
  createDatasetViaApi,
  createUserSession,
  type TestClient,
  type TestServer,
  whenAcknowledged,
} from "./testServer.ts";

export type Answer = { status: number; body: Record<string, unknown> & { error?: string; message?: string } };

/** A JSON request to the server, same-site as the app would send it. */
export async function call(
  server: TestServer,
  method: string,
  path: string,
  { body, headers = {} }: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      origin: server.url,
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

/**
 * A public-propose dataset of help points (Name, Phone, Open) with three rows, and its owner (a
 * moderator) connected to the live document.
 */
export async function helpPoints(server: TestServer) {
  const owner = await createUserSession(server.dataDir);
  const dataset = await createDatasetViaApi(
    server,
    { title: "Help points", columns: [{ name: "Name" }, { name: "Phone" }, { name: "Open", type: "boolean" }] },
    { openness: "public-propose", cookie: owner.cookie },
  );
  const live: TestClient = await connectClient(server.wsUrl, dataset.documentName, undefined, { cookie: owner.cookie });
  const view = new DatasetView(live.doc);
  const [name, phone, open] = view.columns().map((c) => c.id) as [ColumnId, ColumnId, ColumnId];
  const rows = insertRows(
    live.doc,
    [
      { cells: { [name]: "Library", [phone]: "01 00 00", [open]: true } },
      { cells: { [name]: "Town hall", [phone]: "02 00 00", [open]: true } },
      { cells: { [name]: "Station", [phone]: "03 00 00", [open]: false } },
    ],
    view.gapAtEnd(),
    "seed",
  ) as [RowId, RowId, RowId];
  await whenAcknowledged(live);
  const moderator = (method: string, path: string, body?: unknown) =>
    call(server, method, path, { body, headers: { cookie: owner.cookie } });
  return { owner, dataset, live, view, columns: { name, phone, open }, rows, moderator };
}

/**
 * `count` draft proposals on a dataset, each by its own signed-in contributor (anonymous ones are
 * rate-limited per address), with the capability that opens each document.
 */
export async function draftProposals(server: TestServer, datasetId: string, count: number) {
  const drafts: { id: string; documentName: string; token: string }[] = [];
  for (let i = 0; i < count; i++) {
    const contributor = await createUserSession(server.dataDir);
    const created = await call(server, "POST", `/api/datasets/${datasetId}/proposals`, {
      body: {},
      headers: { cookie: contributor.cookie },
    });
    if (created.status !== 201) throw new Error(`proposal ${i}: ${created.status} ${JSON.stringify(created.body)}`);
    const { proposal, token } = created.body as { proposal: { id: string; documentName: string }; token: string };
    drafts.push({ id: proposal.id, documentName: proposal.documentName, token });
  }
  return drafts;
}
