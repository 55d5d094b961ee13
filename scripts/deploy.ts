// `npm run deploy -- --network <name>`: deploys Ispera with Hardhat Ignition and the network's parameters file, then
// records the addresses and regenerates what depends on them (scripts/exportDeployments.ts).
//   localhost (the chain of `hardhat node --hostname 127.0.0.1`): ignition/modules/LocalIspera.ts with
//     ignition/parameters/local.json (mock USDC, VRF coordinator mock)
//   base, baseSepolia, arbitrumOne, arbitrumSepolia, sepolia: ignition/modules/Ispera.ts with
//     ignition/parameters/<network>.json, which must hold the operator's `owner`, `feeRecipient` and
//     `vrfSubscriptionId` (docs/deployments.md); the RPC URL and the deployer's key are configuration variables.
// Options: --deployment-id <id> (default "local" / "ispera-<network>"), --parameters <file>, --reset (local only:
// start the deployment over), --verify (verify the sources once deployed).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { getAddress, ZeroAddress } from "ethers";
import { defaultDeploymentId, exportDeployment, isNetworkName, NETWORKS } from "./lib/deployments.ts";
import { BIN, childEnv, ROOT } from "./lib/run.ts";

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const fail = (message: string): never => {
  console.error(`deploy: ${message}`);
  process.exit(1);
};

const network = option("network") ?? fail(`--network is required (${Object.keys(NETWORKS).join(", ")})`);
if (!isNetworkName(network) || network === "hardhat") {
  fail(`unknown network "${network}": one of ${Object.keys(NETWORKS).filter((n) => n !== "hardhat").join(", ")}`);
}
if (!isNetworkName(network)) process.exit(2); // narrowed above
const target = NETWORKS[network];
const deploymentId = option("deployment-id") ?? defaultDeploymentId(network);
const parametersFile = resolve(ROOT, option("parameters") ?? `ignition/parameters/${target.parameters}.json`);
if (!existsSync(parametersFile)) fail(`no parameters file ${relative(ROOT, parametersFile)}`);

/** The operator's values a production deployment needs in its parameters file, checked before sending anything. */
function checkProductionParameters(file: string): void {
  const all = JSON.parse(readFileSync(file, "utf8")) as Record<string, Record<string, unknown> | undefined>;
  const p = all[target.module] ?? fail(`${relative(ROOT, file)} has no "${target.module}" section`);
  const problems: string[] = [];
  for (const key of ["token", "vrfCoordinator", "owner", "feeRecipient"]) {
    const value = p[key];
    if (typeof value !== "string") problems.push(`"${key}" is missing (an address)`);
    else if (value === ZeroAddress) problems.push(`"${key}" is the zero address`);
    else {
      try {
        if (getAddress(value) !== value) problems.push(`"${key}" is not checksummed (${getAddress(value)})`);
      } catch {
        problems.push(`"${key}" is not an address: ${value}`);
      }
    }
  }
  if (typeof p.vrfKeyHash !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(p.vrfKeyHash)) problems.push(`"vrfKeyHash" is missing`);
  const sub = p.vrfSubscriptionId;
  if (!(typeof sub === "string" && /^[1-9]\d*n$/.test(sub)) && !(typeof sub === "number" && sub > 0)) {
    problems.push(`"vrfSubscriptionId" is missing: create a subscription at https://vrf.chain.link and write its id as "<id>n"`);
  }
  if (problems.length > 0) fail(`${relative(ROOT, file)}:\n  - ${problems.join("\n  - ")}\n(see docs/deployments.md)`);
}
if (target.module === "Ispera") checkProductionParameters(parametersFile);

const modulePath = `ignition/modules/${target.module}.ts`;
console.log(`deploying ${modulePath} to ${network} (chain ${target.chainId}) as deployment "${deploymentId}"`);
console.log(`parameters: ${relative(ROOT, parametersFile)}\n`);
const ignitionArgs = [
  "ignition",
  "deploy",
  modulePath,
  "--network",
  network,
  "--parameters",
  parametersFile,
  "--deployment-id",
  deploymentId,
];
if (args.includes("--reset")) ignitionArgs.push("--reset");
if (args.includes("--verify")) ignitionArgs.push("--verify");
const deployed = spawnSync(resolve(BIN, "hardhat"), ignitionArgs, { cwd: ROOT, env: childEnv(), stdio: "inherit" });
if (deployed.status !== 0) fail("the Ignition deployment failed (its journal keeps what was done: run again to resume)");

const { record, written } = exportDeployment({ root: ROOT, network, deploymentId });
console.log(`\nrecorded ${Object.keys(record.contracts).length} contracts on chain ${record.chainId}:`);
for (const file of written) console.log(`  wrote ${relative(ROOT, file)}`);
if (target.module === "Ispera") {
  const c = record.contracts;
  console.log(`
Left to the operator (docs/deployments.md):
  1. add the randomness source ${c.randomness?.address} as a consumer of VRF subscription (https://vrf.chain.link)
  2. from the governance (owner): acceptOwnership() on DealEscrow ${c.escrow?.address}
     and on ChainlinkRandomness ${c.randomness?.address} (MediatorCourt ${c.court?.address} is already theirs)
  3. verify the sources if not done: npx hardhat ignition verify ${deploymentId}`);
}
