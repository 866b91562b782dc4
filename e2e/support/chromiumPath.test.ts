/** chromiumPath: the executable the end-to-end tests launch, or one sentence on how to get one. */
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chromiumPath, defaultChromiumPath, MissingChromiumError } from "./chromiumPath.ts";

const dir = mkdtempSync(path.join(tmpdir(), "chromium-path-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, mode: number): string {
  const at = path.join(dir, name);
  writeFileSync(at, "#!/bin/sh\n");
  chmodSync(at, mode);
  return at;
}

function messageOf(env: NodeJS.ProcessEnv, fallback?: string): string {
  try {
    chromiumPath(env, fallback);
  } catch (error) {
    expect(error).toBeInstanceOf(MissingChromiumError);
    expect((error as Error).stack).toBe((error as Error).message);
    return (error as Error).message;
  }
  throw new Error("chromiumPath accepted it");
}

describe("chromiumPath", () => {
  it("takes CHROMIUM_PATH when it is an executable file", () => {
    const executable = file("chrome", 0o755);
    expect(chromiumPath({ CHROMIUM_PATH: executable })).toBe(executable);
  });

  it("says in one sentence what is wrong with CHROMIUM_PATH and what to do", () => {
    const missing = path.join(dir, "nowhere");
    expect(messageOf({ CHROMIUM_PATH: missing })).toBe(
      `The end-to-end tests need Chromium, and CHROMIUM_PATH (${missing}) does not exist: point it at a Chromium or Chrome executable, or unset it to use /usr/bin/chromium.`,
    );
    expect(messageOf({ CHROMIUM_PATH: dir })).toContain(`CHROMIUM_PATH (${dir}) is not a file:`);
    const notExecutable = file("not-executable", 0o644);
    expect(messageOf({ CHROMIUM_PATH: notExecutable })).toContain(
      `CHROMIUM_PATH (${notExecutable}) is not executable:`,
    );
  });

  it("falls back to /usr/bin/chromium, and says how to install it when it is missing", () => {
    const installed = file("chromium", 0o755);
    expect(chromiumPath({}, installed)).toBe(installed);
    expect(chromiumPath({ CHROMIUM_PATH: " " }, installed)).toBe(installed);
    if (existsSync(defaultChromiumPath)) expect(chromiumPath({})).toBe(defaultChromiumPath);

    const missing = path.join(dir, "no-chromium");
    expect(messageOf({}, missing)).toBe(
      `The end-to-end tests need Chromium, and ${missing} does not exist: install it (Debian: \`sudo apt-get install chromium\`), or set CHROMIUM_PATH to a Chromium or Chrome executable, e.g. CHROMIUM_PATH="$(command -v google-chrome)" npm test.`,
    );
  });
});
