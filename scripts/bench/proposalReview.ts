/**
 * The server's cost of a proposal of 1,000 cell changes on a 100,000-row dataset (issue 9's
 * target: review and merge under 100 ms each): reading the live document through a DatasetView
 * (what each review request builds), the review itself, the replay of the accepted values in one
 * transaction, and the exact check of the proposal's update. Prints figures (best of a few runs).
 *
 *   node scripts/bench/proposalReview.ts [rows]
 */
import * as Y from "yjs";
import { reviewChanges } from "../../server/proposals/review.ts";
import { DatasetView, setCells } from "../../shared/dataset/index.ts";
import type { ColumnId } from "../../shared/ids.ts";
import { checkProposalUpdate, proposeCells, readProposal } from "../../shared/proposal/index.ts";
import { buildBenchDoc } from "./fixtures.ts";
import { formatMs } from "./report.ts";

const rows = Number(process.argv[2] ?? 100_000);
const CHANGES = 1_000;
const ROUNDS = 3;

const best = (run: () => void) => {
  let fastest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
};

const live = buildBenchDoc(rows);
const state = Y.encodeStateAsUpdate(live);
const view = new DatasetView(live);
const column = view.columns()[7]?.id as ColumnId; // Téléphone
const picked = view
  .rowsInOrder()
  .filter((_, i) => i % Math.floor(rows / CHANGES) === 0)
  .slice(0, CHANGES);

const proposal = new Y.Doc();
const updates: Uint8Array[] = [];
proposal.on("update", (u: Uint8Array) => updates.push(u));
proposeCells(
  proposal,
  picked.map((row) => ({ rowId: row.id, columnId: column, value: "03 80 00 00 00", base: row.cells[column] ?? null })),
  "bench",
);
const update = Y.mergeUpdates(updates);

let viewMs = Number.POSITIVE_INFINITY;
for (let i = 0; i < ROUNDS; i++) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const started = performance.now();
  new DatasetView(doc).destroy();
  viewMs = Math.min(viewMs, performance.now() - started);
}
const reviewMs = best(() => reviewChanges(readProposal(proposal), view));
const checkMs = best(() => checkProposalUpdate(new Y.Doc(), update));
let replayMs = Number.POSITIVE_INFINITY;
for (let i = 0; i < ROUNDS; i++) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const edits = readProposal(proposal).cells.map((c) => ({ rowId: c.rowId, columnId: c.columnId, value: c.value }));
  const started = performance.now();
  doc.transact(() => setCells(doc, edits, "accept"), "accept");
  replayMs = Math.min(replayMs, performance.now() - started);
}
view.destroy();

console.log(
  `proposal of ${CHANGES} cell changes on ${rows.toLocaleString("en")} rows × 20 columns (best of ${ROUNDS}):`,
);
console.log(`  check the proposal's update (P13-P15):  ${formatMs(checkMs)} (${update.length} bytes)`);
console.log(`  review (base / proposed / live):        ${formatMs(reviewMs)}`);
console.log(`  replay the accepted values, one txn:    ${formatMs(replayMs)}`);
console.log(
  `  a DatasetView of the live document:     ${formatMs(viewMs)} (once per loaded document: server/proposals/documents.ts)`,
);
