// Small shared assertions and arithmetic mirrors of DealEscrow, so that every money check is exact.
import { expect } from "chai";
import { BPS, MilestoneStatus } from "../../scripts/lib/terms.js";
import { networkHelpers, now, type Fixture } from "./fixture.js";

type MilestoneStatusValue = (typeof MilestoneStatus)[keyof typeof MilestoneStatus];

/** The bitmap of allowed statuses carried by MilestoneUnexpectedStatus (bit i = status i). */
export function mask(...statuses: MilestoneStatusValue[]): bigint {
  return statuses.reduce((bits, s) => bits | (1n << BigInt(s)), 0n);
}

/** The contract's split of a milestone: the influencer's share less the protocol fee, the rest to the brand. */
export function split(amount: bigint, shareBps: number, feeBps: number) {
  const gross = (amount * BigInt(shareBps)) / BigInt(BPS);
  const fee = (gross * BigInt(feeBps)) / BigInt(BPS);
  return { toInfluencer: gross - fee, toBrand: amount - gross, fee };
}

/** Checks a deal's state word. */
export async function expectDeal(
  f: Fixture,
  id: string,
  expected: { status: number; openMilestones: number; brandCredit: bigint; influencerCredit: bigint },
): Promise<void> {
  const deal = await f.escrow.getDeal(id);
  expect({
    status: Number(deal.status),
    openMilestones: Number(deal.openMilestones),
    brandCredit: deal.brandCredit,
    influencerCredit: deal.influencerCredit,
  }).to.deep.equal(expected);
}

/** Checks a milestone's status (and, if given, its deadline and revisions). */
export async function expectMilestone(
  f: Fixture,
  id: string,
  milestone: number,
  expected: { status: number; deadline?: bigint; revisions?: number },
): Promise<void> {
  const m = await f.escrow.getMilestone(id, milestone);
  expect(Number(m.status)).to.equal(expected.status);
  if (expected.deadline !== undefined) expect(m.deadline).to.equal(expected.deadline);
  if (expected.revisions !== undefined) expect(Number(m.revisions)).to.equal(expected.revisions);
}

/** The escrow's balance of the fixture's USDC. */
export async function escrowBalance(f: Fixture): Promise<bigint> {
  return f.usdc.balanceOf(f.escrowAddress);
}

/** Pins the next block's timestamp to `at` (default: one second after the latest block) and returns it. */
export async function nextBlockAt(at?: bigint): Promise<bigint> {
  const t = at ?? (await now()) + 1n;
  await networkHelpers.time.setNextBlockTimestamp(t);
  return t;
}
