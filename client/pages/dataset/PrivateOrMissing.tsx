/**
 * A dataset link that gives nothing to someone signed out: the dataset may not exist or may be
 * private, and the server answers both alike (404), so the page says both, and offers to sign in
 * and come back here.
 */
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";

export function PrivateOrMissing() {
  const { t } = useTranslation();
  const location = useLocation();
  const next = encodeURIComponent(location.pathname + location.search);
  return (
    <div role="alert">
      <p>{t("dataset.privateOrMissing")}</p>
      <p>{t("dataset.privateSignIn")}</p>
      <p>
        <Link className="button-link primary" to={`/sign-in?next=${next}`}>
          {t("dataset.signIn")}
        </Link>
      </p>
    </div>
  );
}
