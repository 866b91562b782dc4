/** Typed handles on the document's root maps. Internal to shared/dataset. */
import type * as Y from "yjs";
import type { CellValue } from "./schema.ts";
import { roots } from "./schema.ts";

export const metaMap = (doc: Y.Doc) => doc.getMap<unknown>(roots.meta);
export const columnsMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(roots.columns);
export const blocksMap = (doc: Y.Doc) => doc.getMap<string>(roots.blocks);
export const cellsMap = (doc: Y.Doc) => doc.getMap<CellValue>(roots.cells);
