/** /invitation?token=…: a signed-in person accepts an invitation to a dataset; others sign in or up first. */
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { memberApi } from "../../../shared/api/members.ts";
import { callApi } from "../../api.ts";
import { useSession } from "../../session/session.tsx";
import { usePageTitle } from "../../session/ui.tsx";
import { TokenActionPage } from "./TokenActionPage.tsx";

export function InvitationPage() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  usePageTitle(t("accounts.invitation.title"));

  if (session.state === "loading") return <p className="page">{t("accounts.loading")}</p>;
  if (session.state === "signed-out") {
    const next = encodeURIComponent(`${location.pathname}${location.search}`);
    return (
      <div className="page auth-page">
        <h1>{t("accounts.invitation.title")}</h1>
        <div className="card auth-card">
          <p>{t("accounts.invitation.signInFirst")}</p>
          <p className="auth-actions">
            <Link className="button-link primary" to={`/sign-in?next=${next}`}>
              {t("accounts.menu.signIn")}
            </Link>
            <Link className="button-link" to={`/sign-up?next=${next}`}>
              {t("accounts.signUp.title")}
            </Link>
          </p>
        </div>
      </div>
    );
  }
  return (
    <TokenActionPage
      title={t("accounts.invitation.title")}
      intro={t("accounts.invitation.intro", { name: session.user.name })}
      button={t("accounts.invitation.accept")}
      action={async (token) => {
        const dataset = await callApi(memberApi.acceptInvitation, { body: { token } });
        return (
          <>
            <p className="success">{t("accounts.invitation.accepted", { title: dataset.title })}</p>
            <Link to={`/datasets/${dataset.id}`}>{t("accounts.invitation.open", { title: dataset.title })}</Link>
          </>
        );
      }}
    />
  );
}
