import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import type { ImportJob } from "../../../shared/api/importJobs.ts";
import { resources } from "../../i18n/index.ts";
import { jobErrorText } from "./jobErrorText.ts";

const failed = (errorCode: string, error: string, kind: ImportJob["kind"] = "create"): ImportJob => ({
  id: "job0000000000001",
  kind,
  state: "failed",
  fileName: "lieux.csv",
  progress: { unit: "rows", done: 0, total: 10 },
  datasetId: null,
  error,
  errorCode,
  createdAt: "2026-12-02T00:00:00.000Z",
  updatedAt: "2026-12-02T00:00:00.000Z",
});

async function inFrench() {
  const i18n = createInstance();
  await i18n.init({ resources, lng: "fr", fallbackLng: "en", interpolation: { escapeValue: false } });
  return i18n.t;
}

describe("why an import job failed, in the reader's language", () => {
  it("says the server's known reasons in French, a refusal according to what the job was doing", async () => {
    const t = await inFrench();
    const english = "The server stopped during this import, and nothing was imported: import the file again.";
    expect(jobErrorText(t, failed("interrupted", english))).toBe(
      "Le serveur s’est arrêté pendant cet import, et rien n’a été importé : importez le fichier à nouveau.",
    );
    expect(jobErrorText(t, failed("forbidden", "You may no longer edit this dataset.", "update"))).toBe(
      "Vous ne pouvez plus modifier ce jeu de données.",
    );
    expect(jobErrorText(t, failed("forbidden", "You may no longer create datasets in this workspace."))).toBe(
      "Vous ne pouvez plus créer de jeux de données dans cet espace.",
    );
  });

  it("says the file's own reason with the values it names, and keeps the server's words for a job stored without them", async () => {
    const t = await inFrench();
    const english = 'The key "A" is on lines 2 and 4 of the file.';
    const params = { context: "file", key: "A", first: 2, line: 4 };
    expect(jobErrorText(t, { ...failed("duplicate-key", english, "update"), errorParams: params })).toBe(
      "La clé « A » figure aux lignes 2 et 4 du fichier.",
    );
    expect(jobErrorText(t, failed("duplicate-key", english, "update"))).toBe(english);
  });
});
