import * as prng from "lib0/prng";
import { describe, expect, it } from "vitest";
import type { CellValue } from "../dataset/schema.ts";
import { limits } from "../limits.ts";
import {
  columnNamed,
  columnsNamed,
  decodeCursor,
  encodeCursor,
  type Filter,
  orderOf,
  pageOf,
  parseFilter,
  parseSort,
  QueryError,
  type QueryRow,
  type Sort,
} from "./rowQuery.ts";
import { rowsQuerySchema } from "./v1.ts";

const columns = [
  { id: "txt", type: "text" },
  { id: "num", type: "number" },
  { id: "yes", type: "boolean" },
];

function randomRows(gen: prng.PRNG, count: number): QueryRow[] {
  const words = ["", "apple", "Apple", "banana", "café", "Zèbre", "10", "9"];
  return Array.from({ length: count }, (_, i) => ({
    id: `row${String(i).padStart(4, "0")}${prng.word(gen, 2, 2)}`,
    position: `a${prng.uint32(gen, 0, 40)}`, // duplicate positions: ties broken by id
    cells: {
      txt: prng.bool(gen) ? prng.oneOf(gen, words) : null,
      // a number column may hold text kept as typed (an invalid value)
      num: prng.uint32(gen, 0, 9) === 0 ? "n/a" : prng.bool(gen) ? prng.int32(gen, -5, 5) : null,
      yes: prng.bool(gen) ? prng.bool(gen) : null,
    },
  }));
}

/** The plain version, written apart: every row, tested one by one, sorted by an explicit comparator. */
function naive(rows: QueryRow[], filters: string[], sort: string | undefined): string[] {
  const empty = (v: CellValue | undefined) => v === null || v === undefined || v === "";
  const typed = (column: string, text: string): CellValue =>
    column === "num" ? Number(text) : column === "yes" ? text === "true" : text;
  const holds = (row: QueryRow, filter: string) => {
    const [column = "", op, ...rest] = filter.split(":");
    const raw = rest.join(":");
    const v = row.cells[column] ?? null;
    const operand = typed(column, raw);
    const sameKind = !empty(v) && typeof v === typeof operand;
    switch (op) {
      case "empty":
        return empty(v);
      case "notempty":
        return !empty(v);
      case "eq":
        return v === operand;
      case "ne":
        return v !== operand;
      case "in":
        return raw.split(",").some((t) => typed(column, t) === v);
      case "contains":
        return v !== null && String(v).toLowerCase().includes(raw.toLowerCase());
      case "gt":
        return sameKind && (v as number) > (operand as number);
      case "gte":
        return sameKind && (v as number) >= (operand as number);
      case "lt":
        return sameKind && (v as number) < (operand as number);
      case "lte":
        return sameKind && (v as number) <= (operand as number);
    }
    throw new Error(op);
  };
  const kind = (v: CellValue) => ["number", "string", "boolean"].indexOf(typeof v);
  const column = sort?.replace(/^-/, "");
  const sign = sort?.startsWith("-") ? -1 : 1;
  return rows
    .filter((row) => filters.every((f) => holds(row, f)))
    .sort((a, b) => {
      if (column) {
        const x = a.cells[column] ?? null;
        const y = b.cells[column] ?? null;
        if (empty(x) !== empty(y)) return empty(x) ? 1 : -1;
        if (!empty(x) && !empty(y)) {
          if (kind(x) !== kind(y)) return sign * (kind(x) - kind(y));
          if (x !== y) return sign * ((x as number) < (y as number) ? -1 : 1);
        }
      }
      if (a.position !== b.position) return a.position < b.position ? -1 : 1;
      return a.id < b.id ? -1 : 1;
    })
    .map((row) => row.id);
}

function randomFilter(gen: prng.PRNG): string {
  const op = prng.oneOf(gen, ["eq", "ne", "contains", "gt", "gte", "lt", "lte", "empty", "notempty", "in"]);
  const column = prng.oneOf(gen, columns).id;
  if (op === "empty" || op === "notempty") return `${column}:${op}`;
  const value =
    column === "num"
      ? String(prng.int32(gen, -5, 5))
      : column === "yes"
        ? String(prng.bool(gen))
        : prng.oneOf(gen, ["apple", "a", "é", "10", "b"]);
  return `${column}:${op}:${op === "in" && column !== "yes" ? `${value},${column === "num" ? "0" : "banana"}` : value}`;
}

/** Pages through with cursors, as a client would. */
function allPages(rows: QueryRow[], filters: Filter[], sort: Sort, limit: number) {
  const ids: string[] = [];
  const totals = new Set<number>();
  let cursor: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const page = pageOf(rows, orderOf(rows, sort), {
      filters,
      sort,
      limit,
      cursor: cursor ? decodeCursor(cursor, sort) : null,
    });
    ids.push(...page.rows.map((r) => r.id));
    totals.add(page.total);
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    if (!page.more) return { ids, totals };
    cursor = encodeCursor(sort, page.last as QueryRow);
  }
  throw new Error("no end");
}

describe("rows query", () => {
  it("pages through exactly the rows a plain filter and sort give, in their order (seeded)", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const gen = prng.create(seed);
      const rows = randomRows(gen, prng.uint32(gen, 0, 60));
      const filterTexts = Array.from({ length: prng.uint32(gen, 0, 2) }, () => randomFilter(gen));
      const sortText = prng.bool(gen) ? `${prng.bool(gen) ? "-" : ""}${prng.oneOf(gen, columns).id}` : undefined;
      const filters = filterTexts.map((f) => parseFilter(f, columns));
      const expected = naive(rows, filterTexts, sortText);
      const { ids, totals } = allPages(rows, filters, parseSort(sortText, columns), prng.uint32(gen, 1, 7));
      expect(ids, `seed ${seed}: ${filterTexts.join(" & ")} sort ${sortText}`).toEqual(expected);
      expect([...totals]).toEqual([expected.length]);
    }
  });

  it("a cursor survives edits: rows that did not change are neither repeated nor skipped (seeded)", () => {
    for (let seed = 1; seed <= 100; seed++) {
      const gen = prng.create(seed);
      let rows = randomRows(gen, 40);
      const sort = parseSort(prng.bool(gen) ? "num" : "-txt", columns);
      const untouched = new Set(rows.map((r) => r.id));
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let guard = 0; guard < 100; guard++) {
        const page = pageOf(rows, orderOf(rows, sort), {
          filters: [],
          sort,
          limit: 5,
          cursor: cursor ? decodeCursor(cursor, sort) : null,
        });
        seen.push(...page.rows.map((r) => r.id));
        if (!page.more) break;
        cursor = encodeCursor(sort, page.last as QueryRow);
        // Someone edits between two pages: deletes a row, adds one, changes one's value.
        const victim = prng.oneOf(gen, rows);
        const changed = prng.oneOf(gen, rows);
        untouched.delete(victim.id);
        untouched.delete(changed.id);
        rows = rows
          .filter((r) => r !== victim)
          .map((r) => (r === changed ? { ...r, cells: { ...r.cells, num: prng.int32(gen, -5, 5), txt: "moved" } } : r));
        rows.push(...randomRows(gen, 1).map((r) => ({ ...r, id: `new${seed}-${guard}` })));
      }
      for (const id of untouched)
        expect(
          seen.filter((s) => s === id),
          `seed ${seed} ${id}`,
        ).toHaveLength(1);
    }
  });

  it("names a column by its id, or by its name when no other column has it", () => {
    const named = [
      { id: "a1", name: "Ville", type: "text" },
      { id: "b2", name: "Places", type: "number" },
      { id: "c3", name: "Note", type: "text" },
      { id: "d4", name: "Note", type: "text" },
      { id: "e5", name: "a1", type: "text" },
    ];
    expect(parseFilter("Places:gt:3", named)).toEqual({ column: "b2", op: "gt", operands: [3] });
    expect(parseSort("-Ville", named)).toEqual({ column: "a1", descending: true });
    expect(columnsNamed(named, "Ville,b2", "fields").map((c) => c.id)).toEqual(["a1", "b2"]);
    // An id wins over another column's name; a name two columns share names neither.
    expect(columnNamed(named, "a1")?.id).toBe("a1");
    expect(columnNamed(named, "Note")).toBeUndefined();
    expect(() => columnsNamed(named, "Ville,Note", "fields")).toThrow('fields: no column "Note"');
    // The query (the API's and the embed's) takes a sort on the longest name a column may have.
    const longest = "é".repeat(limits.maxColumnNameChars);
    expect(rowsQuerySchema.safeParse({ sort: `-${longest}` }).success).toBe(true);
    expect(rowsQuerySchema.safeParse({ sort: `-${longest}x` }).success).toBe(false);
  });

  it("refuses what it cannot read, saying why", () => {
    const refused = (f: () => unknown): string[] | null => {
      try {
        f();
      } catch (error) {
        if (error instanceof QueryError) return [error.code, error.message];
        throw error;
      }
      return null;
    };
    expect(refused(() => parseFilter("nope:eq:1", columns))).toEqual([
      "invalid-filter",
      'filter "nope:eq:1": no column "nope"',
    ]);
    expect(refused(() => parseFilter("num:gt:ten", columns))?.[0]).toBe("invalid-filter");
    expect(refused(() => parseFilter("yes:eq:maybe", columns))?.[0]).toBe("invalid-filter");
    expect(refused(() => parseFilter("txt:eq", columns))?.[0]).toBe("invalid-filter");
    expect(refused(() => parseFilter("txt:empty:x", columns))?.[0]).toBe("invalid-filter");
    expect(refused(() => parseSort("-nope", columns))?.[0]).toBe("invalid-request");
    expect(refused(() => decodeCursor("!!", null))?.[0]).toBe("invalid-cursor");
    const cursor = encodeCursor(null, { id: "r", position: "a", cells: {} });
    expect(refused(() => decodeCursor(cursor, { column: "num", descending: false }))?.[0]).toBe("invalid-cursor");
    expect(parseFilter('txt:in:["a,b","c"]', columns).operands).toEqual(["a,b", "c"]);
    expect(parseFilter("txt:contains:a:b", columns).operands).toEqual(["a:b"]);
  });
});
