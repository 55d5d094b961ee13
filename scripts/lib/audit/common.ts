// Shared pieces of the auditor tools (scripts/audit.ts): where the contracts are, typed handles on them built from
// the build artifacts, event reading in chain order, and the formatting of amounts, times and reports.
// Everything here only reads the chain.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Contract, Interface, getAddress, isAddress, type Log, type LogDescription, type ParamType, type Provider, type Result } from "ethers";
import { artifactAbi } from "../rightsProof.ts";
import { formatAmount, isoDate } from "../rights.ts";
import { ROOT } from "../run.ts";

/** Bad input from the command line (unknown deal, malformed id, missing deployment file): exit status 2. */
export class AuditInputError extends Error {
  override name = "AuditInputError";
}

/** The contracts of a LocalIspera deployment the auditor reads; registry and vault come from the escrow. */
export interface AuditAddresses {
  escrow: string;
  court?: string;
  certificate?: string;
  reputation?: string;
  randomness?: string;
  vrfCoordinator?: string;
  token?: string;
  profiles?: string;
}

const KEYS: Record<keyof AuditAddresses, string> = {
  escrow: "DealEscrow",
  court: "MediatorCourt",
  certificate: "RightsCertificate",
  reputation: "Reputation",
  randomness: "ChainlinkRandomness",
  vrfCoordinator: "VRFCoordinatorV2_5Mock",
  token: "MockUSDC",
  profiles: "Profiles",
};

/** Reads `deployed_addresses.json` (keys "LocalIspera#<ContractName>"). */
export function loadAddresses(file: string): AuditAddresses {
  if (!existsSync(file)) throw new AuditInputError(`no deployment file at ${file}`);
  let raw: Record<string, string>;
  try {
    raw = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  } catch (error) {
    throw new AuditInputError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  return addressesFromRecord(raw, file);
}

/** The addresses of a record of "LocalIspera#<ContractName>" keys (or bare contract names). */
export function addressesFromRecord(raw: Record<string, string>, source = "the addresses"): AuditAddresses {
  const pick = (name: string): string | undefined => {
    const value = raw[`LocalIspera#${name}`] ?? raw[name];
    if (value === undefined) return undefined;
    if (!isAddress(value)) throw new AuditInputError(`${source}: ${name} is not an address ("${value}")`);
    return getAddress(value);
  };
  const escrow = pick(KEYS.escrow);
  if (!escrow) throw new AuditInputError(`${source} name no DealEscrow (key "LocalIspera#DealEscrow")`);
  const out: AuditAddresses = { escrow };
  for (const [field, name] of Object.entries(KEYS) as [keyof AuditAddresses, string][]) {
    if (field === "escrow") continue;
    const value = pick(name);
    if (value) out[field] = value;
  }
  return out;
}

/** The deployment file of an Ignition deployment id. */
export function deploymentFile(deploymentId: string): string {
  return resolve(ROOT, "ignition", "deployments", deploymentId, "deployed_addresses.json");
}

/** Handles on every contract the auditor reads, at one block. */
export interface AuditContext {
  provider: Provider;
  chainId: bigint;
  /** Every read is made at this block (the latest when the context was opened). */
  blockNumber: number;
  blockTime: bigint;
  fromBlock: number;
  addresses: AuditAddresses;
  escrow: Contract;
  registry: Contract;
  vault: Contract;
  court?: Contract;
  certificate?: Contract;
  reputation?: Contract;
}

export interface OpenOptions {
  provider: Provider;
  addresses: AuditAddresses;
  fromBlock?: number;
  /** Read at this block instead of the latest. */
  blockNumber?: number;
}

const ABI_CACHE = new Map<string, Interface>();
/** The ABI of a compiled contract of this project (cached). */
export function abiOf(source: string, name: string = source.replace(/\.sol$/, "")): Interface {
  const key = `${source}:${name}`;
  let iface = ABI_CACHE.get(key);
  if (!iface) {
    iface = artifactAbi(source, name);
    ABI_CACHE.set(key, iface);
  }
  return iface;
}

/** Opens the auditor's view of a deployment: checks there is an escrow, finds its registry and vault. */
export async function openContext(options: OpenOptions): Promise<AuditContext> {
  const { provider, addresses } = options;
  const blockNumber = options.blockNumber ?? (await provider.getBlockNumber());
  const block = await provider.getBlock(blockNumber);
  if (!block) throw new Error(`the node returned no block ${blockNumber}`);
  if ((await provider.getCode(addresses.escrow, blockNumber)) === "0x") {
    throw new AuditInputError(`no contract at the escrow address ${addresses.escrow} (wrong deployment or chain?)`);
  }
  const escrow = new Contract(addresses.escrow, abiOf("DealEscrow.sol"), provider);
  const registryAddress = getAddress((await escrow.getFunction("exclusivityRegistry")({ blockTag: blockNumber })) as string);
  const vaultAddress = getAddress((await escrow.getFunction("holdbackVault")({ blockTag: blockNumber })) as string);
  const court = addresses.court ?? getAddress((await escrow.getFunction("arbitrator")({ blockTag: blockNumber })) as string);
  return {
    provider,
    chainId: (await provider.getNetwork()).chainId,
    blockNumber,
    blockTime: BigInt(block.timestamp),
    fromBlock: options.fromBlock ?? 0,
    addresses: { ...addresses, court },
    escrow,
    registry: new Contract(registryAddress, abiOf("ExclusivityRegistry.sol"), provider),
    vault: new Contract(vaultAddress, abiOf("HoldbackVault.sol"), provider),
    court: new Contract(court, abiOf("MediatorCourt.sol"), provider),
    certificate: addresses.certificate ? new Contract(addresses.certificate, abiOf("RightsCertificate.sol"), provider) : undefined,
    reputation: addresses.reputation ? new Contract(addresses.reputation, abiOf("Reputation.sol"), provider) : undefined,
  };
}

/** Calls a view at the context's block. */
export async function view<T = Result>(ctx: AuditContext, contract: Contract, name: string, ...args: unknown[]): Promise<T> {
  return (await contract.getFunction(name)(...args, { blockTag: ctx.blockNumber })) as T;
}

/* ------------------------------------------------------------------------------------------------------------- */
/*                                                     EVENTS                                                    */
/* ------------------------------------------------------------------------------------------------------------- */

/** One decoded event, in chain order, with its arguments as plain JSON-ready values. */
export interface AuditEvent {
  block: number;
  logIndex: number;
  tx: string;
  timestamp: bigint;
  /** Which contract emitted it: escrow, registry, vault, court, certificate, reputation, ... */
  source: string;
  address: string;
  name: string;
  args: Record<string, unknown>;
}

/** Converts a decoded ABI value into plain objects and arrays, with the ABI's field names. */
export function plain(value: unknown, type: ParamType): unknown {
  if (type.isTuple()) {
    const result = value as Result;
    return Object.fromEntries(type.components.map((c, i) => [c.name, plain(result[i], c)]));
  }
  if (type.isArray()) return [...(value as Result)].map((v) => plain(v, type.arrayChildren));
  if (type.baseType === "address") return getAddress(value as string);
  return value;
}

function argsOf(parsed: LogDescription): Record<string, unknown> {
  return Object.fromEntries(parsed.fragment.inputs.map((input, i) => [input.name, plain(parsed.args[i], input)]));
}

export interface LogSource {
  /** A name for the contract in reports. */
  source: string;
  address: string;
  iface: Interface;
}

const blockTimes = new WeakMap<Provider, Map<number, bigint>>();
async function blockTime(provider: Provider, block: number): Promise<bigint> {
  let cache = blockTimes.get(provider);
  if (!cache) {
    cache = new Map();
    blockTimes.set(provider, cache);
  }
  let t = cache.get(block);
  if (t === undefined) {
    const b = await provider.getBlock(block);
    t = BigInt(b?.timestamp ?? 0);
    cache.set(block, t);
  }
  return t;
}

/**
 * The events of `sources` matching `topics` (per position; null = any) between the context's first block and its
 * block, decoded and sorted in chain order. Logs no ABI knows are skipped.
 */
export async function readEvents(
  ctx: AuditContext,
  sources: readonly LogSource[],
  topics: (string | string[] | null)[] = [],
): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  for (const s of sources) {
    const logs: Log[] = await ctx.provider.getLogs({ address: s.address, topics, fromBlock: ctx.fromBlock, toBlock: ctx.blockNumber });
    for (const log of logs) {
      let parsed: LogDescription | null = null;
      try {
        parsed = s.iface.parseLog({ topics: [...log.topics], data: log.data });
      } catch {
        parsed = null;
      }
      if (!parsed) continue;
      out.push({
        block: log.blockNumber,
        logIndex: log.index,
        tx: log.transactionHash,
        timestamp: await blockTime(ctx.provider, log.blockNumber),
        source: s.source,
        address: getAddress(log.address),
        name: parsed.name,
        args: argsOf(parsed),
      });
    }
  }
  return sortEvents(out);
}

export function sortEvents(events: AuditEvent[]): AuditEvent[] {
  return events.sort((a, b) => a.block - b.block || a.logIndex - b.logIndex);
}

/** The topic hash of an event of an ABI. */
export function topicOf(iface: Interface, name: string): string {
  const event = iface.getEvent(name);
  if (!event) throw new Error(`no event ${name}`);
  return event.topicHash;
}

/** A uint256 as a 32-byte topic. */
export function uintTopic(value: bigint): string {
  return `0x${value.toString(16).padStart(64, "0")}`;
}

/* ------------------------------------------------------------------------------------------------------------- */
/*                                               INPUT AND OUTPUT                                                */
/* ------------------------------------------------------------------------------------------------------------- */

/** A deal id from the command line: 0x and 64 hex digits. */
export function parseDealId(text: string | undefined): string {
  if (text === undefined) throw new AuditInputError("a deal id is required (0x followed by 64 hex digits)");
  if (!/^0x[0-9a-fA-F]{64}$/.test(text)) throw new AuditInputError(`bad deal id "${text}": expected 0x followed by 64 hex digits`);
  return text.toLowerCase();
}

/** A dispute id from the command line: a non-negative decimal integer. */
export function parseDisputeId(text: string | undefined): bigint {
  if (text === undefined) throw new AuditInputError("a dispute id is required (a non-negative integer)");
  if (!/^[0-9]+$/.test(text)) throw new AuditInputError(`bad dispute id "${text}": expected a non-negative integer`);
  return BigInt(text);
}

/** JSON with bigints written as decimal strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
}

export interface TokenInfo {
  address: string;
  symbol: string;
  decimals: number;
}

const ERC20 = new Interface([
  "function symbol() view returns (string)",
  "function decimals() view returns (uint8)",
  "function balanceOf(address) view returns (uint256)",
]);

/** A token's symbol and decimals (empty symbol, 0 decimals when it has none). */
export async function tokenInfo(ctx: AuditContext, address: string): Promise<TokenInfo> {
  const token = new Contract(address, ERC20, ctx.provider);
  try {
    return {
      address: getAddress(address),
      symbol: await view<string>(ctx, token, "symbol"),
      decimals: Number(await view<bigint>(ctx, token, "decimals")),
    };
  } catch {
    return { address: getAddress(address), symbol: "", decimals: 0 };
  }
}

/** `holder`'s balance of `token` at the context's block. */
export async function balanceOf(ctx: AuditContext, token: string, holder: string): Promise<bigint> {
  return view<bigint>(ctx, new Contract(token, ERC20, ctx.provider), "balanceOf", holder);
}

/** An amount with its token's symbol ("1,000.5 USDC"). */
export function money(amount: bigint, token?: TokenInfo): string {
  const text = formatAmount(amount, token?.decimals ?? 0);
  const [whole, fraction] = text.split(".");
  const grouped = (whole ?? "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const symbol = token?.symbol ? ` ${token.symbol}` : "";
  return `${grouped}${fraction ? `.${fraction}` : ""}${symbol}`;
}

/** A unix time as an ISO date, or "-" for 0. */
export function when(timestamp: bigint | number): string {
  const t = BigInt(timestamp);
  return t === 0n ? "-" : isoDate(t);
}

/** Basis points as a percentage ("75.5 %"). */
export function percent(bps: bigint | number): string {
  const value = Number(bps) / 100;
  return `${Number.isInteger(value) ? value.toFixed(0) : value.toFixed(2)} %`;
}

/** A bytes2 ISO 639-1 language as its two letters ("0x6672" -> "fr"). */
export function languageText(value: string): string {
  const hex = value.replace(/^0x/, "");
  const a = Number.parseInt(hex.slice(0, 2), 16);
  const b = Number.parseInt(hex.slice(2, 4), 16);
  const letter = (c: number): boolean => c >= 0x61 && c <= 0x7a;
  return letter(a) && letter(b) ? String.fromCharCode(a, b) : value;
}

export const TOPICS = [
  "general",
  "beauty",
  "fashion",
  "gaming",
  "tech",
  "food",
  "fitness",
  "travel",
  "finance",
  "lifestyle",
  "parenting",
  "sports",
  "music",
  "education",
  "automotive",
  "home",
] as const;

export function topicText(topic: bigint | number): string {
  const n = Number(topic);
  if (n === 255) return "language pool";
  return TOPICS[n] ?? `topic ${n}`;
}

/** Enum value -> name. */
export function enumName(names: readonly string[], value: bigint | number): string {
  return names[Number(value)] ?? String(value);
}

export const DEAL_STATUS = ["None", "Offered", "Declined", "Expired", "Active", "Closed"] as const;
export const MILESTONE_STATUS = [
  "None",
  "AwaitingDelivery",
  "InReview",
  "FeesPending",
  "InArbitration",
  "Released",
  "Refunded",
  "Settled",
  "Ruled",
] as const;
export const PARTY = ["None", "Brand", "Influencer"] as const;
export const EXCLUSIVITY_STATUS = ["None", "Reserved", "Active", "Ended"] as const;
export const HOLDBACK_STATUS = ["None", "Holding", "InArbitration", "Resolved"] as const;
export const PERIOD = ["None", "Drawing", "Commit", "Reveal", "Appeal", "Execution"] as const;

/** A short address for tables ("0x1234…abcd"). */
export function short(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}
