// The document store (docs/documents.md): one import for CIDs, stores, the local server and the document schemas.
export * from "./cid.ts";
export * from "./errors.ts";
export * from "./json.ts";
export * from "./store.ts";
export * from "./helia.ts";
export * from "./http.ts";
export * from "./server.ts";
export * from "./config.ts";
export * from "./brief.ts";
export * from "./documents.ts";
