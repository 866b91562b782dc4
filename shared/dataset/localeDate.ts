/**
 * Reads a date as a person of a locale types or sees it: ISO `2020-05-01` always; with a locale,
 * numeric dates in that locale's day/month order (`01/05/2020` is 1 May in fr, 5 January in en-US)
 * and dates with a month name as the grid shows them (`1 May 2020`, `May 1, 2020`, `1 févr. 2020`).
 * The order and month names come from Intl, never from a list of locales.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Words and numbers, separated by spaces, commas, dots, slashes or dashes, and nothing else. */
const SHAPE = /^[\p{L}\d]+(?:[\s.,/-]+[\p{L}\d]+)*\.?$/u;

/** Day/month/year order of numeric dates, month names, and the words a long date has between parts ("de"). */
type Reading = { order: ("day" | "month" | "year")[]; months: Map<string, number>; fillers: Set<string> };
const readings = new Map<string, Reading>();

/** The ISO date (`YYYY-MM-DD`) that `text` means, or null when it is not a date that can be read. */
export function readDate(text: string, locale?: string): string | null {
  const trimmed = text.trim();
  const iso = ISO_DATE.exec(trimmed);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  if (!locale || !SHAPE.test(trimmed)) return null;
  const reading = readingFor(locale);
  if (!reading) return null;
  const tokens = trimmed.match(/\p{L}+|\d+/gu) ?? [];
  const words = tokens.filter((t) => !/^\d+$/.test(t) && !reading.fillers.has(normalize(t)));
  const numbers = tokens.filter((t) => /^\d+$/.test(t));
  if (words.length === 1 && numbers.length === 2) {
    const month = reading.months.get(normalize(words[0] as string));
    if (month === undefined) return null;
    // The year is the four-digit number; the day is the other one.
    const [a, b] = numbers as [string, string];
    if (a.length === 4 && b.length <= 2) return isoDate(Number(a), month, Number(b));
    if (b.length === 4 && a.length <= 2) return isoDate(Number(b), month, Number(a));
    return null;
  }
  if (words.length === 0 && numbers.length === 3) {
    const [a, b, c] = numbers as [string, string, string];
    // Year first is always year, month, day (2020/05/01).
    if (a.length === 4) return b.length <= 2 && c.length <= 2 ? isoDate(Number(a), Number(b), Number(c)) : null;
    const parts: Record<string, string> = {};
    reading.order.forEach((type, i) => {
      parts[type] = numbers[i] as string;
    });
    const { day, month, year } = parts as { day: string; month: string; year: string };
    if (year.length !== 4 || day.length > 2 || month.length > 2) return null;
    return isoDate(Number(year), Number(month), Number(day));
  }
  return null;
}

function isoDate(y: number, m: number, d: number): string | null {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(2000, m - 1, d));
  date.setUTCFullYear(y);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function readingFor(locale: string): Reading | null {
  let reading = readings.get(locale);
  if (reading) return reading;
  try {
    const numeric = new Intl.DateTimeFormat(locale, {
      timeZone: "UTC",
      year: "numeric",
      month: "numeric",
      day: "numeric",
    });
    const order = numeric
      .formatToParts(0)
      .map((p) => p.type)
      .filter((t): t is "day" | "month" | "year" => t === "day" || t === "month" || t === "year");
    if (order.length !== 3) return null;
    const months = new Map<string, number>();
    const fillers = new Set<string>();
    // The locale's own names first, then English ones, which people often type anyway.
    for (const tag of [locale, "en"]) {
      const formats = [
        new Intl.DateTimeFormat(tag, { timeZone: "UTC", month: "long" }),
        new Intl.DateTimeFormat(tag, { timeZone: "UTC", month: "short" }),
        new Intl.DateTimeFormat(tag, { timeZone: "UTC", dateStyle: "medium" }),
        new Intl.DateTimeFormat(tag, { timeZone: "UTC", dateStyle: "long" }),
      ];
      for (let m = 0; m < 12; m++) {
        const date = new Date(Date.UTC(2000, m, 15));
        for (const format of formats) {
          for (const part of format.formatToParts(date)) {
            if (part.type === "literal") {
              for (const word of part.value.match(/\p{L}+/gu) ?? []) fillers.add(normalize(word));
            }
            if (part.type !== "month" || /\d/.test(part.value)) continue;
            const name = normalize(part.value);
            if (!months.has(name)) months.set(name, m + 1);
          }
        }
      }
    }
    for (const name of months.keys()) fillers.delete(name);
    reading = { order, months, fillers };
  } catch {
    return null;
  }
  readings.set(locale, reading);
  return reading;
}

/** Lower case, without accents or a closing dot: `Févr.` reads as `fevr`. */
function normalize(word: string): string {
  return word.normalize("NFD").replace(/\p{M}/gu, "").replace(/\.$/, "").toLowerCase();
}
