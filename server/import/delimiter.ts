/** Which of `,` `;` tab `|` separates the fields of a CSV text, judged on its first lines. */
import Papa from "papaparse";

export const delimiters = [",", ";", "\t", "|"] as const;
export type Delimiter = (typeof delimiters)[number];

const SAMPLE_CHARS = 64 * 1024;

export function detectDelimiter(text: string): Delimiter {
  // Papa's guess: the candidate that splits the sampled rows into the same number of fields, more than one.
  const guess = Papa.parse(text.slice(0, SAMPLE_CHARS), {
    preview: 50,
    skipEmptyLines: true,
    delimitersToGuess: [...delimiters],
  }).meta.delimiter;
  return (delimiters as readonly string[]).includes(guess) ? (guess as Delimiter) : ",";
}
