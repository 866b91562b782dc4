/**
 * Test helper in the style of Yjs's own testHelper: N replicas of one document whose updates are
 * delivered in random order and at random times, driven by a seeded generator so a failing seed
 * replays exactly.
 */
import * as prng from "lib0/prng";
import { vi } from "vitest";
import * as Y from "yjs";
import { DatasetView } from "../dataset/view.ts";

export type Replica = { doc: Y.Doc; view: DatasetView; inbox: Uint8Array[] };

const REMOTE = Symbol("remote");

export class Replicas {
  readonly gen: prng.PRNG;
  readonly replicas: Replica[];

  constructor(seed: number, count: number) {
    this.gen = prng.create(seed);
    // Ids come from crypto.getRandomValues: make them follow the seed too, so a seed replays exactly.
    vi.spyOn(globalThis.crypto, "getRandomValues").mockImplementation((array) => {
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      for (let i = 0; i < bytes.length; i++) bytes[i] = prng.uint32(this.gen, 0, 255);
      return array;
    });
    this.replicas = Array.from({ length: count }, (_, i) => {
      const doc = new Y.Doc();
      doc.clientID = i + 1;
      const replica: Replica = { doc, view: new DatasetView(doc), inbox: [] };
      doc.on("update", (update: Uint8Array, origin: unknown) => {
        if (origin === REMOTE) return;
        for (const other of this.replicas) if (other !== replica) other.inbox.push(update);
      });
      return replica;
    });
  }

  /** Delivers a random part of one replica's inbox, shuffled. */
  deliverSome(): void {
    const replica = prng.oneOf(this.gen, this.replicas);
    const count = prng.uint32(this.gen, 0, replica.inbox.length);
    for (let i = 0; i < count; i++) {
      const index = prng.uint32(this.gen, 0, replica.inbox.length - 1);
      const [update] = replica.inbox.splice(index, 1);
      if (update) Y.applyUpdate(replica.doc, update, REMOTE);
    }
  }

  deliverAll(): void {
    while (this.replicas.some((r) => r.inbox.length > 0)) {
      for (const replica of this.replicas) {
        for (const update of replica.inbox.splice(0)) Y.applyUpdate(replica.doc, update, REMOTE);
      }
    }
  }

  restore(): void {
    vi.restoreAllMocks();
  }
}

/** Everything a user can see of a dataset, as plain data, to compare replicas. */
export function visibleState(view: DatasetView) {
  const columns = view.columns();
  return {
    meta: view.meta(),
    columns,
    rows: view.rowsInOrder().map((row) => [row.id, ...columns.map((c) => row.cells[c.id] ?? null)]),
  };
}
