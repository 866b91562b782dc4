/**
 * Builds a dataset's published snapshot from its stored document state: the document is rebuilt
 * in memory (snapshot + log), read through DatasetView, and written out as JSON, CSV and GeoJSON,
 * each precompressed (gzip, brotli). Pure and synchronous: it runs in a worker for large datasets.
 */
import { createHash } from "node:crypto";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import * as Y from "yjs";
import type { SnapshotColumn, SnapshotDocument } from "../../shared/api/v1.ts";
import { type CellValue, DatasetView, upgradeDataset } from "../../shared/dataset/index.ts";
import type { SnapshotFile, SnapshotFormat, SnapshotVersion } from "../storage/readModelTypes.ts";

/** Bumped when what a snapshot holds changes, so every stored one is rebuilt and gets a new ETag. */
export const SNAPSHOT_FORMAT = 2;

export type BuildInput = { datasetId: string; epoch: number; snapshot: Uint8Array | null; updates: Uint8Array[] };
export type BuildOutput = { version: SnapshotVersion; files: SnapshotFile[] };

/** The read model the API queries: the published JSON plus each row's position (for stable cursors). */
export type SnapshotModel = SnapshotDocument & { positions: string[] };

/** The document's state as an ETag: its epoch and a hash of its state vector (and the snapshot format). */
export function etagOf(doc: Y.Doc, epoch: number): string {
  const hash = createHash("sha256").update(`${SNAPSHOT_FORMAT}:`).update(Y.encodeStateVector(doc));
  return `${epoch}-${hash.digest("base64url").slice(0, 22)}`;
}

export function loadDocument(input: Pick<BuildInput, "snapshot" | "updates">): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  if (input.snapshot) Y.applyUpdate(doc, input.snapshot);
  for (const update of input.updates) Y.applyUpdate(doc, update);
  return doc;
}

export function buildSnapshot(input: BuildInput, now = new Date()): BuildOutput {
  const doc = loadDocument(input);
  const etag = etagOf(doc, input.epoch);
  // Old documents are read as the server reads them: upgraded in memory (nothing is stored here).
  upgradeDataset(doc, "read-model");
  const view = new DatasetView(doc);
  try {
    const columns: SnapshotColumn[] = view.columns().map((c) => ({
      id: c.id,
      name: c.name,
      type: c.type,
      description: c.description,
      choices: [...c.choices],
    }));
    const ordered = view.rowsInOrder();
    const builtAt = now.toISOString();
    const document: SnapshotDocument = {
      datasetId: input.datasetId,
      version: etag,
      builtAt,
      meta: view.meta(),
      columns,
      rows: ordered.map((row) => {
        // A plain loop: Object.fromEntries cost seconds over 100,000 rows × 20 columns.
        const cells: Record<string, CellValue> = {};
        for (const c of columns) cells[c.id] = row.cells[c.id as never] ?? null;
        return { id: row.id, cells };
      }),
    };
    const model: SnapshotModel = { ...document, positions: ordered.map((row) => row.position) };
    const geojson = toGeoJson(document);
    const modelFile = uncompressed("model", utf8(JSON.stringify(model)));
    const files: SnapshotFile[] = [
      uncompressed("meta", utf8(JSON.stringify({ meta: document.meta, columns }))),
      modelFile,
      compressed("json", utf8(JSON.stringify(document))),
      compressed("csv", utf8(toCsv(document))),
      ...(geojson ? [compressed("geojson", utf8(JSON.stringify(geojson)))] : []),
    ];
    const formats = files.map((f) => f.format) as SnapshotFormat[];
    const modelBytes = modelFile.identity.byteLength;
    return { version: { etag, epoch: input.epoch, builtAt, rowCount: ordered.length, modelBytes, formats }, files };
  } finally {
    view.destroy();
    doc.destroy();
  }
}

/**
 * CSV (RFC 4180) with a header of column names, the row id first (`_id`); empty cells are empty
 * fields; a BOM so that spreadsheets open UTF-8 as UTF-8; formulas are not escaped (data, not a
 * sheet). Written here rather than with papaparse's unparse, which took seconds at 100,000 rows.
 */
export function toCsv(document: SnapshotDocument): string {
  const lines = [["_id", ...document.columns.map((c) => c.name)].map(csvField).join(",")];
  for (const row of document.rows) {
    let line = csvField(row.id);
    for (const column of document.columns) line += `,${csvField(row.cells[column.id] ?? "")}`;
    lines.push(line);
  }
  return `\ufeff${lines.join("\r\n")}\r\n`;
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
function csvField(value: string | number | boolean): string {
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Points from the first latitude and longitude columns (rows without both are left out), or null. */
export function toGeoJson(document: SnapshotDocument) {
  const lat = document.columns.find((c) => c.type === "latitude");
  const lon = document.columns.find((c) => c.type === "longitude");
  if (!lat || !lon) return null;
  const features = [];
  for (const row of document.rows) {
    const y = row.cells[lat.id];
    const x = row.cells[lon.id];
    if (typeof x !== "number" || typeof y !== "number" || Math.abs(y) > 90 || Math.abs(x) > 180) continue;
    features.push({
      type: "Feature" as const,
      id: row.id,
      geometry: { type: "Point" as const, coordinates: [x, y] },
      properties: propertiesOf(document.columns, row.cells),
    });
  }
  return { type: "FeatureCollection" as const, features };
}

function propertiesOf(columns: SnapshotColumn[], cells: Record<string, CellValue>) {
  const properties: Record<string, CellValue> = {};
  for (const c of columns) properties[c.name] = cells[c.id] ?? null;
  return properties;
}

const encoder = new TextEncoder();
const utf8 = (text: string) => encoder.encode(text);
const uncompressed = (format: SnapshotFormat, identity: Uint8Array): SnapshotFile => ({
  format,
  identity,
  gzip: new Uint8Array(0),
  br: new Uint8Array(0),
});

/**
 * A published file is stored compressed only (its plain bytes are gunzipped on the way out for the
 * rare client that accepts no encoding): writing ~160 MB of plain files at 100,000 rows held the
 * server's thread for the SQLite write. Brotli (quality 4), which nearly every client takes, is
 * the small one; gzip at level 1 for the others. Measured on 56 MB of JSON: brotli 5 took 6x as long
 * as 4 for a third fewer bytes, gzip 6 twice as long as 1 for a fifth fewer.
 */
function compressed(format: SnapshotFormat, plain: Uint8Array): SnapshotFile {
  return {
    format,
    identity: new Uint8Array(0),
    gzip: new Uint8Array(gzipSync(plain, { level: 1 })),
    br: new Uint8Array(
      brotliCompressSync(plain, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: plain.byteLength },
      }),
    ),
  };
}
