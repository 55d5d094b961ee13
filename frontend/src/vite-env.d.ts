/// <reference types="vite/client" />
interface ImportMetaEnv {
  /** JSON-RPC URL of the local chain (default http://127.0.0.1:8545). */
  readonly VITE_RPC_URL?: string;
  /** Base URL of the document store (Kubo RPC API + gateway; default http://127.0.0.1:5001). */
  readonly VITE_DOCSTORE_URL?: string;
  /** Subgraph GraphQL endpoint; when unset the app reads the chain directly. */
  readonly VITE_SUBGRAPH_URL?: string;
}
interface ImportMeta {
  readonly env: ImportMetaEnv;
}
