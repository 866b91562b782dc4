/** Small pieces other pages use: a sign-in call to action in place of what needs an account, and the owners' settings link. */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useSession } from "./session.tsx";

/** Shows `children` to a signed-in person; to others, links to sign in or up (coming back to this page). */
export function SignInGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  if (session.state === "loading") return null;
  if (session.state === "signed-in") return children;
  return (
    <section className="card sign-in-cta" data-testid="sign-in-cta">
      <p>{t("accounts.home.signInToCreate")}</p>
      <Link className="button-link primary" to="/sign-in">
        {t("accounts.home.signIn")}
      </Link>
      <Link className="button-link" to="/sign-up">
        {t("accounts.home.signUp")}
      </Link>
    </section>
  );
}

/** The link to a dataset's settings page (for its owners), from the dataset page. */
export function DatasetSettingsLink() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  return (
    <Link className="settings-link" to={`/datasets/${id}/settings`}>
      {t("accounts.dataset.settings")}
    </Link>
  );
}
