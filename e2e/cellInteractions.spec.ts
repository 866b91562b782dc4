/**
 * Typed cells as in a spreadsheet: typing a letter on a choice cell opens its list filtered to the
 * matching choices (Enter picks), Space toggles a yes/no cell, and URL and email cells are links —
 * only to http, https and mailto addresses, opened (by a click or Alt+Enter) in a tab that cannot
 * reach back — that show their whole value when hovered or focused.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { DatasetPage } from "./pages/DatasetPage.ts";
import { TypedCells } from "./pages/TypedCells.ts";
import { createDataset, createPerson, type Person, signIn, storedValues } from "./support/api.ts";
import { seriousViolations } from "./support/axe.ts";
import { eventually } from "./support/eventually.ts";
import { serverAndBrowserForThisFile } from "./support/suite.ts";

const e2e = serverAndBrowserForThisFile();
let owner: Person;

beforeAll(async () => {
  owner = await createPerson(e2e.server, "Owner");
});

const LONG_URL = "https://example.org/help-points/lyon/mediatheque-champollion/opening-hours";

/** A new dataset with three rows pasted in, opened by its owner. */
async function open(): Promise<{ id: string; dataset: DatasetPage; cells: TypedCells; page: Page }> {
  const { id } = await createDataset(e2e.server, owner, {
    title: "Help points",
    columns: [
      { name: "Name" },
      { name: "Kind", type: "choice", choices: ["Library", "Café", "Town hall", "Repair café"] },
      { name: "Saturday", type: "boolean" },
      { name: "Website", type: "url" },
      { name: "Email", type: "email" },
    ],
  });
  const context = await e2e.newContext();
  await signIn(context, e2e.server, owner);
  const page = await context.newPage();
  const dataset = new DatasetPage(page);
  await dataset.goto(id);
  await dataset.waitConnected();
  await dataset.addRow();
  await dataset.focusCell(0, "Name");
  // Values that do not fit their column are kept as the text pasted (marked invalid).
  await dataset.pasteText(
    [
      `Médiathèque\tLibrary\tyes\t${LONG_URL}\thelp@example.org`,
      "Fab <b>lab</b>\tCafé\t\tjavascript:alert(document.cookie)\tnot an email",
      `Town hall\t\tno\t${e2e.server.url}/?from=grid\tcontact@example.org?cc=everyone@example.org`,
    ].join("\n"),
  );
  await dataset.expectRowCount(3);
  await dataset.expectCell(2, "Name", "Town hall");
  return { id, dataset, cells: new TypedCells(dataset), page };
}

describe("typed cells", () => {
  it("opens a choice cell's list filtered to what is typed; arrows and Enter pick, Escape keeps the value", async () => {
    const { id, dataset, cells, page } = await open();
    const stored = () => storedValues(e2e.server, owner, id, "Kind");

    await dataset.focusCell(2, "Kind");
    await page.keyboard.type("c");
    await cells.choiceBox("Kind").waitFor();
    expect(await cells.choiceBox("Kind").inputValue()).toBe("c");
    // Case and accents ignored; choices that start with the text first.
    expect(await cells.choiceTexts("Kind")).toEqual(["Café", "Repair café"]);
    expect(await cells.highlightedChoice("Kind")).toBe("Café");
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press("ArrowDown");
    await eventually(async () => expect(await cells.highlightedChoice("Kind")).toBe("Repair café"));
    await page.keyboard.press("Enter");
    await dataset.expectCell(2, "Kind", "Repair café");
    await cells.choiceBox("Kind").waitFor({ state: "hidden" });
    await eventually(async () => expect(await stored()).toEqual(["Library", "Café", "Repair café"]));

    // More letters narrow the list; Enter takes the first match.
    await dataset.focusCell(1, "Kind");
    // The first letter opens the editor; the next ones go to its box once it is there (a person
    // types slower than the editor opens; the test waits for it instead).
    await page.keyboard.type("t");
    await cells.choiceBox("Kind").waitFor();
    await page.keyboard.type("ow");
    await eventually(async () => expect(await cells.choiceTexts("Kind")).toEqual(["Town hall"]));
    await page.keyboard.press("Enter");
    await dataset.expectCell(1, "Kind", "Town hall");

    // Escape leaves the cell as it was.
    await dataset.focusCell(0, "Kind");
    await page.keyboard.type("r");
    await cells.choiceBox("Kind").waitFor();
    // A choice that starts with the text comes before one that only contains it.
    await eventually(async () => expect(await cells.choiceTexts("Kind")).toEqual(["Repair café", "Library"]));
    await page.keyboard.press("Escape");
    await cells.choiceBox("Kind").waitFor({ state: "hidden" });
    await dataset.expectCell(0, "Kind", "Library");

    // What no choice matches is refused with the usual message, and nothing is written.
    await dataset.focusCell(0, "Kind");
    await page.keyboard.type("z");
    await cells.choiceBox("Kind").waitFor();
    await page.keyboard.type("z");
    await eventually(async () => expect(await cells.choiceBox("Kind").inputValue()).toBe("zz"));
    await eventually(async () => expect(await cells.choiceTexts("Kind")).toEqual([]));
    await page.keyboard.press("Enter");
    await eventually(async () =>
      expect(await dataset.message.textContent()).toContain("Pick one of the allowed values."),
    );
    await dataset.expectCell(0, "Kind", "Library");

    // Opened without typing, it offers every choice, the empty one first, the current one highlighted; a click picks.
    await (await dataset.cell(1, "Kind")).dblclick();
    await cells.choiceBox("Kind").waitFor();
    expect(await cells.choiceTexts("Kind")).toEqual(["(empty)", "Library", "Café", "Town hall", "Repair café"]);
    expect(await cells.highlightedChoice("Kind")).toBe("Town hall");
    await cells
      .choiceOptions("Kind")
      .filter({ hasText: /^\(empty\)$/ })
      .click();
    await dataset.expectCell(1, "Kind", "");
    await eventually(async () => expect(await stored()).toEqual(["Library", null, "Repair café"]));
  });

  it("toggles a yes/no cell with Space", async () => {
    const { id, dataset, page } = await open();
    const stored = () => storedValues(e2e.server, owner, id, "Saturday");
    await dataset.focusCell(1, "Saturday");
    await page.keyboard.press("Space");
    await dataset.expectCell(1, "Saturday", "Yes");
    await page.keyboard.press("Space");
    await dataset.expectCell(1, "Saturday", "No");
    await dataset.focusCell(2, "Saturday");
    await page.keyboard.press("Space");
    await dataset.expectCell(2, "Saturday", "Yes");
    await eventually(async () => expect(await stored()).toEqual([true, false, true]));
    expect(await page.locator(".ag-row-selected").count()).toBe(0);
  });

  it("shows URL and email cells as safe links, whole on hover and focus; anything else as plain text", async () => {
    const { dataset, cells, page } = await open();
    const website = await cells.link(0, "Website");
    expect(await website.getAttribute("href")).toBe(LONG_URL);
    expect(await website.getAttribute("target")).toBe("_blank");
    expect(await website.getAttribute("rel")).toBe("noopener noreferrer");
    expect(await website.getAttribute("title")).toBe(LONG_URL);
    expect(await (await cells.link(0, "Email")).getAttribute("href")).toBe("mailto:help@example.org");

    // No link to another scheme, nor a mailto: that would add recipients; the text shows as typed, never as HTML.
    expect(await (await cells.link(1, "Website")).count()).toBe(0);
    expect(await dataset.cellText(1, "Website")).toBe("javascript:alert(document.cookie)");
    expect(await (await cells.link(1, "Email")).count()).toBe(0);
    expect(await (await cells.link(2, "Email")).count()).toBe(0);
    expect(await dataset.cellText(1, "Name")).toBe("Fab <b>lab</b>");
    expect(await (await dataset.cell(1, "Name")).locator("b").count()).toBe(0);

    // The long address is cut off in its cell, and shown whole while the cell is focused or hovered.
    await dataset.focusCell(0, "Name");
    await page.mouse.move(5, 5);
    expect(await cells.shownWhole(website)).toBe(false);
    await dataset.focusCell(0, "Website");
    await eventually(async () => expect(await cells.shownWhole(website)).toBe(true));
    await dataset.focusCell(0, "Name");
    await eventually(async () => expect(await cells.shownWhole(website)).toBe(false));
    await (await dataset.cell(0, "Website")).hover();
    await eventually(async () => expect(await cells.shownWhole(website)).toBe(true));

    // A link opens in a new tab that cannot reach this page.
    const local = await cells.link(2, "Website");
    const [opened] = await Promise.all([page.context().waitForEvent("page"), local.click()]);
    await opened.waitForLoadState();
    expect(opened.url()).toBe(`${e2e.server.url}/?from=grid`);
    expect(await opened.evaluate(() => window.opener)).toBeNull();
    await opened.close();

    // From the keyboard: Alt+Enter on the focused cell opens its link the same way, and does not start editing.
    await dataset.focusCell(2, "Website");
    const [fromKeyboard] = await Promise.all([page.context().waitForEvent("page"), page.keyboard.press("Alt+Enter")]);
    await fromKeyboard.waitForLoadState();
    expect(fromKeyboard.url()).toBe(`${e2e.server.url}/?from=grid`);
    expect(await fromKeyboard.evaluate(() => window.opener)).toBeNull();
    await fromKeyboard.close();
    expect(await (await dataset.cell(2, "Website")).locator("input").count()).toBe(0);
  });
});
