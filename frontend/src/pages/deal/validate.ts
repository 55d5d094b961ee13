// Validation of what people type on the deal pages: addresses, shares, links, scores, texts. Each returns the parsed
// value or an error code that the page words in English or French (messages.ts, "err.<code>").
import { getAddress, isAddress, type Address } from "viem";

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/**
 * A payout address: 0x + 40 hex digits; mixed case must be a valid EIP-55 checksum; never the zero address nor one of
 * `forbidden` (the escrow or the vault itself, where funds would be stuck).
 */
export function parseAddress(text: string, forbidden: readonly string[] = []): Parsed<Address> {
  const value = text.trim();
  if (value === "") return fail("required");
  if (!/^0x[0-9a-fA-F]{40}$/.test(value)) return fail("address");
  const mixed = /[a-f]/.test(value.slice(2)) && /[A-F]/.test(value.slice(2));
  if (mixed && !isAddress(value, { strict: true })) return fail("checksum");
  if (value.toLowerCase() === ZERO_ADDRESS) return fail("zeroAddress");
  if (forbidden.some((f) => f.toLowerCase() === value.toLowerCase())) return fail("contractAddress");
  return ok(getAddress(value));
}

/** A share of the milestone for the influencer, typed in percent with at most two decimals -> basis points. */
export function parseSharePercent(text: string): Parsed<number> {
  const value = text.trim().replace(",", ".");
  if (value === "") return fail("required");
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(value)) return fail("percent");
  const [whole = "0", fraction = ""] = value.split(".");
  const bps = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  if (bps > 10_000) return fail("percentRange");
  return ok(bps);
}

/** A published content link: https only, at most 512 characters (the deliverable schema). */
export function parseHttpsUrl(text: string): Parsed<string> {
  const value = text.trim();
  if (value === "") return fail("required");
  if (value.length > 512) return fail("tooLong");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail("url");
  }
  if (url.protocol !== "https:" || !value.startsWith("https://") || url.hostname === "") return fail("https");
  return ok(value);
}

/** A rating, 1 to 5. */
export function parseScore(value: number | string): Parsed<number> {
  const n = typeof value === "number" ? value : Number(value.trim() || NaN);
  if (!Number.isInteger(n) || n < 1 || n > 5) return fail("score");
  return ok(n);
}

/** A text that must not start or end with blanks once trimmed, between 1 and `max` characters (`optional`: may be empty). */
export function parseText(text: string, max: number, optional = false): Parsed<string> {
  const value = text.trim();
  if (value === "") return optional ? ok("") : fail("required");
  if (value.length > max) return fail("tooLong");
  return ok(value);
}

/** A date and time from an <input type="datetime-local"> (local time) -> unix seconds, not after `notAfter`. */
export function parsePostedAt(text: string, notAfter: number): Parsed<number> {
  const value = text.trim();
  if (value === "") return fail("required");
  const ms = new Date(value).getTime();
  if (!Number.isFinite(ms)) return fail("date");
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return fail("date");
  if (seconds > notAfter) return fail("future");
  return ok(seconds);
}

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
export type Channel = (typeof CHANNELS)[number];

export function parseChannel(text: string): Parsed<Channel> {
  const found = CHANNELS.find((c) => c === text);
  return found ? ok(found) : fail("channel");
}
