// The demo's world seeding (scripts/lib/world.ts) on the LocalIspera fixture with a memory document store: every
// state the demo promises is on chain as seeded (deal and milestone statuses, court periods, the vault's holdback,
// the certificate), every document is in the store, and the auditor finds the escrow, the vault and the court solvent.
import { expect } from "chai";
import { auditSolvency } from "../scripts/lib/audit/solvency.js";
import { openContext } from "../scripts/lib/audit/common.js";
import { getBrief } from "../scripts/lib/docstore/brief.js";
import { cidOfUri } from "../scripts/lib/docstore/cid.js";
import { getDeliverable } from "../scripts/lib/docstore/documents.js";
import { MemoryStore } from "../scripts/lib/docstore/store.js";
import { DealStatus, HoldbackStatus, MilestoneStatus } from "../scripts/lib/terms.js";
import { seedWorld, type WorldSummary } from "../scripts/lib/world.js";
import { Period, ethers, loadCourt, type CourtFixture } from "./helpers/courtFixture.js";

describe("The demo's world", function () {
  let f: CourtFixture;
  let world: WorldSummary;
  let documents: MemoryStore;
  const lines: string[] = [];
  let startTime: number;

  before(async function () {
    this.timeout(600_000);
    f = await loadCourt();
    const profiles = await ethers.deployContract("Profiles");
    documents = new MemoryStore();
    startTime = (await ethers.provider.getBlock("latest"))!.timestamp;
    world = await seedWorld(
      ethers,
      {
        escrow: f.escrowAddress,
        court: f.courtAddress,
        usdc: f.usdcAddress,
        vrfCoordinator: await f.vrf.getAddress(),
        randomness: f.randomnessAddress,
        certificate: f.certificateAddress,
        profiles: await profiles.getAddress(),
      },
      { documents, log: (line) => lines.push(line) },
    );
  });

  const one = (ids: string[]): string => {
    expect(ids).to.have.length(1);
    return ids[0]!;
  };

  it("prints one line per step with its gas", function () {
    const steps = lines.filter((l) => /^\s+\d+\. /.test(l));
    expect(steps.length).to.be.greaterThan(40);
    for (const l of steps) expect(l).to.match(/ gas [\d,]+$/);
    expect(BigInt(world.gasUsed)).to.be.greaterThan(0n);
  });

  it("does not move the chain clock beyond the blocks it mined", async function () {
    const block = await ethers.provider.getBlock("latest");
    // One second per block at most (automine), far from any period or deadline (days).
    expect(block!.timestamp - startTime).to.be.lessThan(3_600);
  });

  it("has brands, influencers and a dozen mediators across language and topic pools", async function () {
    expect(world.accounts.brands).to.have.length(3);
    expect(world.accounts.influencers).to.have.length(3);
    expect(world.accounts.mediators).to.have.length(12);
    for (const p of [...world.accounts.brands, ...world.accounts.influencers]) {
      expect(p.profileUri).to.match(/^ipfs:\/\/bafkrei/);
      expect(await documents.has(cidOfUri(p.profileUri))).to.equal(true);
    }
    const pools = new Set(world.accounts.mediators.flatMap((m) => m.pools));
    expect([...pools].sort()).to.deep.equal(["en/beauty", "en/gaming", "en/tech", "fr/beauty", "fr/tech"]);
    for (const m of world.accounts.mediators) expect(BigInt(m.stake)).to.be.greaterThan(0n);
  });

  it("has deals in every state", async function () {
    const deal = async (id: string) => f.escrow.getDeal(id);
    const milestone = async (id: string, i: number) => (await f.escrow.getMilestone(id, i)).status;
    const offered = one(world.deals.offered);
    expect((await deal(offered)).status).to.equal(BigInt(DealStatus.Offered));
    const inDelivery = one(world.deals.inDelivery);
    expect((await deal(inDelivery)).status).to.equal(BigInt(DealStatus.Active));
    expect(await milestone(inDelivery, 0)).to.equal(BigInt(MilestoneStatus.AwaitingDelivery));
    const inReview = one(world.deals.inReview);
    expect((await deal(inReview)).status).to.equal(BigInt(DealStatus.Active));
    expect(await milestone(inReview, 0)).to.equal(BigInt(MilestoneStatus.InReview));
    const completed = one(world.deals.completed);
    expect((await deal(completed)).status).to.equal(BigInt(DealStatus.Closed));
    expect(await milestone(completed, 0)).to.equal(BigInt(MilestoneStatus.Released));
    expect(await f.escrow.rightsBought(completed)).to.equal(true);
    expect(one(world.certificates)).to.equal(BigInt(completed).toString());
    expect(await f.certificate.isValid(completed)).to.equal(true);
    const inDispute = one(world.deals.inDispute);
    expect(await milestone(inDispute, 0)).to.equal(BigInt(MilestoneStatus.InArbitration));
    const appealed = one(world.deals.appealed);
    expect(await milestone(appealed, 0)).to.equal(BigInt(MilestoneStatus.InArbitration));
    const holdback = one(world.deals.holdback);
    expect((await deal(holdback)).status).to.equal(BigInt(DealStatus.Active));
    expect(await milestone(holdback, 0)).to.equal(BigInt(MilestoneStatus.Released));
    expect(await milestone(holdback, 1)).to.equal(BigInt(MilestoneStatus.AwaitingDelivery));
    const vault = await ethers.getContractAt("HoldbackVault", await f.escrow.holdbackVault());
    const h = await vault.getHoldback(holdback);
    expect(h.status).to.equal(BigInt(HoldbackStatus.Holding));
    // 20 % of the first milestone's payout net of the 1 % fee.
    expect(h.held).to.equal(((1_000_000_000n - 10_000_000n) * 2_000n) / 10_000n);
  });

  it("has a dispute at the commit stage and an appealed one", async function () {
    const commit = BigInt(one(world.disputes.commit));
    const d = await f.court.getDispute(commit);
    expect(d.period).to.equal(Period.Commit);
    expect(d.round).to.equal(0n);
    const round = await f.court.getRound(commit, 0);
    expect(round.drawn).to.equal(round.mediators);
    expect((await f.escrow.getArbitration(world.deals.inDispute[0]!, 0)).disputeId).to.equal(commit);

    const appealed = BigInt(one(world.disputes.appealed));
    const a = await f.court.getDispute(appealed);
    expect(a.round).to.equal(1n);
    expect(a.period).to.equal(Period.Drawing);
    const r0 = await f.court.getRound(appealed, 0);
    expect(r0.drawn).to.equal(r0.mediators);
    const r1 = await f.court.getRound(appealed, 1);
    expect(r1.mediators).to.equal(r0.mediators * 2n + 1n);
    expect(r1.randomnessRequestId).to.be.greaterThan(0n);
    const brand = world.documents[world.deals.appealed[0]!]!.brand;
    expect(await f.court.appealFunds(appealed, 0, brand)).to.be.greaterThan(0n);
  });

  it("keeps every deal's brief and deliverables in the store, bound to the chain", async function () {
    for (const [dealId, docs] of Object.entries(world.documents)) {
      const brief = await getBrief(documents, cidOfUri(docs.brief));
      expect(brief.title).to.equal(docs.title);
      for (const [i, uri] of docs.deliverables.entries()) {
        const deliverable = await getDeliverable(documents, cidOfUri(uri));
        expect(deliverable.dealId).to.equal(dealId);
        expect(deliverable.milestone).to.equal(i);
      }
    }
    expect(Object.keys(world.documents)).to.have.length(7);
  });

  it("is solvent for the auditor", async function () {
    const ctx = await openContext({ provider: ethers.provider, addresses: { escrow: f.escrowAddress, court: f.courtAddress } });
    const report = await auditSolvency(ctx);
    expect(report.solvent).to.equal(true);
    expect(report.escrow.solvent).to.equal(true);
    expect(report.vault.solvent).to.equal(true);
    expect(report.court?.solvent).to.equal(true);
    for (const id of Object.values(world.deals).flat()) {
      expect(report.escrow.deals.map((d) => d.dealId)).to.include(id);
    }
  });

  it("seeds again on the same deployment (new salts, new deals)", async function () {
    this.timeout(600_000);
    const again = await seedWorld(
      ethers,
      {
        escrow: f.escrowAddress,
        court: f.courtAddress,
        usdc: f.usdcAddress,
        vrfCoordinator: await f.vrf.getAddress(),
        randomness: f.randomnessAddress,
        certificate: f.certificateAddress,
        profiles: (await ethers.deployContract("Profiles")).target as string,
      },
      { documents, log: () => {} },
    );
    expect(again.deals.offered[0]).to.not.equal(world.deals.offered[0]);
    expect(BigInt(again.disputes.commit[0]!)).to.be.greaterThan(BigInt(world.disputes.appealed[0]!));
  });
});
