import type { FrameLocator, Locator, Page } from "playwright-core";
import { pageLanguage, word } from "../support/words.ts";

export type EmbedViewName = "grid" | "cards" | "map";

/** The dataset page's share panel (the Share button), found by the words the page shows. */
export class SharePanel {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  private async word(key: string, values: Record<string, string> = {}): Promise<string> {
    const text = word(await pageLanguage(this.page), key);
    return Object.entries(values).reduce((t, [name, value]) => t.replace(`{{${name}}}`, value), text);
  }

  async open(): Promise<Locator> {
    await this.page.getByRole("button", { name: await this.word("share.panel.open") }).click();
    const panel = await this.region();
    await panel.waitFor();
    return panel;
  }

  async region(): Promise<Locator> {
    return this.page.getByRole("region", { name: await this.word("share.panel.title") });
  }

  private async viewName(view: EmbedViewName) {
    return this.word(`share.views.${view}`);
  }

  async snippetField(view: EmbedViewName): Promise<Locator> {
    const label = await this.word("share.panel.snippet", { view: await this.viewName(view) });
    return (await this.region()).getByRole("textbox", { name: label, exact: true });
  }

  async snippet(view: EmbedViewName): Promise<string> {
    return (await this.snippetField(view)).inputValue();
  }

  async field(key: "publicLink" | "membersLink" | "apiRows" | "apiSnapshot" | "catalog"): Promise<string> {
    return (await this.region())
      .getByRole("textbox", { name: await this.word(`share.panel.${key}`), exact: true })
      .inputValue();
  }

  /** Copies a view's snippet with its Copy button; returns what the clipboard then holds. */
  async copySnippet(view: EmbedViewName): Promise<string> {
    const field = await this.snippetField(view);
    await field.locator("xpath=following-sibling::button").click();
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  /** Opens a view's live preview and gives the frame showing it. */
  async preview(view: EmbedViewName, title: string): Promise<FrameLocator> {
    const name = await this.viewName(view);
    await (await this.region()).getByText(`${await this.word("share.panel.preview")} — ${name}`).click();
    const frameTitle = await this.word("share.panel.previewTitle", { title, view: name });
    return this.page.frameLocator(`iframe[title="${frameTitle}"]`);
  }

  async chooseLanguage(label: string) {
    await (await this.region()).getByLabel(await this.word("share.panel.language")).selectOption({ label });
  }

  async privateNote(): Promise<Locator> {
    return (await this.region()).getByRole("note");
  }
}
