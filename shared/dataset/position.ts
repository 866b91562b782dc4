/** Fractional positions for rows and columns: a move is one write, concurrent moves never duplicate. */
import { generateKeyBetween, generateNKeysBetween } from "fractional-indexing";

/** `count` ascending positions strictly between `before` and `after` (null = open end). */
export function positionsBetween(before: string | null, after: string | null, count: number): string[] {
  // Equal neighbours happen when two people insert at the same place at once; they are ordered by
  // id, and the new positions go just after them instead of failing.
  if (before !== null && after !== null && before >= after) after = null;
  return generateNKeysBetween(before, after, count);
}

export function positionBetween(before: string | null, after: string | null): string {
  if (before !== null && after !== null && before >= after) after = null;
  return generateKeyBetween(before, after);
}

export function byPosition<T extends { position: string; id: string }>(a: T, b: T): number {
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
