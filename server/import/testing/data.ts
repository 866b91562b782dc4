/** Paths of the shared test data (../shared/data beside the project; see its SOURCES.md). */
import { readFileSync } from "node:fs";
import path from "node:path";

export const DATA = path.resolve(import.meta.dirname, "../../../../shared/data");

export const dataFile = (relative: string): Buffer => readFileSync(path.join(DATA, relative));
