import { expect } from "chai";
import { DealStatus, Party, buildTerms, dealIdOf, dealKeyOf } from "../scripts/lib/terms.js";
import {
  USDC,
  activeDeal,
  dealInReview,
  deployFixture,
  ethers,
  networkHelpers,
  now,
  offer,
  type Fixture,
} from "./helpers/fixture.js";
import { escrowBalance, expectDeal } from "./helpers/expect.js";
import type { MockUSDC } from "../types/ethers-contracts/index.js";

describe("DealEscrow: claims", function () {
  let f: Fixture;

  beforeEach(async function () {
    f = await networkHelpers.loadFixture(deployFixture);
  });

  /** A deal whose only milestone was approved: 990 USDC for the influencer, nothing for the brand. */
  async function approvedDeal(amount = USDC(1_000)) {
    const deal = await dealInReview(f, { amounts: [amount] });
    await f.escrow.connect(f.brand).approveMilestone(deal.terms, 0);
    return { ...deal, key: dealKeyOf(deal.terms) };
  }

  /** A two-milestone deal: the first approved, the second settled 50/50 (both parties have a credit). */
  async function splitDeal() {
    const deal = await activeDeal(f, { amounts: [USDC(100), USDC(300)] });
    await f.escrow.connect(f.brand).approveMilestone(deal.terms, 0);
    await f.escrow.connect(f.brand).proposeSettlement(deal.terms, 1, 5_000);
    await f.escrow.connect(f.influencer).acceptSettlement(deal.terms, 1, 5_000);
    // influencer: 99 + 148.5; brand: 150; protocol: 1 + 1.5
    return { ...deal, key: dealKeyOf(deal.terms) };
  }

  describe("claim", function () {
    it("sends the influencer's credit to the influencer", async function () {
      const { id, key } = await approvedDeal();
      const tx = f.escrow.connect(f.influencer).claim(key, f.influencer.address);
      await expect(tx)
        .to.emit(f.escrow, "Claimed")
        .withArgs(id, f.influencer.address, f.influencer.address, f.usdcAddress, USDC(990));
      await expect(tx).to.changeTokenBalances(ethers, f.usdc, [f.escrow, f.influencer], [-USDC(990), USDC(990)]);
      await expectDeal(f, id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: 0n, influencerCredit: 0n });
      expect(await escrowBalance(f)).to.equal(USDC(10));
    });

    it("returns the amount sent", async function () {
      const { key } = await approvedDeal();
      expect(await f.escrow.connect(f.influencer).claim.staticCall(key, f.payee.address)).to.equal(USDC(990));
    });

    it("sends a credit to any address the owner names", async function () {
      const { id, key } = await approvedDeal();
      const tx = f.escrow.connect(f.influencer).claim(key, f.payee.address);
      await expect(tx).to.emit(f.escrow, "Claimed").withArgs(id, f.influencer.address, f.payee.address, f.usdcAddress, USDC(990));
      await expect(tx).to.changeTokenBalances(ethers, f.usdc, [f.escrow, f.influencer, f.payee], [-USDC(990), 0n, USDC(990)]);
    });

    it("pays each party only its own credit", async function () {
      const { id, key } = await splitDeal();
      await expectDeal(f, id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: USDC(150), influencerCredit: 247_500_000n });
      await expect(f.escrow.connect(f.brand).claim(key, f.brand.address)).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.escrow, f.brand],
        [-USDC(150), USDC(150)],
      );
      await expectDeal(f, id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: 0n, influencerCredit: 247_500_000n });
      await expect(f.escrow.connect(f.influencer).claim(key, f.influencer.address)).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.escrow, f.influencer],
        [-247_500_000n, 247_500_000n],
      );
      await expectDeal(f, id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: 0n, influencerCredit: 0n });
      expect(await escrowBalance(f)).to.equal(2_500_000n);
      expect(await f.escrow.protocolFees(f.usdcAddress)).to.equal(2_500_000n);
    });

    it("pays a credit of a deal that is still running", async function () {
      const { terms, id } = await activeDeal(f, { amounts: [USDC(100), USDC(300)] });
      await f.escrow.connect(f.influencer).refundMilestone(terms, 0);
      await expect(f.escrow.connect(f.brand).claim(dealKeyOf(terms), f.brand.address))
        .to.emit(f.escrow, "Claimed")
        .withArgs(id, f.brand.address, f.brand.address, f.usdcAddress, USDC(100));
      await expectDeal(f, id, { status: DealStatus.Active, openMilestones: 1, brandCredit: 0n, influencerCredit: 0n });
      expect(await escrowBalance(f)).to.equal(USDC(300));
    });

    it("reverts when the caller has nothing to claim", async function () {
      const { id, key } = await approvedDeal();
      await expect(f.escrow.connect(f.brand).claim(key, f.brand.address))
        .to.be.revertedWithCustomError(f.escrow, "EscrowNothingToClaim")
        .withArgs(id, f.brand.address);
    });

    it("reverts on a second claim of the same credit", async function () {
      const { id, key } = await approvedDeal();
      await f.escrow.connect(f.influencer).claim(key, f.influencer.address);
      await expect(f.escrow.connect(f.influencer).claim(key, f.influencer.address))
        .to.be.revertedWithCustomError(f.escrow, "EscrowNothingToClaim")
        .withArgs(id, f.influencer.address);
    });

    it("reverts when the recipient is the zero address or the escrow", async function () {
      const { key } = await approvedDeal();
      for (const to of [ethers.ZeroAddress, f.escrowAddress]) {
        await expect(f.escrow.connect(f.influencer).claim(key, to))
          .to.be.revertedWithCustomError(f.escrow, "EscrowInvalidAddress")
          .withArgs(to);
      }
    });

    it("reverts when the caller is not a party of the deal", async function () {
      const { key } = await approvedDeal();
      await expect(f.escrow.connect(f.stranger).claim(key, f.stranger.address))
        .to.be.revertedWithCustomError(f.escrow, "EscrowUnauthorized")
        .withArgs(f.stranger.address, Party.None);
    });

    it("reverts for a key naming the stranger as a party, which is another deal", async function () {
      const { key } = await approvedDeal();
      const forged = { ...key, influencer: f.stranger.address };
      await expect(f.escrow.connect(f.stranger).claim(forged, f.stranger.address))
        .to.be.revertedWithCustomError(f.escrow, "DealNotFound")
        .withArgs(await f.escrow.dealIdOf(forged));
    });

    it("reverts for a deal that does not exist", async function () {
      const terms = buildTerms({ brand: f.brand.address, influencer: f.influencer.address, token: f.usdcAddress, now: await now() });
      await expect(f.escrow.connect(f.brand).claim(dealKeyOf(terms), f.brand.address))
        .to.be.revertedWithCustomError(f.escrow, "DealNotFound")
        .withArgs(dealIdOf(terms));
    });

    it("reverts on an offer that is still open", async function () {
      const { terms, id } = await offer(f);
      await expect(f.escrow.connect(f.brand).claim(dealKeyOf(terms), f.brand.address))
        .to.be.revertedWithCustomError(f.escrow, "EscrowNothingToClaim")
        .withArgs(id, f.brand.address);
    });
  });

  describe("claimMany", function () {
    it("sends the credits of several deals in one transfer and skips deals without a credit", async function () {
      const a = await approvedDeal(USDC(1_000));
      const b = await splitDeal();
      const c = await approvedDeal(USDC(500));
      // The brand has a credit only in b.
      const brandTx = f.escrow.connect(f.brand).claimMany([a.key, b.key, c.key], f.payee.address);
      await expect(brandTx).to.emit(f.escrow, "Claimed").withArgs(b.id, f.brand.address, f.payee.address, f.usdcAddress, USDC(150));
      await expect(brandTx).to.changeTokenBalances(ethers, f.usdc, [f.escrow, f.payee], [-USDC(150), USDC(150)]);
      const brandReceipt = await (await brandTx).wait();
      const claimedLogs = brandReceipt?.logs.filter((l) => f.escrow.interface.parseLog(l)?.name === "Claimed") ?? [];
      expect(claimedLogs.length).to.equal(1);

      const total = USDC(990) + 247_500_000n + USDC(495);
      expect(await f.escrow.connect(f.influencer).claimMany.staticCall([a.key, b.key, c.key], f.influencer.address)).to.equal(total);
      const tx = f.escrow.connect(f.influencer).claimMany([a.key, b.key, c.key], f.influencer.address);
      await expect(tx).to.emit(f.escrow, "Claimed").withArgs(a.id, f.influencer.address, f.influencer.address, f.usdcAddress, USDC(990));
      await expect(tx).to.emit(f.escrow, "Claimed").withArgs(b.id, f.influencer.address, f.influencer.address, f.usdcAddress, 247_500_000n);
      await expect(tx).to.emit(f.escrow, "Claimed").withArgs(c.id, f.influencer.address, f.influencer.address, f.usdcAddress, USDC(495));
      await expect(tx).to.changeTokenBalances(ethers, f.usdc, [f.escrow, f.influencer], [-total, total]);
      for (const d of [a, b, c]) {
        const deal = await f.escrow.getDeal(d.id);
        expect([deal.brandCredit, deal.influencerCredit]).to.deep.equal([0n, 0n]);
      }
      expect(await escrowBalance(f)).to.equal(USDC(10) + 2_500_000n + USDC(5));
    });

    it("reverts when the deals are in different tokens", async function () {
      const other = (await ethers.deployContract("MockUSDC", [f.deployer.address])) as unknown as MockUSDC;
      const otherAddress = await other.getAddress();
      await f.escrow.connect(f.deployer).setTokenAllowed(otherAddress, true);
      await other.mint(f.brand.address, USDC(1_000));
      await other.connect(f.brand).approve(f.escrowAddress, USDC(1_000));
      const inOther = await activeDeal(f, { token: otherAddress });
      await f.escrow.connect(f.brand).approveMilestone(inOther.terms, 0);
      const inUsdc = await approvedDeal();

      await expect(f.escrow.connect(f.influencer).claimMany([inUsdc.key, dealKeyOf(inOther.terms)], f.influencer.address))
        .to.be.revertedWithCustomError(f.escrow, "EscrowMixedTokens")
        .withArgs(f.usdcAddress, otherAddress);
      // Each token claims on its own.
      await expect(f.escrow.connect(f.influencer).claimMany([dealKeyOf(inOther.terms)], f.influencer.address)).to.changeTokenBalances(
        ethers,
        other,
        [f.escrow, f.influencer],
        [-USDC(990), USDC(990)],
      );
      await expect(f.escrow.connect(f.influencer).claimMany([inUsdc.key], f.influencer.address)).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.escrow, f.influencer],
        [-USDC(990), USDC(990)],
      );
    });

    it("reverts when no deal is given", async function () {
      await expect(f.escrow.connect(f.influencer).claimMany([], f.influencer.address))
        .to.be.revertedWithCustomError(f.escrow, "EscrowNothingToClaim")
        .withArgs(ethers.ZeroHash, f.influencer.address);
    });

    it("reverts when none of the deals holds a credit for the caller", async function () {
      const a = await approvedDeal();
      const b = await approvedDeal();
      await expect(f.escrow.connect(f.brand).claimMany([a.key, b.key], f.brand.address))
        .to.be.revertedWithCustomError(f.escrow, "EscrowNothingToClaim")
        .withArgs(ethers.ZeroHash, f.brand.address);
    });

    it("reverts when the recipient is the zero address or the escrow", async function () {
      const a = await approvedDeal();
      for (const to of [ethers.ZeroAddress, f.escrowAddress]) {
        await expect(f.escrow.connect(f.influencer).claimMany([a.key], to))
          .to.be.revertedWithCustomError(f.escrow, "EscrowInvalidAddress")
          .withArgs(to);
      }
    });

    it("reverts when the caller is not a party of one of the deals", async function () {
      const a = await approvedDeal();
      await expect(f.escrow.connect(f.stranger).claimMany([a.key], f.stranger.address))
        .to.be.revertedWithCustomError(f.escrow, "EscrowUnauthorized")
        .withArgs(f.stranger.address, Party.None);
    });

    it("reverts when one of the deals does not exist, claiming nothing", async function () {
      const a = await approvedDeal();
      const missing = dealKeyOf(
        buildTerms({ brand: f.brand.address, influencer: f.influencer.address, token: f.usdcAddress, now: await now() }),
      );
      await expect(f.escrow.connect(f.influencer).claimMany([a.key, missing], f.influencer.address))
        .to.be.revertedWithCustomError(f.escrow, "DealNotFound")
        .withArgs(await f.escrow.dealIdOf(missing));
      expect((await f.escrow.getDeal(a.id)).influencerCredit).to.equal(USDC(990));
    });
  });

  describe("claim accounting", function () {
    it("leaves the escrow holding exactly the protocol fees once every credit is claimed", async function () {
      const deals = [await approvedDeal(USDC(123)), await splitDeal()];
      for (const d of deals) {
        const deal = await f.escrow.getDeal(d.id);
        if (deal.brandCredit > 0n) await f.escrow.connect(f.brand).claim(d.key, f.brand.address);
        if (deal.influencerCredit > 0n) await f.escrow.connect(f.influencer).claim(d.key, f.influencer.address);
      }
      expect(await escrowBalance(f)).to.equal(await f.escrow.protocolFees(f.usdcAddress));
      expect(await escrowBalance(f)).to.equal(1_230_000n + 2_500_000n);
    });
  });
});
