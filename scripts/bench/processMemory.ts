/**
 * Resident memory of another process (Linux /proc/<pid>/status): VmRSS now, and VmHWM, the
 * kernel's own peak of VmRSS since the process started, which catches spikes between samples.
 */
import { readFileSync } from "node:fs";

export type Memory = { rssBytes: number; peakRssBytes: number };

/** VmRSS and VmHWM of `pid`, or null where /proc is not available (or the process is gone). */
export function processMemory(pid: number | undefined): Memory | null {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kB = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
    const rssBytes = kB("VmRSS") * 1024;
    const peakRssBytes = kB("VmHWM") * 1024;
    return Number.isNaN(rssBytes) ? null : { rssBytes, peakRssBytes };
  } catch {
    return null;
  }
}

export type MemoryWindow = { beforeBytes: number; peakBytes: number; endBytes: number };

/**
 * Samples a process's RSS every `everyMs`. `start()` opens a window (its RSS then is the
 * baseline) and `end()` closes it: the peak is VmHWM when it rose during the window (the process
 * reached a new high), otherwise the largest sample.
 */
export function sampleMemory(pid: number | undefined, everyMs = 100) {
  let latest = processMemory(pid);
  let window: { before: Memory; peakSample: number } | null = null;
  const timer = setInterval(() => {
    const now = processMemory(pid);
    if (!now) return;
    latest = now;
    if (window) window.peakSample = Math.max(window.peakSample, now.rssBytes);
  }, everyMs);
  timer.unref();
  return {
    /** The latest RSS sample in bytes (NaN when unavailable). */
    latestBytes: () => latest?.rssBytes ?? Number.NaN,
    start(): void {
      latest = processMemory(pid) ?? latest;
      window = latest ? { before: latest, peakSample: latest.rssBytes } : null;
    },
    end(): MemoryWindow | null {
      const now = processMemory(pid) ?? latest;
      if (!window || !now) return null;
      const peakSample = Math.max(window.peakSample, now.rssBytes);
      const rose = now.peakRssBytes > window.before.peakRssBytes;
      return {
        beforeBytes: window.before.rssBytes,
        peakBytes: rose ? Math.max(now.peakRssBytes, peakSample) : peakSample,
        endBytes: now.rssBytes,
      };
    },
    stop: () => clearInterval(timer),
  };
}
