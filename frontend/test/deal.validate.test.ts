// Validation of the deal forms and the documents built from them: every error code, and the exact documents.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildComment, buildDeliverable, buildEvidence, buildRevisionNote } from "../src/pages/deal/documents.ts";
import { parseAddress, parseHttpsUrl, parseScore, parseSharePercent, parseText } from "../src/pages/deal/validate.ts";

const ESCROW = "0xA51c1fc2f0D1a1b8494Ed1FE312d7C3a78Ed91C0";
const DEAL = "0xAB00000000000000000000000000000000000000000000000000000000000001";

test("addresses: required, format, checksum, zero, forbidden contracts; the result is checksummed", () => {
  assert.deepEqual(parseAddress(""), { ok: false, error: "required" });
  assert.deepEqual(parseAddress("0x123"), { ok: false, error: "address" });
  assert.deepEqual(parseAddress("0x70997970c51812dc3a010c7d01b50e0d17dc79cZ"), { ok: false, error: "address" });
  assert.deepEqual(parseAddress("0x70997970C51812dc3A010C7d01b50e0d17dc79c8"), { ok: false, error: "checksum" });
  assert.deepEqual(parseAddress("0x0000000000000000000000000000000000000000"), { ok: false, error: "zeroAddress" });
  assert.deepEqual(parseAddress(ESCROW.toLowerCase(), [ESCROW]), { ok: false, error: "contractAddress" });
  assert.deepEqual(parseAddress(" 0x70997970c51812dc3a010c7d01b50e0d17dc79c8 "), {
    ok: true,
    value: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  });
});

test("settlement shares in percent become basis points", () => {
  assert.deepEqual(parseSharePercent("60"), { ok: true, value: 6000 });
  assert.deepEqual(parseSharePercent("12,5"), { ok: true, value: 1250 });
  assert.deepEqual(parseSharePercent("0.01"), { ok: true, value: 1 });
  assert.deepEqual(parseSharePercent("100"), { ok: true, value: 10_000 });
  assert.deepEqual(parseSharePercent(""), { ok: false, error: "required" });
  assert.deepEqual(parseSharePercent("100.01"), { ok: false, error: "percentRange" });
  assert.deepEqual(parseSharePercent("-5"), { ok: false, error: "percent" });
  assert.deepEqual(parseSharePercent("1.234"), { ok: false, error: "percent" });
});

test("links, scores and texts", () => {
  assert.deepEqual(parseHttpsUrl("https://youtu.be/x"), { ok: true, value: "https://youtu.be/x" });
  assert.deepEqual(parseHttpsUrl("http://youtu.be/x"), { ok: false, error: "https" });
  assert.deepEqual(parseHttpsUrl("not a url"), { ok: false, error: "url" });
  assert.deepEqual(parseHttpsUrl(`https://a.b/${"x".repeat(600)}`), { ok: false, error: "tooLong" });
  assert.deepEqual(parseScore("4"), { ok: true, value: 4 });
  assert.deepEqual(parseScore("0"), { ok: false, error: "score" });
  assert.deepEqual(parseScore(""), { ok: false, error: "score" });
  assert.deepEqual(parseScore(4.5), { ok: false, error: "score" });
  assert.deepEqual(parseText("  hi ", 10), { ok: true, value: "hi" });
  assert.deepEqual(parseText("   ", 10), { ok: false, error: "required" });
  assert.deepEqual(parseText("", 10, true), { ok: true, value: "" });
  assert.deepEqual(parseText("x".repeat(11), 10), { ok: false, error: "tooLong" });
});

test("a deliverable document per field, with its exact shape", () => {
  const now = 1_800_000_000;
  const bad = buildDeliverable(DEAL, 0, [{ channel: "myspace", format: " ", url: "http://x", postedAt: "" }], "", now);
  assert.equal(bad.ok, false);
  if (!bad.ok) {
    assert.deepEqual(bad.errors, {
      "items.0.channel": "channel",
      "items.0.format": "required",
      "items.0.url": "https",
      "items.0.postedAt": "required",
    });
  }
  const empty = buildDeliverable(DEAL, 0, [], "", now);
  assert.deepEqual(empty, { ok: false, errors: { items: "itemCount" } });
  const future = buildDeliverable(DEAL, 0, [{ channel: "youtube", format: "video", url: "https://y.t/v", postedAt: "2099-01-01T10:00" }], "", now);
  assert.equal(future.ok ? "" : future.errors["items.0.postedAt"], "future");
  const good = buildDeliverable(
    DEAL,
    1,
    [{ channel: "youtube", format: "video", url: "https://youtu.be/abc", postedAt: "2026-12-01T10:00:00Z" }],
    " see the pinned comment ",
    now,
  );
  assert.deepEqual(good, {
    ok: true,
    document: {
      schema: "ispera.deliverable",
      version: 1,
      dealId: DEAL.toLowerCase(),
      milestone: 1,
      items: [{ channel: "youtube", format: "video", url: "https://youtu.be/abc", postedAt: 1_796_119_200 }],
      note: "see the pinned comment",
    },
  });
});

test("evidence, revision notes and rating comments", () => {
  assert.deepEqual(buildEvidence(DEAL, "brand", "", "x"), { ok: false, errors: { name: "required" } });
  assert.deepEqual(buildEvidence(DEAL, "brand", "t", "x".repeat(8001)), { ok: false, errors: { description: "tooLong" } });
  assert.deepEqual(buildEvidence(DEAL, "influencer", "Posted on time", "Link and capture", 12n), {
    ok: true,
    document: {
      schema: "ispera.evidence",
      version: 1,
      dealId: DEAL.toLowerCase(),
      disputeId: "12",
      party: "influencer",
      name: "Posted on time",
      description: "Link and capture",
    },
  });
  assert.deepEqual(buildRevisionNote(DEAL, 0, " "), { ok: false, errors: { note: "required" } });
  assert.deepEqual(buildRevisionNote(DEAL, 0, "Add #ad").ok, true);
  assert.deepEqual(buildComment(DEAL, 5, "  "), { ok: true, document: undefined });
  assert.deepEqual(buildComment(DEAL, 5, "Great"), {
    ok: true,
    document: { schema: "ispera.ratingComment", version: 1, dealId: DEAL.toLowerCase(), score: 5, text: "Great" },
  });
});
