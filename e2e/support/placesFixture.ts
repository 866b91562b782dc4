/**
 * A directory of places for the filter tests: every column type a filter fits, with empty cells
 * and values kept as text that do not fit their column. `placeValues` gives the same values as
 * plain data, so a test counts what it expects without the code under test.
 */
import * as Y from "yjs";
import { END, initializeDataset, insertRows, type NewColumn } from "../../shared/dataset/index.ts";
import type { CellValue } from "../../shared/dataset/schema.ts";
import type { ColumnId } from "../../shared/ids.ts";

export const KINDS = ["Library", "Café", "Town hall"];
/** Enough choices for the filter to offer a box that narrows the list. */
export const AREAS = Array.from({ length: 12 }, (_, i) => `Area ${i + 1}`);
export const placeColumns: NewColumn[] = [
  { name: "Name", type: "text" },
  { name: "Type", type: "choice", choices: KINDS },
  { name: "Opening date", type: "date" },
  { name: "Seats", type: "number" },
  { name: "Open on Saturday", type: "boolean" },
  { name: "Area", type: "choice", choices: AREAS },
];

export type Place = {
  name: string;
  type: CellValue;
  opening: CellValue;
  seats: CellValue;
  saturday: CellValue;
  area: string;
};

export function placeValues(i: number): Place {
  const day = new Date(Date.UTC(2019, 0, 1 + (i % 1000))).toISOString().slice(0, 10);
  return {
    name: `${KINDS[i % 3]} ${i}`,
    type: i % 100 === 99 ? null : i === 50 ? "Bar" : (KINDS[i % 3] as string),
    opening: i % 200 === 5 ? null : i % 250 === 3 ? "soon" : day,
    seats: i % 300 === 7 ? "about 15" : i % 60,
    saturday: i % 2 === 0,
    area: AREAS[i % AREAS.length] as string,
  };
}

export function buildPlacesDoc(rows: number): Y.Doc {
  const doc = new Y.Doc();
  const ids = initializeDataset(doc, { meta: { title: "Places" }, columns: placeColumns }, "fixture");
  const [name, type, opening, seats, saturday, area] = ids as [
    ColumnId,
    ColumnId,
    ColumnId,
    ColumnId,
    ColumnId,
    ColumnId,
  ];
  insertRows(
    doc,
    Array.from({ length: rows }, (_, i) => {
      const p = placeValues(i);
      const cells: Partial<Record<ColumnId, CellValue>> = {
        [name]: p.name,
        [seats]: p.seats,
        [saturday]: p.saturday,
        [area]: p.area,
      };
      if (p.type !== null) cells[type] = p.type;
      if (p.opening !== null) cells[opening] = p.opening;
      return { cells };
    }),
    END,
    "fixture",
  );
  return doc;
}
