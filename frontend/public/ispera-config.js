// Runtime configuration of the Ispera app, loaded before the app. Empty here: the build's defaults apply
// (VITE_RPC_URL, VITE_DOCSTORE_URL, VITE_SUBGRAPH_URL, else the local defaults). The demo (scripts/demo.ts) rewrites
// this file in the served build with its chain's RPC URL, the document store's URL and the local deployment's
// addresses, so one build serves any local run. Public deployments' addresses are compiled in
// (src/config/contracts.generated.ts).
window.__ISPERA_CONFIG__ = {};
