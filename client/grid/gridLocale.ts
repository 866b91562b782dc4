/**
 * AG Grid's own interface words (filter menus, screen-reader labels, the empty table), from AG Grid's
 * maintained translations. One line per language Data Patch ships: the package bundles 31 languages
 * in one module, and naming them lets the bundler keep only these. `gridLocale.test.ts` fails when
 * a language in client/locales/ has no line here.
 */
import { AG_GRID_LOCALE_EN, AG_GRID_LOCALE_ES, AG_GRID_LOCALE_FR } from "@ag-grid-community/locale";

export const gridLocales: Record<string, Record<string, string>> = {
  en: AG_GRID_LOCALE_EN,
  es: AG_GRID_LOCALE_ES,
  fr: AG_GRID_LOCALE_FR,
};

export function gridLocaleText(language: string): Record<string, string> | undefined {
  return gridLocales[language.split("-")[0] ?? ""];
}
