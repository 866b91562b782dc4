import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { createBrowserRouter, Link, Outlet, RouterProvider } from "react-router";
import { LanguageSwitcher } from "./components/LanguageSwitcher.tsx";
import { HomePage } from "./pages/HomePage.tsx";
import { NotFoundPage } from "./pages/NotFoundPage.tsx";

// The table (AG Grid, Yjs, the provider) is most of the code: the home page does not wait for it.
const DatasetPage = lazy(() => import("./pages/DatasetPage.tsx").then((m) => ({ default: m.DatasetPage })));

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: "/", element: <HomePage /> },
      { path: "/datasets/:id", element: <DatasetPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
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
        <LanguageSwitcher />
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p className="page">{t("dataset.loading")}</p>}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}
