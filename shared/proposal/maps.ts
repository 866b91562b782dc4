/** Typed handles on the proposal document's root maps. Internal to shared/proposal; values are `unknown` until read. */
import type * as Y from "yjs";
import { proposalRoots } from "./schema.ts";

export const proposalCellsMap = (doc: Y.Doc) => doc.getMap<unknown>(proposalRoots.cells);
export const newRowsMap = (doc: Y.Doc) => doc.getMap<unknown>(proposalRoots.newRows);
export const deletedRowsMap = (doc: Y.Doc) => doc.getMap<unknown>(proposalRoots.deletedRows);
