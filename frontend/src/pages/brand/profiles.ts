// Influencer profiles as the browse page reads them (pure: no React): the latest ProfileUpdated event per account,
// a structural check of the profile document (`ispera.profile` v1, scripts/lib/profile.ts; the document itself is
// verified against its on-chain hash by lib/docs.ts), the reputation counters, and the filters.
import type { Address, Hex } from "viem";

export interface ProfileEvent {
  readonly account: Address;
  readonly metadataHash: Hex;
  readonly uri: string;
  readonly version: bigint;
}

/** The newest event per account, without the cleared profiles (zero hash or empty URI), sorted by account. */
export function latestProfiles(events: readonly ProfileEvent[]): ProfileEvent[] {
  const latest = new Map<string, ProfileEvent>();
  for (const e of events) {
    const key = e.account.toLowerCase();
    const seen = latest.get(key);
    if (!seen || e.version > seen.version) latest.set(key, e);
  }
  return [...latest.values()]
    .filter((e) => BigInt(e.metadataHash) !== 0n && e.uri !== "")
    .sort((a, b) => (a.account.toLowerCase() < b.account.toLowerCase() ? -1 : 1));
}

export interface ProfileChannel {
  readonly platform: string;
  readonly handle: string;
  readonly url: string;
  readonly followers: number;
}

export interface RateCardEntry {
  readonly deliverable: string;
  readonly amount: string;
  readonly currency: string;
}

export interface ProfileDocument {
  readonly role: "brand" | "influencer";
  readonly handle: string;
  readonly displayName: string;
  readonly channels: readonly ProfileChannel[];
  readonly languages: readonly string[];
  readonly topics: readonly number[];
  readonly rateCard: readonly RateCardEntry[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}

/**
 * The profile in `value` when it has the version-1 shape the page shows (schema, version, role, texts, lists of the
 * right types); undefined otherwise (the page then lists the account as "profile unreadable").
 */
export function readProfile(value: unknown): ProfileDocument | undefined {
  if (!isRecord(value) || value.schema !== "ispera.profile" || value.version !== 1) return undefined;
  const { role, handle, displayName, channels, languages, topics, rateCard } = value;
  if (role !== "brand" && role !== "influencer") return undefined;
  if (!isString(handle) || !isString(displayName)) return undefined;
  if (!Array.isArray(channels) || !Array.isArray(languages) || !Array.isArray(topics) || !Array.isArray(rateCard)) return undefined;
  const channelsOk = channels.every(
    (c) => isRecord(c) && isString(c.platform) && isString(c.handle) && isString(c.url) && typeof c.followers === "number",
  );
  const ratesOk = rateCard.every((r) => isRecord(r) && isString(r.deliverable) && isString(r.amount) && isString(r.currency));
  if (!channelsOk || !ratesOk || !languages.every(isString) || !topics.every((t) => Number.isInteger(t))) return undefined;
  return {
    role,
    handle,
    displayName,
    channels: channels as ProfileChannel[],
    languages: languages as string[],
    topics: topics as number[],
    rateCard: rateCard as RateCardEntry[],
  };
}

export interface InfluencerCard {
  readonly account: Address;
  readonly profile: ProfileDocument;
  readonly dealsCompleted: number;
  readonly dealsClosed: number;
  readonly ratingCount: number;
  /** Average rating x 100 (Reputation.averageRating); 0 without ratings. */
  readonly averageRating: number;
}

export interface InfluencerFilter {
  /** ISO 639-1 code, "" = any. */
  readonly language: string;
  /** Topic id as text, "" = any. */
  readonly topic: string;
  /** Platform, "" = any. */
  readonly channel: string;
  /** Lowest average rating (1 to 5) as text, "" = any; an influencer without ratings does not pass a minimum. */
  readonly minRating: string;
  /** Fewest completed deals as text, "" = any. */
  readonly minDeals: string;
  /** Free text matched against the handle and display name. */
  readonly search: string;
}

export const NO_FILTER: InfluencerFilter = { language: "", topic: "", channel: "", minRating: "", minDeals: "", search: "" };

export function matches(card: InfluencerCard, filter: InfluencerFilter): boolean {
  const p = card.profile;
  if (filter.language && !p.languages.includes(filter.language)) return false;
  if (filter.topic !== "" && !p.topics.includes(Number(filter.topic))) return false;
  if (filter.channel && !p.channels.some((c) => c.platform === filter.channel)) return false;
  if (filter.minRating !== "" && (card.ratingCount === 0 || card.averageRating < Number(filter.minRating) * 100)) return false;
  if (filter.minDeals !== "" && card.dealsCompleted < Number(filter.minDeals)) return false;
  const search = filter.search.trim().toLowerCase();
  if (search && !p.handle.toLowerCase().includes(search) && !p.displayName.toLowerCase().includes(search)) return false;
  return true;
}

/** The influencers that pass the filter, best rated first, then most completed deals, then by handle. */
export function filterInfluencers(cards: readonly InfluencerCard[], filter: InfluencerFilter): InfluencerCard[] {
  return cards
    .filter((c) => c.profile.role === "influencer" && matches(c, filter))
    .sort(
      (a, b) =>
        b.averageRating - a.averageRating || b.dealsCompleted - a.dealsCompleted || a.profile.handle.localeCompare(b.profile.handle),
    );
}

/** The values the filters offer: every language, topic and platform of the influencers' profiles, sorted. */
export function filterOptions(cards: readonly InfluencerCard[]): { languages: string[]; topics: number[]; channels: string[] } {
  const languages = new Set<string>();
  const topics = new Set<number>();
  const channels = new Set<string>();
  for (const c of cards) {
    if (c.profile.role !== "influencer") continue;
    c.profile.languages.forEach((l) => languages.add(l));
    c.profile.topics.forEach((t) => topics.add(t));
    c.profile.channels.forEach((ch) => channels.add(ch.platform));
  }
  return { languages: [...languages].sort(), topics: [...topics].sort((a, b) => a - b), channels: [...channels].sort() };
}

/** The average rating as "4.33" (or undefined without ratings). */
export function ratingText(card: Pick<InfluencerCard, "ratingCount" | "averageRating">): string | undefined {
  return card.ratingCount === 0 ? undefined : (card.averageRating / 100).toFixed(2);
}
