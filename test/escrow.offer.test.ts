import { expect } from "chai";
import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import {
  DAY,
  DEFAULT_CRITERIA,
  DealStatus,
  MilestoneStatus,
  dealIdOf,
  dealKeyOf,
  hashCriteria,
  totalOf,
  type Question,
} from "../scripts/lib/terms.js";
import { USDC, deployFixture, ethers, networkHelpers, now, offer, termsFor, type Fixture } from "./helpers/fixture.js";
import { escrowBalance, expectDeal, expectMilestone } from "./helpers/expect.js";
import { signPermit } from "./helpers/permit.js";

const criteria = [...DEFAULT_CRITERIA];
const MIN_PERIOD = BigInt(DAY);
const MAX_PERIOD = 60n * BigInt(DAY);
const MAX_HORIZON = 730n * BigInt(DAY);
const MAX_AMOUNT = 2n ** 88n - 1n;

describe("DealEscrow: offer and funding", function () {
  let f: Fixture;

  beforeEach(async function () {
    f = await networkHelpers.loadFixture(deployFixture);
  });

  describe("createDeal", function () {
    it("escrows the total, records the offer and emits DealCreated", async function () {
      const terms = await termsFor(f, { amounts: [USDC(300), USDC(700)] });
      const id = dealIdOf(terms);
      const tx = f.escrow.connect(f.brand).createDeal(terms, criteria);
      await expect(tx)
        .to.emit(f.escrow, "DealCreated")
        .withArgs(id, f.brand.address, f.influencer.address, anyValue, anyValue, anyValue, USDC(1_000));
      await expect(tx).to.changeTokenBalances(ethers, f.usdc, [f.brand, f.escrow], [-USDC(1_000), USDC(1_000)]);
      await expectDeal(f, id, { status: DealStatus.Offered, openMilestones: 2, brandCredit: 0n, influencerCredit: 0n });
      await expectMilestone(f, id, 0, { status: MilestoneStatus.AwaitingDelivery, deadline: terms.milestones[0]!.deliverBy, revisions: 0 });
      await expectMilestone(f, id, 1, { status: MilestoneStatus.AwaitingDelivery, deadline: terms.milestones[1]!.deliverBy, revisions: 0 });
      expect(await escrowBalance(f)).to.equal(USDC(1_000));
    });

    it("emits the full key, terms and criteria in DealCreated", async function () {
      const terms = await termsFor(f);
      const receipt = await (await f.escrow.connect(f.brand).createDeal(terms, criteria)).wait();
      const log = receipt?.logs.map((l) => f.escrow.interface.parseLog(l)).find((l) => l?.name === "DealCreated");
      if (!log) throw new Error("no DealCreated");
      const key = dealKeyOf(terms);
      expect(log.args.key.toObject()).to.deep.equal(key);
      expect(log.args.terms.salt).to.equal(terms.salt);
      expect(log.args.terms.criteriaHash).to.equal(terms.criteriaHash);
      expect(log.args.terms.milestones[0].deliverBy).to.equal(terms.milestones[0]!.deliverBy);
      expect(log.args.criteria.map((q: { toObject(): object }) => q.toObject())).to.deep.equal(
        criteria.map((q) => ({ optionCount: BigInt(q.optionCount), compliantMask: BigInt(q.compliantMask), weight: BigInt(q.weight) })),
      );
    });

    it("gives identical offers with different salts distinct ids", async function () {
      const a = await offer(f, { salt: "0x" + "01".repeat(32) });
      const b = await offer(f, { salt: "0x" + "02".repeat(32) });
      expect(a.id).to.not.equal(b.id);
      expect(await escrowBalance(f)).to.equal(totalOf(a.terms) + totalOf(b.terms));
    });

    it("accepts the largest total the escrow accounts for", async function () {
      await f.usdc.mint(f.brand.address, MAX_AMOUNT);
      const terms = await termsFor(f, { amounts: [MAX_AMOUNT - 1n, 1n] });
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
        .to.emit(f.escrow, "DealCreated")
        .withArgs(dealIdOf(terms), f.brand.address, f.influencer.address, anyValue, anyValue, anyValue, MAX_AMOUNT);
    });

    it("accepts the bounds of every period, 16 milestones and 16 questions of 8 options", async function () {
      const questions: Question[] = Array.from({ length: 16 }, () => ({ optionCount: 8, compliantMask: 0x7f, weight: 1 }));
      const terms = await termsFor(f, {
        amounts: Array.from({ length: 16 }, () => USDC(1)),
        deliverWithin: DAY,
        reviewPeriod: DAY,
        revisionPeriod: 60 * DAY,
        feeTimeout: 60 * DAY,
        maxRevisions: 10,
        topic: 15,
        language: "za",
        criteria: questions,
      });
      await expect(f.escrow.connect(f.brand).createDeal(terms, questions)).to.emit(f.escrow, "DealCreated");
      await expectDeal(f, dealIdOf(terms), { status: DealStatus.Offered, openMilestones: 16, brandCredit: 0n, influencerCredit: 0n });
    });

    it("reverts when a deal with the same terms exists", async function () {
      const { terms, id } = await offer(f);
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
        .to.be.revertedWithCustomError(f.escrow, "DealAlreadyExists")
        .withArgs(id);
    });

    it("reverts when the caller is not the brand of the terms", async function () {
      const terms = await termsFor(f);
      await expect(f.escrow.connect(f.stranger).createDeal(terms, criteria))
        .to.be.revertedWithCustomError(f.escrow, "TermsBrandNotCaller")
        .withArgs(f.brand.address, f.stranger.address);
    });

    it("reverts when the influencer is the zero address, the escrow or the brand", async function () {
      for (const influencer of [ethers.ZeroAddress, f.escrowAddress, f.brand.address]) {
        const terms = await termsFor(f, { influencer });
        await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
          .to.be.revertedWithCustomError(f.escrow, "TermsInvalidInfluencer")
          .withArgs(influencer);
      }
    });

    it("reverts when the token is not allowed", async function () {
      const terms = await termsFor(f, { token: f.stranger.address });
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
        .to.be.revertedWithCustomError(f.escrow, "EscrowTokenNotAllowed")
        .withArgs(f.stranger.address);
    });

    it("reverts when the protocol fee is not the current one", async function () {
      const terms = await termsFor(f, { protocolFeeBps: 50 });
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
        .to.be.revertedWithCustomError(f.escrow, "TermsFeeMismatch")
        .withArgs(50, 100);
    });

    it("reverts when more than 10 revisions are allowed", async function () {
      const terms = await termsFor(f, { maxRevisions: 11 });
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
        .to.be.revertedWithCustomError(f.escrow, "TermsTooManyRevisions")
        .withArgs(11, 10);
    });

    it("reverts when the language is not two lower-case letters", async function () {
      // "Fr", "`r", "{r", "fR", "f`", "f{": each byte below 'a' and above 'z'.
      for (const language of ["0x4672", "0x6072", "0x7b72", "0x6652", "0x6660", "0x667b"]) {
        const terms = { ...(await termsFor(f)), language };
        await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
          .to.be.revertedWithCustomError(f.escrow, "TermsLanguageInvalid")
          .withArgs(language);
      }
    });

    it("reverts when the topic is not in the list", async function () {
      const terms = await termsFor(f, { topic: 16 });
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
        .to.be.revertedWithCustomError(f.escrow, "TermsTopicUnknown")
        .withArgs(16, 16);
    });

    it("reverts when the review period is out of range", async function () {
      for (const period of [DAY - 1, 60 * DAY + 1]) {
        const terms = await termsFor(f, { reviewPeriod: period });
        await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
          .to.be.revertedWithCustomError(f.escrow, "TermsReviewPeriodOutOfRange")
          .withArgs(period, MIN_PERIOD, MAX_PERIOD);
      }
    });

    it("reverts when the revision period is out of range", async function () {
      for (const period of [DAY - 1, 60 * DAY + 1]) {
        const terms = await termsFor(f, { revisionPeriod: period });
        await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
          .to.be.revertedWithCustomError(f.escrow, "TermsRevisionPeriodOutOfRange")
          .withArgs(period, MIN_PERIOD, MAX_PERIOD);
      }
    });

    it("reverts when the fee timeout is out of range", async function () {
      for (const period of [DAY - 1, 60 * DAY + 1]) {
        const terms = await termsFor(f, { feeTimeout: period });
        await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
          .to.be.revertedWithCustomError(f.escrow, "TermsFeeTimeoutOutOfRange")
          .withArgs(period, MIN_PERIOD, MAX_PERIOD);
      }
    });

    it("reverts when acceptBy is not in the future", async function () {
      const t = (await now()) + 100n;
      const terms = await termsFor(f, { now: t, acceptWithin: 0 });
      await networkHelpers.time.setNextBlockTimestamp(t);
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
        .to.be.revertedWithCustomError(f.escrow, "TermsAcceptByInvalid")
        .withArgs(t, t + 1n, t + MAX_HORIZON);
    });

    it("reverts when acceptBy is beyond the horizon", async function () {
      const t = (await now()) + 100n;
      const terms = await termsFor(f, { now: t, acceptWithin: 730 * DAY + 1 });
      await networkHelpers.time.setNextBlockTimestamp(t);
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
        .to.be.revertedWithCustomError(f.escrow, "TermsAcceptByInvalid")
        .withArgs(t + MAX_HORIZON + 1n, t + 1n, t + MAX_HORIZON);
    });

    it("accepts acceptBy one second ahead and a deliverBy exactly at the horizon", async function () {
      const t = (await now()) + 100n;
      const terms = await termsFor(f, { now: t, acceptWithin: 1, deliverWithin: 730 * DAY - 1 });
      await networkHelpers.time.setNextBlockTimestamp(t);
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria)).to.emit(f.escrow, "DealCreated");
    });

    it("reverts when a deliverBy is not after acceptBy", async function () {
      const t = (await now()) + 100n;
      const base = await termsFor(f, { now: t, amounts: [USDC(1), USDC(2)] });
      const terms = {
        ...base,
        milestones: [base.milestones[0]!, { amount: USDC(2), deliverBy: base.acceptBy }],
      };
      await networkHelpers.time.setNextBlockTimestamp(t);
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
        .to.be.revertedWithCustomError(f.escrow, "TermsDeliverByInvalid")
        .withArgs(1, base.acceptBy, base.acceptBy + 1n, t + MAX_HORIZON);
    });

    it("reverts when a deliverBy is beyond the horizon", async function () {
      const t = (await now()) + 100n;
      const terms = await termsFor(f, { now: t, acceptWithin: DAY, deliverWithin: 729 * DAY + 1 });
      await networkHelpers.time.setNextBlockTimestamp(t);
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
        .to.be.revertedWithCustomError(f.escrow, "TermsDeliverByInvalid")
        .withArgs(0, t + MAX_HORIZON + 1n, terms.acceptBy + 1n, t + MAX_HORIZON);
    });

    it("reverts when there is no milestone or more than 16", async function () {
      for (const count of [0, 17]) {
        const terms = await termsFor(f, { amounts: Array.from({ length: count }, () => USDC(1)), deliverWithin: DAY });
        await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
          .to.be.revertedWithCustomError(f.escrow, "TermsMilestoneCount")
          .withArgs(count, 16);
      }
    });

    it("reverts when a milestone amount is zero", async function () {
      const terms = await termsFor(f, { amounts: [USDC(1), 0n] });
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
        .to.be.revertedWithCustomError(f.escrow, "TermsZeroAmount")
        .withArgs(1);
    });

    it("reverts when the total exceeds 2^88 - 1", async function () {
      const terms = await termsFor(f, { amounts: [MAX_AMOUNT, 1n] });
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
        .to.be.revertedWithCustomError(f.escrow, "TermsTotalTooLarge")
        .withArgs(MAX_AMOUNT + 1n, MAX_AMOUNT);
    });

    it("reverts when the criteria table does not match the terms' criteriaHash", async function () {
      const terms = await termsFor(f);
      const other: Question[] = [{ optionCount: 2, compliantMask: 1, weight: 1 }];
      await expect(f.escrow.connect(f.brand).createDeal(terms, other))
        .to.be.revertedWithCustomError(f.escrow, "CriteriaHashMismatch")
        .withArgs(terms.criteriaHash, hashCriteria(other));
    });

    it("reverts when the criteria table has no question or more than 16", async function () {
      for (const count of [0, 17]) {
        const questions: Question[] = Array.from({ length: count }, () => ({ optionCount: 2, compliantMask: 1, weight: 1 }));
        const terms = await termsFor(f, { criteria: questions });
        await expect(f.escrow.connect(f.brand).createDeal(terms, questions))
          .to.be.revertedWithCustomError(f.escrow, "CriteriaQuestionCount")
          .withArgs(count, 16);
      }
    });

    it("reverts when a question has fewer than 2 or more than 8 options", async function () {
      for (const optionCount of [0, 1, 9]) {
        const questions: Question[] = [
          { optionCount: 2, compliantMask: 1, weight: 1 },
          { optionCount, compliantMask: 1, weight: 1 },
        ];
        const terms = await termsFor(f, { criteria: questions });
        await expect(f.escrow.connect(f.brand).createDeal(terms, questions))
          .to.be.revertedWithCustomError(f.escrow, "CriteriaOptionCount")
          .withArgs(1, optionCount, 8);
      }
    });

    it("reverts when a compliant mask is empty, full or names options that do not exist", async function () {
      for (const compliantMask of [0, 0b111, 0b1000]) {
        const questions: Question[] = [
          { optionCount: 2, compliantMask: 1, weight: 1 },
          { optionCount: 3, compliantMask, weight: 1 },
        ];
        const terms = await termsFor(f, { criteria: questions });
        await expect(f.escrow.connect(f.brand).createDeal(terms, questions))
          .to.be.revertedWithCustomError(f.escrow, "CriteriaCompliantMaskInvalid")
          .withArgs(1, compliantMask, 3);
      }
    });

    it("reverts when a question has a zero weight", async function () {
      const questions: Question[] = [
        { optionCount: 2, compliantMask: 1, weight: 1 },
        { optionCount: 2, compliantMask: 2, weight: 0 },
      ];
      const terms = await termsFor(f, { criteria: questions });
      await expect(f.escrow.connect(f.brand).createDeal(terms, questions))
        .to.be.revertedWithCustomError(f.escrow, "CriteriaZeroWeight")
        .withArgs(1);
    });

    it("reverts when the allowance does not cover the total", async function () {
      await f.usdc.connect(f.brand).approve(f.escrowAddress, USDC(999));
      const terms = await termsFor(f);
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
        .to.be.revertedWithCustomError(f.usdc, "ERC20InsufficientAllowance")
        .withArgs(f.escrowAddress, USDC(999), USDC(1_000));
    });
  });

  describe("createDealWithPermit", function () {
    beforeEach(async function () {
      await f.usdc.connect(f.brand).approve(f.escrowAddress, 0n);
    });

    it("funds the deal with a permit signed for the total", async function () {
      const terms = await termsFor(f);
      const p = await signPermit(f.usdc, f.brand, f.escrowAddress, USDC(1_000), terms.acceptBy);
      const tx = f.escrow.connect(f.brand).createDealWithPermit(terms, criteria, p.deadline, p.v, p.r, p.s);
      await expect(tx)
        .to.emit(f.escrow, "DealCreated")
        .withArgs(dealIdOf(terms), f.brand.address, f.influencer.address, anyValue, anyValue, anyValue, USDC(1_000));
      await expect(tx).to.changeTokenBalances(ethers, f.usdc, [f.brand, f.escrow], [-USDC(1_000), USDC(1_000)]);
      expect(await f.usdc.nonces(f.brand.address)).to.equal(1n);
      expect(await f.usdc.allowance(f.brand.address, f.escrowAddress)).to.equal(0n);
      await expectDeal(f, dealIdOf(terms), { status: DealStatus.Offered, openMilestones: 1, brandCredit: 0n, influencerCredit: 0n });
    });

    it("succeeds when the same permit was submitted first by someone else", async function () {
      const terms = await termsFor(f);
      const p = await signPermit(f.usdc, f.brand, f.escrowAddress, USDC(1_000), terms.acceptBy);
      await f.usdc.connect(f.stranger).permit(f.brand.address, f.escrowAddress, USDC(1_000), p.deadline, p.v, p.r, p.s);
      const tx = f.escrow.connect(f.brand).createDealWithPermit(terms, criteria, p.deadline, p.v, p.r, p.s);
      await expect(tx).to.emit(f.escrow, "DealCreated");
      await expect(tx).to.changeTokenBalances(ethers, f.usdc, [f.brand, f.escrow], [-USDC(1_000), USDC(1_000)]);
      expect(await escrowBalance(f)).to.equal(USDC(1_000));
    });

    it("succeeds with an unusable permit when an allowance covers the total", async function () {
      await f.usdc.connect(f.brand).approve(f.escrowAddress, USDC(1_000));
      const terms = await termsFor(f);
      const p = await signPermit(f.usdc, f.stranger, f.escrowAddress, USDC(1_000), terms.acceptBy);
      await expect(f.escrow.connect(f.brand).createDealWithPermit(terms, criteria, p.deadline, p.v, p.r, p.s)).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.brand, f.escrow],
        [-USDC(1_000), USDC(1_000)],
      );
    });

    it("reverts with EscrowPermitFailed when the permit fails and the allowance falls short", async function () {
      await f.usdc.connect(f.brand).approve(f.escrowAddress, USDC(400));
      const terms = await termsFor(f);
      // Signed for less than the total: the signature does not match the permit the escrow submits.
      const p = await signPermit(f.usdc, f.brand, f.escrowAddress, USDC(999), terms.acceptBy);
      await expect(f.escrow.connect(f.brand).createDealWithPermit(terms, criteria, p.deadline, p.v, p.r, p.s))
        .to.be.revertedWithCustomError(f.escrow, "EscrowPermitFailed")
        .withArgs(USDC(400), USDC(1_000));
    });

    it("reverts with EscrowPermitFailed when the permit has expired and there is no allowance", async function () {
      const terms = await termsFor(f);
      const expired = (await now()) - 1n;
      const p = await signPermit(f.usdc, f.brand, f.escrowAddress, USDC(1_000), expired);
      await expect(f.escrow.connect(f.brand).createDealWithPermit(terms, criteria, p.deadline, p.v, p.r, p.s))
        .to.be.revertedWithCustomError(f.escrow, "EscrowPermitFailed")
        .withArgs(0n, USDC(1_000));
    });

    it("validates the terms like createDeal", async function () {
      const terms = await termsFor(f, { protocolFeeBps: 0 });
      const p = await signPermit(f.usdc, f.brand, f.escrowAddress, USDC(1_000), terms.acceptBy);
      await expect(f.escrow.connect(f.brand).createDealWithPermit(terms, criteria, p.deadline, p.v, p.r, p.s))
        .to.be.revertedWithCustomError(f.escrow, "TermsFeeMismatch")
        .withArgs(0, 100);
    });
  });

  describe("hashes and ids", function () {
    it("matches scripts/lib/terms.ts for hashCriteria, dealId, dealKey and dealIdOf", async function () {
      const questions: Question[] = [
        { optionCount: 4, compliantMask: 0b0110, weight: 7 },
        { optionCount: 2, compliantMask: 0b01, weight: 1 },
      ];
      const terms = await termsFor(f, { criteria: questions, amounts: [USDC(5), USDC(6), USDC(7)] });
      expect(await f.escrow.hashCriteria(questions)).to.equal(hashCriteria(questions));
      expect(await f.escrow.hashCriteria(criteria)).to.equal(hashCriteria(criteria));
      expect(await f.escrow.dealId(terms)).to.equal(dealIdOf(terms));
      const key = dealKeyOf(terms);
      const onChain = await f.escrow.dealKey(terms);
      expect({ brand: onChain.brand, influencer: onChain.influencer, token: onChain.token, termsHash: onChain.termsHash }).to.deep.equal(key);
      expect(await f.escrow.dealIdOf(key)).to.equal(dealIdOf(terms));
    });

    it("gives the id that createDeal records", async function () {
      const { terms, id } = await offer(f);
      expect(id).to.equal(dealIdOf(terms));
      await expectDeal(f, dealIdOf(terms), { status: DealStatus.Offered, openMilestones: 1, brandCredit: 0n, influencerCredit: 0n });
    });
  });
});
