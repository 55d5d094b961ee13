// README command 1 (`npm run demo` after `npm install`): brings up the whole local Ispera system and fills it.
//   1. compiles the contracts
//   2. starts a local chain (`hardhat node`, bound to 127.0.0.1 only)
//   3. starts the document store (scripts/docstore.ts: Helia with a filesystem blockstore, IPFS API and gateway on
//      127.0.0.1; its data is kept in .ispera/ipfs across runs)
//   4. deploys the stack with Hardhat Ignition and records the addresses (scripts/exportDeployments.ts)
//   5. plays a deal from offer to payout (scripts/demoDeal.ts)
//   6. plays a dispute: mediators staked, drawn by VRF, commit-reveal, ruling executed (scripts/demoDispute.ts)
//   7. plays a deal with an exclusivity, a holdback and content rights until its certificate, and proves the
//      certificate from the chain alone: demo-output/rights-proof-<deal id>.html (scripts/demoRights.ts)
//   8. seeds a realistic world: brands and influencers with profiles, a dozen mediators in language and topic
//      pools, deals in every state, a dispute at the commit stage, an appealed one (scripts/demoWorld.ts)
//   9. starts the keeper (scripts/keeper.ts), which moves time-driven work forward from now on
//  10. builds the web app (frontend/, `npm run build -w frontend`) and serves frontend/dist on 127.0.0.1 (port 5173,
//      or a free one with --port auto) with dist/ispera-config.js pointing it at this chain, document store and
//      deployment (scripts/lib/staticServer.ts)
//  11. checks solvency with the auditor tools (scripts/audit.ts) and prints what to open
//  12. with --e2e only: the browser tests (frontend/e2e/run.ts, Debian's Chromium via scripts/ensure-chromium.mjs)
//  Ctrl-C stops everything it started; --exit stops after step 11 (the keeper then makes one pass only); --e2e
//  stops after the browser tests and exits with their status.
// Options: --exit, --e2e, --port N | auto (default 8545; auto also picks a free port for the app),
//          --app-port N (default 5173, or free with --port auto), --prebuilt-frontend (serve frontend/dist as built,
//          when it exists: `npm test` builds it in its own step just before).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { HDNodeWallet, Mnemonic } from "ethers";
import { BIN, childEnv, freePort, ROOT, run, startLocalChain, startService, stopProcessGroup } from "./lib/run.ts";
import { serveStatic } from "./lib/staticServer.ts";

const args = process.argv.slice(2);
const e2e = args.includes("--e2e");
const exitAfter = args.includes("--exit") && !e2e;
const prebuiltFrontend = args.includes("--prebuilt-frontend");
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const portArg = option("--port");
const port = portArg === "auto" ? await freePort() : Number(portArg ?? 8545);
if (!Number.isInteger(port) || port <= 0 || port > 65_535) {
  console.error(`demo: --port must be a TCP port number or "auto", got "${portArg}"`);
  process.exit(2);
}
const appPortArg = option("--app-port");
const appPort = appPortArg !== undefined ? Number(appPortArg) : portArg === "auto" ? await freePort() : 5173;
if (!Number.isInteger(appPort) || appPort <= 0 || appPort > 65_535) {
  console.error(`demo: --app-port must be a TCP port number, got "${appPortArg}"`);
  process.exit(2);
}
// The app's port is checked now rather than after the minutes the scenarios take (the chain's port is checked by its
// own start); with --port auto both are free ports picked above.
if (!(await portIsFree(appPort))) {
  console.error(`demo: port ${appPort} (the web app) is already in use: stop what uses it, or pass --app-port N or --port auto`);
  process.exit(2);
}
const rpcUrl = `http://127.0.0.1:${port}`;
// A test run (--exit, --e2e) keeps its Ignition journal and documents apart from the ones of an interactive demo.
const checkRun = exitAfter || e2e;
const deploymentId = checkRun ? "demo-check" : "local-demo";
const storeDir = checkRun ? resolve(ROOT, "demo-output", "ipfs-check") : resolve(ROOT, ".ispera", "ipfs");
const NODE = resolve(BIN, "node");
const STEPS = e2e ? 12 : 11;
const say = (n: number, what: string): void => console.log(`\n[${n}/${STEPS}] ${what}`);

const services: ChildProcess[] = [];
let appServer: Server | undefined;
let e2eChild: ChildProcess | undefined;
const stopAll = (): void => {
  if (e2eChild) stopProcessGroup(e2eChild);
  appServer?.closeAllConnections();
  appServer?.close();
  appServer = undefined;
  for (const child of services.reverse()) stopProcessGroup(child);
  services.length = 0;
};
process.on("exit", stopAll);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    console.log("\nstopping the app server, the keeper, the document store and the local chain");
    stopAll();
    process.exit(signal === "SIGINT" && !e2e ? 0 : 1);
  });
}
/** Whether 127.0.0.1:`candidate` can be listened on. */
async function portIsFree(candidate: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once("error", () => done(false));
    probe.listen(candidate, "127.0.0.1", () => probe.close(() => done(true)));
  });
}
function fail(message: string): never {
  console.error(`demo: ${message}`);
  stopAll();
  process.exit(1);
}

console.log("Ispera local demo");
say(1, "compiling the contracts");
if (run(resolve(BIN, "hardhat"), ["build", "--quiet"]).status !== 0) fail("compilation failed");

say(2, `starting the local chain on ${rpcUrl} (127.0.0.1 only)`);
try {
  services.push(await startLocalChain(port));
} catch (error) {
  fail(`${(error as Error).message}\nis port ${port} already in use? Try: npm run demo -- --port auto`);
}

say(3, "starting the document store (IPFS API and gateway on 127.0.0.1)");
const storePort = await freePort();
let storeUrl: string;
try {
  const store = await startService(
    "docstore",
    NODE,
    [resolve(ROOT, "scripts", "docstore.ts"), "--dir", storeDir, "--port", String(storePort), "--quiet"],
    /^docstore ready /,
  );
  services.push(store.child);
  storeUrl = `http://127.0.0.1:${storePort}`;
  console.log(`  ${store.line}`);
} catch (error) {
  fail(`the document store did not start: ${(error as Error).message}`);
}
const env = {
  LOCAL_RPC_URL: rpcUrl,
  ISPERA_DEPLOYMENT_ID: deploymentId,
  ISPERA_IPFS_API_URL: storeUrl,
  ISPERA_IPFS_GATEWAY_URL: storeUrl,
};

say(4, "deploying with Hardhat Ignition (ignition/modules/LocalIspera.ts) and recording the addresses");
const deploy = run(
  resolve(BIN, "hardhat"),
  [
    "ignition",
    "deploy",
    "ignition/modules/LocalIspera.ts",
    "--network",
    "localhost",
    "--parameters",
    "ignition/parameters/local.json",
    "--deployment-id",
    deploymentId,
    "--reset",
    // The default profile is configured exactly like production (hardhat.config.ts) and is already built.
    "--build-profile",
    "default",
  ],
  env,
);
if (deploy.status !== 0) fail("deployment failed");
if (run(NODE, [resolve(ROOT, "scripts", "exportDeployments.ts"), "--network", "localhost", "--deployment-id", deploymentId], env).status !== 0) {
  fail("recording the deployment failed");
}

function hardhatRun(script: string, what: string): void {
  if (run(resolve(BIN, "hardhat"), ["run", `scripts/${script}`, "--network", "localhost"], env).status !== 0) fail(`${what} failed`);
}

say(5, "playing a deal from offer to payout");
hardhatRun("demoDeal.ts", "the deal scenario");

say(6, "playing a dispute from raising to payout");
hardhatRun("demoDispute.ts", "the dispute scenario");

say(7, "an exclusive deal with a holdback and content rights, its certificate and the proof document");
hardhatRun("demoRights.ts", "the rights scenario");
const { dealId } = JSON.parse(readFileSync(resolve(ROOT, "demo-output", "rights-deal.json"), "utf8")) as { dealId: string };
const proofPath = resolve(ROOT, "demo-output", `rights-proof-${dealId}.html`);
console.log("\n  proving the certificate from the chain alone (scripts/rightsProof.ts)\n");
const proof = run(
  NODE,
  [resolve(ROOT, "scripts", "rightsProof.ts"), "--rpc", rpcUrl, "--deployment", deploymentId, "--id", dealId, "--out", proofPath],
  env,
);
if (proof.status !== 0) fail("the certificate did not verify");
console.log(`\n  rights proof document: ${proofPath}`);

say(8, "seeding a world: profiles, mediators in pools, deals in every state, open disputes");
const worldScript = resolve(ROOT, "scripts", "demoWorld.ts");
if (existsSync(worldScript)) hardhatRun("demoWorld.ts", "seeding the world");
else console.log("  (scripts/demoWorld.ts is not in this version: skipped)");

say(9, exitAfter ? "the keeper: one pass (--once)" : "starting the keeper (scripts/keeper.ts)");
const keeperArgs = [
  resolve(ROOT, "scripts", "keeper.ts"),
  "--rpc",
  rpcUrl,
  "--deployment",
  deploymentId,
  "--account",
  "4",
  "--reset",
  "--interval",
  "3",
];
if (exitAfter) {
  if (run(NODE, [...keeperArgs, "--once"], env).status !== 0) fail("the keeper's pass failed");
} else {
  try {
    const keeper = await startService("keeper", NODE, keeperArgs, /escrow 0x/, env);
    services.push(keeper.child);
    console.log(`  ${keeper.line.trim()}`);
  } catch (error) {
    fail(`the keeper did not start: ${(error as Error).message}`);
  }
}

const appUrl = `http://127.0.0.1:${appPort}`;
const distDir = resolve(ROOT, "frontend", "dist");
if (prebuiltFrontend && existsSync(resolve(distDir, "index.html"))) {
  say(10, `serving the web app built before (frontend/dist) on ${appUrl}`);
} else {
  say(10, `building the web app (npm run build -w frontend) and serving it on ${appUrl}`);
  if (run("npm", ["run", "build", "-w", "frontend"]).status !== 0) fail("the web app's build failed");
}
writeFileSync(resolve(distDir, "ispera-config.js"), appConfig());
try {
  appServer = await serveStatic(distDir, appPort);
} catch (error) {
  fail(`the app server did not start on ${appUrl}: ${(error as Error).message}\nis port ${appPort} already in use? Try: npm run demo -- --port auto`);
}
console.log(`  app ready on ${appUrl} (frontend/dist; runtime config in frontend/dist/ispera-config.js)`);

/** dist/ispera-config.js: this run's RPC URL, document store and local deployment (deployments/localhost.json). */
function appConfig(): string {
  const record = JSON.parse(readFileSync(resolve(ROOT, "deployments", "localhost.json"), "utf8")) as {
    chainId: number;
    contracts: Record<string, { address: string; startBlock: number | null }>;
  };
  const contracts: Record<string, { address: string; startBlock: number | null }> = {};
  for (const [key, c] of Object.entries(record.contracts)) contracts[key] = { address: c.address, startBlock: c.startBlock };
  const config = { rpcUrl, docstoreUrl: storeUrl, subgraphUrl: null, local: { chainId: record.chainId, contracts } };
  return `// Written by scripts/demo.ts for the chain on ${rpcUrl} (deployment ${deploymentId}).\nwindow.__ISPERA_CONFIG__ = ${JSON.stringify(config, null, 2)};\n`;
}

say(11, "the auditor's solvency check (escrow, court and holdback vault against what they owe)");
const solvency = run(NODE, [resolve(ROOT, "scripts", "audit.ts"), "solvency", "--rpc", rpcUrl, "--deployment", deploymentId], env);
if (solvency.status !== 0) fail("the solvency check failed");

const addressesFile = resolve(ROOT, "ignition", "deployments", deploymentId, "deployed_addresses.json");
const addresses = JSON.parse(readFileSync(addressesFile, "utf8")) as Record<string, string>;
console.log("\nContracts (chain id 31337):");
for (const [key, address] of Object.entries(addresses)) console.log(`  ${key.replace("LocalIspera#", "").padEnd(24)} ${address}`);

const roles: Record<number, string> = {
  0: "deployer, owner of the escrow and the court",
  1: "brand Maison Lumière",
  2: "influencer Léa",
  3: "Léa's savings address (a payout target)",
  4: "keeper",
  5: "mediator",
  13: "rival brand",
  14: "brand",
  17: "influencer",
};
const mnemonic = Mnemonic.fromPhrase("test test test test test test test test test test test junk");
console.log("\nAccounts to import into a wallet (Hardhat's public development keys: never use them elsewhere):");
for (let i = 0; i < 20; i++) {
  const wallet = HDNodeWallet.fromMnemonic(mnemonic, `m/44'/60'/0'/0/${i}`);
  const role = roles[i] ?? (i > 5 && i <= 12 ? "mediator" : i > 14 && i <= 16 ? "brand" : i > 17 ? "influencer" : "");
  console.log(`  #${String(i).padStart(2)} ${wallet.address} ${wallet.privateKey}  ${role}`);
}
console.log(`
What to open:
  the app           ${appUrl} (connect an injected wallet on the local chain with one of the accounts above)
  JSON-RPC          ${rpcUrl} (chain id 31337): add it to a wallet as a network
  documents         ${storeUrl}/ipfs/<cid> (gateway) and ${storeUrl}/api/v0 (IPFS API); data in ${storeDir}
  rights proof      ${proofPath}
  the world         demo-output/world.json (deal and dispute ids by state)
  auditor           npm run audit -- solvency | params | deal <id> | dispute <id>  --rpc ${rpcUrl} --deployment ${deploymentId}
  addresses         ${addressesFile} (and deployments/localhost.json)`);

if (exitAfter) {
  stopAll();
  console.log("\ndemo finished; app server, keeper, document store and local chain stopped");
  process.exit(0);
}
if (e2e) {
  say(12, "the browser tests (frontend/e2e, Debian's Chromium)");
  if (run(NODE, [resolve(ROOT, "scripts", "ensure-chromium.mjs")]).status !== 0) fail("Chromium is not available");
  const worldFile = resolve(ROOT, "demo-output", "world.json");
  // Asynchronous: the app server runs in this process and must keep answering while the tests run.
  const child = spawn(NODE, [resolve(ROOT, "frontend", "e2e", "run.ts")], {
    cwd: ROOT,
    env: childEnv({
      E2E_APP_URL: appUrl,
      E2E_RPC_URL: rpcUrl,
      E2E_DOCSTORE_URL: storeUrl,
      E2E_DEPLOYMENT: resolve(ROOT, "deployments", "localhost.json"),
      ...(existsSync(worldFile) ? { E2E_WORLD: worldFile } : {}),
    }),
    detached: true,
    stdio: ["ignore", "inherit", "inherit"],
  });
  e2eChild = child;
  const status = await new Promise<number>((done) => {
    child.once("error", () => done(1));
    child.once("exit", (code) => done(code ?? 1));
  });
  e2eChild = undefined;
  stopAll();
  console.log(`\nbrowser tests ${status === 0 ? "passed" : "failed"}; app server, keeper, document store and local chain stopped`);
  process.exit(status);
}
console.log("\nThe app, the chain, the document store and the keeper keep running. Press Ctrl-C to stop them all.");
await new Promise(() => {});
