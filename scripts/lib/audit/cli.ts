// The command line of the auditor tools (scripts/audit.ts), as a function: parses the arguments, reads the chain
// and returns the text to print and the exit status, so that tests can run a command in-process.
//
//   audit deal <dealId>           a deal, its full history, state, credits and share of the escrow's balance
//   audit dispute <disputeId>     a court dispute: parties, rounds, draws, commits, reveals, ruling, appeals, rewards
//   audit solvency                balances of the escrow, the court and the holdback vault against their obligations
//   audit certificate <dealId>    verifies a rights certificate against the chain
//   audit params                  protocol parameters and who can change what
//
// Options:
//   --rpc <url>            the node to read (default: $LOCAL_RPC_URL, else http://127.0.0.1:8545)
//   --deployment <id>      an Ignition deployment of LocalIspera (ignition/deployments/<id>/deployed_addresses.json;
//                          default local-demo)
//   --addresses <file>     a deployed_addresses.json elsewhere (keys "LocalIspera#<ContractName>")
//   --from-block <n>       first block searched for events (default 0)
//   --json                 JSON instead of text (amounts and ids as decimal strings)
// Exit status: 0 ok (solvent, certificate valid), 1 insolvent / certificate mismatch / chain error, 2 bad input
// (unknown command, deal or dispute, malformed id, missing deployment file), 3 certificate authentic but expired.
import type { Provider } from "ethers";
import { auditCertificate, certificateExitCode, renderCertificate } from "./certificate.ts";
import {
  AuditInputError,
  deploymentFile,
  loadAddresses,
  openContext,
  parseDealId,
  parseDisputeId,
  toJson,
  type AuditAddresses,
  type AuditContext,
} from "./common.ts";
import { auditDeal, renderDeal } from "./deal.ts";
import { auditDispute, renderDispute } from "./dispute.ts";
import { auditParams, renderParams } from "./params.ts";
import { auditSolvency, renderSolvency } from "./solvency.ts";

export const COMMANDS = ["deal", "dispute", "solvency", "certificate", "params"] as const;
export type Command = (typeof COMMANDS)[number];

export interface ParsedArgs {
  command: Command;
  id?: string;
  rpc: string;
  deployment?: string;
  addresses?: string;
  fromBlock: number;
  json: boolean;
}

const VALUED = new Set(["rpc", "deployment", "addresses", "from-block"]);

/** Parses the command line; throws AuditInputError on bad input. */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string>();
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--json") {
      json = true;
    } else if (arg.startsWith("--")) {
      const name = arg.slice(2);
      if (!VALUED.has(name)) throw new AuditInputError(`unknown option ${arg}`);
      const value = argv[i + 1];
      if (value === undefined || value.startsWith("--")) throw new AuditInputError(`${arg} needs a value`);
      options.set(name, value);
      i++;
    } else {
      positional.push(arg);
    }
  }
  const [command, id, ...rest] = positional;
  if (!command) throw new AuditInputError(`a command is required: ${COMMANDS.join(", ")}`);
  if (!(COMMANDS as readonly string[]).includes(command)) throw new AuditInputError(`unknown command "${command}": expected ${COMMANDS.join(", ")}`);
  const needsId = command === "deal" || command === "dispute" || command === "certificate";
  if (needsId && id === undefined) throw new AuditInputError(`audit ${command} needs an id`);
  if (!needsId && id !== undefined) throw new AuditInputError(`audit ${command} takes no id (got "${id}")`);
  if (rest.length > 0) throw new AuditInputError(`unexpected argument "${rest[0]}"`);
  if (options.has("deployment") && options.has("addresses")) throw new AuditInputError("give --deployment or --addresses, not both");
  const fromText = options.get("from-block") ?? "0";
  if (!/^[0-9]+$/.test(fromText)) throw new AuditInputError(`--from-block must be a block number, got "${fromText}"`);
  return {
    command: command as Command,
    id,
    rpc: options.get("rpc") ?? env.LOCAL_RPC_URL ?? "http://127.0.0.1:8545",
    deployment: options.get("deployment"),
    addresses: options.get("addresses"),
    fromBlock: Number(fromText),
    json,
  };
}

/** The addresses a parsed command line points at. */
export function addressesOf(args: ParsedArgs): AuditAddresses {
  return loadAddresses(args.addresses ?? deploymentFile(args.deployment ?? "local-demo"));
}

export interface CommandResult {
  output: string;
  exitCode: number;
  /** The report (undefined on bad input). */
  report?: unknown;
}

/** Runs one parsed command against an open context. */
export async function runCommand(ctx: AuditContext, args: ParsedArgs): Promise<CommandResult> {
  const out = (report: unknown, text: string, exitCode = 0): CommandResult => ({ output: args.json ? toJson(report) : text, exitCode, report });
  switch (args.command) {
    case "deal": {
      const report = await auditDeal(ctx, parseDealId(args.id));
      return out(report, renderDeal(report));
    }
    case "dispute": {
      const report = await auditDispute(ctx, parseDisputeId(args.id));
      return out(report, renderDispute(report));
    }
    case "solvency": {
      const report = await auditSolvency(ctx);
      return out(report, renderSolvency(report), report.solvent ? 0 : 1);
    }
    case "certificate": {
      const report = await auditCertificate(ctx, parseDealId(args.id));
      return out(report, renderCertificate(report), certificateExitCode(report.verdict));
    }
    case "params": {
      const report = await auditParams(ctx);
      return out(report, renderParams(report));
    }
  }
}

/**
 * Parses, opens the context on `provider` (or on the addresses given) and runs: what scripts/audit.ts does, with
 * bad input turned into a message and exit status 2.
 */
export async function runAudit(
  argv: readonly string[],
  connect: (rpc: string) => Provider,
  options: { addresses?: AuditAddresses; env?: NodeJS.ProcessEnv } = {},
): Promise<CommandResult> {
  let rpc: string | undefined;
  try {
    const args = parseArgs(argv, options.env ?? {});
    rpc = args.rpc;
    // Ids are checked before any chain access.
    if (args.command === "deal" || args.command === "certificate") parseDealId(args.id);
    if (args.command === "dispute") parseDisputeId(args.id);
    const addresses = options.addresses && !args.addresses && !args.deployment ? options.addresses : addressesOf(args);
    const ctx = await openContext({ provider: connect(args.rpc), addresses, fromBlock: args.fromBlock });
    return await runCommand(ctx, args);
  } catch (error) {
    if (error instanceof AuditInputError) return { output: `audit: ${error.message}`, exitCode: 2 };
    const message = error instanceof Error ? error.message : String(error);
    return { output: `audit: reading the chain${rpc ? ` at ${rpc}` : ""} failed: ${message}`, exitCode: 1 };
  }
}
