/** The allowed values of a choice column as typed in one field: comma separated, trimmed, no empties. */
export function splitChoices(text: string): string[] {
  return text
    .split(",")
    .map((c) => c.trim())
    .filter(Boolean);
}
