// Unit tests of the brief builder's pure core (src/pages/brand/offer.ts): every validation message, and the exact
// terms, criteria, hashes and brief built, checked against scripts/lib/terms.ts (ethers) and the brief JSON Schema.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { readFileSync } from "node:fs";
import { keccak256, toUtf8Bytes } from "ethers";
import {
  dealIdOf as refDealId,
  hashCriteria as refHashCriteria,
  hashRights as refHashRights,
  hashTerms as refHashTerms,
  type DealTerms as RefTerms,
} from "../../scripts/lib/terms.ts";
import {
  buildBrief,
  buildOffer,
  customQuestion,
  DAY,
  endOfDay,
  exclusivityWindow,
  hashCriteria,
  initialDraft,
  ISSUE_MESSAGES,
  issueMessage,
  parseAmount,
  percentToBps,
  protocolFeeOf,
  questionFromTemplate,
  ACCEPTANCE_TEMPLATES,
  validateOffer,
  validateQuestions,
  ZERO_HASH,
  type Issue,
  type OfferContext,
  type OfferDraft,
  type QuestionDraft,
} from "../src/pages/brand/offer.ts";

const BRAND = "0x2546BcD3c84621e976D8185a91A922aE77ECEc30" as const;
const INFLUENCER = "0xdD2FD4581271e230360230F9337D5c0430Bf44C0";
const TOKEN = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" as const;
const NOW = BigInt(Date.UTC(2027, 0, 12, 17, 0, 0) / 1000); // 2027-01-12 17:00 UTC
const SALT = `0x${"ab".repeat(32)}` as const;
const ctx: OfferContext = { brand: BRAND, token: TOKEN, protocolFeeBps: 100, now: NOW, salt: SALT };

function validDraft(): OfferDraft {
  const base = initialDraft(NOW, "en", INFLUENCER);
  return {
    ...base,
    title: "Nordlys Fjord launch",
    brandName: "Nordlys Audio",
    summary: "Review our new headphones.",
    language: "fr",
    topic: "4",
    milestones: [
      { description: "A 60 s review", channel: "youtube", format: "video", amount: "600", deliverBy: "2027-02-01" },
      { description: "A story", channel: "instagram", format: "story", amount: "399.5", deliverBy: "2027-02-15" },
    ],
    acceptBy: "2027-01-19",
    questions: ACCEPTANCE_TEMPLATES.map((id) => questionFromTemplate(id, "en")),
  };
}

function codes(issues: readonly Issue[]): string[] {
  return issues.map((i) => `${i.field}:${i.code}`);
}

const briefSchema = JSON.parse(readFileSync(new URL("../../scripts/lib/docstore/schemas/brief.v1.schema.json", import.meta.url), "utf8")) as object;
const validateSchema = new Ajv2020({ allErrors: true, strict: true }).compile(briefSchema);

describe("amounts, dates and percentages", () => {
  it("parses USDC amounts with up to 6 decimals", () => {
    assert.equal(parseAmount("600"), 600_000_000n);
    assert.equal(parseAmount("99.5"), 99_500_000n);
    assert.equal(parseAmount("1,25"), 1_250_000n);
    assert.equal(parseAmount("0.000001"), 1n);
    assert.equal(parseAmount(""), "required");
    assert.equal(parseAmount("-5"), "amount.invalid");
    assert.equal(parseAmount("12abc"), "amount.invalid");
    assert.equal(parseAmount("1e6"), "amount.invalid");
    assert.equal(parseAmount("1.0000001"), "amount.decimals");
  });
  it("reads dates as the end of the day in UTC and refuses impossible ones", () => {
    assert.equal(endOfDay("2027-01-19"), BigInt(Date.UTC(2027, 0, 19, 23, 59, 59) / 1000));
    assert.equal(endOfDay("2027-02-30"), undefined);
    assert.equal(endOfDay("19/01/2027"), undefined);
  });
  it("turns percentages into basis points", () => {
    assert.equal(percentToBps("10"), 1000);
    assert.equal(percentToBps("12.5"), 1250);
    assert.equal(percentToBps("0.01"), 1);
    assert.equal(percentToBps("1.234"), undefined);
    assert.equal(percentToBps("x"), undefined);
  });
  it("computes the protocol fee on the total", () => {
    assert.equal(protocolFeeOf(999_500_000n, 100), 9_995_000n);
  });
});

describe("validateOffer", () => {
  it("accepts the valid draft", () => {
    assert.deepEqual(validateOffer(validDraft(), ctx), []);
  });

  it("reports every field of an empty draft", () => {
    const draft = { ...initialDraft(NOW, "en"), disclosure: "" };
    assert.deepEqual(codes(validateOffer(draft, ctx)), [
      "influencer:required",
      "title:required",
      "brandName:required",
      "milestones.0.description:required",
      "milestones.0.amount:required",
      "questions:questions.count",
      "disclosure:required",
    ]);
  });

  it("checks the influencer's address", () => {
    const at = (influencer: string) => codes(validateOffer({ ...validDraft(), influencer }, ctx));
    assert.deepEqual(at("0x123"), ["influencer:address.invalid"]);
    assert.deepEqual(at("0xdd2fd4581271e230360230f9337d5c0430bf44c0"), []); // all lower case: no checksum to check
    assert.deepEqual(at("0xdD2FD4581271e230360230F9337D5c0430Bf44c0"), ["influencer:address.invalid"]); // bad checksum
    assert.deepEqual(at("0x0000000000000000000000000000000000000000"), ["influencer:address.zero"]);
    assert.deepEqual(at(BRAND.toLowerCase()), ["influencer:address.self"]);
  });

  it("checks amounts, dates and their order", () => {
    const base = validDraft();
    const m0 = base.milestones[0]!;
    const draft: OfferDraft = {
      ...base,
      acceptBy: "2027-01-10",
      milestones: [
        { ...m0, amount: "abc", deliverBy: "2027-13-01" },
        { ...m0, amount: "0", deliverBy: "2030-01-01" },
        { ...m0, amount: "1.1234567", deliverBy: "2027-01-11" },
      ],
    };
    assert.deepEqual(codes(validateOffer(draft, ctx)), [
      "acceptBy:date.past",
      "milestones.0.amount:amount.invalid",
      "milestones.0.deliverBy:date.invalid",
      "milestones.1.amount:amount.zero",
      "milestones.1.deliverBy:date.horizon",
      "milestones.2.amount:amount.decimals",
      "milestones.2.deliverBy:date.past",
    ]);
    const late = validateOffer({ ...base, milestones: [{ ...m0, deliverBy: "2027-01-18" }] }, ctx);
    assert.deepEqual(codes(late), ["milestones.0.deliverBy:deliverBy.beforeAcceptBy"]);
    assert.deepEqual(codes(validateOffer({ ...base, milestones: [] }, ctx)), ["milestones:milestones.count"]);
    const many = Array.from({ length: 17 }, () => m0);
    assert.deepEqual(codes(validateOffer({ ...base, milestones: many }, ctx)), ["milestones:milestones.count"]);
    const huge = validateOffer({ ...base, milestones: [{ ...m0, amount: "400000000000000000000" }] }, ctx);
    assert.deepEqual(codes(huge), ["milestones:total.tooLarge"]);
  });

  it("checks periods, revisions, language, topic, channel and texts", () => {
    const base = validDraft();
    const draft: OfferDraft = {
      ...base,
      reviewDays: "0",
      revisionDays: "61",
      feeDays: "2.5",
      maxRevisions: "11",
      language: "FR",
      topic: "16",
      title: "x".repeat(121),
      hashtags: "#ok no#",
      milestones: [{ ...base.milestones[0]!, channel: "myspace" }],
    };
    assert.deepEqual(codes(validateOffer(draft, ctx)), [
      "title:tooLong",
      "language:language.invalid",
      "topic:topic.invalid",
      "milestones.0.channel:channel.invalid",
      "reviewDays:period.range",
      "revisionDays:period.range",
      "feeDays:period.range",
      "maxRevisions:revisions.range",
      "hashtags:hashtag.invalid",
    ]);
  });

  it("checks question tables like the contract (count, options, compliant mask, weight)", () => {
    const q = (over: Partial<QuestionDraft>): QuestionDraft => ({ ...customQuestion(), text: "Q?", options: ["A", "B"], ...over });
    assert.deepEqual(codes(validateQuestions([], "questions")), ["questions:questions.count"]);
    assert.deepEqual(codes(validateQuestions(Array.from({ length: 17 }, () => q({})), "questions")), ["questions:questions.count"]);
    assert.deepEqual(codes(validateQuestions([q({ options: ["A"] })], "questions")), [
      "questions.0.options:options.count",
      "questions.0.compliant:compliant.all",
    ]);
    assert.deepEqual(codes(validateQuestions([q({ options: ["1", "2", "3", "4", "5", "6", "7", "8", "9"] })], "questions")), [
      "questions.0.options:options.count",
    ]);
    assert.deepEqual(codes(validateQuestions([q({ compliant: [] })], "questions")), ["questions.0.compliant:compliant.none"]);
    assert.deepEqual(codes(validateQuestions([q({ compliant: [5] })], "questions")), ["questions.0.compliant:compliant.none"]);
    assert.deepEqual(codes(validateQuestions([q({ compliant: [0, 1] })], "questions")), ["questions.0.compliant:compliant.all"]);
    assert.deepEqual(codes(validateQuestions([q({ weight: "0" })], "questions")), ["questions.0.weight:weight.range"]);
    assert.deepEqual(codes(validateQuestions([q({ weight: "65536" })], "questions")), ["questions.0.weight:weight.range"]);
    assert.deepEqual(codes(validateQuestions([q({ text: " ", options: ["A", " a "], compliant: [0] })], "questions")), [
      "questions.0.text:required",
      "questions.0.options.1:option.duplicate",
    ]);
    assert.deepEqual(codes(validateQuestions([q({ options: ["A", ""] })], "questions")), ["questions.0.options.1:option.empty"]);
  });

  it("checks the exclusivity window, the holdback and its breach questions", () => {
    const base = validDraft();
    const ex = (over: Partial<OfferDraft["exclusivity"]>) =>
      codes(validateOffer({ ...base, exclusivity: { ...base.exclusivity, enabled: true, ...over } }, ctx));
    assert.deepEqual(ex({ from: "2027-01-12", until: "2027-04-01" }), []);
    assert.deepEqual(ex({ from: "", until: "" }), ["exclusivity.from:required", "exclusivity.until:required"]);
    assert.deepEqual(ex({ from: "2027-05-01", until: "2027-04-01" }), ["exclusivity.until:exclusivity.window"]);
    assert.deepEqual(ex({ from: "2026-01-01", until: "2027-01-01" }), ["exclusivity.until:exclusivity.window"]);
    assert.deepEqual(ex({ until: "2032-12-31" }), ["exclusivity.until:exclusivity.tooLong"]);
    assert.deepEqual(ex({ topic: "99" }), ["exclusivity.topic:topic.invalid"]);
    assert.deepEqual(ex({ holdbackPercent: "10" }), ["exclusivity.breachQuestions:questions.count"]);
    assert.deepEqual(ex({ holdbackPercent: "50.01", breachQuestions: [questionFromTemplate("breachCompetitor", "en")] }), [
      "exclusivity.holdbackPercent:holdback.range",
    ]);
    assert.deepEqual(ex({ holdbackPercent: "abc", breachQuestions: [questionFromTemplate("breachCompetitor", "en")] }), [
      "exclusivity.holdbackPercent:holdback.range",
    ]);
  });

  it("checks the rights terms", () => {
    const base = validDraft();
    const rights = (over: Partial<OfferDraft["rights"]>) =>
      codes(validateOffer({ ...base, rights: { ...base.rights, enabled: true, description: "Licence", ...over } }, ctx));
    assert.deepEqual(rights({}), []);
    assert.deepEqual(rights({ scopes: [], durationDays: "-1", territories: "FR, be", price: "x", description: "" }), [
      "rights.scopes:rights.scope",
      "rights.durationDays:rights.duration",
      "rights.territories:rights.territory",
      "rights.price:amount.invalid",
      "rights.description:required",
    ]);
  });

  it("has a message in English and French for every code, with its values", () => {
    assert.deepEqual(Object.keys(ISSUE_MESSAGES.fr).sort(), Object.keys(ISSUE_MESSAGES.en).sort());
    for (const lang of ["en", "fr"] as const) {
      for (const text of Object.values(ISSUE_MESSAGES[lang])) assert.ok(text.length > 5);
    }
    assert.equal(issueMessage({ field: "x", code: "period.range", vars: { min: 1, max: 60 } }, "en"), "A whole number of days from 1 to 60.");
    assert.equal(issueMessage({ field: "x", code: "amount.zero" }, "fr"), "Le montant doit être supérieur à zéro.");
    assert.equal(
      issueMessage({ field: "x", code: "date.past", vars: { now: "2027-01-12" } }, "en"),
      "This date has passed on the chain (its time is 2027-01-12).",
    );
  });
});

function refTermsOf(built: ReturnType<typeof buildOffer>): RefTerms {
  const t = built.terms;
  return {
    ...t,
    acceptBy: BigInt(t.acceptBy),
    exclusiveFrom: BigInt(t.exclusiveFrom),
    exclusiveUntil: BigInt(t.exclusiveUntil),
    milestones: t.milestones.map((m) => ({ amount: m.amount, deliverBy: BigInt(m.deliverBy) })),
  };
}

describe("buildOffer and buildBrief", () => {
  const briefHash = `0x${"12".repeat(32)}` as const;

  it("builds the exact terms of a plain offer", () => {
    const built = buildOffer(validDraft(), ctx, briefHash);
    assert.deepEqual(built.terms, {
      brand: BRAND,
      influencer: INFLUENCER,
      token: TOKEN,
      protocolFeeBps: 100,
      maxRevisions: 2,
      language: "0x6672",
      topic: 4,
      acceptBy: Date.UTC(2027, 0, 19, 23, 59, 59) / 1000,
      reviewPeriod: 5 * DAY,
      revisionPeriod: 4 * DAY,
      feeTimeout: 5 * DAY,
      briefHash,
      criteriaHash: refHashCriteria([
        { optionCount: 2, compliantMask: 1, weight: 3 },
        { optionCount: 2, compliantMask: 1, weight: 3 },
        { optionCount: 2, compliantMask: 1, weight: 2 },
        { optionCount: 2, compliantMask: 1, weight: 1 },
        { optionCount: 3, compliantMask: 3, weight: 1 },
      ]),
      salt: SALT,
      exclusiveTopic: 0,
      exclusiveFrom: 0,
      exclusiveUntil: 0,
      holdbackBps: 0,
      breachCriteriaHash: ZERO_HASH,
      rightsPrice: 0n,
      rightsHash: ZERO_HASH,
      milestones: [
        { amount: 600_000_000n, deliverBy: Date.UTC(2027, 1, 1, 23, 59, 59) / 1000 },
        { amount: 399_500_000n, deliverBy: Date.UTC(2027, 1, 15, 23, 59, 59) / 1000 },
      ],
    });
    assert.deepEqual(built.criteria, [
      { optionCount: 2, compliantMask: 1, weight: 3 },
      { optionCount: 2, compliantMask: 1, weight: 3 },
      { optionCount: 2, compliantMask: 1, weight: 2 },
      { optionCount: 2, compliantMask: 1, weight: 1 },
      { optionCount: 3, compliantMask: 3, weight: 1 },
    ]);
    assert.equal(built.total, 999_500_000n);
    assert.equal(built.rights, undefined);
    assert.equal(built.dealId, refDealId(refTermsOf(built)));
  });

  it("builds exclusivity, holdback and rights terms whose hashes match scripts/lib/terms.ts", () => {
    const base = validDraft();
    const custom: QuestionDraft = { template: "custom", text: "Which colour?", options: ["Red", "Blue", "Green"], compliant: [2, 0], weight: "7" };
    const draft: OfferDraft = {
      ...base,
      questions: [...base.questions, custom],
      exclusivity: {
        enabled: true,
        topic: "4",
        from: "2027-01-12",
        until: "2027-06-30",
        holdbackPercent: "12.5",
        breachQuestions: [questionFromTemplate("breachCompetitor", "fr"), questionFromTemplate("breachPaid", "fr")],
      },
      rights: {
        enabled: true,
        scopes: ["PaidAds", "OrganicRepost"],
        durationDays: "365",
        territories: "FR BE",
        exclusive: true,
        price: "250",
        description: "Paid ads and reposts in France and Belgium for a year.",
      },
    };
    assert.deepEqual(validateOffer(draft, ctx), []);
    const built = buildOffer(draft, ctx, briefHash);
    assert.deepEqual(built.criteria.at(-1), { optionCount: 3, compliantMask: 0b101, weight: 7 });
    assert.equal(built.terms.criteriaHash, refHashCriteria(built.criteria as never));
    assert.equal(built.terms.exclusiveTopic, 4);
    assert.equal(built.terms.exclusiveFrom, Date.UTC(2027, 0, 12) / 1000);
    assert.equal(built.terms.exclusiveUntil, Date.UTC(2027, 5, 30, 23, 59, 59) / 1000);
    assert.equal(built.terms.holdbackBps, 1250);
    assert.deepEqual(built.breachCriteria, [
      { optionCount: 2, compliantMask: 1, weight: 3 },
      { optionCount: 3, compliantMask: 1, weight: 1 },
    ]);
    assert.equal(built.terms.breachCriteriaHash, refHashCriteria(built.breachCriteria as never));
    assert.deepEqual(built.rights, {
      scope: 3,
      duration: 365 * DAY,
      territories: ["0x4652", "0x4245"],
      exclusive: true,
      documentHash: keccak256(toUtf8Bytes(draft.rights.description)),
    });
    assert.equal(
      built.terms.rightsHash,
      refHashRights({ ...built.rights!, duration: BigInt(built.rights!.duration), territories: [...built.rights!.territories] }),
    );
    assert.equal(built.terms.rightsPrice, 250_000_000n);
    assert.equal(built.total, 1_249_500_000n);
    const ref = refTermsOf(built);
    assert.equal(built.dealId, refDealId(ref));
    assert.notEqual(refHashTerms(ref), ZERO_HASH);
    assert.deepEqual(exclusivityWindow(draft), { topic: 4, from: built.terms.exclusiveFrom, until: built.terms.exclusiveUntil });

    const brief = buildBrief(draft, ctx);
    assert.ok(validateSchema(brief), JSON.stringify(validateSchema.errors));
    assert.deepEqual(brief.exclusivity, {
      topic: 4,
      from: built.terms.exclusiveFrom,
      until: built.terms.exclusiveUntil,
      holdback: {
        bps: 1250,
        breachQuestions: [
          { text: draft.exclusivity.breachQuestions[0]!.text, options: ["Non", "Oui"], compliant: [0], weight: 3 },
          { text: draft.exclusivity.breachQuestions[1]!.text, options: ["Aucune publication", "Non rémunérée", "Rémunérée"], compliant: [0], weight: 1 },
        ],
      },
    });
    assert.deepEqual(brief.rights, { description: draft.rights.description, scope: ["OrganicRepost", "PaidAds"] });
    assert.deepEqual(brief.acceptance.questions.at(-1), { text: "Which colour?", options: ["Red", "Blue", "Green"], compliant: [0, 2], weight: 7 });
    assert.equal(hashCriteria(brief.acceptance.questions.map((q) => ({ optionCount: q.options.length, compliantMask: q.compliant.reduce((m, i) => m | (1 << i), 0), weight: q.weight }))), built.terms.criteriaHash);
  });

  it("builds a brief that the JSON Schema accepts, with one deliverable per milestone", () => {
    const brief = buildBrief(validDraft(), ctx);
    assert.ok(validateSchema(brief), JSON.stringify(validateSchema.errors));
    assert.equal(brief.schema, "ispera.brief");
    assert.equal(brief.brand.name, "Nordlys Audio");
    assert.deepEqual(brief.milestones[1], {
      deliverables: [{ channel: "instagram", format: "story", description: "A story", deliverBy: Date.UTC(2027, 1, 15, 23, 59, 59) / 1000 }],
    });
    assert.deepEqual(brief.guidelines, { disclosure: "#ad" });
    assert.equal(brief.exclusivity, undefined);
  });

  it("refuses to build an invalid draft", () => {
    assert.throws(() => buildOffer({ ...validDraft(), influencer: "nope" }, ctx, briefHash), /influencer address\.invalid/);
    assert.throws(() => buildBrief({ ...validDraft(), questions: [] }, ctx), /questions questions\.count/);
  });
});
