// "What happens when": for a deal and each milestone, the current deadline, the time left on the chain's clock, what
// happens if nobody acts, and which actions each side may take now. Mirrors the escrow's rules
// (contracts/DealEscrow.sol: statuses, deadlines, settleable and disputable statuses). Times are unix seconds.

export const DEAL = { None: 0, Offered: 1, Declined: 2, Expired: 3, Active: 4, Closed: 5 } as const;
export const MS = {
  None: 0,
  AwaitingDelivery: 1,
  InReview: 2,
  FeesPending: 3,
  InArbitration: 4,
  Released: 5,
  Refunded: 6,
  Settled: 7,
  Ruled: 8,
} as const;
export const PARTY = { None: 0, Brand: 1, Influencer: 2 } as const;

export type Role = "brand" | "influencer" | "other";

export type Action =
  | "accept"
  | "decline"
  | "reclaimOffer"
  | "submit"
  | "resubmit"
  | "approve"
  | "revise"
  | "dispute"
  | "answerDispute"
  | "proposeSettlement"
  | "acceptSettlement"
  | "release"
  | "reclaim"
  | "refund"
  | "timeOut"
  | "evidence";

/** What happens when the deadline passes and nobody acted. */
export type Fallback =
  | "offerExpires" // the brand (or anyone) reclaims the escrow
  | "refundToBrand" // missed delivery: anyone credits the milestone back to the brand
  | "releaseToInfluencer" // review window over: anyone credits the submission to the influencer
  | "feeTimeout" // the party that did not pay loses by default
  | "court" // the mediators decide; no deadline here
  | "none";

export interface MilestoneInput {
  readonly status: number;
  readonly revisions: number;
  readonly deadline: number;
  readonly settlementProposer: number;
  readonly settlementShareBps: number;
  readonly delivered: boolean;
}

export interface ArbitrationInput {
  readonly feeDeadline: number;
  readonly waitingFor: number;
  readonly created: boolean;
}

export interface Plan {
  readonly phase: "offer" | "closedOffer" | "delivery" | "resubmission" | "review" | "fees" | "arbitration" | "final";
  /** The deadline that matters now (undefined when none). */
  readonly deadline?: number;
  /** Seconds until it (negative once passed). */
  readonly secondsLeft?: number;
  readonly passed: boolean;
  readonly fallback: Fallback;
  /** The actions the role may take now. */
  readonly actions: readonly Action[];
  /** Who the next move is expected from. */
  readonly waitingFor: Role | "anyone" | "court" | "nobody";
}

const FINAL: readonly number[] = [MS.Released, MS.Refunded, MS.Settled, MS.Ruled];

export function isFinal(status: number): boolean {
  return FINAL.includes(status);
}

function timing(deadline: number, now: number) {
  return { deadline, secondsLeft: deadline - now, passed: now > deadline };
}

/** The offer stage of a deal (before acceptance): accept/decline until acceptBy, then anyone reclaims. */
export function offerPlan(dealStatus: number, acceptBy: number, role: Role, now: number): Plan {
  if (dealStatus !== DEAL.Offered) return { phase: "closedOffer", passed: false, fallback: "none", actions: [], waitingFor: "nobody" };
  const t = timing(acceptBy, now);
  const actions: Action[] = [];
  if (!t.passed && role === "influencer") actions.push("accept", "decline");
  if (t.passed) actions.push("reclaimOffer");
  return { phase: "offer", ...t, fallback: "offerExpires", actions, waitingFor: t.passed ? "anyone" : "influencer" };
}

/** One milestone of an active deal. */
export function milestonePlan(m: MilestoneInput, a: ArbitrationInput | undefined, maxRevisions: number, role: Role, now: number): Plan {
  const actions: Action[] = [];
  const settleable = m.status === MS.AwaitingDelivery || m.status === MS.InReview || m.status === MS.FeesPending;
  const party = role === "brand" ? PARTY.Brand : role === "influencer" ? PARTY.Influencer : PARTY.None;
  const addSettlement = (open: boolean) => {
    if (!settleable || party === PARTY.None || !open) return;
    actions.push("proposeSettlement");
    if (m.settlementProposer !== PARTY.None && m.settlementProposer !== party) actions.push("acceptSettlement");
  };
  switch (m.status) {
    case MS.AwaitingDelivery: {
      const t = timing(m.deadline, now);
      const revision = m.revisions > 0;
      if (!t.passed) {
        if (role === "influencer") actions.push(revision ? "resubmit" : "submit", "refund");
        if (role === "influencer" && revision) actions.push("dispute");
        if (role === "brand") actions.push("approve");
      } else {
        actions.push("reclaim");
        if (role === "brand") actions.push("approve");
        if (role === "influencer") actions.push("refund");
      }
      addSettlement(true);
      return {
        phase: revision ? "resubmission" : "delivery",
        ...t,
        fallback: "refundToBrand",
        actions,
        waitingFor: t.passed ? "anyone" : "influencer",
      };
    }
    case MS.InReview: {
      const t = timing(m.deadline, now);
      if (!t.passed && role === "brand") {
        actions.push("approve");
        if (m.revisions < maxRevisions) actions.push("revise");
        actions.push("dispute");
      }
      if (t.passed) {
        actions.push("release");
        if (role === "brand") actions.push("approve");
      }
      if (role === "influencer") actions.push("refund");
      addSettlement(true);
      return { phase: "review", ...t, fallback: "releaseToInfluencer", actions, waitingFor: t.passed ? "anyone" : "brand" };
    }
    case MS.FeesPending: {
      const deadline = a?.feeDeadline ?? 0;
      const t = timing(deadline, now);
      const waiting = a?.waitingFor ?? PARTY.None;
      if (!t.passed && party !== PARTY.None && waiting === party) actions.push("answerDispute");
      if (t.passed) actions.push("timeOut");
      addSettlement(true);
      const who: Role = waiting === PARTY.Brand ? "brand" : waiting === PARTY.Influencer ? "influencer" : "other";
      return { phase: "fees", ...t, fallback: "feeTimeout", actions, waitingFor: t.passed ? "anyone" : who };
    }
    case MS.InArbitration:
      if (party !== PARTY.None) actions.push("evidence");
      return { phase: "arbitration", passed: false, fallback: "court", actions, waitingFor: "court" };
    default:
      return { phase: "final", passed: false, fallback: "none", actions, waitingFor: "nobody" };
  }
}

/** The role of `account` in a deal. */
export function roleOf(account: string | undefined, brand: string, influencer: string): Role {
  if (!account) return "other";
  const a = account.toLowerCase();
  if (a === brand.toLowerCase()) return "brand";
  if (a === influencer.toLowerCase()) return "influencer";
  return "other";
}

/** A countdown: days, hours, minutes, seconds left (all zero once passed). */
export function countdown(secondsLeft: number): { days: number; hours: number; minutes: number; seconds: number } {
  let s = Math.max(0, Math.floor(secondsLeft));
  const days = Math.floor(s / 86_400);
  s -= days * 86_400;
  const hours = Math.floor(s / 3_600);
  s -= hours * 3_600;
  const minutes = Math.floor(s / 60);
  return { days, hours, minutes, seconds: s - minutes * 60 };
}

/** What the influencer should do next on a deal, for the influencer's list: the first milestone that needs them. */
export function nextForInfluencer(
  dealStatus: number,
  acceptBy: number,
  milestones: readonly MilestoneInput[],
  arbitrations: readonly (ArbitrationInput | undefined)[],
  maxRevisions: number,
  now: number,
): { action: Action | "wait" | "none"; milestone?: number; deadline?: number } {
  if (dealStatus === DEAL.Offered) {
    const plan = offerPlan(dealStatus, acceptBy, "influencer", now);
    return plan.actions.includes("accept") ? { action: "accept", deadline: acceptBy } : { action: "none" };
  }
  if (dealStatus !== DEAL.Active) return { action: "none" };
  for (let i = 0; i < milestones.length; i++) {
    const plan = milestonePlan(milestones[i]!, arbitrations[i], maxRevisions, "influencer", now);
    const first = plan.actions.find((x) => x === "submit" || x === "resubmit" || x === "answerDispute" || x === "acceptSettlement");
    if (first) return { action: first, milestone: i, deadline: plan.deadline };
  }
  const open = milestones.findIndex((m) => !isFinal(m.status));
  return open >= 0 ? { action: "wait", milestone: open, deadline: milestones[open]!.deadline } : { action: "none" };
}
