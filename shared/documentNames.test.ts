import { describe, expect, it } from "vitest";
import { datasetDocumentName, parseAnyDocumentName, parseDocumentName, proposalDocumentName } from "./documentNames.ts";
import { newDatasetId, newProposalId } from "./ids.ts";

describe("document names", () => {
  it("round-trips a dataset's name", () => {
    const id = newDatasetId();
    expect(parseDocumentName(datasetDocumentName(id, 3))).toEqual({ kind: "dataset", datasetId: id, epoch: 3 });
  });

  it("round-trips a proposal's name, which only the wider parser accepts", () => {
    const id = newDatasetId();
    const proposalId = newProposalId();
    const name = proposalDocumentName(id, proposalId);
    expect(parseAnyDocumentName(name)).toEqual({ kind: "proposal", datasetId: id, proposalId });
    expect(parseDocumentName(name)).toBeNull();
    expect(parseAnyDocumentName(datasetDocumentName(id, 0))).toMatchObject({ kind: "dataset" });
  });

  it.each(["proposal.AAAAAAAAAAAA.short", "proposal.AAAAAAAAAAAA.AAAAAAAAAAAAAAAA.0", "proposal..AAAAAAAAAAAAAAAA"])(
    "refuses the proposal name %j",
    (name) => {
      expect(parseAnyDocumentName(name)).toBeNull();
    },
  );

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
    expect(parseAnyDocumentName(name)).toBeNull();
  });
});
