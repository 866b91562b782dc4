/**
 * i18next set-up: English and French bundled (small), the choice detected from the browser once and
 * then remembered in localStorage, and the page's <html lang> kept in step for screen readers.
 */
import i18next from "i18next";
import LanguageDetector from "i18next-browser-languagedetector";
import { initReactI18next } from "react-i18next";
import { enAccounts } from "./en.accounts.ts";
import { en } from "./en.ts";
import { frAccounts } from "./fr.accounts.ts";
import { fr } from "./fr.ts";

export const languages = [
  { code: "en", label: "English" },
  { code: "fr", label: "Français" },
] as const;
export type Language = (typeof languages)[number]["code"];

export const LANGUAGE_STORAGE_KEY = "dataPatch.language";
export const resources = {
  en: { translation: { ...en, ...enAccounts } },
  fr: { translation: { ...fr, ...frAccounts } },
};

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
