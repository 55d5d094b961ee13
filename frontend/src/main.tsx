import "@rainbow-me/rainbowkit/styles.css";
import "./styles.css";
import { RainbowKitProvider } from "@rainbow-me/rainbowkit";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { WagmiProvider } from "wagmi";
import { App } from "./App.tsx";
import { LanguageProvider, useLang } from "./i18n/index.tsx";
import { TransactionProvider } from "./lib/tx.tsx";
import { wagmiConfig } from "./wagmi.ts";

const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 4_000, refetchInterval: 8_000, retry: 1 } } });

function Wallets() {
  const { lang } = useLang();
  return (
    <RainbowKitProvider locale={lang === "fr" ? "fr-FR" : "en-US"}>
      <TransactionProvider>
        <App />
      </TransactionProvider>
    </RainbowKitProvider>
  );
}

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <WagmiProvider config={wagmiConfig}>
      <QueryClientProvider client={queryClient}>
        <LanguageProvider>
          <Wallets />
        </LanguageProvider>
      </QueryClientProvider>
    </WagmiProvider>
  </StrictMode>,
);
