/**
 * Other sites on loopback for the embed specs: a map tile server (every tile the same light
 * square, each request counted; there is no internet here) and a third-party page that frames an
 * embed. Each listens on its own port, so it is another origin than the app's.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { crc32, deflateSync } from "node:zlib";

export type LoopbackSite = { url: string; requests: string[]; close(): Promise<void> };

/** A solid-colour 256×256 PNG, as map tiles are. */
function solidPng(r: number, g: number, b: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(256, 0);
  header.writeUInt32BE(256, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: 256 }, () => [r, g, b]).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: 256 }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", pixels),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

async function serve(handler: (path: string) => { type: string; body: string | Buffer } | null): Promise<LoopbackSite> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = request.url ?? "/";
    requests.push(path);
    const answer = handler(path);
    if (!answer) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": answer.type, "access-control-allow-origin": "*" }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Tiles at `{url}/{z}/{x}/{y}.png`: give `${url}/{z}/{x}/{y}.png` as MAP_TILE_URL. */
export function startTileServer(): Promise<LoopbackSite> {
  const tile = solidPng(0xe8, 0xee, 0xe4);
  return serve((path) => (/^\/\d+\/\d+\/\d+\.png$/.test(path) ? { type: "image/png", body: tile } : null));
}

/** A partner's page at `/` that frames `embedUrl` (set before each visit with `frame`). */
export async function startHostPage(): Promise<LoopbackSite & { frame(embedUrl: string): void }> {
  let embedUrl = "about:blank";
  const site = await serve((path) =>
    path === "/"
      ? {
          type: "text/html; charset=utf-8",
          body: `<!doctype html><meta charset="utf-8"><title>Partner site</title><h1>Our places</h1>
<iframe title="Places" src="${embedUrl.replace(/"/g, "&quot;")}" width="900" height="600"></iframe>`,
        }
      : null,
  );
  return {
    ...site,
    frame: (url) => {
      embedUrl = url;
    },
  };
}
