/**
 * The choices that match what a person typed in a choice cell: case and accents ignored, choices
 * that start with the text first, then those with a word that starts with it, then any that
 * contain it, each group in the column's own order.
 */
export function matchChoices(choices: readonly string[], typed: string, locale?: string): string[] {
  const needle = fold(typed, locale);
  if (needle === "") return [...choices];
  const starts: string[] = [];
  const wordStarts: string[] = [];
  const contains: string[] = [];
  for (const choice of choices) {
    const text = fold(choice, locale);
    const at = text.indexOf(needle);
    if (at < 0) continue;
    if (at === 0) starts.push(choice);
    else if (text.split(/[\s\-_/(),.']+/u).some((word) => word.startsWith(needle))) wordStarts.push(choice);
    else contains.push(choice);
  }
  return [...starts, ...wordStarts, ...contains];
}

function fold(text: string, locale?: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase(locale).trim();
}
