/**
 * The server's cost of a proposal of 1,000 cell changes on a 100,000-row dataset (issue 9's
 * target: review and merge under 100 ms each): the exact check of the proposal's update, the
 * review (base / proposed / live), and the replay of the accepted values in one transaction,
 * against Yjs applying the same 1,000 edits as a plain update, measured in the same run (best of a
 * few rounds). Also how long a DatasetView of the live document takes, built once per loaded document.
 */
import * as Y from "yjs";
import { reviewChanges } from "../../server/proposals/review.ts";
import { DatasetView, setCells } from "../../shared/dataset/index.ts";
import type { ColumnId } from "../../shared/ids.ts";
import { checkProposalUpdate, proposeCells, readProposal } from "../../shared/proposal/index.ts";
import { buildBenchDoc } from "./fixtures.ts";
import { formatMs, markdownTable, type Section } from "./report.ts";

export type ProposalReviewOptions = { rows: number; changes: number; rounds: number };
export const defaultProposalReviewOptions: ProposalReviewOptions = { rows: 100_000, changes: 1_000, rounds: 3 };
const TARGET_MS = 100;

export async function runProposalReview(options: ProposalReviewOptions, log: (line: string) => void): Promise<Section> {
  const { rows, changes, rounds } = options;
  const best = (run: () => void) => {
    let fastest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      run();
      fastest = Math.min(fastest, performance.now() - started);
    }
    return fastest;
  };
  /** Best time of `run` on a fresh copy of the live document each round (the copy is not timed). */
  const onFreshCopy = (state: Uint8Array, run: (doc: Y.Doc) => void) => {
    let fastest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < rounds; i++) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, state);
      const started = performance.now();
      run(doc);
      fastest = Math.min(fastest, performance.now() - started);
    }
    return fastest;
  };

  const live = buildBenchDoc(rows);
  const state = Y.encodeStateAsUpdate(live);
  const view = new DatasetView(live);
  const column = view.columns()[7]?.id as ColumnId;
  const picked = view
    .rowsInOrder()
    .filter((_, i) => i % Math.floor(rows / changes) === 0)
    .slice(0, changes);

  const proposal = new Y.Doc();
  const updates: Uint8Array[] = [];
  proposal.on("update", (u: Uint8Array) => updates.push(u));
  proposeCells(
    proposal,
    picked.map((row) => ({
      rowId: row.id,
      columnId: column,
      value: "03 80 00 00 00",
      base: row.cells[column] ?? null,
    })),
    "bench",
  );
  const update = Y.mergeUpdates(updates);
  const edits = readProposal(proposal).cells.map((c) => ({ rowId: c.rowId, columnId: c.columnId, value: c.value }));

  // The baseline: the same edits made elsewhere and applied as one plain Yjs update.
  const elsewhere = new Y.Doc();
  Y.applyUpdate(elsewhere, state);
  const before = Y.encodeStateVector(elsewhere);
  setCells(elsewhere, edits, "elsewhere");
  const plainUpdate = Y.encodeStateAsUpdate(elsewhere, before);

  const baselineMs = onFreshCopy(state, (doc) => Y.applyUpdate(doc, plainUpdate));
  const checkMs = best(() => checkProposalUpdate(new Y.Doc(), update));
  const reviewMs = best(() => reviewChanges(readProposal(proposal), view));
  const replayMs = onFreshCopy(state, (doc) => doc.transact(() => setCells(doc, edits, "accept"), "accept"));
  const viewMs = onFreshCopy(state, (doc) => new DatasetView(doc).destroy());
  view.destroy();

  const ratio = (ms: number) => (baselineMs > 0 ? `${(ms / baselineMs).toFixed(1)}×` : "–");
  const table = markdownTable(
    ["step", "time", "vs. applying the same edits as a plain update"],
    [
      ["apply the same edits as a plain Yjs update (baseline)", formatMs(baselineMs), "1.0×"],
      ["check the proposal's update (P13–P15)", formatMs(checkMs), ratio(checkMs)],
      ["review: base / proposed / live", formatMs(reviewMs), ratio(reviewMs)],
      ["replay the accepted values, one transaction", formatMs(replayMs), ratio(replayMs)],
      ["a DatasetView of the live document (once per loaded document)", formatMs(viewMs), ratio(viewMs)],
    ],
  );
  log(table);
  return {
    title: "Reviewing and merging a proposal",
    markdown: `A proposal of ${changes.toLocaleString("en")} cell changes on ${rows.toLocaleString("en")} rows × 20 columns, best of ${rounds}.\n\n${table}`,
    targets: [
      {
        name: "review of a 1,000-change proposal",
        pass: reviewMs < TARGET_MS,
        detail: `${formatMs(reviewMs)} (< ${TARGET_MS} ms)`,
      },
      {
        name: "merge of a 1,000-change proposal",
        pass: replayMs < TARGET_MS,
        detail: `${formatMs(replayMs)} (< ${TARGET_MS} ms)`,
      },
    ],
  };
}
