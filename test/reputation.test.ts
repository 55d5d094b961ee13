import { expect } from "chai";
import { ZeroAddress, ZeroHash, keccak256, toUtf8Bytes } from "ethers";
import {
  DealStatus,
  DEFAULT_CRITERIA,
  Party,
  dealIdOf,
  dealKeyOf,
  rulingForShare,
  type DealKey,
  type DealTerms,
} from "../scripts/lib/terms.js";
import {
  CONTENT_HASH,
  CONTENT_URI,
  USDC,
  activeDeal,
  dealInReview,
  deployFixture,
  ethers,
  networkHelpers,
  offer,
  termsFor,
  type Fixture,
} from "./helpers/fixture.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SAMPLE_PROFILES, localProfileStore, publishProfiles, recordAndRateDeal } from "../scripts/demoProfiles.js";
import { hashProfile, buildProfile } from "../scripts/lib/profile.js";
import type { Profiles, Reputation } from "../types/ethers-contracts/index.js";

const criteria = [...DEFAULT_CRITERIA];
const COMMENT = keccak256(toUtf8Bytes("Great brief, fast approval."));
const gas: Record<string, bigint> = {};

interface RepFixture extends Fixture {
  reputation: Reputation;
}

async function deployReputation(): Promise<RepFixture> {
  const f = await deployFixture();
  const reputation = (await ethers.deployContract("Reputation", [f.escrowAddress])) as unknown as Reputation;
  return { ...f, reputation };
}

/** The counters of `statsOf`, as plain numbers. */
interface Stats {
  dealsClosed: number;
  dealsCompleted: number;
  disputesWon: number;
  disputesLost: number;
  disputesDrawn: number;
  onTimeDeliveries: number;
  deliveriesDue: number;
  ratingCount: number;
  ratingSum: number;
}
const ZERO_STATS: Stats = {
  dealsClosed: 0,
  dealsCompleted: 0,
  disputesWon: 0,
  disputesLost: 0,
  disputesDrawn: 0,
  onTimeDeliveries: 0,
  deliveriesDue: 0,
  ratingCount: 0,
  ratingSum: 0,
};

describe("Reputation", function () {
  let f: RepFixture;
  let rep: Reputation;

  beforeEach(async function () {
    f = await networkHelpers.loadFixture(deployReputation);
    rep = f.reputation;
  });

  after(function () {
    console.log("      gas:", Object.entries(gas).map(([k, v]) => `${k} ${v.toLocaleString("en-US")}`).join(", "));
  });

  /* ------------------------------------------------------------------ */
  /*                               HELPERS                              */
  /* ------------------------------------------------------------------ */

  async function statsOf(account: string): Promise<Stats> {
    const s = await rep.statsOf(account);
    return {
      dealsClosed: Number(s.dealsClosed),
      dealsCompleted: Number(s.dealsCompleted),
      disputesWon: Number(s.disputesWon),
      disputesLost: Number(s.disputesLost),
      disputesDrawn: Number(s.disputesDrawn),
      onTimeDeliveries: Number(s.onTimeDeliveries),
      deliveriesDue: Number(s.deliveriesDue),
      ratingCount: Number(s.ratingCount),
      ratingSum: Number(s.ratingSum),
    };
  }

  /** A one-milestone deal submitted and approved: closed and completed. */
  async function approvedDeal() {
    const deal = await dealInReview(f);
    await f.escrow.connect(f.brand).approveMilestone(deal.terms, 0);
    return { ...deal, key: dealKeyOf(deal.terms) };
  }

  /** Takes submitted milestone `milestone` to the arbitrator and rules `shareBps` for the influencer. */
  async function rule(terms: DealTerms, milestone: number, shareBps: number): Promise<void> {
    await f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, milestone);
    await f.escrow.connect(f.influencer).payArbitrationFee(terms, criteria, milestone);
    const { disputeId } = await f.escrow.getArbitration(dealIdOf(terms), milestone);
    await f.arbitrator.giveRuling(disputeId, rulingForShare(shareBps));
  }

  /** A one-milestone deal submitted, disputed and ruled at `shareBps` for the influencer. */
  async function ruledDeal(shareBps: number) {
    const deal = await dealInReview(f);
    await rule(deal.terms, 0, shareBps);
    return { ...deal, key: dealKeyOf(deal.terms) };
  }

  /** Expects `record` to emit DealRecorded with these counts. */
  async function expectRecorded(
    terms: DealTerms,
    c: { completed: boolean; milestones: number; onTime: number; influencerWins: number; brandWins: number; draws: number },
  ) {
    const tx = await rep.connect(f.stranger).record(terms);
    await expect(tx)
      .to.emit(rep, "DealRecorded")
      .withArgs(
        dealIdOf(terms),
        f.brand.address,
        f.influencer.address,
        c.completed,
        c.milestones,
        c.onTime,
        c.influencerWins,
        c.brandWins,
        c.draws,
        f.stranger.address,
      );
    expect(await rep.isRecorded(dealIdOf(terms))).to.equal(true);
    return (await tx.wait())!.gasUsed;
  }

  /* ------------------------------------------------------------------ */
  /*                              DEPLOYMENT                            */
  /* ------------------------------------------------------------------ */

  describe("deployment", function () {
    it("reads the escrow it was given", async function () {
      expect(await rep.escrow()).to.equal(f.escrowAddress);
      expect(await statsOf(f.brand.address)).to.deep.equal(ZERO_STATS);
      expect(await rep.averageRating(f.brand.address)).to.equal(0n);
    });

    it("refuses the zero address as escrow", async function () {
      const factory = await ethers.getContractFactory("Reputation");
      await expect(factory.deploy(ZeroAddress))
        .to.be.revertedWithCustomError(rep, "ReputationInvalidEscrow")
        .withArgs(ZeroAddress);
    });
  });

  /* ------------------------------------------------------------------ */
  /*                               RECORD                               */
  /* ------------------------------------------------------------------ */

  describe("record", function () {
    it("counts a completed deal for both parties, with the on-time delivery", async function () {
      const { terms } = await approvedDeal();
      gas["record (1 milestone)"] = await expectRecorded(terms, {
        completed: true,
        milestones: 1,
        onTime: 1,
        influencerWins: 0,
        brandWins: 0,
        draws: 0,
      });
      expect(await statsOf(f.brand.address)).to.deep.equal({ ...ZERO_STATS, dealsClosed: 1, dealsCompleted: 1 });
      expect(await statsOf(f.influencer.address)).to.deep.equal({
        ...ZERO_STATS,
        dealsClosed: 1,
        dealsCompleted: 1,
        onTimeDeliveries: 1,
        deliveriesDue: 1,
      });
      expect(await statsOf(f.stranger.address)).to.deep.equal(ZERO_STATS);
      expect(await rep.dealReputation(dealIdOf(terms))).to.deep.equal([true, 0n, 0n]);
    });

    it("counts a refunded deal as closed, not completed, without delivery", async function () {
      const { terms } = await activeDeal(f);
      await f.escrow.connect(f.influencer).refundMilestone(terms, 0);
      await expectRecorded(terms, { completed: false, milestones: 1, onTime: 0, influencerWins: 0, brandWins: 0, draws: 0 });
      expect(await statsOf(f.brand.address)).to.deep.equal({ ...ZERO_STATS, dealsClosed: 1 });
      expect(await statsOf(f.influencer.address)).to.deep.equal({ ...ZERO_STATS, dealsClosed: 1, deliveriesDue: 1 });
    });

    it("counts a ruling above 50 % as won by the influencer and lost by the brand", async function () {
      const { terms } = await ruledDeal(7_000);
      await expectRecorded(terms, { completed: true, milestones: 1, onTime: 1, influencerWins: 1, brandWins: 0, draws: 0 });
      expect(await statsOf(f.brand.address)).to.deep.equal({ ...ZERO_STATS, dealsClosed: 1, dealsCompleted: 1, disputesLost: 1 });
      expect(await statsOf(f.influencer.address)).to.deep.equal({
        ...ZERO_STATS,
        dealsClosed: 1,
        dealsCompleted: 1,
        disputesWon: 1,
        onTimeDeliveries: 1,
        deliveriesDue: 1,
      });
    });

    it("counts a ruling below 50 % as won by the brand and lost by the influencer", async function () {
      const { terms } = await ruledDeal(0);
      await expectRecorded(terms, { completed: false, milestones: 1, onTime: 1, influencerWins: 0, brandWins: 1, draws: 0 });
      expect(await statsOf(f.brand.address)).to.deep.equal({ ...ZERO_STATS, dealsClosed: 1, disputesWon: 1 });
      expect(await statsOf(f.influencer.address)).to.deep.equal({
        ...ZERO_STATS,
        dealsClosed: 1,
        disputesLost: 1,
        onTimeDeliveries: 1,
        deliveriesDue: 1,
      });
    });

    it("counts a ruling just below 50 % (4,999 bps) for the brand, though the deal completed", async function () {
      const { terms } = await ruledDeal(4_999);
      await expectRecorded(terms, { completed: true, milestones: 1, onTime: 1, influencerWins: 0, brandWins: 1, draws: 0 });
    });

    it("counts a 50/50 ruling as a draw for both", async function () {
      const { terms } = await ruledDeal(5_000);
      await expectRecorded(terms, { completed: true, milestones: 1, onTime: 1, influencerWins: 0, brandWins: 0, draws: 1 });
      expect(await statsOf(f.brand.address)).to.deep.equal({ ...ZERO_STATS, dealsClosed: 1, dealsCompleted: 1, disputesDrawn: 1 });
      expect((await statsOf(f.influencer.address)).disputesDrawn).to.equal(1);
    });

    it("counts a fee-timeout default as a dispute lost by the party that did not pay", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      const { feeDeadline } = await f.escrow.getArbitration(id, 0);
      await networkHelpers.time.increaseTo(feeDeadline + 1n);
      await f.escrow.connect(f.stranger).timeOutArbitration(terms, 0);
      await expectRecorded(terms, { completed: false, milestones: 1, onTime: 1, influencerWins: 0, brandWins: 1, draws: 0 });
    });

    it("reads every milestone: delivered or paid early, settled (not a dispute) and ruled", async function () {
      const { terms } = await activeDeal(f, { amounts: [USDC(100), USDC(200), USDC(300), USDC(400)] });
      const influencer = f.escrow.connect(f.influencer);
      const brand = f.escrow.connect(f.brand);
      await influencer.submitDeliverable(terms, 0, CONTENT_HASH, CONTENT_URI);
      await brand.approveMilestone(terms, 0);
      await brand.approveMilestone(terms, 1); // paid before any submission: not a delivery
      await influencer.submitDeliverable(terms, 3, CONTENT_HASH, CONTENT_URI);
      await brand.proposeSettlement(terms, 3, 5_000);
      await influencer.acceptSettlement(terms, 3, 5_000); // an agreement, not a dispute
      await influencer.submitDeliverable(terms, 2, CONTENT_HASH, CONTENT_URI);
      await rule(terms, 2, 7_000);
      gas["record (4 milestones)"] = await expectRecorded(terms, {
        completed: true,
        milestones: 4,
        onTime: 3,
        influencerWins: 1,
        brandWins: 0,
        draws: 0,
      });
      expect(await statsOf(f.influencer.address)).to.deep.equal({
        ...ZERO_STATS,
        dealsClosed: 1,
        dealsCompleted: 1,
        disputesWon: 1,
        onTimeDeliveries: 3,
        deliveriesDue: 4,
      });
      expect(await statsOf(f.brand.address)).to.deep.equal({ ...ZERO_STATS, dealsClosed: 1, dealsCompleted: 1, disputesLost: 1 });
    });

    it("adds deals up", async function () {
      const a = await approvedDeal();
      const b = await ruledDeal(2_000);
      await rep.record(a.terms);
      await rep.record(b.terms);
      expect(await statsOf(f.brand.address)).to.deep.equal({ ...ZERO_STATS, dealsClosed: 2, dealsCompleted: 2, disputesWon: 1 });
      expect(await statsOf(f.influencer.address)).to.deep.equal({
        ...ZERO_STATS,
        dealsClosed: 2,
        dealsCompleted: 2,
        disputesLost: 1,
        onTimeDeliveries: 2,
        deliveriesDue: 2,
      });
    });

    it("refuses to record a deal twice", async function () {
      const { terms, id } = await approvedDeal();
      await rep.connect(f.brand).record(terms);
      await expect(rep.connect(f.stranger).record(terms))
        .to.be.revertedWithCustomError(rep, "ReputationAlreadyRecorded")
        .withArgs(id);
    });

    it("refuses a deal that has not ended, in every status before Closed", async function () {
      // None: terms that were never offered.
      const unknown = await termsFor(f);
      await expect(rep.record(unknown))
        .to.be.revertedWithCustomError(rep, "ReputationDealNotEnded")
        .withArgs(dealIdOf(unknown), DealStatus.None);
      // Offered.
      const offered = await offer(f);
      await expect(rep.record(offered.terms))
        .to.be.revertedWithCustomError(rep, "ReputationDealNotEnded")
        .withArgs(offered.id, DealStatus.Offered);
      // Active, with a milestone still open.
      const active = await activeDeal(f, { amounts: [USDC(100), USDC(100)] });
      await f.escrow.connect(f.brand).approveMilestone(active.terms, 0);
      await expect(rep.record(active.terms))
        .to.be.revertedWithCustomError(rep, "ReputationDealNotEnded")
        .withArgs(active.id, DealStatus.Active);
      // Declined: the offer ended, but no deal took place.
      await f.escrow.connect(f.influencer).declineDeal(offered.terms);
      await expect(rep.record(offered.terms))
        .to.be.revertedWithCustomError(rep, "ReputationDealNotEnded")
        .withArgs(offered.id, DealStatus.Declined);
      // Expired.
      const expired = await offer(f);
      await networkHelpers.time.increaseTo(expired.terms.acceptBy + 1n);
      await f.escrow.connect(f.stranger).reclaimOffer(expired.terms);
      await expect(rep.record(expired.terms))
        .to.be.revertedWithCustomError(rep, "ReputationDealNotEnded")
        .withArgs(expired.id, DealStatus.Expired);
      expect(await statsOf(f.brand.address)).to.deep.equal(ZERO_STATS);
    });
  });

  /* ------------------------------------------------------------------ */
  /*                                RATE                                */
  /* ------------------------------------------------------------------ */

  describe("rate", function () {
    it("lets the brand rate the influencer once the deal closed, without record", async function () {
      const { id, key } = await approvedDeal();
      const tx = await rep.connect(f.brand).rate(key, 5, COMMENT);
      await expect(tx).to.emit(rep, "Rated").withArgs(id, f.brand.address, f.influencer.address, 5, COMMENT);
      gas["rate (first rating received)"] = (await tx.wait())!.gasUsed;
      expect(await statsOf(f.influencer.address)).to.deep.equal({ ...ZERO_STATS, ratingCount: 1, ratingSum: 5 });
      expect(await statsOf(f.brand.address)).to.deep.equal(ZERO_STATS);
      expect(await rep.hasRated(id, Party.Brand)).to.equal(true);
      expect(await rep.hasRated(id, Party.Influencer)).to.equal(false);
      expect(await rep.hasRated(id, Party.None)).to.equal(false);
      expect(await rep.isRecorded(id)).to.equal(false);
      expect(await rep.dealReputation(id)).to.deep.equal([false, 5n, 0n]);
    });

    it("lets the influencer rate the brand, with no comment", async function () {
      const { id, key, terms } = await approvedDeal();
      await rep.connect(f.brand).rate(key, 4, COMMENT);
      const tx = await rep.connect(f.influencer).rate(key, 2, ZeroHash);
      await expect(tx).to.emit(rep, "Rated").withArgs(id, f.influencer.address, f.brand.address, 2, ZeroHash);
      gas["rate (second side)"] = (await tx.wait())!.gasUsed;
      expect(await statsOf(f.brand.address)).to.deep.equal({ ...ZERO_STATS, ratingCount: 1, ratingSum: 2 });
      expect(await rep.hasRated(id, Party.Influencer)).to.equal(true);
      expect(await rep.dealReputation(id)).to.deep.equal([false, 4n, 2n]);
      // Recording afterwards keeps the ratings.
      await rep.record(terms);
      expect(await rep.dealReputation(id)).to.deep.equal([true, 4n, 2n]);
      expect(await statsOf(f.brand.address)).to.deep.equal({ ...ZERO_STATS, dealsClosed: 1, dealsCompleted: 1, ratingCount: 1, ratingSum: 2 });
    });

    it("refuses a rater who is not a party of the deal", async function () {
      const { id, key } = await approvedDeal();
      await expect(rep.connect(f.stranger).rate(key, 5, ZeroHash))
        .to.be.revertedWithCustomError(rep, "ReputationNotAParty")
        .withArgs(id, f.stranger.address);
    });

    it("refuses a key forged to name the rater as a party: no such deal", async function () {
      const { key } = await approvedDeal();
      const forged: DealKey = { ...key, brand: f.stranger.address };
      const forgedId = await f.escrow.dealIdOf(forged);
      await expect(rep.connect(f.stranger).rate(forged, 1, ZeroHash))
        .to.be.revertedWithCustomError(rep, "ReputationDealNotEnded")
        .withArgs(forgedId, DealStatus.None);
    });

    it("refuses a second rating from the same side", async function () {
      const { id, key } = await approvedDeal();
      await rep.connect(f.brand).rate(key, 5, ZeroHash);
      await rep.connect(f.influencer).rate(key, 5, ZeroHash);
      await expect(rep.connect(f.brand).rate(key, 1, COMMENT))
        .to.be.revertedWithCustomError(rep, "ReputationAlreadyRated")
        .withArgs(id, f.brand.address);
      await expect(rep.connect(f.influencer).rate(key, 1, COMMENT))
        .to.be.revertedWithCustomError(rep, "ReputationAlreadyRated")
        .withArgs(id, f.influencer.address);
      expect(await statsOf(f.influencer.address)).to.deep.equal({ ...ZERO_STATS, ratingCount: 1, ratingSum: 5 });
    });

    it("refuses a rating before the deal closed (offered, active, declined)", async function () {
      const offered = await offer(f);
      const offeredKey = dealKeyOf(offered.terms);
      await expect(rep.connect(f.brand).rate(offeredKey, 5, ZeroHash))
        .to.be.revertedWithCustomError(rep, "ReputationDealNotEnded")
        .withArgs(offered.id, DealStatus.Offered);
      await f.escrow.connect(f.influencer).declineDeal(offered.terms);
      await expect(rep.connect(f.influencer).rate(offeredKey, 1, ZeroHash))
        .to.be.revertedWithCustomError(rep, "ReputationDealNotEnded")
        .withArgs(offered.id, DealStatus.Declined);
      const active = await dealInReview(f);
      await expect(rep.connect(f.influencer).rate(dealKeyOf(active.terms), 3, ZeroHash))
        .to.be.revertedWithCustomError(rep, "ReputationDealNotEnded")
        .withArgs(active.id, DealStatus.Active);
    });

    it("refuses scores 0 and 6", async function () {
      const { key } = await approvedDeal();
      await expect(rep.connect(f.brand).rate(key, 0, ZeroHash))
        .to.be.revertedWithCustomError(rep, "ReputationScoreOutOfRange")
        .withArgs(0);
      await expect(rep.connect(f.influencer).rate(key, 6, ZeroHash))
        .to.be.revertedWithCustomError(rep, "ReputationScoreOutOfRange")
        .withArgs(6);
      await rep.connect(f.brand).rate(key, 1, ZeroHash);
      await rep.connect(f.influencer).rate(key, 5, ZeroHash);
    });

    it("averages the scores received, x100 rounded down, 0 without ratings", async function () {
      for (const score of [5, 4, 4]) {
        const { key } = await approvedDeal();
        await rep.connect(f.brand).rate(key, score, ZeroHash);
      }
      const { key } = await approvedDeal();
      await rep.connect(f.influencer).rate(key, 3, ZeroHash);
      expect(await rep.averageRating(f.influencer.address)).to.equal(433n); // 13 / 3
      expect(await rep.averageRating(f.brand.address)).to.equal(300n);
      expect(await rep.averageRating(f.stranger.address)).to.equal(0n);
      expect(await statsOf(f.influencer.address)).to.deep.equal({ ...ZERO_STATS, ratingCount: 3, ratingSum: 13 });
    });
  });
  /* ------------------------------------------------------------------ */
  /*                      DEMO HELPERS (scripts/)                       */
  /* ------------------------------------------------------------------ */

  describe("demo helpers (scripts/demoProfiles.ts)", function () {
    it("publishes the sample profiles, then records and rates a closed deal", async function () {
      const profiles = (await ethers.deployContract("Profiles")) as unknown as Profiles;
      const lines: string[] = [];
      const log = (l: string): void => {
        lines.push(l);
      };
      const local = localProfileStore(mkdtempSync(join(tmpdir(), "ispera-profiles-")));
      const published = await publishProfiles(
        profiles,
        [
          { signer: f.brand, input: SAMPLE_PROFILES.brand },
          { signer: f.influencer, input: SAMPLE_PROFILES.influencer },
        ],
        { ...local, log },
      );
      expect(published.map((p) => [p.account, p.handle, p.version])).to.deep.equal([
        [f.brand.address, "maison-lumiere", 1n],
        [f.influencer.address, "lea.makeup", 1n],
      ]);
      expect((await profiles.profileOf(f.influencer.address)).metadataHash).to.equal(
        hashProfile(buildProfile(SAMPLE_PROFILES.influencer)),
      );

      const { terms, id } = await approvedDeal();
      const result = await recordAndRateDeal(
        rep,
        terms,
        { recorder: f.stranger, brand: f.brand, influencer: f.influencer },
        { byBrand: { score: 5, comment: "On time, on brief." }, byInfluencer: { score: 4 } },
        { log },
      );
      expect(result.dealId).to.equal(id);
      expect(Object.keys(result.gas)).to.deep.equal(["record", "rate by brand", "rate by influencer"]);
      expect(await rep.averageRating(f.influencer.address)).to.equal(500n);
      expect(await rep.averageRating(f.brand.address)).to.equal(400n);
      expect(lines.some((l) => l.includes("verified against the chain"))).to.equal(true);
      expect(lines.at(-1)).to.include("1 deal(s) closed, 1 completed, disputes 0 won / 0 lost / 0 drawn, on time 1/1, rated 5.00/5 by 1");
    });
  });
});
