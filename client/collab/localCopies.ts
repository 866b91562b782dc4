/**
 * The documents this browser keeps in IndexedDB (y-indexeddb), one database per document: naming
 * them, and deleting them when they must not stay. Kept apart from the session so that signing out
 * does not load the collaboration code.
 *
 * A person who may edit keeps their copy under the document's name; it may hold edits the server
 * has not had yet. A reader (a visitor on a public dataset, a member who may only read or propose)
 * keeps a separate copy, written only from what the server sent: it lets them open the dataset (and
 * start a proposal) offline, and since nothing else is ever written into it, it can never show a
 * reader values that are not live, nor send any. Every copy of a dataset, and the proposal drafts
 * made on it, are deleted when the server says this browser may no longer open it.
 */
import { parseAnyDocumentName } from "../../shared/documentNames.ts";

export const IDB_PREFIX = "data-patch:";
/** Before the document name in the copy of a person who may only read it. */
const READER = "read:";

/** The IndexedDB database that keeps a document's local copy. */
export function localCopyName(documentName: string, readOnly = false): string {
  return IDB_PREFIX + (readOnly ? READER : "") + documentName;
}

/** The document a local copy keeps, and whether it is a reader's copy; null for any other database. */
function copyOf(databaseName: string) {
  if (!databaseName.startsWith(IDB_PREFIX)) return null;
  const rest = databaseName.slice(IDB_PREFIX.length);
  const readOnly = rest.startsWith(READER);
  const document = parseAnyDocumentName(readOnly ? rest.slice(READER.length) : rest);
  return document ? { document, readOnly } : null;
}

/**
 * Deletes this browser's local copies: of one dataset, its epochs and the proposal drafts made on it
 * (access to it was lost, or it was deleted), or of everything (signing out). A copy of data one may
 * no longer open must not stay on the device.
 */
export async function deleteLocalCopies(datasetId?: string): Promise<void> {
  for (const name of await localCopyNames()) {
    if (datasetId === undefined || copyOf(name)?.document.datasetId === datasetId) indexedDB.deleteDatabase(name);
  }
}

/**
 * Deletes the copies of the same dataset that must not stay beside the one just opened: other epochs
 * (never to be merged back), and a reader's copy once the person may edit (their own copy takes
 * over). A person who may no longer edit keeps their editing copy: it may hold edits not yet sent.
 */
export async function deleteStaleCopies(documentName: string, readOnly: boolean): Promise<void> {
  const current = parseAnyDocumentName(documentName);
  if (current?.kind !== "dataset") return;
  for (const name of await localCopyNames()) {
    const other = copyOf(name);
    if (other?.document.kind !== "dataset" || other.document.datasetId !== current.datasetId) continue;
    const sameEpoch = other.document.epoch === current.epoch;
    if (!sameEpoch || (other.readOnly && !readOnly)) indexedDB.deleteDatabase(name);
  }
}

async function localCopyNames(): Promise<string[]> {
  if (typeof indexedDB === "undefined" || typeof indexedDB.databases !== "function") return [];
  return (await indexedDB.databases()).flatMap(({ name }) => (name?.startsWith(IDB_PREFIX) ? [name] : []));
}
