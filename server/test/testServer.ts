/**
 * Real servers for tests: in-process on port 0 with a fresh SQLite file in a temp dir, or as a
 * child process (for crash tests), plus real Hocuspocus providers as clients.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { HocuspocusProvider } from "@hocuspocus/provider";
import WebSocket from "ws";
import * as Y from "yjs";
import type { CreateDatasetRequest, DatasetSummary } from "../../shared/api/datasets.ts";
import type { Openness } from "../../shared/rights.ts";
import { type App, startApp } from "../app.ts";
import { createSession } from "../auth/sessions.ts";
import type { Clock } from "../clock.ts";
import { loadConfig } from "../config.ts";
import type { ImportHold } from "../import/importJobs.ts";
import { openSqliteStorage } from "../storage/sqlite.ts";

export function tempDataDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "data-patch-test-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export type TestServer = App & { wsUrl: string; dataDir: string };

/**
 * `logStream`: to read the server's log (with `LOG_LEVEL` in `env`, silent by default); see serverLog.ts.
 * `clock`: the time the daily digest waits on (manualClock.ts). `importHold`: import jobs held at
 * chosen phases (importHolds.ts).
 */
export async function startTestServer(
  dataDir: string,
  env: Record<string, string> = {},
  { logStream, clock, importHold }: { logStream?: NodeJS.WritableStream; clock?: Clock; importHold?: ImportHold } = {},
): Promise<TestServer> {
  const app = await startApp(
    // The API reader process only where a test asks for it (API_READER_PROCESS=true): one more
    // Node process per server would slow every other test (server/apiReader/apiReader.test.ts).
    loadConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      LOG_LEVEL: "silent",
      API_READER_PROCESS: "false",
      ...env,
    }),
    { logStream, clock, importHold },
  );
  return { ...app, wsUrl: toWsUrl(app.url), dataDir };
}

const SERVER_MAIN = path.resolve(import.meta.dirname, "../main.ts");
/** The server with one import hold armed from IMPORT_HOLD_AT, never released (heldImportServer.ts). */
export const HELD_IMPORT_SERVER_MAIN = path.resolve(import.meta.dirname, "heldImportServer.ts");

/**
 * Starts `node server/main.ts` (or `main`, e.g. HELD_IMPORT_SERVER_MAIN) as a child process;
 * resolves once it prints its URL.
 */
export async function startServerProcess(
  dataDir: string,
  env: Record<string, string> = {},
  main = SERVER_MAIN,
): Promise<{ url: string; wsUrl: string; dataDir: string; child: ChildProcess; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [main], {
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
  return { url, wsUrl: toWsUrl(url), dataDir, child, exited };
}

export const toWsUrl = (url: string) => `${url.replace(/^http/, "ws")}/collab`;

/**
 * A signed-in person for tests that are not about accounts: made straight in the server's SQLite
 * file (which several connections may share), with a session cookie to send.
 */
export async function createUserSession(dataDir: string, email = `owner-${randomUUID()}@example.test`) {
  const storage = openSqliteStorage(path.join(dataDir, "data-patch.sqlite"));
  try {
    const user = await storage.users.create({
      id: randomUUID(),
      email,
      emailVerified: true,
      passwordHash: null,
      name: email.split("@")[0] ?? "someone",
      language: "en",
      createdAt: new Date().toISOString(),
    });
    if (!user) throw new Error(`${email} exists`);
    return { user, cookie: `dp_session=${await createSession(storage, user.id)}` };
  } finally {
    storage.close();
  }
}

/**
 * Creates a dataset through the API as a fresh owner, then opens it to `openness`
 * (default: anyone may edit cells, so tests can connect plain providers).
 */
export async function createDatasetViaApi(
  server: { url: string; dataDir: string },
  body: CreateDatasetRequest,
  { openness = "public-edit", cookie }: { openness?: Openness; cookie?: string } = {},
): Promise<DatasetSummary> {
  const headers = {
    "content-type": "application/json",
    origin: server.url,
    cookie: cookie ?? (await createUserSession(server.dataDir)).cookie,
  };
  const response = await fetch(`${server.url}/api/datasets`, { method: "POST", headers, body: JSON.stringify(body) });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
  const created = (await response.json()) as DatasetSummary;
  if (openness === created.openness) return created;
  const settings = await fetch(`${server.url}/api/datasets/${created.id}/settings`, {
    method: "PATCH",
    headers,
    body: JSON.stringify({ openness }),
  });
  if (!settings.ok) throw new Error(`settings failed: ${settings.status} ${await settings.text()}`);
  return (await settings.json()) as DatasetSummary;
}

export type TestClient = { doc: Y.Doc; provider: HocuspocusProvider; closes: { code: number; reason: string }[] };

/** A real provider in Node; resolves once the first sync with the server is done. */
export async function connectClient(
  wsUrl: string,
  name: string,
  doc = new Y.Doc(),
  { token, cookie, origin }: { token?: string; cookie?: string; origin?: string } = {},
): Promise<TestClient> {
  const closes: TestClient["closes"] = [];
  // A browser sends its cookies and its page's Origin with the WebSocket upgrade; Node's WebSocket
  // cannot, the ws package can. With a cookie, the Origin is the server's own unless told otherwise.
  const headers = {
    ...(cookie ? { cookie, origin: new URL(wsUrl.replace(/^ws/, "http")).origin } : {}),
    ...(origin ? { origin } : {}),
  };
  const WebSocketPolyfill =
    Object.keys(headers).length > 0
      ? class extends WebSocket {
          constructor(url: string) {
            super(url, { headers });
          }
        }
      : undefined;
  const provider = new HocuspocusProvider({
    url: wsUrl,
    name,
    document: doc,
    token: token ?? null,
    ...(WebSocketPolyfill ? { WebSocketPolyfill } : {}),
  } as ConstructorParameters<typeof HocuspocusProvider>[0]);
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

/** Retries an assertion (which may be async) until it passes (no fixed sleeps in tests). */
export async function waitFor<T>(assertion: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
