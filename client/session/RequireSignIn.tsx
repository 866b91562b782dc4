/** Shows its children to a signed-in person; sends others to the sign-in page, coming back here after. */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation } from "react-router";
import type { PublicUser } from "../../shared/api/auth.ts";
import { useSession } from "./session.tsx";

export function RequireSignIn({ children }: { children: (user: PublicUser) => ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  if (session.state === "loading")
    return (
      <p role="status" className="page">
        {t("accounts.loading")}
      </p>
    );
  if (session.state === "signed-out") {
    const next = encodeURIComponent(`${location.pathname}${location.search}`);
    return <Navigate to={`/sign-in?next=${next}`} replace />;
  }
  return children(session.user);
}
