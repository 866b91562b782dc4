/**
 * The walk that decides, exactly, where every struct of an untrusted Yjs update will land before
 * the server applies it: each struct is placed the way Yjs itself will place it (its parent
 * resolved through the update and the server's document, with no hop limit), and every delete range
 * is resolved to the items it removes. A document kind's own rules (shared/dataset/updateRules.ts,
 * shared/proposal/updateRules.ts) then judge each place and value.
 *
 * The walk mirrors Yjs's own `integrateStructs` (same order, same notion of a missing dependency),
 * so "this update would stay pending" is known before anything is applied, and it is linear in
 * the size of the update: each struct is visited a bounded number of times and every lookup is a
 * binary search. The structural rules it enforces are R1, R2, R3 (placement) and R8 of
 * docs/ARCHITECTURE.md, for every document kind.
 */
import * as Y from "yjs";

export type RefusalKind = "invalid" | "too-large" | "forbidden";

export class UpdateRefused extends Error {
  readonly kind: RefusalKind;
  readonly rule: string;
  constructor(kind: RefusalKind, rule: string, message: string) {
    super(`${rule}: ${message}`);
    this.kind = kind;
    this.rule = rule;
  }
}

export const refuse = (kind: RefusalKind, rule: string, message: string): never => {
  throw new UpdateRefused(kind, rule, message);
};

/** Where an item lives: a key of a root map, or a field of a map held there (`root[key][field]`). */
export type Place = { root: string; key: string; field: string | null };

/** What a document kind decides about the places the walk finds. */
export interface PlaceRules {
  /** The place of an item inside the map held at `outer` (refuse if that place holds no maps). */
  nested(outer: Place, field: string | null): Place;
  /** A new item lands at `place` (its content may be ContentDeleted: an overwritten value). */
  insert(item: Y.Item, place: Place): void;
  /** The update deletes a live item at `place`. */
  delete(place: Place): void;
}

/** The item will be garbage-collected on arrival (its neighbour was): it lands nowhere. */
const NOWHERE = "nowhere" as const;
type Landing = Place | typeof NOWHERE;

type Struct = Y.Item | Y.GC | Y.Skip;
type Integrated = Y.Item | Y.GC;
/** As decoded, before integration: `parent` is a root name, the id of the holding item, or null. */
type DecodedItem = Y.Item & { parent: string | Y.ID | null };

/** Walks an update against the document it is about to be applied to; throws UpdateRefused. Returns the new items' count. */
export function walkUpdate(doc: Y.Doc, update: Uint8Array, rules: PlaceRules): { items: number } {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return refuse("invalid", "R1", "the update could not be decoded");
  }
  const walker = new Walker(doc, groupByClient(decoded.structs as Struct[]), rules);
  walker.integrateAll();
  walker.checkDeletes(decoded.ds);
  return { items: walker.items };
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

class Walker {
  items = 0;
  private readonly rules: PlaceRules;
  private readonly store: Y.Doc["store"];
  private readonly byClient: Map<number, Struct[]>;
  /** Per client, the clock up to which structs are integrated (the server's state, then the update's). */
  private readonly integrated = new Map<number, number>();
  private readonly landings = new Map<Y.Item, Landing>();
  private readonly rootNames = new Map<object, string>();

  constructor(doc: Y.Doc, byClient: Map<number, Struct[]>, rules: PlaceRules) {
    this.rules = rules;
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
    this.items += 1;
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
    this.rules.insert(item, landing);
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
      return this.rules.nested(outer, sub);
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
    return holder === NOWHERE ? NOWHERE : this.rules.nested(holder, item.parentSub);
  }

  /** R2: what each delete range removes, from the server's document or from this update. */
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
      if (struct instanceof Y.Item && !struct.deleted) this.deleted(this.landingOfIntegrated(struct));
    }
  }

  private deletedInUpdate(client: number, from: number, to: number): void {
    const refs = this.byClient.get(client) ?? [];
    for (let i = firstEndingAfter(refs, from); i < refs.length; i++) {
      const struct = refs[i] as Struct;
      if (struct.id.clock >= to) break;
      const landing = struct instanceof Y.Item ? this.landings.get(struct) : undefined;
      if (landing !== undefined) this.deleted(landing);
    }
  }

  private deleted(landing: Landing): void {
    if (landing !== NOWHERE) this.rules.delete(landing);
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
