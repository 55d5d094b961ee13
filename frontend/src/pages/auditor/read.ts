// The auditor's reads, straight from the chain with viem (a port of scripts/lib/audit/*.ts): every read is made at
// one block so that the numbers add up. No React and no environment: the page passes a client and the addresses,
// the end-to-end test and the unit tests can call the same functions.
import {
  erc20Abi,
  getAddress,
  parseEventLogs,
  zeroAddress,
  type Abi,
  type Address,
  type Client,
  type Hex,
  type Log,
} from "viem";
import { getBlock, getBlockNumber, getCode, getLogs, readContract } from "viem/actions";
import {
  dealEscrowAbi,
  holdbackVaultAbi,
  mediatorCourtAbi,
  randomnessAbi,
} from "../../config/abis.generated.ts";
import {
  Ledger,
  decodeConsensus,
  escrowShareOf,
  languageText,
  lockedTotals,
  overallSolvent,
  poolText,
  roundExecuted,
  roundHeld,
  topicText,
  vaultShareOf,
  type EscrowShare,
  type LockedTotal,
  type RoundWords,
  type TokenInfo,
  type TokenSolvency,
  type VaultShare,
} from "./model.ts";

export interface AuditAddresses {
  readonly escrow: Address;
  readonly court?: Address;
  readonly certificate?: Address;
  readonly randomness?: Address;
  readonly reputation?: Address;
  readonly profiles?: Address;
  readonly token?: Address;
  /** First block searched for events. */
  readonly fromBlock: bigint;
}

export interface AuditContext {
  readonly client: Client;
  readonly blockNumber: bigint;
  readonly blockTime: bigint;
  readonly addresses: AuditAddresses;
  readonly escrow: Address;
  readonly registry: Address;
  readonly vault: Address;
  readonly court: Address;
  /** Raw logs per contract, read once per context. */
  readonly logs: Map<Address, Promise<Log[]>>;
}

export class AuditInputError extends Error {
  override name = "AuditInputError";
}

/** A dispute id the court does not have; `count` is how many it has (ids 0 to count - 1). */
export class UnknownDisputeError extends AuditInputError {
  override name = "UnknownDisputeError";
  readonly count: bigint;
  constructor(disputeId: bigint, count: bigint) {
    super(count === 0n ? `unknown dispute ${disputeId}: the court has no dispute` : `unknown dispute ${disputeId}: the court has disputes 0 to ${count - 1n}`);
    this.count = count;
  }
}

/** Opens the auditor's view at the latest block (or `blockNumber`): finds the registry, vault and court. */
export async function openContext(client: Client, addresses: AuditAddresses, blockNumber?: bigint): Promise<AuditContext> {
  const at = blockNumber ?? (await getBlockNumber(client, { cacheTime: 0 }));
  const block = await getBlock(client, { blockNumber: at });
  const code = await getCode(client, { address: addresses.escrow, blockNumber: at });
  if (!code || code === "0x") throw new AuditInputError(`no contract at the escrow address ${addresses.escrow}`);
  const read = <const N extends "exclusivityRegistry" | "holdbackVault" | "arbitrator">(functionName: N) =>
    readContract(client, { address: addresses.escrow, abi: dealEscrowAbi, functionName, blockNumber: at });
  const [registry, vault, arbitrator] = await Promise.all([read("exclusivityRegistry"), read("holdbackVault"), read("arbitrator")]);
  return {
    client,
    blockNumber: at,
    blockTime: block.timestamp,
    addresses,
    escrow: addresses.escrow,
    registry: getAddress(registry),
    vault: getAddress(vault),
    court: getAddress(addresses.court ?? arbitrator),
    logs: new Map(),
  };
}

/** Every decodable log of a contract from the first block to the context's block, in chain order. */
async function decodedLogs<const abi extends Abi>(ctx: AuditContext, address: Address, abi: abi) {
  let logs = ctx.logs.get(address);
  if (!logs) {
    logs = getLogs(ctx.client, { address, fromBlock: ctx.addresses.fromBlock, toBlock: ctx.blockNumber });
    ctx.logs.set(address, logs);
  }
  return parseEventLogs({ abi, logs: await logs, strict: true });
}

const tokenCache = new Map<string, TokenInfo>();
/** A token's symbol and decimals (empty symbol, 0 decimals when it has none). */
export async function tokenInfo(client: Client, address: Address): Promise<TokenInfo> {
  const key = getAddress(address);
  const cached = tokenCache.get(key);
  if (cached) return cached;
  let info: TokenInfo;
  try {
    const [symbol, decimals] = await Promise.all([
      readContract(client, { address: key, abi: erc20Abi, functionName: "symbol" }),
      readContract(client, { address: key, abi: erc20Abi, functionName: "decimals" }),
    ]);
    info = { address: key, symbol, decimals };
  } catch {
    info = { address: key, symbol: "", decimals: 0 };
  }
  tokenCache.set(key, info);
  return info;
}

async function balancesOf(ctx: AuditContext, tokens: readonly Address[], holder: Address): Promise<Map<Address, bigint>> {
  const balances = await Promise.all(
    tokens.map((token) => readContract(ctx.client, { address: token, abi: erc20Abi, functionName: "balanceOf", args: [holder], blockNumber: ctx.blockNumber })),
  );
  return new Map(tokens.map((token, i) => [token, balances[i] ?? 0n]));
}

/* ----------------------------------------------------------------------------------------------------------------
 *                                                      DEALS
 * ------------------------------------------------------------------------------------------------------------- */

export interface DealRow {
  readonly dealId: Hex;
  readonly brand: Address;
  readonly influencer: Address;
  readonly token: Address;
  readonly total: bigint;
  readonly status: number;
  readonly milestoneStatuses: readonly number[];
  readonly share: EscrowShare;
  readonly createdBlock: bigint;
}

/** Every deal created at the escrow with its state and its share of the escrow's obligations, oldest first. */
export async function readDeals(ctx: AuditContext): Promise<DealRow[]> {
  const logs = (await decodedLogs(ctx, ctx.escrow, dealEscrowAbi)).filter((l) => l.eventName === "DealCreated");
  return Promise.all(
    logs.map(async (log) => {
      if (log.eventName !== "DealCreated") throw new Error("unreachable");
      const { dealId, terms } = log.args;
      const at = { blockNumber: ctx.blockNumber };
      const deal = await readContract(ctx.client, { address: ctx.escrow, abi: dealEscrowAbi, functionName: "getDeal", args: [dealId], ...at });
      const milestones = await Promise.all(
        terms.milestones.map(async (m, i) => {
          const [state, arbitration] = await Promise.all([
            readContract(ctx.client, { address: ctx.escrow, abi: dealEscrowAbi, functionName: "getMilestone", args: [dealId, BigInt(i)], ...at }),
            readContract(ctx.client, { address: ctx.escrow, abi: dealEscrowAbi, functionName: "getArbitration", args: [dealId, BigInt(i)], ...at }),
          ]);
          return { amount: m.amount, status: state.status, brandFee: arbitration.brandFee, influencerFee: arbitration.influencerFee };
        }),
      );
      const share = escrowShareOf({
        status: deal.status,
        brandCredit: deal.brandCredit,
        influencerCredit: deal.influencerCredit,
        rightsPrice: terms.rightsPrice,
        milestones,
      });
      return {
        dealId: dealId.toLowerCase() as Hex,
        brand: getAddress(log.args.brand),
        influencer: getAddress(log.args.influencer),
        token: getAddress(terms.token),
        total: log.args.total,
        status: deal.status,
        milestoneStatuses: milestones.map((m) => m.status),
        share,
        createdBlock: log.blockNumber,
      };
    }),
  );
}

/* ----------------------------------------------------------------------------------------------------------------
 *                                                    SOLVENCY
 * ------------------------------------------------------------------------------------------------------------- */

export interface SolvencyReport {
  readonly blockNumber: bigint;
  readonly blockTime: bigint;
  readonly solvent: boolean;
  readonly tokens: readonly TokenInfo[];
  readonly locked: readonly LockedTotal[];
  readonly deals: readonly DealRow[];
  readonly escrow: { address: Address; solvent: boolean; tokens: TokenSolvency[]; protocolFees: { token: Address; amount: bigint }[] };
  readonly vault: { address: Address; solvent: boolean; tokens: TokenSolvency[]; deals: { dealId: Hex; token: Address; share: VaultShare }[] };
  readonly court: {
    address: Address;
    solvent: boolean;
    tokens: TokenSolvency[];
    stakes: { mediator: Address; stake: bigint; locked: bigint }[];
    balances: { account: Address; token: Address; amount: bigint }[];
    disputes: { disputeId: bigint; fees: bigint; penalties: bigint; appealFunds: bigint; total: bigint }[];
  };
}

export const ESCROW_PARTS = ["deal credits", "open milestones", "rights held", "arbitration fees"] as const;

/** The solvency check of `npm run audit -- solvency`: escrow, holdback vault and court, per token. */
export async function readSolvency(ctx: AuditContext): Promise<SolvencyReport> {
  const at = { blockNumber: ctx.blockNumber };
  // Escrow: every deal ever created, and the protocol fees of every token allowed or used.
  const deals = await readDeals(ctx);
  const escrowLedger = new Ledger();
  const tokens = new Set<Address>();
  for (const d of deals) {
    tokens.add(d.token);
    escrowLedger.add(d.token, "deal credits", d.share.brandCredit + d.share.influencerCredit);
    escrowLedger.add(d.token, "open milestones", d.share.openMilestones);
    escrowLedger.add(d.token, "rights held", d.share.rightsHeld);
    escrowLedger.add(d.token, "arbitration fees", d.share.arbitrationFees);
  }
  const escrowLogs = await decodedLogs(ctx, ctx.escrow, dealEscrowAbi);
  for (const l of escrowLogs) if (l.eventName === "TokenAllowed") tokens.add(getAddress(l.args.token));
  const protocolFees: SolvencyReport["escrow"]["protocolFees"] = await Promise.all(
    [...tokens].map(async (token) => ({
      token,
      amount: await readContract(ctx.client, { address: ctx.escrow, abi: dealEscrowAbi, functionName: "protocolFees", args: [token], ...at }),
    })),
  );
  for (const { token, amount } of protocolFees) {
    escrowLedger.touch(token, ESCROW_PARTS);
    escrowLedger.add(token, "protocol fees", amount);
  }
  const escrowTokens = escrowLedger.settle(await balancesOf(ctx, escrowLedger.tokens(), ctx.escrow));

  // Vault: every holdback opened.
  const vaultLedger = new Ledger();
  const opened = (await decodedLogs(ctx, ctx.vault, holdbackVaultAbi)).flatMap((l) =>
    l.eventName === "HoldbackOpened" ? [{ dealId: l.args.dealId.toLowerCase() as Hex, token: getAddress(l.args.context.token) }] : [],
  );
  const vaultDeals: SolvencyReport["vault"]["deals"] = await Promise.all(
    opened.map(async ({ dealId, token }) => {
      const [h, influencerCredit] = await Promise.all([
        readContract(ctx.client, { address: ctx.vault, abi: holdbackVaultAbi, functionName: "getHoldback", args: [dealId], ...at }),
        readContract(ctx.client, { address: ctx.vault, abi: holdbackVaultAbi, functionName: "influencerCredit", args: [dealId], ...at }),
      ]);
      return { dealId, token, share: vaultShareOf(h.held, h.brandCredit, influencerCredit) };
    }),
  );
  for (const { token, share } of vaultDeals) {
    vaultLedger.add(token, "held", share.held);
    vaultLedger.add(token, "credits", share.brandCredit + share.influencerCredit);
  }
  const vaultTokens = vaultLedger.settle(await balancesOf(ctx, vaultLedger.tokens(), ctx.vault));

  // Court: every mediator who ever staked, every account ever credited, every dispute.
  const court = ctx.court;
  const [stakeToken, feeToken, count] = await Promise.all([
    readContract(ctx.client, { address: court, abi: mediatorCourtAbi, functionName: "stakeToken", ...at }),
    readContract(ctx.client, { address: court, abi: mediatorCourtAbi, functionName: "feeToken", ...at }),
    readContract(ctx.client, { address: court, abi: mediatorCourtAbi, functionName: "disputeCount", ...at }),
  ]);
  const ledger = new Ledger();
  ledger.touch(stakeToken, ["stakes", "lost stake held"]);
  ledger.touch(feeToken, ["round fees held", "appeal funds"]);
  const courtLogs = await decodedLogs(ctx, court, mediatorCourtAbi);
  const stakers: Address[] = [];
  const credited = new Map<string, { account: Address; token: Address }>();
  for (const l of courtLogs) {
    if (l.eventName === "Staked" && !stakers.includes(getAddress(l.args.mediator))) stakers.push(getAddress(l.args.mediator));
    if (l.eventName === "Credited") {
      const account = getAddress(l.args.account);
      const token = getAddress(l.args.token);
      credited.set(`${account}:${token}`, { account, token });
    }
  }
  const ids: bigint[] = [];
  for (let id = 0n; id < count; id++) ids.push(id);
  const [stakes, balances, disputes] = await Promise.all([
    Promise.all(
      stakers.map(async (mediator) => {
        const m = await readContract(ctx.client, { address: court, abi: mediatorCourtAbi, functionName: "getMediator", args: [mediator], ...at });
        return { mediator, stake: m.stake, locked: m.locked };
      }),
    ),
    Promise.all(
      [...credited.values()].map(async ({ account, token }) => ({
        account,
        token,
        amount: await readContract(ctx.client, { address: court, abi: mediatorCourtAbi, functionName: "balanceOf", args: [account, token], ...at }),
      })),
    ),
    Promise.all(
      ids.map(async (disputeId) => {
        const h = await disputeHeld(ctx, disputeId);
        return { disputeId, ...h, total: h.fees + h.penalties + h.appealFunds };
      }),
    ),
  ]);
  for (const s of stakes) ledger.add(stakeToken, "stakes", s.stake);
  for (const b of balances) ledger.add(b.token, "credited balances", b.amount);
  for (const h of disputes) {
    ledger.add(feeToken, "round fees held", h.fees);
    ledger.add(stakeToken, "lost stake held", h.penalties);
    ledger.add(feeToken, "appeal funds", h.appealFunds);
  }
  const courtTokens = ledger.settle(await balancesOf(ctx, ledger.tokens(), court));

  const allTokens: Address[] = [];
  for (const t of [...escrowTokens, ...vaultTokens, ...courtTokens]) if (!allTokens.includes(t.token)) allTokens.push(t.token);
  return {
    blockNumber: ctx.blockNumber,
    blockTime: ctx.blockTime,
    solvent: overallSolvent(escrowTokens, vaultTokens, courtTokens),
    tokens: await Promise.all(allTokens.map((t) => tokenInfo(ctx.client, t))),
    locked: lockedTotals(escrowTokens, vaultTokens, courtTokens),
    deals,
    escrow: { address: ctx.escrow, solvent: overallSolvent(escrowTokens), tokens: escrowTokens, protocolFees },
    vault: { address: ctx.vault, solvent: overallSolvent(vaultTokens), tokens: vaultTokens, deals: vaultDeals },
    court: { address: court, solvent: overallSolvent(courtTokens), tokens: courtTokens, stakes, balances, disputes },
  };
}

async function readRound(ctx: AuditContext, disputeId: bigint, round: bigint) {
  const w = await readContract(ctx.client, { address: ctx.court, abi: mediatorCourtAbi, functionName: "getRound", args: [disputeId, round], blockNumber: ctx.blockNumber });
  const words: RoundWords = {
    drawn: BigInt(w.drawn),
    penalized: BigInt(w.penalized),
    rewarded: BigInt(w.rewarded),
    fees: w.fees,
    penalties: w.penalties,
    coherenceSum: w.coherenceSum,
    rewardedCoherence: w.rewardedCoherence,
  };
  return { ...w, words };
}

/** What the court holds for a dispute: unpaid round fees and lost stake, and the current round's appeal funds. */
export async function disputeHeld(ctx: AuditContext, disputeId: bigint): Promise<{ fees: bigint; penalties: bigint; appealFunds: bigint }> {
  const at = { blockNumber: ctx.blockNumber };
  const d = await readContract(ctx.client, { address: ctx.court, abi: mediatorCourtAbi, functionName: "getDispute", args: [disputeId], ...at });
  const rounds = Array.from({ length: d.round + 1 }, (_, r) => BigInt(r));
  const [held, funds] = await Promise.all([
    Promise.all(rounds.map(async (r) => roundHeld((await readRound(ctx, disputeId, r)).words))),
    Promise.all(
      [d.brand, d.influencer].map((funder) =>
        readContract(ctx.client, { address: ctx.court, abi: mediatorCourtAbi, functionName: "appealFunds", args: [disputeId, BigInt(d.round), funder], ...at }),
      ),
    ),
  ]);
  return {
    fees: held.reduce((s, h) => s + h.fees, 0n),
    penalties: held.reduce((s, h) => s + h.penalties, 0n),
    appealFunds: funds.reduce((s, f) => s + f, 0n),
  };
}

/* ----------------------------------------------------------------------------------------------------------------
 *                                                    DISPUTES
 * ------------------------------------------------------------------------------------------------------------- */

export interface SeatReport {
  readonly voteId: number;
  readonly mediator: Address;
  readonly committed: boolean;
  readonly commitment: Hex | null;
  readonly revealed: boolean;
  /** The answers revealed (one option per question); null until revealed. */
  readonly answers: readonly number[] | null;
  readonly coherenceBps: number | null;
  readonly penalty: bigint | null;
  readonly feeReward: bigint | null;
  readonly stakeReward: bigint | null;
}

export interface RoundReport {
  readonly index: number;
  readonly mediators: number;
  readonly drawn: number;
  readonly committed: number;
  readonly revealed: number;
  readonly pool: string;
  readonly fees: bigint;
  readonly lockPerVote: bigint;
  readonly randomWord: bigint | null;
  readonly seats: readonly SeatReport[];
  readonly ruled: null | { shareBps: number; consensus: number[][] };
  readonly emptyPool: boolean;
  readonly appealFunded: readonly { funder: Address; amount: bigint }[];
  readonly appealRefunded: readonly { funder: Address; amount: bigint }[];
  readonly executed: boolean;
  readonly held: { fees: bigint; penalties: bigint };
}

export interface DisputeSummary {
  readonly disputeId: bigint;
  readonly arbitrable: Address;
  readonly arbitrableKind: "escrow" | "vault" | "other";
  readonly dealId: Hex | null;
  /** The disputed milestone, null for a breach claim. */
  readonly milestone: number | null;
  readonly brand: Address;
  readonly influencer: Address;
  readonly language: string;
  readonly topic: string;
  readonly period: number;
  readonly round: number;
  readonly deadline: bigint;
  readonly shareBps: number;
  readonly rulingDelivered: boolean;
  readonly questionCount: number;
  /** The current round's seats, draws, commits and reveals. */
  readonly current: { mediators: number; drawn: number; committed: number; revealed: number };
}

export interface DisputeReport extends DisputeSummary {
  readonly feeToken: TokenInfo;
  readonly stakeToken: TokenInfo;
  /** The questionnaire the mediators answer (from DisputeOpened). */
  readonly criteria: readonly { optionCount: number; compliantMask: number; weight: number }[];
  readonly params: { feePerMediator: bigint; minStake: bigint; alphaBps: number; firstRoundMediators: number; maxRounds: number };
  readonly rounds: readonly RoundReport[];
  readonly evidence: readonly { party: Address; evidence: string; block: bigint }[];
  /** The final ruling handed to the arbitrable (share + 1), once the dispute reached Execution. */
  readonly ruling: bigint | null;
  readonly appealCost: bigint | null;
}

type CourtLog = Awaited<ReturnType<typeof decodedLogs<typeof mediatorCourtAbi>>>[number];

/** The court events that carry a dispute id as their first indexed argument. */
function disputeOf(log: CourtLog): bigint | null {
  const args = log.args as Record<string, unknown>;
  if (typeof args.disputeId === "bigint") return args.disputeId;
  if (log.eventName === "Evidence") return log.args._externalDisputeID;
  if (log.eventName === "Ruling") return log.args._disputeID;
  return null;
}

async function summaryOf(ctx: AuditContext, disputeId: bigint, logs: readonly CourtLog[]): Promise<DisputeSummary> {
  const d = await readContract(ctx.client, { address: ctx.court, abi: mediatorCourtAbi, functionName: "getDispute", args: [disputeId], blockNumber: ctx.blockNumber });
  const opened = logs.find((l) => l.eventName === "DisputeOpened" && l.args.disputeId === disputeId);
  const context = opened?.eventName === "DisputeOpened" ? opened.args.context : undefined;
  const arbitrable = getAddress(d.arbitrable);
  const arbitrableKind = arbitrable === ctx.escrow ? "escrow" : arbitrable === ctx.vault ? "vault" : "other";
  const milestone = context === undefined || arbitrableKind === "vault" || context.milestone === 255 ? null : Number(context.milestone);
  const current = await readRound(ctx, disputeId, BigInt(d.round));
  return {
    disputeId,
    arbitrable,
    arbitrableKind,
    dealId: context ? (context.dealId.toLowerCase() as Hex) : null,
    milestone,
    brand: getAddress(d.brand),
    influencer: getAddress(d.influencer),
    language: languageText(d.language),
    topic: topicText(d.topic),
    period: d.period,
    round: d.round,
    deadline: BigInt(d.deadline),
    shareBps: d.shareBps,
    rulingDelivered: d.rulingDelivered,
    questionCount: d.questionCount,
    current: { mediators: current.mediators, drawn: current.drawn, committed: current.committed, revealed: current.revealed },
  };
}

/** Every court dispute, newest first. */
export async function readDisputes(ctx: AuditContext): Promise<DisputeSummary[]> {
  const count = await readContract(ctx.client, { address: ctx.court, abi: mediatorCourtAbi, functionName: "disputeCount", blockNumber: ctx.blockNumber });
  const logs = await decodedLogs(ctx, ctx.court, mediatorCourtAbi);
  const ids: bigint[] = [];
  for (let id = count - 1n; id >= 0n; id--) ids.push(id);
  return Promise.all(ids.map((id) => summaryOf(ctx, id, logs)));
}

/** One dispute with its rounds, draws, commits, reveals (answers only once revealed), rulings and appeals. */
export async function readDispute(ctx: AuditContext, disputeId: bigint): Promise<DisputeReport> {
  const at = { blockNumber: ctx.blockNumber };
  const count = await readContract(ctx.client, { address: ctx.court, abi: mediatorCourtAbi, functionName: "disputeCount", ...at });
  if (disputeId < 0n || disputeId >= count) {
    throw new UnknownDisputeError(disputeId, count);
  }
  const all = (await decodedLogs(ctx, ctx.court, mediatorCourtAbi)).filter((l) => disputeOf(l) === disputeId);
  const summary = await summaryOf(ctx, disputeId, all);
  const [p, feeTokenAddress, stakeTokenAddress] = await Promise.all([
    readContract(ctx.client, { address: ctx.court, abi: mediatorCourtAbi, functionName: "getDisputeParams", args: [disputeId], ...at }),
    readContract(ctx.client, { address: ctx.court, abi: mediatorCourtAbi, functionName: "feeToken", ...at }),
    readContract(ctx.client, { address: ctx.court, abi: mediatorCourtAbi, functionName: "stakeToken", ...at }),
  ]);
  const d = await readContract(ctx.client, { address: ctx.court, abi: mediatorCourtAbi, functionName: "getDispute", args: [disputeId], ...at });
  const rounds: RoundReport[] = [];
  for (let r = 0; r <= summary.round; r++) {
    const w = await readRound(ctx, disputeId, BigInt(r));
    const inRound = all.filter((l) => "round" in l.args && Number((l.args as { round: bigint }).round) === r);
    const commits = new Map<Address, Hex>();
    const reveals = new Map<Address, number[]>();
    const penalized = new Map<number, { coherenceBps: number; penalty: bigint }>();
    const rewarded = new Map<number, { fee: bigint; stakeReward: bigint }>();
    let ruled: RoundReport["ruled"] = null;
    let emptyPool = false;
    const funded: { funder: Address; amount: bigint }[] = [];
    const refunded: { funder: Address; amount: bigint }[] = [];
    for (const l of inRound) {
      switch (l.eventName) {
        case "Committed":
          commits.set(getAddress(l.args.mediator), l.args.commitment);
          break;
        case "Revealed":
          reveals.set(getAddress(l.args.mediator), l.args.answers.map(Number));
          break;
        case "Penalized":
          penalized.set(Number(l.args.voteId), { coherenceBps: Number(l.args.coherenceBps), penalty: l.args.penalty });
          break;
        case "Rewarded":
          rewarded.set(Number(l.args.voteId), { fee: l.args.fee, stakeReward: l.args.stakeReward });
          break;
        case "RoundRuled":
          ruled = { shareBps: Number(l.args.shareBps), consensus: decodeConsensus(l.args.consensus, summary.questionCount) };
          break;
        case "EmptyPool":
          emptyPool = true;
          break;
        case "AppealFunded":
          funded.push({ funder: getAddress(l.args.funder), amount: l.args.amount });
          break;
        case "AppealRefunded":
          refunded.push({ funder: getAddress(l.args.funder), amount: l.args.amount });
          break;
        default:
          break;
      }
    }
    const seats: SeatReport[] = [];
    for (let i = 0; i < w.drawn; i++) {
      const v = await readContract(ctx.client, { address: ctx.court, abi: mediatorCourtAbi, functionName: "getVote", args: [disputeId, BigInt(r), BigInt(i)], ...at });
      const mediator = getAddress(v.mediator);
      const pen = penalized.get(i);
      const rew = rewarded.get(i);
      seats.push({
        voteId: i,
        mediator,
        committed: commits.has(mediator),
        commitment: commits.get(mediator) ?? null,
        revealed: v.revealed,
        answers: v.revealed ? (reveals.get(mediator) ?? null) : null,
        coherenceBps: pen ? pen.coherenceBps : null,
        penalty: pen ? pen.penalty : null,
        feeReward: rew ? rew.fee : pen ? 0n : null,
        stakeReward: rew ? rew.stakeReward : pen ? 0n : null,
      });
    }
    let randomWord: bigint | null = null;
    if (ctx.addresses.randomness && w.randomnessRequestId !== 0n) {
      try {
        randomWord = await readContract(ctx.client, { address: ctx.addresses.randomness, abi: randomnessAbi, functionName: "randomWord", args: [w.randomnessRequestId], ...at });
      } catch {
        randomWord = null;
      }
    }
    rounds.push({
      index: r,
      mediators: w.mediators,
      drawn: w.drawn,
      committed: w.committed,
      revealed: w.revealed,
      pool: poolText(w.poolKey),
      fees: w.fees,
      lockPerVote: w.lockPerVote,
      randomWord: randomWord === 0n ? null : randomWord,
      seats,
      ruled,
      emptyPool,
      appealFunded: funded,
      appealRefunded: refunded,
      executed: roundExecuted(w.words),
      held: roundHeld(w.words),
    });
  }
  const evidence = all.flatMap((l) =>
    l.eventName === "Evidence" ? [{ party: getAddress(l.args._party), evidence: l.args._evidence, block: l.blockNumber }] : [],
  );
  let appealCost: bigint | null = null;
  if (d.period === 4) {
    try {
      appealCost = await readContract(ctx.client, { address: ctx.court, abi: mediatorCourtAbi, functionName: "appealCost", args: [disputeId], ...at });
    } catch {
      appealCost = null;
    }
  }
  return {
    ...summary,
    criteria: (() => {
      const opened = all.find((l) => l.eventName === "DisputeOpened");
      return opened?.eventName === "DisputeOpened" ? opened.args.context.criteria.map((q) => ({ ...q })) : [];
    })(),
    feeToken: await tokenInfo(ctx.client, getAddress(feeTokenAddress)),
    stakeToken: await tokenInfo(ctx.client, getAddress(stakeTokenAddress)),
    params: { feePerMediator: p.feePerMediator, minStake: p.minStake, alphaBps: p.alphaBps, firstRoundMediators: p.firstRoundMediators, maxRounds: p.maxRounds },
    rounds,
    evidence,
    ruling: summary.period === 5 ? BigInt(summary.shareBps) + 1n : null,
    appealCost,
  };
}

export const ZERO_ADDRESS = zeroAddress;
