import { expect } from "chai";
import { DAY, DEFAULT_CRITERIA, DealStatus, MilestoneStatus, dealIdOf, dealKeyOf, rulingForShare } from "../scripts/lib/terms.js";
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
import { escrowLibraries } from "../scripts/lib/escrowLibraries.js";
import { escrowBalance, expectDeal, split } from "./helpers/expect.js";
import { signPermit } from "./helpers/permit.js";

const criteria = [...DEFAULT_CRITERIA];
const NOTE_HASH = "0x" + "cd".repeat(32);

describe("DealEscrow: governance", function () {
  let f: Fixture;

  beforeEach(async function () {
    f = await networkHelpers.loadFixture(deployFixture);
  });

  describe("constructor", function () {
    it("wires the arbitrator, owner, fee recipient and fee", async function () {
      expect(await f.escrow.arbitrator()).to.equal(await f.arbitrator.getAddress());
      expect(await f.escrow.owner()).to.equal(f.deployer.address);
      expect(await f.escrow.feeRecipient()).to.equal(f.deployer.address);
      expect(await f.escrow.protocolFeeBps()).to.equal(100n);
      expect(await f.escrow.isTokenAllowed(f.usdcAddress)).to.equal(true);
      expect(await f.escrow.paused()).to.equal(false);
    });

    it("emits the initial fee and fee recipient", async function () {
      const escrow = await ethers.deployContract("DealEscrow", [await f.arbitrator.getAddress(), f.stranger.address, f.payee.address, 250], { libraries: await escrowLibraries(ethers) });
      const tx = escrow.deploymentTransaction();
      if (!tx) throw new Error("no deployment transaction");
      await expect(tx).to.emit(escrow, "ProtocolFeeSet").withArgs(0, 250);
      await expect(tx).to.emit(escrow, "FeeRecipientSet").withArgs(ethers.ZeroAddress, f.payee.address);
      expect(await escrow.owner()).to.equal(f.stranger.address);
    });

    it("reverts on a zero arbitrator, an invalid fee recipient, a fee above the cap or a zero owner", async function () {
      const factory = await ethers.getContractFactory("DealEscrow", { libraries: await escrowLibraries(ethers) });
      const arbitrator = await f.arbitrator.getAddress();
      await expect(factory.deploy(ethers.ZeroAddress, f.deployer.address, f.deployer.address, 100))
        .to.be.revertedWithCustomError(factory, "EscrowInvalidAddress")
        .withArgs(ethers.ZeroAddress);
      await expect(factory.deploy(arbitrator, f.deployer.address, ethers.ZeroAddress, 100))
        .to.be.revertedWithCustomError(factory, "EscrowInvalidAddress")
        .withArgs(ethers.ZeroAddress);
      await expect(factory.deploy(arbitrator, f.deployer.address, f.deployer.address, 1_001))
        .to.be.revertedWithCustomError(factory, "EscrowFeeTooHigh")
        .withArgs(1_001, 1_000);
      await expect(factory.deploy(arbitrator, ethers.ZeroAddress, f.deployer.address, 100))
        .to.be.revertedWithCustomError(factory, "OwnableInvalidOwner")
        .withArgs(ethers.ZeroAddress);
    });
  });

  describe("setTokenAllowed", function () {
    it("allows and disallows a token for new deals", async function () {
      await expect(f.escrow.connect(f.deployer).setTokenAllowed(f.payee.address, true))
        .to.emit(f.escrow, "TokenAllowed")
        .withArgs(f.payee.address, true);
      expect(await f.escrow.isTokenAllowed(f.payee.address)).to.equal(true);
      await expect(f.escrow.connect(f.deployer).setTokenAllowed(f.usdcAddress, false))
        .to.emit(f.escrow, "TokenAllowed")
        .withArgs(f.usdcAddress, false);
      expect(await f.escrow.isTokenAllowed(f.usdcAddress)).to.equal(false);
      const terms = await termsFor(f);
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
        .to.be.revertedWithCustomError(f.escrow, "EscrowTokenNotAllowed")
        .withArgs(f.usdcAddress);
    });

    it("reverts for the zero address", async function () {
      await expect(f.escrow.connect(f.deployer).setTokenAllowed(ethers.ZeroAddress, true))
        .to.be.revertedWithCustomError(f.escrow, "EscrowInvalidAddress")
        .withArgs(ethers.ZeroAddress);
    });

    it("reverts when the caller is not the owner", async function () {
      await expect(f.escrow.connect(f.stranger).setTokenAllowed(f.usdcAddress, false))
        .to.be.revertedWithCustomError(f.escrow, "OwnableUnauthorizedAccount")
        .withArgs(f.stranger.address);
    });

    it("does not affect running deals when the token is disallowed", async function () {
      const running = await dealInReview(f, { amounts: [USDC(100), USDC(200)] });
      const offered = await offer(f);
      const disputedDeal = await dealInReview(f);
      await f.escrow.connect(f.brand).payArbitrationFee(disputedDeal.terms, criteria, 0);
      await f.escrow.connect(f.deployer).setTokenAllowed(f.usdcAddress, false);

      await f.escrow.connect(f.influencer).acceptDeal(offered.terms);
      await f.escrow.connect(f.brand).approveMilestone(running.terms, 0);
      await f.escrow.connect(f.influencer).submitDeliverable(running.terms, 1, CONTENT_HASH, CONTENT_URI);
      await f.escrow.connect(f.brand).approveMilestone(running.terms, 1);
      await expect(f.escrow.connect(f.influencer).payArbitrationFee(disputedDeal.terms, criteria, 0)).to.emit(
        f.escrow,
        "DisputeCreated",
      );
      await f.arbitrator.giveRuling(0, rulingForShare(10_000));
      await expectDeal(f, running.id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: 0n, influencerCredit: USDC(297) });
      await expect(f.escrow.connect(f.influencer).claim(dealKeyOf(running.terms), f.influencer.address)).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.escrow, f.influencer],
        [-USDC(297), USDC(297)],
      );
      await expect(f.escrow.connect(f.deployer).withdrawProtocolFees(f.usdcAddress, f.payee.address))
        .to.emit(f.escrow, "ProtocolFeesWithdrawn")
        .withArgs(f.usdcAddress, f.payee.address, USDC(3) + USDC(10));
    });
  });

  describe("setProtocolFee", function () {
    it("sets the fee for new deals up to the 10 % cap", async function () {
      await expect(f.escrow.connect(f.deployer).setProtocolFee(1_000)).to.emit(f.escrow, "ProtocolFeeSet").withArgs(100, 1_000);
      expect(await f.escrow.protocolFeeBps()).to.equal(1_000n);
      await expect(f.escrow.connect(f.deployer).setProtocolFee(0)).to.emit(f.escrow, "ProtocolFeeSet").withArgs(1_000, 0);
    });

    it("reverts above the cap", async function () {
      await expect(f.escrow.connect(f.deployer).setProtocolFee(1_001))
        .to.be.revertedWithCustomError(f.escrow, "EscrowFeeTooHigh")
        .withArgs(1_001, 1_000);
    });

    it("reverts when the caller is not the owner", async function () {
      await expect(f.escrow.connect(f.brand).setProtocolFee(50))
        .to.be.revertedWithCustomError(f.escrow, "OwnableUnauthorizedAccount")
        .withArgs(f.brand.address);
    });

    it("does not change the fee of a running deal, and new deals must carry the new fee", async function () {
      const running = await dealInReview(f);
      await f.escrow.connect(f.deployer).setProtocolFee(500);
      await expect(f.escrow.connect(f.brand).approveMilestone(running.terms, 0))
        .to.emit(f.escrow, "MilestoneFinalized")
        .withArgs(running.id, 0, MilestoneStatus.Released, f.brand.address, 10_000, USDC(990), 0n, USDC(10));

      const stale = await termsFor(f);
      await expect(f.escrow.connect(f.brand).createDeal(stale, criteria))
        .to.be.revertedWithCustomError(f.escrow, "TermsFeeMismatch")
        .withArgs(100, 500);
      const fresh = await dealInReview(f, { protocolFeeBps: 500 });
      const s = split(USDC(1_000), 10_000, 500);
      await expect(f.escrow.connect(f.brand).approveMilestone(fresh.terms, 0))
        .to.emit(f.escrow, "MilestoneFinalized")
        .withArgs(fresh.id, 0, MilestoneStatus.Released, f.brand.address, 10_000, s.toInfluencer, 0n, s.fee);
      expect(s.fee).to.equal(USDC(50));
      expect(await f.escrow.protocolFees(f.usdcAddress)).to.equal(USDC(60));
    });

    it("takes no fee on deals made at a zero fee", async function () {
      await f.escrow.connect(f.deployer).setProtocolFee(0);
      const { terms, id } = await dealInReview(f, { protocolFeeBps: 0 });
      await expect(f.escrow.connect(f.brand).approveMilestone(terms, 0))
        .to.emit(f.escrow, "MilestoneFinalized")
        .withArgs(id, 0, MilestoneStatus.Released, f.brand.address, 10_000, USDC(1_000), 0n, 0n);
      expect(await f.escrow.protocolFees(f.usdcAddress)).to.equal(0n);
    });
  });

  describe("setFeeRecipient", function () {
    it("hands fee withdrawals to the new recipient", async function () {
      const { terms } = await dealInReview(f);
      await f.escrow.connect(f.brand).approveMilestone(terms, 0);
      await expect(f.escrow.connect(f.deployer).setFeeRecipient(f.payee.address))
        .to.emit(f.escrow, "FeeRecipientSet")
        .withArgs(f.deployer.address, f.payee.address);
      expect(await f.escrow.feeRecipient()).to.equal(f.payee.address);
      await expect(f.escrow.connect(f.deployer).withdrawProtocolFees(f.usdcAddress, f.deployer.address))
        .to.be.revertedWithCustomError(f.escrow, "EscrowOnlyFeeRecipient")
        .withArgs(f.deployer.address);
      await expect(f.escrow.connect(f.payee).withdrawProtocolFees(f.usdcAddress, f.payee.address)).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.escrow, f.payee],
        [-USDC(10), USDC(10)],
      );
    });

    it("reverts for the zero address or the escrow", async function () {
      for (const recipient of [ethers.ZeroAddress, f.escrowAddress]) {
        await expect(f.escrow.connect(f.deployer).setFeeRecipient(recipient))
          .to.be.revertedWithCustomError(f.escrow, "EscrowInvalidAddress")
          .withArgs(recipient);
      }
    });

    it("reverts when the caller is not the owner", async function () {
      await expect(f.escrow.connect(f.payee).setFeeRecipient(f.payee.address))
        .to.be.revertedWithCustomError(f.escrow, "OwnableUnauthorizedAccount")
        .withArgs(f.payee.address);
    });
  });

  describe("withdrawProtocolFees", function () {
    it("sends the accrued fees to the named address and resets them", async function () {
      const a = await dealInReview(f);
      const b = await dealInReview(f, { amounts: [USDC(500)] });
      await f.escrow.connect(f.brand).approveMilestone(a.terms, 0);
      await f.escrow.connect(f.brand).proposeSettlement(b.terms, 0, 5_000);
      await f.escrow.connect(f.influencer).acceptSettlement(b.terms, 0, 5_000);
      const fees = USDC(10) + 2_500_000n;
      expect(await f.escrow.protocolFees(f.usdcAddress)).to.equal(fees);
      expect(await f.escrow.connect(f.deployer).withdrawProtocolFees.staticCall(f.usdcAddress, f.payee.address)).to.equal(fees);
      const tx = f.escrow.connect(f.deployer).withdrawProtocolFees(f.usdcAddress, f.payee.address);
      await expect(tx).to.emit(f.escrow, "ProtocolFeesWithdrawn").withArgs(f.usdcAddress, f.payee.address, fees);
      await expect(tx).to.changeTokenBalances(ethers, f.usdc, [f.escrow, f.payee], [-fees, fees]);
      expect(await f.escrow.protocolFees(f.usdcAddress)).to.equal(0n);
      // What is left is exactly the parties' credits.
      const credits = (await f.escrow.getDeal(a.id)).influencerCredit + (await f.escrow.getDeal(b.id)).influencerCredit + (await f.escrow.getDeal(b.id)).brandCredit;
      expect(await escrowBalance(f)).to.equal(credits);
    });

    it("reverts when there is nothing to withdraw", async function () {
      await expect(f.escrow.connect(f.deployer).withdrawProtocolFees(f.usdcAddress, f.deployer.address))
        .to.be.revertedWithCustomError(f.escrow, "EscrowNoProtocolFees")
        .withArgs(f.usdcAddress);
    });

    it("reverts when the caller is not the fee recipient", async function () {
      await expect(f.escrow.connect(f.stranger).withdrawProtocolFees(f.usdcAddress, f.stranger.address))
        .to.be.revertedWithCustomError(f.escrow, "EscrowOnlyFeeRecipient")
        .withArgs(f.stranger.address);
    });

    it("reverts when the recipient is the zero address or the escrow", async function () {
      for (const to of [ethers.ZeroAddress, f.escrowAddress]) {
        await expect(f.escrow.connect(f.deployer).withdrawProtocolFees(f.usdcAddress, to))
          .to.be.revertedWithCustomError(f.escrow, "EscrowInvalidAddress")
          .withArgs(to);
      }
    });
  });

  describe("pause", function () {
    it("stops new deals, with and without a permit", async function () {
      await expect(f.escrow.connect(f.deployer).pause()).to.emit(f.escrow, "Paused").withArgs(f.deployer.address);
      const terms = await termsFor(f);
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria)).to.be.revertedWithCustomError(f.escrow, "EnforcedPause").withArgs();
      const p = await signPermit(f.usdc, f.brand, f.escrowAddress, USDC(1_000), terms.acceptBy);
      await expect(f.escrow.connect(f.brand).createDealWithPermit(terms, criteria, p.deadline, p.v, p.r, p.s))
        .to.be.revertedWithCustomError(f.escrow, "EnforcedPause")
        .withArgs();
    });

    it("lets every step of running deals go on: answers, delivery, reviews, settlements, disputes, rulings, claims and fee withdrawals", async function () {
      const toAccept = await offer(f);
      const toDecline = await offer(f);
      const toExpire = await offer(f, { acceptWithin: DAY });
      const running = await activeDeal(f, { amounts: [USDC(100), USDC(200), USDC(300), USDC(400), USDC(500)] });
      const disputed = await dealInReview(f);
      const timedOut = await dealInReview(f);
      await f.escrow.connect(f.deployer).pause();
      expect(await f.escrow.paused()).to.equal(true);

      const esc = f.escrow;
      await expect(esc.connect(f.influencer).acceptDeal(toAccept.terms)).to.emit(esc, "DealAccepted");
      await expect(esc.connect(f.influencer).declineDeal(toDecline.terms)).to.emit(esc, "DealDeclined");
      // milestone 0: submitted, revision, resubmitted, approved
      await esc.connect(f.influencer).submitDeliverable(running.terms, 0, CONTENT_HASH, CONTENT_URI);
      await expect(esc.connect(f.brand).requestRevision(running.terms, 0, NOTE_HASH)).to.emit(esc, "RevisionRequested");
      await esc.connect(f.influencer).submitDeliverable(running.terms, 0, CONTENT_HASH, CONTENT_URI);
      await expect(esc.connect(f.brand).approveMilestone(running.terms, 0)).to.emit(esc, "MilestoneFinalized");
      // milestone 1: refunded by the influencer; milestone 2: settled
      await expect(esc.connect(f.influencer).refundMilestone(running.terms, 1)).to.emit(esc, "MilestoneFinalized");
      await esc.connect(f.brand).proposeSettlement(running.terms, 2, 5_000);
      await expect(esc.connect(f.influencer).acceptSettlement(running.terms, 2, 5_000)).to.emit(esc, "MilestoneFinalized");
      // milestone 3: submitted, released after review
      await esc.connect(f.influencer).submitDeliverable(running.terms, 3, CONTENT_HASH, CONTENT_URI);
      // disputes
      await esc.connect(f.brand).payArbitrationFee(disputed.terms, criteria, 0);
      await expect(esc.connect(f.influencer).payArbitrationFee(disputed.terms, criteria, 0)).to.emit(esc, "DisputeCreated");
      await expect(f.arbitrator.giveRuling(0, rulingForShare(4_000))).to.emit(esc, "MilestoneFinalized");
      await esc.connect(f.brand).payArbitrationFee(timedOut.terms, criteria, 0);

      await networkHelpers.time.increaseTo(running.terms.milestones[4]!.deliverBy + 1n);
      await expect(esc.connect(f.stranger).reclaimOffer(toExpire.terms)).to.emit(esc, "DealExpired");
      await expect(esc.connect(f.stranger).releaseAfterReview(running.terms, 3)).to.emit(esc, "MilestoneFinalized");
      await expect(esc.connect(f.stranger).reclaimMilestone(running.terms, 4)).to.emit(esc, "DealClosed").withArgs(running.id);
      await expect(esc.connect(f.stranger).timeOutArbitration(timedOut.terms, 0)).to.emit(esc, "MilestoneFinalized");

      // influencer: 99 + 148.5 + 396 = 643.5; brand: 200 + 150 + 500 = 850; protocol: 1 + 1.5 + 4 = 6.5 (+ 4 from the ruling)
      await expectDeal(f, running.id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: USDC(850), influencerCredit: 643_500_000n });
      await expect(esc.connect(f.influencer).claim(dealKeyOf(running.terms), f.payee.address)).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.escrow, f.payee],
        [-643_500_000n, 643_500_000n],
      );
      await expect(
        esc.connect(f.brand).claimMany([dealKeyOf(running.terms), dealKeyOf(toDecline.terms), dealKeyOf(toExpire.terms)], f.brand.address),
      ).to.changeTokenBalances(ethers, f.usdc, [f.escrow, f.brand], [-USDC(2_850), USDC(2_850)]);
      await expect(esc.connect(f.deployer).withdrawProtocolFees(f.usdcAddress, f.deployer.address))
        .to.emit(esc, "ProtocolFeesWithdrawn")
        .withArgs(f.usdcAddress, f.deployer.address, 6_500_000n + USDC(4));
      expect(await esc.paused()).to.equal(true);
    });

    it("reverts when the caller is not the owner", async function () {
      await expect(f.escrow.connect(f.stranger).pause())
        .to.be.revertedWithCustomError(f.escrow, "OwnableUnauthorizedAccount")
        .withArgs(f.stranger.address);
    });

    it("reverts when already paused", async function () {
      await f.escrow.connect(f.deployer).pause();
      await expect(f.escrow.connect(f.deployer).pause()).to.be.revertedWithCustomError(f.escrow, "EnforcedPause").withArgs();
    });
  });

  describe("unpause", function () {
    it("allows new deals again", async function () {
      await f.escrow.connect(f.deployer).pause();
      await expect(f.escrow.connect(f.deployer).unpause()).to.emit(f.escrow, "Unpaused").withArgs(f.deployer.address);
      const terms = await termsFor(f);
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria)).to.emit(f.escrow, "DealCreated");
      expect(await f.escrow.dealId(terms)).to.equal(dealIdOf(terms));
    });

    it("reverts when not paused", async function () {
      await expect(f.escrow.connect(f.deployer).unpause()).to.be.revertedWithCustomError(f.escrow, "ExpectedPause").withArgs();
    });

    it("reverts when the caller is not the owner", async function () {
      await f.escrow.connect(f.deployer).pause();
      await expect(f.escrow.connect(f.brand).unpause())
        .to.be.revertedWithCustomError(f.escrow, "OwnableUnauthorizedAccount")
        .withArgs(f.brand.address);
    });
  });

  describe("ownership (Ownable2Step)", function () {
    it("transfers ownership only once the new owner accepts", async function () {
      await expect(f.escrow.connect(f.deployer).transferOwnership(f.payee.address))
        .to.emit(f.escrow, "OwnershipTransferStarted")
        .withArgs(f.deployer.address, f.payee.address);
      expect(await f.escrow.owner()).to.equal(f.deployer.address);
      expect(await f.escrow.pendingOwner()).to.equal(f.payee.address);
      await expect(f.escrow.connect(f.payee).setProtocolFee(0))
        .to.be.revertedWithCustomError(f.escrow, "OwnableUnauthorizedAccount")
        .withArgs(f.payee.address);

      await expect(f.escrow.connect(f.payee).acceptOwnership())
        .to.emit(f.escrow, "OwnershipTransferred")
        .withArgs(f.deployer.address, f.payee.address);
      expect(await f.escrow.owner()).to.equal(f.payee.address);
      expect(await f.escrow.pendingOwner()).to.equal(ethers.ZeroAddress);
      await expect(f.escrow.connect(f.payee).setProtocolFee(0)).to.emit(f.escrow, "ProtocolFeeSet").withArgs(100, 0);
      await expect(f.escrow.connect(f.deployer).pause())
        .to.be.revertedWithCustomError(f.escrow, "OwnableUnauthorizedAccount")
        .withArgs(f.deployer.address);
    });

    it("reverts when someone other than the pending owner accepts", async function () {
      await f.escrow.connect(f.deployer).transferOwnership(f.payee.address);
      await expect(f.escrow.connect(f.stranger).acceptOwnership())
        .to.be.revertedWithCustomError(f.escrow, "OwnableUnauthorizedAccount")
        .withArgs(f.stranger.address);
    });

    it("reverts when a non-owner starts a transfer", async function () {
      await expect(f.escrow.connect(f.stranger).transferOwnership(f.stranger.address))
        .to.be.revertedWithCustomError(f.escrow, "OwnableUnauthorizedAccount")
        .withArgs(f.stranger.address);
    });
  });
});
