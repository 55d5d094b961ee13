// Exclusivity through the escrow: reserved with the offer, enforced at acceptance (ExclusivityConflict names the
// conflicting deal), warned beforehand by conflictOf, ended early by a declined or expired offer, a refund or a
// ruling against the brand. The registry's own rules are unit-tested in test/sol/ExclusivityRegistry*.t.sol.
import { expect } from "chai";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { DAY, DEFAULT_CRITERIA, ExclusivityStatus, Topic, rulingForShare, type DealTerms, type TermsInput } from "../scripts/lib/terms.js";
import { CONTENT_HASH, CONTENT_URI, USDC, deployFixture, ethers, networkHelpers, now, termsFor, type Fixture } from "./helpers/fixture.js";
import type { ExclusivityRegistry } from "../types/ethers-contracts/index.js";

const criteria = [...DEFAULT_CRITERIA];
const D = BigInt(DAY);

describe("Exclusivity: enforced through the escrow", function () {
  let f: Fixture;
  let registry: ExclusivityRegistry;
  let rival: HardhatEthersSigner; // a second brand

  beforeEach(async function () {
    f = await networkHelpers.loadFixture(deployFixture);
    registry = (await ethers.getContractAt("ExclusivityRegistry", await f.escrow.exclusivityRegistry())) as unknown as ExclusivityRegistry;
    rival = f.stranger;
    await f.usdc.mint(rival.address, USDC(1_000_000));
    await f.usdc.connect(rival).approve(f.escrowAddress, ethers.MaxUint256);
  });

  async function offerBy(brand: HardhatEthersSigner, input: Partial<TermsInput>) {
    const terms = { ...(await termsFor(f, input)), brand: brand.address };
    await f.escrow.connect(brand).createDeal(terms, criteria);
    return { terms, id: await f.escrow.dealId(terms) };
  }

  async function window(fromDays: number, untilDays: number, topic: number = Topic.Beauty) {
    const t = await now();
    return { exclusivity: { topic, from: t + BigInt(fromDays) * D, until: t + BigInt(untilDays) * D } };
  }

  async function accept(terms: DealTerms) {
    return f.escrow.connect(f.influencer).acceptDeal(terms);
  }

  it("is deployed by the escrow, which is its only writer", async function () {
    expect(await registry.escrow()).to.equal(f.escrowAddress);
    await expect(registry.connect(f.brand).end(ethers.ZeroHash))
      .to.be.revertedWithCustomError(registry, "ExclusivityOnlyEscrow")
      .withArgs(f.brand.address);
  });

  it("reserves the exclusivity with the offer and activates it at acceptance", async function () {
    const input = await window(0, 90);
    const terms = { ...(await termsFor(f, input)) };
    const id = await f.escrow.dealId(terms);
    await expect(f.escrow.connect(f.brand).createDeal(terms, criteria))
      .to.emit(registry, "ExclusivityReserved")
      .withArgs(id, f.influencer.address, f.brand.address, Topic.Beauty, terms.exclusiveFrom, terms.exclusiveUntil);
    expect((await registry.getExclusivity(id)).status).to.equal(BigInt(ExclusivityStatus.Reserved));
    expect(await registry.exclusivitiesOf(f.influencer.address, Topic.Beauty)).to.deep.equal([id]);
    expect(await registry.isInForce(id)).to.equal(false);

    await expect(accept(terms))
      .to.emit(registry, "ExclusivityActivated")
      .withArgs(id, f.influencer.address, f.brand.address, Topic.Beauty, terms.exclusiveFrom, terms.exclusiveUntil);
    const e = await registry.getExclusivity(id);
    expect([e.brand, e.from, e.until, e.topic, e.status]).to.deep.equal([
      f.brand.address, terms.exclusiveFrom, terms.exclusiveUntil, BigInt(Topic.Beauty), BigInt(ExclusivityStatus.Active),
    ]);
    expect(await registry.isInForce(id)).to.equal(true);
    expect(await registry.endOf(id)).to.equal(terms.exclusiveUntil);
  });

  it("refuses another brand's overlapping exclusivity on the topic, naming the conflicting deal", async function () {
    const first = await offerBy(f.brand, await window(0, 90));
    await accept(first.terms);
    const second = await offerBy(rival, await window(60, 120));
    // Warned before offering and before accepting.
    expect(await registry.conflictOf(f.influencer.address, rival.address, Topic.Beauty, second.terms.exclusiveFrom, second.terms.exclusiveUntil))
      .to.equal(first.id);
    await expect(accept(second.terms))
      .to.be.revertedWithCustomError(registry, "ExclusivityConflict")
      .withArgs(f.influencer.address, Topic.Beauty, first.id, f.brand.address, first.terms.exclusiveFrom, first.terms.exclusiveUntil);
    expect((await f.escrow.getDeal(second.id)).status).to.equal(1n); // still Offered
  });

  it("treats windows as closed intervals: touching windows conflict, adjacent ones do not", async function () {
    const first = await offerBy(f.brand, await window(0, 30));
    await accept(first.terms);
    const until = first.terms.exclusiveUntil;
    const touching = await offerBy(rival, { exclusivity: { topic: Topic.Beauty, from: until, until: until + 30n * D } });
    await expect(accept(touching.terms)).to.be.revertedWithCustomError(registry, "ExclusivityConflict");
    const adjacent = await offerBy(rival, { exclusivity: { topic: Topic.Beauty, from: until + 1n, until: until + 30n * D } });
    expect(await registry.conflictOf(f.influencer.address, rival.address, Topic.Beauty, until + 1n, until + 30n * D)).to.equal(ethers.ZeroHash);
    await expect(accept(adjacent.terms)).to.emit(registry, "ExclusivityActivated");
  });

  it("allows the same brand twice, other topics and deals without exclusivity", async function () {
    const first = await offerBy(f.brand, await window(0, 90));
    await accept(first.terms);
    const again = await offerBy(f.brand, await window(10, 100));
    await expect(accept(again.terms)).to.emit(registry, "ExclusivityActivated");
    const otherTopic = await offerBy(rival, await window(0, 90, Topic.Gaming));
    await expect(accept(otherTopic.terms)).to.emit(registry, "ExclusivityActivated");
    const plain = await offerBy(rival, {});
    await expect(accept(plain.terms)).not.to.emit(registry, "ExclusivityActivated");
    expect((await registry.getExclusivity(plain.id)).status).to.equal(BigInt(ExclusivityStatus.None));
  });

  it("never lets a pending offer block another brand", async function () {
    const pending = await offerBy(f.brand, await window(0, 90));
    const other = await offerBy(rival, await window(0, 90));
    await expect(accept(other.terms)).to.emit(registry, "ExclusivityActivated");
    // The first brand's offer now conflicts in turn.
    await expect(accept(pending.terms))
      .to.be.revertedWithCustomError(registry, "ExclusivityConflict")
      .withArgs(f.influencer.address, Topic.Beauty, other.id, rival.address, other.terms.exclusiveFrom, other.terms.exclusiveUntil);
  });

  it("ends a declined or expired offer's reservation", async function () {
    const declined = await offerBy(f.brand, await window(0, 90));
    await expect(f.escrow.connect(f.influencer).declineDeal(declined.terms))
      .to.emit(registry, "ExclusivityEnded")
      .withArgs(declined.id, f.brand.address, Topic.Beauty, (await now()) + 1n, false);
    const expired = await offerBy(f.brand, await window(0, 90));
    await networkHelpers.time.increaseTo(expired.terms.acceptBy + 1n);
    await expect(f.escrow.connect(f.stranger).reclaimOffer(expired.terms)).to.emit(registry, "ExclusivityEnded");
    expect((await registry.getExclusivity(expired.id)).status).to.equal(BigInt(ExclusivityStatus.Ended));
  });

  it("drops ended and expired entries from the influencer's list at the next acceptance", async function () {
    const declined = await offerBy(f.brand, await window(0, 90));
    await f.escrow.connect(f.influencer).declineDeal(declined.terms);
    const short = await offerBy(f.brand, await window(0, 5));
    await expect(accept(short.terms))
      .to.emit(registry, "ExclusivityPruned")
      .withArgs(declined.id, f.influencer.address, Topic.Beauty);
    expect(await registry.exclusivitiesOf(f.influencer.address, Topic.Beauty)).to.deep.equal([short.id]);
    await networkHelpers.time.increase(6 * DAY);
    const next = await offerBy(rival, await window(0, 90));
    const receipt = await (await accept(next.terms)).wait();
    const pruned = receipt!.logs
      .map((log) => registry.interface.parseLog(log))
      .filter((event) => event?.name === "ExclusivityPruned")
      .map((event) => [event!.args[0], event!.args[1], event!.args[2]]);
    expect(pruned).to.deep.equal([[short.id, f.influencer.address, BigInt(Topic.Beauty)]]);
    expect(await registry.exclusivitiesOf(f.influencer.address, Topic.Beauty)).to.deep.equal([next.id]);
  });

  it("lists at most 32 live offers and exclusivities per influencer and topic; a declined one frees a place", async function () {
    const max = await registry.MAX_LISTED();
    const offers = [];
    for (let i = 0n; i < max; i++) offers.push(await offerBy(f.brand, await window(0, 90)));
    const input = await window(0, 90);
    const terms = { ...(await termsFor(f, input)), brand: rival.address };
    await expect(f.escrow.connect(rival).createDeal(terms, criteria))
      .to.be.revertedWithCustomError(registry, "ExclusivityListFull")
      .withArgs(f.influencer.address, Topic.Beauty, max);
    // Other topics and deals without exclusivity are not affected.
    await offerBy(rival, await window(0, 90, Topic.Gaming));
    await offerBy(rival, {});
    await f.escrow.connect(f.influencer).declineDeal(offers[5]!.terms);
    await expect(f.escrow.connect(rival).createDeal(terms, criteria))
      .to.emit(registry, "ExclusivityPruned")
      .withArgs(offers[5]!.id, f.influencer.address, Topic.Beauty);
    expect(await registry.exclusivitiesOf(f.influencer.address, Topic.Beauty)).to.have.length(Number(max));
  });

  it("ends when the deal closes refunded, and lets another brand in", async function () {
    const deal = await offerBy(f.brand, await window(0, 90));
    await accept(deal.terms);
    await expect(f.escrow.connect(f.influencer).refundMilestone(deal.terms, 0))
      .to.emit(registry, "ExclusivityEnded")
      .withArgs(deal.id, f.brand.address, Topic.Beauty, (await now()) + 1n, true);
    expect(await registry.isInForce(deal.id)).to.equal(false);
    expect(await registry.endOf(deal.id)).to.equal(await now());
    const next = await offerBy(rival, await window(0, 90));
    await expect(accept(next.terms)).to.emit(registry, "ExclusivityActivated");
  });

  it("stays in force when the deal completes", async function () {
    const deal = await offerBy(f.brand, await window(0, 90));
    await accept(deal.terms);
    await f.escrow.connect(f.influencer).submitDeliverable(deal.terms, 0, CONTENT_HASH, CONTENT_URI);
    await expect(f.escrow.connect(f.brand).approveMilestone(deal.terms, 0)).not.to.emit(registry, "ExclusivityEnded");
    expect(await registry.isInForce(deal.id)).to.equal(true);
  });

  describe("rulings", function () {
    async function ruled(shareBps: number) {
      const deal = await offerBy(f.brand, { ...(await window(0, 90)), amounts: [USDC(500), USDC(500)] });
      await accept(deal.terms);
      await f.escrow.connect(f.influencer).submitDeliverable(deal.terms, 0, CONTENT_HASH, CONTENT_URI);
      await f.escrow.connect(f.brand).payArbitrationFee(deal.terms, criteria, 0);
      await f.escrow.connect(f.influencer).payArbitrationFee(deal.terms, criteria, 0);
      const disputeId = (await f.escrow.getArbitration(deal.id, 0)).disputeId;
      return { deal, tx: f.arbitrator.giveRuling(disputeId, rulingForShare(shareBps)) };
    }

    it("ends when a ruling goes against the brand (most of the milestone to the influencer)", async function () {
      const { deal, tx } = await ruled(7_500);
      await expect(tx).to.emit(registry, "ExclusivityEnded").withArgs(deal.id, f.brand.address, Topic.Beauty, anyTime(), true);
      expect((await registry.getExclusivity(deal.id)).status).to.equal(BigInt(ExclusivityStatus.Ended));
    });

    it("stays when a ruling gives the brand half or more, until the deal closes refunded", async function () {
      const { deal, tx } = await ruled(5_000);
      await expect(tx).not.to.emit(registry, "ExclusivityEnded");
      expect(await registry.isInForce(deal.id)).to.equal(true);
      await expect(f.escrow.connect(f.influencer).refundMilestone(deal.terms, 1)).to.emit(registry, "ExclusivityEnded");
    });

    it("ends when the brand loses by not paying its fee in time", async function () {
      const deal = await offerBy(f.brand, await window(0, 90));
      await accept(deal.terms);
      await f.escrow.connect(f.influencer).submitDeliverable(deal.terms, 0, CONTENT_HASH, CONTENT_URI);
      await f.escrow.connect(f.brand).requestRevision(deal.terms, 0, ethers.ZeroHash);
      await f.escrow.connect(f.influencer).payArbitrationFee(deal.terms, criteria, 0);
      await networkHelpers.time.increase(deal.terms.feeTimeout + 1);
      await expect(f.escrow.connect(f.stranger).timeOutArbitration(deal.terms, 0)).to.emit(registry, "ExclusivityEnded");
    });
  });
});

/** Matches any block time (the ruling's block is mined by the arbitrator's call). */
function anyTime() {
  return (value: bigint) => value > 0n;
}
