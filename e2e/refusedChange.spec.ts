/**
 * A change the server refuses, provoked the way it happens: a member who is an editor adds a
 * column while offline, the owner takes their membership away in the meantime, and when the
 * device is back online the server refuses the column (4403, visitors of a public-edit dataset may
 * edit cells but not columns). The page says so, the column reaches no one, and discarding this
 * device's changes shows the dataset as the server has it, still editable as a visitor.
 * Screenshots of the alert (wide and narrow, English and French) are saved to .e2e-artifacts/.
 */
import { mkdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DatasetSettingsPage } from "./pages/AccountPages.ts";
import { DatasetPage } from "./pages/DatasetPage.ts";
import { SuggestPanel } from "./pages/ProposalPages.ts";
import { createDataset, createPerson, grantRole, signIn } from "./support/api.ts";
import { seriousViolations } from "./support/axe.ts";
import { eventually } from "./support/eventually.ts";
import { controlNetwork } from "./support/network.ts";
import { importCsv } from "./support/proposals.ts";
import { serverAndBrowserForThisFile } from "./support/suite.ts";

const e2e = serverAndBrowserForThisFile();
const ARTIFACTS = ".e2e-artifacts";
const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 390, height: 844 };
const REFUSED_EN =
  "The server refused a change made on this device (forbidden). It stays on this device only and is not shared; the dataset is no longer updated here.";
const REFUSED_FR =
  "Le serveur a refusé une modification faite sur cet appareil (interdite). Elle reste sur cet appareil seulement et n’est pas partagée ; le jeu de données n’est plus mis à jour ici.";

describe("a change the server refuses", () => {
  it("says so when an offline column change is refused after the member lost their role, and discarding shows the server's dataset", async () => {
    const server = e2e.server;
    const owner = await createPerson(server, "Owner");
    const member = await createPerson(server, "Member");
    const { id } = await createDataset(server, owner, { title: "Repair cafés", columns: [{ name: "Name" }] });
    await grantRole(server, owner, id, member, "editor");

    const ownerContext = await e2e.newContext();
    await signIn(ownerContext, server, owner);
    const ownerView = new DatasetPage(await ownerContext.newPage());
    await ownerView.goto(id);
    await ownerView.waitConnected();

    const memberContext = await e2e.newContext();
    await signIn(memberContext, server, member);
    const network = await controlNetwork(memberContext);
    const dataset = new DatasetPage(await memberContext.newPage());
    await dataset.goto(id);
    await dataset.waitConnected();
    await dataset.addRow();
    await dataset.editCell(0, "Name", "Médiathèque");
    await ownerView.expectCell(0, "Name", "Médiathèque");

    // Offline, the member (still an editor, as far as this device knows) adds a column.
    await network.goOffline();
    await dataset.waitOffline();
    await dataset.addColumn("Opening hours");
    await dataset.expectColumns(["Name", "Opening hours"]);
    await dataset.waitStoredLocally("Opening hours");

    // Meanwhile the owner removes them: they are now a visitor of a public-edit dataset.
    const settings = new DatasetSettingsPage(await ownerContext.newPage());
    await settings.goto(id);
    await settings.removeMember(member.accountName);

    // Back online, the column change is sent and refused.
    await network.goOnline();
    const alert = dataset.page.getByRole("alert");
    await alert.filter({ hasText: REFUSED_EN }).waitFor();
    expect(await alert.getByRole("paragraph").textContent()).toBe(REFUSED_EN);
    await dataset.discardLocalChangesButton().waitFor();
    // The status agrees: nothing waits to be sent any more.
    expect(await dataset.status.getAttribute("data-state")).toBe("refused");
    expect(await dataset.status.textContent()).toBe(
      "Connection: Not connected: the server refused a change from this device",
    );

    // The column reached neither the owner's open page nor someone opening the dataset now.
    await ownerView.expectColumns(["Name"]);
    const reader = new DatasetPage(await (await e2e.newContext()).newPage());
    await reader.goto(id);
    await reader.waitConnected();
    await reader.expectColumns(["Name"]);
    await reader.expectCell(0, "Name", "Médiathèque");

    // The alert, for people to look at: wide and narrow, in English and in French.
    mkdirSync(ARTIFACTS, { recursive: true });
    const shoot = async (name: string) => dataset.page.screenshot({ path: `${ARTIFACTS}/refused-change-${name}.png` });
    await shoot("en-wide");
    expect(await seriousViolations(dataset.page)).toEqual([]);
    await dataset.page.setViewportSize(NARROW);
    await shoot("en-narrow");
    // Switching the language reopens the dataset page: the change is sent again and refused again.
    await dataset.setLanguage("fr");
    await alert.filter({ hasText: REFUSED_FR }).waitFor();
    await shoot("fr-narrow");
    await dataset.page.setViewportSize(WIDE);
    await shoot("fr-wide");
    await dataset.setLanguage("en");
    await alert.filter({ hasText: REFUSED_EN }).waitFor();

    // Discarding drops this device's copy and reopens the dataset as the server has it.
    await dataset.discardLocalChangesButton().click();
    await dataset.waitForGrid();
    await dataset.waitConnected();
    await dataset.expectColumns(["Name"]);
    await dataset.expectCell(0, "Name", "Médiathèque");
    expect(await alert.count()).toBe(0);
    expect(await (await dataset.columnsButton()).count()).toBe(0);

    // Still a visitor of a public-edit dataset: cells may be edited, and the edit is shared.
    await dataset.editCell(0, "Name", "Médiathèque Champollion");
    await ownerView.expectCell(0, "Name", "Médiathèque Champollion");
    await reader.expectCell(0, "Name", "Médiathèque Champollion");
    await eventually(async () => expect(await dataset.status.getAttribute("data-state")).toBe("connected"));
    expect(await alert.count()).toBe(0);
  });

  it("refuses, before the server would, a paste that takes a suggestion past its limit, and the suggestion made stays sendable", async () => {
    const server = e2e.server;
    const owner = await createPerson(server, "Moderator");
    const dataset = await importCsv(server, owner, "Help points", "Name\nLibrary\n");
    const visitor = new DatasetPage(await (await e2e.newContext()).newPage());
    await visitor.goto(dataset.id);
    await visitor.waitConnected();
    const suggest = new SuggestPanel(visitor.page);
    await suggest.start();
    const form = await suggest.form();
    await visitor.editCell(0, "Name", "Médiathèque");
    await form.getByRole("status").filter({ hasText: "1 change" }).waitFor();
    // Near the limit, the panel says how near (each value of a new row counts, as on the server).
    await visitor.focusCell(0, "Name");
    await visitor.pasteText(["Médiathèque", ...Array.from({ length: 450 }, (_, i) => `Café ${i}`)].join("\n"));
    await form.getByRole("status").filter({ hasText: "451 changes" }).waitFor();
    await form.getByText("901 of the 1,000 changes one suggestion may hold").waitFor();
    mkdirSync(ARTIFACTS, { recursive: true });
    await visitor.page.screenshot({ path: `${ARTIFACTS}/suggestion-near-limit-en-wide.png` });

    // 1,001 rows pasted at once: more changes than a suggestion may hold (P15).
    await visitor.focusCell(0, "Name");
    await visitor.pasteText(Array.from({ length: 1_001 }, (_, i) => `Place ${i}`).join("\n"));
    await form
      .getByRole("alert")
      .filter({
        hasText: "That change was not made: 1,000 changes at most in one suggestion. Send these, then start another.",
      })
      .waitFor();
    // Nothing of the paste was made; the suggestion is as it was, never refused by the server.
    await visitor.expectCell(0, "Name", "Médiathèque");
    await visitor.expectCell(1, "Name", "Café 0");
    expect(await visitor.page.getByText(/^Place \d+$/).count()).toBe(0);
    // The grid does not claim a paste it did not make.
    expect(await visitor.page.getByText(/^Pasted 1001 cells/).count()).toBe(0);
    await form.getByRole("status").filter({ hasText: "451 changes" }).waitFor();
    await visitor.page.screenshot({ path: `${ARTIFACTS}/suggestion-over-limit-en-wide.png` });
    await visitor.page.setViewportSize(NARROW);
    await visitor.page.screenshot({ path: `${ARTIFACTS}/suggestion-over-limit-en-narrow.png` });
    await visitor.page.setViewportSize(WIDE);
    expect(await form.getByText(/^The server refused/).count()).toBe(0);

    await suggest.send();
    await visitor.page.getByText("Thank you! Your suggestion #1 was sent to the moderators.").waitFor();
  });
});
