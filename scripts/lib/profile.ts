// Profile documents of brands and influencers (docs/profiles.md): build, validate, write canonically and hash.
// The chain (contracts/Profiles.sol) keeps the document's hash and URI; the document itself lives off chain.
// `hashProfile` is the one place where a document's hash is computed: the demo, the tests, the frontend and the
// document store call it. The hash is the sha-256 digest inside the document's IPFS CID (scripts/lib/docstore/), so
// the on-chain metadataHash names the document and its URI is ipfs://<cid>.
import { toUtf8Bytes } from "ethers";
import { cidOfBytes, cidOfDigest, digestOfBytes, uriOfCid } from "./docstore/cid.ts";
import { canonicalBytes, canonicalJson } from "./docstore/json.ts";
import { Topic } from "./terms.ts";

export { canonicalJson };

export const PROFILE_SCHEMA = "ispera.profile";
export const PROFILE_VERSION = 1;
/** The longest URI the Profiles contract accepts (Profiles.MAX_URI_LENGTH). */
export const MAX_PROFILE_URI_LENGTH = 256;

export const PROFILE_ROLES = ["brand", "influencer"] as const;
export type ProfileRole = (typeof PROFILE_ROLES)[number];

/** Platforms a channel may be on; "other" for anything else (its URL says where). */
export const PLATFORMS = [
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
export type Platform = (typeof PLATFORMS)[number];

export const CURRENCIES = ["USDC"] as const;
export type Currency = (typeof CURRENCIES)[number];

/** Limits of a version-1 document (docs/profiles.md). */
export const PROFILE_LIMITS = {
  handle: { min: 3, max: 32 },
  displayName: 64,
  channels: 16,
  channelHandle: 100,
  url: 256,
  languages: 8,
  rateCard: 32,
  deliverable: 64,
} as const;

/** ISO 639-1 codes (lower case), the only languages a profile may list. */
export const ISO_639_1: ReadonlySet<string> = new Set(
  (
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el " +
    "en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu " +
    "ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na " +
    "nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so " +
    "sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu"
  ).split(" "),
);

/** Number of topics (contracts/types/DealTypes.sol, library Topics): valid ids are 0 .. TOPIC_COUNT - 1. */
export const TOPIC_COUNT = Object.keys(Topic).length;

export interface Channel {
  platform: Platform;
  /** The account's handle on that platform ("@maisonlumiere"). */
  handle: string;
  /** https URL of the channel. */
  url: string;
  /** Followers or subscribers as claimed by the account (a whole number, not verified). */
  followers: number;
}

export interface RateCardEntry {
  /** What is sold ("Instagram reel", "TikTok video 60 s"); unique within a rate card. */
  deliverable: string;
  /** Price as a decimal string with at most 6 decimals ("450", "99.5"), above zero. */
  amount: string;
  currency: Currency;
}

/** A version-1 profile document. */
export interface ProfileDocument {
  schema: typeof PROFILE_SCHEMA;
  version: typeof PROFILE_VERSION;
  role: ProfileRole;
  /** The Ispera handle: 3 to 32 of a-z 0-9 . _ -, starting and ending with a letter or digit. */
  handle: string;
  displayName: string;
  channels: Channel[];
  /** ISO 639-1 codes in lower case, most used first, no repeats. */
  languages: string[];
  /** Topic ids (contracts/types/DealTypes.sol `Topics`), ascending, no repeats. */
  topics: number[];
  /** What an influencer charges; always empty for a brand. */
  rateCard: RateCardEntry[];
}

/** What a caller gives to build a document: everything but the schema and version, with optional lists. */
export interface ProfileInput {
  role: ProfileRole;
  handle: string;
  displayName: string;
  channels?: readonly Channel[];
  languages: readonly string[];
  /** Topic ids or names of `Topic` ("Beauty"); sorted and deduplicated by `buildProfile`. */
  topics: readonly (number | keyof typeof Topic)[];
  rateCard?: readonly RateCardEntry[];
}

export interface ProfileIssue {
  /** Where in the document: "channels[1].url", "" for the document itself. */
  path: string;
  message: string;
}

/** A document that is not a valid version-1 profile; `issues` lists every problem found. */
export class ProfileError extends Error {
  readonly issues: readonly ProfileIssue[];

  constructor(issues: readonly ProfileIssue[]) {
    const lines = issues.map((i) => `  - ${i.path === "" ? "(document)" : i.path}: ${i.message}`);
    super(`invalid profile document (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${lines.join("\n")}`);
    this.name = "ProfileError";
    this.issues = issues;
  }
}

/* ------------------------------------------------------------------ */
/*                               BUILD                                */
/* ------------------------------------------------------------------ */

/**
 * Builds a version-1 document from readable choices: fills in the schema and version, lower-cases the languages,
 * turns topic names into ids and sorts them, and validates the result (throws ProfileError).
 */
export function buildProfile(input: ProfileInput): ProfileDocument {
  const topicIds = input.topics.map((t) => (typeof t === "number" ? t : (Topic[t] ?? Number.NaN)));
  const doc = {
    schema: PROFILE_SCHEMA,
    version: PROFILE_VERSION,
    role: input.role,
    handle: input.handle,
    displayName: input.displayName,
    channels: (input.channels ?? []).map((c) => ({ ...c })),
    languages: input.languages.map((l) => (typeof l === "string" ? l.toLowerCase() : l)),
    topics: [...new Set(topicIds)].sort((a, b) => a - b),
    rateCard: (input.rateCard ?? []).map((r) => ({ ...r })),
  };
  return validateProfile(doc);
}

/* ------------------------------------------------------------------ */
/*                              VALIDATE                              */
/* ------------------------------------------------------------------ */

const HANDLE = /^[a-z0-9][a-z0-9._-]*[a-z0-9]$/;
const AMOUNT = /^(0|[1-9][0-9]{0,14})(\.[0-9]{1,6})?$/;
// C0 and C1 control characters, which have no place in a name.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const DOCUMENT_KEYS = ["schema", "version", "role", "handle", "displayName", "channels", "languages", "topics", "rateCard"];
const CHANNEL_KEYS = ["platform", "handle", "url", "followers"];
const RATE_KEYS = ["deliverable", "amount", "currency"];

type Issues = ProfileIssue[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Checks that `value` is an object with exactly `keys`; reports unknown and missing ones. */
function checkKeys(value: Record<string, unknown>, keys: readonly string[], path: string, issues: Issues): void {
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) issues.push({ path: join(path, key), message: "unknown field (not in schema version 1)" });
  }
  for (const key of keys) {
    if (value[key] === undefined) issues.push({ path: join(path, key), message: "missing" });
  }
}

function join(path: string, key: string | number): string {
  return typeof key === "number" ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;
}

/** A trimmed, non-empty text of at most `max` characters without control characters. */
function checkText(value: unknown, max: number, path: string, issues: Issues): value is string {
  if (typeof value !== "string") {
    issues.push({ path, message: `must be a string, got ${describe(value)}` });
    return false;
  }
  if (value.trim() === "") issues.push({ path, message: "must not be empty" });
  else if (value.trim() !== value) issues.push({ path, message: "must not start or end with spaces" });
  if ([...value].length > max) issues.push({ path, message: `must be at most ${max} characters, got ${[...value].length}` });
  if (CONTROL.test(value)) issues.push({ path, message: "must not contain control characters" });
  return true;
}

function checkArray(value: unknown, min: number, max: number, path: string, issues: Issues): value is unknown[] {
  if (!Array.isArray(value)) {
    issues.push({ path, message: `must be a list, got ${describe(value)}` });
    return false;
  }
  if (value.length < min) issues.push({ path, message: `needs at least ${min} entr${min === 1 ? "y" : "ies"}` });
  if (value.length > max) issues.push({ path, message: `must have at most ${max} entries, got ${value.length}` });
  return true;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `"${value.length > 40 ? value.slice(0, 40) + "…" : value}"`;
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

function checkChannel(value: unknown, path: string, issues: Issues): void {
  if (!isRecord(value)) {
    issues.push({ path, message: `must be an object {platform, handle, url, followers}, got ${describe(value)}` });
    return;
  }
  checkKeys(value, CHANNEL_KEYS, path, issues);
  const { platform, handle, url, followers } = value;
  if (platform !== undefined && !(PLATFORMS as readonly unknown[]).includes(platform)) {
    issues.push({ path: join(path, "platform"), message: `must be one of ${PLATFORMS.join(", ")}; got ${describe(platform)}` });
  }
  if (handle !== undefined) checkText(handle, PROFILE_LIMITS.channelHandle, join(path, "handle"), issues);
  if (url !== undefined) checkUrl(url, join(path, "url"), issues);
  if (followers !== undefined && !(Number.isSafeInteger(followers) && (followers as number) >= 0)) {
    issues.push({ path: join(path, "followers"), message: `must be a whole number >= 0, got ${describe(followers)}` });
  }
}

function checkUrl(value: unknown, path: string, issues: Issues): void {
  if (!checkText(value, PROFILE_LIMITS.url, path, issues)) return;
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    issues.push({ path, message: `must be an absolute https URL, got ${describe(value)}` });
    return;
  }
  if (parsed.protocol !== "https:") issues.push({ path, message: `must use https, got ${parsed.protocol}` });
}

function checkRate(value: unknown, path: string, issues: Issues): void {
  if (!isRecord(value)) {
    issues.push({ path, message: `must be an object {deliverable, amount, currency}, got ${describe(value)}` });
    return;
  }
  checkKeys(value, RATE_KEYS, path, issues);
  const { deliverable, amount, currency } = value;
  if (deliverable !== undefined) checkText(deliverable, PROFILE_LIMITS.deliverable, join(path, "deliverable"), issues);
  if (amount !== undefined) {
    if (typeof amount !== "string" || !AMOUNT.test(amount)) {
      issues.push({
        path: join(path, "amount"),
        message: `must be a decimal string with at most 6 decimals, like "450" or "99.5"; got ${describe(amount)}`,
      });
    } else if (!/[1-9]/.test(amount)) {
      issues.push({ path: join(path, "amount"), message: "must be above zero" });
    }
  }
  if (currency !== undefined && !(CURRENCIES as readonly unknown[]).includes(currency)) {
    issues.push({ path: join(path, "currency"), message: `must be one of ${CURRENCIES.join(", ")}; got ${describe(currency)}` });
  }
}

function checkLanguages(value: unknown, issues: Issues): void {
  if (!checkArray(value, 1, PROFILE_LIMITS.languages, "languages", issues)) return;
  const seen = new Set<unknown>();
  value.forEach((code, i) => {
    const path = join("languages", i);
    if (typeof code !== "string" || !/^[a-z]{2}$/.test(code)) {
      issues.push({ path, message: `must be an ISO 639-1 code in lower case ("en", "fr"), got ${describe(code)}` });
    } else if (!ISO_639_1.has(code)) {
      issues.push({ path, message: `"${code}" is not an ISO 639-1 language code` });
    }
    if (seen.has(code)) issues.push({ path, message: `repeats ${describe(code)}` });
    seen.add(code);
  });
}

function checkTopics(value: unknown, issues: Issues): void {
  if (!checkArray(value, 1, TOPIC_COUNT, "topics", issues)) return;
  value.forEach((id, i) => {
    const path = join("topics", i);
    if (!Number.isInteger(id) || (id as number) < 0 || (id as number) >= TOPIC_COUNT) {
      issues.push({ path, message: `must be a topic id 0 to ${TOPIC_COUNT - 1} (see Topics), got ${describe(id)}` });
    } else if (i > 0 && typeof value[i - 1] === "number" && (id as number) <= (value[i - 1] as number)) {
      issues.push({ path, message: "topics must be in ascending order without repeats" });
    }
  });
}

/**
 * Checks that `value` is a valid version-1 profile document and returns it typed; otherwise throws a ProfileError
 * listing every problem (path and reason).
 */
export function validateProfile(value: unknown): ProfileDocument {
  const issues: Issues = [];
  if (!isRecord(value)) throw new ProfileError([{ path: "", message: `must be a JSON object, got ${describe(value)}` }]);
  checkKeys(value, DOCUMENT_KEYS, "", issues);
  const { schema, version, role, handle, displayName, channels, languages, topics, rateCard } = value;
  if (schema !== undefined && schema !== PROFILE_SCHEMA) {
    issues.push({ path: "schema", message: `must be "${PROFILE_SCHEMA}", got ${describe(schema)}` });
  }
  if (version !== undefined && version !== PROFILE_VERSION) {
    issues.push({ path: "version", message: `must be ${PROFILE_VERSION} (the only version this code reads), got ${describe(version)}` });
  }
  if (role !== undefined && !(PROFILE_ROLES as readonly unknown[]).includes(role)) {
    issues.push({ path: "role", message: `must be "brand" or "influencer", got ${describe(role)}` });
  }
  if (handle !== undefined) {
    const { min, max } = PROFILE_LIMITS.handle;
    if (typeof handle !== "string" || handle.length < min || handle.length > max || !HANDLE.test(handle)) {
      issues.push({
        path: "handle",
        message:
          `must be ${min} to ${max} of a-z 0-9 . _ - (lower case), starting and ending with a letter or digit; ` +
          `got ${describe(handle)}`,
      });
    }
  }
  if (displayName !== undefined) checkText(displayName, PROFILE_LIMITS.displayName, "displayName", issues);
  if (channels !== undefined) {
    const min = role === "influencer" ? 1 : 0;
    if (checkArray(channels, min, PROFILE_LIMITS.channels, "channels", issues)) {
      channels.forEach((c, i) => checkChannel(c, join("channels", i), issues));
    }
  }
  if (languages !== undefined) checkLanguages(languages, issues);
  if (topics !== undefined) checkTopics(topics, issues);
  if (rateCard !== undefined) {
    const max = role === "brand" ? 0 : PROFILE_LIMITS.rateCard;
    if (checkArray(rateCard, 0, max, "rateCard", issues)) {
      if (role === "brand" && rateCard.length > 0) issues.push({ path: "rateCard", message: "a brand has no rate card" });
      const seen = new Set<unknown>();
      rateCard.forEach((r, i) => {
        checkRate(r, join("rateCard", i), issues);
        const name = isRecord(r) ? r.deliverable : undefined;
        if (name !== undefined && seen.has(name)) {
          issues.push({ path: join(join("rateCard", i), "deliverable"), message: `repeats ${describe(name)}` });
        }
        seen.add(name);
      });
    }
  }
  if (issues.length > 0) throw new ProfileError(dedupe(issues));
  return value as unknown as ProfileDocument;
}

function dedupe(issues: Issues): Issues {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/* ------------------------------------------------------------------ */
/*                          CANONICAL FORM                            */
/* ------------------------------------------------------------------ */

/**
 * The hash the Profiles contract stores for a document: sha-256 of its canonical JSON's UTF-8 bytes, which is the
 * digest inside its CID (CIDv1, raw, sha2-256): cidOfDigest(hashProfile(doc)) === profileCid(doc). The one place
 * where a profile hash is computed.
 */
export function hashProfile(doc: ProfileDocument): string {
  return digestOfBytes(canonicalBytes(validateProfile(doc)));
}

/** The CID ("bafkrei…") of a document: what a document store returns when the canonical JSON is put in it. */
export function profileCid(doc: ProfileDocument): string {
  return cidOfBytes(canonicalBytes(validateProfile(doc)));
}

/** The URI to publish for a document kept in IPFS: ipfs://<cid>. */
export function profileUri(doc: ProfileDocument): string {
  return uriOfCid(profileCid(doc));
}

/** The ipfs:// URI of the document whose on-chain metadataHash is `hash`. */
export function profileUriOfHash(hash: string): string {
  return uriOfCid(cidOfDigest(hash));
}

/**
 * Reads a document fetched from a profile's URI: parses the JSON, validates it and, when `expectedHash` is given
 * (the chain's `metadataHash`), checks that the document is the one published. Throws a readable error otherwise.
 */
export function parseProfile(json: string, expectedHash?: string): ProfileDocument {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new ProfileError([{ path: "", message: `is not JSON (${(error as Error).message})` }]);
  }
  const doc = validateProfile(value);
  if (expectedHash !== undefined) {
    const actual = hashProfile(doc);
    if (actual.toLowerCase() !== expectedHash.toLowerCase()) {
      throw new ProfileError([
        { path: "", message: `hashes to ${actual}, not to the published ${expectedHash}: not the published document` },
      ]);
    }
  }
  return doc;
}

/** Checks a URI against the contract's rules (non-empty, at most MAX_PROFILE_URI_LENGTH UTF-8 bytes). */
export function checkProfileUri(uri: string): string {
  const length = toUtf8Bytes(uri).length;
  if (length === 0) throw new Error("profile URI must not be empty");
  if (length > MAX_PROFILE_URI_LENGTH) {
    throw new Error(`profile URI is ${length} bytes, above the ${MAX_PROFILE_URI_LENGTH} the contract accepts`);
  }
  return uri;
}

/** The names of a document's topics ("Beauty"), in its order. */
export function topicNames(doc: Pick<ProfileDocument, "topics">): string[] {
  const names = Object.entries(Topic);
  return doc.topics.map((id) => names.find(([, v]) => v === id)?.[0] ?? `topic ${id}`);
}
