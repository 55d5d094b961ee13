// Argument builders of every deal action: pure functions that return the contract function name and its exact
// arguments, so the page only adds the address, ABI, account and chain, and the unit tests check what is sent.
// The terms are always the ones emitted in DealCreated, passed back unchanged (the escrow rehashes them).
import type { Address, Hex } from "viem";
import type { DealKey, DealTerms, Question } from "../../lib/deals.ts";

export const ZERO_HASH: Hex = `0x${"00".repeat(32)}`;
export const BPS = 10_000;

/* ------------------------------- offer ------------------------------- */

export function acceptCall(terms: DealTerms) {
  return { functionName: "acceptDeal", args: [terms] } as const;
}

export function declineCall(terms: DealTerms) {
  return { functionName: "declineDeal", args: [terms] } as const;
}

export function reclaimOfferCall(terms: DealTerms) {
  return { functionName: "reclaimOffer", args: [terms] } as const;
}

/* ------------------------------ delivery ----------------------------- */

export function submitCall(terms: DealTerms, milestone: number, contentHash: Hex, contentURI: string) {
  return { functionName: "submitDeliverable", args: [terms, BigInt(milestone), contentHash, contentURI] } as const;
}

export function approveCall(terms: DealTerms, milestone: number) {
  return { functionName: "approveMilestone", args: [terms, BigInt(milestone)] } as const;
}

export function revisionCall(terms: DealTerms, milestone: number, noteHash: Hex) {
  return { functionName: "requestRevision", args: [terms, BigInt(milestone), noteHash] } as const;
}

export function releaseCall(terms: DealTerms, milestone: number) {
  return { functionName: "releaseAfterReview", args: [terms, BigInt(milestone)] } as const;
}

export function reclaimMilestoneCall(terms: DealTerms, milestone: number) {
  return { functionName: "reclaimMilestone", args: [terms, BigInt(milestone)] } as const;
}

export function refundMilestoneCall(terms: DealTerms, milestone: number) {
  return { functionName: "refundMilestone", args: [terms, BigInt(milestone)] } as const;
}

/* ----------------------------- settlement ---------------------------- */

export function proposeSettlementCall(terms: DealTerms, milestone: number, shareBps: number) {
  if (!Number.isInteger(shareBps) || shareBps < 0 || shareBps > BPS) throw new RangeError(`share ${shareBps} is not 0..10000 bps`);
  return { functionName: "proposeSettlement", args: [terms, BigInt(milestone), shareBps] } as const;
}

export function acceptSettlementCall(terms: DealTerms, milestone: number, shareBps: number) {
  return { functionName: "acceptSettlement", args: [terms, BigInt(milestone), shareBps] } as const;
}

/* ------------------------------ dispute ------------------------------ */

export function arbitrationCostCall(terms: DealTerms, criteria: readonly Question[], milestone: number) {
  return { functionName: "arbitrationCost", args: [terms, criteria, BigInt(milestone)] } as const;
}

export function payFeeCall(terms: DealTerms, criteria: readonly Question[], milestone: number) {
  return { functionName: "payArbitrationFee", args: [terms, criteria, BigInt(milestone)] } as const;
}

export function timeOutCall(terms: DealTerms, milestone: number) {
  return { functionName: "timeOutArbitration", args: [terms, BigInt(milestone)] } as const;
}

/** MediatorCourt.submitEvidence: the evidence document's ipfs:// URI, posted once the dispute exists. */
export function evidenceCall(disputeId: bigint, uri: string) {
  return { functionName: "submitEvidence", args: [disputeId, uri] } as const;
}

/** The USDC allowance still missing for `needed` (0n when the allowance covers it). */
export function missingAllowance(allowance: bigint, needed: bigint): bigint {
  return allowance >= needed ? 0n : needed - allowance;
}

export function approveTokenCall(spender: Address, amount: bigint) {
  return { functionName: "approve", args: [spender, amount] } as const;
}

/* ------------------------------- claims ------------------------------ */

export function claimCall(key: DealKey, to: Address) {
  return { functionName: "claim", args: [key, to] } as const;
}

export function claimManyCall(keys: readonly DealKey[], to: Address) {
  if (keys.length === 0) throw new RangeError("nothing to claim");
  const token = keys[0]!.token.toLowerCase();
  if (keys.some((k) => k.token.toLowerCase() !== token)) throw new RangeError("claimMany takes deals of one token");
  return { functionName: "claimMany", args: [keys, to] } as const;
}

/** The holdback vault's context of a deal (what the escrow opened it with; contracts/types/DealTypes.sol). */
export function holdbackContextOf(dealId: Hex, terms: DealTerms) {
  return {
    dealId,
    brand: terms.brand,
    influencer: terms.influencer,
    token: terms.token,
    until: terms.exclusiveUntil,
    language: terms.language,
    topic: terms.topic,
    briefHash: terms.briefHash,
    breachCriteriaHash: terms.breachCriteriaHash,
  } as const;
}

export function holdbackClaimCall(dealId: Hex, terms: DealTerms, to: Address) {
  return { functionName: "claim", args: [holdbackContextOf(dealId, terms), to] } as const;
}

export function holdbackReleaseCall(dealId: Hex, terms: DealTerms) {
  return { functionName: "release", args: [holdbackContextOf(dealId, terms)] } as const;
}

/* ----------------------------- reputation ---------------------------- */

export function recordCall(terms: DealTerms) {
  return { functionName: "record", args: [terms] } as const;
}

export function rateCall(key: DealKey, score: number, commentHash: Hex | undefined) {
  if (!Number.isInteger(score) || score < 1 || score > 5) throw new RangeError(`score ${score} is not 1..5`);
  return { functionName: "rate", args: [key, score, commentHash ?? ZERO_HASH] } as const;
}
