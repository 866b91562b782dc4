/**
 * The rules an untrusted Yjs update to a dataset document must follow before the server applies
 * it, decided exactly: shared/yjs/updateWalk.ts places every struct of the update the way Yjs itself
 * will (R1, R2, R3's placement, R8), and the dataset's rules here judge each place and value (R3–R7).
 * The numbered rules (R1…R8) are listed in docs/ARCHITECTURE.md and cited by the tests in
 * updateRules.test.ts.
 */
import * as Y from "yjs";
import { isColumnId, isRowId } from "../ids.ts";
import { limits } from "../limits.ts";
import { type Place, type PlaceRules, refuse, walkUpdate } from "../yjs/updateWalk.ts";
import { blocksMap, columnsMap } from "./maps.ts";
import { columnTypes, DELETED, metaFields, POSITION, roots, splitCellKey } from "./schema.ts";

export { type RefusalKind, UpdateRefused } from "../yjs/updateWalk.ts";

export type RuleId = "R1" | "R2" | "R3" | "R4" | "R5" | "R6" | "R7" | "R8";

/** What an accepted update does, for the rights check that follows. */
export interface UpdateEffect {
  /** Inserts or deletes anything in `meta` or `columns`. */
  structure: boolean;
  /** Writes or deletes cell entries. */
  cells: boolean;
  /** Adds row blocks. */
  rows: boolean;
  /** New structs it integrates: what applying, storing and relaying it costs. */
  items: number;
  /** The cell entries (`rowId:columnId`, `rowId:_pos`, `rowId:_del`) it writes or deletes: for attribution. */
  cellKeys: Set<string>;
  /** The keys of the row blocks it adds. */
  blockKeys: string[];
}

const columnFields = new Set(["name", "type", "position", "description", "choices"]);
const metaKeys = new Set<string>(metaFields);
const maxKeyChars = 64;
const maxPositionChars = 1_000;
const maxChoices = 1_000;

/** Checks an update against the document it is about to be applied to; throws UpdateRefused. */
export function checkUpdate(doc: Y.Doc, update: Uint8Array): UpdateEffect {
  const rules = new DatasetRules(doc);
  rules.effect.items = walkUpdate(doc, update, rules).items + rules.packedValues;
  rules.checkColumnCount();
  return rules.effect;
}

class DatasetRules implements PlaceRules {
  readonly effect: UpdateEffect = {
    structure: false,
    cells: false,
    rows: false,
    items: 0,
    cellKeys: new Set(),
    blockKeys: [],
  };
  private readonly doc: Y.Doc;
  /** Values beyond the first in items holding several (see insert). */
  packedValues = 0;
  private readonly newBlockKeys = new Set<string>();
  private readonly newColumnKeys = new Set<string>();

  constructor(doc: Y.Doc) {
    this.doc = doc;
  }

  nested(outer: Place, field: string | null): Place {
    if (outer.root !== roots.columns || outer.field !== null)
      return refuse("invalid", "R3", `a nested map in "${outer.root}"`);
    if (field === null) return refuse("invalid", "R3", "list content in a column");
    return { root: roots.columns, key: outer.key, field };
  }

  /** R3–R7 for one new item. */
  insert(item: Y.Item, place: Place): void {
    const { content } = item;
    if (place.root === roots.meta || place.root === roots.columns) this.effect.structure = true;
    if (place.root === roots.cells) {
      this.effect.cells = true;
      this.effect.cellKeys.add(place.key);
    }
    if (place.root === roots.blocks) {
      // R5: a block is written once, under a fresh key, and never overwritten or deleted.
      if (content instanceof Y.ContentDeleted) refuse("forbidden", "R5", "row blocks are never deleted");
      if (blocksMap(this.doc)._map.has(place.key) || this.newBlockKeys.has(place.key))
        refuse("forbidden", "R5", "a row block is never rewritten");
      this.newBlockKeys.add(place.key);
      this.effect.blockKeys.push(place.key);
      this.effect.rows = true;
    }
    checkKey(place);
    if (content instanceof Y.ContentDeleted) return; // an overwritten value: only where it was matters
    if (place.root === roots.columns && place.field === null) {
      if (!(content instanceof Y.ContentType) || !(content.type instanceof Y.Map))
        refuse("invalid", "R4", "a column must be a map");
      this.newColumnKeys.add(place.key);
      return;
    }
    if (!(content instanceof Y.ContentAny) || content.arr.length === 0)
      refuse("invalid", "R4", `unexpected content in ${place.root}`);
    // Several values in one item: successive values of one key, kept by an undo manager and merged
    // by Yjs, as a full-state encoding (the SyncStep2 after a reconnect) sends them. Only the last
    // is live; each must be valid, and each counts as an item (issue 12).
    const values = (content as Y.ContentAny).arr;
    for (const value of values) checkValue(place, value);
    this.packedValues += values.length - 1;
  }

  delete(landing: Place): void {
    if (landing.root === roots.blocks) refuse("forbidden", "R5", "row blocks are never deleted");
    if (landing.root === roots.meta && landing.key === "schemaVersion")
      refuse("forbidden", "R6", "the schema version is the server's to change");
    if (landing.root === roots.cells) {
      this.effect.cells = true;
      this.effect.cellKeys.add(landing.key);
    } else this.effect.structure = true;
  }

  /** R7: at most limits.maxColumns live columns. */
  checkColumnCount(): void {
    if (this.newColumnKeys.size === 0) return;
    const columns = columnsMap(this.doc);
    let total = columns.size;
    for (const key of this.newColumnKeys) if (!columns.has(key)) total += 1;
    if (total > limits.maxColumns) refuse("too-large", "R7", `more than ${limits.maxColumns} columns`);
  }
}

/** R3: only the schema's roots, keys and column fields exist. */
function checkKey(place: Place): void {
  switch (place.root) {
    case roots.meta:
      if (place.key === "schemaVersion") refuse("forbidden", "R6", "the schema version is the server's to change");
      if (!metaKeys.has(place.key)) refuse("invalid", "R3", `unknown metadata "${place.key.slice(0, 40)}"`);
      return;
    case roots.columns:
      if (!isColumnId(place.key)) refuse("invalid", "R3", "a column id must be 6 letters or digits");
      if (place.field !== null && !columnFields.has(place.field)) refuse("invalid", "R3", "unknown column field");
      return;
    case roots.blocks:
      if (place.key.length === 0 || place.key.length > maxKeyChars) refuse("invalid", "R3", "a block key is too long");
      return;
    case roots.cells: {
      const parts = place.key.length <= maxKeyChars ? splitCellKey(place.key) : null;
      if (!parts || !isRowId(parts[0]) || !(isColumnId(parts[1]) || parts[1] === POSITION || parts[1] === DELETED))
        refuse("invalid", "R3", "a cell key must be rowId:columnId");
      return;
    }
    default:
      refuse("invalid", "R3", `unknown root "${place.root.slice(0, 40)}"`);
  }
}

/** R4: the values each place may hold, within limits. */
function checkValue(place: Place, value: unknown): void {
  if (place.root === roots.cells) checkCellEntry(place.key.slice(place.key.indexOf(":") + 1), value);
  else if (place.root === roots.blocks) checkBlock(value);
  else if (place.root === roots.meta) checkText(value, limits.maxMetaChars);
  else checkColumnField(place.field, value);
}

function checkCellEntry(column: string, value: unknown): void {
  if (column === POSITION) checkText(value, maxPositionChars);
  else if (column !== DELETED) checkCell(value);
  else if (typeof value !== "boolean" && value !== null) refuse("invalid", "R4", "a deletion mark is true or false");
}

function checkColumnField(field: string | null, value: unknown): void {
  if (field === "name") {
    checkText(value, limits.maxColumnNameChars);
    if ((value as string).trim() === "") refuse("invalid", "R4", "a column name cannot be empty");
  } else if (field === "type") {
    if (!columnTypes.includes(value as never)) refuse("invalid", "R4", "unknown column type");
  } else if (field === "position") checkText(value, maxPositionChars);
  else if (field === "choices") {
    if (!Array.isArray(value) || value.length > maxChoices) refuse("invalid", "R4", "choices must be a short list");
    for (const choice of value as unknown[]) checkText(choice, limits.maxColumnNameChars);
  } else checkText(value, limits.maxMetaChars);
}

function checkCell(value: unknown): void {
  if (value === null || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) refuse("invalid", "R4", "a number cell must be finite");
    return;
  }
  checkText(value, limits.maxCellChars);
}

function checkText(value: unknown, max: number): void {
  if (typeof value !== "string") refuse("invalid", "R4", "expected text");
  if ((value as string).length > max) refuse("too-large", "R4", `text longer than ${max} characters`);
}

function checkBlock(value: unknown): void {
  checkText(value, limits.maxBlockChars);
  let block: unknown;
  try {
    block = JSON.parse(value as string);
  } catch {
    refuse("invalid", "R5", "a row block is not JSON");
  }
  const { columns, rows } = (block ?? {}) as { columns?: unknown; rows?: unknown };
  if (typeof block !== "object" || block === null || !Array.isArray(columns) || !Array.isArray(rows))
    refuse("invalid", "R5", "malformed row block");
  for (const column of columns as unknown[]) {
    if (typeof column !== "string" || !isColumnId(column)) refuse("invalid", "R5", "malformed column in a block");
  }
  for (const row of rows as unknown[]) {
    if (!Array.isArray(row) || typeof row[0] !== "string" || !isRowId(row[0]) || typeof row[1] !== "string")
      refuse("invalid", "R5", "malformed row in a block");
    const cells = row as unknown[];
    if ((cells[1] as string).length > maxPositionChars || cells.length > (columns as unknown[]).length + 2)
      refuse("invalid", "R5", "malformed row in a block");
    for (let i = 2; i < cells.length; i++) checkCell(cells[i]);
  }
}
