/**
 * The same provider, document and local copy on a new socket. Never `disconnect()` then
 * `connect()` on the old one: `connect()` does nothing while the old socket is still closing, and
 * then nothing reconnects (upstream ueberdosis/hocuspocus#782); a new socket also drops whatever
 * the old one had queued. Returns the new socket.
 */
import type { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";

export function moveToFreshSocket(
  provider: HocuspocusProvider,
  old: HocuspocusProviderWebsocket,
  create: () => HocuspocusProviderWebsocket,
): HocuspocusProviderWebsocket {
  provider.detach();
  provider.onClose();
  old.destroy();
  const socket = create();
  provider.configuration.websocketProvider = socket;
  provider.attach();
  return socket;
}

/** Sockets retry soon after a drop (a restart, a short network loss), never more than 4 s apart. */
export const SOCKET_RETRY = { delay: 500, minDelay: 250, maxDelay: 4000, factor: 1.5 } as const;
