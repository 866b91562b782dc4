import type { Page } from "playwright-core";

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
}
