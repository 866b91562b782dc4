import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DatasetView } from "../../shared/dataset/index.ts";
import { type JobStep, runImportJob } from "./importJob.ts";

const meta = { title: "Codes", description: "", source: "", licence: "" };
const csv = (rows: number, from: number, value: (i: number) => number) =>
  new TextEncoder().encode(
    `code;valeur\n${Array.from({ length: rows }, (_, k) => `${String(from + k).padStart(6, "0")};${value(from + k)}`).join("\n")}\n`,
  );

/** A dataset of `rows` rows made by a create job: its document and the id of its key column. */
async function dataset(rows: number) {
  const output = await runImportJob(
    { kind: "create", meta, bytes: csv(rows, 0, (i) => i), fileName: "codes.csv", options: { locale: "en" } },
    () => {},
  );
  if (output.kind !== "create") throw new Error("not a create job");
  const doc = new Y.Doc();
  Y.applyUpdate(doc, output.state);
  const view = new DatasetView(doc);
  const key = view.columns().find((c) => c.name === "code")?.id as string;
  view.destroy();
  return { doc, key };
}

describe("an update by key's progress", () => {
  it("counts the file's rows compared, then the changes made, each phase from 0 upwards", async () => {
    const { doc, key } = await dataset(6_000);
    const steps: JobStep[] = [];
    // Rows 1,000 to 8,999: 5,000 values changed, 3,000 rows added, 1,000 deleted.
    const output = await runImportJob(
      {
        kind: "update",
        bytes: csv(8_000, 1_000, (i) => i * 2),
        fileName: "codes.csv",
        options: { locale: "en" },
        request: { keyColumnId: key, deleteMissing: true },
        document: Y.encodeStateAsUpdate(doc),
      },
      (step) => void steps.push(step),
    );
    if (output.kind !== "update") throw new Error("not an update job");
    expect(output.preview).toMatchObject({ added: 3_000, changedCells: 5_000, removed: 1_000 });

    expect([...new Set(steps.map((s) => s.state))]).toEqual(["reading", "building", "writing"]);
    const counts = (state: JobStep["state"]) => steps.filter((s) => s.state === state).map((s) => s.progress);
    const compared = counts("building");
    expect(compared.every((p) => p.unit === "rows" && p.total === 8_000)).toBe(true);
    expect(compared.map((p) => p.done)).toEqual([0, 0, 2_000, 4_000, 6_000, 8_000]);
    const written = counts("writing");
    expect(written.every((p) => p.unit === "changes" && p.total === 9_000)).toBe(true);
    const done = written.map((p) => p.done as number);
    expect(done[0]).toBe(0);
    expect(done.some((n) => n > 0)).toBe(true);
    // Increasing, and never all: the last count is the main thread's, once it writes into the dataset.
    expect(done.every((n, i) => i === 0 || n >= (done[i - 1] as number))).toBe(true);
    expect(Math.max(...done)).toBeLessThan(9_000);
    doc.destroy();
  });
});
