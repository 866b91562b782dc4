/**
 * Checks an XLSX (a zip) before a workbook reader opens it: a zip bomb expands a small file into
 * gigabytes, and a reader that trusts it runs the server out of memory. Every entry is inflated
 * here once, counting the bytes it really expands to (sizes a zip declares can lie), and the file
 * is refused as soon as the total passes the limit, before anything is kept.
 */
import { Unzip, type UnzipFile, UnzipInflate } from "fflate";
import { ImportError } from "./importError.ts";

export type ZipLimits = { maxExpandedBytes: number; maxEntries: number };

export const defaultZipLimits: ZipLimits = { maxExpandedBytes: 256 * 1024 * 1024, maxEntries: 10_000 };

const MB = 1024 * 1024;

export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && bytes[3] === bytes[2] + 1
  );
}

/** The names of the zip's entries, once all of them were inflated within the limits; throws ImportError. */
export function checkZip(bytes: Uint8Array, limits: ZipLimits = defaultZipLimits): string[] {
  const names: string[] = [];
  let expanded = 0;
  let failure: ImportError | null = null;
  const tooLarge = () =>
    new ImportError(
      "zip-too-large",
      `The workbook expands to more than ${Math.round(limits.maxExpandedBytes / MB)} MB: it is too large to import (or it is a zip bomb).`,
      { context: "expanded", maxMegabytes: Math.round(limits.maxExpandedBytes / MB) },
    );
  const unzip = new Unzip((file: UnzipFile) => {
    if (failure) return;
    names.push(file.name);
    if (names.length > limits.maxEntries) {
      failure = new ImportError("zip-too-large", `The workbook holds more than ${limits.maxEntries} files.`, {
        context: "entries",
        max: limits.maxEntries,
      });
      return;
    }
    if (file.compression !== 0 && file.compression !== 8) {
      failure = new ImportError("not-a-workbook", "The workbook uses a compression method no reader supports.", {
        context: "compression",
      });
      return;
    }
    file.ondata = (error, chunk) => {
      if (failure) return;
      if (error) {
        failure = corrupt();
        return;
      }
      expanded += chunk.length;
      if (expanded > limits.maxExpandedBytes) {
        failure = tooLarge();
        file.terminate();
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    // In slices, so that a bomb is stopped after the first slice past the limit.
    const slice = 256 * 1024;
    for (let at = 0; at < bytes.length && !failure; at += slice) {
      unzip.push(bytes.subarray(at, at + slice), at + slice >= bytes.length);
    }
  } catch {
    failure ??= corrupt();
  }
  if (failure) throw failure;
  if (names.length === 0) throw corrupt();
  return names;
}

const corrupt = () =>
  new ImportError("not-a-workbook", "The file is not a readable Excel workbook: it is damaged or incomplete.", {
    context: "damaged",
  });
