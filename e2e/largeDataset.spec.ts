/**
 * A dataset of thousands of rows: the first sync reaches the grid in one piece, and edits after it
 * still travel both ways.
 */

import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { buildBenchDoc } from "../scripts/bench/fixtures.ts";
import { seedDataset } from "../scripts/bench/processes.ts";
import { parseDocumentName } from "../shared/documentNames.ts";
import { DatasetPage } from "./pages/DatasetPage.ts";
import { serverAndBrowserForThisFile } from "./support/suite.ts";

const e2e = serverAndBrowserForThisFile();
const ROWS = 6000;

describe("a large dataset", () => {
  it("shows all its rows after the first sync, then exchanges edits", async () => {
    const documentName = await seedDataset(e2e.server.dataDir, "Directory", Y.encodeStateAsUpdate(buildBenchDoc(ROWS)));
    const id = parseDocumentName(documentName)?.datasetId as string;
    const alice = new DatasetPage(await (await e2e.newContext()).newPage());
    const bob = new DatasetPage(await (await e2e.newContext()).newPage());
    await alice.goto(id);
    await alice.expectCell(0, "Nom", "France Services Dijon 0");
    await alice.page.locator(".row-count").filter({ hasText: "6,000 rows" }).waitFor();
    await bob.goto(id);
    await bob.waitConnected();
    await alice.waitConnected();
    await alice.editCell(0, "Nom", "Renamed after the bulk load");
    await bob.expectCell(0, "Nom", "Renamed after the bulk load");
    expect(await alice.cellText(1, "Nom")).toBe("Médiathèque Besançon 1");
  });
});
