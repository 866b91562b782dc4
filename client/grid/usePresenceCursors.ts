/**
 * Presence in the grid: the cell this person is on goes to the others (awareness), and the cells
 * the others are on are outlined in their colour (the `remote-cursor` rule of the column definitions).
 */
import type { HocuspocusProvider } from "@hocuspocus/provider";
import type { GridApi } from "ag-grid-community";
import { type RefObject, useCallback, useEffect, useRef } from "react";
import type { Row } from "../../shared/dataset/index.ts";
import { cursorKey, publishCursor, readPeers } from "../collab/presence.ts";
import type { CursorLookup } from "./columnDefs.ts";

type PeerOnCell = { color: string; name: string };

export function usePresenceCursors(
  provider: HocuspocusProvider,
  apiRef: RefObject<GridApi<Row> | null>,
): { cursorAt: CursorLookup; publish: (cell: { rowId: string; columnId: string } | null) => void } {
  const cursorsRef = useRef(new Map<string, PeerOnCell>());

  useEffect(() => {
    const awareness = provider.awareness;
    if (!awareness) return;
    const onChange = () => {
      const before = cursorsRef.current;
      const after = new Map<string, PeerOnCell>();
      for (const peer of readPeers(provider)) {
        if (!peer.self && peer.cursor) after.set(cursorKey(peer.cursor.rowId, peer.cursor.columnId), peer.user);
      }
      cursorsRef.current = after;
      const api = apiRef.current;
      if (!api) return;
      // Only the rows a cursor left or reached are redrawn.
      const rowIds = new Set<string>();
      for (const key of [...before.keys(), ...after.keys()]) rowIds.add(key.split("\u0000")[0] as string);
      const rowNodes = [...rowIds].map((id) => api.getRowNode(id)).filter((n) => n !== undefined);
      if (rowNodes.length) api.refreshCells({ rowNodes, force: true });
    };
    awareness.on("change", onChange);
    return () => awareness.off("change", onChange);
  }, [provider, apiRef]);

  const cursorAt = useCallback(
    (rowId: string, columnId: string) => cursorsRef.current.get(cursorKey(rowId, columnId)),
    [],
  );
  const publish = useCallback(
    (cell: { rowId: string; columnId: string } | null) => publishCursor(provider, cell),
    [provider],
  );
  return { cursorAt, publish };
}
