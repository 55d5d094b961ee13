// "Claim all": one claimMany per token for escrow credits, one vault claim per holdback credit, all to one address.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { DealKey, DealTerms } from "../src/lib/deals.ts";
import { ZERO_HASH } from "../src/pages/deal/calls.ts";
import { planClaimAll, type CreditRow } from "../src/pages/influencer/claims.ts";

const USDC = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const EURC = "0x1111111111111111111111111111111111111111";
const TO = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const H = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as const;

function row(n: number, token: `0x${string}`, influencerCredit: bigint, holdbackCredit: bigint): CreditRow {
  const key: DealKey = { brand: "0xcd3B766CCDd6AE721141F452C550Ca635964ce71", influencer: "0xdD2FD4581271e230360230F9337D5c0430Bf44C0", token, termsHash: H(n) };
  const terms: DealTerms = {
    brand: key.brand,
    influencer: key.influencer,
    token,
    protocolFeeBps: 100,
    maxRevisions: 2,
    language: "0x6672",
    topic: 1,
    acceptBy: 1,
    reviewPeriod: 1,
    revisionPeriod: 1,
    feeTimeout: 1,
    briefHash: H(100 + n),
    criteriaHash: H(200 + n),
    salt: H(300 + n),
    exclusiveTopic: 1,
    exclusiveFrom: 10,
    exclusiveUntil: 20,
    holdbackBps: 500,
    breachCriteriaHash: H(400 + n),
    rightsPrice: 0n,
    rightsHash: ZERO_HASH,
    milestones: [{ amount: 1n, deliverBy: 2 }],
  };
  return { dealId: H(n), key, terms, influencerCredit, holdbackCredit };
}

test("escrow credits are claimed with one claimMany per token, skipping deals without credit", () => {
  const rows = [row(1, USDC, 100n, 0n), row(2, USDC, 0n, 0n), row(3, EURC, 7n, 0n), row(4, USDC.toLowerCase() as `0x${string}`, 50n, 0n)];
  const plan = planClaimAll(rows, TO);
  assert.equal(plan.escrow.length, 2);
  assert.equal(plan.escrow[0]!.amount, 150n);
  assert.deepEqual(plan.escrow[0]!.call, { functionName: "claimMany", args: [[rows[0]!.key, rows[3]!.key], TO] });
  assert.equal(plan.escrow[1]!.amount, 7n);
  assert.deepEqual(plan.escrow[1]!.call.args, [[rows[2]!.key], TO]);
  assert.equal(plan.vault.length, 0);
  assert.equal(plan.total, 157n);
});

test("holdback credits are claimed per deal from the vault with the deal's context", () => {
  const rows = [row(1, USDC, 0n, 30n), row(2, USDC, 10n, 5n)];
  const plan = planClaimAll(rows, TO);
  assert.deepEqual(
    plan.vault.map((v) => [v.dealId, v.amount]),
    [
      [H(1), 30n],
      [H(2), 5n],
    ],
  );
  const call = plan.vault[0]!.call;
  assert.equal(call.functionName, "claim");
  assert.equal(call.args[1], TO);
  assert.equal(call.args[0].dealId, H(1));
  assert.equal(call.args[0].until, 20);
  assert.equal(call.args[0].breachCriteriaHash, H(401));
  assert.equal(plan.total, 45n);
});

test("nothing to claim gives an empty plan", () => {
  const plan = planClaimAll([row(1, USDC, 0n, 0n)], TO);
  assert.deepEqual(plan, { escrow: [], vault: [], total: 0n });
});
