import type { Access } from "../../shared/rights.ts";
import type { Principal } from "../rights/access.ts";
import type { DatasetRecord } from "../storage/types.ts";

/** What the access check learns about a connection, handed to every later hook. */
export type CollabContext = {
  dataset?: DatasetRecord;
  access?: Access;
  principal?: Principal;
  /** The account name shown in presence; null for visitors. */
  displayName?: string | null;
};
