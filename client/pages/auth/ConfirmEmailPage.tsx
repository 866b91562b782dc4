/** /confirm-email?token=…: confirms a new email address for an existing account. */
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { authApi } from "../../../shared/api/auth.ts";
import { callApi } from "../../api.ts";
import { useSession } from "../../session/session.tsx";
import { TokenActionPage } from "./TokenActionPage.tsx";

export function ConfirmEmailPage() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <TokenActionPage
      title={t("accounts.confirmEmail.title")}
      intro={t("accounts.confirmEmail.intro")}
      button={t("accounts.confirmEmail.button")}
      action={async (token) => {
        await callApi(authApi.confirmEmail, { body: { token } });
        const user = await session.refresh();
        return (
          <>
            <p className="success">{t("accounts.confirmEmail.success")}</p>
            <Link to={user ? "/account" : "/sign-in"}>
              {user ? t("accounts.menu.account") : t("accounts.verify.signIn")}
            </Link>
          </>
        );
      }}
    />
  );
}
