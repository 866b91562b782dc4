/** Realistic synthetic datasets for benchmarks: help-point directories with text, numbers and coordinates. */
import * as Y from "yjs";
import { END, initializeDataset, insertRows, type NewColumn, type NewRow } from "../../shared/dataset/index.ts";
import type { ColumnId } from "../../shared/ids.ts";

const CITIES = [
  "Dijon",
  "Besançon",
  "Lyon",
  "Villeurbanne",
  "Nevers",
  "Auxerre",
  "Belfort",
  "Mâcon",
  "Chalon-sur-Saône",
  "Vesoul",
];
const STREETS = [
  "rue de la République",
  "avenue Jean Jaurès",
  "place de la Mairie",
  "rue Victor Hugo",
  "boulevard Carnot",
];
const KINDS = ["France Services", "Médiathèque", "Tiers-lieu", "Centre social", "Espace public numérique"];

export const benchColumns: NewColumn[] = [
  { name: "Nom", type: "text" },
  { name: "Type", type: "choice", choices: KINDS },
  { name: "Adresse", type: "text" },
  { name: "Code postal", type: "text" },
  { name: "Commune", type: "text" },
  { name: "Latitude", type: "latitude" },
  { name: "Longitude", type: "longitude" },
  { name: "Téléphone", type: "text" },
  { name: "Courriel", type: "email" },
  { name: "Site", type: "url" },
  { name: "Ouvert le samedi", type: "boolean" },
  { name: "Postes", type: "number" },
  { name: "Mise à jour", type: "date" },
  { name: "Horaires", type: "text" },
  { name: "Accessibilité", type: "text" },
  { name: "Services", type: "text" },
  { name: "Public", type: "text" },
  { name: "Conseillers", type: "number" },
  { name: "Réseau", type: "text" },
  { name: "Commentaire", type: "text" },
];

export function benchRow(columns: ColumnId[], i: number): NewRow {
  const city = CITIES[i % CITIES.length] as string;
  const values = [
    `${KINDS[i % KINDS.length]} ${city} ${i}`,
    KINDS[i % KINDS.length],
    `${(i % 120) + 1} ${STREETS[i % STREETS.length]}`,
    String(21000 + (i % 900)),
    city,
    46 + (i % 1000) / 1000,
    4 + (i % 997) / 997,
    `03 80 ${String(i % 100).padStart(2, "0")} ${String((i * 7) % 100).padStart(2, "0")} 00`,
    `contact${i}@exemple.fr`,
    `https://exemple.fr/lieux/${i}`,
    i % 3 === 0,
    i % 12,
    `2026-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`,
    "Mo-Fr 09:00-12:00,14:00-17:30",
    i % 4 === 0 ? "Accessible en fauteuil" : "",
    "Démarches en ligne; Impression; Wi-Fi",
    "Tous publics",
    i % 5,
    "Hub Bourgogne-Franche-Comté",
    i % 10 === 0 ? "Horaires à confirmer" : "",
  ];
  const cells: NewRow["cells"] = {};
  columns.forEach((column, c) => {
    const value = values[c];
    if (value !== "" && value !== undefined) cells[column] = value;
  });
  return { cells };
}

/** A dataset document of `rows` rows × `columnCount` columns (the first of benchColumns; all 20 by default). */
export function buildBenchDoc(rows: number, columnCount = benchColumns.length): Y.Doc {
  const doc = new Y.Doc();
  const columns = initializeDataset(
    doc,
    { meta: { title: `Bench ${rows}` }, columns: benchColumns.slice(0, columnCount) },
    "bench",
  );
  insertRows(
    doc,
    Array.from({ length: rows }, (_, i) => benchRow(columns, i)),
    END,
    "bench",
  );
  return doc;
}
