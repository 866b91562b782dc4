/**
 * Real servers for tests: in-process on port 0 with a fresh SQLite file in a temp dir, or as a
 * child process (for crash tests), plus real Hocuspocus providers as clients.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { HocuspocusProvider } from "@hocuspocus/provider";
import * as Y from "yjs";
import type { CreateDatasetRequest, DatasetSummary } from "../../shared/api/datasets.ts";
import { type App, startApp } from "../app.ts";
import { loadConfig } from "../config.ts";

export function tempDataDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "data-patch-test-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export type TestServer = App & { wsUrl: string; dataDir: string };

export async function startTestServer(dataDir: string, env: Record<string, string> = {}): Promise<TestServer> {
  const app = await startApp(
    loadConfig({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "silent", ...env }),
  );
  return { ...app, wsUrl: toWsUrl(app.url), dataDir };
}

const SERVER_MAIN = path.resolve(import.meta.dirname, "../main.ts");

/** Starts `node server/main.ts` as a child process; resolves once it prints its URL. */
export async function startServerProcess(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<{ url: string; wsUrl: string; child: ChildProcess; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [SERVER_MAIN], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code} before listening: ${output}`)));
  });
  return { url, wsUrl: toWsUrl(url), child, exited };
}

export const toWsUrl = (url: string) => `${url.replace(/^http/, "ws")}/collab`;

export async function createDatasetViaApi(baseUrl: string, body: CreateDatasetRequest): Promise<DatasetSummary> {
  const response = await fetch(`${baseUrl}/api/datasets`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as DatasetSummary;
}

export type TestClient = { doc: Y.Doc; provider: HocuspocusProvider; closes: { code: number; reason: string }[] };

/** A real provider in Node; resolves once the first sync with the server is done. */
export async function connectClient(wsUrl: string, name: string, doc = new Y.Doc()): Promise<TestClient> {
  const closes: TestClient["closes"] = [];
  const provider = new HocuspocusProvider({ url: wsUrl, name, document: doc });
  provider.on("close", ({ event }: { event: { code: number; reason: string } }) =>
    closes.push({ code: event.code, reason: event.reason }),
  );
  await new Promise<void>((resolve, reject) => {
    provider.on("synced", () => resolve());
    provider.on("authenticationFailed", ({ reason }: { reason: string }) => reject(new Error(`refused: ${reason}`)));
  });
  return { doc, provider, closes };
}

/** Resolves when the server has acknowledged every local change of the client. */
export function whenAcknowledged(client: TestClient): Promise<void> {
  return waitFor(() => {
    if (client.provider.hasUnsyncedChanges) throw new Error(`${client.provider.unsyncedChanges} unacknowledged`);
  });
}

/** Retries an assertion until it passes (no fixed sleeps in tests). */
export async function waitFor<T>(assertion: () => T, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
