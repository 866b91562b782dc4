/**
 * The document's schema version and the upgrade-on-load path. Every document records the version
 * of the layout it was written with; on load, older documents run each migration in turn, and a
 * document newer than this code is refused rather than misread.
 */
import type * as Y from "yjs";
import { addColumns, type NewColumn } from "./columns.ts";
import { metaMap } from "./maps.ts";
import { updateMeta } from "./meta.ts";
import { type DatasetMeta, SCHEMA_VERSION } from "./schema.ts";

/** migrations[n] turns a version-n document into version n + 1. */
export type Migrations = Record<number, (doc: Y.Doc) => void>;
export const migrations: Migrations = {};

export class DatasetTooNewError extends Error {
  readonly version: number;
  constructor(version: number) {
    super(`the dataset was written by a newer version of Data Patch (schema ${version} > ${SCHEMA_VERSION})`);
    this.version = version;
  }
}

export function schemaVersion(doc: Y.Doc): number | null {
  const version = metaMap(doc).get("schemaVersion");
  return typeof version === "number" ? version : null;
}

/** Brings a document to `target`. Returns whether anything changed. Throws DatasetTooNewError. */
export function upgradeDataset(
  doc: Y.Doc,
  origin: unknown,
  steps: Migrations = migrations,
  target = SCHEMA_VERSION,
): boolean {
  const version = schemaVersion(doc);
  if (version === null || version === target) return false;
  if (version > target) throw new DatasetTooNewError(version);
  doc.transact(() => {
    for (let v = version; v < target; v++) {
      const step = steps[v];
      if (!step) throw new Error(`no migration from schema ${v}`);
      step(doc);
    }
    metaMap(doc).set("schemaVersion", target);
  }, origin);
  return true;
}

export type DatasetInit = { meta: Partial<DatasetMeta> & { title: string }; columns: NewColumn[] };

/** Writes the first state of a new dataset document. Returns the new columns' ids. */
export function initializeDataset(doc: Y.Doc, init: DatasetInit, origin: unknown) {
  let columnIds: ReturnType<typeof addColumns> = [];
  doc.transact(() => {
    metaMap(doc).set("schemaVersion", SCHEMA_VERSION);
    updateMeta(doc, init.meta, origin);
    columnIds = addColumns(doc, init.columns, origin);
  }, origin);
  return columnIds;
}
