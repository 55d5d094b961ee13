// Proof of a content-rights certificate, from the chain alone: writes a printable proof document (self-contained
// HTML) and verifies the certificate against the chain (who, what, when, which terms, still valid or expired).
//
//   npm run rights:proof -- --id <deal id> [options]
//   node scripts/rightsProof.ts --id <deal id> [options]
//
// Options:
//   --id <deal id>           the certificate id: the deal id (bytes32 hex) or its decimal token id
//   --rpc <url>              the node to read (default: $LOCAL_RPC_URL, else http://127.0.0.1:8545)
//   --certificate <address>  the certificate contract (default: the one of --deployment)
//   --deployment <id>        an Ignition deployment of ignition/modules/LocalIspera.ts (default: local-demo): its
//                            certificate contract and escrow are the ones trusted (a document naming another
//                            certificate contract does not verify)
//   --escrow <address>       the escrow the certificate must certify (overrides the deployment's)
//   --proof <file.html>      verify a proof document written earlier: its claims are held against the chain
//   --out <file.html>        where to write the proof document (default: demo-output/rights-proof-<id>.html;
//                            with --proof, nothing is written unless --out is given)
//   --from-block <n>         first block searched for events (default 0)
// Exit status: 0 valid (authentic and in force), 2 expired (authentic, no longer in force), 1 mismatch or error.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { JsonRpcProvider } from "ethers";
import { exitCodeOf, extractClaims, normalizeDealId, proveRights, type RightsClaims } from "./lib/rightsProof.ts";
import { ROOT } from "./lib/run.ts";

function fail(message: string): never {
  console.error(`rights proof: ${message}`);
  process.exit(1);
}

const args = process.argv.slice(2);
function option(name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith("--")) fail(`--${name} needs a value`);
  return value;
}
if (args.includes("--help") || args.includes("-h")) {
  console.log(readFileSync(new URL(import.meta.url), "utf8").split("\n").filter((l) => l.startsWith("//")).map((l) => l.slice(3)).join("\n"));
  process.exit(0);
}

const proofFile = option("proof");
let claims: RightsClaims | undefined;
if (proofFile) {
  try {
    claims = extractClaims(readFileSync(proofFile, "utf8"));
  } catch (error) {
    fail(`${proofFile}: ${(error as Error).message}`);
  }
}
const idArg = option("id") ?? claims?.dealId;
if (!idArg) fail("--id <deal id> is required (or --proof <file.html>)");
let dealId: string;
try {
  dealId = normalizeDealId(idArg.startsWith("0x") ? idArg : BigInt(idArg));
} catch {
  fail(`--id must be a bytes32 deal id or a decimal token id, got "${idArg}"`);
}

const deploymentId = option("deployment") ?? "local-demo";
const addressesFile = resolve(ROOT, "ignition", "deployments", deploymentId, "deployed_addresses.json");
const deployed = existsSync(addressesFile)
  ? (JSON.parse(readFileSync(addressesFile, "utf8")) as Record<string, string>)
  : undefined;
const certificate = option("certificate") ?? claims?.certificate ?? deployed?.["LocalIspera#RightsCertificate"];
if (!certificate) fail(`--certificate <address> is required (no RightsCertificate in ${addressesFile})`);
// The trusted contracts: those named on the command line, else the deployment's (never the document's own).
const expectedCertificate = option("certificate") ?? deployed?.["LocalIspera#RightsCertificate"];
const expectedEscrow =
  option("escrow") ?? (option("certificate") === undefined ? deployed?.["LocalIspera#DealEscrow"] : undefined);
if (!expectedCertificate && !expectedEscrow) {
  console.warn(`rights proof: no trusted deployment (${addressesFile}); the contract ${certificate} is taken as given`);
}
const rpc = option("rpc") ?? process.env.LOCAL_RPC_URL ?? "http://127.0.0.1:8545";
const fromBlock = Number(option("from-block") ?? 0);

const provider = new JsonRpcProvider(rpc, undefined, { staticNetwork: true });
let result;
try {
  result = await proveRights({ provider, certificate, dealId, fromBlock, expectedCertificate, expectedEscrow, claims });
} catch (error) {
  fail(`could not read the chain at ${rpc}: ${(error as Error).message}`);
} finally {
  provider.destroy();
}
const { verification, html } = result;

console.log(`certificate ${dealId}`);
console.log(`contract ${certificate} on chain ${result.record.chainId}, block ${result.record.blockNumber}\n`);
for (const c of verification.checks) console.log(`  ${c.ok ? "ok  " : "FAIL"} ${c.label}: ${c.detail}`);
const out = option("out") ?? (proofFile ? undefined : resolve(ROOT, "demo-output", `rights-proof-${dealId}.html`));
if (out) {
  mkdirSync(dirname(resolve(out)), { recursive: true });
  writeFileSync(out, html);
  console.log(`\nproof document written to ${resolve(out)}`);
}
console.log(`\n${verification.message}`);
process.exit(exitCodeOf(verification.verdict));
