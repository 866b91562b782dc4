/**
 * The datasets this browser keeps in IndexedDB (y-indexeddb), one database per document name:
 * deleting them when they must not stay. Kept apart from the session so that signing out does not
 * load the collaboration code.
 */
import { parseDocumentName } from "../../shared/documentNames.ts";

export const IDB_PREFIX = "data-patch:";

/**
 * Deletes this browser's local copies: of one dataset (access to it was lost, or it was deleted),
 * or of every dataset (signing out). A copy of data one may no longer open must not stay on the device.
 */
export async function deleteLocalCopies(datasetId?: string): Promise<void> {
  for (const name of await localCopyNames()) {
    const parsed = parseDocumentName(name.slice(IDB_PREFIX.length));
    if (datasetId === undefined || parsed?.datasetId === datasetId) indexedDB.deleteDatabase(name);
  }
}

/** Deletes local copies of the same dataset at other epochs: they must never be merged back. */
export async function deleteOtherEpochs(documentName: string): Promise<void> {
  const current = parseDocumentName(documentName);
  if (!current) return;
  for (const name of await localCopyNames()) {
    if (name === IDB_PREFIX + documentName) continue;
    const other = parseDocumentName(name.slice(IDB_PREFIX.length));
    if (other && other.datasetId === current.datasetId) indexedDB.deleteDatabase(name);
  }
}

async function localCopyNames(): Promise<string[]> {
  if (typeof indexedDB === "undefined" || typeof indexedDB.databases !== "function") return [];
  return (await indexedDB.databases()).flatMap(({ name }) => (name?.startsWith(IDB_PREFIX) ? [name] : []));
}
