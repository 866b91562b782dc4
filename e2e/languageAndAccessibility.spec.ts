/**
 * The interface in French and English, remembered across visits; no serious or critical axe-core
 * violations on the home and dataset pages; screenshots (wide and narrow, both languages) saved to
 * .e2e-artifacts/ for people to look at.
 */
import { mkdirSync } from "node:fs";
import { AG_GRID_LOCALE_EN, AG_GRID_LOCALE_ES, AG_GRID_LOCALE_FR } from "@ag-grid-community/locale";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthPages } from "./pages/AccountPages.ts";
import { DatasetPage } from "./pages/DatasetPage.ts";
import { HomePage } from "./pages/HomePage.ts";
import { createDataset, createPerson, type Person, signIn } from "./support/api.ts";
import { seriousViolations } from "./support/axe.ts";
import { launchBrowser, newActor } from "./support/browser.ts";
import { eventually } from "./support/eventually.ts";
import { HARNESS_ADMIN, startTestServer, type TestServer } from "./support/server.ts";

const ARTIFACTS = ".e2e-artifacts";
let server: TestServer;
let browser: Browser;
let datasetId: string;
let owner: Person;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startTestServer();
  browser = await launchBrowser();
  owner = await createPerson(server, "Owner");
  ({ id: datasetId } = await createDataset(server, owner, {
    title: "Lieux de médiation numérique",
    description: "Où se faire aider pour les démarches en ligne",
    columns: [
      { name: "Nom" },
      { name: "Postes", type: "number" },
      { name: "Ouvert le samedi", type: "boolean" },
      { name: "Mise à jour", type: "date" },
      { name: "Type", type: "choice", choices: ["Médiathèque", "Tiers-lieu"] },
    ],
  }));
  // Some rows, typed through the page itself.
  const page = await open("en-GB");
  const dataset = new DatasetPage(page);
  await dataset.goto(datasetId);
  await dataset.waitConnected();
  await dataset.addRow();
  await dataset.focusCell(0, "Nom");
  await dataset.pasteText(
    "Médiathèque Champollion\t1234,5\toui\t2026-03-31\tMédiathèque\nTiers-lieu La Fabrique\t8\tnon\t2025-11-02\tTiers-lieu\nEspace numérique\tbeaucoup\t\t\t\n",
  );
  await dataset.expectRowCount(3);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.dispose();
});

/** A page in a fresh context, signed in as the dataset's owner (who sees every tool). */
async function open(locale: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await newActor(browser, server.url, { locale, viewport });
  await signIn(context, server, owner);
  contexts.push(context);
  return context.newPage();
}

describe("languages", () => {
  it("switches to French, formats numbers and dates in French, and remembers the choice", async () => {
    const page = await open("en-GB");
    const home = new HomePage(page);
    await home.goto();
    expect(await page.locator("h1").textContent()).toBe("Datasets");
    await page.locator(".language-switcher select").selectOption("fr");
    await eventually(async () => expect(await page.locator("h1").textContent()).toBe("Jeux de données"));
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("fr");

    const dataset = new DatasetPage(page);
    await dataset.goto(datasetId);
    await dataset.waitConnected();
    await dataset.expectCell(0, "Postes", "1\u202f234,5");
    await dataset.expectCell(0, "Mise à jour", "31 mars 2026");
    await dataset.expectCell(0, "Ouvert le samedi", "Oui");
    await dataset.toolbarButton("Ajouter une ligne").waitFor();

    await page.reload();
    await dataset.waitForGrid();
    await dataset.toolbarButton("Ajouter une ligne").waitFor();
    await dataset.setLanguage("en");
    await dataset.expectCell(0, "Postes", "1,234.5");
  });

  for (const [locale, gridWords] of [
    ["fr-FR", AG_GRID_LOCALE_FR],
    ["es-ES", AG_GRID_LOCALE_ES],
  ] as const) {
    it(`shows the grid's own words, screen-reader labels included, in ${locale}`, async () => {
      const page = await open(locale);
      const dataset = new DatasetPage(page);
      await dataset.goto(datasetId);
      await dataset.waitConnected();
      await dataset.expectRowCount(3);
      const labels = await page
        .locator(".ag-root-wrapper [aria-label], .ag-root-wrapper [title]")
        .evaluateAll((nodes) => nodes.flatMap((n) => [n.getAttribute("aria-label"), n.getAttribute("title")]));
      // A label still in English is one AG Grid's English words have and this language's do not.
      const english = Object.entries(AG_GRID_LOCALE_EN).filter(
        ([key, text]) => (gridWords as Record<string, string>)[key] !== text,
      );
      const untranslated = labels.filter((label) => english.some(([, text]) => text === label));
      expect(labels.length).toBeGreaterThan(0);
      expect(untranslated).toEqual([]);
    });
  }

  it("starts in Spanish for a Spanish browser: pages, yes/no and numbers in Spanish", async () => {
    const page = await open("es-ES");
    await new HomePage(page).goto();
    expect(await page.locator("h1").textContent()).toBe("Conjuntos de datos");
    const dataset = new DatasetPage(page);
    await dataset.goto(datasetId);
    await dataset.waitConnected();
    await dataset.expectCell(0, "Ouvert le samedi", "Sí");
    await dataset.expectCell(0, "Postes", new Intl.NumberFormat("es-ES").format(1234.5));
    await dataset.toolbarButton("Añadir fila").waitFor();
  });

  it("keeps the language chosen in the header for the account: signing in elsewhere opens in it", async () => {
    const signInThroughTheForm = async () => {
      const context = await newActor(browser, server.url, { locale: "en-GB" });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto("/sign-in");
      await new AuthPages(page).signIn(HARNESS_ADMIN.email, HARNESS_ADMIN.password);
      return page;
    };
    const laptop = await signInThroughTheForm();
    await laptop.getByRole("heading", { level: 1, name: "Datasets" }).waitFor();
    await laptop.getByRole("combobox", { name: "Language", exact: true }).selectOption({ label: "Français" });
    await laptop.getByRole("heading", { level: 1, name: "Jeux de données" }).waitFor();
    await laptop.goto("/account");
    await eventually(async () =>
      expect(await laptop.getByRole("combobox", { name: "Langue", exact: true }).last().inputValue()).toBe("fr"),
    );

    // On another computer, with an English browser: signing in brings back the account's language.
    const phone = await signInThroughTheForm();
    await phone.getByRole("heading", { level: 1, name: "Jeux de données" }).waitFor();
    await phone.getByRole("combobox", { name: "Langue", exact: true }).selectOption({ label: "English" });
    await phone.getByRole("heading", { level: 1, name: "Datasets" }).waitFor();
  });

  it("starts in the browser's language", async () => {
    const page = await open("fr-FR");
    await new HomePage(page).goto();
    expect(await page.locator("h1").textContent()).toBe("Jeux de données");
  });
});

describe("accessibility", () => {
  for (const locale of ["en-GB", "fr-FR"]) {
    for (const [size, viewport] of [
      ["wide", { width: 1280, height: 800 }],
      ["narrow", { width: 390, height: 844 }],
    ] as const) {
      it(`has no serious or critical violations (${locale}, ${size})`, async () => {
        const page = await open(locale, viewport);
        const home = new HomePage(page);
        await home.goto();
        await home.datasetLink("Lieux de médiation numérique").waitFor();
        await page.screenshot({ path: `${ARTIFACTS}/home-${locale}-${size}.png`, fullPage: true });
        expect(await seriousViolations(page)).toEqual([]);

        const dataset = new DatasetPage(page);
        await dataset.goto(datasetId);
        await dataset.waitConnected();
        await dataset.expectRowCount(3);
        await page.screenshot({ path: `${ARTIFACTS}/dataset-${locale}-${size}.png` });
        expect(await seriousViolations(page)).toEqual([]);

        await dataset.openColumns();
        await page.screenshot({ path: `${ARTIFACTS}/columns-${locale}-${size}.png` });
        expect(await seriousViolations(page)).toEqual([]);
      });
    }
  }
});
