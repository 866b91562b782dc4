/**
 * Tab-separated text as spreadsheets put it on the clipboard: cells with a tab, a line break or a
 * double quote are quoted, quotes doubled. Parsing accepts what Excel, LibreOffice and Google
 * Sheets write, including a final line break.
 */

export function toTsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(quote).join("\t")).join("\n");
}

function quote(cell: string): string {
  return /[\t\n\r"]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let i = 0;
  let atCellStart = true;
  while (i < text.length) {
    const ch = text[i] as string;
    if (atCellStart && ch === '"') {
      // A quoted cell: runs to the next lone quote.
      let end = i + 1;
      let value = "";
      let closed = false;
      while (end < text.length) {
        const c = text[end];
        if (c === '"') {
          if (text[end + 1] === '"') {
            value += '"';
            end += 2;
            continue;
          }
          closed = true;
          break;
        }
        value += c;
        end++;
      }
      const next = text[end + 1];
      if (closed && (next === undefined || next === "\t" || next === "\n" || next === "\r")) {
        cell = value;
        i = end + 1;
        atCellStart = false;
        continue;
      }
      // Not a well-formed quoted cell: read it literally.
    }
    atCellStart = false;
    if (ch === "\t") {
      row.push(cell);
      cell = "";
      atCellStart = true;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      atCellStart = true;
    } else cell += ch;
    i++;
  }
  if (!atCellStart || cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
