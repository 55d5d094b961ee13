// The local document store (docs/documents.md): Helia over the filesystem (kept across restarts) behind a small HTTP
// server on 127.0.0.1 that speaks the Kubo RPC subset Ispera uses (/api/v0/add, cat, block/stat, version) and a
// read-only gateway (/ipfs/<cid>, CORS open) for the browser. Point tools at it with
// ISPERA_IPFS_API_URL=http://127.0.0.1:<port> (and ISPERA_IPFS_GATEWAY_URL for reads through the gateway).
//
//   npx node scripts/docstore.ts [--dir .ispera/ipfs] [--port 5101 | auto] [--quiet]
//   env: ISPERA_IPFS_DIR, ISPERA_DOCSTORE_PORT
// Ctrl-C (SIGINT) or SIGTERM stops it cleanly. Once listening it prints one line starting with "docstore ready".
import { DEFAULT_STORE_DIR, HeliaStore } from "./lib/docstore/helia.ts";
import { startDocumentServer, type DocumentServer } from "./lib/docstore/server.ts";

/** Default port: away from Kubo's 5001 and 8080, so a local IPFS node can run beside it. */
export const DEFAULT_DOCSTORE_PORT = 5101;

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const index = args.indexOf(name);
  if (index < 0) return undefined;
  const value = args[index + 1];
  if (value === undefined || value.startsWith("--")) fail(`${name} needs a value`);
  return value;
}

function fail(message: string): never {
  console.error(`docstore: ${message}`);
  process.exit(2);
}

const dir = option("--dir") ?? process.env.ISPERA_IPFS_DIR ?? DEFAULT_STORE_DIR;
const portText = option("--port") ?? process.env.ISPERA_DOCSTORE_PORT ?? String(DEFAULT_DOCSTORE_PORT);
const port = portText === "auto" ? 0 : Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65_535) fail(`--port must be a TCP port or "auto", got "${portText}"`);
const quiet = process.argv.includes("--quiet");

const store = await HeliaStore.open(dir);
let server: DocumentServer;
try {
  server = await startDocumentServer(store, { port, log: quiet ? undefined : (line) => console.log(`docstore: ${line}`) });
} catch (error) {
  await store.close();
  fail((error as Error).message);
}
console.log(`docstore ready ${server.url} (api ${server.url}/api/v0, gateway ${server.url}/ipfs/<cid>) data ${store.dir}`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`docstore: ${signal}, stopping`);
  try {
    await server.stop();
    await store.close();
    console.log("docstore: stopped");
    process.exit(0);
  } catch (error) {
    console.error(`docstore: stopping failed: ${(error as Error).message}`);
    process.exit(1);
  }
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
