import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { createBrowserRouter, Link, Outlet, RouterProvider, useLocation } from "react-router";
import { LanguageSwitcher } from "./components/LanguageSwitcher.tsx";
import { NotificationBell } from "./components/NotificationBell.tsx";
import { AccountPage } from "./pages/account/AccountPage.tsx";
import { AdminPage } from "./pages/admin/AdminPage.tsx";
import { ConfirmEmailPage } from "./pages/auth/ConfirmEmailPage.tsx";
import { InvitationPage } from "./pages/auth/InvitationPage.tsx";
import { ResetPasswordPage } from "./pages/auth/ResetPasswordPage.tsx";
import { SetupPage } from "./pages/auth/SetupPage.tsx";
import { SignInPage } from "./pages/auth/SignInPage.tsx";
import { SignUpPage } from "./pages/auth/SignUpPage.tsx";
import { VerifyEmailPage } from "./pages/auth/VerifyEmailPage.tsx";
import { HomePage } from "./pages/HomePage.tsx";
import { ImportPage } from "./pages/import/ImportPage.tsx";
import { UpdateFromFilePage } from "./pages/import/UpdateFromFilePage.tsx";
import { NotFoundPage } from "./pages/NotFoundPage.tsx";
import { FollowProposalPage } from "./pages/proposals/FollowProposalPage.tsx";
import { ProposalQueuePage } from "./pages/proposals/ProposalQueuePage.tsx";
import { ProposalReviewPage } from "./pages/proposals/ProposalReviewPage.tsx";
import { DatasetSettingsPage } from "./pages/settings/DatasetSettingsPage.tsx";
import { WorkspacesPage } from "./pages/workspaces/WorkspacesPage.tsx";
import { useInstance } from "./session/instance.ts";
import { SessionProvider } from "./session/session.tsx";
import { UserMenu } from "./session/UserMenu.tsx";

// The table (AG Grid, Yjs, the provider) is most of the code: the home page does not wait for it.
const DatasetPage = lazy(() => import("./pages/DatasetPage.tsx").then((m) => ({ default: m.DatasetPage })));

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: "/", element: <HomePage /> },
      { path: "/import", element: <ImportPage /> },
      { path: "/datasets/:id", element: <DatasetPage /> },
      { path: "/datasets/:id/settings", element: <DatasetSettingsPage /> },
      { path: "/datasets/:id/update", element: <UpdateFromFilePage /> },
      { path: "/datasets/:id/proposals", element: <ProposalQueuePage /> },
      { path: "/datasets/:id/proposals/:number", element: <ProposalReviewPage /> },
      { path: "/proposals/:id", element: <FollowProposalPage /> },
      { path: "/sign-in", element: <SignInPage /> },
      { path: "/sign-up", element: <SignUpPage /> },
      { path: "/setup", element: <SetupPage /> },
      { path: "/verify-email", element: <VerifyEmailPage /> },
      { path: "/reset-password", element: <ResetPasswordPage /> },
      { path: "/confirm-email", element: <ConfirmEmailPage /> },
      { path: "/invitation", element: <InvitationPage /> },
      { path: "/account", element: <AccountPage /> },
      { path: "/workspaces", element: <WorkspacesPage /> },
      { path: "/admin", element: <AdminPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return (
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  );
}

function Layout() {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          <span aria-hidden="true" className="brand-mark" />
          {t("app.name")}
        </Link>
        <div className="header-end">
          <LanguageSwitcher />
          <NotificationBell />
          <UserMenu />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <SetupBanner />
        <Suspense fallback={<p className="page">{t("dataset.loading")}</p>}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}

/** While the instance has no administrator, every page but the setup page says so and leads there. */
function SetupBanner() {
  const { t } = useTranslation();
  const instance = useInstance();
  const { pathname } = useLocation();
  if (!instance?.needsSetup || pathname === "/setup") return null;
  return (
    <section className="setup-banner" aria-label={t("accounts.setup.title")}>
      <p>{t("accounts.setup.banner")}</p>
      <Link to="/setup" className="button-link primary">
        {t("accounts.setup.bannerAction")}
      </Link>
    </section>
  );
}
