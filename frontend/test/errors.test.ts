// Every custom error the contracts can revert with has a plain-word text in English and in French whose
// placeholders are the error's argument names, and encoded reverts decode to the expected sentences.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { before, describe, it } from "node:test";
import { encodeErrorResult, type Abi, type Hex } from "viem";
import * as abis from "../src/config/abis.generated.ts";
import { allErrorsAbi, decodeError, decodeRevertData } from "../src/lib/errors.ts";
import { describeError, errorTextsReady } from "../src/lib/errorMessages.ts";
import { ERROR_TEXTS } from "../src/lib/errorTexts.ts";

process.env.TZ = "UTC";

const placeholders = (template: string): string[] => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

function checkTexts(name: string, argNames: readonly string[]): void {
  const text = ERROR_TEXTS[name];
  assert.ok(text, `${name} has no text`);
  assert.ok(text.en.trim().length > 0 && text.fr.trim().length > 0, `${name}: empty text`);
  assert.notEqual(text.en, text.fr, `${name}: the French text is the English one`);
  for (const lang of ["en", "fr"] as const) {
    for (const p of placeholders(text[lang])) {
      assert.ok(argNames.includes(p), `${name} (${lang}): {${p}} is not an argument (${argNames.join(", ") || "none"})`);
    }
  }
  assert.deepEqual(
    [...new Set(placeholders(text.fr))].sort(),
    [...new Set(placeholders(text.en))].sort(),
    `${name}: English and French use different placeholders`,
  );
}

describe("error texts", () => {
  const abiErrors = new Map<string, string[]>();
  for (const abi of Object.values(abis)) {
    if (!Array.isArray(abi)) continue;
    for (const item of abi as Abi) {
      if (item.type === "error") abiErrors.set(`${item.name}(${item.inputs.map((i) => i.name).join(",")})`, item.inputs.map((i) => i.name ?? ""));
    }
  }

  it("covers every error of the generated ABIs, in English and French, with argument names as placeholders", () => {
    assert.ok(abiErrors.size >= 140, `only ${abiErrors.size} errors in the generated ABIs`);
    for (const [signature, names] of abiErrors) checkTexts(signature.slice(0, signature.indexOf("(")), names);
  });

  it("covers every custom error declared in contracts/ (libraries included)", () => {
    const root = resolve(import.meta.dirname, "..", "..", "contracts");
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith(".sol"));
    let count = 0;
    for (const file of files) {
      const source = readFileSync(join(root, file), "utf8");
      for (const match of source.matchAll(/^\s*error\s+(\w+)\s*\(([^)]*)\)/gm)) {
        const names = match[2]!
          .split(",")
          .map((p) => p.trim().split(/\s+/).at(-1) ?? "")
          .filter(Boolean);
        checkTexts(match[1]!, names);
        count += 1;
      }
    }
    assert.ok(count >= 140, `only ${count} error declarations found`);
  });

  it("has no text for an error that no longer exists", () => {
    const known = new Set([...abiErrors.keys()].map((s) => s.slice(0, s.indexOf("("))));
    const root = resolve(import.meta.dirname, "..", "..", "contracts");
    for (const file of readdirSync(root, { recursive: true }) as string[]) {
      if (!file.endsWith(".sol")) continue;
      for (const m of readFileSync(join(root, file), "utf8").matchAll(/^\s*error\s+(\w+)/gm)) known.add(m[1]!);
    }
    for (const category of ["UserRejected", "Revert", "Unknown"]) known.add(category);
    const stale = Object.keys(ERROR_TEXTS).filter((name) => !known.has(name));
    assert.deepEqual(stale, []);
  });
});

describe("decodeRevertData + describeError", () => {
  before(async () => {
    await errorTextsReady;
  });
  const encode = (errorName: string, args: readonly unknown[]): Hex =>
    encodeErrorResult({ abi: allErrorsAbi as Abi, errorName, args } as Parameters<typeof encodeErrorResult>[0]);
  const dealId = `0x${"ab".repeat(32)}` as Hex;

  it("names the deal's statuses", () => {
    const decoded = decodeRevertData(encode("DealUnexpectedStatus", [dealId, 4, 1]));
    assert.ok(decoded);
    assert.equal(decoded.name, "DealUnexpectedStatus");
    assert.deepEqual(decoded.args, { dealId, current: 4, expected: 1 });
    assert.equal(decoded.technical, `DealUnexpectedStatus(${dealId}, 4, 1)`);
    assert.equal(describeError(decoded, "en"), "The deal is active; this needs it to be offered.");
    assert.equal(describeError(decoded, "fr"), "Le contrat est en cours ; il doit être proposé pour cela.");
  });

  it("counts milestones from 1 and spells out the expected statuses of the bitmap", () => {
    // expected = InReview (2) | FeesPending (3)
    const decoded = decodeRevertData(encode("MilestoneUnexpectedStatus", [dealId, 0n, 1, (1n << 2n) | (1n << 3n)]));
    assert.ok(decoded);
    assert.equal(describeError(decoded, "en"), "Milestone 1 is awaiting delivery; this needs it to be in review or waiting for arbitration fees.");
    assert.equal(
      describeError(decoded, "fr"),
      "L'étape 1 est en attente de livraison ; elle doit être en revue ou en attente des frais d'arbitrage pour cela.",
    );
  });

  it("formats durations, amounts and percentages", () => {
    const review = decodeRevertData(encode("TermsReviewPeriodOutOfRange", [3_600n, 86_400n, 30n * 86_400n]));
    assert.ok(review);
    assert.equal(describeError(review, "en"), "The review period (1 h) must be between 1 d and 30 d.");
    assert.equal(describeError(review, "fr"), "La durée de revue (1 h) doit être comprise entre 1 j et 30 j.");

    const stake = decodeRevertData(encode("CourtStakeTooLow", [1_500_000n, 100_000_000n]));
    assert.ok(stake);
    assert.equal(describeError(stake, "en"), "A stake of 1.5 USDC is below the minimum of 100 USDC.");
    assert.equal(describeError(stake, "fr"), "Un dépôt de 1,5 USDC est inférieur au minimum de 100 USDC.");

    const holdback = decodeRevertData(encode("TermsHoldbackTooHigh", [6_000, 5_000]));
    assert.ok(holdback);
    assert.equal(describeError(holdback, "en"), "The holdback, 60 %, is above the maximum of 50 %.");
  });

  it("formats times, addresses and languages", () => {
    const brand = "0x1234567890123456789012345678901234567890";
    const influencer = "0x2222222222222222222222222222222222222222";
    const conflict = decodeRevertData(encode("ExclusivityConflict", [influencer, 3, dealId, brand, 1_767_225_600, 1_769_904_000]));
    assert.ok(conflict);
    assert.equal(
      describeError(conflict, "en"),
      "This influencer (0x2222…2222) already holds an exclusivity on topic 3 with another brand (0x1234…7890, deal 0xabababab…ababab) from 1 Jan 2026, 00:00 until 1 Feb 2026, 00:00.",
    );
    const drawing = decodeRevertData(encode("CourtLanguageDrawing", ["0x6672", 1_767_225_600n]));
    assert.ok(drawing);
    assert.match(describeError(drawing, "fr"), /^Des médiateurs des groupes fr sont en cours de tirage .* \(au plus tard le 1 janv\. 2026, 00:00\)\.$/);
  });

  it("decodes the token's errors and keeps a readable fallback", () => {
    const balance = decodeRevertData(encode("ERC20InsufficientBalance", ["0x1234567890AbcdEF1234567890aBcdef12345678", 2_000_000n, 5_000_000n]));
    assert.ok(balance);
    assert.equal(describeError(balance, "en"), "0x1234…5678 has 2 USDC, not enough for 5 USDC.");
    assert.equal(describeError({ name: "SomethingNewHappened", args: { dealId: 7n }, technical: "" }, "en"), "Something new happened (dealId 7).");
    assert.equal(decodeRevertData("0xdeadbeef"), undefined);
  });

  it("starts a sentence that begins with an argument with a capital", () => {
    const decoded = decodeRevertData(encode("ArbitrationFeeAlreadyPaid", [1, 5_000_000n, 5_000_000n]));
    assert.ok(decoded);
    assert.equal(describeError(decoded, "en"), "The brand has already paid the arbitration fee (5 USDC of 5 USDC).");
    assert.equal(describeError(decoded, "fr"), "La marque a déjà payé les frais d'arbitrage (5 USDC sur 5 USDC).");
    const unauthorized = decodeRevertData(encode("EscrowUnauthorized", ["0x1234567890123456789012345678901234567890", 2]));
    assert.ok(unauthorized);
    assert.equal(describeError(unauthorized, "en"), "0x1234…7890 may not do this: only the influencer may.");
  });

  it("uses the texts loaded lazily, not the fallback", async () => {
    await errorTextsReady;
    assert.equal(describeError({ name: "CourtZeroAmount", args: {}, technical: "CourtZeroAmount()" }, "fr"), "Le montant doit être supérieur à zéro.");
  });

  it("finds revert data nested in a wallet error", () => {
    const data = encode("TermsZeroAmount", [1n]);
    const decoded = decodeError({ message: "execution reverted", cause: { data: { data } } });
    assert.equal(decoded.name, "TermsZeroAmount");
    assert.equal(describeError(decoded, "en"), "Milestone 2 has no amount: give it one above zero.");
    assert.equal(describeError(decodeError(new Error("socket hang up")), "fr"), "La requête a échoué : socket hang up");
  });
});
