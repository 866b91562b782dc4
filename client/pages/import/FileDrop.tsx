/**
 * A file dropped anywhere on the page goes to `onFile` (instead of the browser opening it in place
 * of the app); while one is dragged over the page, the whole page says it will take it.
 */
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

export function FileDrop({ onFile, disabled = false }: { onFile: (file: File) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const [dragging, setDragging] = useState(false);
  const latest = useRef({ onFile, disabled });
  latest.current = { onFile, disabled };
  useEffect(() => {
    const over = (event: DragEvent) => {
      if (!event.dataTransfer?.types.includes("Files")) return;
      event.preventDefault();
      setDragging(!latest.current.disabled);
    };
    // Moving between elements fires dragleave too: only leaving the window (no element to go to) ends it.
    const leave = (event: DragEvent) => {
      if (!event.relatedTarget) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      const file = event.dataTransfer?.files[0];
      if (!file) return;
      event.preventDefault();
      setDragging(false);
      if (!latest.current.disabled) latest.current.onFile(file);
    };
    window.addEventListener("dragover", over);
    window.addEventListener("dragleave", leave);
    window.addEventListener("drop", drop);
    return () => {
      window.removeEventListener("dragover", over);
      window.removeEventListener("dragleave", leave);
      window.removeEventListener("drop", drop);
    };
  }, []);
  return dragging ? <p className="import-drop-overlay">{t("import.dropNow")}</p> : null;
}
