/**
 * scripts/requireNode.js, the check in front of `npm ci` (postinstall), `npm start` and `npm test`,
 * run on the Node running these tests and on the machine's own older Node when there is one.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const script = path.resolve(import.meta.dirname, "requireNode.js");

/** A `node` on PATH (or /usr/bin/node) older than 24.7, such as the machine's own; undefined if none. */
function olderNode(): { execPath: string; version: string } | undefined {
  const candidates = [
    ...(process.env.PATH ?? "").split(path.delimiter).map((dir) => path.join(dir, "node")),
    "/usr/bin/node",
  ];
  for (const execPath of candidates) {
    if (!existsSync(execPath)) continue;
    const version = execFileSync(execPath, ["--version"], { encoding: "utf8" }).trim();
    const [major = 0, minor = 0] = version.slice(1).split(".").map(Number);
    if (major < 24 || (major === 24 && minor < 7)) return { execPath, version };
  }
  return undefined;
}

describe("requireNode.js", () => {
  it("lets this Node (24.7 or later) through in silence", () => {
    const run = spawnSync(process.execPath, [script], { encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(run.stdout + run.stderr).toBe("");
  });

  const older = olderNode();
  it.skipIf(!older)("stops an older Node with one sentence that says what to run", () => {
    const run = spawnSync(older?.execPath ?? "", [script], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Data Patch needs Node.js 24.7 or later and this is Node.js ${older?.version}`);
    expect(lines[0]).toMatch(/`npm ci`/);
  });

  it.skipIf(!older)("after an install by an older npm's Node, says which Node the scripts run on", () => {
    const run = spawnSync(process.execPath, [script, "--after-install"], {
      encoding: "utf8",
      env: { ...process.env, npm_node_execpath: older?.execPath },
    });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(
      `Data Patch's npm scripts run on Node.js ${process.version} from node_modules (npm itself runs on ${older?.version}, which the engine warnings above are about).`,
    );
  });
});
