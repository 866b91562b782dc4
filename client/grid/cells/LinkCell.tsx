/**
 * How URL and email cells show: as a link when linkHref allows one (http, https, mailto), opened in
 * a new tab that cannot reach back to this page (rel="noopener noreferrer"); otherwise as plain
 * text. Values are text, rendered by React as text, never as HTML. The full value is the link's
 * title, and the cell shows it whole when hovered or focused (app.css, .link-cell).
 */
import type { CustomCellRendererProps } from "ag-grid-react";
import type { CellValue, ColumnType, Row } from "../../../shared/dataset/index.ts";
import { linkHref } from "./cellLinks.ts";

export type LinkCellParams = { type: ColumnType };

export function LinkCell({ type, value, valueFormatted }: CustomCellRendererProps<Row, CellValue> & LinkCellParams) {
  const text = valueFormatted ?? (value === null || value === undefined ? "" : String(value));
  const href = linkHref(type, value ?? null);
  if (href === null) return <span className="cell-text">{text}</span>;
  return (
    <a
      className="cell-link"
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      title={text}
      // The grid keeps the focus on the cell: the link is reached by clicking it.
      tabIndex={-1}
    >
      {text}
    </a>
  );
}
