/**
 * Rules of the codebase that a reviewer would otherwise have to remember:
 * shared/ runs in both Node and the browser, and only shared/dataset/ and shared/proposal/ know their documents' maps.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => path.join(dir, file));
}

describe("architecture rules", () => {
  it("shared/ imports nothing from Node or the DOM", () => {
    const offenders = sourceFiles("shared")
      .filter((file) => !file.includes(".test.") && !file.startsWith(path.join("shared", "test")))
      .filter((file) => {
        const source = readFileSync(path.join(root, file), "utf8");
        return /from "node:|from "(fs|path|os|http|crypto)"|\b(window|document|localStorage)\.[A-Za-z_]/.test(source);
      });
    expect(offenders).toEqual([]);
  });

  it("outside shared/dataset/ and shared/proposal/, nothing reads or writes the documents' maps by key", () => {
    // On purpose: hostile clients in the bad-input and proposal tests; the storage and persistence
    // tests store a generic Yjs document; storedDocument.ts writes broken documents for the repair
    // tests; the update-check and proposal-flood benchmarks craft updates as an attacker would.
    const allowed = new Set([
      path.join("scripts", "bench", "updateCheck.ts"),
      path.join("scripts", "bench", "proposalFlood.ts"),
      path.join("server", "test", "storedDocument.ts"),
      path.join("server", "collab", "badInput.test.ts"),
      path.join("server", "collab", "proposalCollab.test.ts"),
      path.join("server", "collab", "durablePersistence.test.ts"),
      path.join("server", "storage", "sqlite.test.ts"),
    ]);
    const offenders = ["server", "client", "scripts", "e2e", "shared"]
      .flatMap(sourceFiles)
      // Each document kind's own folder knows its maps: datasets, and proposals (shared/proposal/schema.ts).
      .filter(
        (file) => !file.startsWith(path.join("shared", "dataset")) && !file.startsWith(path.join("shared", "proposal")),
      )
      .filter((file) => !allowed.has(file))
      .filter((file) => /\.get(Map|Array|Text|XmlFragment)\(/.test(readFileSync(path.join(root, file), "utf8")));
    expect(offenders).toEqual([]);
  });
});
