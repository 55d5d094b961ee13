// The certificate verifier (frontend/src/pages/auditor/certificate.ts): token ids typed by a person, the hashes the
// certificate rests on (checked against scripts/lib/terms.ts), the verdicts valid / expired / mismatch and the
// printable proof document.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { keccak256, stringToHex, type Address, type Hex } from "viem";
import {
  claimsOf,
  dealIdOf,
  decodeTokenUri,
  hashRights,
  parseTokenId,
  renderProofHtml,
  scopeBits,
  verdictMessage,
  verifyRights,
  type DealTerms,
  type Metadata,
  type RightsRecord,
  type RightsTerms,
} from "../src/pages/auditor/certificate.ts";
import * as cli from "../../scripts/lib/terms.ts";

const BRAND = "0xdF3e18d64BC6A983f673Ab319CCaE4f1a57C7097" as Address;
const INFLUENCER = "0xbDA5747bFD65F08deb54cb465eB87D40e51B197E" as Address;
const OTHER = "0x8626f6940E2eb28930eFb4CeF49B2d1F2C9C1199" as Address;
const USDC = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" as Address;
const CERTIFICATE = "0x959922bE3CAee4b8Cd9a407cc3ac1C251C2007B1" as Address;
const ESCROW = "0xA51c1fc2f0D1a1b8494Ed1FE312d7C3a78Ed91C0" as Address;
const DAY = 86_400n;
const COMPLETED = 1_799_774_881n;
const CONTENT = keccak256(stringToHex("the video"));

const rights: RightsTerms = {
  scope: 1 | 4,
  duration: Number(182n * DAY),
  territories: ["0x4652", "0x4245"],
  exclusive: false,
  documentHash: keccak256(stringToHex("licence text")),
};

const terms: DealTerms = {
  brand: BRAND,
  influencer: INFLUENCER,
  token: USDC,
  protocolFeeBps: 100,
  maxRevisions: 2,
  language: "0x6672",
  topic: 1,
  acceptBy: 1_800_000_000,
  reviewPeriod: 432_000,
  revisionPeriod: 345_600,
  feeTimeout: 432_000,
  briefHash: keccak256(stringToHex("brief")),
  criteriaHash: keccak256(stringToHex("criteria")),
  salt: keccak256(stringToHex("salt")),
  exclusiveTopic: 0,
  exclusiveFrom: 0,
  exclusiveUntil: 0,
  holdbackBps: 0,
  breachCriteriaHash: `0x${"00".repeat(32)}`,
  rightsPrice: 150_000_000n,
  rightsHash: hashRights(rights),
  milestones: [{ amount: 750_000_000n, deliverBy: 1_801_000_000 }],
};

/** A certificate exactly as the chain would hold it for `terms`, read at `now`. */
function record(now = COMPLETED + 10n): RightsRecord {
  const dealId = dealIdOf(terms);
  const expiresAt = COMPLETED + BigInt(rights.duration);
  const digest = CONTENT.slice(0, 42) as Hex;
  const valid = now < expiresAt;
  const metadata: Metadata = {
    name: "Ispera content rights",
    description: "",
    properties: {
      dealId,
      tokenId: BigInt(dealId).toString(),
      chainId: 31337,
      certificate: CERTIFICATE,
      escrow: ESCROW,
      brand: BRAND,
      influencer: INFLUENCER,
      holder: BRAND,
      contentDigests: [digest],
      rights: { scope: rights.scope, scopeNames: [], territories: ["FR", "BE"], exclusive: false, duration: rights.duration, documentHash: rights.documentHash, rightsHash: hashRights(rights) },
      price: { amount: "150000000", token: USDC, symbol: "USDC", decimals: 6, text: "150 USDC" },
      effectiveAt: Number(COMPLETED),
      effectiveDate: "",
      expiresAt: Number(expiresAt),
      expiryDate: "",
      valid,
    },
  };
  return {
    chainId: 31337,
    blockNumber: 227n,
    blockTime: now,
    certificate: CERTIFICATE,
    dealId,
    tokenId: BigInt(dealId),
    exists: true,
    escrow: ESCROW,
    holder: BRAND,
    stored: {
      brand: BRAND,
      influencer: INFLUENCER,
      token: USDC,
      price: 150_000_000n,
      effectiveAt: COMPLETED,
      duration: BigInt(rights.duration),
      scope: rights.scope,
      exclusive: false,
      documentHash: rights.documentHash,
      milestoneCount: 1,
    },
    rights,
    expiresAt,
    isValid: valid,
    metadata,
    token: { symbol: "USDC", decimals: 6 },
    deal: { status: 5, closedAt: COMPLETED, completed: true, rightsBought: true },
    terms,
    termsDealId: dealId,
    milestones: [
      { index: 0, amount: 750_000_000n, status: 5, shareBps: 10_000, delivered: true, digest: digest.toLowerCase() as Hex, submission: { contentHash: CONTENT, contentURI: "ipfs://bafy", attempt: 1n, block: 201n, tx: `0x${"11".repeat(32)}` } },
    ],
    mint: { block: 202n, tx: `0x${"22".repeat(32)}`, timestamp: COMPLETED, minter: INFLUENCER, to: BRAND },
    transfers: [],
  };
}

const trusted = { expectedCertificate: CERTIFICATE, expectedEscrow: ESCROW };
const failed = (r: RightsRecord): string[] => verifyRights(r, trusted).checks.filter((c) => !c.ok).map((c) => c.label);

describe("auditor: certificate token ids", () => {
  it("takes a decimal token id or a 0x deal id", () => {
    assert.deepEqual(parseTokenId(" 42 "), { ok: true, tokenId: 42n, dealId: `0x${"0".repeat(62)}2a` });
    const id = `0x${"ab".repeat(32)}`;
    assert.deepEqual(parseTokenId(id), { ok: true, tokenId: BigInt(id), dealId: id });
    assert.deepEqual(parseTokenId("0x1"), { ok: true, tokenId: 1n, dealId: `0x${"0".repeat(63)}1` });
    const max = ((1n << 256n) - 1n).toString();
    assert.equal(parseTokenId(max).ok, true);
  });

  it("says what is wrong with anything else", () => {
    assert.deepEqual(parseTokenId(""), { ok: false, error: "empty" });
    assert.deepEqual(parseTokenId("   "), { ok: false, error: "empty" });
    for (const bad of ["12ab", "-1", "1.5", "1e6", "0x", "0xzz", "token 1"]) assert.deepEqual(parseTokenId(bad), { ok: false, error: "format" }, bad);
    assert.deepEqual(parseTokenId((1n << 256n).toString()), { ok: false, error: "range" });
    assert.deepEqual(parseTokenId(`0x1${"0".repeat(64)}`), { ok: false, error: "range" });
  });
});

describe("auditor: licence scope", () => {
  it("splits a scope into its known uses and the unknown bits", () => {
    assert.deepEqual(scopeBits(1 | 4), { known: [1, 4], unknown: 0 });
    assert.deepEqual(scopeBits(0), { known: [], unknown: 0 });
    assert.deepEqual(scopeBits(63 | 0x100), { known: [1, 2, 4, 8, 16, 32], unknown: 0x100 });
  });
});

describe("auditor: the hashes a certificate rests on", () => {
  it("hashes rights terms and derives deal ids exactly as scripts/lib/terms.ts (and the contracts)", () => {
    assert.equal(hashRights(rights), cli.hashRights({ ...rights, duration: BigInt(rights.duration), territories: [...rights.territories] }));
    const asCli = { ...terms, acceptBy: BigInt(terms.acceptBy), exclusiveFrom: 0n, exclusiveUntil: 0n, milestones: terms.milestones.map((m) => ({ ...m, deliverBy: BigInt(m.deliverBy) })) };
    assert.equal(dealIdOf(terms), cli.dealIdOf(asCli as unknown as Parameters<typeof cli.dealIdOf>[0]));
  });

  it("decodes the on-chain JSON of tokenURI", () => {
    const json = JSON.stringify({ name: "Ispera — droits", description: "é", properties: { valid: true } });
    const uri = `data:application/json;base64,${Buffer.from(json, "utf8").toString("base64")}`;
    assert.equal(decodeTokenUri(uri).name, "Ispera — droits");
    assert.throws(() => decodeTokenUri("ipfs://x"), /does not start with data:application\/json;base64,/);
  });
});

describe("auditor: certificate verdicts", () => {
  it("is valid when everything matches and the licence is in force", () => {
    const r = record();
    const v = verifyRights(r, trusted);
    assert.equal(v.verdict, "valid");
    assert.equal(v.missing, false);
    assert.deepEqual(v.checks.map((c) => c.label), ["escrow", "exists", "terms", "bought", "when", "who", "licence", "price", "milestones", "content", "metadata", "valid"]);
    assert.ok(v.checks.every((c) => c.ok));
    assert.match(verdictMessage(r, v), /^VALID: certificate \d+ is authentic and in force \(until 2027-07-13T\d\d:\d\d:\d\dZ\), held by 0xdF3e/);
  });

  it("is expired when authentic but past its duration", () => {
    const r = record(COMPLETED + BigInt(rights.duration));
    const v = verifyRights(r, trusted);
    assert.equal(v.verdict, "expired");
    assert.match(verdictMessage(r, v), /^EXPIRED: .* expired on 2027-07-13/);
  });

  it("is a mismatch when the chain contradicts the certificate, naming what differs", () => {
    assert.deepEqual(failed({ ...record(), stored: { ...record().stored!, price: 1n } }), ["price", "metadata"]);
    assert.deepEqual(failed({ ...record(), deal: { status: 4, closedAt: 0n, completed: false, rightsBought: false } }), ["bought", "when"]);
    assert.deepEqual(failed({ ...record(), mint: { ...record().mint!, to: OTHER } }), ["who"]);
    assert.deepEqual(failed({ ...record(), rights: { ...rights, exclusive: true } }), ["licence", "metadata"]);
    assert.deepEqual(failed({ ...record(), holder: OTHER }), ["metadata"]);
    assert.deepEqual(failed({ ...record(), termsDealId: `0x${"00".repeat(32)}` }), ["terms"]);
    assert.deepEqual(failed({ ...record(), isValid: false }), ["metadata", "valid"]);
    const tampered = record();
    tampered.milestones[0] = { ...tampered.milestones[0]!, digest: `0x${"33".repeat(20)}` };
    assert.deepEqual(failed(tampered), ["content", "metadata"]);
    assert.deepEqual(failed({ ...record(), metadata: undefined, metadataError: "bad base64" }), ["metadata"]);
    const v = verifyRights({ ...record(), stored: { ...record().stored!, price: 1n } }, trusted);
    assert.equal(v.verdict, "mismatch");
    assert.match(v.checks.find((c) => c.label === "price")!.detail, /deal: 150 USDC in 0xe7f1.*certificate: 0.000001 USDC/);
  });

  it("is a mismatch for another escrow or certificate contract than the trusted ones", () => {
    assert.deepEqual(failed({ ...record(), escrow: OTHER }), ["escrow", "metadata"]);
    const v = verifyRights(record(), { expectedCertificate: OTHER, expectedEscrow: ESCROW });
    assert.equal(v.verdict, "mismatch");
    assert.equal(v.checks[0]!.label, "contract");
    assert.equal(verifyRights({ ...record(), readError: "no contract at 0x00" }).verdict, "mismatch");
  });

  it("says plainly when there is no such certificate", () => {
    const missing: RightsRecord = { ...record(), exists: false, holder: undefined, stored: undefined, rights: undefined, metadata: undefined, mint: undefined };
    const v = verifyRights(missing, trusted);
    assert.equal(v.verdict, "mismatch");
    assert.equal(v.missing, true);
    assert.deepEqual(v.checks.map((c) => [c.label, c.ok]), [["escrow", true], ["exists", false]]);
  });
});

describe("auditor: the printable proof", () => {
  it("renders a self-contained, print-ready document with the verdict and every check", () => {
    const r = record();
    const html = renderProofHtml(r, verifyRights(r, trusted));
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /@page \{ size: A4/);
    assert.match(html, /<div class="verdict valid">VALID: authentic and in force<\/div>/);
    assert.ok(html.includes("FR, BE"));
    assert.ok(html.includes("organic reposts on the brand&#39;s own channels"));
    assert.ok(html.includes("150 USDC"));
    assert.equal((html.match(/<tr class="ok">/g) ?? []).length, 12);
    assert.doesNotMatch(html, /<link|src=|<script(?! type="application\/json" id="ispera-rights-claims")/);
  });

  it("embeds its claims in the format `npm run rights:proof -- --proof` reads", async () => {
    const proof = await import("../../scripts/lib/rightsProof.ts");
    const r = record();
    const html = renderProofHtml(r, verifyRights(r, trusted));
    const claims = claimsOf(r);
    assert.ok(claims);
    assert.deepEqual(proof.extractClaims(html), JSON.parse(JSON.stringify(claims)));
    assert.equal(claims.expiresAt, (COMPLETED + BigInt(rights.duration)).toString());
    assert.deepEqual(claims.territories, ["FR", "BE"]);
    assert.deepEqual(claims.contentHashes, [CONTENT]);
    assert.equal(claimsOf({ ...r, exists: false }), undefined);
    assert.ok(!renderProofHtml({ ...r, exists: false }, verifyRights({ ...r, exists: false })).includes("ispera-rights-claims\">"));
  });

  it("escapes what the chain says (content links are written by the influencer)", () => {
    const r = record();
    r.milestones[0] = { ...r.milestones[0]!, submission: { ...r.milestones[0]!.submission!, contentURI: "<img src=x onerror=alert(1)>" } };
    const html = renderProofHtml(r, verifyRights(r, trusted));
    assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt;"));
    assert.ok(!html.includes("<img"));
  });

  it("marks a mismatch and its failed checks", () => {
    const r = { ...record(), deal: { status: 4, closedAt: 0n, completed: false, rightsBought: false } };
    const html = renderProofHtml(r, verifyRights(r, trusted));
    assert.match(html, /<div class="verdict mismatch">MISMATCH: does not match the chain<\/div>/);
    assert.equal((html.match(/<tr class="bad">/g) ?? []).length, 2);
  });
});
