// The keeper on the LocalIspera fixture, in process: each kind of due work is done exactly once (a second pass
// sends nothing), nothing is sent when nothing is due, a restarted keeper resumes from its state file (a pending
// transaction recorded before a crash included), and a dispute goes from creation to payout with only keeper
// passes and the mediators' commits and reveals.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import type { StateStore } from "../scripts/lib/keeper/state.js";
import { rightsFromList } from "../scripts/lib/keeper/plan.js";
import { buildRights } from "../scripts/lib/rights.js";
import { dealKeyOf, DEFAULT_BREACH_CRITERIA, DEFAULT_CRITERIA, holdbackContextOf, RightsScope } from "../scripts/lib/terms.js";
import {
  CONTENT_HASH,
  CONTENT_URI,
  DAY,
  ethers,
  loadCourt,
  nextBlockAt,
  now,
  openDispute,
  Period,
  revealAll,
  commitAll,
  seatMediators,
  termsFor,
  unanimous,
  votesOf,
  YES,
  NO as NO_ANSWERS,
  type CourtFixture,
} from "./helpers/courtFixture.js";
import { keeperFor, keeperNonce, keeperWallet, kinds, tempStatePath } from "./helpers/keeper.js";

const DealStatus = { Offered: 1n, Expired: 3n, Active: 4n, Closed: 5n } as const;
const MilestoneStatus = { AwaitingDelivery: 1n, InReview: 2n, FeesPending: 3n, Released: 5n, Refunded: 6n, Ruled: 8n } as const;

async function travel(seconds: bigint): Promise<void> {
  await nextBlockAt((await now()) + seconds);
  await ethers.provider.send("evm_mine", []);
}

async function expectCrash(pass: Promise<unknown>): Promise<void> {
  let error: unknown;
  try {
    await pass;
  } catch (e) {
    error = e;
  }
  expect(error instanceof Error ? error.message : error).to.equal("simulated crash");
}

function pendingOf(store: StateStore) {
  return Object.values(store.state.actions).filter((a) => a.status === "pending");
}

describe("keeper", function () {
  this.timeout(300_000);
  let f: CourtFixture;

  beforeEach(async function () {
    f = await loadCourt();
  });

  it("sends nothing when nothing is due", async function () {
    const terms = await termsFor(f);
    await f.escrow.connect(f.brand).createDeal(terms, [...DEFAULT_CRITERIA]);
    const { keeper } = await keeperFor(f, tempStatePath());
    const before = await keeperNonce();
    const report = await keeper.pass();
    expect(report.sent).to.equal(0);
    expect(await keeperNonce()).to.equal(before);
    expect(Object.keys(keeper.store.state.deals)).to.have.length(1); // it learned the deal from DealCreated
  });

  it("executes each escrow timeout once: reclaimOffer, reclaimMilestone, releaseAfterReview, timeOutArbitration", async function () {
    const criteria = [...DEFAULT_CRITERIA];
    const offered = await termsFor(f);
    const undelivered = await termsFor(f);
    const unreviewed = await termsFor(f);
    const unanswered = await termsFor(f);
    for (const t of [offered, undelivered, unreviewed, unanswered]) await f.escrow.connect(f.brand).createDeal(t, criteria);
    for (const t of [undelivered, unreviewed, unanswered]) await f.escrow.connect(f.influencer).acceptDeal(t);
    for (const t of [unreviewed, unanswered]) await f.escrow.connect(f.influencer).submitDeliverable(t, 0, CONTENT_HASH, CONTENT_URI);
    await f.escrow.connect(f.brand).payArbitrationFee(unanswered, criteria, 0); // the influencer never answers

    const { keeper } = await keeperFor(f, tempStatePath());
    expect((await keeper.pass()).sent, "nothing due yet").to.equal(0);

    await travel(40n * DAY); // past accept-by, deliver-by, the review window and the fee deadline
    const before = await keeperNonce();
    const report = await keeper.pass();
    expect(kinds(report)).to.deep.equal(["reclaimMilestone", "reclaimOffer", "releaseAfterReview", "timeOutArbitration"]);
    expect(report.actions.every((a) => a.status === "mined")).to.equal(true);
    expect(await keeperNonce()).to.equal(before + 4);

    const id = (t: typeof offered) => f.escrow.dealId(t);
    expect((await f.escrow.getDeal(await id(offered))).status).to.equal(DealStatus.Expired);
    expect((await f.escrow.getMilestone(await id(undelivered), 0)).status).to.equal(MilestoneStatus.Refunded);
    expect((await f.escrow.getMilestone(await id(unreviewed), 0)).status).to.equal(MilestoneStatus.Released);
    expect((await f.escrow.getMilestone(await id(unanswered), 0)).status).to.equal(MilestoneStatus.Ruled);

    const again = await keeper.pass();
    expect(again.sent, "a second pass sends nothing").to.equal(0);
    expect(await keeperNonce()).to.equal(before + 4);
    expect(Object.values(keeper.store.state.deals).every((d) => d.finished), "every deal finished").to.equal(true);
  });

  it("skips what someone else did first (simulated before sending)", async function () {
    const terms = await termsFor(f);
    await f.escrow.connect(f.brand).createDeal(terms, [...DEFAULT_CRITERIA]);
    const { keeper, entries } = await keeperFor(f, tempStatePath(), {});
    await keeper.pass();
    await travel(8n * DAY);
    await f.escrow.connect(f.stranger).reclaimOffer(terms); // anyone may
    const before = await keeperNonce();
    expect((await keeper.pass()).sent).to.equal(0);
    expect(await keeperNonce()).to.equal(before);
    expect(entries.filter((e) => e.event === "sent")).to.have.length(0);
  });

  it("mints the rights certificate once, then releases the holdback once when the exclusivity ends", async function () {
    const rights = buildRights({ scope: RightsScope.OrganicRepost | RightsScope.PaidAds, duration: 365 * 86_400, territories: ["FR"] });
    const start = await now();
    const terms = await termsFor(f, {
      exclusivity: { until: start + 30n * DAY },
      holdback: { bps: 2_000, breachCriteria: DEFAULT_BREACH_CRITERIA },
      rights: { terms: rights, price: 300n * 10n ** 6n },
    });
    const dealId = await f.escrow.dealId(terms);
    await f.escrow.connect(f.brand).createDeal(terms, [...DEFAULT_CRITERIA]);
    await f.escrow.connect(f.influencer).acceptDeal(terms);
    await f.escrow.connect(f.influencer).submitDeliverable(terms, 0, CONTENT_HASH, CONTENT_URI);
    await f.escrow.connect(f.brand).approveMilestone(terms, 0);
    expect(await f.escrow.rightsBought(dealId)).to.equal(true);

    const statePath = tempStatePath();
    // Without the licence terms, nothing can be minted: one note, no transaction.
    const blind = await keeperFor(f, statePath);
    expect((await blind.keeper.pass()).sent).to.equal(0);
    expect((await blind.keeper.pass()).sent).to.equal(0);
    expect(blind.entries.filter((e) => e.event === "note")).to.have.length(1);

    const { keeper } = await keeperFor(f, statePath, { rights: rightsFromList([rights]) });
    const minted = await keeper.pass();
    expect(kinds(minted)).to.deep.equal(["mintCertificate"]);
    expect(await f.certificate.ownerOf(dealId)).to.equal(f.brand.address);
    expect((await keeper.pass()).sent, "minted once; the holdback is still held").to.equal(0);

    const held = (await (await ethers.getContractAt("HoldbackVault", await f.escrow.holdbackVault())).getHoldback(dealId)).held;
    expect(held > 0n).to.equal(true);
    await travel(31n * DAY);
    const released = await keeper.pass();
    expect(kinds(released)).to.deep.equal(["releaseHoldback"]);
    const vault = await ethers.getContractAt("HoldbackVault", await f.escrow.holdbackVault());
    expect((await vault.getHoldback(dealId)).status).to.equal(3n); // Resolved
    expect(await vault.influencerCredit(dealId)).to.equal(held);
    expect((await keeper.pass()).sent).to.equal(0);
    expect(keeper.store.state.deals[dealId.toLowerCase()]?.finished).to.equal(true);
    // the context the keeper passed is the vault's
    expect(await vault.contextHash(dealId)).to.equal(await vault.hashContext(holdbackContextOf(terms)));
  });

  it("requests a new random word once the round's word expired (VRF not answered)", async function () {
    await seatMediators(f, 5);
    const { disputeId, requestId } = await openDispute(f);
    const { keeper } = await keeperFor(f, tempStatePath(), { vrfMock: false });
    expect((await keeper.pass()).sent, "the word may still come").to.equal(0);
    await travel(f.params.randomnessTimeout + 1n);
    const report = await keeper.pass();
    expect(kinds(report)).to.deep.equal(["requestRandomness"]);
    const round = await f.court.getRound(disputeId, 0);
    expect(round.randomnessRequestId).to.not.equal(requestId);
    expect((await keeper.pass()).sent).to.equal(0);
  });

  it("takes a dispute from creation to payout with only keeper passes and the mediators' votes", async function () {
    await seatMediators(f, 5);
    const { disputeId, dealId, terms } = await openDispute(f);
    const { keeper } = await keeperFor(f, tempStatePath(), { drawBatch: 2, executeBatch: 2 });

    // VRF answer, then the draw in batches of 2: the last draw opens the commit period.
    const drawn = await keeper.pass();
    expect(drawn.actions.map((a) => a.kind)).to.deep.equal(["fulfillRandomWords", "draw", "draw"]);
    expect((await f.court.getDispute(disputeId)).period).to.equal(Period.Commit);
    expect((await keeper.pass()).sent).to.equal(0);

    // Two mediators vote; the third stays silent: the keeper passes the commit and reveal periods.
    const votes = await votesOf(f, disputeId, 0n);
    const ballots = unanimous(votes, YES);
    const silent = votes[votes.length - 1]!.mediator;
    ballots.delete(silent);
    await commitAll(f, disputeId, ballots);
    expect((await keeper.pass()).sent, "commit period still open").to.equal(0);
    await travel(f.params.commitPeriod + 1n);
    expect(kinds(await keeper.pass())).to.deep.equal(["passPeriod"]);
    expect((await f.court.getDispute(disputeId)).period).to.equal(Period.Reveal);
    await revealAll(f, disputeId, ballots);
    await travel(f.params.revealPeriod + 1n);
    expect(kinds(await keeper.pass())).to.deep.equal(["passPeriod"]);
    expect((await f.court.getDispute(disputeId)).period).to.equal(Period.Appeal);
    expect((await keeper.pass()).sent, "appeal period open").to.equal(0);

    // Nobody appeals: the keeper makes the ruling final (delivered to the escrow) and settles the round.
    await travel(f.params.appealPeriod + 1n);
    const settled = await keeper.pass();
    // 3 votes in batches of 2: penalties 2, then 1 + 1 reward, then 2 rewards.
    expect(settled.actions.map((a) => a.kind)).to.deep.equal(["passPeriod", "executeRound", "executeRound", "executeRound"]);
    expect((await f.court.getDispute(disputeId)).period).to.equal(Period.Execution);
    const round = await f.court.getRound(disputeId, 0);
    expect(round.penalized).to.equal(round.drawn);
    expect(round.rewarded).to.equal(round.drawn);
    expect((await f.court.getMediator(silent)).locked, "the silent mediator's lock is settled").to.equal(0n);
    expect((await f.escrow.getMilestone(dealId, 0)).status).to.equal(MilestoneStatus.Ruled);
    expect((await keeper.pass()).sent).to.equal(0);
    expect(keeper.store.state.finishedDisputes).to.include(Number(disputeId));

    // Payout: the influencer (the answers were all compliant) claims the milestone.
    const before = await f.usdc.balanceOf(f.influencer.address);
    await f.escrow.connect(f.influencer).claim(dealKeyOf(terms), f.influencer.address);
    expect((await f.usdc.balanceOf(f.influencer.address)) > before).to.equal(true);
  });

  it("draws and settles an appeal round: rounds 0 and 1 are both executed", async function () {
    await seatMediators(f, 5);
    const { disputeId, dealId } = await openDispute(f);
    const { keeper } = await keeperFor(f, tempStatePath());
    await keeper.pass();
    const first = unanimous(await votesOf(f, disputeId, 0n), YES);
    await commitAll(f, disputeId, first);
    await revealAll(f, disputeId, first);
    expect((await f.court.getDispute(disputeId)).period).to.equal(Period.Appeal);

    // The brand lost everything: it funds the appeal, which opens round 1 (7 seats) with a new randomness request.
    await f.court.connect(f.brand).fundAppeal(disputeId, await f.court.appealCost(disputeId));
    expect((await f.court.getDispute(disputeId)).round).to.equal(1n);
    const drawn = await keeper.pass();
    expect(drawn.actions.map((a) => a.kind)).to.deep.equal(["fulfillRandomWords", "draw"]);
    expect((await f.court.getDispute(disputeId)).period).to.equal(Period.Commit);

    const second = unanimous(await votesOf(f, disputeId, 1n), NO_ANSWERS);
    await commitAll(f, disputeId, second);
    await revealAll(f, disputeId, second);
    await travel(f.params.appealPeriod + 1n);
    const settled = await keeper.pass();
    expect(kinds(settled)).to.deep.equal(["executeRound", "executeRound", "passPeriod"]);
    for (const r of [0n, 1n]) {
      const round = await f.court.getRound(disputeId, r);
      expect(round.rewarded, `round ${r} settled`).to.equal(round.drawn);
    }
    const milestone = await f.escrow.getMilestone(dealId, 0);
    expect(milestone.status).to.equal(MilestoneStatus.Ruled);
    expect(milestone.settlementShareBps, "the appeal's ruling: nothing compliant").to.equal(0n);
    expect((await keeper.pass()).sent).to.equal(0);
  });

  it("waits for a transaction still in the mempool, across a restart, without sending it again", async function () {
    const statePath = tempStatePath();
    const terms = await termsFor(f);
    await f.escrow.connect(f.brand).createDeal(terms, [...DEFAULT_CRITERIA]);
    await travel(8n * DAY);
    await ethers.provider.send("evm_setAutomine", [false]);
    try {
      const before = await keeperNonce();
      const first = await keeperFor(f, statePath, { txTimeoutMs: 300 });
      const report = await first.keeper.pass();
      expect(report.actions.map((a) => a.status)).to.deep.equal(["pending"]);
      expect(first.entries.some((e) => e.event === "waiting")).to.equal(true);

      const restarted = await keeperFor(f, statePath, { txTimeoutMs: 300 });
      expect((await restarted.keeper.pass()).sent, "in the mempool: waited for, not re-sent").to.equal(0);
      expect((await ethers.provider.send("eth_getBlockByNumber", ["pending", false]) as { transactions: string[] }).transactions).to.have.length(1);

      await ethers.provider.send("evm_mine", []);
      expect((await restarted.keeper.pass()).sent).to.equal(0);
      expect(Object.values(restarted.keeper.store.state.actions)[0]?.status).to.equal("mined");
      expect(await keeperNonce()).to.equal(before + 1);
      expect((await f.escrow.getDeal(await f.escrow.dealId(terms))).status).to.equal(DealStatus.Expired);
    } finally {
      await ethers.provider.send("evm_setAutomine", [true]);
    }
  });

  describe("restart", function () {
    async function dueRelease(): Promise<string> {
      const terms = await termsFor(f);
      await f.escrow.connect(f.brand).createDeal(terms, [...DEFAULT_CRITERIA]);
      await f.escrow.connect(f.influencer).acceptDeal(terms);
      await f.escrow.connect(f.influencer).submitDeliverable(terms, 0, CONTENT_HASH, CONTENT_URI);
      await travel(6n * DAY);
      return f.escrow.dealId(terms);
    }

    it("resumes from the state file: a new instance sends nothing already sent", async function () {
      const statePath = tempStatePath();
      await dueRelease();
      const first = await keeperFor(f, statePath);
      expect((await first.keeper.pass()).sent).to.equal(1);
      const before = await keeperNonce();
      const second = await keeperFor(f, statePath);
      expect(second.keeper.store.state.lastBlock).to.equal(first.keeper.store.state.lastBlock);
      expect((await second.keeper.pass()).sent).to.equal(0);
      expect(await keeperNonce()).to.equal(before);
    });

    it("crash after recording, before broadcasting: the restarted keeper sends that very transaction, once", async function () {
      const statePath = tempStatePath();
      const dealId = await dueRelease();
      const before = await keeperNonce();
      const crashing = await keeperFor(f, statePath, {
        beforeBroadcast: () => {
          throw new Error("simulated crash");
        },
      });
      await expectCrash(crashing.keeper.pass());
      const [pending] = pendingOf(crashing.keeper.store);
      expect(pending?.kind).to.equal("releaseAfterReview");
      expect(JSON.parse(readFileSync(statePath, "utf8")).actions[pending!.key].status).to.equal("pending");
      expect(await keeperNonce()).to.equal(before);

      const restarted = await keeperFor(f, statePath);
      const report = await restarted.keeper.pass();
      expect(report.actions).to.deep.equal([{ key: pending!.key, kind: "releaseAfterReview", status: "mined", hash: pending!.hash }]);
      expect(restarted.entries.some((e) => e.event === "resent")).to.equal(true);
      expect(await keeperNonce()).to.equal(before + 1);
      expect((await f.escrow.getMilestone(dealId, 0)).status).to.equal(MilestoneStatus.Released);
      expect((await restarted.keeper.pass()).sent).to.equal(0);
    });

    it("crash after broadcasting, before the receipt: the restarted keeper finds it mined and sends nothing", async function () {
      const statePath = tempStatePath();
      await dueRelease();
      const before = await keeperNonce();
      const crashing = await keeperFor(f, statePath, {
        beforeBroadcast: async (record) => {
          await ethers.provider.broadcastTransaction(record.raw!);
          throw new Error("simulated crash");
        },
      });
      await expectCrash(crashing.keeper.pass());
      expect(await keeperNonce()).to.equal(before + 1);

      const restarted = await keeperFor(f, statePath);
      const report = await restarted.keeper.pass();
      expect(report.sent).to.equal(0);
      expect(await keeperNonce()).to.equal(before + 1);
      const record = Object.values(restarted.keeper.store.state.actions)[0];
      expect(record?.status).to.equal("mined");
      expect(record?.raw).to.equal(undefined);
    });

    it("crash before broadcasting, and someone else did it meanwhile: the signed transaction is abandoned", async function () {
      const statePath = tempStatePath();
      const terms = await termsFor(f);
      await f.escrow.connect(f.brand).createDeal(terms, [...DEFAULT_CRITERIA]);
      await travel(8n * DAY);
      const before = await keeperNonce();
      const crashing = await keeperFor(f, statePath, {
        beforeBroadcast: () => {
          throw new Error("simulated crash");
        },
      });
      await expectCrash(crashing.keeper.pass());
      await f.escrow.connect(f.stranger).reclaimOffer(terms);

      const restarted = await keeperFor(f, statePath);
      expect((await restarted.keeper.pass()).sent).to.equal(0);
      expect(await keeperNonce()).to.equal(before);
      expect(Object.values(restarted.keeper.store.state.actions)[0]?.status).to.equal("abandoned");
      expect(keeperWallet.address).to.match(/^0x/);
    });
  });
});
