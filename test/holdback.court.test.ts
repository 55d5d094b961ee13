// A breach claim on an exclusivity holdback, decided by the real mediator court (LocalIspera: court, VRF mock,
// escrow, registry and vault as deployed by the demo): the brand files its evidence, mediators of the deal's language
// and topic answer the breach questions in commit-reveal votes, and the ruling splits the holdback.
import { expect } from "chai";
import { DEFAULT_BREACH_CRITERIA, DEFAULT_CRITERIA, HoldbackStatus, holdbackContextOf } from "../scripts/lib/terms.js";
import {
  CONTENT_HASH,
  CONTENT_URI,
  DAY,
  MILESTONE,
  PROTOCOL_FEE_BPS,
  USDC,
  ethers,
  finalizeAppeal,
  fulfilAndDraw,
  loadCourt,
  now,
  playRound,
  seatMediators,
  termsFor,
  unanimous,
  type CourtFixture,
} from "./helpers/courtFixture.js";
import type { HoldbackVault } from "../types/ethers-contracts/index.js";

const HOLDBACK_BPS = 3_000n;
const breach = [...DEFAULT_BREACH_CRITERIA];
/** Breach questions answered: a competing post (option 1, not compliant), paid (option 1). */
const BREACHED = [1, 1];
const NOT_BREACHED = [0, 0];

describe("Holdback: a breach claim decided by the mediator court", function () {
  let f: CourtFixture;
  let vault: HoldbackVault;

  beforeEach(async function () {
    f = await loadCourt();
    vault = (await ethers.getContractAt("HoldbackVault", await f.escrow.holdbackVault())) as unknown as HoldbackVault;
    await seatMediators(f, 5);
  });

  async function heldDeal() {
    const terms = await termsFor(f, {
      amounts: [MILESTONE],
      exclusivity: { until: (await now()) + 90n * DAY },
      holdback: { bps: Number(HOLDBACK_BPS), breachCriteria: breach },
    });
    await f.escrow.connect(f.brand).createDeal(terms, [...DEFAULT_CRITERIA]);
    await f.escrow.connect(f.influencer).acceptDeal(terms);
    await f.escrow.connect(f.influencer).submitDeliverable(terms, 0, CONTENT_HASH, CONTENT_URI);
    await f.escrow.connect(f.brand).approveMilestone(terms, 0);
    const net = MILESTONE - (MILESTONE * PROTOCOL_FEE_BPS) / 10_000n;
    const held = (net * HOLDBACK_BPS) / 10_000n;
    const context = holdbackContextOf(terms);
    expect((await vault.getHoldback(context.dealId)).held).to.equal(held);
    await f.usdc.connect(f.brand).approve(await vault.getAddress(), ethers.MaxUint256);
    const disputeId = await f.court.disputeCount();
    await vault.connect(f.brand).fileBreachClaim(context, breach, "ipfs://bafy-competitor-post-screenshot");
    return { context, held, disputeId };
  }

  it("gives the holdback to the brand when the mediators find the breach", async function () {
    const { context, held, disputeId } = await heldDeal();
    const d = await f.court.getDispute(disputeId);
    expect([d.arbitrable, d.brand, d.influencer, d.language, d.topic]).to.deep.equal([
      await vault.getAddress(), context.brand, context.influencer, context.language, BigInt(context.topic),
    ]);
    const votes = await fulfilAndDraw(f, disputeId);
    await playRound(f, disputeId, unanimous(votes, BREACHED));
    await finalizeAppeal(f, disputeId);
    await f.court.executeRound(disputeId, 0, 10);
    const h = await vault.getHoldback(context.dealId);
    expect([h.status, h.influencerShareBps, h.brandCredit]).to.deep.equal([BigInt(HoldbackStatus.Resolved), 0n, held]);
    const before = await f.usdc.balanceOf(f.brand.address);
    await vault.connect(f.brand).claim(context, f.brand.address);
    expect((await f.usdc.balanceOf(f.brand.address)) - before).to.equal(held);
  });

  it("gives it to the influencer when they find no breach", async function () {
    const { context, held, disputeId } = await heldDeal();
    const votes = await fulfilAndDraw(f, disputeId);
    await playRound(f, disputeId, unanimous(votes, NOT_BREACHED));
    await finalizeAppeal(f, disputeId);
    await f.court.executeRound(disputeId, 0, 10);
    expect(await vault.influencerCredit(context.dealId)).to.equal(held);
    expect(USDC(0)).to.equal((await vault.getHoldback(context.dealId)).brandCredit);
  });
});
