/** /verify-email?token=…: confirms the address of a new account. */
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { authApi } from "../../../shared/api/auth.ts";
import { callApi } from "../../api.ts";
import { safeNext } from "../../session/safeNext.ts";
import { TokenActionPage } from "./TokenActionPage.tsx";

export function VerifyEmailPage() {
  const { t } = useTranslation();
  // Where the person was going when they signed up (an invitation, say): back there after signing in.
  const next = safeNext(useSearchParams()[0].get("next"));
  const signIn = next === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`;
  return (
    <TokenActionPage
      title={t("accounts.verify.title")}
      intro={t("accounts.verify.intro")}
      button={t("accounts.verify.button")}
      action={async (token) => {
        await callApi(authApi.verifyEmail, { body: { token } });
        return (
          <>
            <p className="success">{t("accounts.verify.success")}</p>
            <Link to={signIn}>{t("accounts.verify.signIn")}</Link>
          </>
        );
      }}
    />
  );
}
