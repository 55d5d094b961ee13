// Seeds the demo's world on the locally deployed stack (scripts/lib/world.ts): brands and influencers with profiles,
// a dozen mediators across language and topic pools, and deals in every state (offered, in delivery, in review,
// completed with a rights certificate, in dispute at the commit stage, appealed, with a holdback), printing one
// line per step with its gas. Writes the summary to demo-output/world.json. The chain clock is not moved.
// Run by the demo after the other scenarios: `hardhat run scripts/demoWorld.ts --network localhost` with
// LOCAL_RPC_URL and ISPERA_DEPLOYMENT_ID (default local-demo). Documents go to the store ISPERA_IPFS_API_URL names
// (the demo's document store server); without it, to the embedded store (ISPERA_IPFS_DIR, default .ispera/ipfs), or
// to a memory store if that cannot be opened (then the documents are gone when this script ends).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { network } from "hardhat";
import { openStore, storeConfigFromEnv } from "./lib/docstore/config.ts";
import { MemoryStore, type DocumentStore } from "./lib/docstore/store.ts";
import { seedWorld, worldAddressesFromRecord } from "./lib/world.ts";

const deploymentId = process.env.ISPERA_DEPLOYMENT_ID ?? "local-demo";
const addressesFile = resolve("ignition", "deployments", deploymentId, "deployed_addresses.json");
const addresses = worldAddressesFromRecord(JSON.parse(readFileSync(addressesFile, "utf8")) as Record<string, string>, addressesFile);

let documents: DocumentStore;
if (process.env.ISPERA_IPFS_API_URL?.trim()) {
  documents = await openStore(storeConfigFromEnv());
} else {
  console.log("  ISPERA_IPFS_API_URL is not set: documents go to the embedded store instead of the demo's store server");
  try {
    documents = await openStore(storeConfigFromEnv());
  } catch (error) {
    console.log(`  the embedded store cannot be opened (${(error as Error).message}): using a memory store, lost at exit`);
    documents = new MemoryStore();
  }
}

const { ethers } = await network.create();
try {
  const summary = await seedWorld(ethers, addresses, { documents });
  mkdirSync("demo-output", { recursive: true });
  const file = resolve("demo-output", "world.json");
  writeFileSync(file, `${JSON.stringify({ deploymentId, ...summary }, null, 2)}\n`);
  console.log(`  summary: ${file}`);
} finally {
  await documents.close();
}
