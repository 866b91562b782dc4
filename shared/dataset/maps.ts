/**
 * Typed handles on the document's root maps. Internal to shared/dataset. Values are `unknown`: a
 * document may hold anything an update carried, so readers check what they find.
 */
import type * as Y from "yjs";
import { roots } from "./schema.ts";

export const metaMap = (doc: Y.Doc) => doc.getMap<unknown>(roots.meta);
export const columnsMap = (doc: Y.Doc) => doc.getMap<unknown>(roots.columns);
export const blocksMap = (doc: Y.Doc) => doc.getMap<unknown>(roots.blocks);
export const cellsMap = (doc: Y.Doc) => doc.getMap<unknown>(roots.cells);
