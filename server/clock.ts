/** Time for code that waits for an hour of the day: the system's, or a test's that it moves by hand. */
export type Clock = {
  now(): number;
  /** Calls `run` after `ms`; returns a function that cancels it. Never holds the process open. */
  setTimeout(run: () => void, ms: number): () => void;
};

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(run, ms) {
    const timer = setTimeout(run, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};
