/** Builds the client once per e2e run (a production build); the servers the specs start serve it from dist/. */
import { build } from "vite";

export default async function setup() {
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
