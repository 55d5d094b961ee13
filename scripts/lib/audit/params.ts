// `audit params`: the protocol's parameters (escrow fee and fee recipient, allowed tokens, pause; the court's
// parameters, stake unit, randomness source and its VRF configuration) and who can change what: the owner and
// pending owner of every owned contract and the functions each role may call.
import { AbiCoder, Contract, Interface, dataLength, dataSlice, getAddress, type Result } from "ethers";
import { abiOf, money, percent, readEvents, tokenInfo, topicOf, view, type AuditContext, type TokenInfo } from "./common.ts";

export interface RoleReport {
  contract: string;
  address: string;
  role: string;
  /** The account holding the role now (null: nobody, for example no pending owner). */
  holder: string | null;
  functions: { name: string; effect: string }[];
}

export interface ParamsReport {
  kind: "params";
  chainId: bigint;
  blockNumber: number;
  escrow: {
    address: string;
    owner: string;
    pendingOwner: string | null;
    paused: boolean;
    protocolFeeBps: number;
    maxProtocolFeeBps: number;
    feeRecipient: string;
    arbitrator: string;
    exclusivityRegistry: string;
    holdbackVault: string;
    tokens: { token: TokenInfo; allowed: boolean; protocolFees: bigint }[];
  };
  court: null | {
    address: string;
    owner: string;
    pendingOwner: string | null;
    stakeToken: TokenInfo;
    feeToken: TokenInfo;
    /** From the deployment transaction's constructor arguments (no view exposes it); null when not found. */
    stakeUnit: bigint | null;
    randomnessSource: string | null;
    params: Record<string, bigint>;
    paramsVersions: number;
    exitDelay: bigint;
    maxExitDelay: bigint;
    disputeCount: bigint;
    arbitrationCost: bigint;
  };
  randomness: null | {
    address: string;
    owner: string;
    pendingOwner: string | null;
    consumer: string;
    coordinator: string;
    keyHash: string;
    subscriptionId: bigint;
    requestConfirmations: number;
    callbackGasLimit: number;
    nativePayment: boolean;
    subscription: null | { balance: bigint; nativeBalance: bigint; requestCount: bigint; owner: string; consumers: string[] };
  };
  fixed: { contract: string; address: string; note: string }[];
  roles: RoleReport[];
}

const ZERO = "0x0000000000000000000000000000000000000000";
const orNull = (a: string): string | null => (getAddress(a) === ZERO ? null : getAddress(a));

const SUBSCRIPTION = new Interface([
  "function getSubscription(uint256 subId) view returns (uint96 balance, uint96 nativeBalance, uint64 reqCount, address subOwner, address[] consumers)",
]);

/** The court's constructor arguments, decoded from its deployment transaction (found by its first event). */
async function courtConstructor(ctx: AuditContext, court: Contract): Promise<{ stakeUnit: bigint; randomness: string } | null> {
  const address = await court.getAddress();
  const logs = await ctx.provider.getLogs({ address, fromBlock: ctx.fromBlock, toBlock: ctx.blockNumber, topics: [topicOf(court.interface, "ParamsSet")] });
  const first = logs[0];
  if (!first) return null;
  const tx = await ctx.provider.getTransaction(first.transactionHash);
  if (!tx || tx.to !== null) return null;
  const inputs = court.interface.deploy.inputs;
  // Every constructor argument is static: 7 words plus the 9 words of CourtParams, at the end of the init code.
  const size = 15 * 32;
  if (dataLength(tx.data) < size) return null;
  try {
    const decoded = AbiCoder.defaultAbiCoder().decode(inputs, dataSlice(tx.data, dataLength(tx.data) - size));
    const stakeToken = getAddress(decoded[0] as string);
    if (stakeToken !== getAddress(await view<string>(ctx, court, "stakeToken"))) return null;
    return { stakeUnit: decoded[2] as bigint, randomness: getAddress(decoded[3] as string) };
  } catch {
    return null;
  }
}

/** Reads the parameters and the roles of the deployment. */
export async function auditParams(ctx: AuditContext): Promise<ParamsReport> {
  const e = ctx.escrow;
  const escrowAddress = ctx.addresses.escrow;
  const source = { source: "escrow", address: escrowAddress, iface: e.interface };
  const tokenSet = new Set<string>();
  for (const ev of await readEvents(ctx, [source], [topicOf(e.interface, "TokenAllowed")])) tokenSet.add(getAddress(ev.args.token as string));
  if (ctx.addresses.token) tokenSet.add(ctx.addresses.token);
  const tokens: ParamsReport["escrow"]["tokens"] = [];
  for (const token of tokenSet) {
    tokens.push({
      token: await tokenInfo(ctx, token),
      allowed: await view<boolean>(ctx, e, "isTokenAllowed", token),
      protocolFees: await view<bigint>(ctx, e, "protocolFees", token),
    });
  }
  const escrow: ParamsReport["escrow"] = {
    address: escrowAddress,
    owner: getAddress(await view<string>(ctx, e, "owner")),
    pendingOwner: orNull(await view<string>(ctx, e, "pendingOwner")),
    paused: await view<boolean>(ctx, e, "paused"),
    protocolFeeBps: Number(await view<bigint>(ctx, e, "protocolFeeBps")),
    maxProtocolFeeBps: Number(await view<bigint>(ctx, e, "MAX_PROTOCOL_FEE_BPS")),
    feeRecipient: getAddress(await view<string>(ctx, e, "feeRecipient")),
    arbitrator: getAddress(await view<string>(ctx, e, "arbitrator")),
    exclusivityRegistry: await ctx.registry.getAddress(),
    holdbackVault: await ctx.vault.getAddress(),
    tokens,
  };

  let court: ParamsReport["court"] = null;
  let randomnessAddress = ctx.addresses.randomness ?? null;
  if (ctx.court && (await ctx.provider.getCode(await ctx.court.getAddress(), ctx.blockNumber)) !== "0x") {
    const c = ctx.court;
    const built = await courtConstructor(ctx, c);
    if (built) randomnessAddress = built.randomness;
    const p = await view(ctx, c, "params");
    const versions = await readEvents(ctx, [{ source: "court", address: await c.getAddress(), iface: c.interface }], [topicOf(c.interface, "ParamsSet")]);
    const feeToken = await tokenInfo(ctx, await view<string>(ctx, c, "feeToken"));
    let arbitrationCost = 0n;
    try {
      arbitrationCost = await view<bigint>(ctx, c, "arbitrationCost(bytes,address)", "0x", feeToken.address);
    } catch {
      arbitrationCost = 0n;
    }
    court = {
      address: await c.getAddress(),
      owner: getAddress(await view<string>(ctx, c, "owner")),
      pendingOwner: orNull(await view<string>(ctx, c, "pendingOwner")),
      stakeToken: await tokenInfo(ctx, await view<string>(ctx, c, "stakeToken")),
      feeToken,
      stakeUnit: built?.stakeUnit ?? null,
      randomnessSource: built?.randomness ?? null,
      params: Object.fromEntries(Object.entries((p as Result).toObject()).map(([k, v]) => [k, BigInt(v as bigint)])),
      paramsVersions: versions.length,
      exitDelay: await view<bigint>(ctx, c, "exitDelay"),
      maxExitDelay: await view<bigint>(ctx, c, "MAX_EXIT_DELAY"),
      disputeCount: await view<bigint>(ctx, c, "disputeCount"),
      arbitrationCost,
    };
  }

  let randomness: ParamsReport["randomness"] = null;
  if (randomnessAddress && (await ctx.provider.getCode(randomnessAddress, ctx.blockNumber)) !== "0x") {
    const r = new Contract(randomnessAddress, abiOf("ChainlinkRandomness.sol"), ctx.provider);
    const coordinator = getAddress(await view<string>(ctx, r, "s_vrfCoordinator"));
    const subscriptionId = await view<bigint>(ctx, r, "subscriptionId");
    let subscription: NonNullable<ParamsReport["randomness"]>["subscription"] = null;
    try {
      const s = await view(ctx, new Contract(coordinator, SUBSCRIPTION, ctx.provider), "getSubscription", subscriptionId);
      subscription = {
        balance: s.balance as bigint,
        nativeBalance: s.nativeBalance as bigint,
        requestCount: s.reqCount as bigint,
        owner: getAddress(s.subOwner as string),
        consumers: (s.consumers as string[]).map((a) => getAddress(a)),
      };
    } catch {
      subscription = null;
    }
    // Chainlink's ConfirmedOwner keeps its pending owner private: the last transfer request not yet accepted.
    const events = await readEvents(ctx, [{ source: "randomness", address: randomnessAddress, iface: r.interface }], []);
    let pendingOwner: string | null = null;
    for (const ev of events) {
      if (ev.name === "OwnershipTransferRequested") pendingOwner = getAddress(ev.args.to as string);
      if (ev.name === "OwnershipTransferred") pendingOwner = null;
    }
    randomness = {
      address: randomnessAddress,
      owner: getAddress(await view<string>(ctx, r, "owner")),
      pendingOwner,
      consumer: getAddress(await view<string>(ctx, r, "consumer")),
      coordinator,
      keyHash: await view<string>(ctx, r, "keyHash"),
      subscriptionId,
      requestConfirmations: Number(await view<bigint>(ctx, r, "requestConfirmations")),
      callbackGasLimit: Number(await view<bigint>(ctx, r, "callbackGasLimit")),
      nativePayment: await view<boolean>(ctx, r, "nativePayment"),
      subscription,
    };
  }

  const roles: RoleReport[] = [
    {
      contract: "DealEscrow",
      address: escrowAddress,
      role: "owner",
      holder: escrow.owner,
      functions: [
        { name: "setTokenAllowed(token, allowed)", effect: "allows or disallows a payment token for new deals (running deals unaffected)" },
        { name: "setProtocolFee(feeBps)", effect: `sets the fee of new deals, at most ${percent(escrow.maxProtocolFeeBps)} (running deals keep theirs)` },
        { name: "setFeeRecipient(recipient)", effect: "sets who withdraws the protocol fees" },
        { name: "pause() / unpause()", effect: "stops / allows new deals (running deals, claims and disputes go on)" },
        { name: "transferOwnership(newOwner) / renounceOwnership()", effect: "starts a two-step transfer / gives up ownership" },
      ],
    },
    { contract: "DealEscrow", address: escrowAddress, role: "pending owner", holder: escrow.pendingOwner, functions: [{ name: "acceptOwnership()", effect: "becomes the owner" }] },
    {
      contract: "DealEscrow",
      address: escrowAddress,
      role: "fee recipient",
      holder: escrow.feeRecipient,
      functions: [{ name: "withdrawProtocolFees(token, to)", effect: "sends the accrued protocol fees of a token" }],
    },
    {
      contract: "DealEscrow",
      address: escrowAddress,
      role: "arbitrator (fixed)",
      holder: escrow.arbitrator,
      functions: [{ name: "rule(disputeId, ruling)", effect: "splits a disputed milestone (only disputes it accepted)" }],
    },
  ];
  if (court) {
    roles.push(
      {
        contract: "MediatorCourt",
        address: court.address,
        role: "owner",
        holder: court.owner,
        functions: [
          { name: "setParams(params)", effect: "sets the parameters of future disputes (running disputes keep theirs)" },
          { name: "setExitDelay(exitDelay)", effect: `sets the mediators' exit delay, at most ${court.maxExitDelay} s` },
          { name: "transferOwnership(newOwner) / renounceOwnership()", effect: "starts a two-step transfer / gives up ownership" },
        ],
      },
      { contract: "MediatorCourt", address: court.address, role: "pending owner", holder: court.pendingOwner, functions: [{ name: "acceptOwnership()", effect: "becomes the owner" }] },
    );
  }
  if (randomness) {
    roles.push(
      {
        contract: "ChainlinkRandomness",
        address: randomness.address,
        role: "owner",
        holder: randomness.owner,
        functions: [
          { name: "setConsumer(consumer)", effect: "sets who may request words (the court)" },
          { name: "setRequestConfig(keyHash, subId, confirmations, gasLimit)", effect: "tunes future VRF requests" },
          { name: "setCoordinator(coordinator)", effect: "changes the VRF coordinator" },
          { name: "transferOwnership(to)", effect: "starts a two-step transfer" },
        ],
      },
      { contract: "ChainlinkRandomness", address: randomness.address, role: "pending owner", holder: randomness.pendingOwner, functions: [{ name: "acceptOwnership()", effect: "becomes the owner" }] },
      {
        contract: "ChainlinkRandomness",
        address: randomness.address,
        role: "VRF coordinator",
        holder: randomness.coordinator,
        functions: [
          { name: "rawFulfillRandomWords(requestId, words)", effect: "delivers a random word (stored, never chosen by the owner)" },
          { name: "setCoordinator(coordinator)", effect: "changes the VRF coordinator" },
        ],
      },
    );
  }
  const fixed: ParamsReport["fixed"] = [
    { contract: "ExclusivityRegistry", address: escrow.exclusivityRegistry, note: "no owner; written only by the escrow" },
    { contract: "HoldbackVault", address: escrow.holdbackVault, note: "no owner; written by the escrow, ruled by the arbitrator" },
  ];
  if (ctx.addresses.certificate) fixed.push({ contract: "RightsCertificate", address: ctx.addresses.certificate, note: "no owner; mints only rights the escrow says were bought" });
  if (ctx.addresses.reputation) fixed.push({ contract: "Reputation", address: ctx.addresses.reputation, note: "no owner; records what the escrow says" });
  if (ctx.addresses.profiles) fixed.push({ contract: "Profiles", address: ctx.addresses.profiles, note: "no owner; each account writes its own profile" });
  if (court) fixed.push({ contract: "MediatorCourt", address: court.address, note: "stake token, fee token, stake unit and randomness source fixed at deployment" });
  fixed.push({ contract: "DealEscrow", address: escrowAddress, note: "arbitrator, registry and vault fixed at deployment; no function moves escrowed money" });

  // Tokens with an owner (the local MockUSDC can blacklist and pause; real USDC has its own admin).
  const tokenOwner = new Interface(["function owner() view returns (address)"]);
  for (const t of tokens) {
    try {
      const owner = getAddress(await view<string>(ctx, new Contract(t.token.address, tokenOwner, ctx.provider), "owner"));
      roles.push({
        contract: `token ${t.token.symbol || t.token.address}`,
        address: t.token.address,
        role: "owner",
        holder: owner,
        functions: [{ name: "token admin (for example setBlacklisted / setPaused on MockUSDC)", effect: "can block transfers of the token, outside Ispera's control" }],
      });
    } catch {
      // an unowned token
    }
  }
  return { kind: "params", chainId: ctx.chainId, blockNumber: ctx.blockNumber, escrow, court, randomness, fixed, roles };
}

export function renderParams(r: ParamsReport): string {
  const lines: string[] = [];
  const e = r.escrow;
  lines.push(`Protocol parameters on chain ${r.chainId} at block ${r.blockNumber}`);
  lines.push("");
  lines.push(`Escrow ${e.address}`);
  lines.push(`  protocol fee      ${percent(e.protocolFeeBps)} (${e.protocolFeeBps} bps, at most ${e.maxProtocolFeeBps} bps)`);
  lines.push(`  fee recipient     ${e.feeRecipient}`);
  lines.push(`  paused            ${e.paused ? "yes (no new deals)" : "no"}`);
  lines.push(`  arbitrator        ${e.arbitrator}`);
  lines.push(`  registry          ${e.exclusivityRegistry}`);
  lines.push(`  holdback vault    ${e.holdbackVault}`);
  for (const t of e.tokens) {
    lines.push(`  token             ${t.token.address} ${t.token.symbol} (${t.token.decimals} decimals): ${t.allowed ? "allowed" : "not allowed"}, protocol fees ${money(t.protocolFees, t.token)}`);
  }
  lines.push(`  owner             ${e.owner}${e.pendingOwner ? `, pending owner ${e.pendingOwner}` : ", no pending owner"}`);
  if (r.court) {
    const c = r.court;
    const p = c.params;
    lines.push("");
    lines.push(`Court ${c.address}`);
    lines.push(`  stake token       ${c.stakeToken.address} ${c.stakeToken.symbol}; fee token ${c.feeToken.address} ${c.feeToken.symbol}`);
    lines.push(`  stake unit        ${c.stakeUnit === null ? "unknown (deployment transaction not found)" : money(c.stakeUnit, c.stakeToken)}`);
    lines.push(`  randomness source ${c.randomnessSource ?? "unknown"}`);
    lines.push(`  fee per mediator  ${money(p.feePerMediator ?? 0n, c.feeToken)} (first round costs ${money(c.arbitrationCost, c.feeToken)})`);
    lines.push(`  min stake         ${money(p.minStake ?? 0n, c.stakeToken)}, alpha ${percent(p.alphaBps ?? 0n)}`);
    lines.push(`  jury              ${p.firstRoundMediators} mediators in the first round, ${p.maxRounds} rounds at most (2n + 1 per appeal)`);
    lines.push(`  periods           commit ${p.commitPeriod} s, reveal ${p.revealPeriod} s, appeal ${p.appealPeriod} s, randomness timeout ${p.randomnessTimeout} s`);
    lines.push(`  exit delay        ${c.exitDelay} s (at most ${c.maxExitDelay} s)`);
    lines.push(`  disputes          ${c.disputeCount}; parameter sets so far ${c.paramsVersions}`);
    lines.push(`  owner             ${c.owner}${c.pendingOwner ? `, pending owner ${c.pendingOwner}` : ", no pending owner"}`);
  }
  if (r.randomness) {
    const v = r.randomness;
    lines.push("");
    lines.push(`Randomness (Chainlink VRF v2.5) ${v.address}`);
    lines.push(`  coordinator       ${v.coordinator}`);
    lines.push(`  key hash          ${v.keyHash}`);
    lines.push(`  subscription      ${v.subscriptionId}` +
      (v.subscription ? ` (balance ${v.subscription.balance}, native ${v.subscription.nativeBalance}, ${v.subscription.requestCount} requests, owner ${v.subscription.owner}, consumers ${v.subscription.consumers.join(", ")})` : ""));
    lines.push(`  confirmations     ${v.requestConfirmations}, callback gas ${v.callbackGasLimit}, pays in ${v.nativePayment ? "native" : "LINK"}`);
    lines.push(`  consumer          ${v.consumer}`);
    lines.push(`  owner             ${v.owner}${v.pendingOwner ? `, pending owner ${v.pendingOwner}` : ", no pending owner"}`);
  }
  lines.push("");
  lines.push("Who can change what:");
  for (const role of r.roles) {
    lines.push(`  ${role.contract} ${role.role}: ${role.holder ?? "(nobody)"}`);
    for (const f of role.functions) lines.push(`      ${f.name}: ${f.effect}`);
  }
  lines.push("");
  lines.push("Fixed (no admin):");
  for (const f of r.fixed) lines.push(`  ${f.contract} ${f.address}: ${f.note}`);
  return lines.join("\n");
}
