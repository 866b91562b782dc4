/**
 * The publishing benchmark's baseline: a bare Fastify server in its own process (as our server
 * runs in its own) serving fixed bytes. `node bareServer.ts <dir>`: each `<name>.json` of the
 * directory from a route `/route/<name>` (the bytes sent as they are), and the directory's files
 * as static files under `/static/` by @fastify/static, `.br` siblings sent to clients that accept
 * brotli. Prints `listening on <port>`.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import Fastify from "fastify";

const dir = process.argv[2] as string;
const app = Fastify({ logger: false });
for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
  const bytes = readFileSync(path.join(dir, file));
  app.get(`/route/${file.slice(0, -".json".length)}`, (_request, reply) => {
    reply.type("application/json; charset=utf-8").send(bytes);
  });
}
await app.register(fastifyStatic, { root: dir, prefix: "/static/", preCompressed: true });
await app.listen({ port: 0, host: "127.0.0.1" });
const address = app.server.address() as { port: number };
console.log(`listening on ${address.port}`);
