// Planning: from the state (deals and VRF requests learned from events) and the contracts' views at the latest
// block, the list of actions that are due now. Each action has a key naming the on-chain situation it answers (the
// dispute, round, period, draw attempt, milestone and deadline...), so that the same situation is never acted on
// twice and a new situation gets a new key. Planning sends nothing; it only marks deals and disputes with nothing
// left to do as finished (and notes once why a certificate cannot be minted), so that later passes skip them.
import { readFileSync, existsSync } from "node:fs";
import type { Provider } from "ethers";
import { hashRights, holdbackContextOf, territoryCode, ZERO_HASH, type DealTerms, type RightsTerms } from "../terms.ts";
import type { KeeperContracts } from "./contracts.ts";
import type { Logger } from "./log.ts";
import { short } from "./log.ts";
import type { KeeperState, StoredTerms } from "./state.ts";

/** Which contract an action calls. */
export type ActionTarget = "escrow" | "court" | "vault" | "certificate" | "vrfMock";

export type ActionKind =
  | "fulfillRandomWords"
  | "requestRandomness"
  | "draw"
  | "passPeriod"
  | "executeRound"
  | "deliverRuling"
  | "reclaimOffer"
  | "reclaimMilestone"
  | "releaseAfterReview"
  | "timeOutArbitration"
  | "releaseHoldback"
  | "mintCertificate";

export interface PlannedAction {
  /** Names the on-chain situation this action answers; an action is sent at most once per key. */
  key: string;
  kind: ActionKind;
  target: ActionTarget;
  method: string;
  args: unknown[];
  /** One readable line: what and for whom. */
  summary: string;
}

/** Finds the licence terms whose hash a deal's terms carry (they live off-chain, next to the brief). */
export type RightsSource = (rightsHash: string, dealId: string) => Promise<RightsTerms | undefined>;

/** No licence terms known: certificates are not minted (a note is logged once per deal). */
export const noRights: RightsSource = () => Promise.resolve(undefined);

interface RightsJson {
  scope: number;
  duration?: number | string;
  territories?: string[];
  exclusive?: boolean;
  documentHash?: string;
}

/** Licence terms from JSON: territories as "FR" or as bytes2 hex, duration in seconds (0 = perpetual). */
export function rightsFromJson(json: RightsJson): RightsTerms {
  return {
    scope: json.scope,
    duration: BigInt(json.duration ?? 0),
    territories: (json.territories ?? []).map((t) => (t.startsWith("0x") ? t.toLowerCase() : territoryCode(t))),
    exclusive: json.exclusive ?? false,
    documentHash: json.documentHash ?? ZERO_HASH,
  };
}

/** Licence terms from a list, found by their hash. */
export function rightsFromList(list: readonly RightsTerms[]): RightsSource {
  const byHash = new Map(list.map((r) => [hashRights(r).toLowerCase(), r]));
  return (rightsHash) => Promise.resolve(byHash.get(rightsHash.toLowerCase()));
}

/**
 * Licence terms from a JSON file holding an array of terms (see rightsFromJson), read again at every lookup so that
 * a running keeper sees terms appended later. A missing file means no terms.
 */
export function rightsFromFile(path: string): RightsSource {
  return (rightsHash, dealId) => {
    if (!existsSync(path)) return Promise.resolve(undefined);
    const list = (JSON.parse(readFileSync(path, "utf8")) as RightsJson[]).map(rightsFromJson);
    return rightsFromList(list)(rightsHash, dealId);
  };
}

/** The stored terms as the escrow's DealTerms (integers as bigint or number). */
export function termsOf(stored: StoredTerms): DealTerms {
  return {
    brand: stored.brand,
    influencer: stored.influencer,
    token: stored.token,
    protocolFeeBps: Number(stored.protocolFeeBps),
    maxRevisions: Number(stored.maxRevisions),
    language: stored.language,
    topic: Number(stored.topic),
    acceptBy: BigInt(stored.acceptBy),
    reviewPeriod: Number(stored.reviewPeriod),
    revisionPeriod: Number(stored.revisionPeriod),
    feeTimeout: Number(stored.feeTimeout),
    briefHash: stored.briefHash,
    criteriaHash: stored.criteriaHash,
    salt: stored.salt,
    exclusiveTopic: Number(stored.exclusiveTopic),
    exclusiveFrom: BigInt(stored.exclusiveFrom),
    exclusiveUntil: BigInt(stored.exclusiveUntil),
    holdbackBps: Number(stored.holdbackBps),
    breachCriteriaHash: stored.breachCriteriaHash,
    rightsPrice: BigInt(stored.rightsPrice),
    rightsHash: stored.rightsHash,
    milestones: stored.milestones.map((m) => ({ amount: BigInt(m.amount), deliverBy: BigInt(m.deliverBy) })),
  };
}

export interface PlanContext {
  provider: Provider;
  contracts: KeeperContracts;
  state: KeeperState;
  rights: RightsSource;
  log: Logger;
  /** Seats drawn per draw call. */
  drawBatch: number;
  /** Votes settled per executeRound call. */
  executeBatch: number;
  /** The latest block's timestamp: deadlines are due when it is past them (the contracts require it strictly). */
  now: bigint;
}

/* Solidity enums (contracts/types/CourtTypes.sol, DealTypes.sol, IHoldbackVault.sol), by value. */
const Period = { Drawing: 1n, Commit: 2n, Reveal: 3n, Appeal: 4n, Execution: 5n } as const;
const Deal = { Offered: 1n, Declined: 2n, Expired: 3n, Active: 4n, Closed: 5n } as const;
const Milestone = { AwaitingDelivery: 1n, InReview: 2n, FeesPending: 3n } as const;
const Holdback = { Holding: 1n, InArbitration: 2n, Resolved: 3n } as const;
const PERIOD_NAMES = ["none", "drawing", "commit", "reveal", "appeal", "execution"];

/** The actions due now, VRF answers first, then the court, then the escrow, the vault and the certificate. */
export async function planActions(ctx: PlanContext): Promise<PlannedAction[]> {
  return [...(await planVrf(ctx)), ...(await planDisputes(ctx)), ...(await planDeals(ctx))];
}

/** Local chains only: answer the VRF coordinator mock's open requests (they stay open until answered). */
async function planVrf(ctx: PlanContext): Promise<PlannedAction[]> {
  const vrf = ctx.contracts.vrfMock;
  if (!vrf) return [];
  const actions: PlannedAction[] = [];
  for (const [requestId, request] of Object.entries(ctx.state.vrfRequests)) {
    if (request.done) continue;
    try {
      await vrf.fulfillRandomWords.staticCall(requestId, request.consumer);
    } catch {
      request.done = true; // answered already (the mock forgets answered requests: InvalidRequest)
      continue;
    }
    actions.push({
      key: `fulfillRandomWords:${requestId}`,
      kind: "fulfillRandomWords",
      target: "vrfMock",
      method: "fulfillRandomWords",
      args: [requestId, request.consumer],
      summary: `VRF mock answers request ${requestId} of ${short(request.consumer)}`,
    });
  }
  return actions;
}

async function planDisputes(ctx: PlanContext): Promise<PlannedAction[]> {
  const { court, randomness } = ctx.contracts;
  const { state } = ctx;
  const count = Number(await court.disputeCount());
  state.nextDispute = Math.max(state.nextDispute, count);
  const finished = new Set(state.finishedDisputes);
  const actions: PlannedAction[] = [];
  for (let id = 0; id < count; id++) {
    if (finished.has(id)) continue;
    const d = await court.getDispute(id);
    const r = d.round;
    const where = `dispute ${id} round ${r}`;
    if (d.period === Period.Drawing) {
      const round = await court.getRound(id, r);
      const requestId = round.randomnessRequestId;
      if (round.randomnessRequestedAt === 0n || ctx.now > round.randomnessExpiresAt) {
        const why = round.randomnessRequestedAt === 0n ? "the randomness request failed" : `word of request ${requestId} expired`;
        actions.push({
          key: `requestRandomness:${id}:${r}:${requestId}`,
          kind: "requestRandomness",
          target: "court",
          method: "requestRandomness",
          args: [id],
          summary: `${where}: new randomness request (${why})`,
        });
        continue;
      }
      const word = randomness ? await randomness.randomWord(requestId) : 1n;
      if (word === 0n) continue; // the word has not arrived yet
      const open = Number(round.mediators - round.drawn);
      const batch = Math.max(1, Math.min(ctx.drawBatch, open));
      actions.push({
        key: `draw:${id}:${r}:${round.nonce}`,
        kind: "draw",
        target: "court",
        method: "draw",
        args: [id, batch],
        summary: `${where}: draw ${batch} of ${open} open seats`,
      });
    } else if (d.period === Period.Commit || d.period === Period.Reveal || d.period === Period.Appeal) {
      if (ctx.now <= d.deadline) continue;
      const period = PERIOD_NAMES[Number(d.period)];
      actions.push({
        key: `passPeriod:${id}:${r}:${d.period}`,
        kind: "passPeriod",
        target: "court",
        method: "passPeriod",
        args: [id],
        summary: `${where}: ${period} period over, pass it`,
      });
    } else if (d.period === Period.Execution) {
      let executed = true;
      for (let ri = 0n; ri <= r; ri++) {
        const round = await court.getRound(id, ri);
        if (round.penalized >= round.drawn && round.rewarded >= round.drawn) continue;
        executed = false;
        actions.push({
          key: `executeRound:${id}:${ri}:${round.penalized}:${round.rewarded}`,
          kind: "executeRound",
          target: "court",
          method: "executeRound",
          args: [id, ri, ctx.executeBatch],
          summary: `dispute ${id} round ${ri}: settle up to ${ctx.executeBatch} votes (${round.penalized}/${round.drawn} penalties, ${round.rewarded}/${round.drawn} rewards done)`,
        });
      }
      if (!d.rulingDelivered) {
        actions.push({
          key: `deliverRuling:${id}`,
          kind: "deliverRuling",
          target: "court",
          method: "deliverRuling",
          args: [id],
          summary: `dispute ${id}: deliver the final ruling again`,
        });
      }
      if (executed && d.rulingDelivered) state.finishedDisputes.push(id);
    }
  }
  return actions;
}

async function planDeals(ctx: PlanContext): Promise<PlannedAction[]> {
  const { escrow, vault, registry, certificate } = ctx.contracts;
  const actions: PlannedAction[] = [];
  for (const [dealId, record] of Object.entries(ctx.state.deals)) {
    if (record.finished) continue;
    const terms = termsOf(record.terms);
    const deal = await escrow.getDeal(dealId);
    const name = `deal ${short(dealId)}`;
    if (deal.status === Deal.Offered && ctx.now > terms.acceptBy) {
      actions.push({
        key: `reclaimOffer:${dealId}`,
        kind: "reclaimOffer",
        target: "escrow",
        method: "reclaimOffer",
        args: [record.terms],
        summary: `${name}: offer not accepted by ${iso(terms.acceptBy)}, back to the brand`,
      });
    }
    if (deal.status === Deal.Active) {
      for (let m = 0; m < terms.milestones.length; m++) {
        const ms = await escrow.getMilestone(dealId, m);
        const deadline = ms.deadline;
        if (ms.status === Milestone.AwaitingDelivery && ctx.now > deadline) {
          actions.push({
            key: `reclaimMilestone:${dealId}:${m}:${deadline}`,
            kind: "reclaimMilestone",
            target: "escrow",
            method: "reclaimMilestone",
            args: [record.terms, m],
            summary: `${name} milestone ${m}: not delivered by ${iso(deadline)}, back to the brand`,
          });
        } else if (ms.status === Milestone.InReview && ctx.now > deadline) {
          actions.push({
            key: `releaseAfterReview:${dealId}:${m}:${deadline}`,
            kind: "releaseAfterReview",
            target: "escrow",
            method: "releaseAfterReview",
            args: [record.terms, m],
            summary: `${name} milestone ${m}: review window ended ${iso(deadline)}, released to the influencer`,
          });
        } else if (ms.status === Milestone.FeesPending) {
          const a = await escrow.getArbitration(dealId, m);
          if (ctx.now > a.feeDeadline) {
            actions.push({
              key: `timeOutArbitration:${dealId}:${m}:${a.feeDeadline}`,
              kind: "timeOutArbitration",
              target: "escrow",
              method: "timeOutArbitration",
              args: [record.terms, m],
              summary: `${name} milestone ${m}: arbitration fee not paid by ${iso(a.feeDeadline)}, the payer wins`,
            });
          }
        }
      }
    }
    const ended = deal.status === Deal.Declined || deal.status === Deal.Expired || deal.status === Deal.Closed;

    let holdbackDone = terms.holdbackBps === 0;
    if (!holdbackDone) {
      const h = await vault.getHoldback(dealId);
      holdbackDone = h.status === Holdback.Resolved || (ended && h.held === 0n && h.status !== Holdback.InArbitration);
      if (h.status === Holdback.Holding && h.held > 0n) {
        const endsAt = await registry.endOf(dealId);
        if (ctx.now > endsAt) {
          actions.push({
            key: `releaseHoldback:${dealId}:${h.held}`,
            kind: "releaseHoldback",
            target: "vault",
            method: "release",
            args: [holdbackContextOf(terms)],
            summary: `${name}: exclusivity ended ${iso(endsAt)}, holdback of ${h.held} released to the influencer`,
          });
        }
      }
    }

    let rightsDone = terms.rightsHash === ZERO_HASH || (ended && !deal.completed);
    if (!rightsDone && deal.status === Deal.Closed && deal.completed) {
      rightsDone = await planMint(ctx, dealId, record.terms, record.contentHashes, actions, (note) => {
        if (record.note === note) return;
        record.note = note;
        ctx.log.log({ level: "warn", event: "note", message: `${name}: ${note}`, deal: dealId });
      });
    }
    if (!certificate && terms.rightsHash !== ZERO_HASH && deal.completed) rightsDone = true;
    if (ended && holdbackDone && rightsDone) record.finished = true;
  }
  return actions;
}

/** Plans the certificate's mint; returns whether nothing is left to do about it. */
async function planMint(
  ctx: PlanContext,
  dealId: string,
  stored: StoredTerms,
  contentHashes: string[],
  actions: PlannedAction[],
  note: (text: string) => void,
): Promise<boolean> {
  const { certificate } = ctx.contracts;
  if (!certificate) {
    note("rights bought, but no RightsCertificate address is configured: no certificate minted");
    return true;
  }
  try {
    await certificate.ownerOf(dealId);
    return true; // minted already
  } catch {
    // not minted yet
  }
  const rights = await ctx.rights(stored.rightsHash, dealId);
  if (!rights) {
    note(`rights bought, but the licence terms of hash ${short(stored.rightsHash)} are unknown (add them to the rights file): no certificate yet`);
    return false;
  }
  actions.push({
    key: `mintCertificate:${dealId}`,
    kind: "mintCertificate",
    target: "certificate",
    method: "mint",
    args: [stored, rights, contentHashes],
    summary: `deal ${short(dealId)}: rights bought, certificate minted to the brand ${short(stored.brand)}`,
  });
  return false;
}

function iso(timestamp: bigint): string {
  return new Date(Number(timestamp) * 1000).toISOString().replace(".000Z", "Z");
}
