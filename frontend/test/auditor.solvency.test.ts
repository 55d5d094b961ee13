// The auditor's arithmetic (frontend/src/pages/auditor/model.ts): each deal's, holdback's and dispute round's share of
// what the contracts owe, and the per-token solvency verdict against the balances.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Address } from "viem";
import {
  Ledger,
  countByStatus,
  decodeConsensus,
  escrowShareOf,
  heldFees,
  languageText,
  lockedTotals,
  maskOptions,
  milestonesByStatus,
  overallSolvent,
  partOf,
  poolText,
  roundHeld,
  rulingShareBps,
  shortfallOf,
  shortfallsByToken,
  topicText,
  vaultShareOf,
  type DealWords,
} from "../src/pages/auditor/model.ts";

const USDC = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" as Address;
const EURC = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address;
const M = 1_000_000n;

function deal(status: number, milestones: [bigint, number, bigint?, bigint?][], extra: Partial<DealWords> = {}): DealWords {
  return {
    status,
    brandCredit: 0n,
    influencerCredit: 0n,
    rightsPrice: 0n,
    milestones: milestones.map(([amount, s, brandFee = 0n, influencerFee = 0n]) => ({ amount, status: s, brandFee, influencerFee })),
    ...extra,
  };
}

describe("auditor: escrow shares", () => {
  it("holds every milestone and the rights price of an open offer", () => {
    const share = escrowShareOf(deal(1, [[500n * M, 0], [1000n * M, 0]], { rightsPrice: 150n * M }));
    assert.deepEqual(share, { brandCredit: 0n, influencerCredit: 0n, openMilestones: 1500n * M, rightsHeld: 150n * M, arbitrationFees: 0n, total: 1650n * M });
  });

  it("holds only the open milestones of an active deal, and the fees the arbitration holds", () => {
    // Released (5) is final; AwaitingDelivery (1) and InReview (2) are open; FeesPending (3) holds both deposits;
    // InArbitration (4) holds one cost.
    const share = escrowShareOf(
      deal(
        4,
        [
          [100n * M, 5],
          [200n * M, 1],
          [300n * M, 2],
          [400n * M, 3, 30n * M, 10n * M],
          [500n * M, 4, 30n * M, 30n * M],
        ],
        { influencerCredit: 99n * M, rightsPrice: 7n * M },
      ),
    );
    assert.equal(share.openMilestones, 1400n * M);
    assert.equal(share.arbitrationFees, 70n * M);
    assert.equal(share.rightsHeld, 7n * M);
    assert.equal(share.total, 99n * M + 1400n * M + 70n * M + 7n * M);
  });

  it("holds only the unclaimed credits of declined, expired and closed deals", () => {
    for (const status of [2, 3, 5]) {
      const share = escrowShareOf(deal(status, [[100n * M, 3, 5n * M, 5n * M]], { brandCredit: 400n * M, influencerCredit: 1n, rightsPrice: 9n * M }));
      assert.deepEqual(share, { brandCredit: 400n * M, influencerCredit: 1n, openMilestones: 0n, rightsHeld: 0n, arbitrationFees: 0n, total: 400n * M + 1n });
    }
  });

  it("counts arbitration fees by milestone status", () => {
    assert.equal(heldFees(3, 10n, 20n), 30n);
    assert.equal(heldFees(4, 10n, 20n), 10n);
    for (const s of [0, 1, 2, 5, 6, 7, 8]) assert.equal(heldFees(s, 10n, 20n), 0n);
  });

  it("adds a holdback's amount held and both credits", () => {
    assert.deepEqual(vaultShareOf(198n * M, 2n, 3n), { held: 198n * M, brandCredit: 2n, influencerCredit: 3n, total: 198n * M + 5n });
  });
});

describe("auditor: court rounds", () => {
  const round = { drawn: 3n, penalized: 0n, rewarded: 0n, fees: 30n * M, penalties: 50n * M, coherenceSum: 0n, rewardedCoherence: 0n };

  it("holds all fees and lost stake until every seat is penalized", () => {
    assert.deepEqual(roundHeld(round), { fees: 30n * M, penalties: 50n * M });
    assert.deepEqual(roundHeld({ ...round, penalized: 2n, coherenceSum: 20_000n, rewardedCoherence: 10_000n }), { fees: 30n * M, penalties: 50n * M });
  });

  it("holds what the rewards paid so far leave, with the court's cumulative rounding", () => {
    // Two of three coherence units rewarded: the court paid floor(30 * 2/3) and floor(50 * 2/3) so far.
    const held = roundHeld({ ...round, penalized: 3n, rewarded: 2n, coherenceSum: 3n, rewardedCoherence: 2n });
    assert.deepEqual(held, { fees: 30n * M - (30n * M * 2n) / 3n, penalties: 50n * M - (50n * M * 2n) / 3n });
    assert.deepEqual(roundHeld({ ...round, fees: 10n, penalties: 10n, penalized: 3n, rewarded: 1n, coherenceSum: 3n, rewardedCoherence: 1n }), { fees: 7n, penalties: 7n });
  });

  it("holds nothing once executed, and everything for a round nobody was drawn in", () => {
    assert.deepEqual(roundHeld({ ...round, penalized: 3n, rewarded: 3n, coherenceSum: 3n, rewardedCoherence: 3n }), { fees: 0n, penalties: 0n });
    assert.deepEqual(roundHeld({ ...round, drawn: 0n }), { fees: 30n * M, penalties: 50n * M });
  });

  it("decodes the consensus bit masks per question", () => {
    assert.deepEqual(decodeConsensus(0x03_01n, 3), [[0], [0, 1], []]);
    assert.deepEqual(decodeConsensus(0xffn, 1), [[0, 1, 2, 3, 4, 5, 6, 7]]);
  });

  it("lists the options of a question's mask", () => {
    assert.deepEqual(maskOptions(0b101, 3), [0, 2]);
    assert.deepEqual(maskOptions(0b1000, 3), []);
    assert.deepEqual(maskOptions(0b01, 2), [0]);
  });

  it("reads rulings, languages, topics and pools", () => {
    assert.equal(rulingShareBps(0n, false), 5_000);
    assert.equal(rulingShareBps(0n, true), 10_000);
    assert.equal(rulingShareBps(7_001n, false), 7_000);
    assert.equal(languageText("0x6672"), "fr");
    assert.equal(languageText("0x4652"), "0x4652");
    assert.equal(topicText(3), "gaming");
    assert.equal(topicText(255), "language pool");
    assert.equal(topicText(99), "topic 99");
    assert.equal(poolText((0x656e << 8) | 3), "en/gaming");
    assert.equal(poolText(0), "-");
  });
});

describe("auditor: solvency", () => {
  it("is solvent when each balance covers its obligations, exactly or with a surplus", () => {
    const ledger = new Ledger();
    ledger.touch(USDC, ["deal credits", "open milestones"]);
    ledger.add(USDC.toLowerCase(), "open milestones", 5_450n * M);
    ledger.add(USDC, "deal credits", 1_934_500_000n);
    ledger.add(USDC, "protocol fees", 33_100_000n);
    const [t] = ledger.settle(new Map([[USDC, 7_417_600_000n + 1n]]));
    assert.ok(t);
    assert.equal(t.token, USDC);
    assert.equal(t.obligations, 7_417_600_000n);
    assert.equal(t.surplus, 1n);
    assert.equal(t.solvent, true);
    assert.deepEqual(t.parts.map((p) => p.part), ["deal credits", "open milestones", "protocol fees"]);
    assert.equal(partOf([t], USDC, "open milestones"), 5_450n * M);
    assert.equal(partOf([t], USDC, "stakes"), 0n);
    assert.equal(shortfallOf([t]), 0n);
  });

  it("is short by the missing amount when a balance is below its obligations, per token", () => {
    const ledger = new Ledger();
    ledger.add(USDC, "held", 198n * M);
    ledger.add(EURC, "held", 10n * M);
    const tokens = ledger.settle(new Map([[USDC, 190n * M], [EURC, 10n * M]]));
    assert.deepEqual(tokens.map((t) => [t.solvent, t.surplus]), [[false, -8n * M], [true, 0n]]);
    assert.equal(shortfallOf(tokens), 8n * M);
    const court = new Ledger();
    court.add(USDC, "stakes", 5n);
    court.add(EURC, "appeal funds", 3n);
    const all = [...tokens, ...court.settle(new Map([[USDC, 1n], [EURC, 3n]]))];
    assert.deepEqual(shortfallsByToken(all), [{ token: USDC, amount: 8n * M + 4n }]);
    assert.deepEqual(shortfallsByToken(tokens.slice(1)), []);
    assert.equal(overallSolvent(tokens), false);
    assert.equal(overallSolvent([], tokens.slice(1)), true);
    // A token without a balance reading counts 0.
    assert.equal(ledger.settle(new Map())[0]?.surplus, -198n * M);
  });

  it("totals what the escrow, the vault and the court hold per token, the court split into stakes and the rest", () => {
    const escrow = new Ledger();
    escrow.add(USDC, "open milestones", 7_477_600_000n);
    const vault = new Ledger();
    vault.add(USDC, "held", 198n * M);
    const court = new Ledger();
    court.add(USDC, "stakes", 10_530n * M);
    court.add(USDC, "round fees held", 130n * M);
    court.add(EURC, "appeal funds", 5n);
    const locked = lockedTotals(
      escrow.settle(new Map([[USDC, 7_477_600_000n]])),
      vault.settle(new Map([[USDC, 198n * M]])),
      court.settle(new Map([[USDC, 10_660n * M], [EURC, 5n]])),
    );
    assert.deepEqual(locked, [
      { token: USDC, escrow: 7_477_600_000n, vault: 198n * M, court: 10_660n * M, courtStakes: 10_530n * M, courtOther: 130n * M, total: 18_335_600_000n },
      { token: EURC, escrow: 0n, vault: 0n, court: 5n, courtStakes: 0n, courtOther: 5n, total: 5n },
    ]);
  });

  it("counts deals by state, every state listed", () => {
    assert.deepEqual(countByStatus([5, 5, 2, 1, 4, 4, 4]), [
      { status: "Offered", count: 1 },
      { status: "Declined", count: 1 },
      { status: "Expired", count: 0 },
      { status: "Active", count: 3 },
      { status: "Closed", count: 2 },
    ]);
  });
});

describe("auditor: the same numbers as `npm run audit -- solvency`", () => {
  it("computes every share as scripts/lib/audit does, on random states", async () => {
    const cli = await import("../../scripts/lib/audit/deal.ts");
    const court = await import("../../scripts/lib/audit/dispute.ts");
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const amount = (): bigint => BigInt(rand(1_000_000)) * 1_000n;
    for (let i = 0; i < 500; i++) {
      const words: DealWords = {
        status: rand(6),
        brandCredit: amount(),
        influencerCredit: amount(),
        rightsPrice: amount(),
        milestones: Array.from({ length: 1 + rand(4) }, () => ({ amount: amount(), status: rand(9), brandFee: amount(), influencerFee: amount() })),
      };
      assert.deepEqual(escrowShareOf(words), cli.escrowShareOf({ ...words, milestones: [...words.milestones] }));
      const drawn = BigInt(rand(5));
      const round = {
        drawn,
        penalized: BigInt(rand(Number(drawn) + 1)),
        rewarded: BigInt(rand(Number(drawn) + 1)),
        fees: amount(),
        penalties: amount(),
        coherenceSum: BigInt(rand(30_000)),
        rewardedCoherence: 0n,
      };
      round.rewardedCoherence = round.coherenceSum === 0n ? 0n : BigInt(rand(Number(round.coherenceSum) + 1));
      assert.deepEqual(roundHeld(round), court.roundHeld(round));
    }
  });
});

describe("auditor: milestones of active deals", () => {
  it("counts only active deals' milestones, by status", () => {
    const counts = milestonesByStatus([
      { status: 4, milestoneStatuses: [1, 2, 2, 5] },
      { status: 4, milestoneStatuses: [4] },
      { status: 5, milestoneStatuses: [5, 5] },
      { status: 1, milestoneStatuses: [0] },
    ]);
    assert.deepEqual(counts, [
      { status: "AwaitingDelivery", count: 1 },
      { status: "InReview", count: 2 },
      { status: "FeesPending", count: 0 },
      { status: "InArbitration", count: 1 },
      { status: "Released", count: 1 },
      { status: "Refunded", count: 0 },
      { status: "Settled", count: 0 },
      { status: "Ruled", count: 0 },
    ]);
  });
});
