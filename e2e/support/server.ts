/** A real server per spec file: in-process, fresh data directory, restartable on the same port and data. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type App, startApp } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";

export type TestServer = {
  readonly url: string;
  readonly dataDir: string;
  /** Stops the server (sockets close, data is flushed). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  dispose(): Promise<void>;
};

/** `env`: more configuration, e.g. `SMTP_URL` or `OIDC_*`. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "data-patch-e2e-"));
  const boot = (port: string) =>
    startApp(loadConfig({ PORT: port, HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "warn", ...env }));
  let app: App | null = await boot("0");
  const url = app.url;
  const port = new URL(url).port;
  return {
    url,
    dataDir,
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
