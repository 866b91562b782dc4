import { afterEach, describe, expect, it } from "vitest";
import { previewer } from "./previewer.ts";

describe("previewer", () => {
  // Every file read in the worker; `previews` counts each as large (its worker ends once idle), `kept` none.
  const previews = previewer({ workerBytes: 0, releaseBytes: 0 });
  const kept = previewer({ workerBytes: 0 });
  afterEach(async () => {
    await previews.close();
    await kept.close();
  });

  const file = (rows: number) => new TextEncoder().encode(`a,b\n${"1,Lyon\n".repeat(rows)}`);

  it("reads previews at once in its worker, and again after that worker ended with nothing left to read", async () => {
    const [first, second] = await Promise.all([
      previews.preview(file(10), "a.csv", {}),
      previews.preview(file(20), "b.csv", {}),
    ]);
    expect([first.rowCount, second.rowCount]).toEqual([10, 20]);
    const third = await previews.preview(file(30), "c.csv", {});
    expect(third.rowCount).toBe(30);
    expect(third.columns.map((c) => c.type)).toEqual(["number", "choice"]);
  });

  it("says a file's error from the worker, and reads the next file", async () => {
    await expect(kept.preview(new Uint8Array([0, 1, 2, 0]), "bad.csv", {})).rejects.toMatchObject({
      code: "not-text",
    });
    expect((await kept.preview(file(5), "ok.csv", {})).rowCount).toBe(5);
  });
});
