/**
 * The API reader process, from the collaboration process's side: started after the server
 * listens, given the connections whose first request it serves (readerRequests.ts) once it is
 * ready, restarted if it dies. Until it is ready, and while it restarts, this process serves those
 * requests itself: the same routes, so nobody sees the difference but in the edits' latency.
 */
import { type ChildProcess, fork } from "node:child_process";
import type { Socket } from "node:net";
import type { FastifyBaseLogger } from "fastify";
import type { Config } from "../config.ts";
import type { Storage } from "../storage/types.ts";
import type { LimitCount } from "./apiLimits.ts";
import type { FromReader, ToReader } from "./messages.ts";
import { connectionGoesToReader } from "./readerRequests.ts";

const READER_MAIN = new URL("./readerMain.ts", import.meta.url);
/** A reader that died is started again after this long, doubling up to a minute. */
const RESTART_MS = 500;
const STOP_MS = 5000;

export type ApiReader = {
  /** Takes the connection if it goes to the reader and the reader is ready; false leaves it here. */
  handOff(socket: Socket, head: Buffer): boolean;
  /** Counts a request against the client's /api/v1 budget, which the reader keeps; null while no reader is ready. */
  count(key: string, windowMs: number): Promise<LimitCount> | null;
  /** Resolves when a reader process takes connections (tests). */
  ready(): Promise<void>;
  stop(): Promise<void>;
};

export function startApiReader(options: {
  config: Config;
  baseUrl: string;
  returnPath: string;
  apiVersion: string;
  storage: Storage;
  log: FastifyBaseLogger;
  /** This process's own counts of the rate limit, for a count the reader died before answering. */
  countHere: (key: string, windowMs: number) => LimitCount;
  logStream?: NodeJS.WritableStream;
}): ApiReader {
  let child: ChildProcess | null = null;
  let ready = false;
  let stopping = false;
  let restartMs = RESTART_MS;
  let whenReady = Promise.withResolvers<void>();
  let nextCount = 1;
  let nextConnection = 1;
  /** Counts asked of the reader; answered here alone if it dies first. */
  const counting = new Map<number, { resolve: (count: LimitCount) => void; key: string; windowMs: number }>();

  function start() {
    const started = fork(READER_MAIN, [], { execArgv: [], stdio: ["ignore", "pipe", "inherit", "ipc"] });
    child = started;
    started.stdout?.pipe(options.logStream ?? process.stdout, { end: false });
    // A message sent as it dies fails here; its exit, below, is what counts.
    started.on("error", (error) => options.log.warn({ error: error.message }, "the API reader process is unreachable"));
    started.on("message", (message: FromReader) => {
      if (message.type === "ready") {
        ready = true;
        restartMs = RESTART_MS;
        whenReady.resolve();
      } else if (message.type === "token-used") void options.storage.apiTokens.markUsed(message.id, message.at);
      else if (message.type === "counted") {
        counting.get(message.n)?.resolve(message.count);
        counting.delete(message.n);
      }
    });
    started.once("exit", (code, signal) => {
      if (child === started) child = null;
      if (ready) whenReady = Promise.withResolvers<void>();
      ready = false;
      for (const { resolve, key, windowMs } of counting.values()) resolve(options.countHere(key, windowMs));
      counting.clear();
      if (stopping) return;
      options.log.error({ code, signal }, `the API reader process stopped; starting it again in ${restartMs} ms`);
      setTimeout(start, restartMs).unref();
      restartMs = Math.min(restartMs * 2, 60_000);
    });
    const message: ToReader = {
      type: "start",
      config: options.config,
      baseUrl: options.baseUrl,
      returnPath: options.returnPath,
      apiVersion: options.apiVersion,
    };
    started.send(message);
  }
  start();

  return {
    handOff(socket, head) {
      if (!ready || !child?.connected || !connectionGoesToReader(head)) return false;
      const id = nextConnection++;
      const message: ToReader = { type: "connection", id, head: head.toString("latin1") };
      // Without its server, Node does not make that server count the connection in the reader
      // (as cluster workers are counted), which would hold the server's close while no reader is
      // left to answer; our copy of the socket, its handle sent, is then closed here.
      (socket as unknown as { server: unknown }).server = null;
      stopReading(socket);
      child.send(message, socket, () => socket.destroy());
      child.send({ type: "take", id } satisfies ToReader); // held by Node until the socket is acknowledged
      return true;
    },
    count(key, windowMs) {
      if (!ready || !child?.connected) return null;
      const n = nextCount++;
      const counted = new Promise<LimitCount>((resolve) => counting.set(n, { resolve, key, windowMs }));
      child.send({ type: "count", n, key, windowMs } satisfies ToReader);
      return counted;
    },
    ready: () => whenReady.promise,
    async stop() {
      stopping = true;
      const running = child;
      if (!running) return;
      const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
      if (running.connected) running.send({ type: "stop" } satisfies ToReader);
      const timer = setTimeout(() => running.kill("SIGKILL"), STOP_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * A paused socket still reads (up to its buffer's size), and once its handle is sent Node drops
 * what it reads until the reader acknowledges it: a request the client sends meanwhile (pipelined)
 * would be lost. Stopped, the bytes wait in the kernel for the reader's copy of the socket.
 */
function stopReading(socket: Socket): void {
  const handle = (socket as unknown as { _handle?: { reading: boolean; readStop(): number } | null })._handle;
  if (!handle) return;
  handle.reading = false;
  handle.readStop();
}
