// IsperaUpkeep (Chainlink AutomationCompatibleInterface) on the LocalIspera fixture: the watch list and its
// errors, then a dispute and deals moved on by checkUpkeep / performUpkeep alone (as Automation would), each work
// re-checked before it is done, and finished entries leaving the list.
import { expect } from "chai";
import { AbiCoder, toBeHex, zeroPadValue } from "ethers";
import { buildTerms, DEFAULT_BREACH_CRITERIA, DEFAULT_CRITERIA } from "../scripts/lib/terms.js";
import {
  CONTENT_HASH,
  CONTENT_URI,
  DAY,
  ethers,
  fulfil,
  loadCourt,
  nextBlockAt,
  now,
  openDispute,
  Period,
  commitAll,
  revealAll,
  seatMediators,
  termsFor,
  unanimous,
  votesOf,
  YES,
  type CourtFixture,
} from "./helpers/courtFixture.js";
import type { IsperaUpkeep } from "../types/ethers-contracts/index.js";

/** UpkeepWork (contracts/interfaces/IIsperaUpkeep.sol), by value. */
const Work = {
  None: 0n,
  RequestRandomness: 1n,
  Draw: 2n,
  PassPeriod: 3n,
  ExecuteRound: 4n,
  UnwatchDispute: 5n,
  ReclaimOffer: 6n,
  ReclaimMilestone: 7n,
  ReleaseAfterReview: 8n,
  TimeOutArbitration: 9n,
  ReleaseHoldback: 10n,
  UnwatchDeal: 11n,
} as const;
const WORK_NAMES = Object.fromEntries(Object.entries(Work).map(([k, v]) => [v.toString(), k]));
const abi = AbiCoder.defaultAbiCoder();

async function travel(seconds: bigint): Promise<void> {
  await nextBlockAt((await now()) + seconds);
  await ethers.provider.send("evm_mine", []);
}

async function deployUpkeep(f: CourtFixture): Promise<IsperaUpkeep> {
  return (await ethers.deployContract("IsperaUpkeep", [f.escrowAddress, f.randomnessAddress, 2, 2])) as unknown as IsperaUpkeep;
}

/** Plays Automation: check, perform, until nothing is due; returns the works performed, by name. */
async function automate(upkeep: IsperaUpkeep, max = 30): Promise<string[]> {
  const done: string[] = [];
  for (let i = 0; i < max; i++) {
    const [needed, data] = await upkeep.checkUpkeep("0x");
    if (!needed) return done;
    await upkeep.performUpkeep(data);
    const [work] = abi.decode(["uint8", "bytes32", "uint256"], data);
    done.push(WORK_NAMES[(work as bigint).toString()] ?? "?");
  }
  throw new Error("upkeep did not settle");
}

describe("IsperaUpkeep (Chainlink Automation)", function () {
  this.timeout(300_000);
  let f: CourtFixture;
  let upkeep: IsperaUpkeep;

  beforeEach(async function () {
    f = await loadCourt();
    upkeep = await deployUpkeep(f);
  });

  describe("watch lists", function () {
    it("test_watchDispute_revertWhenUnknownOrWatched", async function () {
      await expect(upkeep.watchDispute(7)).to.be.revertedWithCustomError(upkeep, "UpkeepUnknownDispute").withArgs(7n);
      await seatMediators(f, 5);
      const { disputeId } = await openDispute(f);
      await expect(upkeep.watchDispute(disputeId)).to.emit(upkeep, "DisputeWatched").withArgs(disputeId, f.owner.address);
      await expect(upkeep.watchDispute(disputeId))
        .to.be.revertedWithCustomError(upkeep, "UpkeepAlreadyWatched")
        .withArgs(zeroPadValue(toBeHex(disputeId), 32));
    });

    it("test_watchDeal_revertWhenUnknownWatchedOrFull", async function () {
      const unknown = await termsFor(f);
      await expect(upkeep.watchDeal(unknown))
        .to.be.revertedWithCustomError(upkeep, "UpkeepUnknownDeal")
        .withArgs(await f.escrow.dealId(unknown));
      const max = Number(await upkeep.MAX_WATCHED());
      let last = unknown;
      for (let i = 0; i <= max; i++) {
        last = await termsFor(f, { amounts: [1n] });
        await f.escrow.connect(f.brand).createDeal(last, [...DEFAULT_CRITERIA]);
        if (i < max) await upkeep.watchDeal(last);
      }
      await expect(upkeep.watchDeal(last)).to.be.revertedWithCustomError(upkeep, "UpkeepListFull").withArgs(BigInt(max));
      const [, deals] = await upkeep.watched();
      expect(deals).to.have.length(max);
      // A full list with nothing due is the worst check: every deal's terms are read and its state looked at.
      const gas = await upkeep.checkUpkeep.estimateGas("0x");
      if (process.env.KEEPER_GAS) console.log(`      checkUpkeep over ${max} deals: ${gas} gas`);
      expect(gas < 5_000_000n, `checkUpkeep gas ${gas}`).to.equal(true);
    });

    it("test_checkUpkeep_falseWhenNothingIsDue", async function () {
      const terms = await termsFor(f);
      await f.escrow.connect(f.brand).createDeal(terms, [...DEFAULT_CRITERIA]);
      await upkeep.watchDeal(terms);
      const [needed, data] = await upkeep.checkUpkeep("0x");
      expect(needed).to.equal(false);
      expect(data).to.equal("0x");
    });
  });

  it("test_performUpkeep_revertWhenNotDue", async function () {
    const terms = await termsFor(f);
    await f.escrow.connect(f.brand).createDeal(terms, [...DEFAULT_CRITERIA]);
    const dealId = await f.escrow.dealId(terms);
    await upkeep.watchDeal(terms);
    const stale = abi.encode(["uint8", "bytes32", "uint256"], [Work.ReclaimOffer, dealId, 0]);
    await expect(upkeep.performUpkeep(stale))
      .to.be.revertedWithCustomError(upkeep, "UpkeepNotDue")
      .withArgs(Work.ReclaimOffer, dealId, 0n, Work.None, 0n);
    await travel(8n * DAY);
    await f.escrow.connect(f.stranger).reclaimOffer(terms); // someone was faster: now the deal only leaves the list
    await expect(upkeep.performUpkeep(stale))
      .to.be.revertedWithCustomError(upkeep, "UpkeepNotDue")
      .withArgs(Work.ReclaimOffer, dealId, 0n, Work.UnwatchDeal, 0n);
    expect(await automate(upkeep)).to.deep.equal(["UnwatchDeal"]);
    const [, deals] = await upkeep.watched();
    expect(deals).to.have.length(0);
  });

  it("moves a dispute from the random word to the settled rounds, then unwatches it", async function () {
    await seatMediators(f, 5);
    const { disputeId, requestId } = await openDispute(f);
    await upkeep.watchDispute(disputeId);
    expect(await automate(upkeep), "waiting for the word").to.deep.equal([]);
    await fulfil(f, requestId);
    expect(await automate(upkeep)).to.deep.equal(["Draw", "Draw"]);
    expect((await f.court.getDispute(disputeId)).period).to.equal(Period.Commit);
    const ballots = unanimous(await votesOf(f, disputeId, 0n), YES);
    await commitAll(f, disputeId, ballots);
    await revealAll(f, disputeId, ballots);
    expect((await f.court.getDispute(disputeId)).period).to.equal(Period.Appeal);
    expect(await automate(upkeep)).to.deep.equal([]);
    await travel(f.params.appealPeriod + 1n);
    await expect(upkeep.performUpkeep((await upkeep.checkUpkeep("0x"))[1]))
      .to.emit(upkeep, "UpkeepPerformed")
      .withArgs(Work.PassPeriod, zeroPadValue(toBeHex(disputeId), 32), 0n);
    // 3 votes in batches of 2: penalties 2, then 1 + 1 reward, then 2 rewards.
    expect(await automate(upkeep)).to.deep.equal(["ExecuteRound", "ExecuteRound", "ExecuteRound", "UnwatchDispute"]);
    const round = await f.court.getRound(disputeId, 0);
    expect(round.rewarded).to.equal(round.drawn);
    expect((await upkeep.watched())[0]).to.have.length(0);
  });

  it("requests a new word once the word expired", async function () {
    await seatMediators(f, 5);
    const { disputeId, requestId } = await openDispute(f);
    await upkeep.watchDispute(disputeId);
    await travel(f.params.randomnessTimeout + 1n);
    expect(await upkeep.disputeWork(disputeId)).to.deep.equal([Work.RequestRandomness, 0n]);
    expect(await automate(upkeep)).to.deep.equal(["RequestRandomness"]);
    expect((await f.court.getRound(disputeId, 0)).randomnessRequestId).to.not.equal(requestId);
  });

  it("executes the escrow's timeouts and the holdback release, then unwatches the deals", async function () {
    const criteria = [...DEFAULT_CRITERIA];
    const offered = await termsFor(f);
    const undelivered = await termsFor(f);
    const unreviewed = await termsFor(f);
    const unanswered = await termsFor(f);
    const exclusive = buildTerms({
      brand: f.brand.address,
      influencer: f.influencer.address,
      token: f.usdcAddress,
      now: await now(),
      exclusivity: { until: (await now()) + 30n * DAY },
      holdback: { bps: 2_000, breachCriteria: DEFAULT_BREACH_CRITERIA },
    });
    const all = [offered, undelivered, unreviewed, unanswered, exclusive];
    for (const t of all) await f.escrow.connect(f.brand).createDeal(t, criteria);
    for (const t of [undelivered, unreviewed, unanswered, exclusive]) await f.escrow.connect(f.influencer).acceptDeal(t);
    for (const t of [unreviewed, unanswered, exclusive]) await f.escrow.connect(f.influencer).submitDeliverable(t, 0, CONTENT_HASH, CONTENT_URI);
    await f.escrow.connect(f.brand).payArbitrationFee(unanswered, criteria, 0);
    await f.escrow.connect(f.brand).approveMilestone(exclusive, 0);
    for (const t of all) await upkeep.watchDeal(t);
    expect(await automate(upkeep)).to.deep.equal([]);

    await travel(40n * DAY);
    const done = await automate(upkeep);
    expect([...done].sort()).to.deep.equal([
      "ReclaimMilestone",
      "ReclaimOffer",
      "ReleaseAfterReview",
      "ReleaseHoldback",
      "TimeOutArbitration",
      "UnwatchDeal",
      "UnwatchDeal",
      "UnwatchDeal",
      "UnwatchDeal",
      "UnwatchDeal",
    ]);
    const vault = await ethers.getContractAt("HoldbackVault", await f.escrow.holdbackVault());
    expect((await vault.getHoldback(await f.escrow.dealId(exclusive))).status).to.equal(3n); // Resolved
    expect((await upkeep.watched())[1]).to.have.length(0);
  });
});
