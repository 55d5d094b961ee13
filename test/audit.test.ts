// The auditor tools (scripts/audit.ts, scripts/lib/audit/*) on a small seeded world of the LocalIspera stack: a
// completed deal, a refunded one, an active one in review, a deal with exclusivity, holdback and rights and its
// certificate, a dispute played to payout through an appeal, a dispute being voted and a dispute waiting for a fee.
// Each command runs in-process on the test chain and its JSON is checked to the unit; the text output is checked
// for its key lines; bad input exits with status 2.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { keccak256, toUtf8Bytes } from "ethers";
import { runAudit, type CommandResult } from "../scripts/lib/audit/cli.js";
import type { AuditAddresses } from "../scripts/lib/audit/common.js";
import type { DealReport } from "../scripts/lib/audit/deal.js";
import type { DisputeReport } from "../scripts/lib/audit/dispute.js";
import type { SolvencyReport } from "../scripts/lib/audit/solvency.js";
import type { CertificateReport } from "../scripts/lib/audit/certificate.js";
import type { ParamsReport } from "../scripts/lib/audit/params.js";
import { buildRights, RightsScope } from "../scripts/lib/rights.js";
import { DEFAULT_BREACH_CRITERIA, DEFAULT_CRITERIA, dealIdOf, dealKeyOf, type DealTerms } from "../scripts/lib/terms.js";
import {
  CONTENT_HASH,
  CONTENT_URI,
  DAY,
  NO,
  USDC,
  YES,
  commitAll,
  disputeDeal,
  ethers,
  fulfilAndDraw,
  loadCourt,
  now,
  openDispute,
  passAfterDeadline,
  playRound,
  seatMediators,
  termsFor,
  unanimous,
  type CourtFixture,
} from "./helpers/courtFixture.js";

const ROOT = resolve(import.meta.dirname, "..");
const FEE_BPS = 100n;
const fee = (amount: bigint): bigint => (amount * FEE_BPS) / 10_000n;

/** JSON with bigints as strings, parsed back: what `--json` prints. */
type Json = Record<string, unknown>;

describe("Auditor tools", function () {
  let f: CourtFixture;
  let addresses: AuditAddresses;
  let vaultAddress: string;
  const deals: Record<string, DealTerms> = {};
  let appealed: bigint;
  let voting: bigint;

  async function audit(...argv: string[]): Promise<CommandResult> {
    return runAudit(argv, () => ethers.provider, { addresses });
  }
  async function auditJson<T = Json>(...argv: string[]): Promise<{ json: T; exitCode: number }> {
    const result = await audit(...argv, "--json");
    return { json: JSON.parse(result.output) as T, exitCode: result.exitCode };
  }

  before(async function () {
    this.timeout(600_000);
    f = await loadCourt();
    const reputation = await ethers.deployContract("Reputation", [f.escrowAddress]);
    vaultAddress = await f.escrow.holdbackVault();
    addresses = {
      escrow: f.escrowAddress,
      court: f.courtAddress,
      certificate: f.certificateAddress,
      reputation: await reputation.getAddress(),
      randomness: f.randomnessAddress,
      token: f.usdcAddress,
    };
    await seatMediators(f, 5, USDC(400));

    // A dispute played to payout: round 0 finds for the influencer, the brand appeals, round 1 finds for the brand.
    const e = await openDispute(f);
    deals.appealed = e.terms;
    appealed = e.disputeId;
    await playRound(f, appealed, unanimous(await fulfilAndDraw(f, appealed), YES));
    await f.court.connect(f.brand).fundAppeal(appealed, USDC(70));
    await playRound(f, appealed, unanimous(await fulfilAndDraw(f, appealed), NO));
    await passAfterDeadline(f, appealed);
    await f.court.executeRound(appealed, 0, 10);
    await f.court.executeRound(appealed, 1, 20);

    // A dispute being voted (drawn, committed, not revealed) and a milestone waiting for the influencer's fee.
    const v = await openDispute(f);
    deals.voting = v.terms;
    voting = v.disputeId;
    await commitAll(f, voting, unanimous(await fulfilAndDraw(f, voting), YES));
    deals.feesPending = (await disputeDeal(f)).terms;

    // A completed deal of two milestones, claimed by the influencer, recorded and rated.
    const a = await termsFor(f, { amounts: [USDC(600), USDC(400)] });
    deals.completed = a;
    await f.escrow.connect(f.brand).createDeal(a, [...DEFAULT_CRITERIA]);
    await f.escrow.connect(f.influencer).acceptDeal(a);
    for (const i of [0, 1]) {
      await f.escrow.connect(f.influencer).submitDeliverable(a, i, CONTENT_HASH, CONTENT_URI);
      await f.escrow.connect(f.brand).approveMilestone(a, i);
    }
    await f.escrow.connect(f.influencer).claim(dealKeyOf(a), f.stranger.address);
    await reputation.getFunction("record")(a);
    await reputation.connect(f.brand).getFunction("rate")(dealKeyOf(a), 5, keccak256(toUtf8Bytes("great")));
    await reputation.connect(f.influencer).getFunction("rate")(dealKeyOf(a), 4, ethers.ZeroHash);

    // A refunded deal: the influencer gives the milestone back.
    const b = await termsFor(f);
    deals.refunded = b;
    await f.escrow.connect(f.brand).createDeal(b, [...DEFAULT_CRITERIA]);
    await f.escrow.connect(f.influencer).acceptDeal(b);
    await f.escrow.connect(f.influencer).refundMilestone(b, 0);

    // An active deal in review after a revision, with an open settlement proposal.
    const c = await termsFor(f);
    deals.inReview = c;
    await f.escrow.connect(f.brand).createDeal(c, [...DEFAULT_CRITERIA]);
    await f.escrow.connect(f.influencer).acceptDeal(c);
    await f.escrow.connect(f.influencer).submitDeliverable(c, 0, CONTENT_HASH, CONTENT_URI);
    await f.escrow.connect(f.brand).requestRevision(c, 0, keccak256(toUtf8Bytes("shorter intro")));
    await f.escrow.connect(f.influencer).submitDeliverable(c, 0, keccak256(toUtf8Bytes("v2")), "ipfs://v2");
    await f.escrow.connect(f.influencer).proposeSettlement(c, 0, 8_000);

    // A deal with an exclusivity, a 30 % holdback and content rights, completed, and its certificate minted.
    const rights = buildRights({ scope: RightsScope.OrganicRepost | RightsScope.PaidAds, territories: ["FR"], duration: 365 * 86_400 });
    const d = await termsFor(f, {
      exclusivity: { until: (await now()) + 90n * DAY },
      holdback: { bps: 3_000, breachCriteria: [...DEFAULT_BREACH_CRITERIA] },
      rights: { terms: rights, price: USDC(200) },
    });
    deals.rights = d;
    await f.escrow.connect(f.brand).createDeal(d, [...DEFAULT_CRITERIA]);
    await f.escrow.connect(f.influencer).acceptDeal(d);
    await f.escrow.connect(f.influencer).submitDeliverable(d, 0, CONTENT_HASH, CONTENT_URI);
    await f.escrow.connect(f.brand).approveMilestone(d, 0);
    await f.certificate.connect(f.stranger).mint(d, rights, [CONTENT_HASH]);
  });

  describe("deal", function () {
    it("shows a completed deal with its full history, credits, claims and reputation", async function () {
      const id = dealIdOf(deals.completed!);
      const { json, exitCode } = await auditJson<DealReport & Json>("deal", id);
      expect(exitCode).to.equal(0);
      expect(json.dealId).to.equal(id);
      expect(json.state).to.deep.include({ status: "Closed", completed: true, brandCredit: "0", influencerCredit: "0" });
      expect(json.total).to.equal(USDC(1_000).toString());
      expect(json.milestones.map((m) => [m.status, m.shareBps, String(m.amount)])).to.deep.equal([
        ["Released", 10_000, USDC(600).toString()],
        ["Released", 10_000, USDC(400).toString()],
      ]);
      expect(json.escrowShare.total).to.equal("0");
      expect(json.reputation).to.deep.include({ recorded: true, brandScore: 5, influencerScore: 4 });
      const names = json.history.map((e) => `${e.source}.${e.name}`);
      expect(names).to.deep.equal([
        "escrow.DealCreated",
        "escrow.DealAccepted",
        "escrow.DeliverableSubmitted",
        "escrow.MilestoneFinalized",
        "escrow.DeliverableSubmitted",
        "escrow.MilestoneFinalized",
        "escrow.DealClosed",
        "escrow.DealCompleted",
        "escrow.Claimed",
        "reputation.DealRecorded",
        "reputation.Rated",
        "reputation.Rated",
      ]);
      const finalized = json.history.filter((e) => e.name === "MilestoneFinalized").map((e) => [e.args.toInfluencer, e.args.protocolFee]);
      expect(finalized).to.deep.equal([
        [(USDC(600) - fee(USDC(600))).toString(), fee(USDC(600)).toString()],
        [(USDC(400) - fee(USDC(400))).toString(), fee(USDC(400)).toString()],
      ]);
      const claimed = json.history.find((e) => e.name === "Claimed")!;
      expect(claimed.args).to.deep.include({ account: f.influencer.address, to: f.stranger.address, amount: USDC(990).toString() });

      const text = (await audit("deal", id)).output;
      expect(text).to.include(`Deal ${id}`);
      expect(text).to.include("Status: Closed");
      expect(text).to.include("completed");
      expect(text).to.include("Released (100 % to the influencer)");
      expect(text).to.include(`claimed 990 USDC to ${f.stranger.address}`);
      expect(text).to.include("rated");
      expect(text).to.include("History (12 events):");
    });

    it("shows a refunded deal: the brand's credit and its share of the escrow", async function () {
      const { json } = await auditJson<DealReport & Json>("deal", dealIdOf(deals.refunded!));
      expect(json.state).to.deep.include({ status: "Closed", completed: false, brandCredit: USDC(1_000).toString(), influencerCredit: "0" });
      expect(json.milestones[0]).to.deep.include({ status: "Refunded", shareBps: 0 });
      expect(json.escrowShare).to.deep.include({ brandCredit: USDC(1_000).toString(), openMilestones: "0", total: USDC(1_000).toString() });
    });

    it("shows an active deal in review: revisions, submissions, the open proposal and the amount held", async function () {
      const { json } = await auditJson<DealReport & Json>("deal", dealIdOf(deals.inReview!));
      expect(json.state).to.deep.include({ status: "Active", openMilestones: 1 });
      expect(json.milestones[0]).to.deep.include({ status: "InReview", revisions: 1, settlementProposer: "Influencer", shareBps: 8_000, delivered: true });
      expect(json.escrowShare).to.deep.include({ openMilestones: USDC(1_000).toString(), total: USDC(1_000).toString() });
      expect(json.history.map((e) => e.name)).to.deep.equal([
        "DealCreated",
        "DealAccepted",
        "DeliverableSubmitted",
        "RevisionRequested",
        "DeliverableSubmitted",
        "SettlementProposed",
      ]);
      const text = (await audit("deal", dealIdOf(deals.inReview!))).output;
      expect(text).to.include("InReview until");
      expect(text).to.include("open proposal by the influencer: 80 %");
      expect(text).to.include("influencer proposes 80 % to the influencer");
    });

    it("shows the exclusivity, the holdback in the vault, the rights and the certificate", async function () {
      const id = dealIdOf(deals.rights!);
      const { json } = await auditJson<DealReport & Json>("deal", id);
      const net = USDC(1_000) - fee(USDC(1_000));
      const heldMilestone = (net * 3_000n) / 10_000n;
      const rightsNet = USDC(200) - fee(USDC(200));
      const heldRights = (rightsNet * 3_000n) / 10_000n;
      expect(json.state).to.deep.include({
        status: "Closed",
        completed: true,
        rightsBought: true,
        influencerCredit: (net - heldMilestone + rightsNet - heldRights).toString(),
      });
      expect(json.total).to.equal(USDC(1_200).toString());
      expect(json.exclusivity).to.deep.include({ status: "Active", inForce: true, topic: "beauty", brand: f.brand.address });
      expect(json.holdback).to.deep.include({ status: "Holding", held: (heldMilestone + heldRights).toString(), brandCredit: "0", influencerCredit: "0" });
      expect(json.certificate).to.deep.include({ minted: true, holder: f.brand.address, valid: true });
      const names = json.history.map((e) => `${e.source}.${e.name}`);
      expect(names).to.include.members([
        "registry.ExclusivityReserved",
        "vault.HoldbackOpened",
        "registry.ExclusivityActivated",
        "vault.HoldbackAdded",
        "escrow.RightsSettled",
        "certificate.CertificateMinted",
      ]);
      expect(names.indexOf("escrow.DealCreated")).to.equal(0);
      expect(names.at(-1)).to.equal("certificate.CertificateMinted");
      const text = (await audit("deal", id)).output;
      expect(text).to.include("Exclusivity (registry");
      expect(text).to.include("Holdback (vault");
      expect(text).to.include("356.4 USDC held");
      expect(text).to.include("Rights certificate");
      expect(text).to.include("minted, held by");
    });

    it("shows a disputed deal with its fees, dispute, appeal, ruling and the court's steps", async function () {
      const { json } = await auditJson<DealReport & Json>("deal", dealIdOf(deals.appealed!));
      expect(json.state).to.deep.include({ status: "Closed", brandCredit: USDC(1_030).toString(), influencerCredit: "0" });
      expect(json.milestones[0]).to.deep.include({ status: "Ruled", shareBps: 0 });
      expect(json.milestones[0]!.arbitration).to.deep.include({ created: true, disputeId: appealed.toString() });
      expect(json.disputes).to.deep.equal([{ disputeId: appealed.toString(), milestone: 0, breachClaim: false }]);
      const names = json.history.map((e) => `${e.source}.${e.name}`);
      for (const name of [
        "escrow.ArbitrationFeePaid",
        "escrow.DisputeCreated",
        "escrow.DisputeRequest",
        "court.DisputeOpened",
        "court.RoundRuled",
        "court.AppealFunded",
        "court.AppealDecision",
        "court.Ruling",
        "escrow.Ruling",
        "escrow.MilestoneFinalized",
        "escrow.ArbitrationFeeRefunded",
      ]) {
        expect(names, name).to.include(name);
      }
      expect(names.indexOf("court.AppealDecision")).to.be.below(names.indexOf("escrow.Ruling"));
      const ruled = json.history.find((e) => e.name === "MilestoneFinalized")!;
      expect(ruled.args).to.deep.include({ influencerShareBps: "0", toBrand: USDC(1_000).toString(), toInfluencer: "0" });
    });

    it("counts the arbitration fees the escrow holds: both deposits while pending, one cost at the arbitrator", async function () {
      const pending = (await auditJson<DealReport & Json>("deal", dealIdOf(deals.feesPending!))).json;
      expect(pending.milestones[0]).to.deep.include({ status: "FeesPending", heldFees: USDC(30).toString() });
      expect(pending.escrowShare).to.deep.include({ arbitrationFees: USDC(30).toString(), total: USDC(1_030).toString() });
      const atCourt = (await auditJson<DealReport & Json>("deal", dealIdOf(deals.voting!))).json;
      expect(atCourt.milestones[0]).to.deep.include({ status: "InArbitration", heldFees: USDC(30).toString() });
      expect(atCourt.escrowShare.total).to.equal(USDC(1_030).toString());
    });
  });

  describe("dispute", function () {
    it("shows a dispute played through an appeal: rounds, draws, commits, reveals, rulings, execution", async function () {
      const { json, exitCode } = await auditJson<DisputeReport & Json>("dispute", appealed.toString());
      expect(exitCode).to.equal(0);
      expect(json).to.deep.include({
        arbitrableKind: "escrow",
        arbitrable: f.escrowAddress,
        dealId: dealIdOf(deals.appealed!),
        milestone: 0,
        brand: f.brand.address,
        influencer: f.influencer.address,
        language: "fr",
        topic: "beauty",
        period: "Execution",
        round: 1,
        shareBps: 0,
        ruling: "1",
        rulingDelivered: true,
      });
      expect(json.criteria).to.have.length(DEFAULT_CRITERIA.length);
      expect(json.rounds).to.have.length(2);
      const [r0, r1] = json.rounds;
      expect([r0!.mediators, r0!.drawn, r0!.committed, r0!.revealed, r0!.fees]).to.deep.equal([3, 3, 3, 3, USDC(30).toString()]);
      expect(r0!.seats.every((s) => s.committed && s.revealed && JSON.stringify(s.answers) === JSON.stringify(YES))).to.equal(true);
      expect(r0!.ruled).to.deep.equal({ shareBps: 10_000, consensus: [[0], [0], [0], [0], [0]] });
      expect(r0!.appeal.funded).to.deep.equal([{ funder: f.brand.address, amount: USDC(70).toString() }]);
      expect(r0!.appeal.cost).to.equal(USDC(70).toString());
      expect(r0!.randomness.word).to.not.equal(null);
      expect(r0!.seats.map((s) => [s.coherenceBps, s.penalty, s.feeReward])).to.deep.equal(
        r0!.seats.map(() => [0, USDC(50).toString(), "0"]),
      );
      expect([r1!.mediators, r1!.drawn, r1!.revealed, r1!.fees]).to.deep.equal([7, 7, 7, USDC(70).toString()]);
      expect(r1!.seats.every((s) => JSON.stringify(s.answers) === JSON.stringify(NO))).to.equal(true);
      expect(r1!.ruled!.shareBps).to.equal(0);
      expect(r1!.jurors.reduce((s, j) => s + j.seats, 0)).to.equal(7);
      expect(r1!.seats.map((s) => s.feeReward)).to.deep.equal(r1!.seats.map(() => USDC(10).toString()));
      expect(json.rewards).to.deep.equal({ fees: USDC(70).toString(), stake: "0", penalties: USDC(150).toString(), creditedToParties: true });
      expect(json.held).to.deep.equal({ fees: "0", penalties: "0", appealFunds: "0", total: "0" });
      // Only the dispute's events (dispute 0 shares its first topic with OwnershipTransferred from the zero address).
      const names = json.history.map((e) => e.name);
      expect(names[0]).to.equal("DisputeOpened");
      expect(names).to.not.include("OwnershipTransferred");
      expect(names.filter((x) => x === "Drawn")).to.have.length(10);
      expect(names.filter((x) => x === "Rewarded")).to.have.length(7);
      expect(names.at(-1)).to.equal("Rewarded");
      const text = (await audit("dispute", appealed.toString())).output;
      expect(text).to.include(`Dispute ${appealed} at court ${f.courtAddress}`);
      expect(text).to.include("language fr, topic beauty");
      expect(text).to.include("Final ruling: 1 (0 % to the influencer), delivered");
      expect(text).to.include("Round 0: 3 seats, 3 drawn");
      expect(text).to.include("Round 1: 7 seats, 7 drawn");
      expect(text).to.include("revealed [0, 0, 0, 0, 0]");
      expect(text).to.include("appeal: 70 USDC by");
    });

    it("shows a dispute being voted: commits without reveals, and the fees the court holds", async function () {
      const { json } = await auditJson<DisputeReport & Json>("dispute", voting.toString());
      expect(json.period).to.equal("Reveal");
      expect(json.ruling).to.equal(null);
      const [r0] = json.rounds;
      expect(r0!.seats.every((s) => s.committed && !s.revealed && s.answers === null && s.commitment !== null)).to.equal(true);
      expect(json.held).to.deep.equal({ fees: USDC(30).toString(), penalties: "0", appealFunds: "0", total: USDC(30).toString() });
    });
  });

  describe("solvency", function () {
    it("matches every balance to the sum of its obligations, deal by deal, dispute by dispute", async function () {
      const { json, exitCode } = await auditJson<SolvencyReport & Json>("solvency");
      expect(exitCode).to.equal(0);
      expect(json.solvent).to.equal(true);

      // Escrow: one token; the per-deal shares plus the protocol fees are the obligations, equal to the balance.
      const [escrowToken] = json.escrow.tokens;
      const escrowBalance = await f.usdc.balanceOf(f.escrowAddress);
      expect(json.escrow.tokens).to.have.length(1);
      expect(escrowToken!.balance).to.equal(escrowBalance.toString());
      expect(escrowToken!.obligations).to.equal(escrowBalance.toString());
      expect(escrowToken!.surplus).to.equal("0");
      const dealSum = json.escrow.deals.reduce((s, d) => s + BigInt(d.share.total), 0n);
      const protocolFees = await f.escrow.protocolFees(f.usdcAddress);
      expect(json.escrow.protocolFees).to.deep.equal([{ token: f.usdcAddress, amount: protocolFees.toString() }]);
      expect(dealSum + protocolFees).to.equal(escrowBalance);
      expect(protocolFees).to.equal(fee(USDC(1_000)) + fee(USDC(1_000)) + fee(USDC(200)));
      const share = (name: string): string => json.escrow.deals.find((d) => d.dealId === dealIdOf(deals[name]!))!.share.total as unknown as string;
      const net = USDC(1_000) - fee(USDC(1_000));
      const rightsNet = USDC(200) - fee(USDC(200));
      expect({
        completed: share("completed"),
        refunded: share("refunded"),
        inReview: share("inReview"),
        rights: share("rights"),
        appealed: share("appealed"),
        voting: share("voting"),
        feesPending: share("feesPending"),
      }).to.deep.equal({
        completed: "0",
        refunded: USDC(1_000).toString(),
        inReview: USDC(1_000).toString(),
        rights: (net - (net * 3_000n) / 10_000n + rightsNet - (rightsNet * 3_000n) / 10_000n).toString(),
        appealed: USDC(1_030).toString(),
        voting: USDC(1_030).toString(),
        feesPending: USDC(1_030).toString(),
      });
      expect(json.escrow.deals).to.have.length(7);

      // Vault: the holdback of the rights deal.
      const vaultBalance = await f.usdc.balanceOf(vaultAddress);
      expect(vaultBalance).to.equal(356_400_000n);
      expect(json.vault.tokens[0]).to.deep.include({ balance: vaultBalance.toString(), obligations: vaultBalance.toString(), surplus: "0", solvent: true });
      expect(json.vault.deals).to.deep.equal([
        {
          dealId: dealIdOf(deals.rights!),
          token: f.usdcAddress,
          share: { held: vaultBalance.toString(), brandCredit: "0", influencerCredit: "0", total: vaultBalance.toString() },
        },
      ]);

      // Court: stakes + credited balances + the voting dispute's fees.
      const courtBalance = await f.usdc.balanceOf(f.courtAddress);
      const court = json.court!;
      expect(court.tokens).to.have.length(1);
      expect(court.tokens[0]).to.deep.include({ balance: courtBalance.toString(), obligations: courtBalance.toString(), surplus: "0", solvent: true });
      let stakes = 0n;
      for (const m of f.mediators.slice(0, 5)) stakes += (await f.court.getMediator(m.address)).stake;
      expect(court.stakes.reduce((s, x) => s + BigInt(x.stake), 0n)).to.equal(stakes);
      expect(stakes).to.equal(USDC(5 * 400 - 150));
      const credited = court.balances.reduce((s, x) => s + BigInt(x.amount), 0n);
      expect(credited).to.equal(USDC(15 + 75) * 2n);
      expect(court.disputes.map((d) => [d.disputeId, d.total])).to.deep.equal([
        [appealed.toString(), "0"],
        [voting.toString(), USDC(30).toString()],
      ]);
      expect(stakes + credited + USDC(30)).to.equal(courtBalance);

      const text = (await audit("solvency")).output;
      expect(text).to.match(/^Solvency at block \d+ .*: SOLVENT/);
      expect(text).to.include(`Escrow ${f.escrowAddress}: solvent`);
      expect(text).to.include("surplus 0 USDC");
      expect(text).to.include(`${dealIdOf(deals.refunded!)} Closed`);
      expect(text).to.include(`Court ${f.courtAddress}: solvent`);
      expect(text).to.include(`Holdback vault ${vaultAddress}: solvent`);
    });

    it("reports a surplus, still solvent, when tokens are sent to the escrow directly", async function () {
      const snapshot = await ethers.provider.send("evm_snapshot", []);
      try {
        await f.usdc.connect(f.brand).transfer(f.escrowAddress, 5n);
        const { json, exitCode } = await auditJson<SolvencyReport & Json>("solvency");
        expect(exitCode).to.equal(0);
        expect(json.escrow.tokens[0]!.surplus).to.equal("5");
      } finally {
        await ethers.provider.send("evm_revert", [snapshot]);
      }
    });
  });

  describe("certificate", function () {
    it("verifies a minted rights certificate against the chain (exit 0)", async function () {
      const { json, exitCode } = await auditJson<CertificateReport & Json>("certificate", dealIdOf(deals.rights!));
      expect(exitCode).to.equal(0);
      expect(json.verdict).to.equal("valid");
      expect(json.holder).to.equal(f.brand.address);
      expect(json.claims).to.deep.include({ brand: f.brand.address, influencer: f.influencer.address, price: USDC(200).toString() });
      expect(json.checks.every((c) => c.ok)).to.equal(true);
      const text = (await audit("certificate", dealIdOf(deals.rights!))).output;
      expect(text).to.include("VALID: certificate");
    });

    it("reports a deal without a certificate as a mismatch (exit 1)", async function () {
      const result = await audit("certificate", dealIdOf(deals.completed!));
      expect(result.exitCode).to.equal(1);
      expect(result.output).to.include("MISMATCH");
    });
  });

  describe("params", function () {
    it("lists the protocol's parameters and who can change what", async function () {
      const { json, exitCode } = await auditJson<ParamsReport & Json>("params");
      expect(exitCode).to.equal(0);
      expect(json.escrow).to.deep.include({
        owner: f.owner.address,
        pendingOwner: null,
        paused: false,
        protocolFeeBps: 100,
        maxProtocolFeeBps: 1_000,
        feeRecipient: f.owner.address,
        arbitrator: f.courtAddress,
        holdbackVault: vaultAddress,
      });
      expect(json.escrow.tokens.map((t) => [t.token.address, t.token.symbol, t.allowed])).to.deep.equal([[f.usdcAddress, "USDC", true]]);
      const court = json.court!;
      expect(court).to.deep.include({ owner: f.owner.address, pendingOwner: null, stakeUnit: USDC(1).toString(), randomnessSource: f.randomnessAddress });
      expect(court.params).to.deep.include({ feePerMediator: USDC(10).toString(), minStake: USDC(100).toString(), firstRoundMediators: "3", maxRounds: "4" });
      expect(court.arbitrationCost).to.equal(USDC(30).toString());
      expect(court.disputeCount).to.equal("2");
      const vrf = json.randomness!;
      expect(vrf).to.deep.include({ address: f.randomnessAddress, owner: f.owner.address, consumer: f.courtAddress, coordinator: await f.vrf.getAddress() });
      expect(vrf.subscription!.consumers).to.deep.equal([f.randomnessAddress]);
      const roles = json.roles.map((r) => `${r.contract} ${r.role}: ${r.holder}`);
      expect(roles).to.include.members([
        `DealEscrow owner: ${f.owner.address}`,
        `DealEscrow pending owner: null`,
        `DealEscrow fee recipient: ${f.owner.address}`,
        `DealEscrow arbitrator (fixed): ${f.courtAddress}`,
        `MediatorCourt owner: ${f.owner.address}`,
        `ChainlinkRandomness owner: ${f.owner.address}`,
        `ChainlinkRandomness VRF coordinator: ${await f.vrf.getAddress()}`,
      ]);
      const escrowOwner = json.roles.find((r) => r.contract === "DealEscrow" && r.role === "owner")!;
      expect(escrowOwner.functions.map((x) => x.name)).to.include.members(["setTokenAllowed(token, allowed)", "setProtocolFee(feeBps)", "pause() / unpause()"]);

      const text = (await audit("params")).output;
      expect(text).to.include("protocol fee      1 % (100 bps, at most 1000 bps)");
      expect(text).to.include("stake unit        1 USDC");
      expect(text).to.include("Who can change what:");
      expect(text).to.include("setParams(params): sets the parameters of future disputes");
    });

    it("shows a pending owner after a two-step transfer starts", async function () {
      const snapshot = await ethers.provider.send("evm_snapshot", []);
      try {
        await f.escrow.connect(f.owner).transferOwnership(f.stranger.address);
        const { json } = await auditJson<ParamsReport & Json>("params");
        expect(json.escrow.pendingOwner).to.equal(f.stranger.address);
      } finally {
        await ethers.provider.send("evm_revert", [snapshot]);
      }
    });
  });

  describe("bad input", function () {
    const expectBadInput = (result: CommandResult, message: string): void => {
      expect(result.exitCode).to.equal(2);
      expect(result.output).to.include(message);
    };

    it("refuses malformed ids, unknown deals and disputes, and unknown commands with exit status 2", async function () {
      expectBadInput(await audit("deal", "0x1234"), 'bad deal id "0x1234"');
      expectBadInput(await audit("deal", `0x${"ab".repeat(32)}`), `unknown deal 0x${"ab".repeat(32)}`);
      expectBadInput(await audit("certificate", `0x${"cd".repeat(32)}`), "unknown deal");
      expectBadInput(await audit("dispute", "abc"), 'bad dispute id "abc"');
      expectBadInput(await audit("dispute", "99"), "unknown dispute 99");
      expectBadInput(await audit("deal"), "needs an id");
      expectBadInput(await audit("frobnicate"), 'unknown command "frobnicate"');
      expectBadInput(await audit("solvency", "--from-block", "x"), "--from-block must be a block number");
      expectBadInput(await audit("params", "--bogus"), "unknown option --bogus");
    });

    it("refuses a missing deployment or addresses file", async function () {
      expectBadInput(await audit("params", "--deployment", "no-such-deployment"), "no deployment file");
      const dir = mkdtempSync(join(tmpdir(), "audit-"));
      const file = join(dir, "deployed_addresses.json");
      writeFileSync(file, JSON.stringify({ "LocalIspera#MockUSDC": f.usdcAddress }));
      expectBadInput(await audit("params", "--addresses", file), "name no DealEscrow");
      expectBadInput(await audit("params", "--addresses", join(dir, "missing.json")), "no deployment file");
    });

    it("exits with status 2 from the command line too", function () {
      const run = (...args: string[]) =>
        spawnSync(process.execPath, [resolve(ROOT, "scripts", "audit.ts"), ...args], { cwd: ROOT, encoding: "utf8" });
      const bad = run("deal", "nope");
      expect(bad.status).to.equal(2);
      expect(bad.stderr).to.include('audit: bad deal id "nope"');
      const missing = run("solvency", "--deployment", "no-such-deployment");
      expect(missing.status).to.equal(2);
      expect(missing.stderr).to.include("no deployment file");
    });
  });
});
