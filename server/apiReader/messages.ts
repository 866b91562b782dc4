/** What the collaboration process and its API reader process say to each other (Node's IPC channel). */
import type { Config } from "../config.ts";
import type { LimitCount } from "./apiLimits.ts";

export type ToReader =
  | {
      type: "start";
      config: Config;
      /** This server's public address, for absolute links (PUBLIC_URL, else the one listened on). */
      baseUrl: string;
      /** Where requests it does not serve go (returnPath.ts). */
      returnPath: string;
      apiVersion: string;
    }
  /** Comes with the connection's socket; `head` is what was already read of it (latin1). */
  | { type: "connection"; head: string }
  /** The collaboration process counts a request it serves itself against the client's budget. */
  | { type: "count"; n: number; key: string; windowMs: number }
  | { type: "stop" };

export type FromReader =
  | { type: "ready" }
  /** An API token was used: the reader's storage cannot write, so the collaboration process records it. */
  | { type: "token-used"; id: string; at: string }
  | { type: "counted"; n: number; count: LimitCount };
