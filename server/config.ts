/**
 * Configuration from environment variables (over those of a `.env` file at the project root), with
 * defaults for a one-process SQLite install. The server and `npm run admin` both read it here.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";
import { z } from "zod";
import type { MapTiles } from "../shared/api/instance.ts";
import { proxyTrust } from "./net/clientAddress.ts";

/** The project's folder: where `.env` is read, and what a relative DATA_DIR is relative to. */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, "..");

/**
 * The process's environment over the variables of `file` (`.env` at the project root, same syntax
 * as Node's `--env-file`), if it exists: what is set in the shell wins, as with Node's own loader.
 */
export function readEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  file = path.join(PROJECT_ROOT, ".env"),
): NodeJS.ProcessEnv {
  let content: string;
  try {
    content = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return env;
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  return { ...parseEnv(content), ...env };
}

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default("./data"),
  PUBLIC_URL: z.url().optional(),
  TRUST_PROXY: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(32 * 1024 * 1024),
  MAX_UNREAD_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(16 * 1024 * 1024),
  ANONYMOUS_WRITE_BYTES_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1024)
    .default(8 * 1024 * 1024),
  SMTP_URL: z.string().min(1).optional(),
  MAIL_FROM: z.string().min(3).default("Data Patch <no-reply@localhost>"),
  MAIL_RETRY_BASE_MS: z.coerce.number().int().min(1).default(30_000),
  DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(8),
  AUTH_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  STORE_DEBOUNCE_MS: z.coerce.number().int().min(0).default(2000),
  STORE_MAX_DEBOUNCE_MS: z.coerce.number().int().min(0).default(10_000),
  SNAPSHOT_DELAY_MS: z.coerce.number().int().min(0).default(1000),
  // A build takes ~0.3 ms per KiB of stored document (1,800 rows: ~670 KiB, ~200 ms): on the main
  // thread it would hold every edit that long, so all but small documents go to the worker.
  SNAPSHOT_WORKER_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(64 * 1024),
  API_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  API_READER_PROCESS: z.enum(["true", "false"]).default("true"),
  INSTANCE_NAME: z.string().trim().min(1).max(200).optional(),
  SYNC_WATCHDOG_MS: z.coerce.number().int().min(1000).default(15_000),
  IMPORT_ALLOW_LOCAL_ADDRESSES: z.enum(["true", "false"]).default("false"),
  IMPORT_LINKS_PER_HOUR: z.coerce.number().int().min(1).default(30),
  WEBHOOK_ALLOW_LOCAL_ADDRESSES: z.enum(["true", "false"]).default("false"),
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(1).default(30_000),
  WEBHOOK_DEBOUNCE_MS: z.coerce.number().int().min(0).default(5_000),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(10),
  WEBHOOK_PAUSE_AFTER_FAILURES: z.coerce.number().int().min(1).default(5),
  MAP_TILE_URL: z
    .string()
    .regex(/^https?:\/\/[^\s"'<>]+$/, {
      message: "a tile URL template like https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    })
    .default("https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
  MAP_TILE_ATTRIBUTION: z.string().min(1).max(300).default("© OpenStreetMap contributors"),
  MAP_TILE_ATTRIBUTION_URL: z.union([z.url(), z.literal("")]).default("https://www.openstreetmap.org/copyright"),
  EMBED_REFRESH_SECONDS: z.coerce.number().int().min(1).default(30),
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().min(1).default("OpenID Connect"),
  GITHUB_CLIENT_ID: z.string().min(1).optional(),
  GITHUB_CLIENT_SECRET: z.string().min(1).optional(),
  GITHUB_URL: z.url().default("https://github.com"),
  GITHUB_API_URL: z.url().default("https://api.github.com"),
  GITLAB_CLIENT_ID: z.string().min(1).optional(),
  GITLAB_CLIENT_SECRET: z.string().min(1).optional(),
  GITLAB_URL: z.url().default("https://gitlab.com"),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  /** Where people reach the server; used in links. Defaults to http://HOST:PORT. */
  publicUrl: string | null;
  logLevel: z.infer<typeof schema>["LOG_LEVEL"];
  /** Reverse proxies whose X-Forwarded-For is believed (server/net/clientAddress.ts); none by default. */
  trustProxy: string[];
  /** Largest WebSocket message accepted; larger ones close that connection with code 1009. */
  maxMessageBytes: number;
  /** Bytes a collaboration socket may leave unread (beyond its largest message) before it is cut. */
  maxUnreadBytes: number;
  /** Bytes of changes anonymous visitors may send per minute, per client address. */
  anonymousWriteBytesPerMinute: number;
  /** SMTP server as a URL (smtp://user:pass@host:587, smtps://…); without it, mail goes to the admin outbox. */
  smtpUrl: string | null;
  mailFrom: string;
  /** An email that could not be sent is tried again after this long, doubling each time (up to 6 hours). */
  mailRetryBaseMs: number;
  /** Moderators' daily digest of new proposals goes at this hour (0–23), in the server's time zone (TZ). */
  digestHour: number;
  /** Sign-in, sign-up and reset attempts allowed per minute and per address. */
  authAttemptsPerMinute: number;
  storeDebounceMs: number;
  storeMaxDebounceMs: number;
  /** Published snapshots: least time between two rebuilds of a dataset's snapshot after changes. */
  snapshotDelayMs: number;
  /** Stored document size from which a snapshot is built in the worker thread. */
  snapshotWorkerBytes: number;
  /** /api/v1 requests allowed per minute, per API token or else per client address. */
  apiRequestsPerMinute: number;
  /** /api/v1 reads served by a second process (server/apiReader), off the thread that relays edits. */
  apiReaderProcess: boolean;
  /** The instance's name in the DCAT catalogue (its title and publisher); null: the public address's host. */
  instanceName: string | null;
  /**
   * How long a connected page waits for the server to acknowledge its changes before it takes a
   * fresh connection (the client's sync watchdog, client/collab/syncWatchdog.ts); served to pages
   * in `GET /api/instance`.
   */
  syncWatchdogMs: number;
  /** Tests only: imports from links may reach loopback and private addresses (never link-local ones). */
  importAllowLocalAddresses: boolean;
  /** Imports from links allowed per hour, per account and per client address. */
  importLinksPerHour: number;
  /** Tests only: webhooks may go to loopback and private addresses, over plain http (never link-local ones). */
  webhookAllowLocalAddresses: boolean;
  /** A webhook that could not be delivered is tried again after this long, doubling each time (up to 6 hours). */
  webhookRetryBaseMs: number;
  /** A dataset's changes during this long after a snapshot rebuild make one `dataset.changed` event. */
  webhookDebounceMs: number;
  /** Attempts of one delivery before it is given up. */
  webhookMaxAttempts: number;
  /** An endpoint is paused, and its owners told, when this many deliveries in a row were given up. */
  webhookPauseAfterFailures: number;
  /** The maps' background (embeds and the app's map view): tiles and the credit they require. */
  mapTiles: MapTiles;
  /** How often an embed page checks whether the dataset changed. */
  embedRefreshSeconds: number;
  /** Sign-in providers (docs/SIGN-IN.md); each is offered once its client id and secret are set. */
  signIn: SignInSettings;
  /** Directory of the built client, served at /. */
  clientDir: string;
};

function trustedProxies(value: string | undefined): string[] {
  const proxies = (value ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  try {
    proxyTrust(proxies);
  } catch (error) {
    throw new Error(`invalid configuration: TRUST_PROXY: ${(error as Error).message}`);
  }
  return proxies;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(PROJECT_ROOT, e.DATA_DIR),
    publicUrl: e.PUBLIC_URL ?? null,
    logLevel: e.LOG_LEVEL,
    trustProxy: trustedProxies(e.TRUST_PROXY),
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    maxUnreadBytes: e.MAX_UNREAD_BYTES,
    anonymousWriteBytesPerMinute: e.ANONYMOUS_WRITE_BYTES_PER_MINUTE,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    mailRetryBaseMs: e.MAIL_RETRY_BASE_MS,
    digestHour: e.DIGEST_HOUR,
    authAttemptsPerMinute: e.AUTH_ATTEMPTS_PER_MINUTE,
    storeDebounceMs: e.STORE_DEBOUNCE_MS,
    storeMaxDebounceMs: e.STORE_MAX_DEBOUNCE_MS,
    snapshotDelayMs: e.SNAPSHOT_DELAY_MS,
    snapshotWorkerBytes: e.SNAPSHOT_WORKER_BYTES,
    apiRequestsPerMinute: e.API_REQUESTS_PER_MINUTE,
    apiReaderProcess: e.API_READER_PROCESS === "true",
    instanceName: e.INSTANCE_NAME ?? null,
    syncWatchdogMs: e.SYNC_WATCHDOG_MS,
    importAllowLocalAddresses: e.IMPORT_ALLOW_LOCAL_ADDRESSES === "true",
    importLinksPerHour: e.IMPORT_LINKS_PER_HOUR,
    webhookAllowLocalAddresses: e.WEBHOOK_ALLOW_LOCAL_ADDRESSES === "true",
    webhookRetryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
    webhookDebounceMs: e.WEBHOOK_DEBOUNCE_MS,
    webhookMaxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
    webhookPauseAfterFailures: e.WEBHOOK_PAUSE_AFTER_FAILURES,
    mapTiles: {
      url: e.MAP_TILE_URL,
      attribution: e.MAP_TILE_ATTRIBUTION,
      attributionUrl: e.MAP_TILE_ATTRIBUTION_URL || null,
    },
    embedRefreshSeconds: e.EMBED_REFRESH_SECONDS,
    signIn: signInSettings(e),
    clientDir: path.resolve(import.meta.dirname, "../dist"),
  };
}

type Credentials = { clientId: string; clientSecret: string };
export type SignInSettings = {
  oidc: (Credentials & { issuer: string; name: string }) | null;
  github: (Credentials & { url: string; apiUrl: string }) | null;
  gitlab: (Credentials & { url: string }) | null;
};

function signInSettings(e: z.infer<typeof schema>): SignInSettings {
  const credentials = (prefix: string, id?: string, secret?: string): Credentials | null => {
    if (!id && !secret) return null;
    if (!id || !secret)
      throw new Error(`invalid configuration: set both ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET`);
    return { clientId: id, clientSecret: secret };
  };
  const oidc = credentials("OIDC", e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET);
  if (Boolean(oidc) !== Boolean(e.OIDC_ISSUER))
    throw new Error("invalid configuration: OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET, and they need it");
  const github = credentials("GITHUB", e.GITHUB_CLIENT_ID, e.GITHUB_CLIENT_SECRET);
  const gitlab = credentials("GITLAB", e.GITLAB_CLIENT_ID, e.GITLAB_CLIENT_SECRET);
  return {
    oidc: oidc && e.OIDC_ISSUER ? { ...oidc, issuer: e.OIDC_ISSUER, name: e.OIDC_NAME } : null,
    github: github && { ...github, url: e.GITHUB_URL, apiUrl: e.GITHUB_API_URL },
    gitlab: gitlab && { ...gitlab, url: e.GITLAB_URL },
  };
}
