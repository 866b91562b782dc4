/** CPU time used by another process so far (Linux /proc), to tell where the time of a run went. */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

let ticksPerSecond: number | null = null;

/** User + system CPU milliseconds of process `pid`, or null where /proc is not available. */
export function processCpuMs(pid: number | undefined): number | null {
  return pid === undefined ? null : statCpuMs(`/proc/${pid}/stat`);
}

/**
 * User + system CPU milliseconds of process `pid` and of its live descendants (the server's API
 * reader process, server/apiReader), or null where /proc is not available.
 */
export function processTreeCpuMs(pid: number | undefined): number | null {
  const own = processCpuMs(pid);
  if (own === null || pid === undefined) return own;
  return descendantsOf(pid).reduce((sum, child) => sum + (processCpuMs(child) ?? 0), own);
}

function descendantsOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) children.push(Number(entry));
    } catch {
      // ended meanwhile
    }
  }
  return children.flatMap((child) => [child, ...descendantsOf(child)]);
}

/**
 * CPU milliseconds of process `pid`'s main thread (on Linux its task id is the process id): where
 * JavaScript, and so every WebSocket message, runs; worker threads and libuv's pool are apart.
 */
export function mainThreadCpuMs(pid: number | undefined): number | null {
  return pid === undefined ? null : statCpuMs(`/proc/${pid}/task/${pid}/stat`);
}

function statCpuMs(file: string): number | null {
  try {
    const stat = readFileSync(file, "utf8");
    // Fields after "(command)": state is field 3, utime field 14, stime field 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return null;
  }
}
