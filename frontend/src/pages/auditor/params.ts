// `npm run audit -- params` in the browser: the protocol's parameters and who can change what. `rolesOf` (pure)
// builds the role table from a parameter snapshot; `readParams` reads the snapshot with viem.
import { decodeAbiParameters, getAddress, parseAbi, parseEventLogs, size, slice, zeroAddress, type Address, type Hex } from "viem";
import { getCode, getLogs, getTransaction, readContract } from "viem/actions";
import { dealEscrowAbi, mediatorCourtAbi, randomnessAbi } from "../../config/abis.generated.ts";
import type { TokenInfo } from "./model.ts";
import { tokenInfo, type AuditContext } from "./read.ts";

/** What a role's function does, as a message key of the page (with the values it needs). */
export type EffectKey =
  | "setTokenAllowed"
  | "setProtocolFee"
  | "setFeeRecipient"
  | "pause"
  | "transferOwnership"
  | "acceptOwnership"
  | "withdrawProtocolFees"
  | "rule"
  | "setParams"
  | "setExitDelay"
  | "setConsumer"
  | "setRequestConfig"
  | "setCoordinator"
  | "transferOwnershipTwoStep"
  | "rawFulfillRandomWords"
  | "tokenAdmin";

export interface RoleFunction {
  readonly name: string;
  readonly effect: EffectKey;
  readonly vars?: Readonly<Record<string, string>>;
}

export interface RoleRow {
  readonly contract: string;
  readonly address: Address;
  readonly role: "owner" | "pendingOwner" | "feeRecipient" | "arbitrator" | "coordinator";
  /** The account holding the role now; null when nobody does (no pending owner). */
  readonly holder: Address | null;
  readonly functions: readonly RoleFunction[];
}

export type FixedKey = "registry" | "vault" | "certificate" | "reputation" | "profiles" | "courtFixed" | "escrowFixed";

export interface ParamsSnapshot {
  readonly escrow: {
    address: Address;
    owner: Address;
    pendingOwner: Address | null;
    paused: boolean;
    protocolFeeBps: number;
    maxProtocolFeeBps: number;
    feeRecipient: Address;
    arbitrator: Address;
    registry: Address;
    vault: Address;
    tokens: { token: TokenInfo; allowed: boolean; protocolFees: bigint; owner: Address | null }[];
  };
  readonly court: null | {
    address: Address;
    owner: Address;
    pendingOwner: Address | null;
    stakeToken: TokenInfo;
    feeToken: TokenInfo;
    stakeUnit: bigint | null;
    randomnessSource: Address | null;
    params: {
      feePerMediator: bigint;
      minStake: bigint;
      alphaBps: number;
      firstRoundMediators: number;
      maxRounds: number;
      commitPeriod: number;
      revealPeriod: number;
      appealPeriod: number;
      randomnessTimeout: number;
    };
    paramsVersions: number;
    exitDelay: bigint;
    maxExitDelay: bigint;
    disputeCount: bigint;
    arbitrationCost: bigint;
  };
  readonly randomness: null | {
    address: Address;
    owner: Address;
    pendingOwner: Address | null;
    consumer: Address;
    coordinator: Address;
    keyHash: Hex;
    subscriptionId: bigint;
    requestConfirmations: number;
    callbackGasLimit: number;
    nativePayment: boolean;
  };
  readonly others: { certificate?: Address; reputation?: Address; profiles?: Address };
}

const orNull = (a: Address): Address | null => (getAddress(a) === zeroAddress ? null : getAddress(a));

/** Who can change what: every role of every owned contract, with the functions it may call. */
export function rolesOf(p: ParamsSnapshot): RoleRow[] {
  const e = p.escrow;
  const ownership: RoleFunction = { name: "transferOwnership(newOwner) / renounceOwnership()", effect: "transferOwnership" };
  const accept: RoleFunction = { name: "acceptOwnership()", effect: "acceptOwnership" };
  const roles: RoleRow[] = [
    {
      contract: "DealEscrow",
      address: e.address,
      role: "owner",
      holder: e.owner,
      functions: [
        { name: "setTokenAllowed(token, allowed)", effect: "setTokenAllowed" },
        { name: "setProtocolFee(feeBps)", effect: "setProtocolFee", vars: { max: String(e.maxProtocolFeeBps) } },
        { name: "setFeeRecipient(recipient)", effect: "setFeeRecipient" },
        { name: "pause() / unpause()", effect: "pause" },
        ownership,
      ],
    },
    { contract: "DealEscrow", address: e.address, role: "pendingOwner", holder: e.pendingOwner, functions: [accept] },
    {
      contract: "DealEscrow",
      address: e.address,
      role: "feeRecipient",
      holder: e.feeRecipient,
      functions: [{ name: "withdrawProtocolFees(token, to)", effect: "withdrawProtocolFees" }],
    },
    {
      contract: "DealEscrow",
      address: e.address,
      role: "arbitrator",
      holder: e.arbitrator,
      functions: [{ name: "rule(disputeId, ruling)", effect: "rule" }],
    },
  ];
  if (p.court) {
    const c = p.court;
    roles.push(
      {
        contract: "MediatorCourt",
        address: c.address,
        role: "owner",
        holder: c.owner,
        functions: [
          { name: "setParams(params)", effect: "setParams" },
          { name: "setExitDelay(exitDelay)", effect: "setExitDelay", vars: { max: String(c.maxExitDelay) } },
          ownership,
        ],
      },
      { contract: "MediatorCourt", address: c.address, role: "pendingOwner", holder: c.pendingOwner, functions: [accept] },
    );
  }
  if (p.randomness) {
    const r = p.randomness;
    roles.push(
      {
        contract: "ChainlinkRandomness",
        address: r.address,
        role: "owner",
        holder: r.owner,
        functions: [
          { name: "setConsumer(consumer)", effect: "setConsumer" },
          { name: "setRequestConfig(keyHash, subId, confirmations, gasLimit)", effect: "setRequestConfig" },
          { name: "setCoordinator(coordinator)", effect: "setCoordinator" },
          { name: "transferOwnership(to)", effect: "transferOwnershipTwoStep" },
        ],
      },
      { contract: "ChainlinkRandomness", address: r.address, role: "pendingOwner", holder: r.pendingOwner, functions: [accept] },
      {
        contract: "ChainlinkRandomness",
        address: r.address,
        role: "coordinator",
        holder: r.coordinator,
        functions: [
          { name: "rawFulfillRandomWords(requestId, words)", effect: "rawFulfillRandomWords" },
          { name: "setCoordinator(coordinator)", effect: "setCoordinator" },
        ],
      },
    );
  }
  for (const t of e.tokens) {
    if (!t.owner) continue;
    roles.push({
      contract: `token ${t.token.symbol || t.token.address}`,
      address: t.token.address,
      role: "owner",
      holder: t.owner,
      functions: [{ name: "setBlacklisted / setPaused (token admin)", effect: "tokenAdmin" }],
    });
  }
  return roles;
}

/** The contracts nobody administers, and what is fixed in them. */
export function fixedOf(p: ParamsSnapshot): { contract: string; address: Address; note: FixedKey }[] {
  const out: { contract: string; address: Address; note: FixedKey }[] = [
    { contract: "ExclusivityRegistry", address: p.escrow.registry, note: "registry" },
    { contract: "HoldbackVault", address: p.escrow.vault, note: "vault" },
  ];
  if (p.others.certificate) out.push({ contract: "RightsCertificate", address: p.others.certificate, note: "certificate" });
  if (p.others.reputation) out.push({ contract: "Reputation", address: p.others.reputation, note: "reputation" });
  if (p.others.profiles) out.push({ contract: "Profiles", address: p.others.profiles, note: "profiles" });
  if (p.court) out.push({ contract: "MediatorCourt", address: p.court.address, note: "courtFixed" });
  out.push({ contract: "DealEscrow", address: p.escrow.address, note: "escrowFixed" });
  return out;
}

const OWNED = parseAbi(["function owner() view returns (address)"]);

/** The court's stake unit and randomness source, decoded from its deployment transaction (no view exposes them). */
async function courtConstructor(ctx: AuditContext, stakeToken: Address): Promise<{ stakeUnit: bigint; randomness: Address } | null> {
  try {
    const logs = await getLogs(ctx.client, { address: ctx.court, fromBlock: ctx.addresses.fromBlock, toBlock: ctx.blockNumber });
    const first = parseEventLogs({ abi: mediatorCourtAbi, logs, eventName: "ParamsSet" })[0];
    if (!first) return null;
    const tx = await getTransaction(ctx.client, { hash: first.transactionHash });
    if (tx.to !== null) return null;
    const ctor = mediatorCourtAbi.find((x) => x.type === "constructor");
    if (!ctor) return null;
    const bytes = 15 * 32; // 6 static words and the 9 words of CourtParams, at the end of the init code
    if (size(tx.input) < bytes) return null;
    const decoded = decodeAbiParameters(ctor.inputs, slice(tx.input, size(tx.input) - bytes));
    if (getAddress(decoded[0] as Address) !== getAddress(stakeToken)) return null;
    return { stakeUnit: decoded[2] as bigint, randomness: getAddress(decoded[3] as Address) };
  } catch {
    return null;
  }
}

async function hasCode(ctx: AuditContext, address: Address): Promise<boolean> {
  const code = await getCode(ctx.client, { address, blockNumber: ctx.blockNumber });
  return code !== undefined && code !== "0x";
}

/** Reads every parameter `rolesOf` and the page show. */
export async function readParams(ctx: AuditContext): Promise<ParamsSnapshot> {
  const at = { blockNumber: ctx.blockNumber };
  const c = ctx.client;
  const escrowView = <const N extends "owner" | "pendingOwner" | "paused" | "protocolFeeBps" | "MAX_PROTOCOL_FEE_BPS" | "feeRecipient" | "arbitrator">(
    functionName: N,
  ) => readContract(c, { address: ctx.escrow, abi: dealEscrowAbi, functionName, ...at });
  const logs = await getLogs(c, { address: ctx.escrow, fromBlock: ctx.addresses.fromBlock, toBlock: ctx.blockNumber });
  const tokenSet = new Set<Address>();
  for (const l of parseEventLogs({ abi: dealEscrowAbi, logs, eventName: "TokenAllowed" })) tokenSet.add(getAddress(l.args.token));
  if (ctx.addresses.token) tokenSet.add(getAddress(ctx.addresses.token));
  const tokens: ParamsSnapshot["escrow"]["tokens"] = [];
  for (const token of tokenSet) {
    let owner: Address | null = null;
    try {
      owner = getAddress(await readContract(c, { address: token, abi: OWNED, functionName: "owner", ...at }));
    } catch {
      owner = null;
    }
    tokens.push({
      token: await tokenInfo(c, token),
      allowed: await readContract(c, { address: ctx.escrow, abi: dealEscrowAbi, functionName: "isTokenAllowed", args: [token], ...at }),
      protocolFees: await readContract(c, { address: ctx.escrow, abi: dealEscrowAbi, functionName: "protocolFees", args: [token], ...at }),
      owner,
    });
  }
  const escrow: ParamsSnapshot["escrow"] = {
    address: ctx.escrow,
    owner: getAddress(await escrowView("owner")),
    pendingOwner: orNull(await escrowView("pendingOwner")),
    paused: await escrowView("paused"),
    protocolFeeBps: await escrowView("protocolFeeBps"),
    maxProtocolFeeBps: await escrowView("MAX_PROTOCOL_FEE_BPS"),
    feeRecipient: getAddress(await escrowView("feeRecipient")),
    arbitrator: getAddress(await escrowView("arbitrator")),
    registry: ctx.registry,
    vault: ctx.vault,
    tokens,
  };

  let court: ParamsSnapshot["court"] = null;
  let randomnessAddress: Address | null = ctx.addresses.randomness ?? null;
  if (await hasCode(ctx, ctx.court)) {
    const courtView = <const N extends "owner" | "pendingOwner" | "stakeToken" | "feeToken" | "params" | "exitDelay" | "MAX_EXIT_DELAY" | "disputeCount">(
      functionName: N,
    ) => readContract(c, { address: ctx.court, abi: mediatorCourtAbi, functionName, ...at });
    const stakeToken = await courtView("stakeToken");
    const feeToken = await tokenInfo(c, getAddress(await courtView("feeToken")));
    const built = await courtConstructor(ctx, stakeToken);
    if (built) randomnessAddress = built.randomness;
    const courtLogs = await getLogs(c, { address: ctx.court, fromBlock: ctx.addresses.fromBlock, toBlock: ctx.blockNumber });
    let arbitrationCost = 0n;
    try {
      arbitrationCost = await readContract(c, { address: ctx.court, abi: mediatorCourtAbi, functionName: "arbitrationCost", args: ["0x", feeToken.address], ...at });
    } catch {
      arbitrationCost = 0n;
    }
    court = {
      address: ctx.court,
      owner: getAddress(await courtView("owner")),
      pendingOwner: orNull(await courtView("pendingOwner")),
      stakeToken: await tokenInfo(c, getAddress(stakeToken)),
      feeToken,
      stakeUnit: built?.stakeUnit ?? null,
      randomnessSource: built?.randomness ?? null,
      params: await courtView("params"),
      paramsVersions: parseEventLogs({ abi: mediatorCourtAbi, logs: courtLogs, eventName: "ParamsSet" }).length,
      exitDelay: await courtView("exitDelay"),
      maxExitDelay: await courtView("MAX_EXIT_DELAY"),
      disputeCount: await courtView("disputeCount"),
      arbitrationCost,
    };
  }

  let randomness: ParamsSnapshot["randomness"] = null;
  if (randomnessAddress && (await hasCode(ctx, randomnessAddress))) {
    const address = randomnessAddress;
    const rView = <const N extends "owner" | "consumer" | "s_vrfCoordinator" | "keyHash" | "subscriptionId" | "requestConfirmations" | "callbackGasLimit" | "nativePayment">(
      functionName: N,
    ) => readContract(c, { address, abi: randomnessAbi, functionName, ...at });
    // Chainlink's ConfirmedOwner keeps its pending owner private: the last transfer request not yet accepted.
    const rLogs = parseEventLogs({ abi: randomnessAbi, logs: await getLogs(c, { address, fromBlock: ctx.addresses.fromBlock, toBlock: ctx.blockNumber }) });
    let pendingOwner: Address | null = null;
    for (const l of rLogs) {
      if (l.eventName === "OwnershipTransferRequested") pendingOwner = getAddress(l.args.to);
      if (l.eventName === "OwnershipTransferred") pendingOwner = null;
    }
    randomness = {
      address,
      owner: getAddress(await rView("owner")),
      pendingOwner,
      consumer: getAddress(await rView("consumer")),
      coordinator: getAddress(await rView("s_vrfCoordinator")),
      keyHash: await rView("keyHash"),
      subscriptionId: await rView("subscriptionId"),
      requestConfirmations: await rView("requestConfirmations"),
      callbackGasLimit: await rView("callbackGasLimit"),
      nativePayment: await rView("nativePayment"),
    };
  }
  return {
    escrow,
    court,
    randomness,
    others: { certificate: ctx.addresses.certificate, reputation: ctx.addresses.reputation, profiles: ctx.addresses.profiles },
  };
}
