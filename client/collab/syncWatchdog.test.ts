import { describe, expect, it } from "vitest";
import { boundsFor, DEFAULT_BOUNDS, type SyncHealth, SyncWatchdog } from "./syncWatchdog.ts";

const bounds = { handshakeMs: 1_000, ackMs: 1_000, pendingMs: 1_000, failuresBeforeStuck: 2 };
const healthy: SyncHealth = { status: "connected", synced: true, unsynced: 0, pending: false };

describe("SyncWatchdog", () => {
  it("leaves a healthy, an offline and a progressing connection alone", () => {
    const watchdog = new SyncWatchdog(bounds);
    expect(watchdog.observe(healthy, 0).recover).toBe(false);
    expect(watchdog.observe({ ...healthy, status: "disconnected", unsynced: 3 }, 60_000).recover).toBe(false);
    // Acknowledgements keep arriving: never stuck, however long it takes.
    for (let t = 0, unsynced = 50; unsynced > 0; t += 900, unsynced -= 1) {
      expect(watchdog.observe({ ...healthy, unsynced }, 100_000 + t)).toMatchObject({ recover: false, stuck: false });
    }
  });

  it("recovers a connection with no handshake, no acknowledgement, or the server ahead, after its bound", () => {
    const cases: [SyncHealth, string][] = [
      [{ ...healthy, synced: false }, "no-handshake"],
      [{ ...healthy, unsynced: 2 }, "no-acknowledgement"],
      [{ ...healthy, pending: true }, "server-ahead"],
    ];
    for (const [health, reason] of cases) {
      const watchdog = new SyncWatchdog(bounds);
      expect(watchdog.observe(health, 0).recover).toBe(false);
      expect(watchdog.observe(health, 900).recover).toBe(false);
      expect(watchdog.observe(health, 1_100)).toMatchObject({ recover: true, reason, stuck: false });
    }
  });

  it("doubles its bounds after a recovery that did not help, says stuck after two, and starts over when healthy or retried", () => {
    const watchdog = new SyncWatchdog(bounds);
    const stuck = { ...healthy, unsynced: 1 };
    watchdog.observe(stuck, 0);
    expect(watchdog.observe(stuck, 1_100).recover).toBe(true);
    watchdog.observe(stuck, 1_200);
    expect(watchdog.observe(stuck, 2_300).recover).toBe(false); // now 2 s
    expect(watchdog.observe(stuck, 3_300)).toMatchObject({ recover: true, stuck: true });
    expect(watchdog.observe(stuck, 3_400).stuck).toBe(true);
    watchdog.reset();
    expect(watchdog.observe(stuck, 3_500).stuck).toBe(false);
    watchdog.observe(stuck, 4_700);
    watchdog.observe(stuck, 4_800);
    expect(watchdog.observe(stuck, 8_000).stuck).toBe(true);
    expect(watchdog.observe(healthy, 8_100)).toMatchObject({ recover: false, stuck: false });
  });

  it("reads bounds given as a function when it looks: the instance's setting may arrive after the session opened", () => {
    let setting: number | null = null;
    const watchdog = new SyncWatchdog(() => (setting === null ? DEFAULT_BOUNDS : boundsFor(setting)));
    const waiting = { ...healthy, unsynced: 1 };
    expect(watchdog.observe(waiting, 0).recover).toBe(false);
    expect(watchdog.observe(waiting, 5_000).recover).toBe(false); // 15 s by default
    setting = 2_000;
    expect(watchdog.observe(waiting, 5_001)).toMatchObject({ recover: true, reason: "no-acknowledgement" });
    // The defaults suit a slow link: 15 s for an acknowledgement, 20 s for a handshake, 10 s for the server ahead.
    expect(DEFAULT_BOUNDS).toEqual({ handshakeMs: 20_000, ackMs: 15_000, pendingMs: 10_000, failuresBeforeStuck: 2 });
  });
});
