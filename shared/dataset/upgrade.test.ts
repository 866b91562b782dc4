import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DatasetTooNewError, initializeDataset, schemaVersion, upgradeDataset } from "./index.ts";
import { SCHEMA_VERSION } from "./schema.ts";

describe("schema version and upgrade on load", () => {
  it("records the current version in every new document", () => {
    const doc = new Y.Doc();
    initializeDataset(doc, { meta: { title: "T" }, columns: [] }, "o");
    expect(schemaVersion(doc)).toBe(SCHEMA_VERSION);
    expect(upgradeDataset(doc, "o")).toBe(false);
  });

  it("runs each migration in order, once, in one transaction", () => {
    const doc = new Y.Doc();
    initializeDataset(doc, { meta: { title: "T" }, columns: [] }, "o");
    const ran: number[] = [];
    const steps = {
      [SCHEMA_VERSION]: () => ran.push(SCHEMA_VERSION),
      [SCHEMA_VERSION + 1]: () => ran.push(SCHEMA_VERSION + 1),
    };
    let transactions = 0;
    doc.on("afterTransaction", () => transactions++);
    expect(upgradeDataset(doc, "o", steps, SCHEMA_VERSION + 2)).toBe(true);
    expect(ran).toEqual([SCHEMA_VERSION, SCHEMA_VERSION + 1]);
    expect(schemaVersion(doc)).toBe(SCHEMA_VERSION + 2);
    expect(transactions).toBe(1);
    expect(upgradeDataset(doc, "o", steps, SCHEMA_VERSION + 2)).toBe(false);
  });

  it("refuses a document written by a newer version instead of misreading it", () => {
    const doc = new Y.Doc();
    initializeDataset(doc, { meta: { title: "T" }, columns: [] }, "o");
    upgradeDataset(doc, "o", { [SCHEMA_VERSION]: () => {} }, SCHEMA_VERSION + 1);
    expect(() => upgradeDataset(doc, "o")).toThrow(DatasetTooNewError);
  });
});
