/**
 * A loopback TCP proxy in front of a test server that makes the network flaky on purpose: while
 * flapping, every connection it forwards is delayed, stalls (bytes held, the socket left open, as a
 * half-open connection does), is cut in the middle of a chunk (the peer receives part of a
 * WebSocket frame, then nothing) or is dropped; new connections are sometimes refused. All of it
 * follows a seeded random source, so a failing seed can be replayed. `settle()` ends the faults:
 * held bytes go through and later traffic passes untouched, as when the network comes back.
 */
import net from "node:net";

export type FlakyProxy = {
  /** `ws://127.0.0.1:<port>/collab` for a server's `wsUrl`. */
  readonly wsUrl: string;
  readonly stats: { connections: number; refused: number; cut: number; dropped: number; stalled: number };
  /** Stops making faults: held bytes are sent, open connections stay open, new ones pass. */
  settle(): void;
  /** Holds every byte of the open connections from now on, as a network that went silent (new ones pass). */
  stallAll(): void;
  /** Cuts every open connection now, held bytes lost (the network went away for everyone at once). */
  cutAll(): void;
  close(): Promise<void>;
};

export type FlakyOptions = {
  /** Random source in [0, 1), e.g. a seeded one (see `seededRandom`). */
  random: () => number;
  /** Longest added delay per chunk, in ms. */
  maxDelayMs?: number;
  /** Mean life of a connection before a fault ends it, in ms. */
  meanLifeMs?: number;
  /** Share of new connections refused at once. */
  refuseShare?: number;
};

type Direction = { from: net.Socket; to: net.Socket; readyAt: number; held: Buffer[]; cutNext: boolean };

export async function startFlakyProxy(target: string, options: FlakyOptions): Promise<FlakyProxy> {
  const { random, maxDelayMs = 40, meanLifeMs = 3_000, refuseShare = 0.15 } = options;
  const upstream = new URL(target);
  const stats = { connections: 0, refused: 0, cut: 0, dropped: 0, stalled: 0 };
  const open = new Set<{ client: net.Socket; server: net.Socket; flush(): void; stall(): void }>();
  let flapping = true;

  const server = net.createServer((client) => {
    stats.connections += 1;
    if (flapping && random() < refuseShare) {
      stats.refused += 1;
      client.destroy();
      return;
    }
    const toServer = net.connect(Number(upstream.port), upstream.hostname);
    const timers: NodeJS.Timeout[] = [];
    const directions: Direction[] = [
      { from: client, to: toServer, readyAt: 0, held: [], cutNext: false },
      { from: toServer, to: client, readyAt: 0, held: [], cutNext: false },
    ];
    let stalled = false;
    const end = () => {
      for (const timer of timers) clearTimeout(timer);
      client.destroy();
      toServer.destroy();
      open.delete(entry);
    };
    const entry = {
      client,
      server: toServer,
      stall() {
        stalled = true;
      },
      flush() {
        stalled = false;
        for (const timer of timers) clearTimeout(timer);
        for (const d of directions) for (const chunk of d.held.splice(0)) if (!d.to.destroyed) d.to.write(chunk);
      },
    };
    open.add(entry);
    for (const direction of directions) {
      direction.from.on("data", (chunk: Buffer) => forward(direction, chunk));
      direction.from.on("error", end);
      direction.from.on("close", end);
    }

    function forward(d: Direction, chunk: Buffer) {
      if (stalled) {
        d.held.push(chunk);
        return;
      }
      if (!flapping) {
        if (d.held.length > 0) d.held.push(chunk);
        else d.to.write(chunk);
        return;
      }
      d.held.push(chunk);
      // Keeps the order of the bytes: a chunk never overtakes the one before it.
      d.readyAt = Math.max(d.readyAt, Date.now() + random() * maxDelayMs);
      const timer = setTimeout(() => {
        const next = d.held.shift();
        if (!next || d.to.destroyed) return;
        if (!d.cutNext) d.to.write(next);
        else d.to.write(next.subarray(0, Math.max(1, Math.floor(next.length / 2))), end);
      }, d.readyAt - Date.now());
      timers.push(timer);
    }

    // The fault that ends (or freezes) this connection, at a random time.
    const life = -Math.log(1 - random()) * meanLifeMs;
    const fault = random();
    timers.push(
      setTimeout(() => {
        if (!flapping) return;
        if (fault < 0.4) {
          // Cut mid-message: half of the next chunk goes through, then the connection dies.
          stats.cut += 1;
          (directions[random() < 0.5 ? 0 : 1] as Direction).cutNext = true;
          timers.push(setTimeout(end, 500));
        } else if (fault < 0.75) {
          stats.dropped += 1;
          end();
        } else {
          // Half-open: nothing passes for a while, then it is cut (or settles first).
          stats.stalled += 1;
          stalled = true;
          timers.push(setTimeout(() => flapping && end(), 1_000 + random() * 6_000));
        }
      }, life),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    wsUrl: `ws://127.0.0.1:${port}${upstream.pathname}`,
    stats,
    settle() {
      flapping = false;
      for (const entry of open) entry.flush();
    },
    stallAll() {
      for (const entry of open) entry.stall();
    },
    cutAll() {
      for (const entry of [...open]) {
        entry.client.destroy();
        entry.server.destroy();
      }
    },
    async close() {
      for (const entry of [...open]) {
        entry.client.destroy();
        entry.server.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A small seeded random source (mulberry32), so a soak's faults and edits replay from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
