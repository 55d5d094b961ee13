// "What happens when": deadlines, fallbacks and who may act, per milestone status and role.
import assert from "node:assert/strict";
import { test } from "node:test";
import { countdown, milestonePlan, nextForInfluencer, offerPlan, roleOf, type MilestoneInput } from "../src/pages/deal/schedule.ts";
import { buildTimeline, disputeIdsOf, type RawEvent } from "../src/pages/deal/timeline.ts";

const NOW = 1_800_000_000;
const ms = (over: Partial<MilestoneInput>): MilestoneInput => ({
  status: 1,
  revisions: 0,
  deadline: NOW + 3600,
  settlementProposer: 0,
  settlementShareBps: 0,
  delivered: false,
  ...over,
});

test("offers: the influencer accepts or declines until acceptBy, then anyone reclaims", () => {
  assert.deepEqual(offerPlan(1, NOW + 10, "influencer", NOW).actions, ["accept", "decline"]);
  assert.deepEqual(offerPlan(1, NOW + 10, "brand", NOW).actions, []);
  const late = offerPlan(1, NOW - 1, "brand", NOW);
  assert.deepEqual(late.actions, ["reclaimOffer"]);
  assert.equal(late.passed, true);
  assert.equal(late.fallback, "offerExpires");
  assert.equal(offerPlan(4, NOW + 10, "influencer", NOW).phase, "closedOffer");
});

test("delivery: influencer submits before the deadline, afterwards anyone refunds the brand", () => {
  const p = milestonePlan(ms({}), undefined, 2, "influencer", NOW);
  assert.equal(p.phase, "delivery");
  assert.equal(p.secondsLeft, 3600);
  assert.equal(p.fallback, "refundToBrand");
  assert.deepEqual(p.actions, ["submit", "refund", "proposeSettlement"]);
  assert.deepEqual(milestonePlan(ms({}), undefined, 2, "brand", NOW).actions, ["approve", "proposeSettlement"]);
  assert.deepEqual(milestonePlan(ms({ deadline: NOW - 1 }), undefined, 2, "other", NOW).actions, ["reclaim"]);
  const revision = milestonePlan(ms({ revisions: 1 }), undefined, 2, "influencer", NOW);
  assert.equal(revision.phase, "resubmission");
  assert.deepEqual(revision.actions, ["resubmit", "refund", "dispute", "proposeSettlement"]);
});

test("review: the brand approves, revises while revisions remain, or disputes; silence releases", () => {
  const review = ms({ status: 2, delivered: true });
  assert.deepEqual(milestonePlan(review, undefined, 2, "brand", NOW).actions, ["approve", "revise", "dispute", "proposeSettlement"]);
  assert.deepEqual(milestonePlan({ ...review, revisions: 2 }, undefined, 2, "brand", NOW).actions, ["approve", "dispute", "proposeSettlement"]);
  const late = milestonePlan({ ...review, deadline: NOW - 5 }, undefined, 2, "other", NOW);
  assert.deepEqual(late.actions, ["release"]);
  assert.equal(late.fallback, "releaseToInfluencer");
  assert.equal(late.waitingFor, "anyone");
  const offered = milestonePlan({ ...review, settlementProposer: 1, settlementShareBps: 5000 }, undefined, 2, "influencer", NOW);
  assert.deepEqual(offered.actions, ["refund", "proposeSettlement", "acceptSettlement"]);
});

test("fees: the waited-for party answers before the fee deadline, then anyone times out; the court has no deadline", () => {
  const fees = ms({ status: 3 });
  const arb = { feeDeadline: NOW + 100, waitingFor: 2, created: false };
  const p = milestonePlan(fees, arb, 2, "influencer", NOW);
  assert.deepEqual(p.actions, ["answerDispute", "proposeSettlement"]);
  assert.equal(p.deadline, NOW + 100);
  assert.equal(p.waitingFor, "influencer");
  assert.deepEqual(milestonePlan(fees, arb, 2, "brand", NOW).actions, ["proposeSettlement"]);
  assert.deepEqual(milestonePlan(fees, { ...arb, feeDeadline: NOW - 1 }, 2, "other", NOW).actions, ["timeOut"]);
  const court = milestonePlan(ms({ status: 4 }), { ...arb, created: true }, 2, "brand", NOW);
  assert.equal(court.fallback, "court");
  assert.deepEqual(court.actions, ["evidence"]);
  assert.deepEqual(milestonePlan(ms({ status: 5 }), undefined, 2, "brand", NOW).actions, []);
});

test("roles, countdowns and the influencer's next step", () => {
  assert.equal(roleOf("0xABC", "0xabc", "0xdef"), "brand");
  assert.equal(roleOf("0xdef", "0xabc", "0xDEF"), "influencer");
  assert.equal(roleOf(undefined, "0xabc", "0xdef"), "other");
  assert.deepEqual(countdown(90_061), { days: 1, hours: 1, minutes: 1, seconds: 1 });
  assert.deepEqual(countdown(-5), { days: 0, hours: 0, minutes: 0, seconds: 0 });
  assert.deepEqual(nextForInfluencer(1, NOW + 5, [], [], 2, NOW), { action: "accept", deadline: NOW + 5 });
  assert.deepEqual(nextForInfluencer(4, 0, [ms({ status: 5 }), ms({})], [], 2, NOW), { action: "submit", milestone: 1, deadline: NOW + 3600 });
  assert.deepEqual(nextForInfluencer(4, 0, [ms({ status: 2 })], [], 2, NOW), { action: "wait", milestone: 0, deadline: NOW + 3600 });
  assert.deepEqual(nextForInfluencer(5, 0, [ms({ status: 5 })], [], 2, NOW), { action: "none" });
});

test("the timeline merges sources in chain order and names each event's documents", () => {
  const ev = (source: RawEvent["source"], eventName: string, block: bigint, logIndex: number, args: Record<string, unknown>): RawEvent => ({
    source,
    eventName,
    args,
    blockNumber: block,
    logIndex,
    transactionHash: "0x01",
  });
  const entries = buildTimeline([
    ev("court", "Evidence", 9n, 0, { _evidence: "ipfs://bafkreiev" }),
    ev("escrow", "DeliverableSubmitted", 5n, 2, { milestone: 0n, contentHash: "0x11", contentURI: "ipfs://bafkreidel" }),
    ev("escrow", "DisputeCreated", 8n, 1, { milestone: 0n, disputeId: 4n }),
    ev("escrow", "RevisionRequested", 5n, 7, { milestone: 0n, noteHash: "0x22" }),
  ]);
  assert.deepEqual(
    entries.map((e) => e.eventName),
    ["DeliverableSubmitted", "RevisionRequested", "DisputeCreated", "Evidence"],
  );
  assert.deepEqual(entries[0]!.docs, [{ kind: "deliverable", ref: "0x11" }]);
  assert.deepEqual(entries[1]!.docs, [{ kind: "note", ref: "0x22" }]);
  assert.equal(entries[1]!.milestone, 0);
  assert.deepEqual(entries[3]!.docs, [{ kind: "evidence", ref: "ipfs://bafkreiev" }]);
  assert.deepEqual(disputeIdsOf(entries), [4n]);
});
