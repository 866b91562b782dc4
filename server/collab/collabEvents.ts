/**
 * What the HTTP side tells the collaboration side when rights, datasets or credentials change, so
 * that open connections follow at once instead of at the next reload.
 */
import type { Hocuspocus } from "@hocuspocus/server";
import { type CloseEventName, closeEvents } from "../../shared/closeEvents.ts";
import { parseAnyDocumentName } from "../../shared/documentNames.ts";
import type { DatasetRecord } from "../storage/types.ts";
import type { CollabContext } from "./context.ts";

export interface CollabEvents {
  /** Closes every socket connected to the dataset's documents; clients reconnect and get their new rights. */
  accessChanged(dataset: Pick<DatasetRecord, "id">): void;
  /** The same, then waits (bounded) until the dataset's documents are unloaded. */
  unload(dataset: Pick<DatasetRecord, "id">): Promise<void>;
  /** Closes every socket of one person (they left a group, so their rights may have shrunk, anywhere). */
  personChanged(userId: string): void;
  /** Closes the sockets opened with one session (signed out, replaced at sign-in, ended from the account page). */
  sessionEnded(sessionId: string): void;
  /** Closes the sockets opened with any session of a person but `keptSessionId` (password changed or reset). */
  sessionsEnded(userId: string, keptSessionId?: string): void;
  /** Closes the sockets opened with one API token (revoked). */
  tokenRevoked(tokenId: string): void;
  /** Closes every socket of a person whose account was deleted, whatever it was opened with. */
  accountDeleted(userId: string): void;
  /**
   * A person's account name changed: their open sockets present them under it (awarenessExtension)
   * from their next presence update on, which their page sends at once.
   */
  accountRenamed(userId: string, name: string): void;
}

export function collabEvents(hocuspocus: Hocuspocus): CollabEvents {
  const documentsOf = (datasetId: string) =>
    [...hocuspocus.documents.values()].filter((doc) => parseAnyDocumentName(doc.name)?.datasetId === datasetId); // proposals too

  const closeWhere = (matches: (context: CollabContext) => boolean, event: CloseEventName) => {
    const { code, reason } = closeEvents[event];
    for (const document of hocuspocus.documents.values()) {
      for (const connection of document.connections.keys()) {
        if (matches(connection.context as CollabContext)) connection.webSocket.close(code, reason);
      }
    }
  };
  const userIdOf = ({ principal }: CollabContext) =>
    principal && principal.kind !== "anonymous" ? principal.userId : null;

  const accessChanged = (dataset: Pick<DatasetRecord, "id">) => {
    const { code, reason } = closeEvents.rightsChanged;
    for (const document of documentsOf(dataset.id)) {
      for (const connection of document.connections.keys()) connection.webSocket.close(code, reason);
    }
  };

  return {
    accessChanged,
    personChanged(userId) {
      closeWhere((context) => userIdOf(context) === userId, "rightsChanged");
    },
    sessionEnded(sessionId) {
      closeWhere(
        ({ credential }) => credential?.kind === "session" && credential.id === sessionId,
        "credentialsRevoked",
      );
    },
    sessionsEnded(userId, keptSessionId) {
      closeWhere(
        (context) =>
          userIdOf(context) === userId &&
          context.credential?.kind === "session" &&
          context.credential.id !== keptSessionId,
        "credentialsRevoked",
      );
    },
    tokenRevoked(tokenId) {
      closeWhere(({ credential }) => credential?.kind === "token" && credential.id === tokenId, "credentialsRevoked");
    },
    accountDeleted(userId) {
      closeWhere((context) => userIdOf(context) === userId, "credentialsRevoked");
    },
    accountRenamed(userId, name) {
      for (const document of hocuspocus.documents.values()) {
        for (const connection of document.connections.keys()) {
          const context = connection.context as CollabContext;
          if (userIdOf(context) === userId) context.displayName = name;
        }
      }
    },
    async unload(dataset) {
      accessChanged(dataset);
      const deadline = Date.now() + 5_000;
      while (documentsOf(dataset.id).length > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}
