/**
 * The server as `server/main.ts` starts it, with one import hold armed (importHolds.ts) and never
 * released: IMPORT_HOLD_AT=`kind:state` (e.g. `create:building`) stops the first such job there,
 * for a test that kills the process under it. Run as a child process (startServerProcess).
 */
import { startApp } from "../app.ts";
import { loadConfig, readEnvironment } from "../config.ts";
import { importHolds } from "./importHolds.ts";

const [kind, state] = (process.env.IMPORT_HOLD_AT ?? "").split(":");
if ((kind !== "create" && kind !== "update") || !state) throw new Error("set IMPORT_HOLD_AT=create|update:state");
const holds = importHolds();
holds.at(kind, state as Parameters<typeof holds.at>[1]);
const app = await startApp(loadConfig(readEnvironment()), { importHold: holds.hold });
process.stdout.write(`Data Patch is running at ${app.url}\n`);
