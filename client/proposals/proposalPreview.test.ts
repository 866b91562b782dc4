import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  DatasetView,
  deleteRows,
  END,
  initializeDataset,
  insertRows,
  restoreRows,
  setCells,
} from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import { proposalUndoManager, readProposal } from "../../shared/proposal/index.ts";
import { ProposalPreview } from "./proposalPreview.ts";
import { proposalWriter } from "./proposalWriter.ts";

const ME = { source: "contributor" };

function setUp() {
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
  const liveView = new DatasetView(live);
  const proposal = new Y.Doc();
  const preview = new ProposalPreview({ doc: live, view: liveView }, proposal);
  const writer = proposalWriter(preview, ME);
  const shown = () => preview.view.rowsInOrder().map((r) => [r.cells[name] ?? null, r.cells[phone] ?? null]);
  const liveRows = () => liveView.rowsInOrder().map((r) => [r.cells[name] ?? null, r.cells[phone] ?? null]);
  return { live, proposal, preview, writer, name, phone, a, b, shown, liveRows };
}

describe("a proposal over the live data", () => {
  it("shows proposed values over live data, files them with their base, and never touches the dataset", () => {
    const { writer, preview, proposal, phone, a, shown, liveRows } = setUp();
    writer.setCells([{ rowId: a, columnId: phone, value: "01 23" }]);
    expect(shown()).toEqual([
      ["Library", "01 23"],
      ["Café", "02"],
    ]);
    expect(liveRows()).toEqual([
      ["Library", "01"],
      ["Café", "02"],
    ]);
    expect(readProposal(proposal).cells).toEqual([{ rowId: a, columnId: phone, value: "01 23", base: "01" }]);
    expect(preview.marks.cell(a, phone)).toBe(true);
    expect(preview.marks.count).toBe(1);

    // A second edit keeps the base the contributor started from.
    writer.setCells([{ rowId: a, columnId: phone, value: "01 24" }]);
    expect(readProposal(proposal).cells).toEqual([{ rowId: a, columnId: phone, value: "01 24", base: "01" }]);
  });

  it("keeps following the live data underneath, and the proposed value stays over a live change of its cell", () => {
    const { live, writer, name, phone, a, b, shown } = setUp();
    writer.setCells([{ rowId: a, columnId: phone, value: "01 23" }]);
    setCells(
      live,
      [
        { rowId: b, columnId: name, value: "Café des voisins" },
        { rowId: a, columnId: phone, value: "09" },
      ],
      "someone else",
    );
    expect(shown()).toEqual([
      ["Library", "01 23"],
      ["Café des voisins", "02"],
    ]);
  });

  it("withdraws a change put back to its base, and shows the live value again", () => {
    const { writer, proposal, phone, a, shown, preview } = setUp();
    writer.setCells([{ rowId: a, columnId: phone, value: "01 23" }]);
    writer.setCells([{ rowId: a, columnId: phone, value: "01" }]);
    expect(readProposal(proposal).cells).toEqual([]);
    expect(shown()[0]).toEqual(["Library", "01"]);
    expect(preview.marks.count).toBe(0);
  });

  it("adds proposed rows and proposes deletions with the row's live values, shown and marked", () => {
    const { writer, proposal, preview, name, phone, b, shown, liveRows } = setUp();
    const [added] = writer.addRows([{ cells: { [name]: "Town hall" } }], preview.view.gapAtEnd()) as [RowId];
    writer.setCells([{ rowId: added, columnId: phone, value: "03" }]);
    writer.deleteRows([b]);
    expect(shown()).toEqual([
      ["Library", "01"],
      ["Café", "02"],
      ["Town hall", "03"],
    ]);
    expect(liveRows()).toHaveLength(2);
    const content = readProposal(proposal);
    expect(content.newRows).toEqual([
      { rowId: added, position: expect.any(String), after: b, cells: { [name]: "Town hall", [phone]: "03" } },
    ]);
    expect(content.deletions).toEqual([{ rowId: b, base: { [name]: "Café", [phone]: "02" } }]);
    expect(preview.marks.row(added)).toBe("added");
    expect(preview.marks.row(b)).toBe("deleted");

    // Deleting a proposed row takes it out of the proposal; restoring a row withdraws its deletion.
    writer.deleteRows([added]);
    writer.restoreRows([b]);
    expect(readProposal(proposal)).toEqual({ cells: [], newRows: [], deletions: [] });
    expect(shown()).toHaveLength(2);
  });

  it("records the row a proposed row was inserted after, live or proposed, or the top (P25)", () => {
    const { writer, proposal, preview, name, a, shown } = setUp();
    const [first] = writer.addRows([{ cells: { [name]: "Pharmacy" } }], preview.view.gapAfter(a)) as [RowId];
    const [second, third] = writer.addRows(
      [{ cells: { [name]: "School" } }, { cells: { [name]: "Post office" } }],
      preview.view.gapAfter(first),
    ) as [RowId, RowId];
    const [top] = writer.addRows([{ cells: { [name]: "Market" } }], preview.view.gapAfter(null)) as [RowId];
    const after = Object.fromEntries(readProposal(proposal).newRows.map((r) => [r.rowId, r.after]));
    expect(after).toEqual({ [first]: a, [second]: first, [third]: second, [top]: null });
    expect(shown().map(([n]) => n)).toEqual(["Market", "Library", "Pharmacy", "School", "Post office", "Café"]);
  });

  it("undoes and redoes the contributor's own changes, and the preview follows", () => {
    const { writer, proposal, phone, a, shown } = setUp();
    const undo = proposalUndoManager(proposal, ME);
    writer.setCells([{ rowId: a, columnId: phone, value: "01 23" }]);
    undo.undo();
    expect(shown()[0]).toEqual(["Library", "01"]);
    undo.redo();
    expect(shown()[0]).toEqual(["Library", "01 23"]);
  });

  it("picks up a proposal made earlier (continued later from the same browser, or by another holder of its link)", () => {
    const first = setUp();
    first.writer.setCells([{ rowId: first.a, columnId: first.phone, value: "01 23" }]);
    const again = new Y.Doc();
    Y.applyUpdate(again, Y.encodeStateAsUpdate(first.proposal));
    const preview = new ProposalPreview({ doc: first.live, view: new DatasetView(first.live) }, again);
    expect(preview.view.row(first.a)?.cells[first.phone]).toBe("01 23");
  });

  it("copies nothing: rows the proposal does not touch are the live rows themselves", () => {
    const { writer, preview, phone, a, b } = setUp();
    const liveView = preview.live.view;
    writer.setCells([{ rowId: a, columnId: phone, value: "01 23" }]);
    expect(preview.view.row(b)).toBe(liveView.row(b));
    expect(preview.view.rowsInOrder()[1]).toBe(liveView.row(b));
    expect(preview.view.row(a)).not.toBe(liveView.row(a));
  });

  it("tells the grid each change as the rows it changes, from the proposal and from the live data", () => {
    const { live, writer, preview, name, phone, a, b } = setUp();
    const heard: { added: string[]; updated: [unknown, unknown][]; removed: string[] }[] = [];
    preview.view.onChange((c) =>
      heard.push({
        added: c.added.map((r) => r.cells[name] as string),
        updated: c.updated.map((r) => [r.cells[name], r.cells[phone]]),
        removed: c.removed,
      }),
    );
    writer.setCells([{ rowId: a, columnId: phone, value: "01 23" }]);
    expect(heard.pop()).toEqual({ added: [], updated: [["Library", "01 23"]], removed: [] });

    // A live edit of the same row keeps the proposed value over it; another row passes through.
    setCells(live, [{ rowId: a, columnId: name, value: "Library (main)" }], "someone else");
    expect(heard.pop()).toEqual({ added: [], updated: [["Library (main)", "01 23"]], removed: [] });
    setCells(live, [{ rowId: b, columnId: phone, value: "02 22" }], "someone else");
    expect(heard.pop()).toEqual({ added: [], updated: [["Café", "02 22"]], removed: [] });

    const [added] = writer.addRows([{ cells: { [name]: "Town hall" } }], preview.view.gapAtEnd()) as [RowId];
    expect(heard.pop()).toEqual({ added: ["Town hall"], updated: [], removed: [] });
    expect(preview.view.rowCount).toBe(3);
    writer.deleteRows([added]);
    expect(heard.pop()).toEqual({ added: [], updated: [], removed: [added] });
    expect(preview.view.rowCount).toBe(2);

    // Withdrawn: the live row again, as it is now.
    writer.setCells([{ rowId: a, columnId: phone, value: "01" }]);
    expect(heard.pop()).toEqual({ added: [], updated: [["Library (main)", "01"]], removed: [] });
    expect(preview.view.row(a)).toBe(preview.live.view.row(a));
  });

  it("drops a proposed change's row deleted live meanwhile, and shows it again once restored", () => {
    const { live, writer, preview, phone, a } = setUp();
    writer.setCells([{ rowId: a, columnId: phone, value: "01 23" }]);
    deleteRows(live, [a], "someone else");
    expect(preview.view.row(a)).toBeUndefined();
    expect(preview.view.rowsInOrder()).toHaveLength(1);
    restoreRows(live, [a], "someone else");
    expect(preview.view.row(a)?.cells[phone]).toBe("01 23");
  });
});
