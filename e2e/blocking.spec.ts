/**
 * Blocking in the browser (docs/PROPOSALS.md P23): a moderator blocks a visitor from the review of
 * their suggestion (it is rejected), the visitor's next suggestion is refused with words saying why,
 * the moderator finds them in the list of blocked contributors under the queue, with the proposal,
 * when and by whom, and their address; unblocks them there; the visitor suggests again.
 */
import { describe, expect, it } from "vitest";
import { DatasetPage } from "./pages/DatasetPage.ts";
import { ProposalPages } from "./pages/ProposalPages.ts";
import { createPerson, signIn } from "./support/api.ts";
import { seriousViolations } from "./support/axe.ts";
import { importCsv } from "./support/proposals.ts";
import { serverAndBrowserForThisFile } from "./support/suite.ts";

const e2e = serverAndBrowserForThisFile();

const CSV = "Name,Phone\nMédiathèque Champollion,01 00 00 00 00\nCafé La Fabrique,02 00 00 00 00\n";

describe("blocking a contributor", () => {
  it("blocks a visitor from a review, lists them as blocked, and unblocks them: they may suggest again", async () => {
    const server = e2e.server;
    const owner = await createPerson(server, "Camille");
    const dataset = await importCsv(server, owner, "Help points", CSV);

    const visitorPage = await (await e2e.newContext()).newPage();
    const visitor = new DatasetPage(visitorPage);
    const suggest = async (phone: string) => {
      await visitorPage.getByRole("button", { name: /^Suggest (changes|more changes)$/ }).click();
      const panel = visitorPage.getByRole("form", { name: "Suggesting changes" });
      await panel.waitFor();
      await visitor.editCell(0, "Phone", phone);
      await panel.getByRole("status").filter({ hasText: "1 change" }).waitFor();
      await panel.getByRole("button", { name: "Send to the moderators", exact: true }).click();
    };
    await visitor.goto(dataset.id);
    await visitor.waitConnected();
    await suggest("BUY CHEAP PILLS");
    await visitorPage.getByText("Thank you! Your suggestion #1 was sent to the moderators.").waitFor();

    const moderatorContext = await e2e.newContext();
    await signIn(moderatorContext, server, owner);
    const moderatorPage = await moderatorContext.newPage();
    const proposals = new ProposalPages(moderatorPage);
    await proposals.gotoQueue(dataset.id);
    await proposals.blockedList().getByText("No one is blocked.").waitFor();

    await proposals.gotoReview(dataset.id, 1);
    await proposals.change("Phone · Médiathèque Champollion").waitFor();
    await proposals.blocking().getByRole("button", { name: "Block this contributor", exact: true }).click();
    await proposals.blocking().getByRole("button", { name: "Block and reject their proposals" }).waitFor();
    expect(await seriousViolations(moderatorPage)).toEqual([]);
    await proposals.blocking().getByRole("button", { name: "Cancel", exact: true }).click();
    await proposals.blockContributor();
    await proposals.status().filter({ hasText: "Blocked: 1 proposal rejected." }).waitFor();
    // Rejected by the block: its change is still shown, but no longer to decide.
    await moderatorPage
      .getByText("This proposal is rejected: nothing more can be decided in it.", { exact: false })
      .waitFor();
    expect(await proposals.button("Accept all").count()).toBe(0);
    expect(await proposals.change("Phone · Médiathèque Champollion").getByRole("button").count()).toBe(0);
    await proposals
      .blocking()
      .getByText("This contributor is blocked: they can no longer make proposals on this dataset.")
      .waitFor();

    // The visitor is told why, in words.
    await visitorPage.getByRole("button", { name: "Suggest more changes", exact: true }).click();
    await visitorPage
      .getByRole("alert")
      .filter({ hasText: "The moderators of this dataset no longer take your suggestions." })
      .waitFor();

    await proposals.blocking().getByRole("link", { name: "All blocked contributors" }).click();
    const entry = proposals.blockedEntry("Anonymous contributor");
    await entry.waitFor();
    const text = (await entry.textContent()) ?? "";
    expect(text).toContain("Without an account");
    expect(text).toContain(`Proposal #1 · blocked on `);
    expect(text).toContain(` by ${owner.accountName}`);
    expect(text).toContain("Their address is blocked too, until the server changes its daily key");
    await entry.getByRole("link", { name: "Proposal #1" }).waitFor();
    expect(await seriousViolations(moderatorPage)).toEqual([]);

    // On a phone, signed in, the page (its header too) stays within the screen's width.
    const phone = await e2e.newContext({ viewport: { width: 390, height: 844 } });
    await signIn(phone, server, owner);
    const phonePage = await phone.newPage();
    const onPhone = new ProposalPages(phonePage);
    await onPhone.gotoQueue(dataset.id);
    await onPhone
      .blockedEntry("Anonymous contributor")
      .getByRole("button", { name: /^Unblock/ })
      .waitFor();
    expect(await phonePage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await proposals.unblock("Anonymous contributor");
    await proposals
      .status()
      .filter({ hasText: "Anonymous contributor is unblocked: they may make proposals on this dataset again." })
      .waitFor();
    await entry.waitFor({ state: "detached" });
    await proposals.blockedList().getByText("No one is blocked.").waitFor();

    // The visitor may suggest again, from the same page.
    await suggest("01 23 45 67 89");
    await visitorPage.getByText("Thank you! Your suggestion #2 was sent to the moderators.").waitFor();
    await proposals.gotoQueue(dataset.id);
    await proposals.queueEntry(2).waitFor();
  });
});
