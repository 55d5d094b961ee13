// `audit deal <dealId>`: a deal with its full history (every event about it at the escrow, the exclusivity
// registry, the holdback vault, the rights certificate, the reputation contract and, for its disputes, the court's
// main steps), its current state and credits, and its share of what the escrow and the vault hold.
import { getAddress, type Result } from "ethers";
import type { DealTerms, Question } from "../terms.ts";
import {
  AuditInputError,
  DEAL_STATUS,
  EXCLUSIVITY_STATUS,
  HOLDBACK_STATUS,
  MILESTONE_STATUS,
  PARTY,
  enumName,
  languageText,
  money,
  percent,
  readEvents,
  sortEvents,
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

export interface MilestoneReport {
  index: number;
  amount: bigint;
  deliverBy: bigint;
  status: string;
  revisions: number;
  /** Delivery deadline while AwaitingDelivery, review deadline while InReview. */
  deadline: bigint;
  delivered: boolean;
  contentDigest: string;
  /** While a proposal is open: its proposer and share; once final: the influencer's final share. */
  settlementProposer: string;
  shareBps: number;
  arbitration: {
    brandFee: bigint;
    influencerFee: bigint;
    feeDeadline: bigint;
    waitingFor: string;
    created: boolean;
    disputeId: bigint | null;
  };
  /** What the escrow still holds for this milestone: its amount while open, plus arbitration fees held. */
  heldAmount: bigint;
  heldFees: bigint;
}

/** What the escrow holds for one deal (the sum is the deal's share of the escrow's obligations). */
export interface EscrowShare {
  /** Unclaimed credits of the brand and the influencer. */
  brandCredit: bigint;
  influencerCredit: bigint;
  /** Amounts of the milestones not yet final (all of them while offered). */
  openMilestones: bigint;
  /** The rights price, held until the deal closes. */
  rightsHeld: bigint;
  /** Arbitration fees held: both deposits while fees are pending, one cost while at the arbitrator. */
  arbitrationFees: bigint;
  total: bigint;
}

/** What the vault holds for one deal. */
export interface VaultShare {
  held: bigint;
  brandCredit: bigint;
  influencerCredit: bigint;
  total: bigint;
}

export interface DealReport {
  kind: "deal";
  chainId: bigint;
  blockNumber: number;
  blockTime: bigint;
  escrow: string;
  dealId: string;
  brand: string;
  influencer: string;
  token: TokenInfo;
  /** The terms and criteria emitted in DealCreated, and the total escrowed. */
  terms: DealTerms;
  criteria: Question[];
  total: bigint;
  createdAt: bigint;
  createdBlock: number;
  state: {
    status: string;
    openMilestones: number;
    brandCredit: bigint;
    influencerCredit: bigint;
    closedAt: bigint;
    completed: boolean;
    rightsBought: boolean;
  };
  milestones: MilestoneReport[];
  escrowShare: EscrowShare;
  exclusivity: null | {
    registry: string;
    status: string;
    brand: string;
    topic: string;
    from: bigint;
    until: bigint;
    inForce: boolean;
    endOf: bigint;
  };
  holdback: null | {
    vault: string;
    status: string;
    held: bigint;
    brandCredit: bigint;
    influencerCredit: bigint;
    influencerShareBps: number;
    breachClaim: { filed: boolean; disputeId: bigint | null };
    share: VaultShare;
  };
  certificate: null | { contract: string; minted: boolean; holder: string | null; valid: boolean | null };
  reputation: null | { contract: string; recorded: boolean; brandScore: number; influencerScore: number };
  /** Court disputes of the deal (its milestones' and its breach claim's). */
  disputes: { disputeId: bigint; milestone: number | null; breachClaim: boolean }[];
  history: (AuditEvent & { text: string })[];
}

/** The fields of the escrow's `DealState`, `MilestoneState` and `Arbitration` the shares need. */
export interface DealWords {
  status: number;
  brandCredit: bigint;
  influencerCredit: bigint;
  milestones: { amount: bigint; status: number; brandFee: bigint; influencerFee: bigint }[];
  rightsPrice: bigint;
}

const OPEN_MILESTONE = new Set([1, 2, 3, 4]); // AwaitingDelivery, InReview, FeesPending, InArbitration

/** The arbitration fees the escrow holds for a milestone (see DealEscrow._recordFee / _createDispute / rule). */
export function heldFees(status: number, brandFee: bigint, influencerFee: bigint): bigint {
  if (status === 3) return brandFee + influencerFee; // FeesPending: every deposit paid so far
  if (status === 4) return brandFee; // InArbitration: one cost (the other went to the arbitrator)
  return 0n; // final: deposits were credited back or shared
}

/** A deal's share of the escrow's obligations, from its state words. */
export function escrowShareOf(words: DealWords): EscrowShare {
  const offered = words.status === 1;
  const active = words.status === 4;
  let openMilestones = 0n;
  let arbitrationFees = 0n;
  for (const m of words.milestones) {
    if (offered || (active && OPEN_MILESTONE.has(m.status))) openMilestones += m.amount;
    if (active) arbitrationFees += heldFees(m.status, m.brandFee, m.influencerFee);
  }
  const rightsHeld = offered || active ? words.rightsPrice : 0n;
  return {
    brandCredit: words.brandCredit,
    influencerCredit: words.influencerCredit,
    openMilestones,
    rightsHeld,
    arbitrationFees,
    total: words.brandCredit + words.influencerCredit + openMilestones + rightsHeld + arbitrationFees,
  };
}

/** The DealCreated event of a deal: its terms and criteria (undefined when the deal was never created). */
export async function findDealCreated(ctx: AuditContext, dealId: string): Promise<AuditEvent | undefined> {
  const events = await readEvents(
    ctx,
    [{ source: "escrow", address: ctx.addresses.escrow, iface: ctx.escrow.interface }],
    [topicOf(ctx.escrow.interface, "DealCreated"), dealId],
  );
  return events[0];
}

/** Reads the escrow's words of a deal. */
export async function readDealWords(ctx: AuditContext, dealId: string, terms: DealTerms): Promise<{
  deal: Result;
  milestones: Result[];
  arbitrations: Result[];
  words: DealWords;
}> {
  const deal = await view(ctx, ctx.escrow, "getDeal", dealId);
  const milestones: Result[] = [];
  const arbitrations: Result[] = [];
  for (let i = 0; i < terms.milestones.length; i++) {
    milestones.push(await view(ctx, ctx.escrow, "getMilestone", dealId, i));
    arbitrations.push(await view(ctx, ctx.escrow, "getArbitration", dealId, i));
  }
  return {
    deal,
    milestones,
    arbitrations,
    words: {
      status: Number(deal.status),
      brandCredit: deal.brandCredit as bigint,
      influencerCredit: deal.influencerCredit as bigint,
      rightsPrice: BigInt(terms.rightsPrice),
      milestones: terms.milestones.map((m, i) => ({
        amount: BigInt(m.amount),
        status: Number(milestones[i]!.status),
        brandFee: arbitrations[i]!.brandFee as bigint,
        influencerFee: arbitrations[i]!.influencerFee as bigint,
      })),
    },
  };
}

/** What the vault holds for a deal. */
export async function readVaultShare(ctx: AuditContext, dealId: string): Promise<{ holdback: Result; share: VaultShare }> {
  const holdback = await view(ctx, ctx.vault, "getHoldback", dealId);
  const influencerCredit = await view<bigint>(ctx, ctx.vault, "influencerCredit", dealId);
  const held = holdback.held as bigint;
  const brandCredit = holdback.brandCredit as bigint;
  return { holdback, share: { held, brandCredit, influencerCredit, total: held + brandCredit + influencerCredit } };
}

/** Reads a deal, its history and its current state. Throws AuditInputError for an unknown deal. */
export async function auditDeal(ctx: AuditContext, dealId: string): Promise<DealReport> {
  const id = dealId.toLowerCase();
  const state = await view(ctx, ctx.escrow, "getDeal", id);
  if (Number(state.status) === 0) throw new AuditInputError(`unknown deal ${id}: the escrow ${ctx.addresses.escrow} has no such deal`);
  const created = await findDealCreated(ctx, id);
  if (!created) {
    throw new AuditInputError(`deal ${id} exists but its DealCreated event is not in blocks ${ctx.fromBlock}..${ctx.blockNumber} (lower --from-block)`);
  }
  const terms = created.args.terms as DealTerms;
  const criteria = created.args.criteria as Question[];
  const token = await tokenInfo(ctx, terms.token);
  const { deal, milestones, arbitrations, words } = await readDealWords(ctx, id, terms);

  // The history: every event keyed by the deal id at the escrow, registry, vault, certificate and reputation.
  const sources: LogSource[] = [
    { source: "escrow", address: ctx.addresses.escrow, iface: ctx.escrow.interface },
    { source: "registry", address: await ctx.registry.getAddress(), iface: ctx.registry.interface },
    { source: "vault", address: await ctx.vault.getAddress(), iface: ctx.vault.interface },
  ];
  if (ctx.certificate) sources.push({ source: "certificate", address: await ctx.certificate.getAddress(), iface: ctx.certificate.interface });
  if (ctx.reputation) sources.push({ source: "reputation", address: await ctx.reputation.getAddress(), iface: ctx.reputation.interface });
  const history = await readEvents(ctx, sources, [null, id]);
  if (ctx.certificate) {
    // Later transfers of the certificate (the token id is the deal id, the third topic of Transfer).
    const transfers = await readEvents(ctx, [sources.find((s) => s.source === "certificate")!], [topicOf(ctx.certificate.interface, "Transfer"), null, null, id]);
    history.push(...transfers.filter((e) => e.args.from !== "0x0000000000000000000000000000000000000000"));
  }

  // Its disputes: the milestones' (DisputeCreated) and the breach claim's (BreachClaimFiled).
  const disputes: DealReport["disputes"] = [];
  for (const e of history) {
    if (e.source === "escrow" && e.name === "DisputeCreated") {
      disputes.push({ disputeId: e.args.disputeId as bigint, milestone: Number(e.args.milestone), breachClaim: false });
    }
    if (e.source === "vault" && e.name === "BreachClaimFiled") {
      disputes.push({ disputeId: e.args.disputeId as bigint, milestone: null, breachClaim: true });
    }
  }
  for (const d of disputes) {
    const topic = uintTopic(d.disputeId);
    const arbitrable = d.breachClaim ? sources[2]! : sources[0]!;
    // The arbitrable's Ruling and DisputeRequest carry the dispute id as their second topic.
    history.push(...(await readEvents(ctx, [arbitrable], [[topicOf(arbitrable.iface, "Ruling"), topicOf(arbitrable.iface, "DisputeRequest")], null, topic])));
    if (ctx.court) {
      const court: LogSource = { source: "court", address: await ctx.court.getAddress(), iface: ctx.court.interface };
      const steps = ["DisputeOpened", "RoundRuled", "AppealFunded", "AppealDecision", "EmptyPool", "RulingDeliveryFailed", "Evidence"];
      history.push(...(await readEvents(ctx, [court], [steps.map((n) => topicOf(court.iface, n)), topic])));
      history.push(...(await readEvents(ctx, [court], [topicOf(court.iface, "Ruling"), null, topic])));
    }
  }
  const described = sortEvents(dedupe(history)).map((e) => ({ ...e, text: describeEvent(e, token) }));

  // Current state.
  const milestoneReports: MilestoneReport[] = terms.milestones.map((m, i) => {
    const ms = milestones[i]!;
    const a = arbitrations[i]!;
    const status = Number(ms.status);
    const open = words.status === 1 || (words.status === 4 && OPEN_MILESTONE.has(status));
    return {
      index: i,
      amount: BigInt(m.amount),
      deliverBy: BigInt(m.deliverBy),
      status: enumName(MILESTONE_STATUS, status),
      revisions: Number(ms.revisions),
      deadline: ms.deadline as bigint,
      delivered: ms.delivered as boolean,
      contentDigest: (ms.contentDigest as string).toLowerCase(),
      settlementProposer: enumName(PARTY, ms.settlementProposer as bigint),
      shareBps: Number(ms.settlementShareBps),
      arbitration: {
        brandFee: a.brandFee as bigint,
        influencerFee: a.influencerFee as bigint,
        feeDeadline: a.feeDeadline as bigint,
        waitingFor: enumName(PARTY, a.waitingFor as bigint),
        created: a.created as boolean,
        disputeId: (a.created as boolean) ? (a.disputeId as bigint) : null,
      },
      heldAmount: open ? BigInt(m.amount) : 0n,
      heldFees: words.status === 4 ? heldFees(status, a.brandFee as bigint, a.influencerFee as bigint) : 0n,
    };
  });

  let exclusivity: DealReport["exclusivity"] = null;
  if (BigInt(terms.exclusiveUntil) !== 0n) {
    const x = await view(ctx, ctx.registry, "getExclusivity", id);
    exclusivity = {
      registry: await ctx.registry.getAddress(),
      status: enumName(EXCLUSIVITY_STATUS, x.status as bigint),
      brand: getAddress(x.brand as string),
      topic: topicText(x.topic as bigint),
      from: x.from as bigint,
      until: x.until as bigint,
      inForce: await view<boolean>(ctx, ctx.registry, "isInForce", id),
      endOf: await view<bigint>(ctx, ctx.registry, "endOf", id),
    };
  }

  let holdback: DealReport["holdback"] = null;
  if (Number(terms.holdbackBps) !== 0) {
    const { holdback: h, share } = await readVaultShare(ctx, id);
    const claim = await view(ctx, ctx.vault, "breachClaimOf", id);
    holdback = {
      vault: await ctx.vault.getAddress(),
      status: enumName(HOLDBACK_STATUS, h.status as bigint),
      held: share.held,
      brandCredit: share.brandCredit,
      influencerCredit: share.influencerCredit,
      influencerShareBps: Number(h.influencerShareBps),
      breachClaim: { filed: claim[0] as boolean, disputeId: (claim[0] as boolean) ? (claim[1] as bigint) : null },
      share,
    };
  }

  let certificate: DealReport["certificate"] = null;
  if (ctx.certificate && terms.rightsHash !== `0x${"00".repeat(32)}`) {
    let holder: string | null = null;
    try {
      holder = getAddress(await view<string>(ctx, ctx.certificate, "ownerOf", BigInt(id)));
    } catch {
      holder = null;
    }
    certificate = {
      contract: await ctx.certificate.getAddress(),
      minted: holder !== null,
      holder,
      valid: holder === null ? null : await view<boolean>(ctx, ctx.certificate, "isValid", BigInt(id)),
    };
  }

  let reputation: DealReport["reputation"] = null;
  if (ctx.reputation) {
    const r = await view(ctx, ctx.reputation, "dealReputation", id);
    reputation = {
      contract: await ctx.reputation.getAddress(),
      recorded: r.recorded as boolean,
      brandScore: Number(r.brandScore),
      influencerScore: Number(r.influencerScore),
    };
  }

  return {
    kind: "deal",
    chainId: ctx.chainId,
    blockNumber: ctx.blockNumber,
    blockTime: ctx.blockTime,
    escrow: ctx.addresses.escrow,
    dealId: id,
    brand: getAddress(terms.brand),
    influencer: getAddress(terms.influencer),
    token,
    terms,
    criteria,
    total: created.args.total as bigint,
    createdAt: created.timestamp,
    createdBlock: created.block,
    state: {
      status: enumName(DEAL_STATUS, deal.status as bigint),
      openMilestones: Number(deal.openMilestones),
      brandCredit: deal.brandCredit as bigint,
      influencerCredit: deal.influencerCredit as bigint,
      closedAt: deal.closedAt as bigint,
      completed: deal.completed as boolean,
      rightsBought: await view<boolean>(ctx, ctx.escrow, "rightsBought", id),
    },
    milestones: milestoneReports,
    escrowShare: escrowShareOf(words),
    exclusivity,
    holdback,
    certificate,
    reputation,
    disputes,
    history: described,
  };
}

function dedupe(events: AuditEvent[]): AuditEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => {
    const key = `${e.block}:${e.logIndex}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/* ------------------------------------------------------------------------------------------------------------- */
/*                                                    WORDING                                                    */
/* ------------------------------------------------------------------------------------------------------------- */

const n = (v: unknown): bigint => BigInt(v as bigint);
const party = (v: unknown): string => enumName(PARTY, n(v)).toLowerCase();

/** One line in words for an event of a deal's history. */
export function describeEvent(e: AuditEvent, token: TokenInfo): string {
  const a = e.args;
  const $ = (v: unknown): string => money(n(v), token);
  const m = (): string => `milestone ${Number(a.milestone)}`;
  switch (`${e.source}.${e.name}`) {
    case "escrow.DealCreated": {
      const t = a.terms as DealTerms;
      const parts = [`${t.milestones.length} milestone(s) ${t.milestones.map((x) => $(x.amount)).join(" + ")}`];
      if (n(t.rightsPrice) > 0n) parts.push(`rights ${$(t.rightsPrice)}`);
      if (n(t.exclusiveUntil) > 0n) parts.push(`exclusivity on ${topicText(t.exclusiveTopic)} ${when(t.exclusiveFrom)} .. ${when(t.exclusiveUntil)}`);
      if (Number(t.holdbackBps) > 0) parts.push(`holdback ${percent(t.holdbackBps)}`);
      return `created by brand ${a.brand}: ${$(a.total)} escrowed (${parts.join(", ")}), fee ${percent(t.protocolFeeBps)}, ` +
        `${languageText(t.language)}/${topicText(t.topic)}, ${(a.criteria as unknown[]).length} question(s), accept by ${when(t.acceptBy)}`;
    }
    case "escrow.DealAccepted":
      return `accepted by influencer ${a.influencer}`;
    case "escrow.DealDeclined":
      return `declined by the influencer: ${$(a.refunded)} credited to the brand`;
    case "escrow.DealExpired":
      return `offer expired (reclaimed by ${a.caller}): ${$(a.refunded)} credited to the brand`;
    case "escrow.DeliverableSubmitted":
      return `${m()}: submission ${n(a.attempt)} ${a.contentHash} ${a.contentURI}, review until ${when(n(a.reviewDeadline))}`;
    case "escrow.RevisionRequested":
      return `${m()}: revision ${n(a.revisions)} requested (note ${a.noteHash}), resubmit by ${when(n(a.resubmitBy))}`;
    case "escrow.SettlementProposed":
      return `${m()}: ${party(a.proposer)} proposes ${percent(n(a.influencerShareBps))} to the influencer`;
    case "escrow.ArbitrationFeePaid":
      return `${m()}: ${party(a.payer)} paid ${$(a.amount)} arbitration fee (paid ${$(a.paidTotal)} of ${$(a.cost)})` +
        (n(a.waitingFor) === 0n ? "" : `, waiting for ${party(a.waitingFor)} until ${when(n(a.feeDeadline))}`);
    case "escrow.DisputeCreated":
      return `${m()}: dispute ${n(a.disputeId)} created at the court (cost ${$(a.arbitrationCost)})`;
    case "escrow.DisputeRequest":
      return `dispute ${n(a._arbitrableDisputeID)} requested from arbitrator ${a._arbitrator}`;
    case "escrow.ArbitrationFeeRefunded":
      return `${m()}: ${$(a.amount)} arbitration fee credited back to the ${party(a.party)}`;
    case "escrow.Ruling":
      return `ruling ${n(a._ruling)} of dispute ${n(a._disputeID)} received: ${rulingText(n(a._ruling), false)}`;
    case "escrow.MilestoneFinalized":
      return `${m()}: ${enumName(MILESTONE_STATUS, n(a.outcome))} at ${percent(n(a.influencerShareBps))} to the influencer: ` +
        `${$(a.toInfluencer)} to the influencer, ${$(a.toBrand)} to the brand, ${$(a.protocolFee)} protocol fee`;
    case "escrow.DealClosed":
      return "closed: every milestone is final";
    case "escrow.DealCompleted":
      return `completed at ${when(n(a.completedAt))}`;
    case "escrow.RightsSettled":
      return a.bought
        ? `rights bought: ${$(a.toInfluencer)} to the influencer, ${$(a.protocolFee)} protocol fee`
        : `rights not bought: ${$(a.toBrand)} back to the brand`;
    case "escrow.Claimed":
      return `${a.account} claimed ${$(a.amount)} to ${a.to}`;
    case "registry.ExclusivityReserved":
      return `exclusivity reserved on ${topicText(n(a.topic))} ${when(n(a.from))} .. ${when(n(a.until))}`;
    case "registry.ExclusivityActivated":
      return `exclusivity active on ${topicText(n(a.topic))} ${when(n(a.from))} .. ${when(n(a.until))}`;
    case "registry.ExclusivityEnded":
      return `exclusivity ended at ${when(n(a.endedAt))} (${a.wasActive ? "was active" : "never accepted"})`;
    case "registry.ExclusivityPruned":
      return "exclusivity dropped from the influencer's list";
    case "vault.HoldbackOpened":
      return "holdback opened";
    case "vault.HoldbackAdded":
      return n(a.held) === 0n && (n(a.toInfluencer) > 0n || n(a.toBrand) > 0n)
        ? `${$(a.amount)} held back, split at once: ${$(a.toInfluencer)} to the influencer, ${$(a.toBrand)} to the brand`
        : `${$(a.amount)} held back (${$(a.held)} held)`;
    case "vault.HoldbackReleased":
      return `holdback released to the influencer: ${$(a.amount)} (by ${a.caller})`;
    case "vault.BreachClaimFiled":
      return `breach claim filed by the brand: dispute ${n(a.disputeId)}, ${$(a.held)} held, cost ${$(a.cost)}, evidence ${a.evidence}`;
    case "vault.BreachClaimRuled":
      return `breach claim ruled: ${percent(n(a.influencerShareBps))} to the influencer, ${$(a.toInfluencer)} to the influencer, ${$(a.toBrand)} to the brand`;
    case "vault.HoldbackClaimed":
      return `${a.account} claimed ${$(a.amount)} of holdback to ${a.to}`;
    case "vault.Ruling":
      return `breach ruling ${n(a._ruling)} of dispute ${n(a._disputeID)} received: ${rulingText(n(a._ruling), true)}`;
    case "vault.DisputeRequest":
      return `breach dispute ${n(a._arbitrableDisputeID)} requested from arbitrator ${a._arbitrator}`;
    case "certificate.CertificateMinted":
      return `rights certificate minted to ${a.brand} by ${a.minter}, effective ${when(n(a.effectiveAt))}, ` +
        `${n(a.expiresAt) === 0n ? "perpetual" : `expires ${when(n(a.expiresAt))}`}`;
    case "certificate.Transfer":
      return `rights certificate transferred from ${a.from} to ${a.to}`;
    case "reputation.DealRecorded":
      return `recorded in reputation by ${a.recorder}: ${a.completed ? "completed" : "not completed"}, ` +
        `${n(a.onTimeDeliveries)}/${n(a.milestones)} on time, disputes won by influencer ${n(a.influencerWins)}, by brand ${n(a.brandWins)}, drawn ${n(a.draws)}`;
    case "reputation.Rated":
      return `${a.rater} rated ${a.rated} ${Number(a.score)}/5`;
    case "court.DisputeOpened":
      return `court: dispute ${n(a.disputeId)} opened`;
    case "court.RoundRuled":
      return `court: dispute ${n(a.disputeId)} round ${n(a.round)} ruled ${percent(n(a.shareBps))} to the influencer`;
    case "court.AppealFunded":
      return `court: dispute ${n(a.disputeId)} appeal of round ${n(a.round)} funded ${$(a.amount)} by ${a.funder}`;
    case "court.AppealDecision":
      return `court: dispute ${n(a.disputeId)} appealed: round ${n(a.newRound)} with ${n(a.mediators)} mediators`;
    case "court.EmptyPool":
      return `court: dispute ${n(a.disputeId)} round ${n(a.round)} found no eligible mediator (empty-pool rule)`;
    case "court.Ruling":
      return `court: final ruling ${n(a._ruling)} of dispute ${n(a._disputeID)}`;
    case "court.RulingDeliveryFailed":
      return `court: delivering the ruling of dispute ${n(a.disputeId)} failed (deliverRuling retries)`;
    case "court.Evidence":
      return `court: evidence from ${a._party}: ${a._evidence}`;
    default:
      return `${e.name}(${Object.entries(a).map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x)) : String(v)}`).join(", ")})`;
  }
}

/** A ruling value in words: r >= 1 gives the influencer r - 1 bps; 0 is half (escrow) or all (breach claim). */
export function rulingText(ruling: bigint, breach: boolean): string {
  if (ruling === 0n) return breach ? "refused to rule: the holdback stays the influencer's" : "refused to rule: split in half";
  return `${percent(ruling - 1n)} to the influencer`;
}

/* ------------------------------------------------------------------------------------------------------------- */
/*                                                 HUMAN OUTPUT                                                  */
/* ------------------------------------------------------------------------------------------------------------- */

export function renderDeal(r: DealReport): string {
  const $ = (v: bigint): string => money(v, r.token);
  const lines: string[] = [];
  lines.push(`Deal ${r.dealId}`);
  lines.push(`  escrow ${r.escrow}, chain ${r.chainId}, read at block ${r.blockNumber} (${when(r.blockTime)})`);
  lines.push(`  brand      ${r.brand}`);
  lines.push(`  influencer ${r.influencer}`);
  lines.push(`  token      ${r.token.address} (${r.token.symbol || "?"}, ${r.token.decimals} decimals)`);
  lines.push(`  created    block ${r.createdBlock} (${when(r.createdAt)}), ${$(r.total)} escrowed`);
  const t = r.terms;
  lines.push(`  terms      fee ${percent(t.protocolFeeBps)}, ${languageText(t.language)}/${topicText(t.topic)}, max ${t.maxRevisions} revision(s), ` +
    `review ${Number(t.reviewPeriod) / 86_400} d, revision ${Number(t.revisionPeriod) / 86_400} d, fee timeout ${Number(t.feeTimeout) / 86_400} d, accept by ${when(t.acceptBy)}`);
  lines.push(`             brief ${t.briefHash}, ${r.criteria.length} question(s)` +
    (BigInt(t.rightsPrice) > 0n || t.rightsHash !== `0x${"00".repeat(32)}` ? `, rights ${$(BigInt(t.rightsPrice))} (${t.rightsHash})` : ""));
  lines.push("");
  lines.push(`Status: ${r.state.status}${r.state.status === "Closed" ? ` at ${when(r.state.closedAt)}, ${r.state.completed ? "completed" : "not completed"}` : ""}` +
    `${r.state.rightsBought ? ", rights bought" : ""}; ${r.state.openMilestones} open milestone(s)`);
  lines.push(`Credits: brand ${$(r.state.brandCredit)}, influencer ${$(r.state.influencerCredit)} (unclaimed at the escrow)`);
  lines.push("");
  lines.push("Milestones:");
  for (const m of r.milestones) {
    const a = m.arbitration;
    let line = `  #${m.index} ${$(m.amount)} deliver by ${when(m.deliverBy)}: ${m.status}`;
    if (["Released", "Refunded", "Settled", "Ruled"].includes(m.status)) line += ` (${percent(m.shareBps)} to the influencer)`;
    else if (m.deadline > 0n) line += ` until ${when(m.deadline)}`;
    line += `, ${m.revisions} revision(s)${m.delivered ? `, delivered ${m.contentDigest}` : ", not delivered"}`;
    if (m.settlementProposer !== "None" && !["Released", "Refunded", "Settled", "Ruled"].includes(m.status)) {
      line += `, open proposal by the ${m.settlementProposer.toLowerCase()}: ${percent(m.shareBps)}`;
    }
    lines.push(line);
    if (a.brandFee > 0n || a.influencerFee > 0n || a.created) {
      lines.push(`       arbitration: brand paid ${$(a.brandFee)}, influencer ${$(a.influencerFee)}` +
        (a.waitingFor !== "None" ? `, waiting for the ${a.waitingFor.toLowerCase()} until ${when(a.feeDeadline)}` : "") +
        (a.disputeId !== null ? `, court dispute ${a.disputeId}` : "") + " (deposits held now)");
    }
  }
  if (r.exclusivity) {
    const x = r.exclusivity;
    lines.push("");
    lines.push(`Exclusivity (registry ${x.registry}): ${x.status} on ${x.topic}, ${when(x.from)} .. ${when(x.until)}, ` +
      `${x.inForce ? "in force" : "not in force"}, stops binding at ${when(x.endOf)}`);
  }
  if (r.holdback) {
    const h = r.holdback;
    lines.push(`Holdback (vault ${h.vault}): ${h.status}, ${$(h.held)} held, credits brand ${$(h.brandCredit)}, influencer ${$(h.influencerCredit)}` +
      (h.status === "Resolved" ? `, ${percent(h.influencerShareBps)} to the influencer` : "") +
      (h.breachClaim.filed ? `, breach claim: court dispute ${h.breachClaim.disputeId}` : ", no breach claim"));
  }
  if (r.certificate) {
    const c = r.certificate;
    lines.push(`Rights certificate (${c.contract}): ${c.minted ? `minted, held by ${c.holder}, ${c.valid ? "in force" : "expired"}` : "not minted"}`);
  }
  if (r.reputation) {
    const p = r.reputation;
    lines.push(`Reputation (${p.contract}): ${p.recorded ? "recorded" : "not recorded"}, brand rated the influencer ${p.brandScore || "-"}/5, ` +
      `influencer rated the brand ${p.influencerScore || "-"}/5`);
  }
  if (r.disputes.length > 0) {
    lines.push(`Court disputes: ${r.disputes.map((d) => `${d.disputeId} (${d.breachClaim ? "breach claim" : `milestone ${d.milestone}`})`).join(", ")}` +
      " — see `audit dispute <id>`");
  }
  const s = r.escrowShare;
  lines.push("");
  lines.push(`Held by the escrow for this deal: ${$(s.total)} = credits ${$(s.brandCredit + s.influencerCredit)} + open milestones ${$(s.openMilestones)}` +
    ` + rights ${$(s.rightsHeld)} + arbitration fees ${$(s.arbitrationFees)}`);
  if (r.holdback) lines.push(`Held by the vault for this deal: ${$(r.holdback.share.total)}`);
  lines.push("");
  lines.push(`History (${r.history.length} events):`);
  for (const e of r.history) {
    lines.push(`  ${when(e.timestamp)}  #${e.block}  ${e.source.padEnd(11)} ${e.name.padEnd(22)} ${e.text}`);
  }
  return lines.join("\n");
}
