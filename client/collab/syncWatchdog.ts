/**
 * Decides when a collaboration connection is stuck: connected but no handshake after a bound,
 * changes sent but no acknowledgement for a bound, or the server ahead (structs that wait for
 * changes this client never received) for a bound. The session answers "recover" with a fresh
 * socket; each recovery that does not bring the connection back to health doubles the bounds (up
 * to 8×), and after `failuresBeforeStuck` of them the session tells the person. Pure: time is
 * passed in, so it is tested without waiting.
 */

export type SyncHealth = {
  status: "connecting" | "connected" | "disconnected";
  /** The handshake of the current socket is complete. */
  synced: boolean;
  /** Local changes sent and not acknowledged. */
  unsynced: number;
  /** The document holds structs or deletions waiting for changes it never received. */
  pending: boolean;
};

export type WatchdogBounds = {
  /** Connected (or connecting) without a completed handshake. */
  handshakeMs: number;
  /** Changes waiting for an acknowledgement with none arriving. */
  ackMs: number;
  /** Structs pending after the handshake. */
  pendingMs: number;
  /** Recoveries in a row that did not help before the session reports being stuck. */
  failuresBeforeStuck: number;
};

/**
 * The bounds for an acknowledgement bound of `ackMs` (the server's `SYNC_WATCHDOG_MS`, served in
 * `GET /api/instance`): a handshake may take a third longer (it may carry a whole dataset), structs
 * may wait a third less (a missing change is normally sent right behind them).
 */
export function boundsFor(ackMs: number): WatchdogBounds {
  return {
    handshakeMs: Math.round((ackMs * 4) / 3),
    ackMs,
    pendingMs: Math.round((ackMs * 2) / 3),
    failuresBeforeStuck: 2,
  };
}

/** For a person on a slow, flaky link (a train): a fresh socket after 15 s without an acknowledgement. */
export const DEFAULT_BOUNDS: WatchdogBounds = boundsFor(15_000);

/** Bounds, or where to read them when the watchdog looks (the instance's setting may arrive after the session opened). */
export type BoundsSource = Partial<WatchdogBounds> | (() => Partial<WatchdogBounds>);

export type Verdict = { recover: boolean; stuck: boolean; reason: string | null };

export class SyncWatchdog {
  private readonly source: BoundsSource;
  private handshakeSince: number | null = null;
  private ackSince: number | null = null;
  private lastUnsynced = 0;
  private pendingSince: number | null = null;
  /** Recoveries since the connection was last healthy. */
  private failures = 0;

  constructor(bounds: BoundsSource = {}) {
    this.source = bounds;
  }

  private get bounds(): WatchdogBounds {
    return { ...DEFAULT_BOUNDS, ...(typeof this.source === "function" ? this.source() : this.source) };
  }

  observe(health: SyncHealth, now: number): Verdict {
    const scale = 2 ** Math.min(3, this.failures);
    if (health.status === "disconnected") {
      // Offline is shown as offline; the provider retries by itself.
      this.handshakeSince = this.ackSince = this.pendingSince = null;
      return this.verdict(null);
    }
    if (health.status === "connected" && health.synced && health.unsynced === 0 && !health.pending) {
      this.failures = 0;
      this.handshakeSince = this.ackSince = this.pendingSince = null;
      this.lastUnsynced = 0;
      return { recover: false, stuck: false, reason: null };
    }
    this.handshakeSince = health.synced ? null : (this.handshakeSince ?? now);
    // Any acknowledgement is progress.
    if (!health.synced || health.unsynced === 0 || health.unsynced < this.lastUnsynced) this.ackSince = null;
    if (health.synced && health.unsynced > 0) this.ackSince ??= now;
    this.lastUnsynced = health.unsynced;
    this.pendingSince = health.synced && health.pending ? (this.pendingSince ?? now) : null;

    const over = (since: number | null, bound: number) => since !== null && now - since > bound * scale;
    const reason = over(this.handshakeSince, this.bounds.handshakeMs)
      ? "no-handshake"
      : over(this.ackSince, this.bounds.ackMs)
        ? "no-acknowledgement"
        : over(this.pendingSince, this.bounds.pendingMs)
          ? "server-ahead"
          : null;
    if (!reason) return this.verdict(null);
    this.failures += 1;
    this.handshakeSince = this.ackSince = this.pendingSince = null;
    return { ...this.verdict(reason), recover: true };
  }

  /** A person asked to retry: start counting again. */
  reset(): void {
    this.failures = 0;
    this.handshakeSince = this.ackSince = this.pendingSince = null;
  }

  private verdict(reason: string | null): Verdict {
    return { recover: false, stuck: this.failures >= this.bounds.failuresBeforeStuck, reason };
  }
}
