/** A description of the machine a benchmark ran on, for the report header. */
import os from "node:os";

export type Machine = { cores: number; cpu: string; memoryGiB: number; node: string; platform: string; date: string };

export function describeMachine(): Machine {
  return {
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
  };
}
