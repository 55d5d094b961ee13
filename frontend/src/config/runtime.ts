// The runtime configuration (public/ispera-config.js, rewritten by the demo) merged with build-time defaults.
import type { Address } from "viem";
import { deployments, isSupportedChainId } from "./contracts.generated.ts";

/** The contracts the app talks to, by their deployment-record key. */
export const CONTRACT_KEYS = [
  "escrow",
  "court",
  "registry",
  "vault",
  "certificate",
  "profiles",
  "reputation",
  "randomness",
  "usdc",
  "vrf",
  "upkeep",
] as const;
export type ContractKey = (typeof CONTRACT_KEYS)[number];

export interface ContractRecord {
  readonly address: Address;
  readonly startBlock: number | null;
}

export interface LocalDeployment {
  readonly chainId: number;
  readonly contracts: Partial<Record<ContractKey, ContractRecord>>;
}

export interface RuntimeConfig {
  readonly rpcUrl: string;
  readonly docstoreUrl: string;
  readonly subgraphUrl: string | null;
  /** The local chain's deployment, written by the demo; it overrides the compiled-in local addresses. */
  readonly local: LocalDeployment | null;
}

declare global {
  interface Window {
    __ISPERA_CONFIG__?: Partial<RuntimeConfig>;
  }
}

const injected: Partial<RuntimeConfig> = typeof window === "undefined" ? {} : (window.__ISPERA_CONFIG__ ?? {});

export const runtimeConfig: RuntimeConfig = {
  rpcUrl: injected.rpcUrl ?? import.meta.env.VITE_RPC_URL ?? "http://127.0.0.1:8545",
  docstoreUrl: (injected.docstoreUrl ?? import.meta.env.VITE_DOCSTORE_URL ?? "http://127.0.0.1:5101").replace(/\/$/, ""),
  subgraphUrl: injected.subgraphUrl ?? import.meta.env.VITE_SUBGRAPH_URL ?? null,
  local: injected.local ?? null,
};

/** Ispera's contracts on `chainId`, or undefined when it is not deployed there. */
export function contractsOn(chainId: number): Partial<Record<ContractKey, ContractRecord>> | undefined {
  if (runtimeConfig.local && runtimeConfig.local.chainId === chainId) return runtimeConfig.local.contracts;
  if (!isSupportedChainId(chainId)) return undefined;
  return deployments[chainId]?.contracts as Partial<Record<ContractKey, ContractRecord>> | undefined;
}
