// Runtime configuration of the Ispera app, loaded before the app. The demo (scripts/demo.ts) rewrites this file in
// the served build with its chain's RPC URL, the document store's URL and the local deployment's addresses.
// Public deployments need none of it: their addresses are compiled in (src/config/contracts.generated.ts).
window.__ISPERA_CONFIG__ = {
  rpcUrl: "http://127.0.0.1:8545",
  docstoreUrl: "http://127.0.0.1:5101",
  subgraphUrl: null,
  local: null,
};
