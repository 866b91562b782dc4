/** How a choices filter names one of its values: the choice itself, or yes/no in the reader's language. */

import type { Words } from "../../../shared/dataset/cellFormat.ts";
import type { Column } from "../../../shared/dataset/index.ts";

export function choiceLabel(column: Pick<Column, "type">, key: string, words: Words): string {
  if (column.type !== "boolean") return key;
  return key === "true" ? words.yes : key === "false" ? words.no : key;
}
