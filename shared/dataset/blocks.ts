/**
 * Decoding a stored block of rows (JSON text, see Block in schema.ts) without trusting it: whatever
 * is outside the schema is skipped and summed up in one problem, every well-formed row is kept.
 */
import type { ColumnId, RowId } from "../ids.ts";
import type { Block, CellValue } from "./schema.ts";

export type BlockRow = { id: RowId; block: string; position: string; cells: Record<ColumnId, CellValue> };
export type DecodedBlock = { rows: BlockRow[]; problem: string | null };

export function decodeBlock(blockId: string, text: unknown): DecodedBlock {
  if (typeof text !== "string") return skipped("the block is not text");
  let block: Partial<Block> | null;
  try {
    block = JSON.parse(text);
  } catch {
    return skipped("the block is not JSON");
  }
  if (typeof block !== "object" || block === null || Array.isArray(block)) return skipped("the block is not an object");
  const { columns, rows } = block;
  if (!Array.isArray(columns)) return skipped("the block's columns are not a list");
  if (!Array.isArray(rows)) return skipped("the block's rows are not a list");

  // A slot whose column id is not text, or is reserved (POSITION, DELETED), is skipped in every row.
  const slots = columns.map((c: unknown) =>
    typeof c === "string" && c !== "" && c[0] !== "_" ? (c as ColumnId) : null,
  );
  const badSlots = slots.filter((s) => s === null).length;
  const decoded: BlockRow[] = [];
  let badRows = 0;
  let badValues = 0;
  for (const row of rows as unknown[]) {
    if (!Array.isArray(row) || typeof row[0] !== "string" || typeof row[1] !== "string") {
      badRows++;
      continue;
    }
    const cells: Record<ColumnId, CellValue> = {};
    for (let i = 0; i < slots.length; i++) {
      const column = slots[i];
      if (column === null || column === undefined) continue;
      // JSON holds no undefined or non-finite numbers: an object or a list is the only wrong value.
      const value: unknown = row[i + 2] ?? null;
      if (typeof value === "object" && value !== null) badValues++;
      else cells[column] = value as CellValue;
    }
    decoded.push({ id: row[0] as RowId, block: blockId, position: row[1], cells });
  }
  const found = [
    badRows && `${badRows} rows are not [id, position, …values]`,
    badSlots && `${badSlots} column ids are not usable`,
    badValues && `${badValues} values are not cell values`,
  ].filter(Boolean);
  return { rows: decoded, problem: found.length ? found.join("; ") : null };
}

const skipped = (problem: string): DecodedBlock => ({ rows: [], problem });
