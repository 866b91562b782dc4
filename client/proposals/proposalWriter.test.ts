/** The writer refuses an edit that would take a suggestion past the server's limit (docs/PROPOSALS.md P15, P20). */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DatasetView, END, initializeDataset, insertRows } from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import { proposalEntryCount, proposalLimits, readProposal } from "../../shared/proposal/index.ts";
import { ProposalPreview } from "./proposalPreview.ts";
import { proposalWriter } from "./proposalWriter.ts";

function setUp(maxEntries?: number) {
  const live = new Y.Doc();
  const [name, phone] = initializeDataset(
    live,
    { meta: { title: "Help points" }, columns: [{ name: "Name" }, { name: "Phone" }] },
    "test",
  ) as [ColumnId, ColumnId];
  const [a, b] = insertRows(
    live,
    [{ cells: { [name]: "Library", [phone]: "01" } }, { cells: { [name]: "Café", [phone]: "02" } }],
    END,
    "test",
  ) as [RowId, RowId];
  const proposal = new Y.Doc();
  const preview = new ProposalPreview({ doc: live, view: new DatasetView(live) }, proposal);
  let refusals = 0;
  const writer = proposalWriter(preview, { source: "contributor" }, () => refusals++, maxEntries);
  return { proposal, preview, writer, name, phone, a, b, refusals: () => refusals };
}

describe("a suggestion at the server's limit", () => {
  it("refuses the edit that would go past it, keeps what was made, and still takes edits that add nothing", () => {
    const { proposal, preview, writer, name, phone, a, b, refusals } = setUp(3);
    writer.setCells([{ rowId: a, columnId: phone, value: "01 23" }]);
    writer.setCells([{ rowId: b, columnId: phone, value: "02 34" }]);
    writer.setCells([{ rowId: a, columnId: name, value: "Médiathèque" }]);
    expect(proposalEntryCount(proposal)).toBe(3);
    expect(refusals()).toBe(0);

    // One more change: not made, and said.
    writer.setCells([{ rowId: b, columnId: name, value: "Bistrot" }]);
    expect(refusals()).toBe(1);
    expect(readProposal(proposal).cells.map((c) => c.value)).toEqual(
      expect.arrayContaining(["01 23", "02 34", "Médiathèque"]),
    );
    expect(preview.marks).toMatchObject({ count: 3, entries: 3 });
    expect(writer.addRows([{ cells: {} }], preview.view.gapAtEnd())).toEqual([]);
    writer.deleteRows([b]);
    expect(refusals()).toBe(3);
    expect(proposalEntryCount(proposal)).toBe(3);

    // Changing a value already proposed adds no change; withdrawing one makes room again.
    writer.setCells([{ rowId: a, columnId: phone, value: "01 99" }]);
    writer.setCells([{ rowId: b, columnId: phone, value: "02" }]);
    expect(refusals()).toBe(3);
    writer.setCells([{ rowId: b, columnId: name, value: "Bistrot" }]);
    expect(refusals()).toBe(3);
    expect(proposalEntryCount(proposal)).toBe(3);
  });

  it("applies a paste whole or not at all, counting each value of a new row as the server does", () => {
    const { proposal, preview, writer, name, phone, a, refusals } = setUp(4);
    // An edit and a new row with one value: three entries.
    writer.transact(() => {
      writer.setCells([{ rowId: a, columnId: phone, value: "01 23" }]);
      writer.addRows([{ cells: { [name]: "Repair café" } }], preview.view.gapAtEnd());
    });
    expect(proposalEntryCount(proposal)).toBe(3);
    // Two more (an edit and an empty row) would be five: none of it is made.
    const written = writer.transact(() => {
      writer.setCells([{ rowId: a, columnId: name, value: "Médiathèque" }]);
      writer.addRows([{ cells: {} }], preview.view.gapAtEnd());
    });
    expect(written).toBe(false);
    expect(refusals()).toBe(1);
    expect(proposalEntryCount(proposal)).toBe(3);
    expect(readProposal(proposal).cells).toEqual([{ rowId: a, columnId: phone, value: "01 23", base: "01" }]);
    expect(readProposal(proposal).newRows).toHaveLength(1);
  });

  it("holds the server's limit by default: 1,000 changes", () => {
    const { proposal, preview, writer, name, refusals } = setUp();
    expect(proposalLimits.maxEntries).toBe(1_000);
    const rows = (n: number, from: number) =>
      Array.from({ length: n }, (_, i) => ({ cells: { [name]: `Place ${from + i}` } }));
    writer.addRows(rows(500, 0), preview.view.gapAtEnd());
    expect(proposalEntryCount(proposal)).toBe(1_000);
    writer.addRows([{ cells: {} }], preview.view.gapAtEnd());
    expect(refusals()).toBe(1);
    expect(proposalEntryCount(proposal)).toBe(1_000);
  });
});
