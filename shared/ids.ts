/** Random ids from a URL-safe alphabet, and branded types so row, column and dataset ids cannot be swapped. */

declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

export type RowId = Brand<string, "RowId">;
export type ColumnId = Brand<string, "ColumnId">;
export type DatasetId = Brand<string, "DatasetId">;
export type ProposalId = Brand<string, "ProposalId">;

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ID_PATTERN = /^[0-9A-Za-z]+$/;

export function randomId(length: number): string {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  let id = "";
  // 248 is the largest multiple of 62 below 256: rejecting bytes above it keeps every character equally likely.
  for (let i = 0; id.length < length; i++) {
    if (i === bytes.length) {
      globalThis.crypto.getRandomValues(bytes);
      i = 0;
    }
    const byte = bytes[i] as number;
    if (byte < 248) id += ALPHABET[byte % 62];
  }
  return id;
}

/** `count` random ids at once, from one draw of random bytes (an import makes 150,000 row ids). */
export function randomIds(count: number, length: number): string[] {
  const bytes = new Uint8Array(Math.min(65_536, Math.ceil(count * length * 1.1) + 16));
  globalThis.crypto.getRandomValues(bytes);
  const ids: string[] = [];
  let at = 0;
  let id = "";
  while (ids.length < count) {
    if (at === bytes.length) {
      globalThis.crypto.getRandomValues(bytes);
      at = 0;
    }
    const byte = bytes[at++] as number;
    if (byte >= 248) continue;
    id += ALPHABET[byte % 62];
    if (id.length === length) {
      ids.push(id);
      id = "";
    }
  }
  return ids;
}

export const newRowId = (): RowId => randomId(10) as RowId;
export const newRowIds = (count: number): RowId[] => randomIds(count, 10) as RowId[];
export const newColumnId = (): ColumnId => randomId(6) as ColumnId;
export const newDatasetId = (): DatasetId => randomId(12) as DatasetId;
export const newProposalId = (): ProposalId => randomId(16) as ProposalId;

export const isRowId = (value: string): value is RowId => value.length === 10 && ID_PATTERN.test(value);
export const isColumnId = (value: string): value is ColumnId => value.length === 6 && ID_PATTERN.test(value);
export const isDatasetId = (value: string): value is DatasetId => value.length === 12 && ID_PATTERN.test(value);
export const isProposalId = (value: string): value is ProposalId => value.length === 16 && ID_PATTERN.test(value);
