// The brief builder's pure core: the form's draft (strings, as typed), its validation with one message per field
// (the escrow's rules: TermsLogic and DealEscrow._validateTerms, so bad input never reaches the chain), and the
// exact DealTerms, criteria table, brief document (`ispera.brief` v1) and hashes built from a valid draft.
// Mirrors scripts/lib/terms.ts (hashCriteria, hashRights, hashTerms, dealIdOf), with viem instead of ethers.
// No React, no import.meta.env: unit tested with Node (frontend/test/brand.offer.test.ts).
import {
  encodeAbiParameters,
  getAddress,
  isAddress,
  keccak256,
  parseAbiParameters,
  stringToHex,
  toHex,
  type Address,
  type Hex,
} from "viem";
import { TOPIC_COUNT } from "../../lib/topics.ts";

export const ZERO_HASH: Hex = `0x${"00".repeat(32)}`;
export const ZERO_ADDRESS: Address = "0x0000000000000000000000000000000000000000";
export const DAY = 86_400;

/** The escrow's limits (contracts/libraries/TermsLogic.sol, contracts/DealEscrow.sol). */
export const LIMITS = {
  maxMilestones: 16,
  maxQuestions: 16,
  maxOptions: 8,
  maxRevisions: 10,
  minPeriodDays: 1,
  maxPeriodDays: 60,
  horizonDays: 730,
  maxExclusivityDays: 1_826,
  maxHoldbackBps: 5_000,
  maxWeight: 65_535,
  /** DealEscrow.MAX_AMOUNT = type(uint88).max */
  maxTotal: (1n << 88n) - 1n,
} as const;

export const TOKEN_DECIMALS = 6;


/** Platforms of a deliverable (the brief schema's channel list, the profiles' platforms). */
export const CHANNELS = [
  "instagram",
  "tiktok",
  "youtube",
  "x",
  "twitch",
  "facebook",
  "linkedin",
  "snapchat",
  "pinterest",
  "threads",
  "bluesky",
  "podcast",
  "blog",
  "newsletter",
  "other",
] as const;

/** ISO 639-1 codes, the languages a brief may have (the brief schema's enum). */
export const ISO_639_1: ReadonlySet<string> = new Set(
  (
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el " +
    "en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu " +
    "ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na " +
    "nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so " +
    "sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu"
  ).split(" "),
);

/** RightsScope bits (contracts/types/DealTypes.sol), in the order the form lists them. */
export const RIGHTS_SCOPES = [
  ["OrganicRepost", 1],
  ["PaidAds", 2],
  ["Website", 4],
  ["OutOfHome", 8],
  ["Email", 16],
  ["Broadcast", 32],
] as const;
export type RightsScopeName = (typeof RIGHTS_SCOPES)[number][0];

/* ------------------------------------------------------------------ */
/*                                DRAFT                               */
/* ------------------------------------------------------------------ */

export interface QuestionDraft {
  /** The template it came from ("custom" when written by hand). */
  readonly template: TemplateId | "custom";
  readonly text: string;
  readonly options: readonly string[];
  /** Indexes of the options that count as compliant. */
  readonly compliant: readonly number[];
  readonly weight: string;
}

export interface MilestoneDraft {
  readonly description: string;
  readonly channel: string;
  readonly format: string;
  /** Amount in USDC, as typed ("600" or "99.5"). */
  readonly amount: string;
  /** "YYYY-MM-DD": the deliverable is due by the end of that day (UTC). */
  readonly deliverBy: string;
}

export interface OfferDraft {
  readonly influencer: string;
  readonly title: string;
  readonly brandName: string;
  readonly summary: string;
  readonly language: string;
  readonly topic: string;
  readonly milestones: readonly MilestoneDraft[];
  readonly acceptBy: string;
  readonly reviewDays: string;
  readonly revisionDays: string;
  readonly feeDays: string;
  readonly maxRevisions: string;
  readonly questions: readonly QuestionDraft[];
  readonly disclosure: string;
  readonly hashtags: string;
  readonly exclusivity: {
    readonly enabled: boolean;
    readonly topic: string;
    readonly from: string;
    readonly until: string;
    /** Share held back, in percent ("10" or "12.5"); "" or "0" = no holdback. */
    readonly holdbackPercent: string;
    readonly breachQuestions: readonly QuestionDraft[];
  };
  readonly rights: {
    readonly enabled: boolean;
    readonly scopes: readonly RightsScopeName[];
    /** Days from the deal's completion; "0" = perpetual. */
    readonly durationDays: string;
    /** ISO 3166-1 alpha-2 codes separated by commas or spaces; empty = worldwide. */
    readonly territories: string;
    readonly exclusive: boolean;
    /** Price in USDC, paid to the influencer when the deal completes. */
    readonly price: string;
    readonly description: string;
  };
}

/* ------------------------------------------------------------------ */
/*                        QUESTION TEMPLATES                          */
/* ------------------------------------------------------------------ */

export type TemplateId = "product" | "disclosure" | "onTime" | "channel" | "guidelines" | "breachCompetitor" | "breachPaid";

/** Ready acceptance questions (the issue's list) and breach questions, in English and French. */
export const TEMPLATES: Readonly<
  Record<TemplateId, { readonly en: { text: string; options: string[] }; readonly fr: { text: string; options: string[] }; compliant: number[]; weight: number }>
> = {
  product: {
    en: { text: "Is the product clearly shown or named in the content?", options: ["Yes", "No"] },
    fr: { text: "Le produit est-il clairement montré ou nommé dans le contenu ?", options: ["Oui", "Non"] },
    compliant: [0],
    weight: 3,
  },
  disclosure: {
    en: { text: "Is the disclosure (such as #ad) visible before the fold?", options: ["Yes", "No"] },
    fr: { text: "La mention publicitaire (comme #pub) est-elle visible sans dérouler ?", options: ["Oui", "Non"] },
    compliant: [0],
    weight: 3,
  },
  onTime: {
    en: { text: "Was the content posted on time?", options: ["Yes", "No"] },
    fr: { text: "Le contenu a-t-il été publié à temps ?", options: ["Oui", "Non"] },
    compliant: [0],
    weight: 2,
  },
  channel: {
    en: { text: "Was it posted on the agreed channel?", options: ["Yes", "No"] },
    fr: { text: "A-t-il été publié sur le canal convenu ?", options: ["Oui", "Non"] },
    compliant: [0],
    weight: 1,
  },
  guidelines: {
    en: { text: "Were the brand guidelines respected?", options: ["Fully", "Mostly", "No"] },
    fr: { text: "Les consignes de la marque ont-elles été respectées ?", options: ["Entièrement", "En grande partie", "Non"] },
    compliant: [0, 1],
    weight: 1,
  },
  breachCompetitor: {
    en: { text: "Did the influencer promote a competing brand of the topic during the exclusivity?", options: ["No", "Yes"] },
    fr: { text: "L'influenceur a-t-il promu une marque concurrente du thème pendant l'exclusivité ?", options: ["Non", "Oui"] },
    compliant: [0],
    weight: 3,
  },
  breachPaid: {
    en: { text: "Was such a post paid?", options: ["No such post", "Unpaid", "Paid"] },
    fr: { text: "Une telle publication était-elle rémunérée ?", options: ["Aucune publication", "Non rémunérée", "Rémunérée"] },
    compliant: [0],
    weight: 1,
  },
};

export const ACCEPTANCE_TEMPLATES: readonly TemplateId[] = ["product", "disclosure", "onTime", "channel", "guidelines"];
export const BREACH_TEMPLATES: readonly TemplateId[] = ["breachCompetitor", "breachPaid"];

export function questionFromTemplate(id: TemplateId, lang: "en" | "fr"): QuestionDraft {
  const t = TEMPLATES[id];
  return { template: id, text: t[lang].text, options: [...t[lang].options], compliant: [...t.compliant], weight: String(t.weight) };
}

export function customQuestion(): QuestionDraft {
  return { template: "custom", text: "", options: ["", ""], compliant: [0], weight: "1" };
}

/* ------------------------------------------------------------------ */
/*                             VALIDATION                             */
/* ------------------------------------------------------------------ */

/** What the validation needs besides the draft. */
export interface OfferContext {
  /** The connected brand (the offer's `brand`, which must be the caller). */
  readonly brand: Address;
  readonly token: Address;
  /** escrow.protocolFeeBps(): the terms must carry it. */
  readonly protocolFeeBps: number;
  /** The chain's latest block time (unix seconds): dates are checked against it, as the contract does. */
  readonly now: bigint;
  /** 32 random bytes making the deal id unique. */
  readonly salt: Hex;
}

export type IssueCode =
  | "required"
  | "tooLong"
  | "address.invalid"
  | "address.zero"
  | "address.self"
  | "language.invalid"
  | "topic.invalid"
  | "channel.invalid"
  | "milestones.count"
  | "amount.invalid"
  | "amount.decimals"
  | "amount.zero"
  | "total.tooLarge"
  | "date.invalid"
  | "date.past"
  | "date.horizon"
  | "deliverBy.beforeAcceptBy"
  | "period.range"
  | "revisions.range"
  | "questions.count"
  | "options.count"
  | "option.empty"
  | "option.duplicate"
  | "compliant.none"
  | "compliant.all"
  | "weight.range"
  | "exclusivity.window"
  | "exclusivity.tooLong"
  | "holdback.range"
  | "rights.scope"
  | "rights.duration"
  | "rights.territory"
  | "hashtag.invalid";

export interface Issue {
  /** The field: "influencer", "milestones.0.amount", "questions.2.options.1", "exclusivity.until", … */
  readonly field: string;
  readonly code: IssueCode;
  readonly vars?: Readonly<Record<string, string | number>>;
}

/** The messages of every issue code, in English and French ({placeholders} filled from the issue's vars). */
export const ISSUE_MESSAGES: { readonly en: Readonly<Record<IssueCode, string>>; readonly fr: Readonly<Record<IssueCode, string>> } = {
  en: {
    required: "Required.",
    tooLong: "At most {max} characters.",
    "address.invalid": "Not an address: expected 0x followed by 40 hexadecimal characters (checksum respected).",
    "address.zero": "The zero address cannot receive a deal.",
    "address.self": "You cannot make an offer to yourself.",
    "language.invalid": "Two lower-case letters of ISO 639-1 (fr, en, …).",
    "topic.invalid": "Choose a topic from the list.",
    "channel.invalid": "Choose a channel from the list.",
    "milestones.count": "A deal has 1 to {max} milestones.",
    "amount.invalid": "Enter an amount in USDC, such as 600 or 99.50.",
    "amount.decimals": "USDC has at most 6 decimals.",
    "amount.zero": "The amount must be above zero.",
    "total.tooLarge": "The total is above what the escrow accepts per deal.",
    "date.invalid": "Enter a date (YYYY-MM-DD).",
    "date.past": "This date has passed on the chain (its time is {now}).",
    "date.horizon": "At most {days} days ahead of the chain's time.",
    "deliverBy.beforeAcceptBy": "Must be after the accept-by date.",
    "period.range": "A whole number of days from {min} to {max}.",
    "revisions.range": "A whole number from 0 to {max}.",
    "questions.count": "Between 1 and {max} questions.",
    "options.count": "Between 2 and {max} options.",
    "option.empty": "An option needs a label.",
    "option.duplicate": "This option repeats another one.",
    "compliant.none": "Mark at least one option as compliant.",
    "compliant.all": "Not every option can be compliant (the answer would not matter).",
    "weight.range": "A whole number from 1 to {max}.",
    "exclusivity.window": "The exclusivity must end after it starts, and after the chain's time.",
    "exclusivity.tooLong": "An exclusivity ends at most {days} days ahead.",
    "holdback.range": "A share above 0 and at most {max} %, with up to 2 decimals.",
    "rights.scope": "Choose at least one use.",
    "rights.duration": "A whole number of days (0 = perpetual), at most {max}.",
    "rights.territory": "\"{code}\" is not two upper-case letters (ISO 3166-1, such as FR).",
    "hashtag.invalid": "\"{tag}\" is not a hashtag (# followed by letters or digits, no spaces).",
  },
  fr: {
    required: "Obligatoire.",
    tooLong: "Au plus {max} caractères.",
    "address.invalid": "Adresse invalide : 0x suivi de 40 caractères hexadécimaux (somme de contrôle respectée).",
    "address.zero": "L'adresse nulle ne peut pas recevoir de contrat.",
    "address.self": "Vous ne pouvez pas vous faire une offre.",
    "language.invalid": "Deux lettres minuscules ISO 639-1 (fr, en, …).",
    "topic.invalid": "Choisissez un thème de la liste.",
    "channel.invalid": "Choisissez un canal de la liste.",
    "milestones.count": "Un contrat a de 1 à {max} étapes.",
    "amount.invalid": "Saisissez un montant en USDC, comme 600 ou 99.50.",
    "amount.decimals": "L'USDC a au plus 6 décimales.",
    "amount.zero": "Le montant doit être supérieur à zéro.",
    "total.tooLarge": "Le total dépasse ce que l'escrow accepte par contrat.",
    "date.invalid": "Saisissez une date (AAAA-MM-JJ).",
    "date.past": "Cette date est passée sur la chaîne (son heure : {now}).",
    "date.horizon": "Au plus {days} jours après l'heure de la chaîne.",
    "deliverBy.beforeAcceptBy": "Doit être après la date limite d'acceptation.",
    "period.range": "Un nombre entier de jours de {min} à {max}.",
    "revisions.range": "Un nombre entier de 0 à {max}.",
    "questions.count": "Entre 1 et {max} questions.",
    "options.count": "Entre 2 et {max} options.",
    "option.empty": "Une option doit avoir un libellé.",
    "option.duplicate": "Cette option en répète une autre.",
    "compliant.none": "Cochez au moins une option conforme.",
    "compliant.all": "Toutes les options ne peuvent pas être conformes (la réponse ne compterait pas).",
    "weight.range": "Un nombre entier de 1 à {max}.",
    "exclusivity.window": "L'exclusivité doit finir après son début, et après l'heure de la chaîne.",
    "exclusivity.tooLong": "Une exclusivité finit au plus {days} jours plus tard.",
    "holdback.range": "Une part supérieure à 0 et d'au plus {max} %, avec au plus 2 décimales.",
    "rights.scope": "Choisissez au moins un usage.",
    "rights.duration": "Un nombre entier de jours (0 = perpétuel), au plus {max}.",
    "rights.territory": "« {code} » n'est pas un code de deux majuscules (ISO 3166-1, comme FR).",
    "hashtag.invalid": "« {tag} » n'est pas un hashtag (# suivi de lettres ou chiffres, sans espace).",
  },
};

/** The issue's message in `lang`. */
export function issueMessage(issue: Issue, lang: "en" | "fr"): string {
  const template = ISSUE_MESSAGES[lang][issue.code];
  const vars = issue.vars ?? {};
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

const AMOUNT = /^\d+(\.\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INTEGER = /^\d+$/;

/** A USDC amount as typed ("1,5" is accepted as "1.5") in token units, or the issue code. */
export function parseAmount(text: string): bigint | "required" | "amount.invalid" | "amount.decimals" {
  const value = text.trim().replace(",", ".");
  if (value === "") return "required";
  if (!AMOUNT.test(value)) return "amount.invalid";
  const [whole = "0", fraction = ""] = value.split(".");
  if (fraction.length > TOKEN_DECIMALS) return "amount.decimals";
  return BigInt(whole) * 10n ** BigInt(TOKEN_DECIMALS) + BigInt(fraction.padEnd(TOKEN_DECIMALS, "0") || "0");
}

/** "YYYY-MM-DD" as the unix time of the last second of that day (UTC), or undefined when it is not a date. */
export function endOfDay(text: string): bigint | undefined {
  const match = DATE.exec(text.trim());
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(y, m - 1, d, 23, 59, 59);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return undefined;
  return BigInt(ms / 1000);
}

/** "YYYY-MM-DD" as the unix time of the first second of that day (UTC). */
export function startOfDay(text: string): bigint | undefined {
  const end = endOfDay(text);
  return end === undefined ? undefined : end - BigInt(DAY - 1);
}

/** The "YYYY-MM-DD" (UTC) of a unix time. */
export function dateOf(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().slice(0, 10);
}

function wholeNumber(text: string, min: number, max: number): number | undefined {
  const value = text.trim();
  if (!INTEGER.test(value)) return undefined;
  const n = Number(value);
  return n >= min && n <= max ? n : undefined;
}

/** A percentage with up to 2 decimals as basis points, or undefined. */
export function percentToBps(text: string): number | undefined {
  const value = text.trim().replace(",", ".");
  if (!/^\d+(\.\d{1,2})?$/.test(value)) return undefined;
  const [whole = "0", fraction = ""] = value.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

/** The on-chain Question of a drafted question: optionCount, compliantMask (bit i = option i), weight. */
export interface Question {
  readonly optionCount: number;
  readonly compliantMask: number;
  readonly weight: number;
}

export function questionOf(q: QuestionDraft): Question {
  return {
    optionCount: q.options.length,
    compliantMask: q.compliant.reduce((mask, i) => mask | (1 << i), 0),
    weight: Number(q.weight.trim()),
  };
}

function text(issues: Issue[], field: string, value: string, max: number, required = true): void {
  const trimmed = value.trim();
  if (trimmed === "") {
    if (required) issues.push({ field, code: "required" });
  } else if ([...trimmed].length > max) {
    issues.push({ field, code: "tooLong", vars: { max } });
  }
}

/** Checks a question table as TermsLogic._checkCriteriaShape does, plus the brief schema's rules on labels. */
export function validateQuestions(questions: readonly QuestionDraft[], prefix: string): Issue[] {
  const issues: Issue[] = [];
  if (questions.length === 0 || questions.length > LIMITS.maxQuestions) {
    issues.push({ field: prefix, code: "questions.count", vars: { max: LIMITS.maxQuestions } });
  }
  questions.forEach((q, i) => {
    const at = `${prefix}.${i}`;
    text(issues, `${at}.text`, q.text, 500);
    if (q.options.length < 2 || q.options.length > LIMITS.maxOptions) {
      issues.push({ field: `${at}.options`, code: "options.count", vars: { max: LIMITS.maxOptions } });
    }
    const seen = new Set<string>();
    q.options.forEach((option, j) => {
      const label = option.trim();
      if (label === "") issues.push({ field: `${at}.options.${j}`, code: "option.empty" });
      else if (label.length > 100) issues.push({ field: `${at}.options.${j}`, code: "tooLong", vars: { max: 100 } });
      else if (seen.has(label.toLowerCase())) issues.push({ field: `${at}.options.${j}`, code: "option.duplicate" });
      seen.add(label.toLowerCase());
    });
    const compliant = new Set(q.compliant.filter((index) => index >= 0 && index < q.options.length));
    if (compliant.size === 0) issues.push({ field: `${at}.compliant`, code: "compliant.none" });
    else if (compliant.size >= q.options.length) issues.push({ field: `${at}.compliant`, code: "compliant.all" });
    if (wholeNumber(q.weight, 1, LIMITS.maxWeight) === undefined) {
      issues.push({ field: `${at}.weight`, code: "weight.range", vars: { max: LIMITS.maxWeight } });
    }
  });
  return issues;
}

/** Checks an influencer address as typed; undefined when it is valid. */
export function validateInfluencer(value: string, brand: Address | undefined): IssueCode | undefined {
  const trimmed = value.trim();
  if (trimmed === "") return "required";
  if (!isAddress(trimmed, { strict: true })) return "address.invalid";
  if (BigInt(trimmed) === 0n) return "address.zero";
  if (brand !== undefined && trimmed.toLowerCase() === brand.toLowerCase()) return "address.self";
  return undefined;
}

function dateIn(issues: Issues, field: string, value: string, now: bigint, horizonDays: number, required = true): bigint | undefined {
  if (value.trim() === "") {
    if (required) issues.push({ field, code: "required" });
    return undefined;
  }
  const time = endOfDay(value);
  if (time === undefined) {
    issues.push({ field, code: "date.invalid" });
    return undefined;
  }
  if (time <= now) {
    issues.push({ field, code: "date.past", vars: { now: dateOf(now) } });
    return undefined;
  }
  if (time > now + BigInt(horizonDays * DAY)) {
    issues.push({ field, code: "date.horizon", vars: { days: horizonDays } });
    return undefined;
  }
  return time;
}
type Issues = Issue[];

/** Every problem of the draft, each on its field; empty when the offer can be built. */
export function validateOffer(draft: OfferDraft, ctx: Pick<OfferContext, "brand" | "now">): Issue[] {
  const issues: Issue[] = [];
  const influencerIssue = validateInfluencer(draft.influencer, ctx.brand);
  if (influencerIssue) issues.push({ field: "influencer", code: influencerIssue });
  text(issues, "title", draft.title, 120);
  text(issues, "brandName", draft.brandName, 64);
  text(issues, "summary", draft.summary, 4000, false);
  if (!ISO_639_1.has(draft.language.trim())) issues.push({ field: "language", code: "language.invalid" });
  if (wholeNumber(draft.topic, 0, TOPIC_COUNT - 1) === undefined) issues.push({ field: "topic", code: "topic.invalid" });

  const acceptBy = dateIn(issues, "acceptBy", draft.acceptBy, ctx.now, LIMITS.horizonDays);
  if (draft.milestones.length === 0 || draft.milestones.length > LIMITS.maxMilestones) {
    issues.push({ field: "milestones", code: "milestones.count", vars: { max: LIMITS.maxMilestones } });
  }
  let total = 0n;
  draft.milestones.forEach((m, i) => {
    const at = `milestones.${i}`;
    text(issues, `${at}.description`, m.description, 2000);
    text(issues, `${at}.format`, m.format, 64);
    if (!(CHANNELS as readonly string[]).includes(m.channel)) issues.push({ field: `${at}.channel`, code: "channel.invalid" });
    const amount = parseAmount(m.amount);
    if (typeof amount === "string") issues.push({ field: `${at}.amount`, code: amount });
    else if (amount === 0n) issues.push({ field: `${at}.amount`, code: "amount.zero" });
    else total += amount;
    const due = dateIn(issues, `${at}.deliverBy`, m.deliverBy, ctx.now, LIMITS.horizonDays);
    if (due !== undefined && acceptBy !== undefined && due <= acceptBy) {
      issues.push({ field: `${at}.deliverBy`, code: "deliverBy.beforeAcceptBy" });
    }
  });

  for (const key of ["reviewDays", "revisionDays", "feeDays"] as const) {
    if (wholeNumber(draft[key], LIMITS.minPeriodDays, LIMITS.maxPeriodDays) === undefined) {
      issues.push({ field: key, code: "period.range", vars: { min: LIMITS.minPeriodDays, max: LIMITS.maxPeriodDays } });
    }
  }
  if (wholeNumber(draft.maxRevisions, 0, LIMITS.maxRevisions) === undefined) {
    issues.push({ field: "maxRevisions", code: "revisions.range", vars: { max: LIMITS.maxRevisions } });
  }
  issues.push(...validateQuestions(draft.questions, "questions"));
  text(issues, "disclosure", draft.disclosure, 200, false);
  for (const tag of hashtagsOf(draft.hashtags)) {
    if (!/^#[^\s#]{1,99}$/.test(tag)) issues.push({ field: "hashtags", code: "hashtag.invalid", vars: { tag } });
  }
  if (draft.disclosure.trim() === "" && hashtagsOf(draft.hashtags).length === 0) {
    issues.push({ field: "disclosure", code: "required" });
  }

  const ex = draft.exclusivity;
  if (ex.enabled) {
    if (wholeNumber(ex.topic, 0, TOPIC_COUNT - 1) === undefined) issues.push({ field: "exclusivity.topic", code: "topic.invalid" });
    const from = ex.from.trim() === "" ? undefined : startOfDay(ex.from);
    if (ex.from.trim() === "") issues.push({ field: "exclusivity.from", code: "required" });
    else if (from === undefined) issues.push({ field: "exclusivity.from", code: "date.invalid" });
    const until = ex.until.trim() === "" ? undefined : endOfDay(ex.until);
    if (ex.until.trim() === "") issues.push({ field: "exclusivity.until", code: "required" });
    else if (until === undefined) issues.push({ field: "exclusivity.until", code: "date.invalid" });
    else if (until <= ctx.now || (from !== undefined && from >= until)) {
      issues.push({ field: "exclusivity.until", code: "exclusivity.window" });
    } else if (until > ctx.now + BigInt(LIMITS.maxExclusivityDays * DAY)) {
      issues.push({ field: "exclusivity.until", code: "exclusivity.tooLong", vars: { days: LIMITS.maxExclusivityDays } });
    }
    if (ex.holdbackPercent.trim() !== "" && ex.holdbackPercent.trim() !== "0") {
      const bps = percentToBps(ex.holdbackPercent);
      if (bps === undefined || bps === 0 || bps > LIMITS.maxHoldbackBps) {
        issues.push({ field: "exclusivity.holdbackPercent", code: "holdback.range", vars: { max: LIMITS.maxHoldbackBps / 100 } });
      }
      issues.push(...validateQuestions(ex.breachQuestions, "exclusivity.breachQuestions"));
    }
  }

  const rights = draft.rights;
  let rightsPrice = 0n;
  if (rights.enabled) {
    if (rights.scopes.length === 0) issues.push({ field: "rights.scopes", code: "rights.scope" });
    const maxDays = Math.floor((2 ** 40 - 1) / DAY);
    if (wholeNumber(rights.durationDays, 0, maxDays) === undefined) {
      issues.push({ field: "rights.durationDays", code: "rights.duration", vars: { max: maxDays } });
    }
    for (const code of territoriesOf(rights.territories)) {
      if (!/^[A-Z]{2}$/.test(code)) issues.push({ field: "rights.territories", code: "rights.territory", vars: { code } });
    }
    const price = rights.price.trim() === "" ? 0n : parseAmount(rights.price);
    if (typeof price === "string") issues.push({ field: "rights.price", code: price });
    else rightsPrice = price;
    text(issues, "rights.description", rights.description, 4000);
  }
  if (total + rightsPrice > LIMITS.maxTotal) issues.push({ field: "milestones", code: "total.tooLarge" });
  return issues;
}

function hashtagsOf(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((t) => t.trim())
    .filter(Boolean);
}

function territoriesOf(value: string): string[] {
  return value
    .split(/[\s,;]+/)
    .map((t) => t.trim())
    .filter(Boolean);
}

/* ------------------------------------------------------------------ */
/*                        TERMS, HASHES, BRIEF                        */
/* ------------------------------------------------------------------ */

/** DealTerms as viem encodes them (uint40 and smaller as numbers, larger as bigints). */
export interface OfferTerms {
  readonly brand: Address;
  readonly influencer: Address;
  readonly token: Address;
  readonly protocolFeeBps: number;
  readonly maxRevisions: number;
  readonly language: Hex;
  readonly topic: number;
  readonly acceptBy: number;
  readonly reviewPeriod: number;
  readonly revisionPeriod: number;
  readonly feeTimeout: number;
  readonly briefHash: Hex;
  readonly criteriaHash: Hex;
  readonly salt: Hex;
  readonly exclusiveTopic: number;
  readonly exclusiveFrom: number;
  readonly exclusiveUntil: number;
  readonly holdbackBps: number;
  readonly breachCriteriaHash: Hex;
  readonly rightsPrice: bigint;
  readonly rightsHash: Hex;
  readonly milestones: readonly { readonly amount: bigint; readonly deliverBy: number }[];
}

export interface RightsTerms {
  readonly scope: number;
  readonly duration: number;
  readonly territories: readonly Hex[];
  readonly exclusive: boolean;
  readonly documentHash: Hex;
}

const QUESTIONS = parseAbiParameters("(uint8 optionCount, uint16 compliantMask, uint16 weight)[]");
const RIGHTS = parseAbiParameters("(uint16 scope, uint40 duration, bytes2[] territories, bool exclusive, bytes32 documentHash)");
const TERMS = parseAbiParameters(
  "(address brand, address influencer, address token, uint16 protocolFeeBps, uint8 maxRevisions, bytes2 language, " +
    "uint8 topic, uint40 acceptBy, uint32 reviewPeriod, uint32 revisionPeriod, uint32 feeTimeout, bytes32 briefHash, " +
    "bytes32 criteriaHash, bytes32 salt, uint8 exclusiveTopic, uint40 exclusiveFrom, uint40 exclusiveUntil, " +
    "uint16 holdbackBps, bytes32 breachCriteriaHash, uint128 rightsPrice, bytes32 rightsHash, " +
    "(uint128 amount, uint40 deliverBy)[] milestones)",
);
const KEY = parseAbiParameters("(address brand, address influencer, address token, bytes32 termsHash)");

/** keccak256(abi.encode(Question[])): DealTerms.criteriaHash (and breachCriteriaHash). */
export function hashCriteria(criteria: readonly Question[]): Hex {
  return keccak256(encodeAbiParameters(QUESTIONS, [criteria]));
}

/** keccak256(abi.encode(RightsTerms)): DealTerms.rightsHash. */
export function hashRights(rights: RightsTerms): Hex {
  return keccak256(encodeAbiParameters(RIGHTS, [rights]));
}

/** keccak256(abi.encode(DealTerms)): DealKey.termsHash. */
export function hashTerms(terms: OfferTerms): Hex {
  return keccak256(encodeAbiParameters(TERMS, [terms]));
}

/** The id the escrow gives the deal: keccak256(abi.encode(DealKey{brand, influencer, token, termsHash})). */
export function dealIdOf(terms: OfferTerms): Hex {
  return keccak256(
    encodeAbiParameters(KEY, [{ brand: terms.brand, influencer: terms.influencer, token: terms.token, termsHash: hashTerms(terms) }]),
  );
}

/** What the brand escrows: the milestones plus the rights price. */
export function totalOf(terms: Pick<OfferTerms, "milestones" | "rightsPrice">): bigint {
  return terms.milestones.reduce((sum, m) => sum + m.amount, 0n) + terms.rightsPrice;
}

/** The protocol fee taken from the influencer's payouts (the brand locks the total; the fee comes out of it). */
export function protocolFeeOf(total: bigint, feeBps: number): bigint {
  return (total * BigInt(feeBps)) / 10_000n;
}

/** A version-1 brief question (`ispera.brief`), trimmed. */
export interface BriefQuestion {
  text: string;
  options: string[];
  compliant: number[];
  weight: number;
}

/** The `ispera.brief` v1 document the form builds (scripts/lib/docstore/brief.ts BriefDocument). */
export interface BriefDocument {
  schema: "ispera.brief";
  version: 1;
  title: string;
  brand: { name: string };
  language: string;
  topic: number;
  summary?: string;
  milestones: { title?: string; deliverables: { channel: string; format: string; description: string; deliverBy: number }[] }[];
  acceptance: { questions: BriefQuestion[] };
  exclusivity?: { topic: number; from: number; until: number; holdback?: { bps: number; breachQuestions: BriefQuestion[] } };
  rights?: { description: string; scope: string[] };
  guidelines: { disclosure?: string; hashtags?: string[] };
}

function briefQuestion(q: QuestionDraft): BriefQuestion {
  return {
    text: q.text.trim(),
    options: q.options.map((o) => o.trim()),
    compliant: [...new Set(q.compliant)].sort((a, b) => a - b),
    weight: Number(q.weight.trim()),
  };
}

/** The brief document of a valid draft (throws when the draft has issues). */
export function buildBrief(draft: OfferDraft, ctx: Pick<OfferContext, "brand" | "now">): BriefDocument {
  const issues = validateOffer(draft, ctx);
  if (issues.length > 0) throw new Error(`the offer has ${issues.length} problem(s): ${issues.map((i) => `${i.field} ${i.code}`).join(", ")}`);
  const summary = draft.summary.trim();
  const hashtags = hashtagsOf(draft.hashtags);
  const disclosure = draft.disclosure.trim();
  const brief: BriefDocument = {
    schema: "ispera.brief",
    version: 1,
    title: draft.title.trim(),
    brand: { name: draft.brandName.trim() },
    language: draft.language.trim(),
    topic: Number(draft.topic),
    ...(summary ? { summary } : {}),
    milestones: draft.milestones.map((m) => ({
      deliverables: [
        { channel: m.channel, format: m.format.trim(), description: m.description.trim(), deliverBy: Number(endOfDay(m.deliverBy)) },
      ],
    })),
    acceptance: { questions: draft.questions.map(briefQuestion) },
    guidelines: { ...(disclosure ? { disclosure } : {}), ...(hashtags.length ? { hashtags: [...new Set(hashtags)] } : {}) },
  };
  const holdbackBps = holdbackBpsOf(draft);
  if (draft.exclusivity.enabled) {
    brief.exclusivity = {
      topic: Number(draft.exclusivity.topic),
      from: Number(startOfDay(draft.exclusivity.from)),
      until: Number(endOfDay(draft.exclusivity.until)),
      ...(holdbackBps > 0 ? { holdback: { bps: holdbackBps, breachQuestions: draft.exclusivity.breachQuestions.map(briefQuestion) } } : {}),
    };
  }
  if (draft.rights.enabled) {
    brief.rights = {
      description: draft.rights.description.trim(),
      scope: RIGHTS_SCOPES.filter(([name]) => draft.rights.scopes.includes(name)).map(([name]) => name),
    };
  }
  return brief;
}

function holdbackBpsOf(draft: OfferDraft): number {
  if (!draft.exclusivity.enabled) return 0;
  const text = draft.exclusivity.holdbackPercent.trim();
  return text === "" ? 0 : (percentToBps(text) ?? 0);
}

/** The rights terms of a valid draft with rights (documentHash = keccak256 of the licence text, as scripts/lib/rights.ts). */
export function buildRights(draft: OfferDraft): RightsTerms {
  const r = draft.rights;
  return {
    scope: RIGHTS_SCOPES.filter(([name]) => r.scopes.includes(name)).reduce((bits, [, bit]) => bits | bit, 0),
    duration: Number(r.durationDays.trim()) * DAY,
    territories: territoriesOf(r.territories).map((code) => stringToHex(code, { size: 2 })),
    exclusive: r.exclusive,
    documentHash: keccak256(stringToHex(r.description.trim())),
  };
}

export interface BuiltOffer {
  readonly terms: OfferTerms;
  readonly criteria: readonly Question[];
  readonly breachCriteria: readonly Question[];
  readonly rights: RightsTerms | undefined;
  readonly total: bigint;
  readonly dealId: Hex;
}

/**
 * The exact createDeal arguments of a valid draft whose brief is stored with digest `briefHash` (throws when the
 * draft has issues).
 */
export function buildOffer(draft: OfferDraft, ctx: OfferContext, briefHash: Hex): BuiltOffer {
  const issues = validateOffer(draft, ctx);
  if (issues.length > 0) throw new Error(`the offer has ${issues.length} problem(s): ${issues.map((i) => `${i.field} ${i.code}`).join(", ")}`);
  const criteria = draft.questions.map(questionOf);
  const holdbackBps = holdbackBpsOf(draft);
  const breachCriteria = holdbackBps > 0 ? draft.exclusivity.breachQuestions.map(questionOf) : [];
  const rights = draft.rights.enabled ? buildRights(draft) : undefined;
  const ex = draft.exclusivity;
  const terms: OfferTerms = {
    brand: getAddress(ctx.brand),
    influencer: getAddress(draft.influencer.trim()),
    token: getAddress(ctx.token),
    protocolFeeBps: ctx.protocolFeeBps,
    maxRevisions: Number(draft.maxRevisions.trim()),
    language: toHex(draft.language.trim(), { size: 2 }),
    topic: Number(draft.topic),
    acceptBy: Number(endOfDay(draft.acceptBy)),
    reviewPeriod: Number(draft.reviewDays.trim()) * DAY,
    revisionPeriod: Number(draft.revisionDays.trim()) * DAY,
    feeTimeout: Number(draft.feeDays.trim()) * DAY,
    briefHash,
    criteriaHash: hashCriteria(criteria),
    salt: ctx.salt,
    exclusiveTopic: ex.enabled ? Number(ex.topic) : 0,
    exclusiveFrom: ex.enabled ? Number(startOfDay(ex.from)) : 0,
    exclusiveUntil: ex.enabled ? Number(endOfDay(ex.until)) : 0,
    holdbackBps,
    breachCriteriaHash: holdbackBps > 0 ? hashCriteria(breachCriteria) : ZERO_HASH,
    rightsPrice: rights ? (draft.rights.price.trim() === "" ? 0n : (parseAmount(draft.rights.price) as bigint)) : 0n,
    rightsHash: rights ? hashRights(rights) : ZERO_HASH,
    milestones: draft.milestones.map((m) => ({ amount: parseAmount(m.amount) as bigint, deliverBy: Number(endOfDay(m.deliverBy)) })),
  };
  return { terms, criteria, breachCriteria, rights, total: totalOf(terms), dealId: dealIdOf(terms) };
}

/** The window conflictOf is asked about (undefined while the exclusivity part is incomplete or invalid). */
export function exclusivityWindow(draft: OfferDraft): { topic: number; from: number; until: number } | undefined {
  const ex = draft.exclusivity;
  if (!ex.enabled) return undefined;
  const topic = wholeNumber(ex.topic, 0, TOPIC_COUNT - 1);
  const from = startOfDay(ex.from);
  const until = endOfDay(ex.until);
  if (topic === undefined || from === undefined || until === undefined || from >= until) return undefined;
  return { topic, from: Number(from), until: Number(until) };
}

/** A new draft with sensible defaults relative to the chain's time `now`. */
export function initialDraft(now: bigint, lang: "en" | "fr", influencer = ""): OfferDraft {
  const day = (n: number) => dateOf(now + BigInt(n * DAY));
  return {
    influencer,
    title: "",
    brandName: "",
    summary: "",
    language: lang,
    topic: "4",
    milestones: [{ description: "", channel: "youtube", format: "video", amount: "", deliverBy: day(21) }],
    acceptBy: day(7),
    reviewDays: "5",
    revisionDays: "4",
    feeDays: "5",
    maxRevisions: "2",
    questions: [],
    disclosure: "#ad",
    hashtags: "",
    exclusivity: { enabled: false, topic: "4", from: day(0), until: day(90), holdbackPercent: "", breachQuestions: [] },
    rights: { enabled: false, scopes: ["OrganicRepost"], durationDays: "365", territories: "", exclusive: false, price: "", description: "" },
  };
}
