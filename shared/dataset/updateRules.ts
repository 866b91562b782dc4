/**
 * The rules an untrusted Yjs update must follow before the server applies it, decided exactly:
 * every struct of the update is placed the way Yjs itself will place it (its parent resolved
 * through the update and the server's document, with no hop limit), and every delete range is
 * resolved to the items it removes. The numbered rules (R1…R8) are listed in docs/ARCHITECTURE.md
 * and cited by the tests in updateRules.test.ts.
 *
 * The walk mirrors Yjs's own `integrateStructs` (same order, same notion of a missing dependency),
 * so "this update would stay pending" is known before anything is applied, and it is linear in
 * the size of the update: each struct is visited a bounded number of times and every lookup is a
 * binary search.
 */
import * as Y from "yjs";
import { isColumnId, isRowId } from "../ids.ts";
import { limits } from "../limits.ts";
import { blocksMap, columnsMap } from "./maps.ts";
import { columnTypes, DELETED, metaFields, POSITION, roots, splitCellKey } from "./schema.ts";

export type RefusalKind = "invalid" | "too-large" | "forbidden";

export class UpdateRefused extends Error {
  readonly kind: RefusalKind;
  readonly rule: RuleId;
  constructor(kind: RefusalKind, rule: RuleId, message: string) {
    super(`${rule}: ${message}`);
    this.kind = kind;
    this.rule = rule;
  }
}

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

/** Where an item lives: a key of a root map, or a field of a column map (`columns[key][field]`). */
type Place = { root: string; key: string; field: string | null };
/** The item will be garbage-collected on arrival (its neighbour was): it lands nowhere. */
const NOWHERE = "nowhere" as const;
type Landing = Place | typeof NOWHERE;

type Struct = Y.Item | Y.GC | Y.Skip;
type Integrated = Y.Item | Y.GC;
/** As decoded, before integration: `parent` is a root name, the id of the holding item, or null. */
type DecodedItem = Y.Item & { parent: string | Y.ID | null };

const columnFields = new Set(["name", "type", "position", "description", "choices"]);
const metaKeys = new Set<string>(metaFields);
const maxKeyChars = 64;
const maxPositionChars = 1_000;
const maxChoices = 1_000;

const refuse = (kind: RefusalKind, rule: RuleId, message: string): never => {
  throw new UpdateRefused(kind, rule, message);
};

/** Checks an update against the document it is about to be applied to; throws UpdateRefused. */
export function checkUpdate(doc: Y.Doc, update: Uint8Array): UpdateEffect {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return refuse("invalid", "R1", "the update could not be decoded");
  }
  const checker = new Checker(doc, groupByClient(decoded.structs as Struct[]));
  checker.integrateAll();
  checker.checkDeletes(decoded.ds);
  checker.checkColumnCount();
  return checker.effect;
}

/** Structs per client in clock order; R1: each client's structs come as one contiguous run. */
function groupByClient(structs: Struct[]): Map<number, Struct[]> {
  const byClient = new Map<number, Struct[]>();
  let current: Struct[] | null = null;
  let next = -1;
  for (const struct of structs) {
    const { client, clock } = struct.id;
    if (current === null || current[0]?.id.client !== client || clock !== next) {
      if (byClient.has(client)) refuse("invalid", "R1", `client ${client} appears twice in the update`);
      current = [];
      byClient.set(client, current);
    }
    current.push(struct);
    next = clock + struct.length;
  }
  return byClient;
}

class Checker {
  readonly effect: UpdateEffect = {
    structure: false,
    cells: false,
    rows: false,
    items: 0,
    cellKeys: new Set(),
    blockKeys: [],
  };
  private readonly doc: Y.Doc;
  private readonly store: Y.Doc["store"];
  private readonly byClient: Map<number, Struct[]>;
  /** Per client, the clock up to which structs are integrated (the server's state, then the update's). */
  private readonly integrated = new Map<number, number>();
  private readonly landings = new Map<Y.Item, Landing>();
  private readonly rootNames = new Map<object, string>();
  private readonly newBlockKeys = new Set<string>();
  private readonly newColumnKeys = new Set<string>();

  constructor(doc: Y.Doc, byClient: Map<number, Struct[]>) {
    this.doc = doc;
    this.store = doc.store;
    this.byClient = byClient;
    for (const [name, type] of doc.share) this.rootNames.set(type, name);
  }

  private state(client: number): number {
    let clock = this.integrated.get(client);
    if (clock === undefined) {
      clock = Y.getState(this.store, client);
      this.integrated.set(client, clock);
    }
    return clock;
  }

  /**
   * R2: walks the structs in the order Yjs's integrateStructs does (highest client first, jumping
   * to the client a struct depends on), refusing as soon as something would have to wait.
   */
  integrateAll(): void {
    const targets = new Map<number, { refs: Struct[]; i: number }>();
    for (const [client, refs] of this.byClient) targets.set(client, { refs, i: 0 });
    const clients = [...targets.keys()].sort((a, b) => a - b);
    const nextTarget = () => {
      while (clients.length > 0) {
        const target = targets.get(clients[clients.length - 1] as number);
        if (target && target.i < target.refs.length) return target;
        clients.pop();
      }
      return null;
    };
    let current = nextTarget();
    if (!current) return;
    let head = current.refs[current.i++] as Struct;
    const stack: Struct[] = [];
    for (;;) {
      if (!(head instanceof Y.Skip)) {
        const offset = this.state(head.id.client) - head.id.clock;
        if (offset < 0) refuse("invalid", "R2", "the update skips changes the server never received");
        const missing = head instanceof Y.Item ? this.missingClient(head as DecodedItem) : null;
        if (missing !== null) {
          stack.push(head);
          const target = targets.get(missing);
          if (!target || target.i === target.refs.length)
            refuse("invalid", "R2", "the update depends on changes the server never received");
          head = (target as { refs: Struct[]; i: number }).refs[(target as { i: number }).i++] as Struct;
          continue;
        }
        if (offset === 0 || offset < head.length) {
          this.integrate(head, offset);
          this.integrated.set(head.id.client, head.id.clock + head.length);
        } else if (head instanceof Y.Item) this.referencesExist(head as DecodedItem);
      }
      if (stack.length > 0) head = stack.pop() as Struct;
      else if (current && current.i < current.refs.length) head = current.refs[current.i++] as Struct;
      else {
        current = nextTarget();
        if (!current) break;
        head = current.refs[current.i++] as Struct;
      }
    }
  }

  /** Like Item.getMissing: the other client whose struct this item needs and that is not there yet. */
  private missingClient(item: DecodedItem): number | null {
    const own = item.id.client;
    for (const id of [item.origin, item.rightOrigin, item.parent instanceof Y.ID ? item.parent : null]) {
      if (id && id.client !== own && id.clock >= this.state(id.client)) return id.client;
    }
    return null;
  }

  /** Yjs looks every reference up without checking; one that points nowhere would throw mid-transaction. */
  private referencesExist(item: DecodedItem): void {
    for (const id of [item.origin, item.rightOrigin, item.parent instanceof Y.ID ? item.parent : null]) {
      if (id && id.clock >= this.state(id.client))
        refuse("invalid", "R2", "a reference to a struct that does not exist");
    }
  }

  /** The integrated struct (in the server's document or earlier in this update) holding `id`. */
  private structAt(id: Y.ID): Integrated {
    if (id.clock < Y.getState(this.store, id.client)) {
      const structs = this.store.clients.get(id.client) as Integrated[];
      return structs[Y.findIndexSS(structs, id.clock)] as Integrated;
    }
    const refs = this.byClient.get(id.client) ?? [];
    const struct = refs[firstEndingAfter(refs, id.clock)];
    if (!struct || struct.id.clock > id.clock || struct instanceof Y.Skip)
      return refuse("invalid", "R2", "a reference to a struct that does not exist");
    return struct;
  }

  private integrate(struct: Integrated, offset: number): void {
    if (!(struct instanceof Y.Item)) return; // a GC struct only fills clocks
    this.effect.items += 1;
    const item = struct as DecodedItem;
    this.referencesExist(item);
    const landing = this.landingOf(item);
    this.landings.set(item, landing);
    if (landing === NOWHERE) return;
    if (offset > 0) {
      // Yjs integrates only the part after `offset`, to the right of the part the server has.
      const known = this.structAt(Y.createID(item.id.client, item.id.clock + offset - 1));
      const knownLanding = known instanceof Y.Item ? this.landingOfIntegrated(known) : NOWHERE;
      if (knownLanding === NOWHERE || !samePlace(knownLanding, landing))
        refuse("invalid", "R8", "an item continues one that lives elsewhere");
    }
    this.checkInsert(item, landing);
  }

  /** Where Yjs will put a decoded item (see Item.getMissing). */
  private landingOf(item: DecodedItem): Landing {
    const left = item.origin ? this.structAt(item.origin) : null;
    const right = item.rightOrigin ? this.structAt(item.rightOrigin) : null;
    if (left instanceof Y.GC || right instanceof Y.GC) return NOWHERE;
    const sub = item.parentSub;
    if (typeof item.parent === "string") {
      if (sub === null) return refuse("invalid", "R3", `list content in "${item.parent}"`);
      return { root: item.parent, key: sub, field: null };
    }
    if (item.parent instanceof Y.ID) {
      const holder = this.structAt(item.parent);
      if (!(holder instanceof Y.Item)) return NOWHERE;
      if (!(holder.content instanceof Y.ContentType) || !(holder.content.type instanceof Y.Map))
        return refuse("invalid", "R3", "an item inside something that is not a map");
      const outer = this.landingOfIntegrated(holder);
      if (outer === NOWHERE) return NOWHERE;
      return this.fieldOf(outer, sub);
    }
    const neighbour = (left ?? right) as Y.Item | null;
    if (!neighbour) return refuse("invalid", "R3", "an item with neither parent nor neighbour");
    const landing = this.landingOfIntegrated(neighbour);
    if (left && right && landing !== NOWHERE) {
      const other = this.landingOfIntegrated(right as Y.Item);
      if (other !== NOWHERE && !samePlace(landing, other))
        refuse("invalid", "R8", "an item between neighbours that live in different places");
    }
    return landing;
  }

  private fieldOf(outer: Place, field: string | null): Place {
    if (outer.root !== roots.columns || outer.field !== null)
      return refuse("invalid", "R3", `a nested map in "${outer.root}"`);
    if (field === null) return refuse("invalid", "R3", "list content in a column");
    return { root: roots.columns, key: outer.key, field };
  }

  /** The place of an item already integrated: in the server's document, or placed earlier in this walk. */
  private landingOfIntegrated(item: Y.Item): Landing {
    const known = this.landings.get(item);
    if (known !== undefined) return known;
    const parent: unknown = item.parent;
    if (!(parent instanceof Y.AbstractType)) return NOWHERE;
    if (parent._item === null) {
      const root = this.rootNames.get(parent) ?? refuse("invalid", "R3", "an item under an unknown root");
      if (item.parentSub === null) return refuse("invalid", "R3", `list content in "${root}"`);
      return { root, key: item.parentSub, field: null };
    }
    const holder = this.landingOfIntegrated(parent._item);
    return holder === NOWHERE ? NOWHERE : this.fieldOf(holder, item.parentSub);
  }

  /** R3–R7 for one new item. */
  private checkInsert(item: Y.Item, place: Place): void {
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
    if (!(content instanceof Y.ContentAny) || content.arr.length !== 1)
      refuse("invalid", "R4", `unexpected content in ${place.root}`);
    checkValue(place, (content as Y.ContentAny).arr[0]);
  }

  /** R2, R5, R6: what each delete range removes, from the server's document or from this update. */
  checkDeletes(ds: ReturnType<typeof Y.decodeUpdate>["ds"]): void {
    for (const [client, ranges] of ds.clients) {
      const state = this.state(client);
      const known = Y.getState(this.store, client);
      for (const { clock, len } of mergeRanges(ranges)) {
        if (clock + len > state) refuse("invalid", "R2", "a deletion of something the server never received");
        if (clock < known) this.deletedInDocument(client, clock, Math.min(clock + len, known));
        if (clock + len > known) this.deletedInUpdate(client, Math.max(clock, known), clock + len);
      }
    }
  }

  private deletedInDocument(client: number, from: number, to: number): void {
    const structs = this.store.clients.get(client) as Integrated[];
    for (let i = Y.findIndexSS(structs, from); i < structs.length; i++) {
      const struct = structs[i] as Integrated;
      if (struct.id.clock >= to) break;
      if (struct instanceof Y.Item && !struct.deleted) this.checkDelete(this.landingOfIntegrated(struct));
    }
  }

  private deletedInUpdate(client: number, from: number, to: number): void {
    const refs = this.byClient.get(client) ?? [];
    for (let i = firstEndingAfter(refs, from); i < refs.length; i++) {
      const struct = refs[i] as Struct;
      if (struct.id.clock >= to) break;
      const landing = struct instanceof Y.Item ? this.landings.get(struct) : undefined;
      if (landing !== undefined) this.checkDelete(landing);
    }
  }

  private checkDelete(landing: Landing): void {
    if (landing === NOWHERE) return;
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

/** Index of the first struct (in clock order) that ends after `clock`. */
function firstEndingAfter(refs: Struct[], clock: number): number {
  let low = 0;
  let high = refs.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    const struct = refs[mid] as Struct;
    if (struct.id.clock + struct.length <= clock) low = mid + 1;
    else high = mid;
  }
  return low;
}

const samePlace = (a: Place, b: Place) => a.root === b.root && a.key === b.key && a.field === b.field;

/** Sorted, overlapping ranges merged, so a crafted delete set cannot make the walk revisit items. */
function mergeRanges(ranges: { clock: number; len: number }[]): { clock: number; len: number }[] {
  const sorted = ranges.filter((r) => r.len > 0).sort((a, b) => a.clock - b.clock);
  const merged: { clock: number; len: number }[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.clock <= last.clock + last.len)
      last.len = Math.max(last.len, range.clock + range.len - last.clock);
    else merged.push({ clock: range.clock, len: range.len });
  }
  return merged;
}
