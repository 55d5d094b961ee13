import { expect } from "chai";
import { deployFixture, networkHelpers, dealInReview, CONTENT_HASH } from "./helpers/fixture.js";
import { dealIdOf, dealKeyOf } from "../scripts/lib/terms.js";

describe("smoke", () => {
  it("runs a deal from offer to claim", async () => {
    const f = await networkHelpers.loadFixture(deployFixture);
    const { terms, id } = await dealInReview(f);
    expect(id).to.equal(dealIdOf(terms));
    expect(CONTENT_HASH).to.have.length(66);
    await f.escrow.connect(f.brand).approveMilestone(terms, 0);
    const before = await f.usdc.balanceOf(f.payee.address);
    await f.escrow.connect(f.influencer).claim(dealKeyOf(terms), f.payee.address);
    expect((await f.usdc.balanceOf(f.payee.address)) - before).to.equal(990_000_000n);
  });
});
