/** Builds the client once per e2e run; the servers the specs start serve it from dist/. */
import { build } from "vite";

export default async function setup() {
  if (process.env.E2E_SKIP_BUILD === "1") return;
  await build({ logLevel: "warn", configFile: new URL("../../vite.config.ts", import.meta.url).pathname });
}
