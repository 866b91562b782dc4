import type { Extension } from "@hocuspocus/server";
import type { Logger } from "pino";

/** Structured logs of the collaboration lifecycle. Never logs tokens, headers or document content. */
export function loggingExtension(log: Logger): Extension {
  return {
    extensionName: "Logging",
    async onConnect({ documentName, socketId }) {
      log.debug({ documentName, socketId }, "connection opening");
    },
    async connected({ documentName, socketId, connection }) {
      log.info({ documentName, socketId, readOnly: connection.readOnly }, "connected");
    },
    async onDisconnect({ documentName, socketId, clientsCount }) {
      log.info({ documentName, socketId, clientsCount }, "disconnected");
    },
    async afterLoadDocument({ documentName }) {
      log.info({ documentName }, "document loaded");
    },
    async afterStoreDocument({ documentName }) {
      log.debug({ documentName }, "document compacted");
    },
    async afterUnloadDocument({ documentName }) {
      log.debug({ documentName }, "document unloaded");
    },
  };
}
