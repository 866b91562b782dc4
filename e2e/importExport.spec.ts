/**
 * Data in and out in the browser: a CSV dropped on the import page is previewed (types inferred,
 * a postcode kept as text, a column retyped by the person), becomes a dataset whose grid shows it,
 * and the Export menu's CSV reads back as the same values; an update by key says its phases.
 */
import { describe, expect, it } from "vitest";
import { importHolds } from "../server/test/importHolds.ts";
import { DatasetPage } from "./pages/DatasetPage.ts";
import { ImportPage, UpdateFromFilePage } from "./pages/ImportPage.ts";
import { cancelImportJob, createPerson, signIn, startImportJob } from "./support/api.ts";
import { eventually } from "./support/eventually.ts";
import { serverAndBrowserForThisFile } from "./support/suite.ts";

const holds = importHolds();
const e2e = serverAndBrowserForThisFile({}, { importHold: holds.hold });

const CSV = "nom;code_postal;places;ouvert\nMairie;01200;10;oui\nCafé;75001;5;non\nGare;21000;0;oui\n";

describe("import and export", () => {
  it("a dropped CSV is previewed, imported into a dataset, and exported back", async () => {
    const person = await createPerson(e2e.server, "Importer");
    const context = await e2e.newContext();
    await signIn(context, e2e.server, person);
    const page = await context.newPage();
    const importer = new ImportPage(page);
    await importer.goto();

    await importer.dropFile("lieux.csv", CSV);
    await importer.preview().waitFor();
    expect(await importer.columnType("code_postal").inputValue()).toBe("text");
    expect(await importer.columnType("places").inputValue()).toBe("number");
    expect(await importer.columnType("ouvert").inputValue()).toBe("boolean");
    expect((await importer.previewCells().allTextContents()).slice(0, 4)).toEqual(["Mairie", "01200", "10", "true"]);
    // The file's Table Schema says "places" is a string: the preview reads it again as text.
    await importer.applyTableSchema("schema.json", { fields: [{ name: "places", type: "string" }] });
    await eventually(async () => expect(await importer.columnType("places").inputValue()).toBe("text"));
    expect(await importer.columnType("code_postal").inputValue()).toBe("text");
    // The person keeps "ouvert" as text.
    await importer.columnType("ouvert").selectOption("text");

    const id = await importer.create("Lieux");
    const dataset = new DatasetPage(page);
    await dataset.waitForGrid();
    await dataset.expectRowCount(3);
    await dataset.expectCell(0, "code_postal", "01200");

    await page.getByText("Export", { exact: true }).click();
    const link = page.getByRole("link", { name: "CSV (for programs: no BOM, formulas as written)", exact: true });
    const href = (await link.getAttribute("href")) as string;
    const exported = await page.evaluate(async (url) => (await fetch(url)).text(), href);
    expect(exported).toBe(
      "nom,code_postal,places,ouvert\r\nMairie,01200,10,oui\r\nCafé,75001,5,non\r\nGare,21000,0,oui\r\n",
    );
    expect(href).toBe(`/api/datasets/${id}/export/csv?bom=false&formulas=keep`);
    await context.close();
  });

  it("an import waiting behind another shows its progress, is found again after a reload, and cancels leaving nothing", async () => {
    const person = await createPerson(e2e.server, "Patient");
    const context = await e2e.newContext();
    await signIn(context, e2e.server, person);
    const page = await context.newPage();
    const importer = new ImportPage(page);
    await importer.goto();
    const rows = (count: number) =>
      Array.from({ length: count }, (_, i) => `${String(i).padStart(7, "0")};Lieu ${i};${i % 500}`);
    await importer.pickFile("lieux-nombreux.csv", `code;nom;places\n${rows(2_000).join("\n")}\n`);
    await importer.preview().waitFor();
    // Imports run one at a time: while someone else's import runs (held by the server while it
    // builds its rows), this one waits its turn, which is when it is reloaded, found again and
    // cancelled (not a race with its own end).
    const other = await createPerson(e2e.server, "Earlier");
    const held = holds.at("create", "building");
    const earlier = await startImportJob(e2e.server, other, "Plus tôt", `code;nom;places\n${rows(50).join("\n")}\n`);
    await held.reached;
    await importer.startCreating("Lieux nombreux");

    await importer.progressBar().waitFor();
    await importer.status().filter({ hasText: "Waiting its turn: imports run one at a time…" }).waitFor();
    const jobUrl = page.url();
    expect(new URL(jobUrl).searchParams.get("job")).toMatch(/^[A-Za-z0-9_-]{16}$/);
    // A reload finds the same import.
    await page.reload();
    await importer.progressBar().waitFor();
    expect(page.url()).toBe(jobUrl);
    // Coming back to the import page without its address, the import under way is offered.
    await importer.goto();
    await page.getByRole("link", { name: "follow the import of lieux-nombreux.csv", exact: true }).click();
    await importer.progressBar().waitFor();
    expect(page.url()).toBe(jobUrl);
    await importer.cancel();
    await importer.status().filter({ hasText: "Import cancelled: nothing was written." }).waitFor();
    const titles = await page.evaluate(async () =>
      ((await (await fetch("/api/datasets")).json()) as { datasets: { title: string }[] }).datasets.map((d) => d.title),
    );
    expect(titles).not.toContain("Lieux nombreux");
    expect((await cancelImportJob(e2e.server, other, earlier)).state).toBe("cancelled");
    held.release();

    // Again, with a small file: the import ends in the dataset.
    await page.getByRole("button", { name: "Import a file again", exact: true }).click();
    await importer.pickFile("lieux.csv", CSV);
    await importer.preview().waitFor();
    await importer.create("Lieux");
    await new DatasetPage(page).waitForGrid();
    await context.close();
  });

  it("a link pasted without https:// is read as https, and a refused one leaves the focus in the link to correct it", async () => {
    const person = await createPerson(e2e.server, "Linker");
    const context = await e2e.newContext();
    await signIn(context, e2e.server, person);
    const page = await context.newPage();
    const importer = new ImportPage(page);
    await importer.goto();
    const link = page.getByRole("textbox", { name: "Or a link (Google Sheets, GitHub, GitLab, any https file)" });
    await link.fill("docs.google.com/spreadsheets/d/abc");
    await page.getByRole("button", { name: "Fetch the link", exact: true }).click();
    // The server read it as a Google Sheets link (whose id is too short), not as a broken address.
    await page.getByRole("alert").filter({ hasText: "The Google Sheets link has no sheet id." }).waitFor();
    expect(await link.inputValue()).toBe("https://docs.google.com/spreadsheets/d/abc");
    expect(await link.evaluate((field) => field === document.activeElement)).toBe(true);
    await context.close();
  });

  it("the preview's problems are said in the reader's language", async () => {
    const person = await createPerson(e2e.server, "Lectrice");
    const context = await e2e.newContext({ locale: "fr-FR" });
    await signIn(context, e2e.server, person);
    const page = await context.newPage();
    await page.goto("/import");
    await page.getByLabel("Choisir un fichier", { exact: true }).setInputFiles({
      name: "bancal.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        `a;b;c\n1;2;3\n4;5\n${Array.from({ length: 30 }, (_, i) => `${i};nom;lieu`).join("\n")}\nbeaucoup;nom;lieu\n`,
      ),
    });
    const problems = page.getByRole("region", { name: "À vérifier", exact: true });
    await problems.waitFor();
    expect(await problems.getByRole("listitem").allTextContents()).toEqual([
      "a : 1 valeur ne correspond pas au type et est gardée comme texte (« beaucoup » ligne 34). Saisissez un nombre, par exemple 12 ou 3,5. Elle sera signalée dans le tableau, pour la corriger ; ou choisissez un autre type ci-dessus.",
      "La ligne 3 a 2 champs alors que l’en-tête en a 3 : le dernier reste vide.",
    ]);
    await context.close();
  });

  it("a file that cannot be imported is refused in the reader's language, not in the server's English", async () => {
    const person = await createPerson(e2e.server, "Déçue");
    const context = await e2e.newContext({ locale: "fr-FR" });
    await signIn(context, e2e.server, person);
    const page = await context.newPage();
    await page.goto("/import");
    const pick = (name: string, buffer: Buffer) =>
      page.getByLabel("Choisir un fichier", { exact: true }).setInputFiles({ name, mimeType: "text/csv", buffer });
    const alert = page.getByRole("alert");

    await pick("vide.csv", Buffer.alloc(0));
    await alert.filter({ hasText: "Le fichier est vide." }).waitFor();
    expect(await alert.textContent()).toBe("Le fichier n’a pas pu être importé : Le fichier est vide.");

    await pick("cellule.csv", Buffer.from(`nom,texte\nMairie,${"x".repeat(40_000)}\n`));
    await alert.filter({ hasText: "Ligne 2" }).waitFor();
    expect(await alert.textContent()).toBe(
      "Le fichier n’a pas pu être importé : Ligne 2, colonne 2 : une cellule de 40000 caractères ; une cellule en contient au plus 32768.",
    );
    expect(await alert.textContent()).not.toContain("a cell holds");
    await context.close();
  });

  it("a dataset is updated by key from a second file: the preview says what is added, changed and removed", async () => {
    const person = await createPerson(e2e.server, "Updater");
    const context = await e2e.newContext();
    await signIn(context, e2e.server, person);
    const page = await context.newPage();
    const importer = new ImportPage(page);
    await importer.goto();
    await importer.pickFile("lieux.csv", CSV);
    await importer.preview().waitFor();
    const id = await importer.create("Lieux à jour");
    const dataset = new DatasetPage(page);
    await dataset.waitForGrid();

    await page.getByRole("link", { name: "Update from a file", exact: true }).click();
    const update = new UpdateFromFilePage(page);
    await update.dropFile(
      "lieux-v2.csv",
      "nom;code_postal;places;ouvert\nMairie;01200;12;oui\nGare;21000;0;oui\nMusée;69001;3;non\n",
    );
    await update.chooseKey("nom");
    expect(await update.previewChanges()).toContain("1 row not in the file, kept");
    // Changes previewed without deleting are not applied once deleting is chosen: they are asked again.
    await update.deleteMissing();
    expect(await update.applyButton().count()).toBe(0);
    expect(await update.previewChanges()).toEqual([
      "1 row added",
      "1 row changed (cells written: 1)",
      "1 row deleted (not in the file)",
      "1 row unchanged",
    ]);
    // The focus moves to the changes (the button was disabled while they were read).
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("What the update does");
    // Which rows, and each changed cell before and after.
    expect(await update.rowsConcerned("Added")).toEqual(["Musée (line 4 of the file)"]);
    expect(await update.rowsConcerned("Changed")).toEqual(["Mairie: places “10” → “12”"]);
    expect(await update.rowsConcerned("Deleted")).toEqual(["Café"]);
    // Each phase of the update is said while the server holds it there: 3 rows compared, 3 changes written.
    const comparing = holds.at("update", "building");
    const writing = holds.at("update", "writing");
    await update.startApplying();
    await comparing.reached;
    await update.progressSays("Comparing with the dataset: 0 of 3 rows");
    comparing.release();
    await writing.reached;
    await update.progressSays("Writing the changes: 0 of 3");
    // Not yet in the dataset: it can still be cancelled.
    expect(await page.getByRole("button", { name: "Cancel the import", exact: true }).isEnabled()).toBe(true);
    writing.release();
    await page.waitForURL(`**/datasets/${id}`);
    // Back on the dataset, what the update did is said.
    await page
      .getByRole("status")
      .filter({ hasText: "Updated from lieux-v2.csv: 1 row added, 1 row changed, 1 row deleted." })
      .waitFor();
    await dataset.waitForGrid();
    await dataset.expectRowCount(3);
    await dataset.expectCell(0, "places", "12");
    await context.close();
  });
});
