/**
 * A real HTTP receiver of webhooks on loopback for tests: keeps every request (headers and raw
 * body), answers `status` (200 by default), can hold requests unanswered (a slow receiver), and
 * can go down and come back up on the same port.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedWebhook = {
  headers: IncomingHttpHeaders;
  body: string;
  json: { type: string; data: Record<string, unknown> };
};

export async function startWebhookReceiver() {
  const received: ReceivedWebhook[] = [];
  const held: ServerResponse[] = [];
  const state = { status: 200, hold: false, location: "" };
  let server: Server | null = null;
  let port = 0;

  async function up() {
    const started = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        received.push({ headers: request.headers, body, json: JSON.parse(body || "null") });
        if (state.hold) return void held.push(response);
        if (state.location) response.setHeader("location", state.location);
        response.writeHead(state.status).end("ok");
      });
    });
    await new Promise<void>((resolve) => started.listen(port, "127.0.0.1", resolve));
    port = (started.address() as AddressInfo).port;
    server = started;
  }
  async function down() {
    const running = server;
    server = null;
    if (!running) return;
    running.closeAllConnections();
    await new Promise<void>((resolve) => running.close(() => resolve()));
  }
  await up();

  return {
    get url() {
      return `http://127.0.0.1:${port}/hooks`;
    },
    port: () => port,
    received,
    held,
    state,
    /** The requests of one event type so far. */
    of: (type: string) => received.filter((r) => r.json?.type === type),
    up,
    down,
    /** Answers every held request. */
    release() {
      for (const response of held.splice(0)) response.writeHead(200).end("ok");
    },
    async close() {
      for (const response of held.splice(0)) response.destroy();
      await down();
    },
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
