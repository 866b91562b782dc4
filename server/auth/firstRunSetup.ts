/**
 * The first administrator of a new instance, as Jenkins does it: while no administrator exists,
 * each start of the server draws a fresh setup code and prints it in the log, once. Whoever can
 * read the server's log (the person who runs it) types it on the setup page; a stranger who
 * reaches a new instance first cannot claim it. Only a hash of the code is kept, in memory; it is
 * compared in constant time and forgotten as soon as it is used, and it is never logged again.
 */
import { randomInt } from "node:crypto";
import type { Logger } from "pino";
import type { Storage } from "../storage/types.ts";
import { secretMatches, sha256 } from "./secrets.ts";

// No 0/O, 1/I/L: read from a terminal and typed by hand. 15 characters ≈ 74 bits.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const GROUPS = 3;
const GROUP_LENGTH = 5;

export type FirstRunSetup = {
  /** True while the instance has no administrator and this start's code is unused. */
  isOpen(): Promise<boolean>;
  /** Prints the code (once per start, only if no administrator exists): call once the URL is known. */
  announce(log: Logger, url: string): void;
  /**
   * Spends the code if `presented` is this start's: at most once per code. The answer's `giveBack`
   * restores it when the account could not be made (its address taken), so the person can retry.
   */
  take(presented: string): { giveBack(): void } | null;
};

/** Draws this start's code if the instance has no administrator yet. */
export async function firstRunSetup(storage: Storage): Promise<FirstRunSetup> {
  const code = (await storage.users.hasAdmin()) ? null : drawCode();
  let hash: Uint8Array | null = code ? sha256(normalize(code)) : null;
  let announced = false;
  return {
    async isOpen() {
      return hash !== null && !(await storage.users.hasAdmin());
    },
    announce(log, url) {
      if (!code || announced) return;
      announced = true;
      // Warn, so it shows at the default level and at LOG_LEVEL=warn; the only secret ever logged.
      log.warn(
        { setupUrl: `${url}/setup`, setupCode: code },
        `No administrator yet: open ${url}/setup and enter the setup code ${code}`,
      );
    },
    take(presented) {
      const spent = hash;
      if (!spent || !secretMatches(normalize(presented), spent)) return null;
      hash = null; // before any await: a second request with the same code finds nothing
      return {
        giveBack() {
          hash ??= spent;
        },
      };
    },
  };
}

function drawCode(): string {
  const groups = Array.from({ length: GROUPS }, () =>
    Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(""),
  );
  return groups.join("-");
}

/** What a person may type: any case, with or without the dashes, spaces around. */
const normalize = (code: string) => code.toUpperCase().replace(/[\s-]/g, "").slice(0, 100);
