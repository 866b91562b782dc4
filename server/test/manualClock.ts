/** A clock tests move by hand (server/clock.ts): timers run when it is moved past them, never by waiting. */
import type { Clock } from "../clock.ts";

export function manualClock(start = Date.now()) {
  let now = start;
  let nextId = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  const clock: Clock & { moveTo(at: number): void } = {
    now: () => now,
    setTimeout(run, ms) {
      const id = nextId++;
      timers.set(id, { at: now + ms, run });
      return () => timers.delete(id);
    },
    /** Moves to `at`, running each timer due by then in order (at its own time). */
    moveTo(at) {
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= at).sort(([, a], [, b]) => a.at - b.at)[0];
        if (!due) break;
        const [id, timer] = due;
        timers.delete(id);
        now = Math.max(now, timer.at);
        timer.run();
      }
      now = Math.max(now, at);
    },
  };
  return clock;
}
