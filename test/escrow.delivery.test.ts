import { expect } from "chai";
import { DAY, DealStatus, MilestoneStatus, Party, dealKeyOf, dealIdOf } from "../scripts/lib/terms.js";
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
import { escrowBalance, expectDeal, expectMilestone, mask, nextBlockAt, split } from "./helpers/expect.js";

const NOTE_HASH = "0x" + "cd".repeat(32);
const FEE_BPS = 100;
const AMOUNT = USDC(1_000);
const PAID = split(AMOUNT, 10_000, FEE_BPS); // 990 to the influencer, 10 to the protocol

describe("DealEscrow: delivery", function () {
  let f: Fixture;

  beforeEach(async function () {
    f = await networkHelpers.loadFixture(deployFixture);
  });

  describe("acceptDeal", function () {
    it("activates the deal and opens its milestones", async function () {
      const { terms, id } = await offer(f, { amounts: [USDC(400), USDC(600)] });
      await expect(f.escrow.connect(f.influencer).acceptDeal(terms))
        .to.emit(f.escrow, "DealAccepted")
        .withArgs(id, f.influencer.address);
      await expectDeal(f, id, { status: DealStatus.Active, openMilestones: 2, brandCredit: 0n, influencerCredit: 0n });
      await expectMilestone(f, id, 1, { status: MilestoneStatus.AwaitingDelivery, deadline: terms.milestones[1]!.deliverBy });
      expect(await escrowBalance(f)).to.equal(USDC(1_000));
    });

    it("accepts up to and including acceptBy", async function () {
      const { terms, id } = await offer(f);
      await nextBlockAt(terms.acceptBy);
      await expect(f.escrow.connect(f.influencer).acceptDeal(terms)).to.emit(f.escrow, "DealAccepted").withArgs(id, f.influencer.address);
    });

    it("reverts after acceptBy", async function () {
      const { terms } = await offer(f);
      await nextBlockAt(terms.acceptBy + 1n);
      await expect(f.escrow.connect(f.influencer).acceptDeal(terms))
        .to.be.revertedWithCustomError(f.escrow, "DeadlinePassed")
        .withArgs(terms.acceptBy, terms.acceptBy + 1n);
    });

    it("reverts for terms that were never offered", async function () {
      const terms = await termsFor(f);
      await expect(f.escrow.connect(f.influencer).acceptDeal(terms))
        .to.be.revertedWithCustomError(f.escrow, "DealNotFound")
        .withArgs(dealIdOf(terms));
    });

    it("reverts for terms that differ in any field from the offer", async function () {
      const { terms } = await offer(f);
      const altered = { ...terms, reviewPeriod: terms.reviewPeriod + 1 };
      await expect(f.escrow.connect(f.influencer).acceptDeal(altered))
        .to.be.revertedWithCustomError(f.escrow, "DealNotFound")
        .withArgs(dealIdOf(altered));
    });

    it("reverts when the caller is not the influencer", async function () {
      const { terms } = await offer(f);
      for (const caller of [f.brand, f.stranger]) {
        await expect(f.escrow.connect(caller).acceptDeal(terms))
          .to.be.revertedWithCustomError(f.escrow, "EscrowUnauthorized")
          .withArgs(caller.address, Party.Influencer);
      }
    });

    it("reverts when the deal is already active", async function () {
      const { terms, id } = await activeDeal(f);
      await expect(f.escrow.connect(f.influencer).acceptDeal(terms))
        .to.be.revertedWithCustomError(f.escrow, "DealUnexpectedStatus")
        .withArgs(id, DealStatus.Active, DealStatus.Offered);
    });
  });

  describe("declineDeal", function () {
    it("credits the whole escrow back to the brand and clears the milestones", async function () {
      const { terms, id } = await offer(f, { amounts: [USDC(400), USDC(600)] });
      await expect(f.escrow.connect(f.influencer).declineDeal(terms))
        .to.emit(f.escrow, "DealDeclined")
        .withArgs(id, f.influencer.address, USDC(1_000));
      await expectDeal(f, id, { status: DealStatus.Declined, openMilestones: 0, brandCredit: USDC(1_000), influencerCredit: 0n });
      await expectMilestone(f, id, 0, { status: MilestoneStatus.None, deadline: 0n });
      await expectMilestone(f, id, 1, { status: MilestoneStatus.None, deadline: 0n });
      expect(await escrowBalance(f)).to.equal(USDC(1_000));
      await expect(f.escrow.connect(f.brand).claim(dealKeyOf(terms), f.brand.address)).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.escrow, f.brand],
        [-USDC(1_000), USDC(1_000)],
      );
      expect(await escrowBalance(f)).to.equal(0n);
    });

    it("reverts when the caller is not the influencer", async function () {
      const { terms } = await offer(f);
      await expect(f.escrow.connect(f.brand).declineDeal(terms))
        .to.be.revertedWithCustomError(f.escrow, "EscrowUnauthorized")
        .withArgs(f.brand.address, Party.Influencer);
    });

    it("reverts once the deal is accepted", async function () {
      const { terms, id } = await activeDeal(f);
      await expect(f.escrow.connect(f.influencer).declineDeal(terms))
        .to.be.revertedWithCustomError(f.escrow, "DealUnexpectedStatus")
        .withArgs(id, DealStatus.Active, DealStatus.Offered);
    });
  });

  describe("reclaimOffer", function () {
    it("reverts until acceptBy has passed", async function () {
      const { terms } = await offer(f);
      await nextBlockAt(terms.acceptBy);
      await expect(f.escrow.connect(f.brand).reclaimOffer(terms))
        .to.be.revertedWithCustomError(f.escrow, "DeadlineNotReached")
        .withArgs(terms.acceptBy, terms.acceptBy);
    });

    it("lets anyone expire an unanswered offer, crediting the brand", async function () {
      const { terms, id } = await offer(f, { amounts: [USDC(250), USDC(750)] });
      await networkHelpers.time.increaseTo(terms.acceptBy + 1n);
      await expect(f.escrow.connect(f.stranger).reclaimOffer(terms))
        .to.emit(f.escrow, "DealExpired")
        .withArgs(id, f.stranger.address, USDC(1_000));
      await expectDeal(f, id, { status: DealStatus.Expired, openMilestones: 0, brandCredit: USDC(1_000), influencerCredit: 0n });
      await expectMilestone(f, id, 1, { status: MilestoneStatus.None });
      expect(await escrowBalance(f)).to.equal(USDC(1_000));
    });

    it("reverts on a declined offer", async function () {
      const { terms, id } = await offer(f);
      await f.escrow.connect(f.influencer).declineDeal(terms);
      await networkHelpers.time.increaseTo(terms.acceptBy + 1n);
      await expect(f.escrow.connect(f.brand).reclaimOffer(terms))
        .to.be.revertedWithCustomError(f.escrow, "DealUnexpectedStatus")
        .withArgs(id, DealStatus.Declined, DealStatus.Offered);
    });

    it("reverts on an accepted deal", async function () {
      const { terms, id } = await activeDeal(f);
      await networkHelpers.time.increaseTo(terms.acceptBy + 1n);
      await expect(f.escrow.connect(f.brand).reclaimOffer(terms))
        .to.be.revertedWithCustomError(f.escrow, "DealUnexpectedStatus")
        .withArgs(id, DealStatus.Active, DealStatus.Offered);
    });
  });

  describe("submitDeliverable", function () {
    it("opens the review window", async function () {
      const { terms, id } = await activeDeal(f);
      const t = await nextBlockAt();
      const reviewDeadline = t + BigInt(terms.reviewPeriod);
      await expect(f.escrow.connect(f.influencer).submitDeliverable(terms, 0, CONTENT_HASH, CONTENT_URI))
        .to.emit(f.escrow, "DeliverableSubmitted")
        .withArgs(id, 0, 0, CONTENT_HASH, CONTENT_URI, reviewDeadline);
      await expectMilestone(f, id, 0, { status: MilestoneStatus.InReview, deadline: reviewDeadline, revisions: 0 });
    });

    it("accepts a submission at the deliver-by date", async function () {
      const { terms, id } = await activeDeal(f);
      const deliverBy = terms.milestones[0]!.deliverBy;
      await nextBlockAt(deliverBy);
      await expect(f.escrow.connect(f.influencer).submitDeliverable(terms, 0, CONTENT_HASH, CONTENT_URI))
        .to.emit(f.escrow, "DeliverableSubmitted")
        .withArgs(id, 0, 0, CONTENT_HASH, CONTENT_URI, deliverBy + BigInt(terms.reviewPeriod));
    });

    it("reverts after the deliver-by date", async function () {
      const { terms } = await activeDeal(f);
      const deliverBy = terms.milestones[0]!.deliverBy;
      await nextBlockAt(deliverBy + 1n);
      await expect(f.escrow.connect(f.influencer).submitDeliverable(terms, 0, CONTENT_HASH, CONTENT_URI))
        .to.be.revertedWithCustomError(f.escrow, "DeadlinePassed")
        .withArgs(deliverBy, deliverBy + 1n);
    });

    it("reverts before the deal is accepted", async function () {
      const { terms, id } = await offer(f);
      await expect(f.escrow.connect(f.influencer).submitDeliverable(terms, 0, CONTENT_HASH, CONTENT_URI))
        .to.be.revertedWithCustomError(f.escrow, "DealUnexpectedStatus")
        .withArgs(id, DealStatus.Offered, DealStatus.Active);
    });

    it("reverts when the caller is not the influencer", async function () {
      const { terms } = await activeDeal(f);
      await expect(f.escrow.connect(f.brand).submitDeliverable(terms, 0, CONTENT_HASH, CONTENT_URI))
        .to.be.revertedWithCustomError(f.escrow, "EscrowUnauthorized")
        .withArgs(f.brand.address, Party.Influencer);
    });

    it("reverts for a milestone the deal does not have", async function () {
      const { terms, id } = await activeDeal(f, { amounts: [USDC(1), USDC(2)] });
      await expect(f.escrow.connect(f.influencer).submitDeliverable(terms, 2, CONTENT_HASH, CONTENT_URI))
        .to.be.revertedWithCustomError(f.escrow, "MilestoneOutOfRange")
        .withArgs(id, 2, 2);
    });

    it("reverts when the milestone is already under review", async function () {
      const { terms, id } = await dealInReview(f);
      await expect(f.escrow.connect(f.influencer).submitDeliverable(terms, 0, CONTENT_HASH, CONTENT_URI))
        .to.be.revertedWithCustomError(f.escrow, "MilestoneUnexpectedStatus")
        .withArgs(id, 0, MilestoneStatus.InReview, mask(MilestoneStatus.AwaitingDelivery));
    });

    it("numbers a resubmission after a revision request as attempt 1", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).requestRevision(terms, 0, NOTE_HASH);
      const t = await nextBlockAt();
      await expect(f.escrow.connect(f.influencer).submitDeliverable(terms, 0, CONTENT_HASH, "ipfs://v2"))
        .to.emit(f.escrow, "DeliverableSubmitted")
        .withArgs(id, 0, 1, CONTENT_HASH, "ipfs://v2", t + BigInt(terms.reviewPeriod));
      await expectMilestone(f, id, 0, { status: MilestoneStatus.InReview, revisions: 1 });
    });
  });

  describe("approveMilestone", function () {
    it("credits the milestone to the influencer less the protocol fee and closes the deal", async function () {
      const { terms, id } = await dealInReview(f);
      const tx = f.escrow.connect(f.brand).approveMilestone(terms, 0);
      await expect(tx)
        .to.emit(f.escrow, "MilestoneFinalized")
        .withArgs(id, 0, MilestoneStatus.Released, f.brand.address, 10_000, USDC(990), 0n, USDC(10));
      await expect(tx).to.emit(f.escrow, "DealClosed").withArgs(id);
      expect(PAID).to.deep.equal({ toInfluencer: USDC(990), toBrand: 0n, fee: USDC(10) });
      await expectDeal(f, id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: 0n, influencerCredit: USDC(990) });
      await expectMilestone(f, id, 0, { status: MilestoneStatus.Released });
      expect(await f.escrow.protocolFees(f.usdcAddress)).to.equal(USDC(10));
      expect(await escrowBalance(f)).to.equal(USDC(1_000));
    });

    it("pays early while the milestone awaits delivery, leaving the deal active", async function () {
      const { terms, id } = await activeDeal(f, { amounts: [USDC(300), USDC(700)] });
      const tx = f.escrow.connect(f.brand).approveMilestone(terms, 1);
      await expect(tx)
        .to.emit(f.escrow, "MilestoneFinalized")
        .withArgs(id, 1, MilestoneStatus.Released, f.brand.address, 10_000, USDC(693), 0n, USDC(7));
      await expect(tx).to.not.emit(f.escrow, "DealClosed");
      await expectDeal(f, id, { status: DealStatus.Active, openMilestones: 1, brandCredit: 0n, influencerCredit: USDC(693) });
      await expectMilestone(f, id, 0, { status: MilestoneStatus.AwaitingDelivery });
    });

    it("approves after the review window while nobody released it", async function () {
      const { terms, id } = await dealInReview(f);
      await networkHelpers.time.increase(30 * DAY);
      await expect(f.escrow.connect(f.brand).approveMilestone(terms, 0))
        .to.emit(f.escrow, "MilestoneFinalized")
        .withArgs(id, 0, MilestoneStatus.Released, f.brand.address, 10_000, USDC(990), 0n, USDC(10));
    });

    it("reverts when the caller is not the brand", async function () {
      const { terms } = await dealInReview(f);
      await expect(f.escrow.connect(f.influencer).approveMilestone(terms, 0))
        .to.be.revertedWithCustomError(f.escrow, "EscrowUnauthorized")
        .withArgs(f.influencer.address, Party.Brand);
    });

    it("reverts on a milestone that is already final", async function () {
      const { terms, id } = await activeDeal(f, { amounts: [USDC(1), USDC(2)] });
      await f.escrow.connect(f.brand).approveMilestone(terms, 0);
      await expect(f.escrow.connect(f.brand).approveMilestone(terms, 0))
        .to.be.revertedWithCustomError(f.escrow, "MilestoneUnexpectedStatus")
        .withArgs(id, 0, MilestoneStatus.Released, mask(MilestoneStatus.AwaitingDelivery, MilestoneStatus.InReview));
    });

    it("reverts once the deal is closed", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).approveMilestone(terms, 0);
      await expect(f.escrow.connect(f.brand).approveMilestone(terms, 0))
        .to.be.revertedWithCustomError(f.escrow, "DealUnexpectedStatus")
        .withArgs(id, DealStatus.Closed, DealStatus.Active);
    });
  });

  describe("requestRevision", function () {
    it("gives the influencer the revision period when it ends after the deliver-by date", async function () {
      const { terms, id } = await dealInReview(f, { acceptWithin: DAY, deliverWithin: DAY });
      const t = await nextBlockAt();
      const resubmitBy = t + BigInt(terms.revisionPeriod);
      expect(resubmitBy > terms.milestones[0]!.deliverBy).to.equal(true);
      await expect(f.escrow.connect(f.brand).requestRevision(terms, 0, NOTE_HASH))
        .to.emit(f.escrow, "RevisionRequested")
        .withArgs(id, 0, 1, NOTE_HASH, resubmitBy);
      await expectMilestone(f, id, 0, { status: MilestoneStatus.AwaitingDelivery, deadline: resubmitBy, revisions: 1 });
    });

    it("keeps the original deliver-by date when it is later than the revision period", async function () {
      const { terms, id } = await dealInReview(f, { deliverWithin: 30 * DAY });
      const deliverBy = terms.milestones[0]!.deliverBy;
      await expect(f.escrow.connect(f.brand).requestRevision(terms, 0, NOTE_HASH))
        .to.emit(f.escrow, "RevisionRequested")
        .withArgs(id, 0, 1, NOTE_HASH, deliverBy);
      await expectMilestone(f, id, 0, { status: MilestoneStatus.AwaitingDelivery, deadline: deliverBy, revisions: 1 });
    });

    it("accepts a request at the review deadline", async function () {
      const { terms, id } = await dealInReview(f);
      const { deadline } = await f.escrow.getMilestone(id, 0);
      await nextBlockAt(deadline);
      await expect(f.escrow.connect(f.brand).requestRevision(terms, 0, NOTE_HASH)).to.emit(f.escrow, "RevisionRequested");
    });

    it("reverts after the review deadline", async function () {
      const { terms, id } = await dealInReview(f);
      const { deadline } = await f.escrow.getMilestone(id, 0);
      await nextBlockAt(deadline + 1n);
      await expect(f.escrow.connect(f.brand).requestRevision(terms, 0, NOTE_HASH))
        .to.be.revertedWithCustomError(f.escrow, "DeadlinePassed")
        .withArgs(deadline, deadline + 1n);
    });

    it("reverts once every allowed revision was used", async function () {
      const { terms, id } = await dealInReview(f, { maxRevisions: 2 });
      for (let i = 0; i < 2; i++) {
        await f.escrow.connect(f.brand).requestRevision(terms, 0, NOTE_HASH);
        await f.escrow.connect(f.influencer).submitDeliverable(terms, 0, CONTENT_HASH, CONTENT_URI);
      }
      await expect(f.escrow.connect(f.brand).requestRevision(terms, 0, NOTE_HASH))
        .to.be.revertedWithCustomError(f.escrow, "RevisionLimitReached")
        .withArgs(id, 0, 2);
    });

    it("reverts on a deal that allows no revision", async function () {
      const { terms, id } = await dealInReview(f, { maxRevisions: 0 });
      await expect(f.escrow.connect(f.brand).requestRevision(terms, 0, NOTE_HASH))
        .to.be.revertedWithCustomError(f.escrow, "RevisionLimitReached")
        .withArgs(id, 0, 0);
    });

    it("reverts when nothing is under review", async function () {
      const { terms, id } = await activeDeal(f);
      await expect(f.escrow.connect(f.brand).requestRevision(terms, 0, NOTE_HASH))
        .to.be.revertedWithCustomError(f.escrow, "MilestoneUnexpectedStatus")
        .withArgs(id, 0, MilestoneStatus.AwaitingDelivery, mask(MilestoneStatus.InReview));
    });

    it("reverts when the caller is not the brand", async function () {
      const { terms } = await dealInReview(f);
      await expect(f.escrow.connect(f.stranger).requestRevision(terms, 0, NOTE_HASH))
        .to.be.revertedWithCustomError(f.escrow, "EscrowUnauthorized")
        .withArgs(f.stranger.address, Party.Brand);
    });
  });

  describe("releaseAfterReview", function () {
    it("reverts until the review deadline has passed", async function () {
      const { terms, id } = await dealInReview(f);
      const { deadline } = await f.escrow.getMilestone(id, 0);
      await nextBlockAt(deadline);
      await expect(f.escrow.connect(f.influencer).releaseAfterReview(terms, 0))
        .to.be.revertedWithCustomError(f.escrow, "DeadlineNotReached")
        .withArgs(deadline, deadline);
    });

    it("lets anyone release a submission the brand left unanswered", async function () {
      const { terms, id } = await dealInReview(f);
      const { deadline } = await f.escrow.getMilestone(id, 0);
      await networkHelpers.time.increaseTo(deadline + 1n);
      const tx = f.escrow.connect(f.stranger).releaseAfterReview(terms, 0);
      await expect(tx)
        .to.emit(f.escrow, "MilestoneFinalized")
        .withArgs(id, 0, MilestoneStatus.Released, f.stranger.address, 10_000, USDC(990), 0n, USDC(10));
      await expect(tx).to.emit(f.escrow, "DealClosed").withArgs(id);
      await expectDeal(f, id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: 0n, influencerCredit: USDC(990) });
      expect(await escrowBalance(f)).to.equal(USDC(1_000));
    });

    it("reverts when the milestone is not under review", async function () {
      const { terms, id } = await activeDeal(f);
      await expect(f.escrow.connect(f.stranger).releaseAfterReview(terms, 0))
        .to.be.revertedWithCustomError(f.escrow, "MilestoneUnexpectedStatus")
        .withArgs(id, 0, MilestoneStatus.AwaitingDelivery, mask(MilestoneStatus.InReview));
    });

    it("reverts for a milestone the deal does not have", async function () {
      const { terms, id } = await dealInReview(f);
      await expect(f.escrow.connect(f.stranger).releaseAfterReview(terms, 1))
        .to.be.revertedWithCustomError(f.escrow, "MilestoneOutOfRange")
        .withArgs(id, 1, 1);
    });
  });

  describe("reclaimMilestone", function () {
    it("reverts until the deliver-by date has passed", async function () {
      const { terms } = await activeDeal(f);
      const deliverBy = terms.milestones[0]!.deliverBy;
      await nextBlockAt(deliverBy);
      await expect(f.escrow.connect(f.brand).reclaimMilestone(terms, 0))
        .to.be.revertedWithCustomError(f.escrow, "DeadlineNotReached")
        .withArgs(deliverBy, deliverBy);
    });

    it("lets anyone credit an undelivered milestone back to the brand", async function () {
      const { terms, id } = await activeDeal(f, { amounts: [USDC(400), USDC(600)] });
      await networkHelpers.time.increaseTo(terms.milestones[0]!.deliverBy + 1n);
      const tx = f.escrow.connect(f.stranger).reclaimMilestone(terms, 0);
      await expect(tx)
        .to.emit(f.escrow, "MilestoneFinalized")
        .withArgs(id, 0, MilestoneStatus.Refunded, f.stranger.address, 0, 0n, USDC(400), 0n);
      await expect(tx).to.not.emit(f.escrow, "DealClosed");
      await expectDeal(f, id, { status: DealStatus.Active, openMilestones: 1, brandCredit: USDC(400), influencerCredit: 0n });
      expect(await f.escrow.protocolFees(f.usdcAddress)).to.equal(0n);
      expect(await escrowBalance(f)).to.equal(USDC(1_000));
    });

    it("reclaims a milestone whose resubmission deadline passed", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).requestRevision(terms, 0, NOTE_HASH);
      const { deadline } = await f.escrow.getMilestone(id, 0);
      await networkHelpers.time.increaseTo(deadline + 1n);
      await expect(f.escrow.connect(f.brand).reclaimMilestone(terms, 0))
        .to.emit(f.escrow, "MilestoneFinalized")
        .withArgs(id, 0, MilestoneStatus.Refunded, f.brand.address, 0, 0n, USDC(1_000), 0n);
      await expectDeal(f, id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: USDC(1_000), influencerCredit: 0n });
    });

    it("reverts when the milestone was submitted", async function () {
      const { terms, id } = await dealInReview(f);
      await networkHelpers.time.increaseTo(terms.milestones[0]!.deliverBy + 1n);
      await expect(f.escrow.connect(f.brand).reclaimMilestone(terms, 0))
        .to.be.revertedWithCustomError(f.escrow, "MilestoneUnexpectedStatus")
        .withArgs(id, 0, MilestoneStatus.InReview, mask(MilestoneStatus.AwaitingDelivery));
    });
  });

  describe("refundMilestone", function () {
    it("lets the influencer give back a milestone awaiting delivery", async function () {
      const { terms, id } = await activeDeal(f, { amounts: [USDC(400), USDC(600)] });
      await expect(f.escrow.connect(f.influencer).refundMilestone(terms, 1))
        .to.emit(f.escrow, "MilestoneFinalized")
        .withArgs(id, 1, MilestoneStatus.Refunded, f.influencer.address, 0, 0n, USDC(600), 0n);
      await expectDeal(f, id, { status: DealStatus.Active, openMilestones: 1, brandCredit: USDC(600), influencerCredit: 0n });
    });

    it("lets the influencer give back a milestone under review", async function () {
      const { terms, id } = await dealInReview(f);
      const tx = f.escrow.connect(f.influencer).refundMilestone(terms, 0);
      await expect(tx)
        .to.emit(f.escrow, "MilestoneFinalized")
        .withArgs(id, 0, MilestoneStatus.Refunded, f.influencer.address, 0, 0n, USDC(1_000), 0n);
      await expect(tx).to.emit(f.escrow, "DealClosed").withArgs(id);
      await expectDeal(f, id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: USDC(1_000), influencerCredit: 0n });
      expect(await escrowBalance(f)).to.equal(USDC(1_000));
    });

    it("reverts when the caller is not the influencer", async function () {
      const { terms } = await activeDeal(f);
      await expect(f.escrow.connect(f.brand).refundMilestone(terms, 0))
        .to.be.revertedWithCustomError(f.escrow, "EscrowUnauthorized")
        .withArgs(f.brand.address, Party.Influencer);
    });

    it("reverts on a milestone that is already final", async function () {
      const { terms, id } = await activeDeal(f, { amounts: [USDC(1), USDC(2)] });
      await f.escrow.connect(f.influencer).refundMilestone(terms, 0);
      await expect(f.escrow.connect(f.influencer).refundMilestone(terms, 0))
        .to.be.revertedWithCustomError(f.escrow, "MilestoneUnexpectedStatus")
        .withArgs(id, 0, MilestoneStatus.Refunded, mask(MilestoneStatus.AwaitingDelivery, MilestoneStatus.InReview));
    });
  });

  describe("a full deal", function () {
    it("pays each milestone by its own path and lets both parties claim exactly what they are owed", async function () {
      const { terms, id } = await activeDeal(f, { amounts: [USDC(100), USDC(200), USDC(300), USDC(400)] });
      const esc = f.escrow;
      // 0: approved after review; 1: released after review; 2: refunded by the influencer; 3: reclaimed late.
      await esc.connect(f.influencer).submitDeliverable(terms, 0, CONTENT_HASH, CONTENT_URI);
      await esc.connect(f.brand).approveMilestone(terms, 0);
      await esc.connect(f.influencer).submitDeliverable(terms, 1, CONTENT_HASH, CONTENT_URI);
      await esc.connect(f.influencer).refundMilestone(terms, 2);
      await networkHelpers.time.increaseTo(terms.milestones[3]!.deliverBy + 1n);
      await esc.connect(f.stranger).releaseAfterReview(terms, 1);
      await expect(esc.connect(f.stranger).reclaimMilestone(terms, 3)).to.emit(esc, "DealClosed").withArgs(id);

      const toInfluencer = split(USDC(100), 10_000, FEE_BPS).toInfluencer + split(USDC(200), 10_000, FEE_BPS).toInfluencer;
      const fees = USDC(1) + USDC(2);
      await expectDeal(f, id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: USDC(700), influencerCredit: toInfluencer });
      expect(toInfluencer).to.equal(USDC(297));
      expect(await esc.protocolFees(f.usdcAddress)).to.equal(fees);
      expect(await escrowBalance(f)).to.equal(USDC(1_000));

      const key = dealKeyOf(terms);
      await expect(esc.connect(f.influencer).claim(key, f.influencer.address)).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.escrow, f.influencer],
        [-USDC(297), USDC(297)],
      );
      await expect(esc.connect(f.brand).claim(key, f.brand.address)).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.escrow, f.brand],
        [-USDC(700), USDC(700)],
      );
      await expectDeal(f, id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: 0n, influencerCredit: 0n });
      expect(await escrowBalance(f)).to.equal(fees);
    });
  });
});
