import { expect } from "chai";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { DEFAULT_CRITERIA, DealStatus, MilestoneStatus, dealKeyOf, rulingForShare } from "../scripts/lib/terms.js";
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
  offer,
  termsFor,
  type Fixture,
} from "./helpers/fixture.js";
import { escrowBalance, expectDeal } from "./helpers/expect.js";
import type {
  FalseReturnToken,
  FeeOnTransferToken,
  NoReturnToken,
  RevertingToken,
} from "../types/ethers-contracts/index.js";

const criteria = [...DEFAULT_CRITERIA];
const COST = ARBITRATION_COST;

/** What the tests need of a test token: a faucet and an approval. */
interface TestToken {
  getAddress(): Promise<string>;
  balanceOf(account: string): Promise<bigint>;
  mint(to: string, amount: bigint): Promise<unknown>;
  connect(runner: HardhatEthersSigner): { approve(spender: string, amount: bigint): Promise<unknown> };
}

describe("DealEscrow: tokens", function () {
  let f: Fixture;

  beforeEach(async function () {
    f = await networkHelpers.loadFixture(deployFixture);
  });

  /** Allow-lists a token in the escrow (as the owner) and at the arbitrator, funds and approves both parties. */
  async function list<T extends TestToken>(token: T): Promise<{ token: T; address: string }> {
    const address = await token.getAddress();
    await expect(f.escrow.connect(f.deployer).setTokenAllowed(address, true)).to.emit(f.escrow, "TokenAllowed").withArgs(address, true);
    await f.arbitrator.setCost(address, COST);
    for (const party of [f.brand, f.influencer]) {
      await token.mint(party.address, USDC(10_000));
      await token.connect(party).approve(f.escrowAddress, USDC(10_000));
    }
    return { token, address };
  }

  describe("a token that returns nothing (USDT-like)", function () {
    it("works end to end: funding, dispute, ruling, claims and fee withdrawal", async function () {
      const { token, address } = await list((await ethers.deployContract("NoReturnToken")) as unknown as NoReturnToken);
      const { terms, id } = await dealInReview(f, { token: address, amounts: [USDC(1_000), USDC(500)] });
      expect(await token.balanceOf(f.escrowAddress)).to.equal(USDC(1_500));
      await f.escrow.connect(f.brand).approveMilestone(terms, 1);
      await f.escrow.connect(f.brand).payArbitrationFee(terms, criteria, 0);
      await expect(f.escrow.connect(f.influencer).payArbitrationFee(terms, criteria, 0))
        .to.emit(f.escrow, "DisputeCreated")
        .withArgs(id, 0, 0, COST);
      expect(await token.balanceOf(await f.arbitrator.getAddress())).to.equal(COST);
      await f.arbitrator.giveRuling(0, rulingForShare(8_000));
      // milestone 0: 800 gross, 8 fee, 792 / 200; held fee 20 / 5; milestone 1: 495 + 5 fee.
      await expectDeal(f, id, {
        status: DealStatus.Closed,
        openMilestones: 0,
        brandCredit: USDC(205),
        influencerCredit: USDC(792) + USDC(20) + USDC(495),
      });
      expect(await token.balanceOf(f.escrowAddress)).to.equal(USDC(1_525));

      const key = dealKeyOf(terms);
      await expect(f.escrow.connect(f.influencer).claim(key, f.payee.address)).to.changeTokenBalances(
        ethers,
        token,
        [f.escrow, f.payee],
        [-USDC(1_307), USDC(1_307)],
      );
      await expect(f.escrow.connect(f.brand).claimMany([key], f.brand.address)).to.changeTokenBalances(
        ethers,
        token,
        [f.escrow, f.brand],
        [-USDC(205), USDC(205)],
      );
      await expect(f.escrow.connect(f.deployer).withdrawProtocolFees(address, f.deployer.address))
        .to.emit(f.escrow, "ProtocolFeesWithdrawn")
        .withArgs(address, f.deployer.address, USDC(13));
      expect(await token.balanceOf(f.escrowAddress)).to.equal(0n);
    });
  });

  describe("a token that returns false", function () {
    let token: FalseReturnToken;
    let address: string;

    beforeEach(async function () {
      ({ token, address } = await list((await ethers.deployContract("FalseReturnToken")) as unknown as FalseReturnToken));
    });

    it("reverts funding with SafeERC20FailedOperation", async function () {
      await token.setRefuseTransfers(true);
      const terms = await termsFor(f, { token: address });
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
        .to.be.revertedWithCustomError(f.escrow, "SafeERC20FailedOperation")
        .withArgs(address);
    });

    it("reverts funding with SafeERC20FailedOperation when the allowance falls short", async function () {
      await token.connect(f.brand).approve(f.escrowAddress, USDC(1));
      const terms = await termsFor(f, { token: address });
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
        .to.be.revertedWithCustomError(f.escrow, "SafeERC20FailedOperation")
        .withArgs(address);
    });

    it("reverts a claim with SafeERC20FailedOperation and keeps the credit for a later claim", async function () {
      const { terms, id } = await dealInReview(f, { token: address });
      await f.escrow.connect(f.brand).approveMilestone(terms, 0);
      await token.setRefuseTransfers(true);
      const key = dealKeyOf(terms);
      await expect(f.escrow.connect(f.influencer).claim(key, f.influencer.address))
        .to.be.revertedWithCustomError(f.escrow, "SafeERC20FailedOperation")
        .withArgs(address);
      await expect(f.escrow.connect(f.influencer).claimMany([key], f.influencer.address))
        .to.be.revertedWithCustomError(f.escrow, "SafeERC20FailedOperation")
        .withArgs(address);
      await expectDeal(f, id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: 0n, influencerCredit: USDC(990) });
      expect(await token.balanceOf(f.escrowAddress)).to.equal(USDC(1_000));

      await token.setRefuseTransfers(false);
      await expect(f.escrow.connect(f.influencer).claim(key, f.influencer.address)).to.changeTokenBalances(
        ethers,
        token,
        [f.escrow, f.influencer],
        [-USDC(990), USDC(990)],
      );
      await expectDeal(f, id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: 0n, influencerCredit: 0n });
    });
  });

  describe("a token that reverts", function () {
    let token: RevertingToken;
    let address: string;

    beforeEach(async function () {
      ({ token, address } = await list((await ethers.deployContract("RevertingToken")) as unknown as RevertingToken));
    });

    it("reverts funding with the token's error", async function () {
      await token.setReverting(true);
      const terms = await termsFor(f, { token: address });
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
        .to.be.revertedWithCustomError(token, "TransfersDisabled")
        .withArgs();
    });

    it("reverts a claim while the token reverts and keeps the credit for a later claim", async function () {
      const { terms, id } = await activeDeal(f, { token: address });
      await f.escrow.connect(f.influencer).refundMilestone(terms, 0);
      await token.setReverting(true);
      const key = dealKeyOf(terms);
      await expect(f.escrow.connect(f.brand).claim(key, f.brand.address))
        .to.be.revertedWithCustomError(token, "TransfersDisabled")
        .withArgs();
      await expectDeal(f, id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: USDC(1_000), influencerCredit: 0n });

      await token.setReverting(false);
      await expect(f.escrow.connect(f.brand).claim(key, f.brand.address)).to.changeTokenBalances(
        ethers,
        token,
        [f.escrow, f.brand],
        [-USDC(1_000), USDC(1_000)],
      );
    });
  });

  describe("a fee-on-transfer token", function () {
    it("is refused at funding with EscrowTransferShortfall(expected, received)", async function () {
      const { token, address } = await list((await ethers.deployContract("FeeOnTransferToken")) as unknown as FeeOnTransferToken);
      const terms = await termsFor(f, { token: address });
      await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
        .to.be.revertedWithCustomError(f.escrow, "EscrowTransferShortfall")
        .withArgs(USDC(1_000), USDC(990));
      expect(await token.balanceOf(f.escrowAddress)).to.equal(0n);
    });
  });

  describe("USDC blacklist", function () {
    it("lets a blacklisted influencer go on with the deal and claim to another address", async function () {
      const { terms, id } = await activeDeal(f);
      await f.usdc.connect(f.deployer).setBlacklisted(f.influencer.address, true);
      await f.escrow.connect(f.influencer).submitDeliverable(terms, 0, CONTENT_HASH, CONTENT_URI);
      await f.escrow.connect(f.brand).approveMilestone(terms, 0);
      const key = dealKeyOf(terms);
      await expect(f.escrow.connect(f.influencer).claim(key, f.influencer.address))
        .to.be.revertedWithCustomError(f.usdc, "Blacklisted")
        .withArgs(f.influencer.address);
      await expectDeal(f, id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: 0n, influencerCredit: USDC(990) });
      const tx = f.escrow.connect(f.influencer).claim(key, f.payee.address);
      await expect(tx).to.emit(f.escrow, "Claimed").withArgs(id, f.influencer.address, f.payee.address, f.usdcAddress, USDC(990));
      await expect(tx).to.changeTokenBalances(ethers, f.usdc, [f.escrow, f.payee], [-USDC(990), USDC(990)]);
      expect(await escrowBalance(f)).to.equal(USDC(10));
    });

    it("keeps a blacklisted recipient from blocking the other credits of the deal and other deals", async function () {
      await f.usdc.connect(f.deployer).setBlacklisted(f.payee.address, true);
      const split = await dealInReview(f);
      await f.escrow.connect(f.brand).proposeSettlement(split.terms, 0, 5_000);
      await f.escrow.connect(f.influencer).acceptSettlement(split.terms, 0, 5_000);
      const key = dealKeyOf(split.terms);
      await expect(f.escrow.connect(f.influencer).claim(key, f.payee.address))
        .to.be.revertedWithCustomError(f.usdc, "Blacklisted")
        .withArgs(f.payee.address);
      // The brand's credit of the same deal is claimed regardless.
      await expect(f.escrow.connect(f.brand).claim(key, f.brand.address)).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.escrow, f.brand],
        [-USDC(500), USDC(500)],
      );
      // Another deal runs its whole course, dispute included.
      const other = await dealInReview(f);
      await f.escrow.connect(f.brand).payArbitrationFee(other.terms, criteria, 0);
      await f.escrow.connect(f.influencer).payArbitrationFee(other.terms, criteria, 0);
      await f.arbitrator.giveRuling(0, rulingForShare(10_000));
      await expect(f.escrow.connect(f.influencer).claimMany([dealKeyOf(other.terms)], f.influencer.address)).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.escrow, f.influencer],
        [-(USDC(990) + COST), USDC(990) + COST],
      );
      // The blocked credit waits for its owner to name another address.
      await expectDeal(f, split.id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: 0n, influencerCredit: USDC(495) });
      expect(await escrowBalance(f)).to.equal(USDC(495) + USDC(5) + USDC(10));
    });

    it("lets a blacklisted brand's counterpart finish and be paid", async function () {
      const { terms, id } = await dealInReview(f);
      await f.usdc.connect(f.deployer).setBlacklisted(f.brand.address, true);
      await networkHelpers.time.increase(6 * 86_400);
      await f.escrow.connect(f.influencer).releaseAfterReview(terms, 0);
      await expect(f.escrow.connect(f.influencer).claim(dealKeyOf(terms), f.influencer.address))
        .to.emit(f.escrow, "Claimed")
        .withArgs(id, f.influencer.address, f.influencer.address, f.usdcAddress, USDC(990));
    });
  });

  describe("USDC paused", function () {
    it("makes claims revert while the credit stays, and claims work after the unpause", async function () {
      const { terms, id } = await dealInReview(f);
      await f.escrow.connect(f.brand).approveMilestone(terms, 0);
      await f.usdc.connect(f.deployer).setPaused(true);
      const key = dealKeyOf(terms);
      await expect(f.escrow.connect(f.influencer).claim(key, f.influencer.address))
        .to.be.revertedWithCustomError(f.usdc, "TokenPaused")
        .withArgs();
      await expect(f.escrow.connect(f.influencer).claimMany([key], f.influencer.address))
        .to.be.revertedWithCustomError(f.usdc, "TokenPaused")
        .withArgs();
      await expect(f.escrow.connect(f.deployer).withdrawProtocolFees(f.usdcAddress, f.deployer.address))
        .to.be.revertedWithCustomError(f.usdc, "TokenPaused")
        .withArgs();
      await expectDeal(f, id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: 0n, influencerCredit: USDC(990) });
      expect(await f.escrow.protocolFees(f.usdcAddress)).to.equal(USDC(10));

      await f.usdc.connect(f.deployer).setPaused(false);
      await expect(f.escrow.connect(f.influencer).claim(key, f.influencer.address)).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.escrow, f.influencer],
        [-USDC(990), USDC(990)],
      );
      expect(await escrowBalance(f)).to.equal(USDC(10));
    });

    it("lets the steps of other deals that move no token go on", async function () {
      const toAccept = await offer(f);
      const toSubmit = await activeDeal(f, { amounts: [USDC(100), USDC(200)] });
      const toApprove = await dealInReview(f);
      const toSettle = await dealInReview(f);
      await f.usdc.connect(f.deployer).setPaused(true);

      await expect(f.escrow.connect(f.influencer).acceptDeal(toAccept.terms))
        .to.emit(f.escrow, "DealAccepted")
        .withArgs(toAccept.id, f.influencer.address);
      await expect(f.escrow.connect(f.influencer).submitDeliverable(toSubmit.terms, 1, CONTENT_HASH, CONTENT_URI)).to.emit(
        f.escrow,
        "DeliverableSubmitted",
      );
      await expect(f.escrow.connect(f.brand).approveMilestone(toApprove.terms, 0))
        .to.emit(f.escrow, "MilestoneFinalized")
        .withArgs(toApprove.id, 0, MilestoneStatus.Released, f.brand.address, 10_000, USDC(990), 0n, USDC(10));
      await f.escrow.connect(f.influencer).proposeSettlement(toSettle.terms, 0, 2_000);
      await expect(f.escrow.connect(f.brand).acceptSettlement(toSettle.terms, 0, 2_000)).to.emit(f.escrow, "MilestoneFinalized");
      await expect(f.escrow.connect(f.influencer).refundMilestone(toSubmit.terms, 0)).to.emit(f.escrow, "MilestoneFinalized");
      // Paying an arbitration fee moves tokens, so it waits for the unpause like claims.
      const disputed = await f.escrow.getMilestone(toSubmit.id, 1);
      expect(Number(disputed.status)).to.equal(MilestoneStatus.InReview);
      await expect(f.escrow.connect(f.brand).payArbitrationFee(toSubmit.terms, criteria, 1))
        .to.be.revertedWithCustomError(f.usdc, "TokenPaused")
        .withArgs();

      await f.usdc.connect(f.deployer).setPaused(false);
      await expectDeal(f, toApprove.id, { status: DealStatus.Closed, openMilestones: 0, brandCredit: 0n, influencerCredit: USDC(990) });
      await expectDeal(f, toSubmit.id, { status: DealStatus.Active, openMilestones: 1, brandCredit: USDC(100), influencerCredit: 0n });
      expect(await escrowBalance(f)).to.equal(USDC(3_300));
    });
  });
});
