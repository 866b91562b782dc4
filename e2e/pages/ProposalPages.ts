import type { Page } from "playwright-core";
import { pageLanguage, word } from "../support/words.ts";

/** The contributor's panel beside the grid, in whatever language the page shows. */
export class SuggestPanel {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async word(key: string): Promise<string> {
    return word(await pageLanguage(this.page), key);
  }

  async start() {
    await this.page.getByRole("button", { name: await this.word("suggest.start"), exact: true }).click();
    await this.form().then((form) => form.waitFor());
  }

  async form() {
    return this.page.getByRole("form", { name: await this.word("suggest.title") });
  }

  /** Asks to hear of the decision at `email` (opening the optional details first). */
  async leaveEmail(email: string) {
    const form = await this.form();
    const more = form.getByText(await this.word("suggest.more"), { exact: true });
    if ((await form.locator("details").getAttribute("open")) === null) await more.click();
    await form.getByRole("checkbox", { name: await this.word("suggest.wantsEmail") }).check();
    await form.getByRole("textbox", { name: await this.word("suggest.email"), exact: true }).fill(email);
  }

  async send() {
    const form = await this.form();
    await form.getByRole("button", { name: await this.word("suggest.send"), exact: true }).click();
  }
}

/** The moderators' pages: a dataset's queue of proposals and one proposal's review. */
export class ProposalPages {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async gotoQueue(datasetId: string) {
    await this.page.goto(`/datasets/${datasetId}/proposals`);
    await this.page.getByRole("heading", { level: 1 }).waitFor();
  }

  /** The queue's entry for proposal #number (its link, in English). */
  queueEntry(number: number) {
    return this.page
      .getByRole("listitem")
      .filter({ has: this.page.getByRole("link", { name: `Proposal #${number}` }) });
  }

  async gotoReview(datasetId: string, number: number) {
    await this.page.goto(`/datasets/${datasetId}/proposals/${number}`);
  }

  /** One pending change, by its name: "Phone · Médiathèque Champollion". */
  change(name: string) {
    return this.page.getByRole("article", { name, exact: true });
  }

  button(name: string) {
    return this.page.getByRole("button", { name, exact: true });
  }

  status() {
    return this.page.getByRole("status").filter({ hasText: /\S/ });
  }

  /** On a review: the section to block (or unblock) the proposal's contributor. */
  blocking() {
    return this.page.getByRole("region", { name: "Blocking this contributor" });
  }

  /** Blocks the reviewed proposal's contributor, confirming. */
  async blockContributor() {
    const section = this.blocking();
    await section.getByRole("button", { name: "Block this contributor", exact: true }).click();
    await section.getByRole("button", { name: "Block and reject their proposals", exact: true }).click();
  }

  /** Under the queue: the list of blocked contributors. */
  blockedList() {
    return this.page.getByRole("region", { name: "Blocked contributors" });
  }

  /** One entry of that list, by the name it shows ("Anonymous contributor" or the nickname). */
  blockedEntry(name: string) {
    return this.blockedList().getByRole("listitem", { name, exact: true });
  }

  /** Unblocks an entry of that list, confirming. */
  async unblock(name: string) {
    const entry = this.blockedEntry(name);
    await entry.getByRole("button", { name: `Unblock ${name}`, exact: true }).click();
    await entry.getByRole("button", { name: "Yes, unblock", exact: true }).click();
  }
}
