import { ConnectButton } from "@rainbow-me/rainbowkit";
import { Suspense } from "react";
import { useT } from "./i18n/index.tsx";
import { commonMessages } from "./i18n/common.ts";
import { AccountBar } from "./components/AccountBar.tsx";
import { LanguageSwitch } from "./components/LanguageSwitch.tsx";
import { TransactionList } from "./components/TransactionList.tsx";
import { Link, useLocation } from "./router.tsx";
import { ROUTES } from "./routes.tsx";

const NAV = [
  { to: "/brand", key: "nav.brand" },
  { to: "/influencers", key: "nav.influencers" },
  { to: "/influencer", key: "nav.influencer" },
  { to: "/mediator", key: "nav.mediator" },
  { to: "/auditor", key: "nav.auditor" },
] as const;

export function App() {
  const t = useT(commonMessages);
  const location = useLocation();
  const first = location.segments[0] ?? "";
  const route = ROUTES.find((r) => r.segment === first);
  const Page = route?.page;
  return (
    <>
      <a className="skip" href="#main">
        {t("skip")}
      </a>
      <header className="topbar">
        <Link to="/" className="brandmark" aria-label={t("home")}>
          Ispera
        </Link>
        <nav aria-label={t("nav.label")}>
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={`/${first}` === item.to ? "page" : undefined}>
                  {t(item.key)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="topbar-end">
          <LanguageSwitch />
          <ConnectButton showBalance={false} chainStatus="icon" accountStatus="address" />
        </div>
      </header>
      <AccountBar />
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p role="status">{t("loading")}</p>}>
          {Page ? (
            <Page />
          ) : (
            <section>
              <h1>{t("notFound")}</h1>
              <Link to="/">{t("home")}</Link>
            </section>
          )}
        </Suspense>
      </main>
      <TransactionList />
    </>
  );
}
