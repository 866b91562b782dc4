/** Whether this person's undo history has a step to undo and one to redo, following the history. */
import { useEffect, useState } from "react";
import type * as Y from "yjs";

export function useUndoState(undo: Y.UndoManager): { canUndo: boolean; canRedo: boolean } {
  const [canUndo, setCanUndo] = useState(false);
  const [canRedo, setCanRedo] = useState(false);
  useEffect(() => {
    const update = () => {
      setCanUndo(undo.canUndo());
      setCanRedo(undo.canRedo());
    };
    undo.on("stack-item-added", update);
    undo.on("stack-item-popped", update);
    undo.on("stack-cleared", update);
    return () => {
      undo.off("stack-item-added", update);
      undo.off("stack-item-popped", update);
      undo.off("stack-cleared", update);
    };
  }, [undo]);
  return { canUndo, canRedo };
}
