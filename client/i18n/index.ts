/**
 * i18next set-up. The strings live in client/locales/{language}/{group}.json, one file per top-level
 * key (`dataset.json` holds the `dataset.*` keys), so translation platforms such as Weblate take
 * them as they are. The languages are the folders present: adding a language is adding a folder.
 * The choice is detected from the browser once, then remembered in localStorage, and the page's
 * <html lang> kept in step for screen readers.
 */
import i18next from "i18next";
import LanguageDetector from "i18next-browser-languagedetector";
import { initReactI18next } from "react-i18next";
import { type Resources, resourcesFromFiles } from "./resources.ts";

export const resources: Record<string, { translation: Resources }> = resourcesFromFiles(
  import.meta.glob<Record<string, unknown>>("../locales/*/*.json", { eager: true, import: "default" }),
);

/** The languages present, each named in its own words (app.languageName), English first. */
export const languages = Object.entries(resources)
  .map(([code, { translation }]) => ({ code, label: translation.app.languageName }))
  .sort((a, b) => (a.code === "en" ? -1 : b.code === "en" ? 1 : a.label.localeCompare(b.label)));
export type Language = string;

export const LANGUAGE_STORAGE_KEY = "dataPatch.language";

export function initI18n() {
  i18next.on("languageChanged", (lng) => {
    if (typeof document !== "undefined") document.documentElement.lang = lng;
  });
  return i18next
    .use(LanguageDetector)
    .use(initReactI18next)
    .init({
      resources,
      fallbackLng: "en",
      supportedLngs: languages.map((l) => l.code),
      nonExplicitSupportedLngs: true,
      load: "languageOnly",
      interpolation: { escapeValue: false }, // React escapes; values never go through innerHTML.
      detection: {
        order: ["localStorage", "navigator"],
        lookupLocalStorage: LANGUAGE_STORAGE_KEY,
        caches: ["localStorage"],
      },
      returnNull: false,
    });
}

/**
 * The BCP 47 locale used to format numbers and dates: the browser's own regional variant of the
 * chosen language when it has one (en-GB writes 25 Dec 2024, en-US Dec 25, 2024), else the language.
 */
export function currentLocale(): string {
  const language = i18next.resolvedLanguage ?? i18next.language ?? "en";
  const preferred = typeof navigator === "undefined" ? [] : navigator.languages;
  return preferred.find((tag) => tag.split("-")[0]?.toLowerCase() === language) ?? language;
}
