/**
 * The text encoding of an uploaded file: a byte-order mark if there is one; else UTF-8 if the
 * whole file decodes strictly as UTF-8 (most files stop here); else chardet's guess on the first
 * 64 KiB. ISO-8859-1 is read as Windows-1252 (its superset for printable text: € and curly quotes
 * live in 0x80–0x9F), decoded by iconv-lite.
 */
import { isUtf8 } from "node:buffer";
import chardet from "chardet";
import iconv from "iconv-lite";
import { ImportError } from "./importError.ts";

export type Encoding = "utf-8" | "utf-16le" | "utf-16be" | string;

export type DetectedEncoding = { encoding: Encoding; bom: boolean };

const SAMPLE_BYTES = 64 * 1024;

export function detectEncoding(bytes: Uint8Array): DetectedEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: "utf-8", bom: true };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: "utf-16le", bom: true };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: "utf-16be", bom: true };
  if (isUtf8(bytes)) return { encoding: "utf-8", bom: false };
  const guess = chardet.detect(bytes.subarray(0, SAMPLE_BYTES))?.toLowerCase() ?? "windows-1252";
  return { encoding: normalizeEncoding(guess), bom: false };
}

/**
 * Read as Windows-1252: Latin-1 (a subset for printable text), ASCII, and the Latin-1 variants
 * * chardet guesses on short Western files (ISO-8859-9 differs from it by six letters
 * French, Spanish and English text never uses, while 1252 has €, Œ and curly quotes).
 */
const WESTERN = new Set(["iso-8859-1", "latin1", "latin-1", "ascii", "us-ascii", "cp1252", "iso-8859-9"]);

/** Encodings people pick in the preview, and those chardet names, as iconv-lite knows them. */
export function normalizeEncoding(name: string): Encoding {
  const lower = name.trim().toLowerCase();
  if (lower === "utf8") return "utf-8";
  if (WESTERN.has(lower)) return "windows-1252";
  return lower;
}

/** Bytes decoded at a time by decodePieces. */
const PIECE_BYTES = 1024 * 1024;

/**
 * `bytes` decoded as `encoding` (without its byte-order mark) in pieces of about a megabyte, in
 * order. V8 keeps a piece whose characters are all Latin-1 at one byte per character, where one
 * string of the whole file takes two as soon as one character anywhere is not (a single "œ"):
 * half the memory, and faster to parse, stringify and encode again. Unknown encodings are refused.
 */
export function decodePieces(bytes: Uint8Array, encoding: Encoding): string[] {
  const name = normalizeEncoding(encoding);
  if (name !== "utf-8" && !iconv.encodingExists(name))
    throw new ImportError("unknown-encoding", `Unknown text encoding "${encoding}".`, { encoding });
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // TextDecoder and iconv-lite's decoders drop a byte-order mark and keep a character split between two pieces whole.
  const decoder = name === "utf-8" ? new TextDecoder("utf-8") : iconv.getDecoder(name);
  const pieces: string[] = [];
  for (let at = 0; at < buffer.length; at += PIECE_BYTES) {
    const piece = buffer.subarray(at, at + PIECE_BYTES);
    const text = decoder instanceof TextDecoder ? decoder.decode(piece, { stream: true }) : decoder.write(piece);
    if (text !== "") pieces.push(text);
  }
  const rest = decoder instanceof TextDecoder ? decoder.decode() : decoder.end();
  if (rest) pieces.push(rest);
  return pieces;
}

/** Decodes `bytes` as `encoding`, without its byte-order mark. Unknown encodings are refused. */
export function decode(bytes: Uint8Array, encoding: Encoding): string {
  const name = normalizeEncoding(encoding);
  if (name === "utf-8") {
    const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    return Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.byteLength - start).toString("utf8");
  }
  if (!iconv.encodingExists(name))
    throw new ImportError("unknown-encoding", `Unknown text encoding "${encoding}".`, { encoding });
  // iconv-lite strips a BOM by default.
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), name);
}
