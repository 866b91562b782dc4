/**
 * The import API as tests call it (upload a file, follow a job), and what a dataset holds as its
 * editors see it live (rows with their ids and cells), read through a real provider.
 */
import path from "node:path";
import Database from "better-sqlite3";
import * as Y from "yjs";
import type { ImportJob } from "../../shared/api/importJobs.ts";
import type { ImportPreview } from "../../shared/api/imports.ts";
import { DatasetView } from "../../shared/dataset/index.ts";
import { connectClient, toWsUrl, waitFor } from "./testServer.ts";

type Base = { url: string };

export const call = (server: Base, cookie: string, route: string, init: RequestInit = {}) =>
  fetch(`${server.url}${route}`, {
    ...init,
    headers: { "content-type": "application/json", origin: server.url, cookie, ...init.headers },
  });
export const json = <T>(response: Response) => response.json() as Promise<T>;

export async function uploadFile(server: Base, cookie: string, bytes: Uint8Array | string, fileName: string) {
  const response = await call(server, cookie, `/api/imports?fileName=${encodeURIComponent(fileName)}&locale=fr`, {
    method: "POST",
    body: typeof bytes === "string" ? bytes : Buffer.from(bytes),
    headers: { "content-type": "application/octet-stream" },
  });
  if (response.status !== 201) throw new Error(`upload failed: ${response.status} ${await response.text()}`);
  return json<ImportPreview>(response);
}

export const jobOf = async (server: Base, cookie: string, id: string) =>
  json<ImportJob>(await call(server, cookie, `/api/import-jobs/${id}`));

export const cancelJob = async (server: Base, cookie: string, id: string) =>
  json<ImportJob>(await call(server, cookie, `/api/import-jobs/${id}/cancel`, { method: "POST", body: "{}" }));

/** Follows a job until it ends, keeping every state and progress seen. */
export async function follow(server: Base, cookie: string, id: string, seen: ImportJob[] = []) {
  return waitFor(async () => {
    const job = await jobOf(server, cookie, id);
    seen.push(job);
    if (!["done", "failed", "cancelled"].includes(job.state)) throw new Error(`still ${job.state}`);
    return job;
  }, 300_000);
}

/** A generated CSV of `rows` rows: code (the key), nom, ville, valeur. */
export const generated = (rows: number, value = (i: number) => i * 3) =>
  `code;nom;ville;valeur\n${Array.from({ length: rows }, (_, i) => `${String(i).padStart(6, "0")};Lieu ${i};Ville ${i % 97};${value(i)}`).join("\n")}\n`;

/** The dataset's rows (ids and cells, in order) as a connected editor receives them. */
export async function liveRows(server: Base, cookie: string, documentName: string) {
  const client = await connectClient(toWsUrl(server.url), documentName, new Y.Doc(), { cookie });
  const view = new DatasetView(client.doc);
  try {
    return view.rowsInOrder().map((row) => ({ id: row.id, cells: row.cells }));
  } finally {
    view.destroy();
    client.provider.destroy();
  }
}

/** The names of every document stored in the server's SQLite file (read-only, beside the server). */
export function storedDocumentNames(dataDir: string): string[] {
  const db = new Database(path.join(dataDir, "data-patch.sqlite"), { readonly: true });
  try {
    const rows = db
      .prepare("SELECT name FROM document_snapshots UNION SELECT name FROM document_updates ORDER BY name")
      .all() as { name: string }[];
    return rows.map((r) => r.name);
  } finally {
    db.close();
  }
}
