// lib/format.ts: amounts, times, durations, addresses, hashes and percentages in English and French.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatAmount, formatBps, formatDuration, formatTime, shortAddress, shortHash } from "../src/lib/format.ts";

process.env.TZ = "UTC";
// Intl writes French thousands with a narrow no-break space (U+202F) and English ones with a comma.
const NNBSP = "\u202f";

describe("formatAmount", () => {
  it("writes USDC (6 decimals) without trailing zeros, per language", () => {
    assert.equal(formatAmount(1_234_500_000n, "en"), "1,234.5 USDC");
    assert.equal(formatAmount(1_234_500_000n, "fr"), `1${NNBSP}234,5 USDC`);
    assert.equal(formatAmount(100_000_000n, "en"), "100 USDC");
    assert.equal(formatAmount(1n, "en"), "0.000001 USDC");
    assert.equal(formatAmount(0n, "fr"), "0 USDC");
  });

  it("keeps every digit of large amounts", () => {
    assert.equal(formatAmount(123_456_789_012_345_678_901n, "en"), "123,456,789,012,345.678901 USDC");
  });

  it("takes other decimals and symbols, or none", () => {
    assert.equal(formatAmount(1_500_000_000_000_000_000n, "en", 18, "ETH"), "1.5 ETH");
    assert.equal(formatAmount(2_500_000n, "fr", 6, ""), "2,5");
  });

  it("writes negative amounts with their sign", () => {
    assert.equal(formatAmount(-2_500_000n, "en"), "-2.5 USDC");
  });
});

describe("formatTime", () => {
  it("writes a unix time as a date and time, per language", () => {
    assert.equal(formatTime(1_767_225_600n, "en"), "1 Jan 2026, 00:00");
    assert.equal(formatTime(1_767_225_600, "fr"), "1 janv. 2026, 00:00");
    assert.equal(formatTime(1_780_000_000n, "en"), "28 May 2026, 20:26");
  });
});

describe("formatDuration", () => {
  it("writes days and hours, or hours and minutes", () => {
    assert.equal(formatDuration(3n * 86_400n + 2n * 3_600n + 59n * 60n, "en"), "3 d 2 h");
    assert.equal(formatDuration(3 * 86_400, "fr"), "3 j");
    assert.equal(formatDuration(2 * 3_600 + 5 * 60 + 30, "en"), "2 h 5 min");
    assert.equal(formatDuration(45 * 60, "fr"), "45 min");
  });

  it("says under a minute, and never goes below zero", () => {
    assert.equal(formatDuration(59, "en"), "under a minute");
    assert.equal(formatDuration(0n, "fr"), "moins d'une minute");
    assert.equal(formatDuration(-3_600, "en"), "under a minute");
  });
});

describe("shortAddress and shortHash", () => {
  it("keeps the start and the end", () => {
    assert.equal(shortAddress("0x1234567890123456789012345678901234567890"), "0x1234…7890");
    assert.equal(shortHash(`0x${"ab".repeat(31)}cd`), "0xabababab…ababcd");
  });

  it("leaves short values as they are", () => {
    assert.equal(shortAddress("0x1234"), "0x1234");
    assert.equal(shortHash("0xabcdef"), "0xabcdef");
  });
});

describe("formatBps", () => {
  it("writes basis points as a percentage, per language", () => {
    assert.equal(formatBps(250, "en"), "2.5 %");
    assert.equal(formatBps(250n, "fr"), "2,5 %");
    assert.equal(formatBps(10_000, "en"), "100 %");
    assert.equal(formatBps(1, "en"), "0.01 %");
    assert.equal(formatBps(0, "fr"), "0 %");
  });
});
