/**
 * Filters that fit the column type, in English and French: a date range typed as the reader writes
 * dates, a set of choices, yes/no, a number range; cells that do not fit their column found on
 * purpose; the active filters in words above the grid, removed one by one or all at once; and the
 * row count, "3 of 1,800 rows", while a search or filter is on. Expected counts come from the
 * fixture's plain values, not from the code under test.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { seedDataset } from "../scripts/bench/processes.ts";
import { parseDocumentName } from "../shared/documentNames.ts";
import { ColumnFilters } from "./pages/ColumnFilters.ts";
import { DatasetPage } from "./pages/DatasetPage.ts";
import { seriousViolations } from "./support/axe.ts";
import { buildPlacesDoc, type Place, placeValues } from "./support/placesFixture.ts";
import { serverAndBrowserForThisFile } from "./support/suite.ts";

const e2e = serverAndBrowserForThisFile();
const ROWS = 1800;
const places = Array.from({ length: ROWS }, (_, i) => placeValues(i));
const count = (keep: (p: Place) => boolean) => places.filter(keep).length;
const isDay = (v: unknown): v is string => typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v);
const inMay2020 = (p: Place) => isDay(p.opening) && p.opening >= "2020-05-01" && p.opening <= "2020-05-31";
const libraryOrCafe = (p: Place) => p.type === "Library" || p.type === "Café";

async function open(locale: string) {
  const documentName = await seedDataset(e2e.server.dataDir, "Places", Y.encodeStateAsUpdate(buildPlacesDoc(ROWS)));
  const id = parseDocumentName(documentName)?.datasetId as string;
  const dataset = new DatasetPage(await (await e2e.newContext({ locale })).newPage());
  await dataset.goto(id);
  return { dataset, filters: new ColumnFilters(dataset.page) };
}

describe("column filters", () => {
  it("in English: a date range, a set of choices, invalid dates, removed one by one and all at once", async () => {
    const { dataset, filters } = await open("en-GB");
    const n = (value: number) => value.toLocaleString("en-GB");
    await filters.expectRowCount("1,800 rows");

    // A date range, typed as a person of en-GB writes dates; the panel says how it read them.
    let panel = await filters.open("Opening date");
    await panel.getByRole("textbox", { name: "From" }).fill("01/05/2020");
    await panel.getByText("Read as 1 May 2020", { exact: true }).waitFor();
    await panel.getByRole("textbox", { name: "To" }).fill("31 May 2020");
    const may = count(inMay2020);
    expect(may).toBeGreaterThan(0);
    await filters.expectRowCount(`${n(may)} of 1,800 rows`);
    const dateSentence = "Opening date from 1 May 2020 to 31 May 2020";
    await filters.expectSentences("Active filters", [dateSentence]);
    await filters.close("Opening date");
    expect(await dataset.cellText(0, "Opening date")).toMatch(/ May 2020$/);

    // A set of choices, opened with the mouse this time, each with how many rows hold it.
    panel = await filters.openWithMouse("Type");
    const libraries = count((p) => p.type === "Library");
    await panel.getByRole("checkbox", { name: `Library (${n(libraries)})`, exact: true }).check();
    await panel.getByRole("checkbox", { name: /^Café \(/ }).check();
    expect(await seriousViolations(dataset.page)).toEqual([]);
    await filters.close("Type");
    await filters.expectSentences("Active filters", ["Type is Library or Café", dateSentence]);
    await filters.expectRowCount(`${n(count((p) => inMay2020(p) && libraryOrCafe(p)))} of 1,800 rows`);

    // Removing one filter from the summary; its panel opens empty again.
    await filters
      .summary("Active filters")
      .getByRole("button", { name: `Remove filter: ${dateSentence}`, exact: true })
      .click();
    await filters.expectSentences("Active filters", ["Type is Library or Café"]);
    await filters.expectRowCount(`${n(count(libraryOrCafe))} of 1,800 rows`);
    panel = await filters.open("Opening date");
    expect(await panel.getByRole("textbox", { name: "From" }).inputValue()).toBe("");

    // Dates kept as text are found on purpose, never inside a range.
    const notDates = count((p) => p.opening !== null && !isDay(p.opening));
    await panel.getByRole("checkbox", { name: `Not a date (${n(notDates)})`, exact: true }).check();
    await filters.close("Opening date");
    await filters.expectSentences("Active filters", ["Type is Library or Café", "Opening date is not a date"]);
    const expected = count((p) => libraryOrCafe(p) && p.opening !== null && !isDay(p.opening));
    await filters.expectRowCount(`${n(expected)} of 1,800 rows`);
    await dataset.expectCell(0, "Opening date", "soon");

    // Another language keeps the dataset open with its filters, now in words of that language.
    await dataset.setLanguage("fr");
    await filters.expectSentences("Filtres actifs", ["Type est Library ou Café", "Opening date n’est pas une date"]);
    await filters.expectRowCount(`${expected} sur 1\u202f800 lignes`);
    await dataset.setLanguage("en");

    await filters.summary("Active filters").getByRole("button", { name: "Clear all filters", exact: true }).click();
    await filters.expectRowCount("1,800 rows");
    expect(await filters.summary("Active filters").count()).toBe(0);

    // A long list of choices is narrowed by a box; "Select all" then takes what is listed.
    panel = await filters.open("Area");
    await panel.getByRole("searchbox", { name: "Find a value" }).fill("area 1");
    expect(await panel.getByRole("checkbox", { name: /^Area / }).count()).toBe(4);
    await panel.getByRole("button", { name: "Select all", exact: true }).click();
    await filters.close("Area");
    await filters.expectSentences("Active filters", ["Area is Area 1, Area 10, Area 11 or Area 12"]);
    const areas = ["Area 1", "Area 10", "Area 11", "Area 12"];
    await filters.expectRowCount(`${n(count((p) => areas.includes(p.area)))} of 1,800 rows`);

    // Text contains what is typed, whatever its case and accents.
    panel = await filters.open("Name");
    await panel.getByRole("textbox", { name: "Contains" }).fill("CAFE");
    await filters.close("Name");
    await filters.expectSentences("Active filters", [
      "Name contains “CAFE”",
      "Area is Area 1, Area 10, Area 11 or Area 12",
    ]);
    const cafes = (p: Place) => p.name.startsWith("Café") && areas.includes(p.area);
    await filters.expectRowCount(`${n(count(cafes))} of 1,800 rows`);
  });

  it("in French: dates read day first, yes/no, a number range with a decimal comma, and the search", async () => {
    const { dataset, filters } = await open("fr-FR");
    const n = (value: number) => new Intl.NumberFormat("fr-FR").format(value);
    await filters.expectRowCount(`${n(ROWS)} lignes`);

    let panel = await filters.open("Opening date");
    await panel.getByRole("textbox", { name: "Du" }).fill("01/05/2020");
    await panel.getByText("Lu comme 1 mai 2020", { exact: true }).waitFor();
    await panel.getByRole("textbox", { name: "Au" }).fill("31/05/2020");
    await filters.close("Opening date");
    const dateSentence = "Opening date du 1 mai 2020 au 31 mai 2020";
    await filters.expectSentences("Filtres actifs", [dateSentence]);
    await filters.expectRowCount(`${n(count(inMay2020))} sur ${n(ROWS)} lignes`);

    panel = await filters.open("Open on Saturday");
    await panel.getByRole("checkbox", { name: /^Oui \(/ }).check();
    await filters.close("Open on Saturday");
    const saturdayInMay = (p: Place) => inMay2020(p) && p.saturday === true;
    await filters.expectSentences("Filtres actifs", [dateSentence, "Open on Saturday est Oui"]);
    await filters.expectRowCount(`${n(count(saturdayInMay))} sur ${n(ROWS)} lignes`);

    // Numbers as French writes them; text kept in a number column is outside the range.
    await filters.summary("Filtres actifs").getByRole("button", { name: "Retirer tous les filtres" }).click();
    panel = await filters.open("Seats");
    await panel.getByRole("textbox", { name: "Minimum" }).fill("10");
    await panel.getByRole("textbox", { name: "Maximum" }).fill("12,5");
    await panel.getByRole("checkbox", { name: /^Pas un nombre \(/ }).waitFor();
    // Enter closes the panel (the filter applies as typed) and gives the focus back to the header.
    await panel.getByRole("textbox", { name: "Maximum" }).press("Enter");
    await filters.panel("Seats").waitFor({ state: "hidden" });
    expect(await filters.header("Seats").evaluate((el) => el === document.activeElement)).toBe(true);
    await filters.expectSentences("Filtres actifs", ["Seats de 10 à 12,5"]);
    const seats = (p: Place) => typeof p.seats === "number" && p.seats >= 10 && p.seats <= 12.5;
    await filters.expectRowCount(`${n(count(seats))} sur ${n(ROWS)} lignes`);

    // The search counts too, with the filters and alone.
    await dataset.page.getByRole("searchbox", { name: "Rechercher" }).fill("Town hall");
    const townHall = (p: Place) => p.name.includes("Town hall");
    await filters.expectRowCount(`${n(count((p) => seats(p) && townHall(p)))} sur ${n(ROWS)} lignes`);
    await filters
      .summary("Filtres actifs")
      .getByRole("button", { name: "Retirer le filtre : Seats de 10 à 12,5", exact: true })
      .click();
    await filters.expectRowCount(`${n(count(townHall))} sur ${n(ROWS)} lignes`);
    await dataset.page.getByRole("searchbox", { name: "Rechercher" }).fill("");
    await filters.expectRowCount(`${n(ROWS)} lignes`);
  });
});
