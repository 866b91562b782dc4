/**
 * Attribution of changes to canonical dataset documents: who made each applied update, and which
 * cells, row blocks and structure it touched. Updates from connections are described by the effect
 * the update rules computed (kept here from `beforeSync` of updateRulesExtension to the log append
 * of DurablePersistence); updates made on the server (API writes, accepted proposals, upgrades) by
 * their Yjs transaction, and their actor travels in the transaction origin's context.
 */
import { type Connection, isTransactionOrigin } from "@hocuspocus/server";
import type * as Y from "yjs";
import { roots } from "../../shared/dataset/schema.ts";
import type { UpdateEffect } from "../../shared/dataset/updateRules.ts";
import { parseDocumentName } from "../../shared/documentNames.ts";
import type { Principal } from "../rights/access.ts";
import type { Actor, ChangeRecord } from "../storage/types.ts";
import type { CollabContext } from "./context.ts";
import { PEER_HEADER } from "./websocket.ts";

/** The effect of each update the rules accepted, until it is logged. Keyed by the payload itself. */
const effects = new WeakMap<Uint8Array, UpdateEffect>();

export function rememberEffect(payload: Uint8Array, effect: UpdateEffect): void {
  effects.set(payload, effect);
}

/** The actor a server-side transaction names in its origin's context (`{ actor }` or `{ principal }`). */
export type AttributedContext = { actor?: Actor; principal?: Principal; reason?: string };

export function actorOfPrincipal(principal: Principal, tokenId: string | null, anonymousId: string): Actor {
  if (principal.kind === "user") return { kind: "user", userId: principal.userId };
  if (principal.kind === "token")
    return tokenId ? { kind: "token", tokenId } : { kind: "user", userId: principal.userId };
  return { kind: "anonymous", contributorId: anonymousId };
}

const isCanonical = (documentName: string) => parseDocumentName(documentName)?.kind === "dataset";

export function attribution(hashAddress: (address: string) => string) {
  return {
    /** The record of an update a connection sent, or null (not a canonical document, or nothing known). */
    ofConnection(documentName: string, payload: Uint8Array, connection: Connection): ChangeRecord | null {
      const effect = effects.get(payload);
      if (!effect || !isCanonical(documentName)) return null;
      const context = connection.context as CollabContext;
      const credential = context.credential;
      const actor = actorOfPrincipal(
        context.principal ?? { kind: "anonymous" },
        credential?.kind === "token" ? credential.id : null,
        hashAddress(connection.request.headers.get(PEER_HEADER) ?? "unknown"),
      );
      return { actor, cells: [...effect.cellKeys], blocks: effect.blockKeys, structure: effect.structure };
    },

    /** The record of a transaction made on the server, from what it changed. */
    ofTransaction(documentName: string, origin: unknown, transaction: Y.Transaction): ChangeRecord | null {
      if (!isCanonical(documentName)) return null;
      const context = (isTransactionOrigin(origin) && origin.source === "local" ? (origin.context ?? {}) : {}) as
        | AttributedContext
        | undefined;
      const actor: Actor =
        context?.actor ??
        (context?.principal && context.principal.kind !== "anonymous"
          ? actorOfPrincipal(context.principal, null, "")
          : { kind: "server", reason: context?.reason ?? "server" });
      const change: ChangeRecord = { actor, cells: [], blocks: [], structure: false };
      for (const [type, keys] of transaction.changed) {
        const root = type._item === null ? rootName(transaction.doc, type) : roots.columns;
        const named = [...keys].filter((key): key is string => key !== null);
        if (root === roots.cells) change.cells.push(...named);
        else if (root === roots.blocks) change.blocks.push(...named);
        else change.structure = true;
      }
      return change;
    },
  };
}

export type Attribution = ReturnType<typeof attribution>;

function rootName(doc: Y.Doc, type: object): string | null {
  for (const [name, shared] of doc.share) if (shared === type) return name;
  return null;
}
