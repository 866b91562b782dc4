/**
 * The two kinds of benchmark client behind one shape: our real client stack (HocuspocusProvider,
 * talking to `node server/main.ts`) and the bare y-websocket provider (talking to the relay).
 */
import { HocuspocusProvider } from "@hocuspocus/provider";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { withTimeout } from "./async.ts";

export type Protocol = "hocuspocus" | "y-websocket";

export interface BenchClient {
  doc: Y.Doc;
  /**
   * Calls back each time the server has acknowledged every change sent so far. Only Hocuspocus
   * acknowledges changes; a y-websocket client never calls back.
   */
  onAllAcknowledged(callback: () => void): void;
  /** Presence (awareness) states this client knows, its own included. */
  presenceStates(): number;
  destroy(): void;
}

/** Connects a client with an empty document; resolves after its first sync with the server. */
export function connectClient(protocol: Protocol, wsUrl: string, documentName: string, timeoutMs: number) {
  const connect = protocol === "hocuspocus" ? connectHocuspocus : connectYWebsocket;
  return withTimeout(connect(wsUrl, documentName), timeoutMs, `${protocol} sync of ${documentName}`);
}

function connectHocuspocus(wsUrl: string, documentName: string): Promise<BenchClient> {
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({ url: wsUrl, name: documentName, document: doc });
  const client: BenchClient = {
    doc,
    onAllAcknowledged: (callback) =>
      provider.on("unsyncedChanges", ({ number }: { number: number }) => {
        if (number === 0) callback();
      }),
    presenceStates: () => provider.awareness?.getStates().size ?? 0,
    destroy: () => provider.destroy(),
  };
  return new Promise((resolve, reject) => {
    provider.on("synced", () => resolve(client));
    provider.on("authenticationFailed", ({ reason }: { reason: string }) => reject(new Error(`refused: ${reason}`)));
  });
}

function connectYWebsocket(wsUrl: string, documentName: string): Promise<BenchClient> {
  const doc = new Y.Doc();
  // Without disableBc, clients of one process would reach each other over BroadcastChannel, bypassing the relay.
  const provider = new WebsocketProvider(wsUrl, documentName, doc, { disableBc: true });
  const client: BenchClient = {
    doc,
    onAllAcknowledged: () => {},
    presenceStates: () => provider.awareness.getStates().size,
    destroy: () => provider.destroy(),
  };
  return new Promise((resolve) => {
    provider.on("sync", (synced: boolean) => {
      if (synced) resolve(client);
    });
  });
}
