/**
 * The rules an untrusted update to a proposal document must follow before the server applies it:
 * the same exact walk as dataset documents (shared/yjs/updateWalk.ts: R1, R2, R8 of
 * docs/ARCHITECTURE.md, placement as Yjs will do it), then the proposal's own schema, numbered P13–P16 in
 * docs/PROPOSALS.md. Anything else is refused.
 */
import * as Y from "yjs";
import { splitCellKey } from "../dataset/schema.ts";
import { isColumnId, isRowId } from "../ids.ts";
import { type Place, type PlaceRules, refuse, walkUpdate } from "../yjs/updateWalk.ts";
import { cellEntryProblem, deletedRowEntryProblem, newRowEntryProblem } from "./entries.ts";
import { deletedRowsMap, newRowsMap, proposalCellsMap } from "./maps.ts";
import { proposalLimits, proposalRoots } from "./schema.ts";

export { type RefusalKind, UpdateRefused } from "../yjs/updateWalk.ts";

export type ProposalUpdateEffect = { items: number };

const maxKeyChars = 64;

/** Checks an update against the proposal document it is about to be applied to; throws UpdateRefused. */
export function checkProposalUpdate(doc: Y.Doc, update: Uint8Array): ProposalUpdateEffect {
  const rules = new ProposalRules();
  const { items } = walkUpdate(doc, update, rules);
  rules.checkEntryCount(doc);
  return { items: items + rules.packedValues };
}

class ProposalRules implements PlaceRules {
  private readonly newKeys = new Map<string, Set<string>>();
  /** Values beyond the first in items that hold several (each counts as an item). */
  packedValues = 0;

  nested(outer: Place): Place {
    return refuse("invalid", "P13", `a proposal's ${outer.root.slice(0, 40)} hold plain values, not nested types`);
  }

  insert(item: Y.Item, place: Place): void {
    checkKey(place);
    const { content } = item;
    if (content instanceof Y.ContentDeleted) return; // an overwritten value: only where it was matters
    if (!(content instanceof Y.ContentAny) || content.arr.length === 0)
      refuse("invalid", "P14", `unexpected content in ${place.root}`);
    // Several values in one item: successive values of one entry, kept by the contributor's undo
    // manager and merged by Yjs, as the SyncStep2 after a reconnect sends them (as for datasets,
    // shared/dataset/updateRules.ts R4). Only the last is live; each must be valid and counts.
    const values = (content as Y.ContentAny).arr;
    for (const value of values) {
      const problem =
        place.root === proposalRoots.cells
          ? cellEntryProblem(value)
          : place.root === proposalRoots.newRows
            ? newRowEntryProblem(value)
            : deletedRowEntryProblem(value);
      if (problem) refuse(problem.includes("at most") ? "too-large" : "invalid", "P14", problem);
    }
    this.packedValues += values.length - 1;
    const keys = this.newKeys.get(place.root) ?? new Set<string>();
    this.newKeys.set(place.root, keys);
    keys.add(place.key);
  }

  /** Deleting an entry retracts that change: always allowed. */
  delete(): void {}

  /** P15: at most proposalLimits.maxEntries entries once applied. */
  checkEntryCount(doc: Y.Doc): void {
    if (this.newKeys.size === 0) return;
    const maps: [string, Y.Map<unknown>][] = [
      [proposalRoots.cells, proposalCellsMap(doc)],
      [proposalRoots.newRows, newRowsMap(doc)],
      [proposalRoots.deletedRows, deletedRowsMap(doc)],
    ];
    let total = 0;
    for (const [root, map] of maps) {
      total += map.size;
      for (const key of this.newKeys.get(root) ?? []) if (!map.has(key)) total += 1;
    }
    if (total > proposalLimits.maxEntries)
      refuse("too-large", "P15", `a proposal holds at most ${proposalLimits.maxEntries} changes`);
  }
}

/** P13: only the three roots, keyed by row id (and column id for cells). */
function checkKey(place: Place): void {
  if (place.field !== null) refuse("invalid", "P13", "a proposal holds no nested maps");
  if (place.key.length > maxKeyChars) refuse("invalid", "P13", "a key is too long");
  switch (place.root) {
    case proposalRoots.cells: {
      const parts = splitCellKey(place.key);
      if (!parts || !isRowId(parts[0]) || !isColumnId(parts[1]))
        refuse("invalid", "P13", "a cell change's key must be rowId:columnId");
      return;
    }
    case proposalRoots.newRows:
    case proposalRoots.deletedRows:
      if (!isRowId(place.key)) refuse("invalid", "P13", "a row's key must be a row id");
      return;
    default:
      refuse("invalid", "P13", `unknown root "${place.root.slice(0, 40)}"`);
  }
}
