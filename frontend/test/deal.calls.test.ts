// Argument builders of the deal actions: the exact function names and arguments sent to the contracts.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { DealKey, DealTerms } from "../src/lib/deals.ts";
import {
  acceptCall,
  approveCall,
  claimCall,
  claimManyCall,
  evidenceCall,
  holdbackClaimCall,
  missingAllowance,
  payFeeCall,
  proposeSettlementCall,
  rateCall,
  recordCall,
  revisionCall,
  submitCall,
  ZERO_HASH,
} from "../src/pages/deal/calls.ts";

const BRAND = "0xcd3B766CCDd6AE721141F452C550Ca635964ce71";
const INFLUENCER = "0xdD2FD4581271e230360230F9337D5c0430Bf44C0";
const USDC = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const H = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as const;

const terms: DealTerms = {
  brand: BRAND,
  influencer: INFLUENCER,
  token: USDC,
  protocolFeeBps: 100,
  maxRevisions: 2,
  language: "0x656e",
  topic: 3,
  acceptBy: 1_800_000_000,
  reviewPeriod: 432_000,
  revisionPeriod: 345_600,
  feeTimeout: 432_000,
  briefHash: H(1),
  criteriaHash: H(2),
  salt: H(3),
  exclusiveTopic: 3,
  exclusiveFrom: 1_800_000_000,
  exclusiveUntil: 1_810_000_000,
  holdbackBps: 1000,
  breachCriteriaHash: H(4),
  rightsPrice: 0n,
  rightsHash: ZERO_HASH,
  milestones: [{ amount: 1_000_000_000n, deliverBy: 1_801_000_000 }],
};
const key: DealKey = { brand: BRAND, influencer: INFLUENCER, token: USDC, termsHash: H(9) };

test("offer and delivery calls pass the terms back unchanged with bigint milestone indexes", () => {
  assert.deepEqual(acceptCall(terms), { functionName: "acceptDeal", args: [terms] });
  assert.equal(acceptCall(terms).args[0], terms);
  assert.deepEqual(submitCall(terms, 1, H(5), "ipfs://bafkreiabc"), {
    functionName: "submitDeliverable",
    args: [terms, 1n, H(5), "ipfs://bafkreiabc"],
  });
  assert.deepEqual(approveCall(terms, 0), { functionName: "approveMilestone", args: [terms, 0n] });
  assert.deepEqual(revisionCall(terms, 0, H(6)), { functionName: "requestRevision", args: [terms, 0n, H(6)] });
});

test("settlement shares are basis points within 0..10000", () => {
  assert.deepEqual(proposeSettlementCall(terms, 0, 6000), { functionName: "proposeSettlement", args: [terms, 0n, 6000] });
  assert.throws(() => proposeSettlementCall(terms, 0, 10_001), RangeError);
  assert.throws(() => proposeSettlementCall(terms, 0, 12.5), RangeError);
});

test("dispute fee and evidence calls", () => {
  const criteria = [{ optionCount: 2, compliantMask: 1, weight: 3 }];
  assert.deepEqual(payFeeCall(terms, criteria, 0), { functionName: "payArbitrationFee", args: [terms, criteria, 0n] });
  assert.deepEqual(evidenceCall(7n, "ipfs://bafkreixyz"), { functionName: "submitEvidence", args: [7n, "ipfs://bafkreixyz"] });
  assert.equal(missingAllowance(5n, 30n), 25n);
  assert.equal(missingAllowance(30n, 30n), 0n);
  assert.equal(missingAllowance(40n, 30n), 0n);
});

test("claims go to the chosen address; claimMany refuses mixed tokens and empty lists", () => {
  const to = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
  assert.deepEqual(claimCall(key, to), { functionName: "claim", args: [key, to] });
  assert.deepEqual(claimManyCall([key, key], to).args, [[key, key], to]);
  assert.throws(() => claimManyCall([], to), RangeError);
  assert.throws(() => claimManyCall([key, { ...key, token: BRAND }], to), /one token/);
});

test("the holdback claim carries the vault context built from the terms", () => {
  const to = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
  const call = holdbackClaimCall(H(8), terms, to);
  assert.equal(call.functionName, "claim");
  assert.deepEqual(call.args[0], {
    dealId: H(8),
    brand: BRAND,
    influencer: INFLUENCER,
    token: USDC,
    until: 1_810_000_000,
    language: "0x656e",
    topic: 3,
    briefHash: H(1),
    breachCriteriaHash: H(4),
  });
  assert.equal(call.args[1], to);
});

test("ratings: record with the terms, rate 1..5 with a zero hash when there is no comment", () => {
  assert.deepEqual(recordCall(terms), { functionName: "record", args: [terms] });
  assert.deepEqual(rateCall(key, 5, undefined), { functionName: "rate", args: [key, 5, ZERO_HASH] });
  assert.deepEqual(rateCall(key, 1, H(3)).args, [key, 1, H(3)]);
  assert.throws(() => rateCall(key, 0, undefined), RangeError);
  assert.throws(() => rateCall(key, 6, undefined), RangeError);
});
