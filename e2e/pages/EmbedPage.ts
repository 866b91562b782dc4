import type { FrameLocator, Locator, Page } from "playwright-core";

/**
 * An embed (/embed/{id}), opened as a page or seen inside another site's <iframe>: its title,
 * table, cards, and map (a Leaflet map; its points are drawn on a canvas, so a point is opened by
 * clicking where it is drawn, or from the list of the points under the map, by keyboard).
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

  /** The disclosure under the map that lists the points ("List of the points (2)"). */
  pointsDisclosure(): Locator {
    return this.root.locator("summary", { hasText: /^(List of the points|Liste des points|Lista de los puntos) / });
  }

  /** A point of that list, by its name (the row's title). */
  pointInList(name: string): Locator {
    return this.root
      .getByRole("list", { name: /^(Points on the map|Points sur la carte|Puntos en el mapa)$/ })
      .getByRole("button", { name, exact: true });
  }

  /** An open popup, by the point's name (its focusable group, when opened from the list). */
  popupNamed(name: string): Locator {
    return this.popup.getByRole("group", { name, exact: true });
  }

  /** One of the map's zoom buttons, by its name ("Zoomer", "Zoom in"). */
  zoomButton(name: string): Locator {
    return this.map.getByRole("button", { name, exact: true });
  }

  /** The first point of the list under the map. */
  firstPointInList(): Locator {
    return this.root
      .getByRole("list", { name: /^(Points on the map|Points sur la carte|Puntos en el mapa)$/ })
      .getByRole("button")
      .first();
  }

  /** Where the open popup is drawn, its tip included, and whether its content is wider than its box. */
  async popupBox(): Promise<{ x: number; y: number; width: number; height: number; cutAcross: boolean }> {
    const popup = this.root.locator(".leaflet-popup");
    const box = await popup.boundingBox();
    if (!box) throw new Error("no popup is drawn");
    const cutAcross = await this.popup.evaluate((content) => content.scrollWidth > content.clientWidth);
    return { ...box, cutAcross };
  }

  /** Clicks the middle of the map, where a map of one point draws it, and waits for its popup. */
  async openPointInTheMiddle(): Promise<Locator> {
    await this.map.click();
    await this.popup.waitFor();
    return this.popup;
  }
}

/** Presses Tab until `target` has the focus (at most `limit` times), as a keyboard user reaches it. */
export async function tabTo(page: Page, target: Locator, limit = 15): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    if (await target.evaluate((element) => element === element.ownerDocument.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab did not reach ${target} in ${limit} presses`);
}

/** Whether `target` has the focus now. */
export const hasFocus = (target: Locator) =>
  target.evaluate((element) => element === element.ownerDocument.activeElement);
