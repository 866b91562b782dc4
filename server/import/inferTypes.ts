/**
 * The type each column most likely has, from its values, with the project's own readers
 * (parseCell, readDate): what the preview proposes and the person may change. A type is proposed
 * when at least 95% of the column's non-empty values read as it; the others are listed as
 * problems and kept as the text they were. Identifiers stay text: values with a leading zero
 * (postcodes 01200, phones 04 50 56 87 49), international phone numbers, integers of ten digits
 * or more (SIRET), integers all of one length of five digits or more (postcodes, INSEE codes),
 * and integers in columns named like codes (code_postal, siret, telephone, id). Yes/no needs one
 * pair of words (readsAsYesNo), so compass points or sizes written as letters are not booleans.
 */
import { type CellValue, type ColumnType, parseCell } from "../../shared/dataset/index.ts";
import { readDate } from "../../shared/dataset/localeDate.ts";

export type ColumnGuess = {
  type: ColumnType;
  /** The choices of a `choice` column, in order of first appearance. */
  choices: string[];
  /** How dates are read (day/month order): the locale whose reading fits the column. */
  dateLocale?: string;
};

const SHARE = 0.95;
export const MAX_CHOICES = 20;
const MAX_CHOICE_CHARS = 60;

/** Dates written day first (fr, en-GB) or month first (en-US), tried after the importer's own locale. */
const DATE_LOCALES = ["en-GB", "en-US"];

const LATITUDE = /^(lat|latitude|y|lat_wgs84|latitude_wgs84)$/i;
const LONGITUDE = /^(lon|lng|long|longitude|x|lon_wgs84|longitude_wgs84)$/i;

export type InferOptions = {
  /** The importer's locale, to read dates and numbers as they write them first. */
  locale?: string;
  /**
   * Values carry their own types (XLSX, JSON): a number is a number, and text that looks like one
   * ("13011" in a JSON string) stays text, as its author wrote it.
   */
  typed?: boolean;
};

export function inferColumn(name: string, values: readonly CellValue[], options: InferOptions = {}): ColumnGuess {
  const locale = options.locale ?? "en";
  const typed = options.typed ?? false;
  const present = values.filter((v): v is Exclude<CellValue, null> => v !== null && v !== "");
  const text: ColumnGuess = { type: "text", choices: [] };
  if (present.length === 0) return text;
  // Whether at least SHARE of the values pass `test`; stops at the first failure too many.
  const mostly = (test: (v: Exclude<CellValue, null>) => boolean) => {
    let failures = Math.floor(present.length * (1 - SHARE));
    for (const v of present) if (!test(v) && --failures < 0) return false;
    return true;
  };
  const fits = (type: ColumnType, v: CellValue, options: { locale?: string } = {}) =>
    parseCell({ type, choices: [] }, v, options).ok;

  const isBoolean = (v: Exclude<CellValue, null>) =>
    typeof v === "boolean" || (!typed && typeof v === "string" && !/^\d+$/.test(v.trim()) && fits("boolean", v));
  if (mostly(isBoolean) && readsAsYesNo(present)) return { type: "boolean", choices: [] };

  const numeric = (v: Exclude<CellValue, null>) => (typed ? typeof v === "number" : isNumber(v, locale));
  if (!looksLikeIdentifiers(name, present) && mostly(numeric)) {
    const numbers = present
      .map((v) => parseCell({ type: "number", choices: [] }, v, { locale }))
      .flatMap((p) => (p.ok && typeof p.value === "number" ? [p.value] : []));
    if (LATITUDE.test(name.trim()) && numbers.every((n) => Math.abs(n) <= 90)) return { type: "latitude", choices: [] };
    if (LONGITUDE.test(name.trim()) && numbers.every((n) => Math.abs(n) <= 180))
      return { type: "longitude", choices: [] };
    return { type: "number", choices: [] };
  }

  for (const dateLocale of [locale, ...DATE_LOCALES]) {
    if (mostly((v) => typeof v === "string" && readDate(v, dateLocale) !== null))
      return { type: "date", choices: [], dateLocale };
  }
  if (mostly((v) => typeof v === "string" && /^https?:\/\//i.test(v.trim()) && fits("url", v)))
    return { type: "url", choices: [] };
  if (mostly((v) => typeof v === "string" && fits("email", v))) return { type: "email", choices: [] };

  const distinct = [...new Set(present.map((v) => String(v).trim()))];
  if (
    present.length >= 10 &&
    distinct.length <= MAX_CHOICES &&
    distinct.length * 3 <= present.length &&
    distinct.every((c) => c.length <= MAX_CHOICE_CHARS && !c.includes("\n"))
  )
    return { type: "choice", choices: distinct };
  return text;
}

/**
 * Whether the column's words are one yes/no pair, not letters that happen to be boolean words:
 * "oui"/"non", "Y"/"N" or "x" and blanks are; "N", "S", "E", "O" (points of the compass) or "S", "M",
 * "L" (sizes) are not. At most one spelling for yes and one for no, and a lone letter only "x".
 */
function readsAsYesNo(values: readonly Exclude<CellValue, null>[]): boolean {
  const spellings = new Set<string>();
  for (const v of values) if (typeof v === "string") spellings.add(v.trim().toLowerCase());
  const yes: string[] = [];
  const no: string[] = [];
  for (const spelling of spellings) {
    const read = parseCell({ type: "boolean", choices: [] }, spelling);
    if (read.ok) (read.value ? yes : no).push(spelling);
  }
  if (yes.length > 1 || no.length > 1) return false;
  const [only = ""] = [...yes, ...no];
  return yes.length + no.length !== 1 || only === "x" || only.length > 1;
}

/** A number as a person means it, and not an identifier written with digits. */
export function isNumber(value: CellValue, locale?: string): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  if (typeof value !== "string") return false;
  const t = value.trim();
  // A leading zero (01200, 04 50 56 87 49, 007) is a code, not a number; "0.5" and "0,5" are numbers.
  if (/^[-+]?0\d/.test(t)) return false;
  // Spaces inside a number only as thousands separators (1 234 567), never as in phone numbers.
  if (/\s/.test(t) && !/^[-+]?\d{1,3}([\s\u00a0\u202f]\d{3})+([.,]\d+)?$/.test(t)) return false;
  // An international phone number (+33180059880).
  if (/^\+\d{6,}$/.test(t)) return false;
  // Ten digits or more without a decimal part: a SIRET, a phone number, an account, not a quantity.
  if (/^-?\d{10,}$/.test(t) || t.replace(/\D/g, "").length > 15) return false;
  return parseCell({ type: "number", choices: [] }, t, { locale }).ok;
}

/** Names of columns whose integers are codes: postcodes, INSEE codes, SIRET, phone numbers, ids. */
const CODE_NAME =
  /(^|[\s_.-])(code|codes|cp|zip|postal|postcode|insee|siret|siren|tel|telephone|téléphone|phone|id|pivot|dep|departement|département)([\s_.-]|$)/i;

/**
 * Integers that are codes, not quantities: in a column named like one (code_postal, siret,
 * telephone…), or all written with the same number of digits, five or more.
 */
function looksLikeIdentifiers(name: string, values: readonly Exclude<CellValue, null>[]): boolean {
  const integers = values.every((v) => /^\d+$/.test(String(v).trim()));
  if (integers && CODE_NAME.test(name)) return true;
  if (values.length < 2) return false;
  const first = String(values[0]).trim();
  if (!/^\d{5,}$/.test(first)) return false;
  return values.every((v) => {
    const t = String(v).trim();
    return t.length === first.length && /^\d+$/.test(t);
  });
}
