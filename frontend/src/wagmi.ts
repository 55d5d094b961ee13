// Wallet and chain configuration. Only the injected wallet is offered: WalletConnect-based wallets need a project id
// and network access this app does not assume (TOOLCHAIN.md section 8). On the local chain an injected wallet
// (a browser extension holding the demo accounts, or the end-to-end tests' key-backed provider) signs.
import { connectorsForWallets } from "@rainbow-me/rainbowkit";
import { injectedWallet } from "@rainbow-me/rainbowkit/wallets";
import { createConfig, http } from "wagmi";
import { arbitrum, arbitrumSepolia, base, baseSepolia, hardhat, sepolia } from "wagmi/chains";
import { runtimeConfig } from "./config/runtime.ts";

export const chains = [hardhat, baseSepolia, arbitrumSepolia, sepolia, base, arbitrum] as const;

const connectors = connectorsForWallets([{ groupName: "Wallets", wallets: [injectedWallet] }], {
  appName: "Ispera",
  projectId: "ispera-offline",
});

export const wagmiConfig = createConfig({
  chains,
  connectors,
  transports: {
    [hardhat.id]: http(runtimeConfig.rpcUrl),
    [baseSepolia.id]: http(),
    [arbitrumSepolia.id]: http(),
    [sepolia.id]: http(),
    [base.id]: http(),
    [arbitrum.id]: http(),
  },
  pollingInterval: 1_000,
});

/** The block explorer's page of a transaction, or undefined on a chain without one (the local chain). */
export function explorerTxUrl(chainId: number, hash: string): string | undefined {
  const chain = chains.find((c) => c.id === chainId);
  const explorer = chain && "blockExplorers" in chain ? chain.blockExplorers?.default.url : undefined;
  return explorer ? `${explorer}/tx/${hash}` : undefined;
}

declare module "wagmi" {
  interface Register {
    config: typeof wagmiConfig;
  }
}
