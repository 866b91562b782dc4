import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="page narrow">
      <h1>{t("app.notFound")}</h1>
      <p>
        <Link to="/">{t("app.backHome")}</Link>
      </p>
    </div>
  );
}
