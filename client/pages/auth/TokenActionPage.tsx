/**
 * Pages behind email links: they never act on load (mail scanners prefetch links), the person presses a
 * button that POSTs the link's token, then sees success or "invalid or expired link".
 */
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { ErrorMessage, useErrorText, usePageTitle } from "../../session/ui.tsx";

type Props = {
  title: string;
  intro: string;
  button: string;
  /** Does the work with the token; resolves to what to show on success. */
  action: (token: string) => Promise<ReactNode>;
};

export function TokenActionPage({ title, intro, button, action }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [params] = useSearchParams();
  const token = params.get("token");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<ReactNode>(null);
  usePageTitle(title);

  async function run() {
    if (!token) return;
    setBusy(true);
    setError(null);
    try {
      setDone(await action(token));
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  }

  return (
    <div className="page auth-page">
      <h1>{title}</h1>
      <div className="card auth-card">
        {!token ? (
          <>
            <p role="alert" className="error">
              {t("accounts.errors.invalid-or-expired-link")}
            </p>
            <Link to="/">{t("app.backHome")}</Link>
          </>
        ) : done ? (
          <div role="status" className="success-block">
            {done}
          </div>
        ) : (
          <>
            <p>{intro}</p>
            <ErrorMessage>{error}</ErrorMessage>
            <button type="button" className="primary wide" disabled={busy} onClick={() => void run()}>
              {button}
            </button>
          </>
        )}
      </div>
    </div>
  );
}
