/**
 * Embeds of the France Services directory (2,683 places, 30 without coordinates): as a table,
 * cards and a Leaflet map over tiles from a tile server on loopback; inside a partner's page (on
 * another origin) they follow an edit made in the app and one made through the API (the map
 * redraws in place, keeping the view the person chose); an owner's list of allowed sites lets one
 * partner frame the embed and Chromium blocks it on another. In the app: the cards and map views
 * next to the table, and the share panel (link, snippets with previews, API), which says a private
 * dataset's embeds do not work.
 */
import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetSummary } from "../shared/api/datasets.ts";
import { DatasetPage } from "./pages/DatasetPage.ts";
import { EmbedPage, hasFocus, tabTo } from "./pages/EmbedPage.ts";
import { SharePanel } from "./pages/SharePanel.ts";
import { DatasetViews } from "./pages/ViewSwitch.ts";
import { createDataset, createPerson, type Person, signIn } from "./support/api.ts";
import { type ActorOptions, launchBrowser, newActor } from "./support/browser.ts";
import { eventually } from "./support/eventually.ts";
import { type LoopbackSite, startHostPage, startTileServer } from "./support/loopbackSites.ts";
import { importCsv, storedRows } from "./support/proposals.ts";
import { screenshot } from "./support/screenshots.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

const FRANCE_SERVICES = new URL("../../shared/data/places/france-services-2022.csv", import.meta.url);

let tiles: LoopbackSite;
let server: TestServer;
let browser: Browser;
let owner: Person;
let places: DatasetSummary;
let nameColumn: string;
let firstIdColumn: string;
const contexts: BrowserContext[] = [];

async function visitor(options?: ActorOptions) {
  const context = await newActor(browser, server.url, options);
  contexts.push(context);
  return context.newPage();
}

beforeAll(async () => {
  tiles = await startTileServer();
  server = await startTestServer({
    MAP_TILE_URL: `${tiles.url}/{z}/{x}/{y}.png`,
    MAP_TILE_ATTRIBUTION: "Test tiles",
    MAP_TILE_ATTRIBUTION_URL: "",
    EMBED_REFRESH_SECONDS: "1",
    SNAPSHOT_DELAY_MS: "50",
  });
  browser = await launchBrowser();
  owner = await createPerson(server, "Owner");
  places = await importCsv(server, owner, "France Services", readFileSync(FRANCE_SERVICES, "utf8"));
  const rows = await storedRows(server, places.id);
  nameColumn = rows.columnId("lib_fs");
  firstIdColumn = rows.columnId("id_fs");
  // The snapshot is built after the import: the embed answers 503 until then.
  await eventually(async () => expect((await fetch(`${server.url}/embed/${places.id}`)).status).toBe(200), 30_000);
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.dispose();
  await tiles?.close();
});

/** As a partner's app would: a write token of the owner's, then PATCH /api/v1 on one row. */
async function setLatitudeThroughTheApi(rowIndex: number, latitude: number | null) {
  const headers = { "content-type": "application/json", origin: server.url, cookie: owner.cookie };
  const created = await fetch(`${server.url}/api/account/tokens`, {
    method: "POST",
    headers,
    body: JSON.stringify({ name: "partner", scope: "write", datasetIds: [places.id] }),
  });
  const { token } = (await created.json()) as { token: string };
  const rows = await storedRows(server, places.id);
  const answer = await fetch(`${server.url}/api/v1/datasets/${places.id}/rows/${rows.rowIds[rowIndex]}`, {
    method: "PATCH",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ cells: { [rows.columnId("latitude")]: latitude } }),
  });
  expect(answer.status).toBe(200);
}

/** The open popup lies within the map and the screen's width once the map has panned to it, its values wrapped. */
async function expectPopupWithin(embed: EmbedPage, mapElement: Locator, screenWidth: number) {
  await eventually(async () => {
    const box = await embed.popupBox();
    const map = await mapElement.boundingBox();
    expect(map).not.toBeNull();
    if (!map) return;
    expect(box.x).toBeGreaterThanOrEqual(map.x);
    expect(box.y).toBeGreaterThanOrEqual(map.y);
    expect(box.x + box.width).toBeLessThanOrEqual(Math.min(map.x + map.width, screenWidth));
    expect(box.y + box.height).toBeLessThanOrEqual(map.y + map.height);
    expect(box.cutAcross).toBe(false);
  });
}

describe("embeds", () => {
  it("show the France Services as a table, cards and a map of their points over the configured tiles", async () => {
    const page = await visitor({ viewport: { width: 390, height: 760 }, locale: "fr-FR" });
    const embed = new EmbedPage(page);
    await page.goto(`/embed/${places.id}?view=grid`);
    await embed.heading("France Services").waitFor();
    expect(await embed.table().getByRole("row").count()).toBe(201); // the header and the first 200
    // Coordinates to the metre, in French notation, not rounded to three decimals (about 100 m).
    expect(await embed.table().getByRole("cell", { name: "5,083785", exact: true }).count()).toBe(1);
    await page.goto(`/embed/${places.id}?view=cards`);
    expect(await embed.cards().count()).toBe(200);
    // Cards are titled by the name, not by the numeric id that comes first.
    expect(await embed.cards().first().getByRole("heading").textContent()).toBe("France services de Valserhône");

    const tilesBefore = tiles.requests.length;
    await page.goto(`/embed/${places.id}?view=map`);
    await embed.map.waitFor();
    expect(await embed.mapCount().textContent()).toBe("2\u202f653 sur la carte · 30 sans coordonnées");
    await eventually(() => expect(embed.map.getAttribute("data-points")).resolves.toBe("2653"));
    await eventually(() => expect(tiles.requests.length).toBeGreaterThan(tilesBefore));
    // The configured credit, as text (no link was set for these tiles).
    expect(await embed.map.getByText("Test tiles").count()).toBe(1);
    expect(await embed.map.getByRole("link", { name: "Test tiles" }).count()).toBe(0);
    // Leaflet's zoom buttons speak the page's language.
    expect(await embed.zoomButton("Zoomer").count()).toBe(1);
    expect(await embed.zoomButton("Dézoomer").count()).toBe(1);
    await screenshot(page, "embed-map-390-fr");
    // No collaboration library and no socket: the page is the snapshot.
    const scripts = await page.evaluate(() => performance.getEntriesByType("resource").map((r) => r.name));
    expect(scripts.some((name) => /yjs|hocuspocus|collab/i.test(name))).toBe(false);
  });

  it("open a point's values as text", async () => {
    const page = await visitor();
    const embed = new EmbedPage(page);
    await page.goto(`/embed/${places.id}?view=map&filter=${firstIdColumn}:eq:2`);
    const popup = await embed.openPointInTheMiddle();
    await expect.poll(() => popup.locator("dl").count()).toBe(1);
    expect(await popup.getByRole("heading").textContent()).toBe("France services de Saint-Trivier-de-Courtes");
    expect(await popup.getByText("22 Esplanade de La Poste").count()).toBe(1);
    const mail = "saint-trivier-de-courtes@france-services.gouv.fr";
    expect(await popup.getByRole("link", { name: mail }).getAttribute("href")).toBe(`mailto:${mail}`);
  });

  it("on a phone, a point's popup fits the screen, its values wrapped rather than cut", async () => {
    const page = await visitor({ viewport: { width: 390, height: 760 }, locale: "fr-FR" });
    const embed = new EmbedPage(page);
    await page.goto(`/embed/${places.id}?view=map&lang=fr&filter=${firstIdColumn}:eq:2`);
    await eventually(() => expect(embed.map.getAttribute("data-points")).resolves.toBe("1"));
    // Opened from the list (the widest case: a focus outline's room around the values).
    await embed.pointsDisclosure().click();
    await embed.firstPointInList().click();
    const popup = embed.popupNamed("France services de Saint-Trivier-de-Courtes");
    await expect.poll(() => popup.locator("dl").count()).toBe(1);
    await expectPopupWithin(embed, embed.map, 390);
    await screenshot(page, "embed-popup-390-fr");
  });

  it("on the whole directory, Enter on the list's disclosure then Tab reaches its first point at once, Enter opens it within the map", async () => {
    const page = await visitor({ viewport: { width: 1280, height: 800 }, locale: "fr-FR" });
    const embed = new EmbedPage(page);
    // The list of 2,653 points was built a task after Enter, and a quick Tab passed it by about
    // one time in four: every try must reach it.
    for (let attempt = 0; attempt < 6; attempt++) {
      await page.goto(`/embed/${places.id}?view=map&lang=fr`);
      await eventually(() => expect(embed.map.getAttribute("data-points")).resolves.toBe("2653"));
      const disclosure = embed.pointsDisclosure();
      await tabTo(page, disclosure);
      await page.keyboard.press("Enter");
      await page.keyboard.press("Tab");
      expect(await hasFocus(embed.firstPointInList())).toBe(true);
    }
    // Opened at once (Enter, Tab, Enter): the open list shrinks the map, which frames the points
    // again; the popup must still come whole into view (it was left above the map's top when that
    // framing was animated and ended under the popup, once its values had arrived).
    await page.goto(`/embed/${places.id}?view=map&lang=fr`);
    await eventually(() => expect(embed.map.getAttribute("data-points")).resolves.toBe("2653"));
    await tabTo(page, embed.pointsDisclosure());
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await embed.popup.locator("dl").waitFor();
    expect(await hasFocus(embed.popup.getByRole("group"))).toBe(true);
    await expectPopupWithin(embed, embed.map, 1280);
  });

  it("reach the points by keyboard: Tab past the map to their list, Enter opens one, Escape comes back", async () => {
    const page = await visitor({ locale: "fr-FR" });
    const embed = new EmbedPage(page);
    await page.goto(`/embed/${places.id}?view=map&lang=fr&filter=${firstIdColumn}:in:1,2`);
    await eventually(() => expect(embed.map.getAttribute("data-points")).resolves.toBe("2"));
    await page.keyboard.press("Tab");
    const disclosure = embed.pointsDisclosure();
    expect(await disclosure.textContent()).toBe("Liste des points (2)");
    await tabTo(page, disclosure);
    await page.keyboard.press("Enter");
    // Each point is a button named by its row's title, in the tab order.
    const name = "France services de Saint-Trivier-de-Courtes";
    const point = embed.pointInList(name);
    await tabTo(page, point, 4); // the points follow the disclosure in the tab order
    await page.keyboard.press("Enter");
    // Its popup opens on the map, the focus in it, so a screen reader reads it at once.
    const popup = embed.popupNamed(name);
    await popup.waitFor();
    expect(await hasFocus(popup)).toBe(true);
    await expect.poll(() => popup.getByText("22 Esplanade de La Poste").count()).toBe(1);
    // The focus is visible: an outline, drawn inside the popup where its scrolling box cannot cut it.
    expect(await popup.evaluate((element) => getComputedStyle(element).outlineStyle)).toBe("solid");
    expect(await popup.evaluate((element) => getComputedStyle(element).outlineOffset)).toBe("-4px");
    await screenshot(page, "embed-keyboard-popup");
    await page.keyboard.press("Escape");
    await embed.popup.waitFor({ state: "detached" });
    expect(await hasFocus(point)).toBe(true);
    await screenshot(page, "embed-keyboard");
  });

  it("in a partner's page on another origin, follow edits made in the app (the table) and through the API (the map, in place)", async () => {
    const partner = await startHostPage();
    try {
      const editor = await visitor();
      await signIn(editor.context(), server, owner);
      const dataset = new DatasetPage(editor);
      await dataset.goto(places.id);
      await dataset.waitConnected();

      const tablePage = await visitor();
      partner.frame(`${server.url}/embed/${places.id}?view=grid&columns=${nameColumn}&limit=3`);
      await tablePage.goto(partner.url);
      const table = new EmbedPage(tablePage.frameLocator("iframe"));
      await table.heading("France Services").waitFor();

      const mapPage = await visitor();
      partner.frame(`${server.url}/embed/${places.id}?view=map&filter=${firstIdColumn}:in:1,2`);
      await mapPage.goto(partner.url);
      const map = new EmbedPage(mapPage.frameLocator("iframe"));
      await map.map.waitFor();
      expect(await map.mapCount().textContent()).toBe("2 on the map");
      // The person drags the map: the view they chose must stay, and the page must not reload.
      await map.map.dragTo(map.map, { sourcePosition: { x: 300, y: 300 }, targetPosition: { x: 200, y: 250 } });
      const frame = mapPage.frames()[1];
      await frame?.evaluate(() => Object.assign(window, { loadedOnce: true }));
      const viewBefore = await map.map.locator(".leaflet-map-pane").getAttribute("style");

      await dataset.editCell(0, "lib_fs", "Maison France services <Valserhône>");
      await table.table().getByRole("cell", { name: "Maison France services <Valserhône>" }).waitFor();
      expect(await table.table().locator("b").count()).toBe(0);
      // A partner's app clears a point's coordinates through the API: the map follows in place.
      await setLatitudeThroughTheApi(0, null);
      await eventually(
        async () => expect(await map.mapCount().textContent()).toBe("1 on the map · 1 without coordinates"),
        15_000,
      );
      expect(await map.map.getAttribute("data-points")).toBe("1");
      expect(await map.map.locator(".leaflet-map-pane").getAttribute("style")).toBe(viewBefore);
      expect(viewBefore).toMatch(/translate3d\((?!0px, 0px)/); // it had moved
      expect(await frame?.evaluate(() => "loadedOnce" in window)).toBe(true);
      await setLatitudeThroughTheApi(0, 46.1060711578546); // as it was, for the tests that follow
    } finally {
      await partner.close();
    }
  });

  it("are framed only by the sites the owner allows (CSP frame-ancestors), set in the settings", async () => {
    const allowed = await startHostPage();
    const other = await startHostPage();
    try {
      const ownerPage = await visitor();
      await signIn(ownerPage.context(), server, owner);
      await ownerPage.goto(`/datasets/${places.id}/settings`);
      const sites = ownerPage.getByLabel("Allowed websites");
      await expect.poll(() => sites.isEnabled()).toBe(true);
      await sites.fill(`${allowed.url}/some/page`);
      await ownerPage.getByRole("button", { name: "Save the websites" }).click();
      await ownerPage.getByText("is not a website address the embeds can allow").waitFor();
      await sites.fill(allowed.url);
      await ownerPage.getByRole("button", { name: "Save the websites" }).click();
      await ownerPage.getByText("Saved: 1 website may show the embeds.").waitFor();

      const url = `${server.url}/embed/${places.id}?view=cards&limit=5`;
      allowed.frame(url);
      other.frame(url);
      const onAllowed = await visitor();
      await onAllowed.goto(allowed.url);
      await new EmbedPage(onAllowed.frameLocator("iframe")).heading("France Services").waitFor();

      const onOther = await visitor();
      await onOther.goto(other.url);
      // Chromium replaces a refused frame by its own error page.
      await eventually(() => expect(onOther.frames()[1]?.url()).toMatch(/^chrome-error:/));
      expect(await new EmbedPage(onOther.frameLocator("iframe")).heading("France Services").count()).toBe(0);
    } finally {
      await allowed.close();
      await other.close();
      await fetch(`${server.url}/api/datasets/${places.id}/embed-settings`, {
        method: "PUT",
        headers: { "content-type": "application/json", origin: server.url, cookie: owner.cookie },
        body: JSON.stringify({ sites: [] }),
      });
    }
  });
});

describe("in the app", () => {
  it("a reader sees the rows as cards and on the map next to the table", async () => {
    const page = await visitor();
    const dataset = new DatasetPage(page);
    await dataset.goto(places.id);
    const views = new DatasetViews(page);
    await views.choose("cards");
    await expect.poll(async () => (await views.cards()).count()).toBe(100);
    expect(await (await views.cards()).nth(1).getByRole("heading").textContent()).toBe(
      "France services de Saint-Trivier-de-Courtes",
    );
    await views.choose("map");
    const region = await views.mapRegion();
    await region.getByText("2,653 rows on the map · 30 without coordinates").waitFor();
    await eventually(() => expect(views.map.getAttribute("data-points")).resolves.toBe("2653"));
    expect(await region.getByRole("button", { name: "Zoom in", exact: true }).count()).toBe(1);
    // By keyboard too: the points are listed under the map, each opens its popup with the focus in it.
    await region.getByText("List of the points (2,653)").click();
    const point = region.getByRole("list", { name: "Points on the map" }).getByRole("button").nth(1);
    await point.focus();
    await page.keyboard.press("Enter");
    const popup = region.getByRole("group", { name: "France services de Saint-Trivier-de-Courtes" });
    await popup.waitFor();
    expect(await hasFocus(popup)).toBe(true);
    await page.keyboard.press("Escape");
    await eventually(async () => expect(await hasFocus(point)).toBe(true));
    await views.choose("grid");
    await dataset.waitForGrid();
  });

  it("on a phone in French, the map's buttons are French and a point's popup fits the screen", async () => {
    const page = await visitor({ viewport: { width: 390, height: 760 }, locale: "fr-FR" });
    const dataset = new DatasetPage(page);
    await dataset.goto(places.id);
    const views = new DatasetViews(page);
    await views.choose("map");
    const region = await views.mapRegion();
    await eventually(() => expect(views.map.getAttribute("data-points")).resolves.toBe("2653"));
    expect(await region.getByRole("button", { name: "Zoomer", exact: true }).count()).toBe(1);
    expect(await region.getByRole("button", { name: "Dézoomer", exact: true }).count()).toBe(1);
    const embed = new EmbedPage(page); // the same map, list and popup as the embed's
    await embed.pointsDisclosure().click();
    await embed.pointInList("France services de Saint-Trivier-de-Courtes").click();
    await embed.popupNamed("France services de Saint-Trivier-de-Courtes").locator("dl").waitFor();
    await expectPopupWithin(embed, views.map, 390);
    await screenshot(page, "app-map-popup-390-fr");
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, "app-map-popup-desktop-fr");
  });

  it("the share panel gives the link, a snippet per view with a live preview, the API addresses and the catalogue", async () => {
    const page = await visitor({ locale: "fr-FR" });
    await signIn(page.context(), server, owner);
    const dataset = new DatasetPage(page);
    await dataset.goto(places.id);
    const share = new SharePanel(page);
    await share.open();
    expect(await share.field("publicLink")).toBe(`${server.url}/datasets/${places.id}`);
    expect(await share.field("apiRows")).toBe(`${server.url}/api/v1/datasets/${places.id}/rows`);
    // The address to give an open-data portal, which lists this dataset.
    const catalog = await share.field("catalog");
    expect(catalog).toBe(`${server.url}/catalog.jsonld`);
    expect(await (await fetch(catalog)).text()).toContain(`"${server.url}/datasets/${places.id}"`);
    const snippet = await share.snippet("map");
    expect(snippet).toContain(`src="${server.url}/embed/${places.id}?view=map&amp;lang=fr"`);
    expect(await share.copySnippet("cards")).toBe(await share.snippet("cards"));
    const preview = new EmbedPage(await share.preview("map", "France Services"));
    await preview.map.waitFor();
    await eventually(() => expect(preview.map.getAttribute("data-points")).resolves.toBe("2653"));
    await share.chooseLanguage("Español");
    expect(await share.snippet("grid")).toContain("lang=es");
  });

  it("the API documentation lists the snapshot's routes, their words' code shown as code, not as backticks", async () => {
    const page = await visitor();
    await page.goto("/api/docs");
    const csv = page.getByRole("group").filter({ hasText: "/api/v1/datasets/{id}/snapshot.csv" });
    await csv.getByText("The published snapshot as CSV", { exact: false }).waitFor();
    expect(await csv.locator("summary code", { hasText: "_id" }).count()).toBe(1);
    // The prose, not the JSON schemas shown as they are.
    expect((await page.locator("main p, main summary, main td").allTextContents()).join(" ")).not.toContain("`");
  });

  it("the share panel says a private dataset's embeds do not work, and its embed answers 404", async () => {
    const secret = await createDataset(server, owner, { title: "Secret list", columns: [{ name: "Name" }] }, "private");
    const page = await visitor();
    await signIn(page.context(), server, owner);
    await new DatasetPage(page).goto(secret.id);
    const share = new SharePanel(page);
    await share.open();
    await expect.poll(async () => (await share.privateNote()).textContent()).toContain("This dataset is private");
    expect(await (await share.region()).getByRole("textbox").count()).toBe(1); // only the link, not called public
    expect(await share.field("membersLink")).toBe(`${server.url}/datasets/${secret.id}`);
    // The link is not said to open for anyone, and the panel shows all it says (the table below does not squeeze it).
    await (await share.region()).getByText("Only the dataset's members can open it", { exact: false }).waitFor();
    const panel = await share.region();
    expect(await panel.evaluate((section) => section.scrollHeight <= section.clientHeight)).toBe(true);
    expect((await fetch(`${server.url}/embed/${secret.id}`, { headers: { cookie: owner.cookie } })).status).toBe(404);
  });
});
