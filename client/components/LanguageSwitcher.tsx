import { useId } from "react";
import { useTranslation } from "react-i18next";
import { accountApi } from "../../shared/api/auth.ts";
import { callApi } from "../api.ts";
import { languages } from "../i18n/index.ts";
import { useSession } from "../session/session.tsx";

/**
 * Picks the interface language; i18next's detector remembers the choice in localStorage. Signed in,
 * the choice is also the account's language: signing in elsewhere opens in it, and emails are
 * written in it (otherwise signing in again would bring back the account's older language).
 */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const id = useId();

  async function choose(language: string) {
    await i18n.changeLanguage(language);
    if (session.state !== "signed-in" || session.offline || session.user.language === language) return;
    try {
      const { user } = await callApi(accountApi.update, { body: { language } });
      session.setUser(user);
    } catch {
      // The page is in the chosen language all the same; the account page can save it later.
    }
  }

  return (
    <div className="language-switcher">
      <label htmlFor={id}>{t("app.language")}</label>
      <select id={id} value={i18n.resolvedLanguage} onChange={(e) => void choose(e.target.value)}>
        {languages.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.label}
          </option>
        ))}
      </select>
    </div>
  );
}
