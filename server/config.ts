/** Configuration from environment variables, with defaults for a one-process SQLite install. */
import path from "node:path";
import { z } from "zod";

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default("./data"),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(32 * 1024 * 1024),
  SMTP_URL: z.string().min(1).optional(),
  MAIL_FROM: z.string().min(3).default("Data Patch <no-reply@localhost>"),
  AUTH_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  STORE_DEBOUNCE_MS: z.coerce.number().int().min(0).default(2000),
  STORE_MAX_DEBOUNCE_MS: z.coerce.number().int().min(0).default(10_000),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  /** Where people reach the server; used in links. Defaults to http://HOST:PORT. */
  publicUrl: string | null;
  logLevel: z.infer<typeof schema>["LOG_LEVEL"];
  /** Largest WebSocket message accepted; larger ones close that connection with code 1009. */
  maxMessageBytes: number;
  /** SMTP server as a URL (smtp://user:pass@host:587, smtps://…); without it, mail goes to the admin outbox. */
  smtpUrl: string | null;
  mailFrom: string;
  /** Sign-in, sign-up and reset attempts allowed per minute and per address. */
  authAttemptsPerMinute: number;
  storeDebounceMs: number;
  storeMaxDebounceMs: number;
  /** Directory of the built client, served at /. */
  clientDir: string;
};

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
    dataDir: path.resolve(e.DATA_DIR),
    publicUrl: e.PUBLIC_URL ?? null,
    logLevel: e.LOG_LEVEL,
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    authAttemptsPerMinute: e.AUTH_ATTEMPTS_PER_MINUTE,
    storeDebounceMs: e.STORE_DEBOUNCE_MS,
    storeMaxDebounceMs: e.STORE_MAX_DEBOUNCE_MS,
    clientDir: path.resolve(import.meta.dirname, "../dist"),
  };
}
