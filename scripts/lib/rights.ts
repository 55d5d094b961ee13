// Content-rights terms (RightsTerms and RightsScope of contracts/types/DealTypes.sol), shared by the tests, the
// demo, the proof script and (later) the frontend: building rights terms and writing them in words. The wording mirrors the
// certificate's on-chain renderer (contracts/libraries/RightsRenderer.sol); the tests compare both.
import { getBytes, hexlify, keccak256, toUtf8Bytes } from "ethers";
import { RightsScope, ZERO_HASH, territoryCode, type RightsTerms } from "./terms.ts";

// RightsScope, RightsTerms, territoryCode and hashRights live with the deal's terms (scripts/lib/terms.ts).
export { RightsScope, hashRights, territoryCode, type RightsTerms } from "./terms.ts";

/** The words of each scope bit, as the certificate writes them. */
export const SCOPE_NAMES: readonly (readonly [number, string])[] = [
  [RightsScope.OrganicRepost, "organic reposts on the brand's own channels"],
  [RightsScope.PaidAds, "paid ads and allow-listing from the creator's handle"],
  [RightsScope.Website, "brand website and e-commerce pages"],
  [RightsScope.OutOfHome, "out-of-home (billboards, in-store, print)"],
  [RightsScope.Email, "email and newsletters"],
  [RightsScope.Broadcast, "broadcast (TV, radio, streaming ads)"],
];

/** A bytes2 territory as the certificate writes it: its two letters when both are A-Z, its hex value otherwise. */
export function territoryText(value: string): string {
  const bytes = getBytes(value);
  const upper = (b: number | undefined): boolean => b !== undefined && b >= 0x41 && b <= 0x5a;
  if (bytes.length === 2 && upper(bytes[0]) && upper(bytes[1])) return String.fromCharCode(bytes[0]!, bytes[1]!);
  return hexlify(bytes);
}

export interface RightsInput {
  scope: number;
  /** Seconds from the effective date; 0 (default) = perpetual. */
  duration?: bigint | number;
  /** ISO 3166-1 alpha-2 codes ("FR"); none (default) = worldwide. */
  territories?: readonly string[];
  exclusive?: boolean;
  /** Hash of the off-chain licence text, or the text itself (hashed with keccak256). */
  documentHash?: string;
  document?: string;
}

/** Builds RightsTerms from readable choices. */
export function buildRights(input: RightsInput): RightsTerms {
  return {
    scope: input.scope,
    duration: BigInt(input.duration ?? 0),
    territories: (input.territories ?? []).map(territoryCode),
    exclusive: input.exclusive ?? false,
    documentHash: input.documentHash ?? (input.document === undefined ? ZERO_HASH : keccak256(toUtf8Bytes(input.document))),
  };
}

/** The scope's uses in words (unknown bits named by their value), as the certificate lists them. */
export function scopeNames(scope: number): string[] {
  const names = SCOPE_NAMES.filter(([bit]) => (scope & bit) !== 0).map(([, name]) => name);
  const unknown = scope & ~RightsScope.All & 0xffff;
  if (unknown !== 0) names.push(`unknown uses 0x${unknown.toString(16).padStart(4, "0")}`);
  return names;
}

/** The scope in one line ("none" when empty). */
export function scopeText(scope: number): string {
  const names = scopeNames(scope);
  return names.length === 0 ? "none" : names.join("; ");
}

/** The territories in one line ("worldwide" when none is listed). */
export function territoriesText(territories: readonly string[]): string {
  return territories.length === 0 ? "worldwide" : territories.map(territoryText).join(", ");
}

/** A duration in words: "perpetual", whole days, or seconds. */
export function durationText(duration: bigint): string {
  if (duration === 0n) return "perpetual";
  if (duration % 86_400n !== 0n) return `${duration} ${duration === 1n ? "second" : "seconds"}`;
  const days = duration / 86_400n;
  return `${days} ${days === 1n ? "day" : "days"}`;
}

/** An amount of token units with `decimals` decimals, without trailing zeros ("1500", "12.5"). */
export function formatAmount(amount: bigint, decimals: number): string {
  if (decimals === 0 || decimals > 77) return amount.toString();
  const unit = 10n ** BigInt(decimals);
  const whole = (amount / unit).toString();
  const fraction = (amount % unit).toString().padStart(decimals, "0").replace(/0+$/, "");
  return fraction === "" ? whole : `${whole}.${fraction}`;
}

/** A unix time as ISO 8601 UTC without milliseconds ("2026-11-22T09:30:00Z"). */
export function isoDate(timestamp: bigint): string {
  return new Date(Number(timestamp) * 1000).toISOString().replace(".000Z", "Z");
}
