/** A description of the machine a benchmark ran on, for the report header, and of the code it ran. */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export type Machine = { cores: number; cpu: string; memoryGiB: number; node: string; platform: string; date: string };

export function describeMachine(): Machine {
  return {
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
  };
}

/** Where the code a benchmark starts lives: the server and what it imports. */
const CODE = ["server", "shared"];

/**
 * The commit measured, and a fingerprint of uncommitted changes to the server's code if there
 * are any ("commit abc1234 + uncommitted changes 9f3e…"): others may commit or edit while a
 * benchmark runs, and each server process runs the files as they are when it starts.
 */
export function describeSource(): string {
  const root = path.resolve(import.meta.dirname, "../..");
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 64 * 2 ** 20,
      stdio: ["ignore", "pipe", "ignore"],
    });
  try {
    const commit = git("log", "-1", "--format=%h").trim();
    const diff = git("diff", "HEAD", "--", ...CODE);
    const untracked = git("ls-files", "--others", "--exclude-standard", "--", ...CODE);
    if (diff === "" && untracked === "") return `commit ${commit}`;
    const hash = createHash("sha1").update(diff);
    for (const file of untracked.split("\n").filter(Boolean))
      hash.update(file).update(readFileSync(path.join(root, file)));
    return `commit ${commit} + uncommitted changes ${hash.digest("hex").slice(0, 7)}`;
  } catch {
    return "an unknown commit";
  }
}
