/**
 * One configuration for the server and `npm run admin`: the environment over a `.env` file, the
 * same defaults, and mistakes said in one sentence by both commands (real child processes).
 */
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { runAdmin } from "../scripts/admin.ts";
import { loadConfig, PROJECT_ROOT, readEnvironment } from "./config.ts";
import { startTestServer, tempDataDir } from "./test/testServer.ts";

const run = promisify(execFile);
const dirs: { remove: () => void }[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});
function freshDir() {
  const data = tempDataDir();
  dirs.push(data);
  return data.dir;
}

/** Runs a command of the project as a person would, and returns its exit code and output. */
async function runNode(script: string, args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(PROJECT_ROOT, script), ...args], {
      env: { PATH: process.env.PATH ?? "", ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("configuration", () => {
  it("reads .env under the environment, and resolves a relative DATA_DIR from the project folder", () => {
    const dir = freshDir();
    const file = path.join(dir, ".env");
    writeFileSync(file, '# a comment\nPORT=4100\nDATA_DIR=relative/data\nMAIL_FROM="Our Patch <us@example.test>"\n');
    const config = loadConfig(readEnvironment({ PORT: "4200" }, file));
    expect(config.port).toBe(4200); // the shell wins over the file
    expect(config.dataDir).toBe(path.join(PROJECT_ROOT, "relative/data"));
    expect(config.mailFrom).toBe("Our Patch <us@example.test>");
    expect(readEnvironment({ PORT: "1" }, path.join(dir, "absent.env"))).toEqual({ PORT: "1" });
    expect(loadConfig({}).dataDir).toBe(path.join(PROJECT_ROOT, "data")); // the default, wherever it runs from
  });

  it("lets npm run admin open the database of a server started with PORT and DATA_DIR", async () => {
    const dir = freshDir();
    const server = await startTestServer(dir);
    try {
      const env = { DATA_DIR: dir, PORT: new URL(server.url).port };
      const output = await runAdmin(["create-admin", "root@example.test", "Root"], env);
      expect(output).toContain(`${server.url}/reset-password?token=`);
      expect(await runAdmin(["list"], env)).toMatch(/admin verified +root@example.test/);
    } finally {
      await server.close();
    }
  });

  it("says a mistake in one sentence, without a stack trace, in both commands", async () => {
    const server = await runNode("server/main.ts", [], { PORT: "not a port", DATA_DIR: freshDir() });
    expect(server.code).toBe(1);
    expect(server.stderr.trim()).toMatch(/^Data Patch cannot start: invalid configuration: PORT: [^\n]+$/);

    const missing = path.join(freshDir(), "nothing-here");
    const admin = await runNode("scripts/admin.ts", ["list"], { DATA_DIR: missing });
    expect(admin.code).toBe(1);
    expect(admin.stderr.trim()).toBe(
      `npm run admin: there is no Data Patch database at ${path.join(missing, "data-patch.sqlite")}: start the server once, or set DATA_DIR as the server has it (in .env or the environment)`,
    );
    const usage = await runNode("scripts/admin.ts", ["frobnicate"], {});
    expect(usage).toMatchObject({ code: 1, stdout: "" });
    expect(usage.stderr.trim()).toMatch(/^usage: npm run admin -- create-admin/);
  });
});
