import type { Access } from "../../shared/rights.ts";
import type { Principal } from "../rights/access.ts";
import type { ProposalRecord } from "../storage/proposalTypes.ts";
import type { DatasetRecord } from "../storage/types.ts";

/** What a connection was opened with, so that ending it (sign-out, revocation) closes the socket. */
export type Credential = { kind: "session"; id: string } | { kind: "token"; id: string };

/** What the access check learns about a connection, handed to every later hook. */
export type CollabContext = {
  dataset?: DatasetRecord;
  access?: Access;
  principal?: Principal;
  /** Null for anonymous visitors. */
  credential?: Credential | null;
  /** The account name shown in presence; null for visitors. */
  displayName?: string | null;
  /** Set on a proposal document's connections (server/collab/proposalAccess.ts). */
  proposal?: ProposalRecord;
};
