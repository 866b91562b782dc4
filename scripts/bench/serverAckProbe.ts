/**
 * The server's own share of a delay: a bare client (RawCollabClient, no Y.Doc) writes a small
 * cell edit at a steady rate and times each acknowledgement. It applies nothing it receives, so
 * unlike a provider's latency this leaves out the clients' work (applying what a flood relayed
 * to them) and is only the server's queue, event loop and write log.
 */
import * as Y from "yjs";
import { setCells } from "../../shared/dataset/index.ts";
import type { Cell } from "./floodAttacks.ts";
import type { RawCollabClient } from "./rawCollabClient.ts";

export type AckProbeResult = { latenciesMs: number[]; sent: number; unacknowledged: number };

/** Starts writing `cells` one by one, `ratePerSecond` a second; `stop()` ends it and reports. */
export function startAckProbe(client: RawCollabClient, cells: Cell[], ratePerSecond: number) {
  // Built up front, from a writer of its own (each edit a new key, so each applies on its own).
  const updates: Uint8Array[] = [];
  const doc = new Y.Doc();
  doc.on("update", (update: Uint8Array) => updates.push(client.update(update)));
  for (const [i, cell] of cells.entries()) setCells(doc, [{ ...cell, value: `ack ${i}` }], "probe");
  doc.destroy();

  const sentAt: number[] = [];
  const latenciesMs: number[] = [];
  // One connection's messages are handled, and acknowledged, in order.
  client.onAcknowledged((at) => {
    const sent = sentAt[latenciesMs.length];
    if (sent !== undefined) latenciesMs.push(at - sent);
  });
  const started = performance.now();
  const intervalMs = 1000 / ratePerSecond;
  let timer: NodeJS.Timeout | undefined;
  const next = () => {
    const update = updates[sentAt.length];
    if (!update || !client.open) return;
    sentAt.push(performance.now());
    client.send(update);
    timer = setTimeout(next, Math.max(0, started + sentAt.length * intervalMs - performance.now()));
  };
  next();
  return {
    stop(): AckProbeResult {
      clearTimeout(timer);
      return { latenciesMs, sent: sentAt.length, unacknowledged: sentAt.length - latenciesMs.length };
    },
  };
}
