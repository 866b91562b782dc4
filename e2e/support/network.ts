/**
 * A browser context's network going away and coming back, collaboration socket included.
 * Chromium's offline emulation (`context.setOffline`) fails new requests and new sockets but
 * leaves a WebSocket that is already open connected, so edits would still reach the server. The
 * context's collaboration sockets therefore go through Playwright's WebSocket routing (passed
 * through to the server unchanged), and going offline also drops the open ones, as a real loss of
 * the network does; reconnecting then fails until the network is back.
 */
import type { BrowserContext, WebSocketRoute } from "playwright-core";

export type Network = { goOffline(): Promise<void>; goOnline(): Promise<void> };

/** Call before the context's pages open their datasets. */
export async function controlNetwork(context: BrowserContext): Promise<Network> {
  const sockets = new Set<WebSocketRoute>();
  await context.routeWebSocket(/\/collab$/, (ws) => {
    ws.connectToServer();
    sockets.add(ws);
  });
  return {
    async goOffline() {
      await context.setOffline(true);
      // Closing a socket that has already closed does nothing.
      for (const ws of sockets) await ws.close();
      sockets.clear();
    },
    async goOnline() {
      await context.setOffline(false);
    },
  };
}

export type SilentLink = {
  silence(): void;
  heal(): void;
  /** Collaboration sockets the page opened so far. */
  opened(): number;
};

/**
 * A link that goes silent while its sockets stay open, as a half-open connection on a train:
 * after `silence()` the context's collaboration sockets, open ones and those opened later, deliver
 * nothing either way (frames are swallowed, not queued, and no socket closes); `heal()` lets what
 * is sent from then on through. Call before the context's pages open their datasets.
 */
export async function silenceableLink(context: BrowserContext): Promise<SilentLink> {
  let silent = false;
  let opened = 0;
  await context.routeWebSocket(/\/collab$/, (page) => {
    opened += 1;
    const server = page.connectToServer();
    page.onMessage((message) => {
      if (!silent) server.send(message);
    });
    server.onMessage((message) => {
      if (!silent) page.send(message);
    });
  });
  return {
    silence() {
      silent = true;
    },
    heal() {
      silent = false;
    },
    opened: () => opened,
  };
}
