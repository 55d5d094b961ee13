// Holdback through the escrow: a share of each influencer payout (net of the protocol fee) goes to the vault while
// the exclusivity binds; without a claim anyone releases it once the exclusivity ended; the brand's breach claim goes
// to the arbitrator with the breach questions and the ruling splits it. The vault's own rules are unit-tested in
// test/sol/HoldbackVault*.t.sol; a breach claim through the real mediator court is in test/holdback.court.test.ts.
import { expect } from "chai";
import {
  DAY,
  DEFAULT_BREACH_CRITERIA,
  DEFAULT_CRITERIA,
  HoldbackStatus,
  RightsScope,
  hashRights,
  holdbackContextOf,
  rulingForShare,
  type TermsInput,
} from "../scripts/lib/terms.js";
import { ARBITRATION_COST, CONTENT_HASH, CONTENT_URI, USDC, deployFixture, ethers, networkHelpers, now, termsFor, type Fixture } from "./helpers/fixture.js";
import { split } from "./helpers/expect.js";
import type { ExclusivityRegistry, HoldbackVault } from "../types/ethers-contracts/index.js";

const criteria = [...DEFAULT_CRITERIA];
const breach = [...DEFAULT_BREACH_CRITERIA];
const D = BigInt(DAY);
const FEE_BPS = 100;
const HOLDBACK_BPS = 2_000;

describe("Holdback: exclusive deals' payouts held until the exclusivity ends", function () {
  let f: Fixture;
  let vault: HoldbackVault;
  let registry: ExclusivityRegistry;
  let vaultAddress: string;

  beforeEach(async function () {
    f = await networkHelpers.loadFixture(deployFixture);
    vaultAddress = await f.escrow.holdbackVault();
    vault = (await ethers.getContractAt("HoldbackVault", vaultAddress)) as unknown as HoldbackVault;
    registry = (await ethers.getContractAt("ExclusivityRegistry", await f.escrow.exclusivityRegistry())) as unknown as ExclusivityRegistry;
  });

  /** The held share of a payout of `amount` at `shareBps`, and what the influencer is credited at once. */
  function held(amount: bigint, shareBps = 10_000) {
    const { toInfluencer } = split(amount, shareBps, FEE_BPS);
    const hold = (toInfluencer * BigInt(HOLDBACK_BPS)) / 10_000n;
    return { hold, credited: toInfluencer - hold };
  }

  async function exclusiveDeal(input: Partial<TermsInput> = {}, days = 60) {
    const until = (await now()) + BigInt(days) * D;
    const terms = await termsFor(f, { exclusivity: { until }, holdback: { bps: HOLDBACK_BPS, breachCriteria: breach }, ...input });
    await f.escrow.connect(f.brand).createDeal(terms, criteria);
    const id = await f.escrow.dealId(terms);
    await f.escrow.connect(f.influencer).acceptDeal(terms);
    return { terms, id, context: holdbackContextOf(terms) };
  }

  async function delivered(deal: Awaited<ReturnType<typeof exclusiveDeal>>, milestone = 0) {
    await f.escrow.connect(f.influencer).submitDeliverable(deal.terms, milestone, CONTENT_HASH, CONTENT_URI);
    return f.escrow.connect(f.brand).approveMilestone(deal.terms, milestone);
  }

  it("opens the holdback with the offer and is deployed by the escrow", async function () {
    expect(await vault.escrow()).to.equal(f.escrowAddress);
    expect(await vault.registry()).to.equal(await registry.getAddress());
    expect(await vault.arbitrator()).to.equal(await f.arbitrator.getAddress());
    const until = (await now()) + 60n * D;
    const terms = await termsFor(f, { exclusivity: { until }, holdback: { bps: HOLDBACK_BPS, breachCriteria: breach } });
    const context = holdbackContextOf(terms);
    await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
      .to.emit(vault, "HoldbackOpened")
      .withArgs(context.dealId, f.brand.address, f.influencer.address, Object.values(context));
    expect(await vault.contextHash(context.dealId)).to.equal(await vault.hashContext(context));
  });

  it("holds back a share of the influencer's net payout on approval", async function () {
    const deal = await exclusiveDeal();
    const amount = deal.terms.milestones[0]!.amount;
    const { hold, credited } = held(amount);
    const tx = delivered(deal);
    await expect(tx).to.emit(vault, "HoldbackAdded").withArgs(deal.id, hold, hold, 0, 0);
    await expect(tx).to.changeTokenBalances(ethers, f.usdc, [f.escrow, vault], [-hold, hold]);
    expect((await f.escrow.getDeal(deal.id)).influencerCredit).to.equal(credited);
    const h = await vault.getHoldback(deal.id);
    expect([h.held, h.status]).to.deep.equal([hold, BigInt(HoldbackStatus.Holding)]);
  });

  it("holds back the rights price's share too, and nothing on deals without a holdback", async function () {
    const rights = { scope: RightsScope.OrganicRepost, duration: 0n, territories: [], exclusive: false, documentHash: ethers.ZeroHash };
    const deal = await exclusiveDeal({ rights: { terms: rights, price: USDC(500) } });
    expect(deal.terms.rightsHash).to.equal(hashRights(rights));
    const amount = deal.terms.milestones[0]!.amount;
    await delivered(deal);
    expect((await vault.getHoldback(deal.id)).held).to.equal(held(amount).hold + held(USDC(500)).hold);

    const plain = await termsFor(f, { exclusivity: { until: (await now()) + 60n * D } });
    await f.escrow.connect(f.brand).createDeal(plain, criteria);
    await f.escrow.connect(f.influencer).acceptDeal(plain);
    await f.escrow.connect(f.influencer).submitDeliverable(plain, 0, CONTENT_HASH, CONTENT_URI);
    await expect(f.escrow.connect(f.brand).approveMilestone(plain, 0)).not.to.emit(vault, "HoldbackAdded");
  });

  it("is released to the influencer by anyone after the window, then claimed to any address", async function () {
    const deal = await exclusiveDeal();
    await delivered(deal);
    const { hold } = held(deal.terms.milestones[0]!.amount);
    await expect(vault.connect(f.stranger).release(deal.context))
      .to.be.revertedWithCustomError(vault, "HoldbackWindowOpen")
      .withArgs(deal.id, deal.terms.exclusiveUntil, (await now()) + 1n);
    await networkHelpers.time.increaseTo(deal.terms.exclusiveUntil + 1n);
    await expect(vault.connect(f.stranger).release(deal.context))
      .to.emit(vault, "HoldbackReleased")
      .withArgs(deal.id, f.stranger.address, hold);
    expect(await vault.influencerCredit(deal.id)).to.equal(hold);
    await expect(vault.connect(f.brand).claim(deal.context, f.brand.address))
      .to.be.revertedWithCustomError(vault, "HoldbackNothingToClaim")
      .withArgs(deal.id, f.brand.address);
    const tx = vault.connect(f.influencer).claim(deal.context, f.payee.address);
    await expect(tx).to.emit(vault, "HoldbackClaimed").withArgs(deal.id, f.influencer.address, f.payee.address, hold);
    await expect(tx).to.changeTokenBalances(ethers, f.usdc, [vault, f.payee], [-hold, hold]);
  });

  it("holds nothing from payouts made after the exclusivity ended", async function () {
    const deal = await exclusiveDeal({ amounts: [USDC(400), USDC(600)], deliverWithin: 40 * DAY }, 30);
    await delivered(deal, 0);
    await networkHelpers.time.increaseTo(deal.terms.exclusiveUntil + 1n);
    const amount = deal.terms.milestones[1]!.amount;
    const tx = delivered(deal, 1);
    await expect(tx).not.to.emit(vault, "HoldbackAdded");
    await expect(tx).to.emit(f.escrow, "MilestoneFinalized").withArgs(deal.id, 1, anyValue(), f.brand.address, 10_000, split(amount, 10_000, FEE_BPS).toInfluencer, 0, anyValue());
  });

  it("can be released at once when a ruling against the brand ends the exclusivity", async function () {
    const deal = await exclusiveDeal({ amounts: [USDC(500), USDC(500)] });
    await delivered(deal, 0);
    await f.escrow.connect(f.influencer).submitDeliverable(deal.terms, 1, CONTENT_HASH, CONTENT_URI);
    await f.escrow.connect(f.brand).payArbitrationFee(deal.terms, criteria, 1);
    await f.escrow.connect(f.influencer).payArbitrationFee(deal.terms, criteria, 1);
    const disputeId = (await f.escrow.getArbitration(deal.id, 1)).disputeId;
    await f.arbitrator.giveRuling(disputeId, rulingForShare(10_000));
    const total = held(USDC(500)).hold * 2n;
    expect((await vault.getHoldback(deal.id)).held).to.equal(total);
    await networkHelpers.time.increase(1);
    await expect(vault.release(deal.context)).to.emit(vault, "HoldbackReleased").withArgs(deal.id, f.deployer.address, total);
  });

  describe("breach claims", function () {
    async function claimed(ruling: bigint) {
      const deal = await exclusiveDeal();
      await delivered(deal);
      await f.usdc.connect(f.brand).approve(vaultAddress, ethers.MaxUint256);
      const cost = await vault.breachClaimCost(deal.context, breach);
      expect(cost).to.equal(ARBITRATION_COST);
      const tx = vault.connect(f.brand).fileBreachClaim(deal.context, breach, "ipfs://evidence-competitor-post");
      const disputeId = await f.arbitrator.disputeCount();
      await expect(tx)
        .to.emit(vault, "BreachClaimFiled")
        .withArgs(deal.id, f.brand.address, disputeId, held(deal.terms.milestones[0]!.amount).hold, cost, "ipfs://evidence-competitor-post");
      await expect(tx).to.changeTokenBalances(ethers, f.usdc, [f.brand, f.arbitrator], [-cost, cost]);
      expect(await vault.breachClaimOf(deal.id)).to.deep.equal([true, disputeId]);
      expect(await vault.dealOfDispute(disputeId)).to.equal(deal.id);
      return { deal, ruled: f.arbitrator.giveRuling(disputeId, ruling), disputeId };
    }

    it("splits the holdback by the ruling: the brand proved the breach", async function () {
      const { deal, ruled, disputeId } = await claimed(rulingForShare(0));
      const { hold } = held(deal.terms.milestones[0]!.amount);
      await expect(ruled).to.emit(vault, "BreachClaimRuled").withArgs(deal.id, disputeId, 0, 0, hold);
      expect((await vault.getHoldback(deal.id)).brandCredit).to.equal(hold);
      await expect(vault.connect(f.brand).claim(deal.context, f.brand.address))
        .to.emit(vault, "HoldbackClaimed")
        .withArgs(deal.id, f.brand.address, f.brand.address, hold);
    });

    it("gives the influencer its share of a partial ruling, and follows it for later payouts", async function () {
      const { deal, ruled, disputeId } = await claimed(rulingForShare(2_500));
      const { hold } = held(deal.terms.milestones[0]!.amount);
      const toInfluencer = (hold * 2_500n) / 10_000n;
      await expect(ruled).to.emit(vault, "BreachClaimRuled").withArgs(deal.id, disputeId, 2_500, toInfluencer, hold - toInfluencer);
      const h = await vault.getHoldback(deal.id);
      expect([h.held, h.status, h.influencerShareBps]).to.deep.equal([0n, BigInt(HoldbackStatus.Resolved), 2_500n]);
    });

    it("leaves the holdback to the influencer when the arbitrator refuses to rule", async function () {
      const { deal, ruled } = await claimed(0n);
      await ruled;
      expect(await vault.influencerCredit(deal.id)).to.equal(held(deal.terms.milestones[0]!.amount).hold);
    });

    it("is refused to anyone but the brand, after the window, twice, or with other breach questions", async function () {
      const deal = await exclusiveDeal();
      await delivered(deal);
      await f.usdc.connect(f.brand).approve(vaultAddress, ethers.MaxUint256);
      await expect(vault.connect(f.influencer).fileBreachClaim(deal.context, breach, "x"))
        .to.be.revertedWithCustomError(vault, "HoldbackOnlyBrand")
        .withArgs(f.influencer.address, f.brand.address);
      const other = [{ optionCount: 2, compliantMask: 1, weight: 1 }];
      await expect(vault.connect(f.brand).fileBreachClaim(deal.context, other, "x"))
        .to.be.revertedWithCustomError(vault, "HoldbackCriteriaMismatch");
      await expect(vault.connect(f.brand).fileBreachClaim({ ...deal.context, until: 1n }, breach, "x"))
        .to.be.revertedWithCustomError(vault, "HoldbackContextMismatch");
      await vault.connect(f.brand).fileBreachClaim(deal.context, breach, "x");
      await expect(vault.connect(f.brand).fileBreachClaim(deal.context, breach, "x"))
        .to.be.revertedWithCustomError(vault, "HoldbackUnexpectedStatus")
        .withArgs(deal.id, HoldbackStatus.InArbitration, HoldbackStatus.Holding);
      await networkHelpers.time.increaseTo(deal.terms.exclusiveUntil + 1n);
      await expect(vault.release(deal.context))
        .to.be.revertedWithCustomError(vault, "HoldbackUnexpectedStatus")
        .withArgs(deal.id, HoldbackStatus.InArbitration, HoldbackStatus.Holding);

      const late = await exclusiveDeal();
      await delivered(late);
      await networkHelpers.time.increaseTo(late.terms.exclusiveUntil + 1n);
      await expect(vault.connect(f.brand).fileBreachClaim(late.context, breach, "x"))
        .to.be.revertedWithCustomError(vault, "HoldbackWindowClosed")
        .withArgs(late.id, late.terms.exclusiveUntil, (await now()) + 1n);
    });
  });
});

function anyValue() {
  return () => true;
}
