// The auditor tools: read-only commands on a deployed Ispera (Node 24: `npm run audit -- <command> ...`).
//
//   npm run audit -- deal <dealId>          a deal, its full history, state, credits and share of the escrow
//   npm run audit -- dispute <disputeId>    a court dispute: parties, rounds, draws, commits, reveals, ruling, rewards
//   npm run audit -- solvency               escrow, court and holdback vault balances against their obligations
//   npm run audit -- certificate <dealId>   verifies a rights certificate against the chain
//   npm run audit -- params                 protocol parameters and who can change what
//
// Options: --rpc <url> (default $LOCAL_RPC_URL, else http://127.0.0.1:8545), --deployment <ignition id> (default
// local-demo) or --addresses <deployed_addresses.json>, --from-block <n>, --json.
// Exit status: 0 ok, 1 insolvent / certificate mismatch / chain error, 2 bad input, 3 certificate expired.
// See docs/auditor.md.
import { readFileSync } from "node:fs";
import { JsonRpcProvider } from "ethers";
import { runAudit } from "./lib/audit/cli.ts";

const argv = process.argv.slice(2);
if (argv.length === 0 || argv.includes("--help") || argv.includes("-h")) {
  const help = readFileSync(new URL(import.meta.url), "utf8").split("\n").filter((l) => l.startsWith("//")).map((l) => l.slice(3));
  console.log(help.join("\n"));
  process.exit(argv.length === 0 ? 2 : 0);
}

let provider: JsonRpcProvider | undefined;
const result = await runAudit(argv, (rpc) => {
  provider = new JsonRpcProvider(rpc, undefined, { staticNetwork: true });
  return provider;
}, { env: process.env });
provider?.destroy();
if (result.exitCode === 2 || (result.exitCode === 1 && result.report === undefined)) console.error(result.output);
else console.log(result.output);
process.exitCode = result.exitCode;
