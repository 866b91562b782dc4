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
  | { type: "connection"; id: number; head: string }
  /**
   * The reader may now answer connection `id`: the collaboration process has closed its own copy
   * of the socket (Node sends this only after the reader acknowledged the socket, and closes the
   * copy then). Until that copy is closed it still reads, and would swallow the client's next
   * request if the reader had answered the first.
   */
  | { type: "take"; id: number }
  /** The collaboration process counts a request it serves itself against the client's budget. */
  | { type: "count"; n: number; key: string; windowMs: number }
  | { type: "stop" };

export type FromReader =
  | { type: "ready" }
  /** An API token was used: the reader's storage cannot write, so the collaboration process records it. */
  | { type: "token-used"; id: string; at: string }
  | { type: "counted"; n: number; count: LimitCount };
