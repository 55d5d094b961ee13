import { expect } from "chai";
import { DEFAULT_CRITERIA, DealStatus, MilestoneStatus, Party, dealKeyOf } from "../scripts/lib/terms.js";
import {
  USDC,
  activeDeal,
  dealInReview,
  deployFixture,
  ethers,
  networkHelpers,
  offer,
  type Fixture,
} from "./helpers/fixture.js";
import { escrowBalance, expectDeal, mask, split } from "./helpers/expect.js";

const criteria = [...DEFAULT_CRITERIA];
const FEE_BPS = 100;
const SETTLEABLE = mask(MilestoneStatus.AwaitingDelivery, MilestoneStatus.InReview, MilestoneStatus.FeesPending);
const NOTE_HASH = "0x" + "cd".repeat(32);

describe("DealEscrow: settlement", function () {
  let f: Fixture;

  beforeEach(async function () {
    f = await networkHelpers.loadFixture(deployFixture);
  });

  async function openProposal(id: string, milestone = 0) {
    const m = await f.escrow.getMilestone(id, milestone);
    return { proposer: Number(m.settlementProposer), shareBps: Number(m.settlementShareBps) };
  }

  describe("proposeSettlement", function () {
    it("records the brand's proposal on a milestone awaiting delivery", async function () {
      const { terms, id } = await activeDeal(f);
      await expect(f.escrow.connect(f.brand).proposeSettlement(terms, 0, 6_000))
        .to.emit(f.escrow, "SettlementProposed")
        .withArgs(id, 0, Party.Brand, 6_000);
      expect(await openProposal(id)).to.deep.equal({ proposer: Party.Brand, shareBps: 6_000 });
    });

    it("records the influencer's proposal on a milestone under review", async function () {
      const { terms, id } = await dealInReview(f);
      await expect(f.escrow.connect(f.influencer).proposeSettlement(terms, 0, 9_000))
        .to.emit(f.escrow, "SettlementProposed")
        .withArgs(id, 0, Party.Influencer, 9_000);
      expect(await openProposal(id)).to.deep.equal({ proposer: Party.Influencer, shareBps: 9_000 });
    });

    it("records a proposal while arbitration fees are pending", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      await expect(f.escrow.connect(f.influencer).proposeSettlement(terms, 0, 5_000))
        .to.emit(f.escrow, "SettlementProposed")
        .withArgs(id, 0, Party.Influencer, 5_000);
    });

    it("replaces the open proposal with a counter-proposal", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).proposeSettlement(terms, 0, 4_000);
      await f.escrow.connect(f.influencer).proposeSettlement(terms, 0, 8_000);
      expect(await openProposal(id)).to.deep.equal({ proposer: Party.Influencer, shareBps: 8_000 });
      await expect(f.escrow.connect(f.influencer).acceptSettlement(terms, 0, 4_000))
        .to.be.revertedWithCustomError(f.escrow, "SettlementNotProposed")
        .withArgs(Party.Influencer, 8_000, 4_000);
    });

    it("accepts the bounds 0 and 10,000", async function () {
      const { terms, id } = await activeDeal(f);
      await expect(f.escrow.connect(f.brand).proposeSettlement(terms, 0, 0)).to.emit(f.escrow, "SettlementProposed").withArgs(id, 0, Party.Brand, 0);
      await expect(f.escrow.connect(f.brand).proposeSettlement(terms, 0, 10_000))
        .to.emit(f.escrow, "SettlementProposed")
        .withArgs(id, 0, Party.Brand, 10_000);
    });

    it("reverts on a share above 10,000 basis points", async function () {
      const { terms } = await activeDeal(f);
      await expect(f.escrow.connect(f.brand).proposeSettlement(terms, 0, 10_001))
        .to.be.revertedWithCustomError(f.escrow, "SettlementShareInvalid")
        .withArgs(10_001);
    });

    it("reverts when the caller is not a party", async function () {
      const { terms } = await activeDeal(f);
      await expect(f.escrow.connect(f.stranger).proposeSettlement(terms, 0, 5_000))
        .to.be.revertedWithCustomError(f.escrow, "EscrowUnauthorized")
        .withArgs(f.stranger.address, Party.None);
    });

    it("reverts once the dispute is at the arbitrator", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      await f.escrow.connect(f.influencer).payArbitrationFee(terms, criteria, 0);
      await expect(f.escrow.connect(f.brand).proposeSettlement(terms, 0, 5_000))
        .to.be.revertedWithCustomError(f.escrow, "MilestoneUnexpectedStatus")
        .withArgs(id, 0, MilestoneStatus.InArbitration, SETTLEABLE);
    });

    it("reverts on a milestone that is already final", async function () {
      const { terms, id } = await activeDeal(f, { amounts: [USDC(1), USDC(2)] });
      await f.escrow.connect(f.brand).approveMilestone(terms, 0);
      await expect(f.escrow.connect(f.influencer).proposeSettlement(terms, 0, 5_000))
        .to.be.revertedWithCustomError(f.escrow, "MilestoneUnexpectedStatus")
        .withArgs(id, 0, MilestoneStatus.Released, SETTLEABLE);
    });

    it("reverts before the deal is accepted", async function () {
      const { terms, id } = await offer(f);
      await expect(f.escrow.connect(f.brand).proposeSettlement(terms, 0, 5_000))
        .to.be.revertedWithCustomError(f.escrow, "DealUnexpectedStatus")
        .withArgs(id, DealStatus.Offered, DealStatus.Active);
    });

    it("reverts for a milestone the deal does not have", async function () {
      const { terms, id } = await activeDeal(f);
      await expect(f.escrow.connect(f.brand).proposeSettlement(terms, 3, 5_000))
        .to.be.revertedWithCustomError(f.escrow, "MilestoneOutOfRange")
        .withArgs(id, 3, 1);
    });
  });

  describe("acceptSettlement", function () {
    it("splits the milestone as proposed by the brand, less the fee on the influencer's part", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).proposeSettlement(terms, 0, 6_000);
      const s = split(USDC(1_000), 6_000, FEE_BPS);
      expect(s).to.deep.equal({ toInfluencer: USDC(594), toBrand: USDC(400), fee: USDC(6) });
      const tx = f.escrow.connect(f.influencer).acceptSettlement(terms, 0, 6_000);
      await expect(tx)
        .to.emit(f.escrow, "MilestoneFinalized")
        .withArgs(id, 0, MilestoneStatus.Settled, f.influencer.address, 6_000, s.toInfluencer, s.toBrand, s.fee);
      await expect(tx).to.emit(f.escrow, "DealClosed").withArgs(id);
      await expect(tx).to.not.emit(f.escrow, "ArbitrationFeeRefunded");
      await expectDeal(f, id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: USDC(400), influencerCredit: USDC(594) });
      // No proposal is open any more; the share stays as the milestone's final share.
      expect(await openProposal(id)).to.deep.equal({ proposer: Party.None, shareBps: 6_000 });
      expect((await f.escrow.getMilestone(id, 0)).status).to.equal(BigInt(MilestoneStatus.Settled));
      expect(await f.escrow.protocolFees(f.usdcAddress)).to.equal(USDC(6));
      expect(await escrowBalance(f)).to.equal(USDC(1_000));

      const key = dealKeyOf(terms);
      await expect(f.escrow.connect(f.brand).claim(key, f.brand.address)).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.escrow, f.brand],
        [-USDC(400), USDC(400)],
      );
      await expect(f.escrow.connect(f.influencer).claim(key, f.influencer.address)).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.escrow, f.influencer],
        [-USDC(594), USDC(594)],
      );
      expect(await escrowBalance(f)).to.equal(USDC(6));
    });

    it("lets the brand accept the influencer's proposal on one milestone of several", async function () {
      const { terms, id } = await activeDeal(f, { amounts: [USDC(333), USDC(1)] });
      await f.escrow.connect(f.influencer).proposeSettlement(terms, 0, 3_333);
      const s = split(USDC(333), 3_333, FEE_BPS);
      const tx = f.escrow.connect(f.brand).acceptSettlement(terms, 0, 3_333);
      await expect(tx)
        .to.emit(f.escrow, "MilestoneFinalized")
        .withArgs(id, 0, MilestoneStatus.Settled, f.brand.address, 3_333, s.toInfluencer, s.toBrand, s.fee);
      await expect(tx).to.not.emit(f.escrow, "DealClosed");
      expect(s.toInfluencer + s.toBrand + s.fee).to.equal(USDC(333));
      await expectDeal(f, id, { status: DealStatus.Active, openMilestones: 1, brandCredit: s.toBrand, influencerCredit: s.toInfluencer });
    });

    it("settles at 0 (all to the brand) and at 10,000 (all to the influencer)", async function () {
      const { terms, id } = await activeDeal(f, { amounts: [USDC(100), USDC(200)] });
      await f.escrow.connect(f.brand).proposeSettlement(terms, 0, 0);
      await expect(f.escrow.connect(f.influencer).acceptSettlement(terms, 0, 0))
        .to.emit(f.escrow, "MilestoneFinalized")
        .withArgs(id, 0, MilestoneStatus.Settled, f.influencer.address, 0, 0n, USDC(100), 0n);
      await f.escrow.connect(f.influencer).proposeSettlement(terms, 1, 10_000);
      await expect(f.escrow.connect(f.brand).acceptSettlement(terms, 1, 10_000))
        .to.emit(f.escrow, "MilestoneFinalized")
        .withArgs(id, 1, MilestoneStatus.Settled, f.brand.address, 10_000, USDC(198), 0n, USDC(2));
      await expectDeal(f, id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: USDC(100), influencerCredit: USDC(198) });
      expect(await escrowBalance(f)).to.equal(USDC(300));
    });

    it("settles a proposal made before a revision request", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.influencer).proposeSettlement(terms, 0, 7_500);
      await f.escrow.connect(f.brand).requestRevision(terms, 0, NOTE_HASH);
      const s = split(USDC(1_000), 7_500, FEE_BPS);
      await expect(f.escrow.connect(f.brand).acceptSettlement(terms, 0, 7_500))
        .to.emit(f.escrow, "MilestoneFinalized")
        .withArgs(id, 0, MilestoneStatus.Settled, f.brand.address, 7_500, s.toInfluencer, s.toBrand, s.fee);
    });

    it("reverts when nothing was proposed", async function () {
      const { terms } = await activeDeal(f);
      await expect(f.escrow.connect(f.influencer).acceptSettlement(terms, 0, 5_000))
        .to.be.revertedWithCustomError(f.escrow, "SettlementNotProposed")
        .withArgs(Party.None, 0, 5_000);
    });

    it("reverts when the proposer accepts its own proposal", async function () {
      const { terms } = await activeDeal(f);
      await f.escrow.connect(f.brand).proposeSettlement(terms, 0, 6_000);
      await expect(f.escrow.connect(f.brand).acceptSettlement(terms, 0, 6_000))
        .to.be.revertedWithCustomError(f.escrow, "SettlementNotProposed")
        .withArgs(Party.Brand, 6_000, 6_000);
    });

    it("reverts when the accepted share is not the proposed one", async function () {
      const { terms } = await activeDeal(f);
      await f.escrow.connect(f.brand).proposeSettlement(terms, 0, 6_000);
      await expect(f.escrow.connect(f.influencer).acceptSettlement(terms, 0, 6_001))
        .to.be.revertedWithCustomError(f.escrow, "SettlementNotProposed")
        .withArgs(Party.Brand, 6_000, 6_001);
    });

    it("reverts when the caller is not a party", async function () {
      const { terms } = await activeDeal(f);
      await f.escrow.connect(f.brand).proposeSettlement(terms, 0, 6_000);
      await expect(f.escrow.connect(f.stranger).acceptSettlement(terms, 0, 6_000))
        .to.be.revertedWithCustomError(f.escrow, "EscrowUnauthorized")
        .withArgs(f.stranger.address, Party.None);
    });

    it("reverts on a milestone finalized another way, whose proposal was replaced by the final share", async function () {
      const { terms, id } = await activeDeal(f, { amounts: [USDC(1), USDC(2)] });
      await f.escrow.connect(f.brand).proposeSettlement(terms, 0, 6_000);
      await f.escrow.connect(f.brand).approveMilestone(terms, 0);
      // The proposal is gone; the share now records the released milestone's final share.
      expect(await openProposal(id)).to.deep.equal({ proposer: Party.None, shareBps: 10_000 });
      await expect(f.escrow.connect(f.influencer).acceptSettlement(terms, 0, 6_000))
        .to.be.revertedWithCustomError(f.escrow, "MilestoneUnexpectedStatus")
        .withArgs(id, 0, MilestoneStatus.Released, SETTLEABLE);
    });

    it("reverts on a closed deal", async function () {
      const { terms, id } = await activeDeal(f);
      await f.escrow.connect(f.brand).proposeSettlement(terms, 0, 6_000);
      await f.escrow.connect(f.influencer).acceptSettlement(terms, 0, 6_000);
      await expect(f.escrow.connect(f.influencer).acceptSettlement(terms, 0, 6_000))
        .to.be.revertedWithCustomError(f.escrow, "DealUnexpectedStatus")
        .withArgs(id, DealStatus.Closed, DealStatus.Active);
    });
  });
});
