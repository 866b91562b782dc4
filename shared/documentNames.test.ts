import { describe, expect, it } from "vitest";
import { datasetDocumentName, parseDocumentName } from "./documentNames.ts";
import { newDatasetId } from "./ids.ts";

describe("document names", () => {
  it("round-trips a dataset's name", () => {
    const id = newDatasetId();
    expect(parseDocumentName(datasetDocumentName(id, 3))).toEqual({ kind: "dataset", datasetId: id, epoch: 3 });
  });

  it.each([
    "",
    "dataset",
    "dataset.abc.0",
    "dataset.AAAAAAAAAAAA",
    "dataset.AAAAAAAAAAAA.01",
    "dataset.AAAAAAAAAAAA.-1",
    "dataset.AAAAAAAAAAAA.0\u0000x",
    " dataset.AAAAAAAAAAAA.0",
    "dataset.AAAAAAAAAAA!.0",
  ])("refuses %j", (name) => {
    expect(parseDocumentName(name)).toBeNull();
  });
});
