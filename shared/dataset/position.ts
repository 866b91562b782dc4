/** Fractional positions for rows and columns: a move is one write, concurrent moves never duplicate. */
import { generateKeyBetween, generateNKeysBetween } from "fractional-indexing";

/** `count` ascending positions strictly between `before` and `after` (null = open end). */
export function positionsBetween(before: string | null, after: string | null, count: number): string[] {
  [before, after] = neighbours(before, after);
  return generateNKeysBetween(before, after, count);
}

export function positionBetween(before: string | null, after: string | null): string {
  [before, after] = neighbours(before, after);
  return generateKeyBetween(before, after);
}

export function byPosition<T extends { position: string; id: string }>(a: T, b: T): number {
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Whether text is an order key that positions can be generated next to (untrusted text may not be). */
export function isPosition(value: string): boolean {
  return fits(() => generateKeyBetween(value, null));
}

function neighbours(before: string | null, after: string | null): [string | null, string | null] {
  // A stored position that is not a fractional index (a document outside the schema) is ignored
  // as a neighbour, so rows can still be added next to it, if not exactly in place.
  if (before !== null && !fits(() => generateKeyBetween(before, null))) before = null;
  if (after !== null && !fits(() => generateKeyBetween(null, after))) after = null;
  // Equal neighbours happen when two people insert at the same place at once; they are ordered by
  // id, and the new positions go just after them instead of failing.
  if (before !== null && after !== null && before >= after) after = null;
  return [before, after];
}

function fits(generate: () => string): boolean {
  try {
    generate();
    return true;
  } catch {
    return false;
  }
}
