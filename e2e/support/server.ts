/**
 * A real server per spec file: in-process, fresh data directory, restartable on the same port and
 * data. Its log is kept (and still printed): the setup code it prints at start is read from there.
 * By default the harness then claims the new instance with that code, as the person who runs it
 * would, so specs start on an instance that has its administrator; `firstRun` leaves it unclaimed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type App, startApp } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";
import type { ImportHold } from "../../server/import/importJobs.ts";
import { serverLog } from "../../server/test/serverLog.ts";

export type TestServer = {
  readonly url: string;
  readonly dataDir: string;
  /** The setup code of the latest start, read from the server's log as a person would. */
  setupCode(): string;
  /** Everything the server logged so far. */
  logText(): string;
  /** Stops the server (sockets close, data is flushed). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  dispose(): Promise<void>;
};

/** The harness's own administrator, made with the setup code unless `firstRun`. */
export const HARNESS_ADMIN = {
  name: "Harness Admin",
  email: "harness-admin@example.test",
  password: "harness admin pw",
};

/** `env`: more configuration, e.g. `SMTP_URL` or `OIDC_*`. `importHold`: import jobs held at chosen phases (server/test/importHolds.ts). */
export async function startTestServer(
  env: Record<string, string> = {},
  { firstRun = false, importHold }: { firstRun?: boolean; importHold?: ImportHold } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "data-patch-e2e-"));
  const log = serverLog(process.stdout);
  const boot = (port: string) =>
    startApp(loadConfig({ PORT: port, HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "warn", ...env }), {
      logStream: log.stream,
      importHold,
    });
  let app: App | null = await boot("0");
  const url = app.url;
  const port = new URL(url).port;
  if (!firstRun) await claimInstance(url, log.setupCode());
  return {
    url,
    dataDir,
    setupCode: () => log.setupCode(),
    logText: () => log.text(),
    async stop() {
      await app?.close();
      app = null;
    },
    async start() {
      app ??= await boot(port);
    },
    async dispose() {
      await app?.close();
      app = null;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function claimInstance(url: string, code: string) {
  const response = await fetch(`${url}/api/setup`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ ...HARNESS_ADMIN, language: "en", code }),
  });
  if (response.status !== 201) throw new Error(`claiming the instance: ${response.status} ${await response.text()}`);
}
