import type { FrameLocator, Locator, Page } from "playwright-core";

/**
 * An embed (/embed/{id}), opened as a page or seen inside another site's <iframe>: its title,
 * table, cards, and map (a Leaflet map; its points are drawn on a canvas, so a point is opened by
 * clicking where it is drawn).
 */
export class EmbedPage {
  readonly root: Page | FrameLocator;
  readonly map: Locator;
  readonly popup: Locator;
  constructor(root: Page | FrameLocator) {
    this.root = root;
    this.map = root.getByRole("region", { name: /^(Map|Carte|Mapa)$/ });
    this.popup = root.locator(".leaflet-popup-content");
  }

  heading(title: string): Locator {
    return this.root.getByRole("heading", { level: 1, name: title });
  }

  /** "2,653 on the map · 30 without coordinates", as the map page says it. */
  mapCount(): Locator {
    return this.root.locator("main > .count");
  }

  table(): Locator {
    return this.root.getByRole("table");
  }

  cards(): Locator {
    return this.root.getByRole("article");
  }

  /** Clicks the middle of the map, where a map of one point draws it, and waits for its popup. */
  async openPointInTheMiddle(): Promise<Locator> {
    await this.map.click();
    await this.popup.waitFor();
    return this.popup;
  }
}
