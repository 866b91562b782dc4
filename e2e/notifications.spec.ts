/**
 * The moderator's bell: a proposal sent without an account shows as new in the header, its entry
 * opens the review, and once looked at it is no longer new; people who moderate nothing get no bell.
 * Moderators choose in their account how they hear of proposals by email (P26).
 */
import { describe, expect, it } from "vitest";
import { ProposalMailSettingsPage } from "./pages/AccountPages.ts";
import { HomePage } from "./pages/HomePage.ts";
import { createPerson, signIn } from "./support/api.ts";
import { importCsv, sendChangeSet, storedRows } from "./support/proposals.ts";
import { serverAndBrowserForThisFile } from "./support/suite.ts";

const e2e = serverAndBrowserForThisFile();

describe("notifications", () => {
  it("shows a new proposal in the moderator's bell, opens its review, and then it is no longer new", async () => {
    const server = e2e.server;
    const owner = await createPerson(server, "Moderator");
    const dataset = await importCsv(server, owner, "Polling stations", "Name,Address\nSchool,1 rue Haute\n");
    const { columnId, rowIds } = await storedRows(server, dataset.id);
    await sendChangeSet(server, dataset.id, {
      cells: [{ rowId: rowIds[0] as string, columnId: columnId("Address"), base: "1 rue Haute", value: "3 rue Haute" }],
      nickname: "Sam",
    });

    const context = await e2e.newContext();
    await signIn(context, server, owner);
    const page = await context.newPage();
    await new HomePage(page).goto();
    const bell = page.getByRole("button", { name: /1 new proposal/ });
    await bell.click();
    await page.getByRole("link", { name: "#1 on “Polling stations”, by Sam" }).click();
    await page.getByRole("heading", { name: "Proposal #1 · Polling stations" }).waitFor();
    await page.getByRole("button", { name: /0 new proposals/ }).waitFor();

    // Someone who moderates nothing has no bell at all.
    const reader = await createPerson(server, "Reader");
    const readerContext = await e2e.newContext();
    await signIn(readerContext, server, reader);
    const readerPage = await readerContext.newPage();
    await new HomePage(readerPage).goto();
    await readerPage.getByRole("link", { name: "Polling stations", exact: true }).waitFor();
    expect(await readerPage.getByRole("button", { name: /new proposal/ }).count()).toBe(0);
  });

  it("lets a moderator choose a daily digest for every dataset and no email for one, and keeps the choice", async () => {
    const server = e2e.server;
    const owner = await createPerson(server, "Digest reader");
    await importCsv(server, owner, "Repair cafés", "Name\nAtelier\n");
    await importCsv(server, owner, "Help points", "Name\nLibrary\n");

    const context = await e2e.newContext();
    await signIn(context, server, owner);
    const page = await context.newPage();
    const settings = new ProposalMailSettingsPage(page);
    await settings.goto();
    expect(await settings.choice().inputValue()).toBe("immediate");
    expect(await settings.choice("Help points").inputValue()).toBe("");
    await settings.choose("One email a day, at 08:00 (server time)");
    await settings.choose("No email, the bell only", "Repair cafés");
    await settings.save();

    await page.reload();
    await settings.goto();
    expect(await settings.choice().inputValue()).toBe("digest");
    expect(await settings.choice("Repair cafés").inputValue()).toBe("none");
    expect(await settings.choice("Help points").inputValue()).toBe("");
  });
});
