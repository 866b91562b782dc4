/**
 * Where accepted new rows land in the live row order (docs/PROPOSALS.md P25): right after the row
 * they were proposed after if it is still live (wherever it is now), else where their proposed
 * order key falls among the live rows now, else (a proposal that recorded neither) at the end.
 */
import { byPosition, type DatasetView, type Gap, isPosition, positionsBetween } from "../../shared/dataset/index.ts";
import type { RowId } from "../../shared/ids.ts";
import type { NewRowChange } from "../../shared/proposal/index.ts";

export type Placement = {
  /** The gap the row is written into (addRows gives it the key `positionsBetween(gap, 1)`). */
  gap: Gap;
  /** The live row it lands right after (null: at the top), or "end" for a row that recorded no place. */
  after: RowId | null | "end";
};

type Ordered = { id: string; position: string };

/** Places rows in an order that puts each after its anchor, even when the anchor is another of them. */
export function placeNewRows(
  view: DatasetView,
  rows: Pick<NewRowChange, "rowId" | "position" | "after">[],
): Map<RowId, Placement> {
  const order: Ordered[] = view.rowsInOrder().map((r) => ({ id: r.id, position: r.position }));
  const placed = new Map<RowId, Placement>();
  const wasLive = new Set(order.map((r) => r.id));
  const isLive = new Set(wasLive);
  let pending = [...rows];
  while (pending.length > 0) {
    const waiting = new Set(pending.map((r) => r.rowId as string));
    let ready = pending.filter((r) => !(r.after && waiting.has(r.after)));
    // A cycle of anchors (only a crafted proposal makes one): place the rest by their keys.
    const cycle = ready.length === 0;
    if (cycle) ready = pending;
    // Rows after one anchor are each put right after it, so the last one placed ends up first:
    // placing them by descending key keeps their proposed order.
    ready.sort((a, b) =>
      byPosition({ id: b.rowId, position: b.position ?? "" }, { id: a.rowId, position: a.position ?? "" }),
    );
    for (const row of ready) {
      const anchor = cycle || !row.after || !isLive.has(row.after) ? undefined : row.after;
      const index =
        anchor !== undefined
          ? order.findIndex((r) => r.id === anchor) + 1
          : row.after === null
            ? 0
            : usableKey(row.position)
              ? insertionIndex(order, { id: row.rowId, position: row.position as string })
              : order.length;
      const gap = { before: order[index - 1]?.position ?? null, after: order[index]?.position ?? null };
      const [position = ""] = positionsBetween(gap.before, gap.after, 1);
      order.splice(index, 0, { id: row.rowId, position });
      isLive.add(row.rowId);
      const atEnd = anchor === undefined && row.after !== null && !usableKey(row.position);
      let before = index - 1;
      while (before >= 0 && !wasLive.has((order[before] as Ordered).id)) before -= 1;
      placed.set(row.rowId, { gap, after: atEnd ? "end" : ((order[before]?.id as RowId | undefined) ?? null) });
    }
    const done = new Set(ready.map((r) => r.rowId));
    pending = pending.filter((r) => !done.has(r.rowId));
  }
  return placed;
}

/** A key that can be compared with live positions; anything else (text from an untrusted client) is ignored. */
function usableKey(position: string | null | undefined): boolean {
  return !!position && isPosition(position);
}

/** The first index whose row sorts after `row`, by binary search over the ordered rows. */
function insertionIndex(order: Ordered[], row: Ordered): number {
  let low = 0;
  let high = order.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (byPosition(order[middle] as Ordered, row) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
