/**
 * A dataset's own details and the people on it: details edited by an editor reach the others live,
 * an owner looking for them in the settings is led to their form,
 * a presence rename (Enter) reaches the other person, a private dataset's link tells a signed-out
 * visitor it may be private and offers to sign in, and the create form is easy to fill by keyboard.
 */
import { describe, expect, it } from "vitest";
import { DatasetSettingsPage } from "./pages/AccountPages.ts";
import { DatasetDetails } from "./pages/DatasetDetails.ts";
import { DatasetPage } from "./pages/DatasetPage.ts";
import { HomePage } from "./pages/HomePage.ts";
import { createDataset, createPerson, grantRole, signIn } from "./support/api.ts";
import { eventually } from "./support/eventually.ts";
import { serverAndBrowserForThisFile } from "./support/suite.ts";

const e2e = serverAndBrowserForThisFile();

async function personOnDataset(id: string, person?: Awaited<ReturnType<typeof createPerson>>) {
  const context = await e2e.newContext();
  if (person) await signIn(context, e2e.server, person);
  const dataset = new DatasetPage(await context.newPage());
  await dataset.goto(id);
  await dataset.waitConnected();
  return { dataset, details: new DatasetDetails(dataset.page) };
}

describe("a dataset's details", () => {
  it("an owner looking for the licence in the settings is led to the details form, and saves it there", async () => {
    const server = e2e.server;
    const owner = await createPerson(server, "Owner");
    const { id } = await createDataset(server, owner, { title: "France Services", columns: [{ name: "Name" }] });
    const context = await e2e.newContext();
    await signIn(context, server, owner);
    const page = await context.newPage();
    const settings = new DatasetSettingsPage(page);
    await settings.goto(id);
    await settings.detailsLink().click();

    const details = new DatasetDetails(page);
    await details.form().waitFor();
    await expect
      .poll(() =>
        details
          .form()
          .getByRole("textbox", { name: "Title", exact: true })
          .evaluate((box) => box === document.activeElement),
      )
      .toBe(true);
    expect(new URL(page.url()).search).toBe("");
    await details.edit({ Licence: "Open Database License (ODbL) 1.0" });
    expect(await details.fact("Licence").textContent()).toBe("Open Database License (ODbL) 1.0");
  });

  it("an editor's edit of title, description, source, licence, keywords, frequency and area is seen live by a reader", async () => {
    const server = e2e.server;
    const owner = await createPerson(server, "Owner");
    const editor = await createPerson(server, "Editor");
    const { id } = await createDataset(
      server,
      owner,
      { title: "Repair cafés", licence: "ODbL-1.0", columns: [{ name: "Name" }] },
      "public-read",
    );
    await grantRole(server, owner, id, editor, "editor");
    const writer = await personOnDataset(id, editor);
    const reader = await personOnDataset(id);

    // A licence typed before the list existed keeps its words, and links to the licence they name.
    expect(await reader.details.fact("Licence").textContent()).toBe("ODbL-1.0");
    expect(await reader.details.fact("Licence").getByRole("link").getAttribute("href")).toBe(
      "https://opendatacommons.org/licenses/odbl/1-0/",
    );
    expect(await reader.details.editButton().count()).toBe(0);

    await writer.details.edit({
      Title: "Repair cafés of Lyon",
      Description: "Where to mend bikes, lamps and clothes.",
      Source: "https://example.org/repair",
      Licence: "Creative Commons Attribution 4.0 (CC BY 4.0)",
      Keywords: "repair, bikes,, Repair , Lyon",
      "Update frequency": "Every week",
      "Area covered": "Lyon, France",
      "Link to the area": "https://www.geonames.org/2996944",
    });

    await expect.poll(() => reader.details.title().textContent()).toBe("Repair cafés of Lyon");
    const licence = reader.details.fact("Licence").getByRole("link", {
      name: "Creative Commons Attribution 4.0 (CC BY 4.0)",
    });
    await expect.poll(() => licence.getAttribute("href")).toBe("https://creativecommons.org/licenses/by/4.0/");
    expect(await reader.details.about.getByText("Where to mend bikes, lamps and clothes.").count()).toBe(1);
    const source = reader.details.fact("Source").getByRole("link", { name: "https://example.org/repair" });
    expect(await source.getAttribute("rel")).toBe("noopener noreferrer");
    expect(await reader.details.keywords().allTextContents()).toEqual(["repair", "bikes", "Lyon"]);
    expect(await reader.details.fact("Update frequency").textContent()).toBe("Every week");
    const area = reader.details.fact("Area covered").getByRole("link", { name: "Lyon, France" });
    expect(await area.getAttribute("href")).toBe("https://www.geonames.org/2996944");
    await expect.poll(() => reader.dataset.page.title()).toBe("Repair cafés of Lyon · Data Patch");

    // The editor's home list shows the new title once the server has stored the change (within
    // STORE_DEBOUNCE_MS), on the next visit of the page.
    const home = new HomePage(writer.dataset.page);
    await eventually(
      async () => {
        await home.goto();
        expect(await home.datasetLink("Repair cafés of Lyon").count()).toBe(1);
      },
      30_000,
      500,
    );
  });

  it("refuses an empty title, and the error goes once a title is typed", async () => {
    const owner = await createPerson(e2e.server, "Owner");
    const { id } = await createDataset(e2e.server, owner, { title: "Polling stations", columns: [{ name: "N" }] });
    const { details } = await personOnDataset(id, owner);
    await details.editButton().click();
    const title = details.form().getByRole("textbox", { name: "Title", exact: true });
    // Opening the form puts the cursor in the title.
    await expect.poll(() => title.evaluate((input) => input === document.activeElement)).toBe(true);
    await title.fill("");
    await details.form().getByRole("button", { name: "Save details", exact: true }).click();
    await details.form().getByRole("alert").getByText("Give the dataset a title.").waitFor();
    await title.fill("P");
    await expect.poll(() => details.form().getByRole("alert").count()).toBe(0);
    // Cancelling goes back to the button, and nothing changed.
    await details.form().getByRole("button", { name: "Cancel", exact: true }).click();
    await expect.poll(() => details.editButton().evaluate((button) => button === document.activeElement)).toBe(true);
    expect(await details.title().textContent()).toBe("Polling stations");
  });
});

describe("a licence outside the list", () => {
  it("an older dataset's own licence stays as it was; a bad link is refused with a message; a listed one replaces it", async () => {
    const owner = await createPerson(e2e.server, "Owner");
    const { id } = await createDataset(e2e.server, owner, {
      title: "School canteens",
      licence: "Free for schools",
      columns: [{ name: "N" }],
    });
    const { details } = await personOnDataset(id, owner);
    expect(await details.fact("Licence").textContent()).toBe("Free for schools");
    await details.editButton().click();
    expect(await details.chosen("Licence")).toBe("Another licence…");
    const form = details.form();
    expect(await form.getByRole("textbox", { name: "Licence name", exact: true }).inputValue()).toBe(
      "Free for schools",
    );
    expect(await details.chosen("Update frequency")).toBe("Not said");

    await form.getByRole("textbox", { name: "Licence link", exact: true }).fill("javascript:alert(1)");
    await form.getByRole("button", { name: "Save details", exact: true }).click();
    await form
      .getByRole("alert")
      .getByText("Licence link must be a web address starting with https:// or http://.")
      .waitFor();
    expect(await form.getByRole("textbox", { name: "Licence link", exact: true }).getAttribute("aria-invalid")).toBe(
      "true",
    );
    await details.edit({ "Licence link": "https://example.org/schools-licence", "Update frequency": "Every year" });
    const own = details.fact("Licence").getByRole("link", { name: "Free for schools" });
    expect(await own.getAttribute("href")).toBe("https://example.org/schools-licence");

    await details.edit({ Licence: "Licence Ouverte / Open Licence version 2.0" });
    const listed = details.fact("Licence").getByRole("link", { name: "Licence Ouverte / Open Licence version 2.0" });
    expect(await listed.getAttribute("href")).toBe("https://www.etalab.gouv.fr/licence-ouverte-open-licence/");
    expect(await details.fact("Update frequency").textContent()).toBe("Every year");
  });
});

describe("presence names", () => {
  it("a visitor's new name, confirmed with Enter, reaches the other person", async () => {
    const owner = await createPerson(e2e.server, "Owner");
    const { id } = await createDataset(e2e.server, owner, { title: "Presence", columns: [{ name: "Name" }] });
    const alice = await personOnDataset(id);
    const bob = await personOnDataset(id);
    const name = alice.dataset.page.getByRole("textbox", { name: "Your name", exact: true });
    expect(await name.isVisible()).toBe(true);
    await name.fill("Alice from the café");
    await name.press("Enter");
    await bob.dataset.page.getByTestId("presence-list").getByText("Alice from the café", { exact: true }).waitFor();
  });

  it("a signed-in person's new name reaches the other person (it renames the account)", async () => {
    const owner = await createPerson(e2e.server, "Camille");
    const { id } = await createDataset(e2e.server, owner, { title: "Presence 2", columns: [{ name: "Name" }] });
    const camille = await personOnDataset(id, owner);
    const visitor = await personOnDataset(id);
    const chips = visitor.dataset.page.getByTestId("presence-list");
    await chips.getByText(owner.accountName, { exact: true }).waitFor();
    const name = camille.dataset.page.getByRole("textbox", { name: "Your name", exact: true });
    await name.fill("Camille Martin");
    await name.press("Enter");
    await chips.getByText("Camille Martin", { exact: true }).waitFor();
    await camille.dataset.page.getByTestId("presence-list").getByText("Camille Martin (you)").waitFor();
  });
});

describe("a private dataset's link", () => {
  it("tells a signed-out visitor it may be private, and offers to sign in and come back", async () => {
    const owner = await createPerson(e2e.server, "Owner");
    const { id } = await createDataset(
      e2e.server,
      owner,
      { title: "Secret list", columns: [{ name: "N" }] },
      "private",
    );
    const page = await (await e2e.newContext()).newPage();
    await page.goto(`/datasets/${id}`);
    const alert = page.getByRole("alert");
    await alert.getByText("This dataset does not exist, or it is private.").waitFor();
    const signInLink = alert.getByRole("link", { name: "Sign in", exact: true });
    expect(await signInLink.getAttribute("href")).toBe(`/sign-in?next=${encodeURIComponent(`/datasets/${id}`)}`);
    expect(await page.getByText("Secret list").count()).toBe(0);
    // A link to no dataset at all reads the same: nothing tells the two apart.
    await page.goto("/datasets/AAAAAAAAAAAA");
    await alert.getByText("This dataset does not exist, or it is private.").waitFor();
  });
});

describe("the create-dataset form", () => {
  it("labels column boxes visibly, moves focus into a new column, clears the title error once typed", async () => {
    const owner = await createPerson(e2e.server, "Owner");
    const context = await e2e.newContext();
    await signIn(context, e2e.server, owner);
    const home = new HomePage(await context.newPage());
    await home.goto();
    const form = home.createForm();
    await form.getByRole("button", { name: "Create dataset", exact: true }).click();
    const alert = form.getByRole("alert");
    await alert.getByText("Give the dataset a title.").waitFor();
    const title = form.getByRole("textbox", { name: "Title", exact: true });
    expect(await title.getAttribute("aria-invalid")).toBe("true");
    await title.pressSequentially("H");
    await expect.poll(() => alert.count()).toBe(0);

    expect(await form.getByText("Column 1 name", { exact: true }).isVisible()).toBe(true);
    await form.getByRole("button", { name: "Add a column", exact: true }).click();
    const second = form.getByRole("textbox", { name: "Column 2 name", exact: true });
    await expect.poll(() => second.evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await form.getByText("Column 2 name", { exact: true }).isVisible()).toBe(true);
    await home.page.keyboard.type("City");
    expect(await second.inputValue()).toBe("City");
  });
});
