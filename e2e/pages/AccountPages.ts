/** Page models of the account pages (English names: the accounts specs run in English). */
import type { Page } from "playwright-core";

export class AuthPages {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  /** The header's account button (its name is the signed-in person's name). */
  userMenuButton(name: string) {
    return this.page.locator("header").getByRole("button", { name: new RegExp(escapeRegExp(name)) });
  }

  /** `heading`: what the page says next ("One more step" when no email server is configured). */
  async signUp(person: { name: string; email: string; password: string }, heading = "Check your inbox") {
    const page = this.page;
    await page.getByLabel("Name", { exact: true }).fill(person.name);
    await page.getByLabel("Email address").fill(person.email);
    await page.getByLabel("Password", { exact: true }).fill(person.password);
    await page.getByRole("button", { name: "Create my account" }).click();
    await page.getByRole("heading", { name: heading }).waitFor();
  }

  async signIn(email: string, password: string) {
    const page = this.page;
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.locator("form").getByRole("button", { name: "Sign in" }).click();
  }

  /** Opens an emailed link and presses the page's button (pages never act on load). */
  async followEmailLink(link: string, button: string) {
    await this.page.goto(link);
    await this.page.getByRole("button", { name: button }).click();
  }

  alert() {
    return this.page.getByRole("alert");
  }

  async waitSignedIn(name: string) {
    await this.userMenuButton(name).waitFor();
  }
}

export class DatasetSettingsPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async goto(id: string) {
    await this.page.goto(`/datasets/${id}/settings`);
    await this.page.getByRole("heading", { name: "Who can see and edit" }).waitFor();
  }

  async setOpenness(label: string) {
    await this.page.getByRole("radio", { name: label }).check();
    await this.page.getByRole("button", { name: "Save", exact: true }).click();
    await this.page
      .getByRole("status")
      .filter({ hasText: `Saved: ${label}.` })
      .waitFor();
  }

  /** The settings' way to the details and licence, which are edited on the dataset's page. */
  detailsLink() {
    return this.page
      .getByRole("region", { name: "Details and licence", exact: true })
      .getByRole("link", { name: "Edit the details and licence", exact: true });
  }

  /** The repair section's account of the problems found (present only when there are some). */
  problems() {
    return this.page.getByText(/problems? (was|were) found in this dataset’s document/);
  }

  /** Asks for the repair, confirms it, and waits for the answer. */
  async repair(rowsKept: number) {
    await this.page.getByRole("button", { name: "Repair this dataset" }).click();
    await this.page.getByRole("button", { name: "Yes, repair it" }).click();
    await this.page
      .getByRole("status")
      .filter({ hasText: `Repaired: ${rowsKept} rows kept.` })
      .waitFor();
  }

  /** Removes a member with the button of their row (named after them). */
  async removeMember(name: string) {
    await this.page.getByRole("button", { name: `Remove ${name}`, exact: true }).click();
    await this.page
      .getByRole("status")
      .filter({ hasText: `${name} was removed.` })
      .waitFor();
  }

  /**
   * Invites with no email server configured: the page gives the link to send oneself. Copies it with
   * the Copy button and returns what the clipboard then holds.
   */
  async inviteByLink(email: string, role: string): Promise<string> {
    const page = this.page;
    const form = page.locator("form", { has: page.getByRole("button", { name: "Create the invitation link" }) });
    await form.getByLabel("Email address").fill(email);
    await form.getByLabel("Role").selectOption({ label: role });
    await form.getByRole("button", { name: "Create the invitation link" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: "Invitation ready — no email server is configured: copy this link and send it yourself" })
      .waitFor();
    const shown = await page.getByRole("textbox", { name: `Invitation link for ${email}` }).inputValue();
    await page.getByTestId("invitation-link").getByRole("button", { name: "Copy", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Copied." }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    if (copied !== shown) throw new Error(`copied ${copied}, shown ${shown}`);
    return copied;
  }

  async invite(email: string, role: string) {
    const form = this.page.locator("form", { has: this.page.getByRole("button", { name: "Send the invitation" }) });
    await form.getByLabel("Email address").fill(email);
    await form.getByLabel("Role").selectOption({ label: role });
    await form.getByRole("button", { name: "Send the invitation" }).click();
    await this.page
      .getByRole("status")
      .filter({ hasText: `Invitation sent to ${email}.` })
      .waitFor();
  }
}

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The "Email about new proposals" part of /account (P26). */
export class ProposalMailSettingsPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async goto() {
    await this.page.goto("/account");
    await this.section().getByLabel("For the datasets I moderate").waitFor();
  }

  section() {
    return this.page.getByRole("region", { name: "Email about new proposals" });
  }

  /** The choice for every dataset, or (`dataset`: its title) for one. */
  choice(dataset?: string) {
    return dataset
      ? this.section().getByLabel(dataset, { exact: true })
      : this.section().getByLabel("For the datasets I moderate");
  }

  async choose(label: string, dataset?: string) {
    await this.choice(dataset).selectOption({ label });
  }

  async save() {
    await this.section().getByRole("button", { name: "Save my choice" }).click();
    await this.section().getByRole("status").filter({ hasText: "Your choice is saved." }).waitFor();
  }
}
