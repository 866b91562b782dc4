/**
 * One signed webhook request (Standard Webhooks 1.0): a POST of the JSON payload with `webhook-id`,
 * `webhook-timestamp` and `webhook-signature` (HMAC-SHA256 of `id.timestamp.body`, by the
 * `standardwebhooks` library), signed at each attempt so the timestamp is fresh. The target is
 * guarded like an import's link (server/net/guardedLookup.ts); redirects are not followed; any
 * answer other than 2xx is a failure. Nothing of the answer is kept but its status.
 */
import http from "node:http";
import https from "node:https";
import { Webhook } from "standardwebhooks";
import type { DeliveryErrorCode } from "../../shared/api/webhooks.ts";
import { checkUrl, guardedLookup, RefusedAddress, type Resolve } from "../net/guardedLookup.ts";

export class DeliveryFailure extends Error {
  readonly code: DeliveryErrorCode;
  /** The receiver's status, or null when it did not answer. */
  readonly statusCode: number | null;
  constructor(code: DeliveryErrorCode, message: string, statusCode: number | null = null) {
    super(message);
    this.code = code;
    this.statusCode = statusCode;
  }
}

export type PostOptions = {
  url: string;
  messageId: string;
  payload: string;
  secret: string;
  allowLocal: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
  resolve?: Resolve;
};

const MAX_ANSWER_BYTES = 64 * 1024;

/** Resolves with the 2xx status, or rejects with a DeliveryFailure saying why in words. */
export async function postWebhook(options: PostOptions): Promise<number> {
  const { messageId, payload, secret, allowLocal, timeoutMs } = options;
  const url = new URL(options.url);
  const refused = checkUrl(url, { allowLocal });
  if (refused) throw new DeliveryFailure("address-refused", `Not sent: ${refused}.`);
  const now = new Date();
  const signature = new Webhook(secret).sign(messageId, now, payload);
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const client = url.protocol === "https:" ? https : http;
  return new Promise<number>((done, fail) => {
    const request = client.request(
      url,
      {
        method: "POST",
        agent: false,
        signal,
        lookup: guardedLookup({ allowLocal, ...(options.resolve ? { resolve: options.resolve } : {}) }),
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(payload),
          "user-agent": "Data Patch webhooks",
          "webhook-id": messageId,
          "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
          "webhook-signature": signature,
        },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        let read = 0;
        response.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) response.destroy();
        });
        response.on("close", () => {
          if (status >= 200 && status < 300) done(status);
          else if (status >= 300 && status < 400)
            fail(
              new DeliveryFailure("redirect", `The receiver answered ${status}: redirects are not followed.`, status),
            );
          else fail(new DeliveryFailure("http-status", `The receiver answered ${status}.`, status));
        });
        response.on("error", () => undefined);
      },
    );
    request.on("error", (error) => fail(failure(error, timeout)));
    request.end(payload);
  });
}

function failure(error: Error, timeout: AbortSignal): DeliveryFailure {
  const cause = (error as { cause?: unknown }).cause;
  const refused = error instanceof RefusedAddress ? error : cause instanceof RefusedAddress ? cause : null;
  if (refused) return new DeliveryFailure("address-refused", `Not sent: ${refused.message}.`);
  if (timeout.aborted) return new DeliveryFailure("timeout", "The receiver took too long to answer.");
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ECONNREFUSED") return new DeliveryFailure("connection-refused", "The receiver refused the connection.");
  if (code === "ENOTFOUND") return new DeliveryFailure("name-not-found", "The receiver's name does not resolve.");
  return new DeliveryFailure("request-failed", `The request failed (${code ?? error.message}).`);
}
