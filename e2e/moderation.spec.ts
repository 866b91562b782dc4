/**
 * Moderation in the browser: a correction sent without an account (a third-party site's change
 * set) is reviewed as base / proposed / live now and accepted in two clicks from its link (open,
 * accept); everyone connected sees the new value. Per change: a conflict is flagged, a value is
 * corrected before it is accepted, another change is rejected (docs/PROPOSALS.md P3, P8, P9, P10).
 */
import { describe, expect, it } from "vitest";
import { DatasetPage } from "./pages/DatasetPage.ts";
import { ProposalPages } from "./pages/ProposalPages.ts";
import { createPerson, signIn, storedValues } from "./support/api.ts";
import { importCsv, sendChangeSet, storedRows } from "./support/proposals.ts";
import { serverAndBrowserForThisFile } from "./support/suite.ts";

const e2e = serverAndBrowserForThisFile();

const CSV = "Name,Phone\nMédiathèque Champollion,01 00 00 00 00\nCafé La Fabrique,02 00 00 00 00\n";

describe("moderation", () => {
  it("accepts a visitor's corrected phone number in two clicks from the proposal's link, seen live by others", async () => {
    const server = e2e.server;
    const owner = await createPerson(server, "Moderator");
    const dataset = await importCsv(server, owner, "Help points", CSV);
    const { columnId, rowIds } = await storedRows(server, dataset.id);

    // A viewer keeps the dataset open meanwhile.
    const viewer = new DatasetPage(await (await e2e.newContext()).newPage());
    await viewer.goto(dataset.id);
    await viewer.expectCell(0, "Phone", "01 00 00 00 00");

    const number = await sendChangeSet(server, dataset.id, {
      cells: [
        { rowId: rowIds[0] as string, columnId: columnId("Phone"), base: "01 00 00 00 00", value: "01 23 45 67 89" },
      ],
      message: "The number changed in March.",
      nickname: "Léa",
    });

    const context = await e2e.newContext();
    await signIn(context, server, owner);
    const page = await context.newPage();
    const proposals = new ProposalPages(page);
    await proposals.gotoQueue(dataset.id);
    const entry = proposals.queueEntry(number);
    await entry.waitFor();
    expect(await entry.textContent()).toMatch(/Open.*by Léa.*1 change/);

    let clicks = 0;
    await proposals.gotoReview(dataset.id, number); // 1: the link in the notification or the email
    clicks++;
    const change = proposals.change("Phone · Médiathèque Champollion");
    await change.waitFor();
    expect(await change.textContent()).toMatch(
      /When proposed01 00 00 00 00Proposed01 23 45 67 89Live now01 00 00 00 00/,
    );
    await page.getByText("The number changed in March.").waitFor();
    await proposals.button("Accept all").click(); // 2
    clicks++;
    await proposals.status().filter({ hasText: "Done: 1 accepted, 0 rejected." }).waitFor();
    await page.getByText("Nothing left to decide in this proposal.").waitFor();
    expect(clicks).toBe(2);

    await viewer.expectCell(0, "Phone", "01 23 45 67 89");
    expect(await storedValues(server, owner, dataset.id, "Phone")).toEqual(["01 23 45 67 89", "02 00 00 00 00"]);
    await proposals.gotoQueue(dataset.id);
    await page.getByText("No proposal waiting for a decision.", { exact: false }).waitFor();
  });

  it("says where a proposed new row goes, and puts it there when accepted (P25)", async () => {
    const server = e2e.server;
    const owner = await createPerson(server, "Moderator");
    const dataset = await importCsv(server, owner, "Help points", CSV);
    const { columnId, rowIds } = await storedRows(server, dataset.id);
    const number = await sendChangeSet(server, dataset.id, {
      newRows: [{ cells: { [columnId("Name")]: "Pharmacie du Port" }, after: rowIds[0] }],
    });

    const context = await e2e.newContext();
    await signIn(context, server, owner);
    const page = await context.newPage();
    const proposals = new ProposalPages(page);
    await proposals.gotoReview(dataset.id, number);
    const row = proposals.change("Pharmacie du Port");
    await row.getByText("Goes after row 1, “Médiathèque Champollion”.").waitFor();
    await row.getByRole("button", { name: "Accept", exact: true }).click();
    await proposals.status().filter({ hasText: "Done: 1 accepted, 0 rejected." }).waitFor();
    expect(await storedValues(server, owner, dataset.id, "Name")).toEqual([
      "Médiathèque Champollion",
      "Pharmacie du Port",
      "Café La Fabrique",
    ]);
  });

  it("flags a conflict, accepts a corrected value and rejects another change", async () => {
    const server = e2e.server;
    const owner = await createPerson(server, "Moderator");
    const dataset = await importCsv(server, owner, "Repair cafés", CSV);
    const { columnId, rowIds } = await storedRows(server, dataset.id);
    const [first, second] = rowIds as [string, string];

    // The contributor saw an older phone number than the live one: a conflict (P3).
    const number = await sendChangeSet(server, dataset.id, {
      cells: [
        { rowId: second, columnId: columnId("Phone"), base: "02 99 99 99 99", value: "02 11 11 11 11" },
        {
          rowId: first,
          columnId: columnId("Name"),
          base: "Médiathèque Champollion",
          value: "Médiathèque J.-F. Champollion",
        },
      ],
    });

    const context = await e2e.newContext();
    await signIn(context, server, owner);
    const page = await context.newPage();
    const proposals = new ProposalPages(page);
    await proposals.gotoReview(dataset.id, number);
    const phone = proposals.change("Phone · Café La Fabrique");
    await phone.waitFor();
    await phone.getByText("Conflict: the live value changed since this was proposed.").waitFor();
    await page.getByText("1 conflict").first().waitFor();

    await phone.getByRole("button", { name: "Correct", exact: true }).click();
    const corrected = phone.getByRole("textbox", { name: "Corrected value for Phone" });
    expect(await corrected.inputValue()).toBe("02 11 11 11 11");
    await corrected.fill("02 11 11 11 12");
    await phone.getByRole("button", { name: "Accept this value", exact: true }).click();
    await proposals.status().filter({ hasText: "Done: 1 accepted, 0 rejected." }).waitFor();
    await phone.waitFor({ state: "detached" });

    const name = proposals.change("Name · Médiathèque Champollion");
    await name.getByRole("button", { name: "Reject", exact: true }).click();
    await proposals.status().filter({ hasText: "Done: 0 accepted, 1 rejected." }).waitFor();
    await page.getByText("Nothing left to decide in this proposal.").waitFor();
    await page.getByRole("heading", { name: "Already decided" }).waitFor();
    await page.getByText("Phone: 02 11 11 11 12").waitFor();

    expect(await storedValues(server, owner, dataset.id, "Phone")).toEqual(["01 00 00 00 00", "02 11 11 11 12"]);
    expect(await storedValues(server, owner, dataset.id, "Name")).toEqual([
      "Médiathèque Champollion",
      "Café La Fabrique",
    ]);
  });

  it("shows a draft not sent yet without decisions, and says it can be decided once sent", async () => {
    const server = e2e.server;
    const owner = await createPerson(server, "Moderator");
    const dataset = await importCsv(server, owner, "Help points", CSV);
    const created = await fetch(`${server.url}/api/datasets/${dataset.id}/proposals`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url },
      body: "{}",
    });
    expect(created.status).toBe(201);
    const { number } = ((await created.json()) as { proposal: { number: number } }).proposal;

    const context = await e2e.newContext();
    await signIn(context, server, owner);
    const page = await context.newPage();
    const proposals = new ProposalPages(page);
    await proposals.gotoReview(dataset.id, number);
    await page
      .getByText("This proposal is still a draft: its contributor has not sent it yet.", { exact: false })
      .waitFor();
    expect(await proposals.button("Accept all").count()).toBe(0);
  });
});
