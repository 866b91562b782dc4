/**
 * The app's own words, for page models that find controls by their accessible name in whatever
 * language the page is in: read from the same files the app shows (client/locales/{language}/{group}.json).
 */
import { existsSync, readFileSync } from "node:fs";
import type { Page } from "playwright-core";

const cache = new Map<string, Record<string, unknown>>();

const LOCALES = new URL("../../client/locales/", import.meta.url);

/** The text of `key` (e.g. "dataset.addRow") in `language` ("fr", "en-GB": its folder, else its first part), without interpolation. */
export function word(language: string, key: string): string {
  const [group, ...path] = key.split(".");
  const folder = [language, language.split("-")[0]].find((l) => existsSync(new URL(`${l}/`, LOCALES)));
  if (!folder) throw new Error(`no words in ${language}`);
  const file = `${folder}/${group}`;
  let words = cache.get(file);
  if (!words) {
    words = JSON.parse(readFileSync(new URL(`${file}.json`, LOCALES), "utf8")) as Record<string, unknown>;
    cache.set(file, words);
  }
  const text = path.reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], words);
  if (typeof text !== "string") throw new Error(`no word ${key} in ${language}`);
  return text;
}

/** The language the page shows (its <html lang>). */
export async function pageLanguage(page: Page): Promise<string> {
  return page.evaluate(() => document.documentElement.lang || "en");
}
