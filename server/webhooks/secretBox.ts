/**
 * Webhook signing secrets must be readable by the server (HMAC signs with the secret itself, so it
 * cannot be stored hashed like tokens). They are stored sealed (AES-256-GCM) with a key kept in its
 * own file beside the database, made at first start: a copy of the database alone (a backup, a
 * leak) holds no usable secret. Losing the key file only means giving the endpoints new secrets.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";

export type SecretBox = { seal(secret: string): Uint8Array; open(sealed: Uint8Array): string };

const VERSION = 1;

/** The key in `file` (32 bytes, hex), created with owner-only permissions when missing. */
export function openSecretBox(file: string): SecretBox {
  let hex: string;
  try {
    hex = readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    hex = randomBytes(32).toString("hex");
    try {
      writeFileSync(file, `${hex}\n`, { mode: 0o600, flag: "wx" });
    } catch (raced) {
      if ((raced as NodeJS.ErrnoException).code !== "EEXIST") throw raced;
      hex = readFileSync(file, "utf8").trim();
    }
  }
  const key = Buffer.from(hex, "hex");
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte key in hex`);
  return {
    seal(secret) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
      return new Uint8Array(Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), body]));
    },
    open(sealed) {
      const bytes = Buffer.from(sealed);
      if (bytes[0] !== VERSION) throw new Error("unknown sealed secret format");
      const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(1, 13));
      decipher.setAuthTag(bytes.subarray(13, 29));
      return Buffer.concat([decipher.update(bytes.subarray(29)), decipher.final()]).toString("utf8");
    },
  };
}

/** A new Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString("base64")}`;
