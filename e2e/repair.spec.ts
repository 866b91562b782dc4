/**
 * An owner repairs a dataset whose stored document holds content outside the schema: the settings
 * page shows the problems, the repair keeps every valid row, and a visitor's open page moves to the
 * repaired dataset by itself.
 */
import { describe, expect, it } from "vitest";
import { writeOutsideSchema, writeStoredDocument } from "../server/test/storedDocument.ts";
import { END, insertRows, readColumns } from "../shared/dataset/index.ts";
import { DatasetSettingsPage } from "./pages/AccountPages.ts";
import { DatasetPage } from "./pages/DatasetPage.ts";
import { createDataset, createPerson, signIn } from "./support/api.ts";
import { seriousViolations } from "./support/axe.ts";
import { eventually } from "./support/eventually.ts";
import { serverAndBrowserForThisFile } from "./support/suite.ts";

const e2e = serverAndBrowserForThisFile();
const NAMES = ["Fontaine Wallace", "Fontaine des Innocents", "Fontaine Saint-Michel"];

describe("repairing a dataset", () => {
  it("shows the problems to the owner, repairs with a confirmation, and an open page follows", async () => {
    const owner = await createPerson(e2e.server, "Alice");
    const { id, documentName } = await createDataset(e2e.server, owner, {
      title: "Fountains",
      columns: [{ name: "Name" }],
    });
    await writeStoredDocument(e2e.server.dataDir, documentName, (doc) => {
      const [column] = readColumns(doc);
      const rows = NAMES.map((name) => ({ cells: { [column?.id as string]: name } }));
      const [first] = insertRows(doc, rows, END, "seed");
      writeOutsideSchema(doc, `${first}:${column?.id}`);
    });

    // Bob, anonymous, has the dataset open; its valid rows read fine.
    const bob = new DatasetPage(await (await e2e.newContext()).newPage());
    await bob.goto(id);
    await bob.waitConnected();
    await bob.expectRowCount(NAMES.length);
    await bob.expectCell(0, "Name", NAMES[0] as string);

    const aliceContext = await e2e.newContext();
    await signIn(aliceContext, e2e.server, owner);
    const settings = new DatasetSettingsPage(await aliceContext.newPage());
    await settings.goto(id);
    await settings.problems().waitFor();
    expect(await seriousViolations(settings.page)).toEqual([]);
    await settings.repair(NAMES.length);
    expect(await settings.problems().count()).toBe(0);

    // Bob's page reopens the new epoch: the same rows, and his edits reach the repaired dataset.
    await bob.waitLocalCopy(documentName.replace(/\.0$/, ".1"));
    await bob.waitConnected();
    await bob.expectRowCount(NAMES.length);
    await bob.editCell(1, "Name", "Fontaine Molière");
    await eventually(async () => {
      const { rows } = (await (await fetch(`${e2e.server.url}/api/datasets/${id}/rows`)).json()) as {
        rows: { cells: Record<string, unknown> }[];
      };
      expect(rows.map((r) => Object.values(r.cells)[0])).toEqual([NAMES[0], "Fontaine Molière", NAMES[2]]);
    });
  });
});
