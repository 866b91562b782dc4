import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { type CellValue, DatasetView } from "../../shared/dataset/index.ts";
import { isRowId } from "../../shared/ids.ts";
import { analyse } from "./analyse.ts";
import { convertRows } from "./convert.ts";
import { type CreateInput, type JobStep, runImportJob } from "./importJob.ts";
import { dataFile } from "./testing/data.ts";

const meta = { title: "Test", description: "", source: "", licence: "" };

/** The dataset a create job builds: its columns' names and types, and its rows' ids and values in order. */
async function imported(input: Omit<CreateInput, "kind" | "meta">) {
  const output = await runImportJob({ kind: "create", meta, ...input }, () => {});
  if (output.kind !== "create") throw new Error("not a create job");
  const doc = new Y.Doc();
  Y.applyUpdate(doc, output.state);
  const view = new DatasetView(doc);
  const columns = view.columns();
  const rows = view.rowsInOrder();
  const result = {
    rowCount: output.rows,
    columns: columns.map((c) => ({ name: c.name, type: c.type, choices: c.choices })),
    ids: rows.map((r) => r.id),
    values: rows.map((r) => columns.map((c) => r.cells[c.id] ?? null)),
    problems: view.problems(),
  };
  view.destroy();
  doc.destroy();
  return result;
}

describe("an import job making a new dataset", () => {
  // With the preview's columns a CSV is written as it is read, without them after it is read whole.
  // The large file is read in many 1 MB pieces, with rows cut between them; the others hold
  // multi-line cells, a Latin-1 encoding, and NULLs (empty when unquoted); a JSON file is read whole.
  it.each([
    "large/bureaux-de-vote-val-de-marne.csv",
    "places/france-services-2022.csv",
    "places/bfc-ternum/csv/bfc-ternum-dataset.csv",
    "csv-conformance/csv-spectrum/extra-from-history/csvs/null.csv",
    "csv-conformance/csv-spectrum/extra-from-history/csvs/latin1.csv",
    "places/conseillers-numeriques-2022.json",
  ])(
    "%s: every row with the values the preview's conversion reads, with or without the preview's columns",
    async (file) => {
      const bytes = new Uint8Array(dataFile(file));
      const fileName = file.split("/").pop() as string;
      const options = { locale: "fr" };
      const analysis = await analyse(bytes, fileName, options);
      const expected = convertRows(analysis.read.table, analysis.plans, { locale: "fr" }).rows;

      for (const columns of [undefined, analysis.plans]) {
        const result = await imported({ bytes, fileName, options, ...(columns ? { columns } : {}) });
        expect(result.rowCount).toBe(expected.length);
        expect(result.columns).toEqual(analysis.plans.map((p) => ({ name: p.name, type: p.type, choices: p.choices })));
        expect(result.values.length).toBe(expected.length);
        // Compared row by row: one failure names its row instead of printing the whole file.
        for (let r = 0; r < expected.length; r++)
          if (JSON.stringify(result.values[r]) !== JSON.stringify(expected[r] as CellValue[]))
            expect({ row: r, values: result.values[r] }).toEqual({ row: r, values: expected[r] });
        expect(new Set(result.ids).size).toBe(expected.length);
        expect(result.ids.every(isRowId)).toBe(true);
        expect(result.problems).toEqual([]);
      }
    },
    60_000,
  );

  it("types chosen in the preview are the columns' types, values that do not fit kept as text", async () => {
    const bytes = new TextEncoder().encode("code,score\n01200,12\n75001,douze\n");
    const analysis = await analyse(bytes, "codes.csv", {});
    const columns = analysis.plans.map((p) => (p.name === "code" ? { ...p, type: "number" as const } : p));
    const result = await imported({ bytes, fileName: "codes.csv", options: {}, columns });
    expect(result.columns.map((c) => c.type)).toEqual(["number", "text"]);
    expect(result.values).toEqual([
      [1200, "12"],
      [75001, "douze"],
    ]);
  });

  it("a column the file does not have is refused, for a CSV read as it is written as for a table read whole", async () => {
    const csv = new TextEncoder().encode("a,b\n1,2\n");
    const json = new TextEncoder().encode('[{"a":1,"b":2}]');
    for (const [bytes, fileName] of [
      [csv, "two.csv"],
      [json, "two.json"],
    ] as const) {
      const columns = [{ source: 5, name: "f", type: "text" as const, choices: [] }];
      await expect(imported({ bytes, fileName, options: {}, columns })).rejects.toMatchObject({ code: "bad-column" });
    }
  });

  it("a CSV given its columns counts its bytes while it is read into the document, then is written", async () => {
    const bytes = new Uint8Array(dataFile("places/france-services-2022.csv"));
    const { plans: columns } = await analyse(bytes, "fs.csv", {});
    const steps: JobStep[] = [];
    await runImportJob({ kind: "create", meta, bytes, fileName: "fs.csv", options: {}, columns }, (step) => {
      steps.push(step);
    });
    expect(steps.map((s) => s.state)).toEqual(["reading", "reading", "writing"]);
    expect(steps[1]?.progress).toEqual({ unit: "bytes", done: bytes.byteLength, total: bytes.byteLength });
    expect(steps[2]?.progress).toEqual({ unit: "rows", done: 2_683, total: 2_683 });
  });
});
