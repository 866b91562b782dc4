/** /verify-email?token=…: confirms the address of a new account. */
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { accountApi } from "../../accountApi.ts";
import { TokenActionPage } from "./TokenActionPage.tsx";

export function VerifyEmailPage() {
  const { t } = useTranslation();
  return (
    <TokenActionPage
      title={t("accounts.verify.title")}
      intro={t("accounts.verify.intro")}
      button={t("accounts.verify.button")}
      action={async (token) => {
        await accountApi.verifyEmail(token);
        return (
          <>
            <p className="success">{t("accounts.verify.success")}</p>
            <Link to="/sign-in">{t("accounts.verify.signIn")}</Link>
          </>
        );
      }}
    />
  );
}
