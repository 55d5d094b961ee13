// Who can change what (frontend/src/pages/auditor/params.ts): the role table built from a parameter snapshot, the
// same roles and functions as `npm run audit -- params`.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Address } from "viem";
import { fixedOf, rolesOf, type ParamsSnapshot } from "../src/pages/auditor/params.ts";

const a = (n: number): Address => `0x${n.toString(16).padStart(40, "0")}` as Address;
const OWNER = a(0xf39f);
const USDC = { address: a(0xe7f1), symbol: "USDC", decimals: 6 };

function snapshot(overrides: Partial<ParamsSnapshot> = {}): ParamsSnapshot {
  return {
    escrow: {
      address: a(1),
      owner: OWNER,
      pendingOwner: null,
      paused: false,
      protocolFeeBps: 100,
      maxProtocolFeeBps: 1000,
      feeRecipient: a(2),
      arbitrator: a(3),
      registry: a(4),
      vault: a(5),
      tokens: [{ token: USDC, allowed: true, protocolFees: 33_100_000n, owner: OWNER }],
    },
    court: {
      address: a(3),
      owner: OWNER,
      pendingOwner: a(9),
      stakeToken: USDC,
      feeToken: USDC,
      stakeUnit: 1_000_000n,
      randomnessSource: a(6),
      params: {
        feePerMediator: 10_000_000n,
        minStake: 100_000_000n,
        alphaBps: 5000,
        firstRoundMediators: 3,
        maxRounds: 4,
        commitPeriod: 172_800,
        revealPeriod: 172_800,
        appealPeriod: 259_200,
        randomnessTimeout: 3600,
      },
      paramsVersions: 1,
      exitDelay: 604_800n,
      maxExitDelay: 5_184_000n,
      disputeCount: 3n,
      arbitrationCost: 30_000_000n,
    },
    randomness: {
      address: a(6),
      owner: OWNER,
      pendingOwner: null,
      consumer: a(3),
      coordinator: a(7),
      keyHash: `0x${"ab".repeat(32)}`,
      subscriptionId: 1n,
      requestConfirmations: 3,
      callbackGasLimit: 200_000,
      nativePayment: false,
    },
    others: { certificate: a(10), reputation: a(11), profiles: a(12) },
    ...overrides,
  };
}

describe("auditor: who can change what", () => {
  it("lists every role of every owned contract with its holder, in the CLI's order", () => {
    const roles = rolesOf(snapshot());
    assert.deepEqual(
      roles.map((r) => [r.contract, r.role, r.holder]),
      [
        ["DealEscrow", "owner", OWNER],
        ["DealEscrow", "pendingOwner", null],
        ["DealEscrow", "feeRecipient", a(2)],
        ["DealEscrow", "arbitrator", a(3)],
        ["MediatorCourt", "owner", OWNER],
        ["MediatorCourt", "pendingOwner", a(9)],
        ["ChainlinkRandomness", "owner", OWNER],
        ["ChainlinkRandomness", "pendingOwner", null],
        ["ChainlinkRandomness", "coordinator", a(7)],
        ["token USDC", "owner", OWNER],
      ],
    );
  });

  it("names the functions each role may call, with their limits", () => {
    const roles = rolesOf(snapshot());
    const escrowOwner = roles[0]!;
    assert.deepEqual(
      escrowOwner.functions.map((f) => f.effect),
      ["setTokenAllowed", "setProtocolFee", "setFeeRecipient", "pause", "transferOwnership"],
    );
    assert.deepEqual(escrowOwner.functions[1], { name: "setProtocolFee(feeBps)", effect: "setProtocolFee", vars: { max: "1000" } });
    assert.deepEqual(roles[1]!.functions, [{ name: "acceptOwnership()", effect: "acceptOwnership" }]);
    assert.deepEqual(roles[2]!.functions.map((f) => f.name), ["withdrawProtocolFees(token, to)"]);
    assert.deepEqual(roles[3]!.functions.map((f) => f.name), ["rule(disputeId, ruling)"]);
    const courtOwner = roles[4]!;
    assert.deepEqual(courtOwner.functions.map((f) => f.name), ["setParams(params)", "setExitDelay(exitDelay)", "transferOwnership(newOwner) / renounceOwnership()"]);
    assert.deepEqual(courtOwner.functions[1]!.vars, { max: "5184000" });
    assert.deepEqual(roles[8]!.functions.map((f) => f.effect), ["rawFulfillRandomWords", "setCoordinator"]);
  });

  it("leaves out the court, the randomness source and unowned tokens when there are none", () => {
    const base = snapshot();
    const roles = rolesOf(snapshot({ court: null, randomness: null, escrow: { ...base.escrow, tokens: [{ ...base.escrow.tokens[0]!, owner: null }] } }));
    assert.deepEqual(roles.map((r) => `${r.contract} ${r.role}`), ["DealEscrow owner", "DealEscrow pendingOwner", "DealEscrow feeRecipient", "DealEscrow arbitrator"]);
  });

  it("lists the contracts without an administrator", () => {
    assert.deepEqual(
      fixedOf(snapshot()).map((f) => [f.contract, f.note]),
      [
        ["ExclusivityRegistry", "registry"],
        ["HoldbackVault", "vault"],
        ["RightsCertificate", "certificate"],
        ["Reputation", "reputation"],
        ["Profiles", "profiles"],
        ["MediatorCourt", "courtFixed"],
        ["DealEscrow", "escrowFixed"],
      ],
    );
    assert.deepEqual(fixedOf(snapshot({ court: null, others: {} })).map((f) => f.contract), ["ExclusivityRegistry", "HoldbackVault", "DealEscrow"]);
  });

  it("has the same roles as scripts/lib/audit/params.ts writes", async () => {
    const { readFileSync } = await import("node:fs");
    const source = readFileSync(new URL("../../scripts/lib/audit/params.ts", import.meta.url), "utf8");
    for (const role of rolesOf(snapshot())) {
      for (const f of role.functions) {
        if (role.contract.startsWith("token")) continue;
        assert.ok(source.includes(`name: "${f.name}"`), `${role.contract}: ${f.name} is not a function the CLI lists`);
      }
    }
  });
});
