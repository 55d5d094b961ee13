// Choosing a document store from configuration (docs/documents.md):
//   ISPERA_IPFS_API_URL      Kubo RPC endpoint (IPFS node, pinning service, or the local scripts/docstore.ts); when
//                            set, documents go there over HTTP
//   ISPERA_IPFS_API_TOKEN    optional bearer token for that endpoint
//   ISPERA_IPFS_GATEWAY_URL  optional gateway for reads (otherwise the API's cat)
//   ISPERA_IPFS_DIR          directory of the embedded store when no API URL is set (default .ispera/ipfs)
import { DEFAULT_STORE_DIR, HeliaStore } from "./helia.ts";
import { HttpIpfsStore } from "./http.ts";
import { MemoryStore, type DocumentStore } from "./store.ts";

export type StoreConfig =
  | { kind: "embedded"; dir?: string }
  | { kind: "http"; apiUrl: string; apiToken?: string; gatewayUrl?: string; timeoutMs?: number }
  | { kind: "memory" };

/** The configuration the environment asks for: HTTP when ISPERA_IPFS_API_URL is set, the embedded store otherwise. */
export function storeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  const apiUrl = env.ISPERA_IPFS_API_URL?.trim();
  if (apiUrl !== undefined && apiUrl !== "") {
    const config: StoreConfig = { kind: "http", apiUrl };
    const token = env.ISPERA_IPFS_API_TOKEN?.trim();
    const gateway = env.ISPERA_IPFS_GATEWAY_URL?.trim();
    if (token !== undefined && token !== "") config.apiToken = token;
    if (gateway !== undefined && gateway !== "") config.gatewayUrl = gateway;
    return config;
  }
  const dir = env.ISPERA_IPFS_DIR?.trim();
  return dir === undefined || dir === "" ? { kind: "embedded" } : { kind: "embedded", dir };
}

/** Opens the store a configuration names (default: from the environment). Close it when done. */
export async function openStore(config: StoreConfig = storeConfigFromEnv()): Promise<DocumentStore> {
  switch (config.kind) {
    case "embedded":
      return HeliaStore.open(config.dir ?? DEFAULT_STORE_DIR);
    case "http":
      return new HttpIpfsStore(config);
    case "memory":
      return new MemoryStore();
  }
}
