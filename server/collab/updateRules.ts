/**
 * Checks an incoming Yjs update against the dataset schema and its limits before the server
 * applies it: only the known root maps, only plain values of bounded size, at most
 * `limits.maxColumns` columns. A refused update is never applied, logged or acknowledged.
 */
import * as Y from "yjs";
import { type Block, readColumns, roots } from "../../shared/dataset/index.ts";
import { limits } from "../../shared/limits.ts";

export class UpdateRefused extends Error {
  readonly kind: "invalid" | "too-large" | "forbidden";
  constructor(kind: "invalid" | "too-large" | "forbidden", message: string) {
    super(message);
    this.kind = kind;
  }
}

type Place = { root: string; key: string | null; field: string | null };
type DecodedItem = Y.Item & { parent: string | Y.ID | null };

const rootNames = new Set<string>(Object.values(roots));

/** Checks an update; returns the root maps it changes. */
export function checkUpdate(doc: Y.Doc, update: Uint8Array): Set<string> {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    throw new UpdateRefused("invalid", "the update could not be decoded");
  }
  const items = decoded.structs.filter((s): s is DecodedItem => s instanceof Y.Item);
  const place = placeFinder(doc, items);
  const newColumns = new Set<string>();
  const touched = new Set<string>();
  for (const item of items) {
    if (item.content instanceof Y.ContentDeleted) continue;
    const where = place(item);
    if (!where) continue; // depends on structs the server lacks: Yjs keeps it pending, unreadable until then.
    if (!rootNames.has(where.root)) throw new UpdateRefused("invalid", `unknown root "${where.root}"`);
    touched.add(where.root);
    checkContent(where, item.content);
    if (where.root === roots.columns && where.field === null && where.key !== null) newColumns.add(where.key);
  }
  if (newColumns.size > 0) {
    const existing = new Set(readColumns(doc).map((c) => c.id as string));
    const total = existing.size + [...newColumns].filter((id) => !existing.has(id)).length;
    if (total > limits.maxColumns) throw new UpdateRefused("too-large", `more than ${limits.maxColumns} columns`);
  }
  return touched;
}

function checkContent(where: Place, content: Y.Item["content"]): void {
  if (where.root === roots.columns && where.field === null) {
    if (!(content instanceof Y.ContentType)) throw new UpdateRefused("invalid", "a column must be a map");
    return;
  }
  if (!(content instanceof Y.ContentAny) || content.arr.length !== 1) {
    throw new UpdateRefused("invalid", `unexpected content in ${where.root}`);
  }
  const value = content.arr[0];
  if (where.root === roots.cells) checkCell(value);
  else if (where.root === roots.blocks) checkBlock(value);
  else if (where.root === roots.meta) {
    if (typeof value !== "number") checkText(value, limits.maxMetaChars);
  } else if (where.field === "choices") {
    if (!Array.isArray(value) || value.length > 1000) throw new UpdateRefused("invalid", "choices must be a list");
    for (const choice of value) checkText(choice, limits.maxColumnNameChars);
  } else checkText(value, where.field === "name" ? limits.maxColumnNameChars : limits.maxMetaChars);
}

function checkCell(value: unknown): void {
  if (value === null || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new UpdateRefused("invalid", "a number cell must be finite");
    return;
  }
  checkText(value, limits.maxCellChars);
}

function checkText(value: unknown, max: number): void {
  if (typeof value !== "string") throw new UpdateRefused("invalid", "expected text");
  if (value.length > max) throw new UpdateRefused("too-large", `text longer than ${max} characters`);
}

function checkBlock(value: unknown): void {
  checkText(value, limits.maxBlockChars);
  let block: Block;
  try {
    block = JSON.parse(value as string) as Block;
  } catch {
    throw new UpdateRefused("invalid", "a row block is not JSON");
  }
  if (!Array.isArray(block.columns) || !Array.isArray(block.rows))
    throw new UpdateRefused("invalid", "malformed row block");
  for (const row of block.rows) {
    if (!Array.isArray(row) || typeof row[0] !== "string" || typeof row[1] !== "string") {
      throw new UpdateRefused("invalid", "malformed row in a block");
    }
    for (let i = 2; i < row.length; i++) checkCell(row[i]);
  }
}

/**
 * Finds where an item of the update lives (root map, key, column field). Items that overwrite a
 * map key carry only their left neighbour's id, so the parent is looked up through that
 * neighbour, in the update itself or in the server's document.
 */
function placeFinder(doc: Y.Doc, items: DecodedItem[]) {
  const byClient = new Map<number, DecodedItem[]>();
  for (const item of items) {
    const list = byClient.get(item.id.client) ?? [];
    list.push(item);
    byClient.set(item.id.client, list);
  }
  const inUpdate = (id: Y.ID) =>
    byClient.get(id.client)?.find((s) => s.id.clock <= id.clock && id.clock < s.id.clock + s.length) ?? null;
  const inDoc = (id: Y.ID): Y.Item | null => {
    try {
      const struct = Y.getItem(doc.store, id);
      return struct instanceof Y.Item ? struct : null;
    } catch {
      return null;
    }
  };

  const typePlace = (type: Y.AbstractType<unknown>): Place | null => {
    const holder = type._item;
    if (holder === null) return { root: Y.findRootTypeKey(type), key: null, field: null };
    const parent = placeOf(holder, 0);
    return parent && parent.field === null ? { root: parent.root, key: parent.key, field: null } : null;
  };

  const placeOf = (item: Y.Item | DecodedItem, depth: number): Place | null => {
    if (depth > 64) return null;
    const parent = (item as DecodedItem).parent as unknown;
    if (typeof parent === "string") return { root: parent, key: item.parentSub, field: null };
    if (parent instanceof Y.AbstractType) {
      const outer = typePlace(parent);
      if (!outer) return null;
      return outer.key === null
        ? { root: outer.root, key: item.parentSub, field: null }
        : { root: outer.root, key: outer.key, field: item.parentSub };
    }
    if (parent instanceof Y.ID) {
      // Nested type created in this update or already in the document: its holder gives root and key.
      const holder = inUpdate(parent) ?? inDoc(parent);
      if (!holder) return null;
      const outer = placeOf(holder, depth + 1);
      return outer ? { root: outer.root, key: outer.key, field: item.parentSub } : null;
    }
    const neighbourId = item.origin ?? item.rightOrigin;
    if (!neighbourId) return null;
    const neighbour = inUpdate(neighbourId) ?? inDoc(neighbourId);
    if (!neighbour || neighbour === item) return null;
    const place = placeOf(neighbour, depth + 1);
    return place;
  };

  return (item: DecodedItem) => placeOf(item, 0);
}
