// `audit dispute <disputeId>`: a court dispute with its parties, language and topic, questions, parameters, every
// round (the random word, who was drawn to which seat, commits, reveals with their answers, the round's ruling and
// consensus, appeal funding), the final ruling and its delivery, and the execution (penalties and rewards).
import { Contract, getAddress, type EventFragment, type Result } from "ethers";
import type { Question } from "../terms.ts";
import {
  AuditInputError,
  PERIOD,
  abiOf,
  enumName,
  languageText,
  money,
  percent,
  readEvents,
  short,
  tokenInfo,
  topicOf,
  topicText,
  uintTopic,
  view,
  when,
  type AuditContext,
  type AuditEvent,
  type LogSource,
  type TokenInfo,
} from "./common.ts";
import { rulingText } from "./deal.ts";

export interface SeatReport {
  voteId: number;
  mediator: string;
  committed: boolean;
  commitment: string | null;
  revealed: boolean;
  /** The answers revealed (one option per question), null until revealed. */
  answers: number[] | null;
  /** Once the round is executed: coherence (bps), stake lost, fee and stake rewards. */
  coherenceBps: number | null;
  penalty: bigint | null;
  feeReward: bigint | null;
  stakeReward: bigint | null;
}

export interface RoundReport {
  index: number;
  mediators: number;
  drawn: number;
  committed: number;
  revealed: number;
  penalized: number;
  rewarded: number;
  pool: { key: number; language: string; topic: string };
  lockPerVote: bigint;
  fees: bigint;
  penalties: bigint;
  coherenceSum: bigint;
  randomness: { requestId: bigint; requestedAt: bigint; expiresAt: bigint; word: bigint | null };
  seats: SeatReport[];
  /** Mediators drawn, with their seat counts. */
  jurors: { mediator: string; seats: number }[];
  ruled: null | { shareBps: number; consensus: number[][] };
  emptyPool: boolean;
  appeal: {
    cost: bigint | null;
    funded: { funder: string; amount: bigint }[];
    refunded: { funder: string; amount: bigint }[];
    /** What the funders still have in this round's appeal (not turned into the next round's fees, not refunded). */
    held: bigint;
  };
  executed: boolean;
  /** What the court still holds for this round: fees and lost stake not yet paid out. */
  held: { fees: bigint; penalties: bigint };
}

export interface DisputeReport {
  kind: "dispute";
  chainId: bigint;
  blockNumber: number;
  blockTime: bigint;
  court: string;
  disputeId: bigint;
  arbitrable: string;
  arbitrableKind: "escrow" | "holdback vault" | "other";
  dealId: string;
  /** The disputed milestone, or null for a breach claim. */
  milestone: number | null;
  brand: string;
  influencer: string;
  language: string;
  topic: string;
  briefHash: string;
  criteria: Question[];
  params: Record<string, bigint>;
  feeToken: TokenInfo;
  stakeToken: TokenInfo;
  period: string;
  round: number;
  deadline: bigint;
  shareBps: number;
  /** The ruling handed to the arbitrable (share + 1), once final. */
  ruling: bigint | null;
  rulingText: string | null;
  rulingDelivered: boolean;
  appealCost: bigint | null;
  rounds: RoundReport[];
  evidence: { party: string; evidence: string; block: number }[];
  /** Totals over the executed rounds. */
  rewards: { fees: bigint; stake: bigint; penalties: bigint; creditedToParties: boolean };
  /** What the court holds for this dispute: unpaid round fees and lost stake, and appeal funds not yet used. */
  held: { fees: bigint; penalties: bigint; appealFunds: bigint; total: bigint };
  history: (AuditEvent & { text: string })[];
}

/** The court's events that carry the dispute id as their first indexed argument. */
const DISPUTE_EVENTS = new Set([
  "DisputeOpened",
  "DisputeCreation",
  "RandomnessRequested",
  "Drawn",
  "NewPeriod",
  "Committed",
  "Revealed",
  "Evidence",
  "RoundRuled",
  "AppealFunded",
  "AppealDecision",
  "AppealRefunded",
  "RulingDeliveryFailed",
  "EmptyPool",
  "Penalized",
  "Rewarded",
]);

/** What the court still holds of a round (DealEscrow-style cumulative rounding: see MediatorCourt._reward). */
export function roundHeld(round: {
  drawn: bigint;
  penalized: bigint;
  rewarded: bigint;
  fees: bigint;
  penalties: bigint;
  coherenceSum: bigint;
  rewardedCoherence: bigint;
}): { fees: bigint; penalties: bigint } {
  const executed = round.drawn > 0n && round.penalized >= round.drawn && round.rewarded >= round.drawn;
  if (executed) return { fees: 0n, penalties: 0n };
  if (round.coherenceSum === 0n || round.penalized < round.drawn) return { fees: round.fees, penalties: round.penalties };
  return {
    fees: round.fees - (round.fees * round.rewardedCoherence) / round.coherenceSum,
    penalties: round.penalties - (round.penalties * round.rewardedCoherence) / round.coherenceSum,
  };
}

/** Per question, the consensus options (8 bits per question, one per option). */
export function decodeConsensus(consensus: bigint, questions: number): number[][] {
  const out: number[][] = [];
  for (let q = 0; q < questions; q++) {
    const mask = Number((consensus >> BigInt(8 * q)) & 0xffn);
    const options: number[] = [];
    for (let o = 0; o < 8; o++) if ((mask >> o) & 1) options.push(o);
    out.push(options);
  }
  return out;
}

/** Reads what the court holds for a dispute (used by the solvency check). */
export async function disputeHeld(ctx: AuditContext, disputeId: bigint): Promise<{ fees: bigint; penalties: bigint; appealFunds: bigint }> {
  const court = ctx.court!;
  const d = await view(ctx, court, "getDispute", disputeId);
  let fees = 0n;
  let penalties = 0n;
  for (let r = 0n; r <= (d.round as bigint); r++) {
    const held = roundHeld(roundWords(await view(ctx, court, "getRound", disputeId, r)));
    fees += held.fees;
    penalties += held.penalties;
  }
  // Only the current round's appeal funds are still the funders': earlier rounds' became the next round's fees.
  let appealFunds = 0n;
  for (const funder of [d.brand as string, d.influencer as string]) {
    appealFunds += await view<bigint>(ctx, court, "appealFunds", disputeId, d.round as bigint, funder);
  }
  return { fees, penalties, appealFunds };
}

function roundWords(r: Result) {
  return {
    drawn: r.drawn as bigint,
    penalized: r.penalized as bigint,
    rewarded: r.rewarded as bigint,
    fees: r.fees as bigint,
    penalties: r.penalties as bigint,
    coherenceSum: r.coherenceSum as bigint,
    rewardedCoherence: r.rewardedCoherence as bigint,
  };
}

/** Reads a court dispute. Throws AuditInputError for an unknown dispute. */
export async function auditDispute(ctx: AuditContext, disputeId: bigint): Promise<DisputeReport> {
  const court = ctx.court;
  if (!court) throw new AuditInputError("no court address known");
  const courtAddress = await court.getAddress();
  const count = await view<bigint>(ctx, court, "disputeCount");
  if (disputeId >= count) {
    throw new AuditInputError(`unknown dispute ${disputeId}: the court ${courtAddress} has ${count === 0n ? "no dispute" : `${count} dispute(s) (ids 0..${count - 1n})`}`);
  }
  const d = await view(ctx, court, "getDispute", disputeId);
  const params = await view(ctx, court, "getDisputeParams", disputeId);
  const feeToken = await tokenInfo(ctx, await view<string>(ctx, court, "feeToken"));
  const stakeToken = await tokenInfo(ctx, await view<string>(ctx, court, "stakeToken"));
  const source: LogSource = { source: "court", address: courtAddress, iface: court.interface };
  const topic = uintTopic(disputeId);
  // Events whose first topic is the dispute id (others, such as OwnershipTransferred from the zero address, could
  // share that topic for dispute 0).
  const keyed = court.interface.fragments.filter((x) => x.type === "event").map((x) => (x as EventFragment).name).filter((name) => DISPUTE_EVENTS.has(name));
  const events = await readEvents(ctx, [source], [keyed.map((name) => topicOf(court.interface, name)), topic]);
  const rulings = await readEvents(ctx, [source], [topicOf(court.interface, "Ruling"), null, topic]);
  const all = [...events, ...rulings.filter((e) => !events.some((x) => x.block === e.block && x.logIndex === e.logIndex))].sort(
    (a, b) => a.block - b.block || a.logIndex - b.logIndex,
  );
  const opened = all.find((e) => e.name === "DisputeOpened");
  const context = (opened?.args.context ?? {}) as { dealId?: string; milestone?: bigint; briefHash?: string; criteria?: Question[] };
  const arbitrable = getAddress(d.arbitrable as string);
  const vaultAddress = await ctx.vault.getAddress();
  const arbitrableKind = arbitrable === ctx.addresses.escrow ? "escrow" : arbitrable === vaultAddress ? "holdback vault" : "other";
  const questionCount = Number(d.questionCount);

  let randomness: Contract | undefined;
  if (ctx.addresses.randomness) randomness = new Contract(ctx.addresses.randomness, abiOf("ChainlinkRandomness.sol"), ctx.provider);

  const rounds: RoundReport[] = [];
  const lastRound = Number(d.round);
  for (let r = 0; r <= lastRound; r++) {
    const w = await view(ctx, court, "getRound", disputeId, r);
    const inRound = (e: AuditEvent): boolean => Number(e.args.round) === r;
    const seats: SeatReport[] = [];
    const commits = new Map<string, string>();
    for (const e of all.filter((x) => x.name === "Committed" && inRound(x))) commits.set(e.args.mediator as string, e.args.commitment as string);
    const reveals = new Map<string, number[]>();
    for (const e of all.filter((x) => x.name === "Revealed" && inRound(x))) {
      reveals.set(e.args.mediator as string, (e.args.answers as bigint[]).map(Number));
    }
    const penalized = new Map<number, AuditEvent>();
    for (const e of all.filter((x) => x.name === "Penalized" && inRound(x))) penalized.set(Number(e.args.voteId), e);
    const rewarded = new Map<number, AuditEvent>();
    for (const e of all.filter((x) => x.name === "Rewarded" && inRound(x))) rewarded.set(Number(e.args.voteId), e);
    for (let i = 0; i < Number(w.drawn); i++) {
      const v = await view(ctx, court, "getVote", disputeId, r, i);
      const mediator = getAddress(v.mediator as string);
      const p = penalized.get(i);
      const rw = rewarded.get(i);
      seats.push({
        voteId: i,
        mediator,
        committed: commits.has(mediator),
        commitment: commits.get(mediator) ?? null,
        revealed: v.revealed as boolean,
        answers: (v.revealed as boolean) ? (reveals.get(mediator) ?? null) : null,
        coherenceBps: p ? Number(p.args.coherenceBps) : null,
        penalty: p ? (p.args.penalty as bigint) : null,
        feeReward: rw ? (rw.args.fee as bigint) : p ? 0n : null,
        stakeReward: rw ? (rw.args.stakeReward as bigint) : p ? 0n : null,
      });
    }
    const jurors = new Map<string, number>();
    for (const s of seats) jurors.set(s.mediator, (jurors.get(s.mediator) ?? 0) + 1);
    const ruledEvent = all.find((e) => e.name === "RoundRuled" && inRound(e));
    const emptyPool = all.some((e) => e.name === "EmptyPool" && inRound(e));
    const funded = all.filter((e) => e.name === "AppealFunded" && inRound(e)).map((e) => ({ funder: e.args.funder as string, amount: e.args.amount as bigint }));
    const refunded = all.filter((e) => e.name === "AppealRefunded" && inRound(e)).map((e) => ({ funder: e.args.funder as string, amount: e.args.amount as bigint }));
    let appealHeld = 0n;
    if (r === lastRound) {
      for (const funder of [d.brand as string, d.influencer as string]) appealHeld += await view<bigint>(ctx, court, "appealFunds", disputeId, r, funder);
    }
    const requestId = w.randomnessRequestId as bigint;
    let word: bigint | null = null;
    if (randomness && requestId !== 0n) {
      try {
        word = await view<bigint>(ctx, randomness, "randomWord", requestId);
      } catch {
        word = null;
      }
    }
    const key = Number(w.poolKey);
    const words = roundWords(w);
    rounds.push({
      index: r,
      mediators: Number(w.mediators),
      drawn: Number(w.drawn),
      committed: Number(w.committed),
      revealed: Number(w.revealed),
      penalized: Number(w.penalized),
      rewarded: Number(w.rewarded),
      pool: {
        key,
        language: key === 0 ? "-" : languageText(`0x${(key >> 8).toString(16).padStart(4, "0")}`),
        topic: key === 0 ? "-" : topicText(key & 0xff),
      },
      lockPerVote: w.lockPerVote as bigint,
      fees: w.fees as bigint,
      penalties: w.penalties as bigint,
      coherenceSum: w.coherenceSum as bigint,
      randomness: { requestId, requestedAt: w.randomnessRequestedAt as bigint, expiresAt: w.randomnessExpiresAt as bigint, word },
      seats,
      jurors: [...jurors].map(([mediator, n]) => ({ mediator, seats: n })),
      ruled: ruledEvent
        ? { shareBps: Number(ruledEvent.args.shareBps), consensus: decodeConsensus(ruledEvent.args.consensus as bigint, questionCount) }
        : null,
      emptyPool,
      appeal: {
        cost: (w.mediators as bigint) > 0n ? ((w.mediators as bigint) * 2n + 1n) * (params.feePerMediator as bigint) : null,
        funded,
        refunded,
        held: appealHeld,
      },
      executed: words.drawn > 0n && words.penalized >= words.drawn && words.rewarded >= words.drawn,
      held: roundHeld(words),
    });
  }

  const period = enumName(PERIOD, d.period as bigint);
  const final = period === "Execution";
  const shareBps = Number(d.shareBps);
  const rewards = { fees: 0n, stake: 0n, penalties: 0n, creditedToParties: false };
  for (const round of rounds) {
    for (const s of round.seats) {
      rewards.fees += s.feeReward ?? 0n;
      rewards.stake += s.stakeReward ?? 0n;
      rewards.penalties += s.penalty ?? 0n;
    }
    if (round.executed && round.coherenceSum === 0n) rewards.creditedToParties = true;
  }
  const held = {
    fees: rounds.reduce((s, x) => s + x.held.fees, 0n),
    penalties: rounds.reduce((s, x) => s + x.held.penalties, 0n),
    appealFunds: rounds.reduce((s, x) => s + x.appeal.held, 0n),
    total: 0n,
  };
  held.total = held.fees + held.penalties + held.appealFunds;

  let milestone: number | null = context.milestone === undefined ? null : Number(context.milestone);
  if (arbitrableKind === "holdback vault" || milestone === 255) milestone = null;
  const report: DisputeReport = {
    kind: "dispute",
    chainId: ctx.chainId,
    blockNumber: ctx.blockNumber,
    blockTime: ctx.blockTime,
    court: courtAddress,
    disputeId,
    arbitrable,
    arbitrableKind,
    dealId: context.dealId ?? "",
    milestone,
    brand: getAddress(d.brand as string),
    influencer: getAddress(d.influencer as string),
    language: languageText(d.language as string),
    topic: topicText(d.topic as bigint),
    briefHash: context.briefHash ?? "",
    criteria: context.criteria ?? [],
    params: Object.fromEntries(Object.entries(params.toObject()).map(([k, v]) => [k, BigInt(v as bigint)])),
    feeToken,
    stakeToken,
    period,
    round: lastRound,
    deadline: d.deadline as bigint,
    shareBps,
    ruling: final ? BigInt(shareBps) + 1n : null,
    rulingText: final ? rulingText(BigInt(shareBps) + 1n, arbitrableKind === "holdback vault") : null,
    rulingDelivered: d.rulingDelivered as boolean,
    appealCost: period === "Appeal" ? await view<bigint>(ctx, court, "appealCost", disputeId) : null,
    rounds,
    evidence: all.filter((e) => e.name === "Evidence").map((e) => ({ party: e.args._party as string, evidence: e.args._evidence as string, block: e.block })),
    rewards,
    held,
    history: [],
  };
  report.history = all.map((e) => ({ ...e, text: describeCourtEvent(e, feeToken) }));
  return report;
}

const n = (v: unknown): bigint => BigInt(v as bigint);

/** One line in words for a court event. */
export function describeCourtEvent(e: AuditEvent, token: TokenInfo): string {
  const a = e.args;
  const $ = (v: unknown): string => money(n(v), token);
  switch (e.name) {
    case "DisputeOpened":
      return `opened by ${a.arbitrable}`;
    case "DisputeCreation":
      return `created by ${a._arbitrable}`;
    case "RandomnessRequested":
      return `round ${n(a.round)}: random word requested (request ${n(a.requestId)})`;
    case "Drawn":
      return `round ${n(a.round)}: seat ${n(a.voteId)} drawn: ${a.mediator}`;
    case "NewPeriod":
      return `round ${n(a.round)}: ${enumName(PERIOD, n(a.period))}${n(a.deadline) === 0n ? "" : ` until ${when(n(a.deadline))}`}`;
    case "Committed":
      return `round ${n(a.round)}: ${a.mediator} committed ${a.commitment}`;
    case "Revealed":
      return `round ${n(a.round)}: ${a.mediator} revealed [${(a.answers as bigint[]).join(", ")}]`;
    case "RoundRuled":
      return `round ${n(a.round)}: ruled ${percent(n(a.shareBps))} to the influencer`;
    case "AppealFunded":
      return `round ${n(a.round)}: appeal funded ${$(a.amount)} by ${a.funder}`;
    case "AppealDecision":
      return `appealed: round ${n(a.newRound)} with ${n(a.mediators)} mediators`;
    case "AppealRefunded":
      return `round ${n(a.round)}: appeal funding ${$(a.amount)} credited back to ${a.funder}`;
    case "EmptyPool":
      return `round ${n(a.round)}: no eligible mediator (empty-pool rule)`;
    case "Ruling":
      return `final ruling ${n(a._ruling)} delivered to ${a._arbitrable}`;
    case "RulingDeliveryFailed":
      return "delivering the ruling failed (deliverRuling retries)";
    case "Penalized":
      return `round ${n(a.round)}: seat ${n(a.voteId)} (${short(a.mediator as string)}) coherence ${percent(n(a.coherenceBps))}, lost ${$(a.penalty)} stake`;
    case "Rewarded":
      return `round ${n(a.round)}: seat ${n(a.voteId)} (${short(a.mediator as string)}) rewarded ${$(a.fee)} fees + ${$(a.stakeReward)} stake`;
    case "Evidence":
      return `evidence from ${a._party}: ${a._evidence}`;
    default:
      return e.name;
  }
}

export function renderDispute(r: DisputeReport): string {
  const fee = (v: bigint): string => money(v, r.feeToken);
  const stake = (v: bigint): string => money(v, r.stakeToken);
  const lines: string[] = [];
  lines.push(`Dispute ${r.disputeId} at court ${r.court}`);
  lines.push(`  chain ${r.chainId}, read at block ${r.blockNumber} (${when(r.blockTime)})`);
  lines.push(`  arbitrable ${r.arbitrable} (${r.arbitrableKind}), deal ${r.dealId}, ${r.milestone === null ? "breach claim" : `milestone ${r.milestone}`}`);
  lines.push(`  parties    brand ${r.brand}, influencer ${r.influencer}`);
  lines.push(`  pool       language ${r.language}, topic ${r.topic}; brief ${r.briefHash}`);
  lines.push(`  questions  ${r.criteria.map((q, i) => `Q${i + 1}: ${q.optionCount} options, compliant mask ${q.compliantMask}, weight ${q.weight}`).join("; ")}`);
  const p = r.params;
  lines.push(`  params     fee ${fee(p.feePerMediator ?? 0n)}/mediator, min stake ${stake(p.minStake ?? 0n)}, alpha ${percent(p.alphaBps ?? 0n)}, ` +
    `${p.firstRoundMediators} first-round mediators, ${p.maxRounds} rounds max`);
  lines.push("");
  lines.push(`Period: ${r.period} (round ${r.round})${r.deadline > 0n ? ` until ${when(r.deadline)}` : ""}; current ruling ${percent(r.shareBps)} to the influencer`);
  if (r.ruling !== null) lines.push(`Final ruling: ${r.ruling} (${r.rulingText}), ${r.rulingDelivered ? "delivered" : "NOT delivered"}`);
  if (r.appealCost !== null) lines.push(`Appeal cost now: ${fee(r.appealCost)}`);
  for (const round of r.rounds) {
    lines.push("");
    lines.push(`Round ${round.index}: ${round.mediators} seats, ${round.drawn} drawn from ${round.pool.language}/${round.pool.topic}, ` +
      `${round.committed} committed, ${round.revealed} revealed; fees ${fee(round.fees)}, lock ${stake(round.lockPerVote)}/seat`);
    lines.push(`  random word: request ${round.randomness.requestId}, ${round.randomness.word ? `word ${round.randomness.word}` : "no word"}`);
    if (round.emptyPool) lines.push("  empty pool: the written empty-pool rule applied");
    for (const s of round.seats) {
      let line = `  seat ${s.voteId}: ${s.mediator} ${s.committed ? "committed" : "did not commit"}, ` +
        `${s.revealed ? `revealed [${(s.answers ?? []).join(", ")}]` : "not revealed"}`;
      if (s.coherenceBps !== null) line += `; coherence ${percent(s.coherenceBps)}, lost ${stake(s.penalty ?? 0n)}, rewarded ${fee(s.feeReward ?? 0n)} + ${stake(s.stakeReward ?? 0n)} stake`;
      lines.push(line);
    }
    if (round.ruled) {
      lines.push(`  ruled ${percent(round.ruled.shareBps)} to the influencer; consensus ${round.ruled.consensus.map((o, i) => `Q${i + 1}=${o.join("|")}`).join(" ")}`);
    }
    if (round.appeal.funded.length > 0) {
      lines.push(`  appeal: ${round.appeal.funded.map((f) => `${fee(f.amount)} by ${f.funder}`).join(", ")}` +
        (round.appeal.refunded.length > 0 ? `; refunded ${round.appeal.refunded.map((f) => `${fee(f.amount)} to ${f.funder}`).join(", ")}` : ""));
    }
    lines.push(`  execution: ${round.executed ? "done" : `${round.penalized}/${round.drawn} penalized, ${round.rewarded}/${round.drawn} rewarded`}` +
      `; still held ${fee(round.held.fees)} fees, ${stake(round.held.penalties)} lost stake`);
  }
  lines.push("");
  lines.push(`Rewards paid: ${fee(r.rewards.fees)} fees, ${stake(r.rewards.stake)} stake; penalties ${stake(r.rewards.penalties)}` +
    (r.rewards.creditedToParties ? "; a round without coherent vote was credited to the parties in halves" : ""));
  lines.push(`Held by the court for this dispute: ${fee(r.held.total)} (fees ${fee(r.held.fees)}, lost stake ${stake(r.held.penalties)}, appeal funds ${fee(r.held.appealFunds)})`);
  if (r.evidence.length > 0) {
    lines.push("");
    lines.push("Evidence:");
    for (const e of r.evidence) lines.push(`  #${e.block} ${e.party}: ${e.evidence}`);
  }
  lines.push("");
  lines.push(`History (${r.history.length} events):`);
  for (const e of r.history) lines.push(`  ${when(e.timestamp)}  #${e.block}  ${e.name.padEnd(20)} ${e.text}`);
  return lines.join("\n");
}
