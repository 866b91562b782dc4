/**
 * Before any spec: Chromium is there (or the run stops with one sentence on how to get it), then the
 * client is built once per e2e run (a production build); the servers the specs start serve it from dist/.
 */
import { build } from "vite";
import { chromiumPath, MissingChromiumError } from "./chromiumPath.ts";

export default async function setup() {
  try {
    chromiumPath();
  } catch (error) {
    if (!(error instanceof MissingChromiumError)) throw error;
    // Vitest would add "No test files found" and its error banner around it: the sentence alone.
    process.stderr.write(`\n${error.message}\n`);
    process.exit(1);
  }
  if (process.env.E2E_SKIP_BUILD === "1") return;
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production"; // vitest sets "test", which would bundle React's development build
  try {
    await build({
      mode: "production",
      logLevel: "warn",
      configFile: new URL("../../vite.config.ts", import.meta.url).pathname,
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
