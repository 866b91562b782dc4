/**
 * Where the end-to-end tests find Chromium: CHROMIUM_PATH, or Debian's /usr/bin/chromium. When it is
 * not there, one sentence that says how to get it, instead of playwright's stack trace in every spec.
 */
import { accessSync, constants, statSync } from "node:fs";

export const defaultChromiumPath = "/usr/bin/chromium";

/** Thrown when Chromium is missing: its message is the whole story, so it carries no stack. */
export class MissingChromiumError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MissingChromiumError";
    this.stack = message;
  }
}

/** Why this path cannot be Chromium, or undefined when it is an executable file. */
function problemWith(path: string): string | undefined {
  try {
    if (!statSync(path).isFile()) return "is not a file";
    accessSync(path, constants.X_OK);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EACCES" ? "is not executable" : "does not exist";
  }
}

/** `fallback` is for tests: where Chromium is when CHROMIUM_PATH is not set. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env, fallback = defaultChromiumPath): string {
  const fromEnv = env.CHROMIUM_PATH?.trim();
  const path = fromEnv || fallback;
  const problem = problemWith(path);
  if (!problem) return path;
  throw new MissingChromiumError(
    fromEnv
      ? `The end-to-end tests need Chromium, and CHROMIUM_PATH (${path}) ${problem}: point it at a Chromium or Chrome executable, or unset it to use ${fallback}.`
      : `The end-to-end tests need Chromium, and ${fallback} ${problem}: install it (Debian: \`sudo apt-get install chromium\`), or set CHROMIUM_PATH to a Chromium or Chrome executable, e.g. CHROMIUM_PATH="$(command -v google-chrome)" npm test.`,
  );
}
