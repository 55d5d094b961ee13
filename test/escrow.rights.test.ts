// The escrow's side of issue 4 that needs no companion contract: the new optional terms and their validation, the
// rights price (escrowed with the deal, paid when it completes, otherwise given back), and the views the rights
// certificate and the reputation build on (delivered, contentDigest, the final share, closedAt, completed,
// rightsBought).
import { expect } from "chai";
import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { AbiCoder, keccak256 } from "ethers";
import {
  BPS,
  DAY,
  DEFAULT_BREACH_CRITERIA,
  DEFAULT_CRITERIA,
  DealStatus,
  MilestoneStatus,
  RightsScope,
  Topic,
  ZERO_HASH,
  dealKeyOf,
  hashCriteria,
  hashRights,
  rulingForShare,
  territoryCode,
  totalOf,
  type DealTerms,
  type RightsTerms,
} from "../scripts/lib/terms.js";
import {
  CONTENT_HASH,
  CONTENT_URI,
  USDC,
  deployFixture,
  ethers,
  networkHelpers,
  now,
  termsFor,
  type Fixture,
} from "./helpers/fixture.js";
import { escrowBalance, nextBlockAt, split } from "./helpers/expect.js";

const criteria = [...DEFAULT_CRITERIA];
const FEE_BPS = 100;
const PRICE = USDC(500);
const MAX_EXCLUSIVITY = 1_826n * BigInt(DAY);
const MAX_AMOUNT = 2n ** 88n - 1n;

/** A licence: organic reposts and paid ads in France and Belgium for a year, not exclusive. */
export const RIGHTS: RightsTerms = {
  scope: RightsScope.OrganicRepost | RightsScope.PaidAds,
  duration: 365n * BigInt(DAY),
  territories: [territoryCode("FR"), territoryCode("BE")],
  exclusive: false,
  documentHash: keccak256("0x1234"),
};

describe("DealEscrow: rights, optional terms and completion views", function () {
  let f: Fixture;

  beforeEach(async function () {
    f = await networkHelpers.loadFixture(deployFixture);
  });

  async function create(terms: DealTerms) {
    await f.escrow.connect(f.brand).createDeal(terms, criteria);
    return f.escrow.dealId(terms);
  }

  async function accepted(input: Parameters<typeof termsFor>[1] = {}) {
    const terms = await termsFor(f, input);
    const id = await create(terms);
    await f.escrow.connect(f.influencer).acceptDeal(terms);
    return { terms, id };
  }

  async function expectClosed(id: string, completed: boolean, closedAt: bigint) {
    const deal = await f.escrow.getDeal(id);
    expect(deal.status).to.equal(BigInt(DealStatus.Closed));
    expect(deal.completed).to.equal(completed);
    expect(deal.closedAt).to.equal(closedAt);
  }

  describe("terms validation", function () {
    it("hashes the new terms like the contract (deal id and rights hash)", async function () {
      const until = (await now()) + 30n * BigInt(DAY);
      const terms = await termsFor(f, {
        exclusivity: { until, topic: Topic.Fashion },
        holdback: { bps: 2_000, breachCriteria: DEFAULT_BREACH_CRITERIA },
        rights: { terms: RIGHTS, price: PRICE },
      });
      expect(terms.exclusiveTopic).to.equal(Topic.Fashion);
      expect(terms.breachCriteriaHash).to.equal(hashCriteria(DEFAULT_BREACH_CRITERIA));
      expect(await f.escrow.dealId(terms)).to.equal(await f.escrow.dealIdOf(dealKeyOf(terms)));
      const encoded = AbiCoder.defaultAbiCoder().encode(
        ["tuple(uint16,uint40,bytes2[],bool,bytes32)"],
        [[RIGHTS.scope, RIGHTS.duration, RIGHTS.territories, RIGHTS.exclusive, RIGHTS.documentHash]],
      );
      expect(hashRights(RIGHTS)).to.equal(keccak256(encoded));
      expect(territoryCode("FR")).to.equal("0x4652");
    });

    it("escrows the milestones plus the rights price and emits it as the total", async function () {
      const terms = await termsFor(f, { amounts: [USDC(300), USDC(700)], rights: { terms: RIGHTS, price: PRICE } });
      expect(totalOf(terms)).to.equal(USDC(1_500));
      const tx = f.escrow.connect(f.brand).createDeal(terms, criteria);
      await expect(tx)
        .to.emit(f.escrow, "DealCreated")
        .withArgs(await f.escrow.dealId(terms), f.brand.address, f.influencer.address, anyValue, anyValue, anyValue, USDC(1_500));
      await expect(tx).to.changeTokenBalances(ethers, f.usdc, [f.brand, f.escrow], [-USDC(1_500), USDC(1_500)]);
    });

    it("accepts an exclusivity with the largest holdback, a window of five years and free rights", async function () {
      const t = await now();
      const terms = await termsFor(f, {
        exclusivity: { from: 0n, until: t + 1n + MAX_EXCLUSIVITY },
        holdback: { bps: 5_000, breachCriteria: DEFAULT_BREACH_CRITERIA },
        rights: { terms: RIGHTS },
      });
      await nextBlockAt(t + 1n);
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria)).to.emit(f.escrow, "DealCreated");
    });

    it("counts the rights price in the largest total", async function () {
      await f.usdc.mint(f.brand.address, MAX_AMOUNT);
      const terms = await termsFor(f, { amounts: [MAX_AMOUNT - 10n], rights: { terms: RIGHTS, price: 11n } });
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
        .to.be.revertedWithCustomError(f.escrow, "TermsTotalTooLarge")
        .withArgs(MAX_AMOUNT + 1n, MAX_AMOUNT);
    });

    it("reverts when an exclusivity field is set without exclusiveUntil", async function () {
      const base = await termsFor(f);
      for (const [field, value] of [
        ["exclusiveTopic", Topic.Tech],
        ["exclusiveFrom", 5n],
        ["holdbackBps", 100],
      ] as const) {
        const terms = { ...base, [field]: value };
        await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
          .to.be.revertedWithCustomError(f.escrow, "TermsExclusivityIncomplete")
          .withArgs(terms.exclusiveTopic, terms.exclusiveFrom, terms.holdbackBps);
      }
    });

    it("reverts when the exclusivity window is empty, over, or longer than five years", async function () {
      const cases: ((t: bigint) => [bigint, bigint])[] = [
        (t) => [t + 100n, t + 100n], // from == until
        (t) => [t + 200n, t + 100n], // from > until
        (t) => [0n, t], // ends now
        (t) => [0n, t - 10n], // already over
        (t) => [0n, t + MAX_EXCLUSIVITY + 1n], // too long
      ];
      for (const window of cases) {
        const t = (await now()) + 100n;
        const [from, until] = window(t);
        const terms = await termsFor(f, { now: t, exclusivity: { from, until } });
        await networkHelpers.time.setNextBlockTimestamp(t);
        await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
          .to.be.revertedWithCustomError(f.escrow, "TermsExclusivityWindowInvalid")
          .withArgs(from, until, t + 1n, t + MAX_EXCLUSIVITY);
      }
    });

    it("reverts when the exclusive topic is not in the topic list", async function () {
      const terms = await termsFor(f, { exclusivity: { until: (await now()) + BigInt(DAY), topic: 16 } });
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
        .to.be.revertedWithCustomError(f.escrow, "TermsTopicUnknown")
        .withArgs(16, 16);
    });

    it("reverts when the holdback is above 50 %", async function () {
      const terms = await termsFor(f, {
        exclusivity: { until: (await now()) + BigInt(DAY) },
        holdback: { bps: 5_001, breachCriteria: DEFAULT_BREACH_CRITERIA },
      });
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
        .to.be.revertedWithCustomError(f.escrow, "TermsHoldbackTooHigh")
        .withArgs(5_001, 5_000);
    });

    it("reverts when a holdback has no breach questions, or breach questions come without a holdback", async function () {
      const until = (await now()) + BigInt(DAY);
      const noCriteria = { ...(await termsFor(f, { exclusivity: { until } })), holdbackBps: 1_000 };
      await expect(f.escrow.connect(f.brand).createDeal(noCriteria, criteria))
        .to.be.revertedWithCustomError(f.escrow, "TermsBreachCriteriaInvalid")
        .withArgs(1_000, ZERO_HASH);
      const breachHash = hashCriteria(DEFAULT_BREACH_CRITERIA);
      const noHoldback = { ...(await termsFor(f, { exclusivity: { until } })), breachCriteriaHash: breachHash };
      await expect(f.escrow.connect(f.brand).createDeal(noHoldback, criteria))
        .to.be.revertedWithCustomError(f.escrow, "TermsBreachCriteriaInvalid")
        .withArgs(0, breachHash);
      const noExclusivity = { ...(await termsFor(f)), breachCriteriaHash: breachHash };
      await expect(f.escrow.connect(f.brand).createDeal(noExclusivity, criteria))
        .to.be.revertedWithCustomError(f.escrow, "TermsBreachCriteriaInvalid")
        .withArgs(0, breachHash);
    });

    it("reverts when a rights price comes without the rights terms' hash", async function () {
      const terms = { ...(await termsFor(f)), rightsPrice: PRICE };
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
        .to.be.revertedWithCustomError(f.escrow, "TermsRightsHashMissing")
        .withArgs(PRICE);
    });
  });

  describe("an offer that ends unaccepted", function () {
    it("credits the rights price back with the milestones when declined", async function () {
      const terms = await termsFor(f, { rights: { terms: RIGHTS, price: PRICE } });
      const id = await create(terms);
      await expect(f.escrow.connect(f.influencer).declineDeal(terms))
        .to.emit(f.escrow, "DealDeclined")
        .withArgs(id, f.influencer.address, USDC(1_500));
      expect((await f.escrow.getDeal(id)).brandCredit).to.equal(USDC(1_500));
      expect(await f.escrow.rightsBought(id)).to.equal(false);
    });

    it("credits the rights price back with the milestones when reclaimed after acceptBy", async function () {
      const terms = await termsFor(f, { rights: { terms: RIGHTS, price: PRICE } });
      const id = await create(terms);
      await networkHelpers.time.increaseTo(terms.acceptBy + 1n);
      await expect(f.escrow.connect(f.stranger).reclaimOffer(terms))
        .to.emit(f.escrow, "DealExpired")
        .withArgs(id, f.stranger.address, USDC(1_500));
      await expect(f.escrow.connect(f.brand).claim(dealKeyOf(terms), f.brand.address)).to.changeTokenBalance(
        ethers,
        f.usdc,
        f.brand,
        USDC(1_500),
      );
      const deal = await f.escrow.getDeal(id);
      expect(deal.completed).to.equal(false);
      expect(deal.closedAt).to.equal(0n);
    });
  });

  describe("completion", function () {
    it("pays the rights price less the fee to the influencer when the last milestone is approved", async function () {
      const { terms, id } = await accepted({ amounts: [USDC(400), USDC(600)], rights: { terms: RIGHTS, price: PRICE } });
      await f.escrow.connect(f.brand).approveMilestone(terms, 0);
      expect(await f.escrow.rightsBought(id)).to.equal(false);
      expect((await f.escrow.getDeal(id)).completed).to.equal(false);
      const at = await nextBlockAt();
      const tx = f.escrow.connect(f.brand).approveMilestone(terms, 1);
      const fee = (PRICE * BigInt(FEE_BPS)) / BigInt(BPS);
      await expect(tx).to.emit(f.escrow, "DealClosed").withArgs(id);
      await expect(tx).to.emit(f.escrow, "DealCompleted").withArgs(id, at);
      await expect(tx).to.emit(f.escrow, "RightsSettled").withArgs(id, true, PRICE - fee, 0, fee);
      await expectClosed(id, true, at);
      expect(await f.escrow.rightsBought(id)).to.equal(true);
      const milestones = split(USDC(1_000), BPS, FEE_BPS);
      const deal = await f.escrow.getDeal(id);
      expect(deal.influencerCredit).to.equal(milestones.toInfluencer + PRICE - fee);
      expect(deal.brandCredit).to.equal(0n);
      expect(await f.escrow.protocolFees(f.usdcAddress)).to.equal(milestones.fee + fee);
      await f.escrow.connect(f.influencer).claim(dealKeyOf(terms), f.influencer.address);
      await f.escrow.withdrawProtocolFees(f.usdcAddress, f.deployer.address);
      expect(await escrowBalance(f)).to.equal(0n);
    });

    it("buys free rights (price 0) when the deal completes after a review timeout", async function () {
      const { terms, id } = await accepted({ rights: { terms: RIGHTS } });
      await f.escrow.connect(f.influencer).submitDeliverable(terms, 0, CONTENT_HASH, CONTENT_URI);
      const deadline = (await f.escrow.getMilestone(id, 0)).deadline;
      const at = await nextBlockAt(deadline + 1n);
      const tx = f.escrow.connect(f.stranger).releaseAfterReview(terms, 0);
      await expect(tx).to.emit(f.escrow, "RightsSettled").withArgs(id, true, 0, 0, 0);
      await expectClosed(id, true, at);
      expect(await f.escrow.rightsBought(id)).to.equal(true);
    });

    it("gives the rights price back to the brand when a milestone ends refunded", async function () {
      const { terms, id } = await accepted({ amounts: [USDC(400), USDC(600)], rights: { terms: RIGHTS, price: PRICE } });
      await f.escrow.connect(f.brand).approveMilestone(terms, 0);
      const at = await nextBlockAt();
      const tx = f.escrow.connect(f.influencer).refundMilestone(terms, 1);
      await expect(tx).to.emit(f.escrow, "RightsSettled").withArgs(id, false, 0, PRICE, 0);
      await expect(tx).to.emit(f.escrow, "DealClosed").withArgs(id);
      await expect(tx).to.not.emit(f.escrow, "DealCompleted");
      await expectClosed(id, false, at);
      expect(await f.escrow.rightsBought(id)).to.equal(false);
      expect((await f.escrow.getDeal(id)).brandCredit).to.equal(USDC(600) + PRICE);
    });

    it("completes on a settlement with a share above zero, not on a settlement at zero", async function () {
      const paid = await accepted({ rights: { terms: RIGHTS, price: PRICE } });
      await f.escrow.connect(f.brand).proposeSettlement(paid.terms, 0, 1);
      await expect(f.escrow.connect(f.influencer).acceptSettlement(paid.terms, 0, 1))
        .to.emit(f.escrow, "RightsSettled")
        .withArgs(paid.id, true, PRICE - PRICE / 100n, 0, PRICE / 100n);
      expect(await f.escrow.rightsBought(paid.id)).to.equal(true);

      const unpaid = await accepted({ rights: { terms: RIGHTS, price: PRICE } });
      await f.escrow.connect(f.influencer).proposeSettlement(unpaid.terms, 0, 0);
      await expect(f.escrow.connect(f.brand).acceptSettlement(unpaid.terms, 0, 0))
        .to.emit(f.escrow, "RightsSettled")
        .withArgs(unpaid.id, false, 0, PRICE, 0);
      expect(await f.escrow.rightsBought(unpaid.id)).to.equal(false);
      expect((await f.escrow.getDeal(unpaid.id)).completed).to.equal(false);
    });

    it("settles the rights when the arbitrator's ruling closes the deal (recorded with the dispute)", async function () {
      for (const [share, bought] of [
        [4_000, true],
        [0, false],
      ] as const) {
        const { terms, id } = await accepted({ amounts: [USDC(300), USDC(700)], rights: { terms: RIGHTS, price: PRICE } });
        await f.escrow.connect(f.brand).approveMilestone(terms, 0);
        await f.escrow.connect(f.influencer).submitDeliverable(terms, 1, CONTENT_HASH, CONTENT_URI);
        await f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 1);
        await f.escrow.connect(f.influencer).payArbitrationFee(terms, criteria, 1);
        const disputeId = (await f.escrow.getArbitration(id, 1)).disputeId;
        const ref = await f.escrow.getDisputeRef(disputeId);
        expect(ref.milestoneCount).to.equal(2n);
        const at = await nextBlockAt();
        const tx = f.arbitrator.giveRuling(disputeId, rulingForShare(share));
        const fee = bought ? PRICE / 100n : 0n;
        await expect(tx)
          .to.emit(f.escrow, "RightsSettled")
          .withArgs(id, bought, bought ? PRICE - fee : 0n, bought ? 0n : PRICE, fee);
        await expectClosed(id, bought, at);
        expect(await f.escrow.rightsBought(id)).to.equal(bought);
        expect((await f.escrow.getMilestone(id, 1)).settlementShareBps).to.equal(BigInt(share));
      }
    });

    it("completes a deal without rights and buys nothing", async function () {
      const { terms, id } = await accepted();
      const at = await nextBlockAt();
      const tx = f.escrow.connect(f.brand).approveMilestone(terms, 0);
      await expect(tx).to.emit(f.escrow, "DealCompleted").withArgs(id, at);
      await expect(tx).to.not.emit(f.escrow, "RightsSettled");
      await expectClosed(id, true, at);
      expect(await f.escrow.rightsBought(id)).to.equal(false);
    });

    it("does not complete a deal whose only milestone was reclaimed after its deadline", async function () {
      const { terms, id } = await accepted();
      const at = await nextBlockAt(terms.milestones[0]!.deliverBy + 1n);
      await expect(f.escrow.connect(f.stranger).reclaimMilestone(terms, 0)).to.not.emit(f.escrow, "DealCompleted");
      await expectClosed(id, false, at);
    });
  });

  describe("milestone views", function () {
    it("records the first delivery and the digest of the last submission", async function () {
      const { terms, id } = await accepted();
      let m = await f.escrow.getMilestone(id, 0);
      expect(m.delivered).to.equal(false);
      expect(m.contentDigest).to.equal("0x" + "00".repeat(20));
      await f.escrow.connect(f.influencer).submitDeliverable(terms, 0, CONTENT_HASH, CONTENT_URI);
      m = await f.escrow.getMilestone(id, 0);
      expect(m.delivered).to.equal(true);
      expect(m.contentDigest).to.equal(CONTENT_HASH.slice(0, 42));
      await f.escrow.connect(f.brand).requestRevision(terms, 0, ZERO_HASH);
      const second = "0x" + "12".repeat(20) + "34".repeat(12);
      await f.escrow.connect(f.influencer).submitDeliverable(terms, 0, second, CONTENT_URI);
      m = await f.escrow.getMilestone(id, 0);
      expect(m.delivered).to.equal(true);
      expect(m.contentDigest).to.equal("0x" + "12".repeat(20));
      await f.escrow.connect(f.brand).approveMilestone(terms, 0);
      m = await f.escrow.getMilestone(id, 0);
      expect(m.status).to.equal(BigInt(MilestoneStatus.Released));
      expect(m.settlementShareBps).to.equal(BigInt(BPS));
      expect(m.contentDigest).to.equal("0x" + "12".repeat(20));
    });

    it("keeps the final share of every outcome and leaves an undelivered milestone undelivered", async function () {
      const { terms, id } = await accepted({ amounts: [USDC(1), USDC(2), USDC(3)] });
      await f.escrow.connect(f.brand).approveMilestone(terms, 0);
      await f.escrow.connect(f.influencer).refundMilestone(terms, 1);
      await f.escrow.connect(f.brand).proposeSettlement(terms, 2, 2_500);
      await f.escrow.connect(f.influencer).acceptSettlement(terms, 2, 2_500);
      const shares = await Promise.all([0, 1, 2].map(async (i) => (await f.escrow.getMilestone(id, i)).settlementShareBps));
      expect(shares).to.deep.equal([10_000n, 0n, 2_500n]);
      expect((await f.escrow.getMilestone(id, 0)).delivered).to.equal(false);
      expect((await f.escrow.getDeal(id)).completed).to.equal(false);
    });
  });
});
