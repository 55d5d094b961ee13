import { expect } from "chai";
import { AbiCoder, keccak256 } from "ethers";
import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import {
  DEFAULT_CRITERIA,
  DealStatus,
  MilestoneStatus,
  Party,
  dealKeyOf,
  hashCriteria,
  rulingForShare,
  type Question,
} from "../scripts/lib/terms.js";
import {
  ARBITRATION_COST,
  CONTENT_HASH,
  CONTENT_URI,
  USDC,
  activeDeal,
  dealInReview,
  deployFixture,
  ethers,
  networkHelpers,
  now,
  type Fixture,
} from "./helpers/fixture.js";
import { escrowBalance, expectDeal, expectMilestone, mask, nextBlockAt, split } from "./helpers/expect.js";

const criteria = [...DEFAULT_CRITERIA];
const FEE_BPS = 100;
const AMOUNT = USDC(1_000);
const COST = ARBITRATION_COST; // 25 USDC
const DISPUTABLE = mask(MilestoneStatus.AwaitingDelivery, MilestoneStatus.InReview, MilestoneStatus.FeesPending);
const NOTE_HASH = "0x" + "cd".repeat(32);
const abi = AbiCoder.defaultAbiCoder();
const anyFeeDeadline = anyValue;

describe("DealEscrow: dispute", function () {
  let f: Fixture;
  let arbitratorAddress: string;

  beforeEach(async function () {
    f = await networkHelpers.loadFixture(deployFixture);
    arbitratorAddress = await f.arbitrator.getAddress();
  });

  /** A submission under review disputed by the brand and answered by the influencer: dispute 0 at the arbitrator. */
  async function disputed(milestones: bigint[] = [AMOUNT]) {
    const deal = await dealInReview(f, { amounts: milestones });
    await f.escrow.connect(f.brand).payArbitrationFee(deal.terms, criteria, 0);
    await f.escrow.connect(f.influencer).payArbitrationFee(deal.terms, criteria, 0);
    return deal;
  }

  /** A revision request that the influencer disputes. */
  async function revisionDisputed() {
    const deal = await dealInReview(f);
    await f.escrow.connect(f.brand).requestRevision(deal.terms, 0, NOTE_HASH);
    await f.escrow.connect(f.influencer).payArbitrationFee(deal.terms, criteria, 0);
    return deal;
  }

  async function arbitration(id: string, milestone = 0) {
    const a = await f.escrow.getArbitration(id, milestone);
    return {
      brandFee: a.brandFee,
      influencerFee: a.influencerFee,
      feeDeadline: a.feeDeadline,
      waitingFor: Number(a.waitingFor),
      created: a.created,
      disputeId: a.disputeId,
    };
  }

  function externalId(id: string, milestone: number): bigint {
    return BigInt(keccak256(abi.encode(["bytes32", "uint256"], [id, milestone])));
  }

  describe("payArbitrationFee", function () {
    it("lets the brand raise a dispute during the review window and starts the fee timeout", async function () {
      const { terms, id } = await dealInReview(f);
      const t = await nextBlockAt();
      const feeDeadline = t + BigInt(terms.feeTimeout);
      const tx = f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      await expect(tx)
        .to.emit(f.escrow, "ArbitrationFeePaid")
        .withArgs(id, 0, Party.Brand, COST, COST, COST, Party.Influencer, feeDeadline);
      await expect(tx).to.changeTokenBalances(ethers, f.usdc, [f.brand, f.escrow], [-COST, COST]);
      await expect(tx).to.not.emit(f.escrow, "DisputeCreated");
      await expectMilestone(f, id, 0, { status: MilestoneStatus.FeesPending });
      expect(await arbitration(id)).to.deep.equal({
        brandFee: COST,
        influencerFee: 0n,
        feeDeadline,
        waitingFor: Party.Influencer,
        created: false,
        disputeId: 0n,
      });
    });

    it("creates the dispute at the arbitrator when the influencer pays too", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      const tx = f.escrow.connect(f.influencer).payArbitrationFee(terms, criteria, 0);
      await expect(tx)
        .to.emit(f.escrow, "ArbitrationFeePaid")
        .withArgs(id, 0, Party.Influencer, COST, COST, COST, Party.None, 0);
      await expect(tx).to.emit(f.escrow, "DisputeCreated").withArgs(id, 0, 0, COST);
      await expect(tx).to.emit(f.escrow, "DisputeRequest").withArgs(arbitratorAddress, 0, externalId(id, 0), 0, "");
      await expect(tx).to.emit(f.arbitrator, "DisputeCreation").withArgs(0, f.escrowAddress);
      // The influencer pays one cost in, the escrow hands one cost to the arbitrator.
      await expect(tx).to.changeTokenBalances(ethers, f.usdc, [f.influencer, f.escrow, f.arbitrator], [-COST, 0n, COST]);
      await expectMilestone(f, id, 0, { status: MilestoneStatus.InArbitration });
      expect(await arbitration(id)).to.deep.equal({
        brandFee: COST,
        influencerFee: COST,
        feeDeadline: 0n,
        waitingFor: Party.None,
        created: true,
        disputeId: 0n,
      });
      const ref = await f.escrow.getDisputeRef(0);
      expect([ref.dealId, ref.token, ref.milestone, ref.protocolFeeBps, ref.exists, ref.amount]).to.deep.equal([
        id,
        f.usdcAddress,
        0n,
        BigInt(FEE_BPS),
        true,
        AMOUNT,
      ]);
      expect(await escrowBalance(f)).to.equal(AMOUNT + COST);
      expect(await f.usdc.allowance(f.escrowAddress, arbitratorAddress)).to.equal(0n);
    });

    it("hands the arbitrator the dispute context as extraData", async function () {
      const questions: Question[] = [
        { optionCount: 3, compliantMask: 0b001, weight: 4 },
        { optionCount: 2, compliantMask: 0b10, weight: 1 },
      ];
      const deal = await activeDeal(f, { amounts: [USDC(10), USDC(20)], criteria: questions, language: "es", topic: 3 });
      const { terms, id } = deal;
      await f.escrow.connect(f.influencer).submitDeliverable(terms, 1, CONTENT_HASH, CONTENT_URI);
      await f.escrow.connect(f.brand).payArbitrationFee(terms, questions, 1);
      await expect(f.escrow.connect(f.influencer).payArbitrationFee(terms, questions, 1))
        .to.emit(f.escrow, "DisputeCreated")
        .withArgs(id, 1, 0, COST);

      const extraData = await f.arbitrator.disputeExtraData(0);
      const [ctx] = abi.decode(
        [
          "tuple(bytes32 dealId,uint8 milestone,address brand,address influencer,bytes2 language,uint8 topic,bytes32 briefHash," +
            "tuple(uint8 optionCount,uint16 compliantMask,uint16 weight)[] criteria)",
        ],
        extraData,
      );
      expect(ctx.dealId).to.equal(id);
      expect(ctx.milestone).to.equal(1n);
      expect(ctx.brand).to.equal(f.brand.address);
      expect(ctx.influencer).to.equal(f.influencer.address);
      expect(ctx.language).to.equal("0x6573");
      expect(ctx.topic).to.equal(3n);
      expect(ctx.briefHash).to.equal(terms.briefHash);
      expect(
        ctx.criteria.map((q: { optionCount: bigint; compliantMask: bigint; weight: bigint }) => ({
          optionCount: Number(q.optionCount),
          compliantMask: Number(q.compliantMask),
          weight: Number(q.weight),
        })),
      ).to.deep.equal(questions);
      expect(hashCriteria(questions)).to.equal(terms.criteriaHash);
      const ref = await f.escrow.getDisputeRef(0);
      expect([ref.milestone, ref.amount]).to.deep.equal([1n, USDC(20)]);
    });

    it("lets the influencer dispute a revision request until the resubmission deadline", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).requestRevision(terms, 0, NOTE_HASH);
      const { deadline } = await f.escrow.getMilestone(id, 0);
      await nextBlockAt(deadline);
      await expect(f.escrow.connect(f.influencer).payArbitrationFee(terms, criteria, 0))
        .to.emit(f.escrow, "ArbitrationFeePaid")
        .withArgs(id, 0, Party.Influencer, COST, COST, COST, Party.Brand, deadline + BigInt(terms.feeTimeout));
      await expectMilestone(f, id, 0, { status: MilestoneStatus.FeesPending, revisions: 1 });
      await expect(f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0))
        .to.emit(f.escrow, "DisputeCreated")
        .withArgs(id, 0, 0, COST);
    });

    it("reverts when the influencer disputes after the resubmission deadline", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).requestRevision(terms, 0, NOTE_HASH);
      const { deadline } = await f.escrow.getMilestone(id, 0);
      await nextBlockAt(deadline + 1n);
      await expect(f.escrow.connect(f.influencer).payArbitrationFee(terms, criteria, 0))
        .to.be.revertedWithCustomError(f.escrow, "DeadlinePassed")
        .withArgs(deadline, deadline + 1n);
    });

    it("reverts when the brand disputes after the review deadline", async function () {
      const { terms, id } = await dealInReview(f);
      const { deadline } = await f.escrow.getMilestone(id, 0);
      await nextBlockAt(deadline + 1n);
      await expect(f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0))
        .to.be.revertedWithCustomError(f.escrow, "DeadlinePassed")
        .withArgs(deadline, deadline + 1n);
    });

    it("reverts when the influencer tries to dispute a submission under review", async function () {
      const { terms, id } = await dealInReview(f);
      await expect(f.escrow.connect(f.influencer).payArbitrationFee(terms, criteria, 0))
        .to.be.revertedWithCustomError(f.escrow, "ArbitrationNotAvailable")
        .withArgs(id, 0, Party.Influencer);
    });

    it("reverts when the influencer disputes a milestone with no revision request", async function () {
      const { terms, id } = await activeDeal(f);
      await expect(f.escrow.connect(f.influencer).payArbitrationFee(terms, criteria, 0))
        .to.be.revertedWithCustomError(f.escrow, "ArbitrationNotAvailable")
        .withArgs(id, 0, Party.Influencer);
    });

    it("reverts when the brand disputes a milestone awaiting delivery, even after a revision request", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).requestRevision(terms, 0, NOTE_HASH);
      await expect(f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0))
        .to.be.revertedWithCustomError(f.escrow, "ArbitrationNotAvailable")
        .withArgs(id, 0, Party.Brand);
    });

    it("reverts when a party pays the current cost twice", async function () {
      const { terms } = await dealInReview(f);
      await f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      await expect(f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0))
        .to.be.revertedWithCustomError(f.escrow, "ArbitrationFeeAlreadyPaid")
        .withArgs(Party.Brand, COST, COST);
    });

    it("reverts when the waiting party pays after the fee deadline", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      const { feeDeadline } = await arbitration(id);
      await nextBlockAt(feeDeadline + 1n);
      await expect(f.escrow.connect(f.influencer).payArbitrationFee(terms, criteria, 0))
        .to.be.revertedWithCustomError(f.escrow, "DeadlinePassed")
        .withArgs(feeDeadline, feeDeadline + 1n);
    });

    it("accepts the waiting party's payment at the fee deadline", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      const { feeDeadline } = await arbitration(id);
      await nextBlockAt(feeDeadline);
      await expect(f.escrow.connect(f.influencer).payArbitrationFee(terms, criteria, 0)).to.emit(f.escrow, "DisputeCreated");
    });

    it("reverts when the caller is not a party", async function () {
      const { terms } = await dealInReview(f);
      await expect(f.escrow.connect(f.stranger).payArbitrationFee(terms, criteria, 0))
        .to.be.revertedWithCustomError(f.escrow, "EscrowUnauthorized")
        .withArgs(f.stranger.address, Party.None);
    });

    it("reverts when the criteria table is not the deal's", async function () {
      const { terms } = await dealInReview(f);
      const other: Question[] = [{ optionCount: 2, compliantMask: 1, weight: 1 }];
      await expect(f.escrow.connect(f.brand).payArbitrationFee(terms, other, 0))
        .to.be.revertedWithCustomError(f.escrow, "CriteriaHashMismatch")
        .withArgs(terms.criteriaHash, hashCriteria(other));
    });

    it("reverts when the arbitration cost does not fit the escrow's accounting", async function () {
      const { terms } = await dealInReview(f);
      await f.arbitrator.setCost(f.usdcAddress, 2n ** 88n);
      await expect(f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0))
        .to.be.revertedWithCustomError(f.escrow, "ArbitrationCostTooHigh")
        .withArgs(2n ** 88n);
    });

    it("reverts once the dispute is at the arbitrator", async function () {
      const { terms, id } = await disputed();
      await expect(f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0))
        .to.be.revertedWithCustomError(f.escrow, "MilestoneUnexpectedStatus")
        .withArgs(id, 0, MilestoneStatus.InArbitration, DISPUTABLE);
    });

    it("reverts on a milestone that is already final", async function () {
      const { terms, id } = await activeDeal(f, { amounts: [USDC(1), USDC(2)] });
      await f.escrow.connect(f.brand).approveMilestone(terms, 0);
      await expect(f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0))
        .to.be.revertedWithCustomError(f.escrow, "MilestoneUnexpectedStatus")
        .withArgs(id, 0, MilestoneStatus.Released, DISPUTABLE);
    });

    it("blocks approval, revision, release and refund while fees are pending", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      const reviewable = mask(MilestoneStatus.AwaitingDelivery, MilestoneStatus.InReview);
      await expect(f.escrow.connect(f.brand).approveMilestone(terms, 0))
        .to.be.revertedWithCustomError(f.escrow, "MilestoneUnexpectedStatus")
        .withArgs(id, 0, MilestoneStatus.FeesPending, reviewable);
      await expect(f.escrow.connect(f.brand).requestRevision(terms, 0, NOTE_HASH))
        .to.be.revertedWithCustomError(f.escrow, "MilestoneUnexpectedStatus")
        .withArgs(id, 0, MilestoneStatus.FeesPending, mask(MilestoneStatus.InReview));
      await expect(f.escrow.connect(f.influencer).refundMilestone(terms, 0))
        .to.be.revertedWithCustomError(f.escrow, "MilestoneUnexpectedStatus")
        .withArgs(id, 0, MilestoneStatus.FeesPending, reviewable);
      await networkHelpers.time.increase(6 * 86_400);
      await expect(f.escrow.connect(f.influencer).releaseAfterReview(terms, 0))
        .to.be.revertedWithCustomError(f.escrow, "MilestoneUnexpectedStatus")
        .withArgs(id, 0, MilestoneStatus.FeesPending, mask(MilestoneStatus.InReview));
    });
  });

  describe("payArbitrationFee when the cost changes between payments", function () {
    it("makes the first payer top up after a cost increase before the dispute is created", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      await f.arbitrator.setCost(f.usdcAddress, USDC(40));
      const t = await nextBlockAt();
      const tx1 = f.escrow.connect(f.influencer).payArbitrationFee(terms, criteria, 0);
      await expect(tx1)
        .to.emit(f.escrow, "ArbitrationFeePaid")
        .withArgs(id, 0, Party.Influencer, USDC(40), USDC(40), USDC(40), Party.Brand, t + BigInt(terms.feeTimeout));
      await expect(tx1).to.not.emit(f.escrow, "DisputeCreated");
      await expectMilestone(f, id, 0, { status: MilestoneStatus.FeesPending });
      expect(await arbitration(id)).to.include({ brandFee: COST, influencerFee: USDC(40), waitingFor: Party.Brand });

      const tx2 = f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      await expect(tx2)
        .to.emit(f.escrow, "ArbitrationFeePaid")
        .withArgs(id, 0, Party.Brand, USDC(15), USDC(40), USDC(40), Party.None, 0);
      await expect(tx2).to.emit(f.escrow, "DisputeCreated").withArgs(id, 0, 0, USDC(40));
      await expect(tx2).to.changeTokenBalances(ethers, f.usdc, [f.brand, f.escrow, f.arbitrator], [-USDC(15), -USDC(25), USDC(40)]);
      expect(await arbitration(id)).to.include({ brandFee: USDC(40), influencerFee: USDC(40), created: true });
      expect(await escrowBalance(f)).to.equal(AMOUNT + USDC(40));
    });

    it("lets the first payer top up alone, which restarts the other party's fee timeout", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      await f.arbitrator.setCost(f.usdcAddress, USDC(30));
      const t = await nextBlockAt((await now()) + 3_600n);
      await expect(f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0))
        .to.emit(f.escrow, "ArbitrationFeePaid")
        .withArgs(id, 0, Party.Brand, USDC(5), USDC(30), USDC(30), Party.Influencer, t + BigInt(terms.feeTimeout));
      expect(await arbitration(id)).to.include({ brandFee: USDC(30), influencerFee: 0n, waitingFor: Party.Influencer });
    });

    it("credits back the brand's excess when the cost drops before the influencer answers", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      await f.arbitrator.setCost(f.usdcAddress, USDC(10));
      const tx = f.escrow.connect(f.influencer).payArbitrationFee(terms, criteria, 0);
      await expect(tx).to.emit(f.escrow, "ArbitrationFeeRefunded").withArgs(id, 0, Party.Brand, USDC(15));
      await expect(tx)
        .to.emit(f.escrow, "ArbitrationFeePaid")
        .withArgs(id, 0, Party.Influencer, USDC(10), USDC(10), USDC(10), Party.None, 0);
      await expect(tx).to.emit(f.escrow, "DisputeCreated").withArgs(id, 0, 0, USDC(10));
      await expect(tx).to.changeTokenBalances(ethers, f.usdc, [f.influencer, f.escrow, f.arbitrator], [-USDC(10), 0n, USDC(10)]);
      expect(await arbitration(id)).to.include({ brandFee: USDC(10), influencerFee: USDC(10), created: true });
      await expectDeal(f, id, { status: DealStatus.Active, openMilestones: 1, brandCredit: USDC(15), influencerCredit: 0n });
      expect(await escrowBalance(f)).to.equal(AMOUNT + USDC(15) + USDC(10));
    });

    it("credits back the influencer's excess when the cost drops before the brand answers", async function () {
      const { terms, id } = await revisionDisputed();
      await f.arbitrator.setCost(f.usdcAddress, USDC(20));
      const tx = f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      await expect(tx).to.emit(f.escrow, "ArbitrationFeeRefunded").withArgs(id, 0, Party.Influencer, USDC(5));
      await expect(tx).to.emit(f.escrow, "DisputeCreated").withArgs(id, 0, 0, USDC(20));
      expect(await arbitration(id)).to.include({ brandFee: USDC(20), influencerFee: USDC(20), created: true });
      await expectDeal(f, id, { status: DealStatus.Active, openMilestones: 1, brandCredit: 0n, influencerCredit: USDC(5) });

      // The held fee is now the lower cost: a full win for the influencer returns it all.
      await expect(f.arbitrator.giveRuling(0, rulingForShare(10_000)))
        .to.emit(f.escrow, "ArbitrationFeeRefunded")
        .withArgs(id, 0, Party.Influencer, USDC(20));
      await expectDeal(f, id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: 0n, influencerCredit: USDC(5) + USDC(20) + USDC(990) });
      expect(await escrowBalance(f)).to.equal(AMOUNT + USDC(25));
    });

    it("creates the dispute when the cost falls below both deposits while waiting, refunding both excesses", async function () {
      // The brand pays 25, the cost rises to 40 and the influencer pays 40 (the escrow now waits for the brand),
      // then the cost falls to 20: both deposits cover it, so either party's call creates the dispute.
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      await f.arbitrator.setCost(f.usdcAddress, USDC(40));
      await f.escrow.connect(f.influencer).payArbitrationFee(terms, criteria, 0);
      expect(await arbitration(id)).to.include({ waitingFor: Party.Brand });
      await f.arbitrator.setCost(f.usdcAddress, USDC(20));
      const tx = f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      await expect(tx).to.emit(f.escrow, "ArbitrationFeeRefunded").withArgs(id, 0, Party.Brand, USDC(5));
      await expect(tx).to.emit(f.escrow, "ArbitrationFeeRefunded").withArgs(id, 0, Party.Influencer, USDC(20));
      await expect(tx)
        .to.emit(f.escrow, "ArbitrationFeePaid")
        .withArgs(id, 0, Party.Brand, 0n, COST, USDC(20), Party.None, 0);
      await expect(tx).to.emit(f.escrow, "DisputeCreated").withArgs(id, 0, 0, USDC(20));
      await expect(tx).to.changeTokenBalances(ethers, f.usdc, [f.brand, f.escrow, f.arbitrator], [0n, -USDC(20), USDC(20)]);
      await expectMilestone(f, id, 0, { status: MilestoneStatus.InArbitration });
      await expectDeal(f, id, { status: DealStatus.Active, openMilestones: 1, brandCredit: USDC(5), influencerCredit: USDC(20) });
      expect(await escrowBalance(f)).to.equal(AMOUNT + USDC(25) + USDC(20));
    });

    it("creates the dispute on the first payment when the arbitration is free", async function () {
      const { terms, id } = await dealInReview(f);
      await f.arbitrator.setCost(f.usdcAddress, 0n);
      const tx = f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      await expect(tx)
        .to.emit(f.escrow, "ArbitrationFeePaid")
        .withArgs(id, 0, Party.Brand, 0n, 0n, 0n, Party.None, 0);
      await expect(tx).to.emit(f.escrow, "DisputeCreated").withArgs(id, 0, 0, 0n);
      await expectMilestone(f, id, 0, { status: MilestoneStatus.InArbitration });
      await f.arbitrator.giveRuling(0, rulingForShare(2_500));
      const { toInfluencer, toBrand } = split(AMOUNT, 2_500, FEE_BPS);
      await expectDeal(f, id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: toBrand, influencerCredit: toInfluencer });
    });
  });

  describe("payArbitrationFeeFor", function () {
    it("lets anyone pay the fee of the party the fee phase waits for, crediting refunds to that party", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      await f.usdc.mint(f.stranger.address, COST);
      await f.usdc.connect(f.stranger).approve(f.escrowAddress, COST);
      const tx = f.escrow.connect(f.stranger).payArbitrationFeeFor(terms, criteria, 0, Party.Influencer);
      await expect(tx)
        .to.emit(f.escrow, "ArbitrationFeePaid")
        .withArgs(id, 0, Party.Influencer, COST, COST, COST, Party.None, 0);
      await expect(tx).to.emit(f.escrow, "DisputeCreated").withArgs(id, 0, 0, COST);
      await expect(tx).to.changeTokenBalances(ethers, f.usdc, [f.stranger, f.influencer], [-COST, 0n]);
      // The influencer wins in full: the held fee goes back to the influencer, not to whoever paid it.
      await f.arbitrator.giveRuling(0, rulingForShare(10_000));
      const { toInfluencer } = split(AMOUNT, 10_000, FEE_BPS);
      await expectDeal(f, id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: 0n, influencerCredit: toInfluencer + COST });
    });

    it("lets a USDC-blacklisted influencer answer a dispute through someone else's payment", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      await f.usdc.connect(f.deployer).setBlacklisted(f.influencer.address, true);
      await expect(f.escrow.connect(f.influencer).payArbitrationFee(terms, criteria, 0))
        .to.be.revertedWithCustomError(f.usdc, "Blacklisted")
        .withArgs(f.influencer.address);
      await f.usdc.mint(f.payee.address, COST);
      await f.usdc.connect(f.payee).approve(f.escrowAddress, COST);
      await expect(f.escrow.connect(f.payee).payArbitrationFeeFor(terms, criteria, 0, Party.Influencer))
        .to.emit(f.escrow, "DisputeCreated")
        .withArgs(id, 0, 0, COST);
    });

    it("lets a party pay its own fee through it, like payArbitrationFee", async function () {
      const { terms, id } = await dealInReview(f);
      await expect(f.escrow.connect(f.brand).payArbitrationFeeFor(terms, criteria, 0, Party.Brand))
        .to.emit(f.escrow, "ArbitrationFeePaid")
        .withArgs(id, 0, Party.Brand, COST, COST, COST, Party.Influencer, anyFeeDeadline);
    });

    it("reverts when someone else tries to raise a dispute for a party", async function () {
      const { terms, id } = await dealInReview(f);
      await expect(f.escrow.connect(f.stranger).payArbitrationFeeFor(terms, criteria, 0, Party.Brand))
        .to.be.revertedWithCustomError(f.escrow, "ArbitrationNotAvailable")
        .withArgs(id, 0, Party.Brand);
    });

    it("reverts when someone else pays for the party that is not awaited", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      await expect(f.escrow.connect(f.stranger).payArbitrationFeeFor(terms, criteria, 0, Party.Brand))
        .to.be.revertedWithCustomError(f.escrow, "ArbitrationNotAvailable")
        .withArgs(id, 0, Party.Brand);
      await expect(f.escrow.connect(f.stranger).payArbitrationFeeFor(terms, criteria, 0, Party.None))
        .to.be.revertedWithCustomError(f.escrow, "ArbitrationNotAvailable")
        .withArgs(id, 0, Party.None);
    });
  });

  describe("timeOutArbitration", function () {
    it("reverts until the fee deadline has passed", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      const { feeDeadline } = await arbitration(id);
      await nextBlockAt(feeDeadline);
      await expect(f.escrow.connect(f.stranger).timeOutArbitration(terms, 0))
        .to.be.revertedWithCustomError(f.escrow, "DeadlineNotReached")
        .withArgs(feeDeadline, feeDeadline);
    });

    it("gives the milestone to the brand when the influencer does not pay, refunding the brand's fee", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      const { feeDeadline } = await arbitration(id);
      await networkHelpers.time.increaseTo(feeDeadline + 1n);
      const tx = f.escrow.connect(f.stranger).timeOutArbitration(terms, 0);
      await expect(tx).to.emit(f.escrow, "ArbitrationFeeRefunded").withArgs(id, 0, Party.Brand, COST);
      await expect(tx)
        .to.emit(f.escrow, "MilestoneFinalized")
        .withArgs(id, 0, MilestoneStatus.Ruled, f.stranger.address, 0, 0n, AMOUNT, 0n);
      await expect(tx).to.emit(f.escrow, "DealClosed").withArgs(id);
      await expectDeal(f, id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: AMOUNT + COST, influencerCredit: 0n });
      expect(await arbitration(id)).to.include({ brandFee: 0n, influencerFee: 0n, waitingFor: Party.None });
      expect(await escrowBalance(f)).to.equal(AMOUNT + COST);
      await expect(f.escrow.connect(f.brand).claim(dealKeyOf(terms), f.brand.address)).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.escrow, f.brand],
        [-(AMOUNT + COST), AMOUNT + COST],
      );
      expect(await escrowBalance(f)).to.equal(0n);
    });

    it("gives the milestone to the influencer when the brand does not answer a revision dispute", async function () {
      const { terms, id } = await revisionDisputed();
      const { feeDeadline } = await arbitration(id);
      await networkHelpers.time.increaseTo(feeDeadline + 1n);
      const tx = f.escrow.connect(f.influencer).timeOutArbitration(terms, 0);
      await expect(tx).to.emit(f.escrow, "ArbitrationFeeRefunded").withArgs(id, 0, Party.Influencer, COST);
      await expect(tx)
        .to.emit(f.escrow, "MilestoneFinalized")
        .withArgs(id, 0, MilestoneStatus.Ruled, f.influencer.address, 10_000, USDC(990), 0n, USDC(10));
      await expectDeal(f, id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: 0n, influencerCredit: USDC(990) + COST });
      expect(await f.escrow.protocolFees(f.usdcAddress)).to.equal(USDC(10));
      expect(await escrowBalance(f)).to.equal(AMOUNT + COST);
    });

    it("refunds the loser's partial deposit when it did not top up after a cost increase", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      await f.arbitrator.setCost(f.usdcAddress, USDC(40));
      await f.escrow.connect(f.influencer).payArbitrationFee(terms, criteria, 0);
      const { feeDeadline } = await arbitration(id);
      await networkHelpers.time.increaseTo(feeDeadline + 1n);
      const tx = f.escrow.connect(f.stranger).timeOutArbitration(terms, 0);
      await expect(tx).to.emit(f.escrow, "ArbitrationFeeRefunded").withArgs(id, 0, Party.Brand, COST);
      await expect(tx).to.emit(f.escrow, "ArbitrationFeeRefunded").withArgs(id, 0, Party.Influencer, USDC(40));
      await expect(tx)
        .to.emit(f.escrow, "MilestoneFinalized")
        .withArgs(id, 0, MilestoneStatus.Ruled, f.stranger.address, 10_000, USDC(990), 0n, USDC(10));
      await expectDeal(f, id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: COST, influencerCredit: USDC(990) + USDC(40) });
      expect(await escrowBalance(f)).to.equal(AMOUNT + COST + USDC(40));
    });

    it("reverts when no fee is pending", async function () {
      const { terms, id } = await dealInReview(f);
      await expect(f.escrow.connect(f.stranger).timeOutArbitration(terms, 0))
        .to.be.revertedWithCustomError(f.escrow, "MilestoneUnexpectedStatus")
        .withArgs(id, 0, MilestoneStatus.InReview, mask(MilestoneStatus.FeesPending));
    });

    it("reverts once the dispute is at the arbitrator", async function () {
      const { terms, id } = await disputed();
      await networkHelpers.time.increase(61 * 86_400);
      await expect(f.escrow.connect(f.stranger).timeOutArbitration(terms, 0))
        .to.be.revertedWithCustomError(f.escrow, "MilestoneUnexpectedStatus")
        .withArgs(id, 0, MilestoneStatus.InArbitration, mask(MilestoneStatus.FeesPending));
    });
  });

  describe("acceptSettlement during the fee phase", function () {
    it("credits the paid deposit back to its payer", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      await f.escrow.connect(f.influencer).proposeSettlement(terms, 0, 5_000);
      const tx = f.escrow.connect(f.brand).acceptSettlement(terms, 0, 5_000);
      await expect(tx).to.emit(f.escrow, "ArbitrationFeeRefunded").withArgs(id, 0, Party.Brand, COST);
      await expect(tx)
        .to.emit(f.escrow, "MilestoneFinalized")
        .withArgs(id, 0, MilestoneStatus.Settled, f.brand.address, 5_000, USDC(495), USDC(500), USDC(5));
      await expectDeal(f, id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: USDC(500) + COST, influencerCredit: USDC(495) });
      expect(await arbitration(id)).to.include({ brandFee: 0n, influencerFee: 0n, waitingFor: Party.None });
      expect(await escrowBalance(f)).to.equal(AMOUNT + COST);
    });

    it("credits both deposits back when both parties paid part of a changed cost", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      await f.arbitrator.setCost(f.usdcAddress, USDC(40));
      await f.escrow.connect(f.influencer).payArbitrationFee(terms, criteria, 0);
      await f.escrow.connect(f.brand).proposeSettlement(terms, 0, 2_500);
      const tx = f.escrow.connect(f.influencer).acceptSettlement(terms, 0, 2_500);
      await expect(tx).to.emit(f.escrow, "ArbitrationFeeRefunded").withArgs(id, 0, Party.Brand, COST);
      await expect(tx).to.emit(f.escrow, "ArbitrationFeeRefunded").withArgs(id, 0, Party.Influencer, USDC(40));
      const s = split(AMOUNT, 2_500, FEE_BPS);
      await expect(tx)
        .to.emit(f.escrow, "MilestoneFinalized")
        .withArgs(id, 0, MilestoneStatus.Settled, f.influencer.address, 2_500, s.toInfluencer, s.toBrand, s.fee);
      await expectDeal(f, id, {
        status: DealStatus.Closed,
        openMilestones: 0,
        brandCredit: s.toBrand + COST,
        influencerCredit: s.toInfluencer + USDC(40),
      });
      expect(await escrowBalance(f)).to.equal(AMOUNT + COST + USDC(40));
    });
  });

  describe("rule", function () {
    async function expectRuling(ruling: bigint, shareBps: number) {
      const { terms, id } = await disputed();
      const s = split(AMOUNT, shareBps, FEE_BPS);
      const heldToInfluencer = (COST * BigInt(shareBps)) / 10_000n;
      const heldToBrand = COST - heldToInfluencer;
      const tx = f.arbitrator.giveRuling(0, ruling);
      await expect(tx).to.emit(f.escrow, "Ruling").withArgs(arbitratorAddress, 0, ruling);
      await expect(tx)
        .to.emit(f.escrow, "MilestoneFinalized")
        .withArgs(id, 0, MilestoneStatus.Ruled, arbitratorAddress, shareBps, s.toInfluencer, s.toBrand, s.fee);
      await expect(tx).to.emit(f.escrow, "DealClosed").withArgs(id);
      if (heldToInfluencer > 0n) {
        await expect(tx).to.emit(f.escrow, "ArbitrationFeeRefunded").withArgs(id, 0, Party.Influencer, heldToInfluencer);
      }
      if (heldToBrand > 0n) {
        await expect(tx).to.emit(f.escrow, "ArbitrationFeeRefunded").withArgs(id, 0, Party.Brand, heldToBrand);
      }
      await expectDeal(f, id, {
        status: DealStatus.Closed,
        openMilestones: 0,
        brandCredit: s.toBrand + heldToBrand,
        influencerCredit: s.toInfluencer + heldToInfluencer,
      });
      await expectMilestone(f, id, 0, { status: MilestoneStatus.Ruled });
      expect(await arbitration(id)).to.include({ brandFee: 0n, influencerFee: 0n, created: true });
      expect(await f.escrow.protocolFees(f.usdcAddress)).to.equal(s.fee);
      // The escrow keeps the milestone and one arbitration cost; the other cost went to the arbitrator.
      expect(await escrowBalance(f)).to.equal(AMOUNT + COST);
      expect(s.toBrand + heldToBrand + s.toInfluencer + heldToInfluencer + s.fee).to.equal(AMOUNT + COST);
      return { terms, id, s, heldToInfluencer, heldToBrand };
    }

    it("splits the milestone and the held fee in half on ruling 0 (refused to rule)", async function () {
      const r = await expectRuling(0n, 5_000);
      expect([r.s.toInfluencer, r.s.toBrand, r.heldToInfluencer, r.heldToBrand]).to.deep.equal([
        USDC(495),
        USDC(500),
        12_500_000n,
        12_500_000n,
      ]);
    });

    it("gives everything to the brand on ruling 1 (a share of 0)", async function () {
      const r = await expectRuling(1n, 0);
      expect([r.s.toInfluencer, r.s.toBrand, r.heldToInfluencer, r.heldToBrand]).to.deep.equal([0n, AMOUNT, 0n, COST]);
      const { terms } = r;
      await expect(f.escrow.connect(f.brand).claim(dealKeyOf(terms), f.payee.address)).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.escrow, f.payee],
        [-(AMOUNT + COST), AMOUNT + COST],
      );
    });

    it("gives everything to the influencer on ruling 10,001 (a share of 10,000)", async function () {
      const r = await expectRuling(10_001n, 10_000);
      expect([r.s.toInfluencer, r.s.toBrand, r.s.fee, r.heldToInfluencer, r.heldToBrand]).to.deep.equal([
        USDC(990),
        0n,
        USDC(10),
        COST,
        0n,
      ]);
    });

    it("splits by the ruled share in between, rounding the influencer's parts down", async function () {
      const r = await expectRuling(rulingForShare(3_333), 3_333);
      // 1,000 USDC * 33.33 % = 333.3 USDC, 1 % fee; 25 USDC * 33.33 % = 8.3325 USDC.
      expect([r.s.toInfluencer, r.s.toBrand, r.s.fee, r.heldToInfluencer, r.heldToBrand]).to.deep.equal([
        329_967_000n,
        666_700_000n,
        3_333_000n,
        8_332_500n,
        16_667_500n,
      ]);
    });

    it("uses the deal's own fee and amount even after the protocol fee changed", async function () {
      const { id } = await disputed([USDC(777)]);
      await f.escrow.connect(f.deployer).setProtocolFee(1_000);
      const s = split(USDC(777), 10_000, FEE_BPS);
      await expect(f.arbitrator.giveRuling(0, rulingForShare(10_000)))
        .to.emit(f.escrow, "MilestoneFinalized")
        .withArgs(id, 0, MilestoneStatus.Ruled, arbitratorAddress, 10_000, s.toInfluencer, 0n, s.fee);
      expect(s.fee).to.equal(7_770_000n);
    });

    it("rules one milestone of several and leaves the deal active", async function () {
      const { terms, id } = await disputed([USDC(100), USDC(200)]);
      const tx = f.arbitrator.giveRuling(0, rulingForShare(5_000));
      await expect(tx).to.not.emit(f.escrow, "DealClosed");
      await expectDeal(f, id, {
        status: DealStatus.Active,
        openMilestones: 1,
        brandCredit: USDC(50) + 12_500_000n,
        influencerCredit: 49_500_000n + 12_500_000n,
      });
      await f.escrow.connect(f.brand).approveMilestone(terms, 1);
      await expectDeal(f, id, {
        status: DealStatus.Closed,
        openMilestones: 0,
        brandCredit: USDC(50) + 12_500_000n,
        influencerCredit: 49_500_000n + 12_500_000n + USDC(198),
      });
    });

    it("reverts when the caller is not the arbitrator", async function () {
      await disputed();
      await expect(f.escrow.connect(f.brand).rule(0, 1))
        .to.be.revertedWithCustomError(f.escrow, "EscrowOnlyArbitrator")
        .withArgs(f.brand.address);
    });

    it("reverts for a dispute id the escrow never created", async function () {
      await networkHelpers.impersonateAccount(arbitratorAddress);
      await networkHelpers.setBalance(arbitratorAddress, 10n ** 18n);
      const asArbitrator = await ethers.getSigner(arbitratorAddress);
      await expect(f.escrow.connect(asArbitrator).rule(7, 1))
        .to.be.revertedWithCustomError(f.escrow, "ArbitrationUnknownDispute")
        .withArgs(7);
      await networkHelpers.stopImpersonatingAccount(arbitratorAddress);
    });

    it("reverts for an arbitrator dispute recorded under another id", async function () {
      const { terms, id } = await dealInReview(f);
      await f.arbitrator.forceNextDisputeId(42);
      await f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      await expect(f.escrow.connect(f.influencer).payArbitrationFee(terms, criteria, 0))
        .to.emit(f.escrow, "DisputeCreated")
        .withArgs(id, 0, 42, COST);
      expect((await f.escrow.getDisputeRef(42)).exists).to.equal(true);
      // The arbitrator's own dispute 0 is unknown to the escrow.
      await expect(f.arbitrator.giveRuling(0, 1))
        .to.be.revertedWithCustomError(f.escrow, "ArbitrationUnknownDispute")
        .withArgs(0);
    });

    it("reverts on a ruling above 10,001", async function () {
      await disputed();
      await expect(f.arbitrator.giveRuling(0, 10_002))
        .to.be.revertedWithCustomError(f.escrow, "ArbitrationRulingOutOfRange")
        .withArgs(10_002, 10_001);
    });

    it("reverts on a second ruling for the same dispute", async function () {
      const { id } = await disputed();
      await f.arbitrator.giveRuling(0, 1);
      await expect(f.arbitrator.giveRuling(0, 10_001))
        .to.be.revertedWithCustomError(f.escrow, "MilestoneUnexpectedStatus")
        .withArgs(id, 0, MilestoneStatus.Ruled, mask(MilestoneStatus.InArbitration));
    });
  });

  describe("dispute ids", function () {
    it("reverts with ArbitrationDisputeIdReused when the arbitrator returns an id already in use", async function () {
      await disputed();
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      await f.arbitrator.forceNextDisputeId(0);
      await expect(f.escrow.connect(f.influencer).payArbitrationFee(terms, criteria, 0))
        .to.be.revertedWithCustomError(f.escrow, "ArbitrationDisputeIdReused")
        .withArgs(0);
      await expectMilestone(f, id, 0, { status: MilestoneStatus.FeesPending });
      expect(await arbitration(id)).to.include({ brandFee: COST, influencerFee: 0n, created: false });
    });
  });

  describe("arbitrationCost", function () {
    it("returns the arbitrator's current cost for the milestone", async function () {
      const { terms } = await activeDeal(f);
      expect(await f.escrow.arbitrationCost(terms, criteria, 0)).to.equal(COST);
      await f.arbitrator.setCost(f.usdcAddress, USDC(31));
      expect(await f.escrow.arbitrationCost(terms, criteria, 0)).to.equal(USDC(31));
    });

    it("reverts when the criteria table is not the deal's", async function () {
      const { terms } = await activeDeal(f);
      const other: Question[] = [{ optionCount: 2, compliantMask: 2, weight: 9 }];
      await expect(f.escrow.arbitrationCost(terms, other, 0))
        .to.be.revertedWithCustomError(f.escrow, "CriteriaHashMismatch")
        .withArgs(terms.criteriaHash, hashCriteria(other));
    });
  });
});
