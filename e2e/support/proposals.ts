/** Data for the moderation specs, set up through the HTTP API as a person or a third-party site would. */

import type { DatasetSummary } from "../../shared/api/datasets.ts";
import type { ImportPreview } from "../../shared/api/imports.ts";
import type { CellValue } from "../../shared/dataset/schema.ts";
import { type Person, setOpenness } from "./api.ts";
import type { TestServer } from "./server.ts";

/** A dataset made by importing `csv` as `owner` (the import keeps the rows in the file's order). */
export async function importCsv(
  server: TestServer,
  owner: Person,
  title: string,
  csv: string,
): Promise<DatasetSummary> {
  const headers = { cookie: owner.cookie, origin: server.url };
  const upload = await fetch(`${server.url}/api/imports?fileName=${encodeURIComponent(`${title}.csv`)}`, {
    method: "POST",
    headers: { ...headers, "content-type": "text/csv" },
    body: csv,
  });
  if (upload.status !== 201) throw new Error(`upload failed: ${upload.status} ${await upload.text()}`);
  const preview = (await upload.json()) as ImportPreview;
  const created = await fetch(`${server.url}/api/imports/${preview.uploadId}/dataset`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ title }),
  });
  if (created.status !== 201) throw new Error(`import failed: ${created.status} ${await created.text()}`);
  const dataset = (await created.json()) as DatasetSummary;
  await setOpenness(server, owner, dataset.id, "public-propose");
  return dataset;
}

export type StoredRows = { columnId: (name: string) => string; rowIds: string[] };

/** The dataset's column ids by name and its row ids in order, as the API gives them to anyone. */
export async function storedRows(server: TestServer, datasetId: string): Promise<StoredRows> {
  const response = await fetch(`${server.url}/api/datasets/${datasetId}/rows`);
  const body = (await response.json()) as { columns: { id: string; name: string }[]; rows: { id: string }[] };
  return {
    columnId: (name) => body.columns.find((c) => c.name === name)?.id ?? `no column ${name}`,
    rowIds: body.rows.map((r) => r.id),
  };
}

export type CellProposal = { rowId: string; columnId: string; base: CellValue; value: CellValue };

/** Sends a proposal as a third-party site does: a JSON change set, no account. Returns its number. */
export async function sendChangeSet(
  server: TestServer,
  datasetId: string,
  body: {
    cells?: CellProposal[];
    newRows?: { cells: Record<string, string>; after?: string | null }[];
    message?: string;
    nickname?: string;
  },
): Promise<number> {
  const response = await fetch(`${server.url}/api/datasets/${datasetId}/change-sets`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: "https://map.example.org" },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`change set refused: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { proposal: { number: number } }).proposal.number;
}
