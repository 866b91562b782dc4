/**
 * The processes a benchmark starts: our server (`node server/main.ts`, real SQLite) and the bare
 * relay as children on 127.0.0.1, port 0, plus forked helper scripts. Every child is tracked and
 * killed when the benchmark exits, whatever happens.
 */
import { type ChildProcess, fork, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openSqliteStorage } from "../../server/storage/sqlite.ts";
import type { DatasetRecord } from "../../server/storage/types.ts";
import { startServerProcess } from "../../server/test/testServer.ts";
import { datasetDocumentName } from "../../shared/documentNames.ts";
import { newDatasetId } from "../../shared/ids.ts";
import type { Openness } from "../../shared/rights.ts";
import { sleep, withTimeout } from "./async.ts";

const running = new Set<ChildProcess>();

function track<T extends ChildProcess>(child: T): T {
  running.add(child);
  child.once("exit", () => running.delete(child));
  return child;
}

process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});
process.once("SIGINT", () => process.exit(130));

export type ServerProcess = { url: string; wsUrl: string; child: ChildProcess; exited: Promise<number | null> };

/** Starts `node server/main.ts` on a data directory. */
export async function startServer(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await withTimeout(startServerProcess(dataDir, env), 30_000, "server start");
  track(server.child);
  return server;
}

const RELAY = path.join(import.meta.dirname, "relay.ts");

/** Starts the bare y-websocket relay holding one document, seeded from a file (a V1 update). */
export async function startRelay(seedFile: string, documentName: string): Promise<Omit<ServerProcess, "url">> {
  const child = track(
    spawn(process.execPath, [RELAY, seedFile, documentName], { stdio: ["ignore", "pipe", "inherit"] }),
  );
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const port = await withTimeout(
    new Promise<string>((resolve, reject) => {
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (\d+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.once("exit", (code) => reject(new Error(`relay exited with ${code}: ${output}`)));
    }),
    30_000,
    "relay start",
  );
  return { wsUrl: `ws://127.0.0.1:${port}`, child, exited };
}

/** Forks a benchmark script with an IPC channel (structured clone, so typed arrays pass as they are). */
export function forkScript(file: string, args: string[] = [], execArgv: string[] = []): ChildProcess {
  return track(
    fork(path.join(import.meta.dirname, file), args, {
      execArgv,
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    }),
  );
}

/** SIGTERM, then SIGKILL if the child has not exited after `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(graceMs)]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill("SIGKILL");
    await exited;
  }
}

export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `data-patch-bench-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Registers a dataset whose first state is `initialState` directly in the server's SQLite file,
 * before the server starts (the API only creates small datasets, for signed-in people). Returns
 * its document name. Open to anonymous editing unless told otherwise, so the benchmark's clients
 * need no account or token.
 */
export async function seedDataset(
  dataDir: string,
  title: string,
  initialState: Uint8Array,
  openness: Openness = "public-edit",
): Promise<string> {
  // The file name the server opens in DATA_DIR (server/app.ts).
  const storage = openSqliteStorage(path.join(dataDir, "data-patch.sqlite"));
  try {
    const now = new Date().toISOString();
    const record: DatasetRecord = {
      id: newDatasetId(),
      title,
      description: "",
      epoch: 0,
      workspaceId: null,
      openness,
      createdAt: now,
      updatedAt: now,
    };
    const documentName = datasetDocumentName(record.id, record.epoch);
    await storage.datasets.create(record, initialState, documentName);
    return documentName;
  } finally {
    await storage.close();
  }
}

/** Like stopProcess, and then kills whatever the child started that outlived it (Linux /proc). */
export async function stopProcessTree(child: ChildProcess, graceMs = 10_000): Promise<void> {
  const descendants = child.pid === undefined ? [] : descendantsOf(child.pid);
  await stopProcess(child, graceMs);
  for (const pid of descendants) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

function descendantsOf(pid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const parentOf = new Map<number, number>();
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Field 4, the parent pid, comes after "(command)".
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // exited meanwhile
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift() as number;
    for (const [p, pp] of parentOf)
      if (pp === parent) {
        found.push(p);
        queue.push(p);
      }
  }
  return found;
}
