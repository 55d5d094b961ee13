// README command 1 (`npm run demo` after `npm install`): brings up the local Ispera stack and plays a deal.
//   1. compiles the contracts
//   2. starts a local chain (`hardhat node`, bound to 127.0.0.1 only)
//   3. deploys the local stack with Hardhat Ignition (USDC-like token, test arbitrator, DealEscrow)
//   4. plays a deal from offer to payout against it, printing every step (scripts/demoDeal.ts)
//   5. plays a dispute: mediators staked, drawn by VRF, commit-reveal, ruling executed (scripts/demoDispute.ts)
//   6. plays a deal that includes content rights until its certificate is minted (scripts/demoRights.ts), then
//      proves the certificate from the chain alone: demo-output/rights-proof-<deal id>.html (scripts/rightsProof.ts)
//   7. keeps the chain running for you (Ctrl-C stops it), or stops it with --exit
// Options: --exit (stop after the scenario), --port N | auto (default 8545).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { BIN, freePort, ROOT, run, startLocalChain, stopProcessGroup } from "./lib/run.ts";

const args = process.argv.slice(2);
const exitAfter = args.includes("--exit");
const portIndex = args.indexOf("--port");
const portArg = portIndex >= 0 ? args[portIndex + 1] : undefined;
const port = portArg === "auto" ? await freePort() : Number(portArg ?? 8545);
if (!Number.isInteger(port) || port <= 0 || port > 65_535) {
  console.error(`demo: --port must be a TCP port number or "auto", got "${portArg}"`);
  process.exit(2);
}
const rpcUrl = `http://127.0.0.1:${port}`;
// A test run (--exit) keeps its Ignition journal apart from the one of an interactive demo.
const deploymentId = exitAfter ? "demo-check" : "local-demo";
const env = { LOCAL_RPC_URL: rpcUrl, ISPERA_DEPLOYMENT_ID: deploymentId };

console.log("Ispera local demo\n");
console.log("[1/6] compiling the contracts");
if (run(resolve(BIN, "hardhat"), ["build", "--quiet"]).status !== 0) process.exit(1);

console.log(`[2/6] starting the local chain on ${rpcUrl} (127.0.0.1 only)`);
let chain;
try {
  chain = await startLocalChain(port);
} catch (error) {
  console.error(`demo: ${(error as Error).message}`);
  console.error(`demo: is port ${port} already in use? Try: npm run demo -- --port auto`);
  process.exit(1);
}
const stop = (): void => stopProcessGroup(chain);
process.on("exit", stop);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    console.log("\nstopping the local chain");
    stop();
    process.exit(0);
  });
}

console.log("[3/6] deploying with Hardhat Ignition (ignition/modules/LocalIspera.ts)");
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
if (deploy.status !== 0) {
  console.error("demo: deployment failed");
  process.exit(1);
}

console.log("[4/6] playing a deal from offer to payout\n");
const scenario = run(resolve(BIN, "hardhat"), ["run", "scripts/demoDeal.ts", "--network", "localhost"], env);
if (scenario.status !== 0) {
  console.error("demo: the scenario failed");
  process.exit(1);
}

console.log("\n[5/6] playing a dispute from raising to payout\n");
const dispute = run(resolve(BIN, "hardhat"), ["run", "scripts/demoDispute.ts", "--network", "localhost"], env);
if (dispute.status !== 0) {
  console.error("demo: the dispute scenario failed");
  process.exit(1);
}

console.log("\n[6/6] content rights: a deal with a licence, its certificate, and the proof document\n");
const rights = run(resolve(BIN, "hardhat"), ["run", "scripts/demoRights.ts", "--network", "localhost"], env);
if (rights.status !== 0) {
  console.error("demo: the rights scenario failed");
  process.exit(1);
}
const { dealId } = JSON.parse(readFileSync(resolve(ROOT, "demo-output", "rights-deal.json"), "utf8")) as { dealId: string };
const proofPath = resolve(ROOT, "demo-output", `rights-proof-${dealId}.html`);
console.log("\n  proving the certificate from the chain alone (scripts/rightsProof.ts)\n");
const proof = run(
  process.execPath,
  [resolve(ROOT, "scripts", "rightsProof.ts"), "--rpc", rpcUrl, "--deployment", deploymentId, "--id", dealId, "--out", proofPath],
  env,
);
if (proof.status !== 0) {
  console.error("demo: the certificate did not verify");
  process.exit(1);
}
console.log(`\n  rights proof document: ${proofPath}`);

if (exitAfter) {
  stop();
  console.log("demo finished; local chain stopped");
  process.exit(0);
}
console.log(`\nThe local chain keeps running at ${rpcUrl} (chain id 31337) with the contracts deployed;`);
console.log(`addresses: ${resolve(ROOT, "ignition", "deployments", deploymentId, "deployed_addresses.json")}`);
console.log("Press Ctrl-C to stop it.");
await new Promise(() => {});
