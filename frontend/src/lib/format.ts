// Number, amount, date and address formatting, per language.
import { formatUnits, type Address } from "viem";
import type { Lang } from "../i18n/index.tsx";

const LOCALES: Record<Lang, string> = { en: "en-GB", fr: "fr-FR" };

/** A token amount in its units ("1,234.5 USDC" / "1 234,5 USDC"). */
export function formatAmount(amount: bigint, lang: Lang, decimals = 6, symbol = "USDC"): string {
  const [whole = "0", fraction = ""] = formatUnits(amount, decimals).split(".");
  const wholeText = new Intl.NumberFormat(LOCALES[lang]).format(BigInt(whole));
  const trimmed = fraction.replace(/0+$/, "");
  const separator = lang === "fr" ? "," : ".";
  return `${wholeText}${trimmed ? separator + trimmed : ""}${symbol ? ` ${symbol}` : ""}`;
}

/** A unix time (seconds) as a date and time in the user's time zone. */
export function formatTime(seconds: bigint | number, lang: Lang): string {
  const ms = Number(seconds) * 1000;
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: "medium", timeStyle: "short" }).format(new Date(ms));
}

/** A duration in seconds as days / hours / minutes. */
export function formatDuration(seconds: bigint | number, lang: Lang): string {
  let s = Math.max(0, Math.floor(Number(seconds)));
  const d = Math.floor(s / 86_400);
  s -= d * 86_400;
  const h = Math.floor(s / 3_600);
  s -= h * 3_600;
  const m = Math.floor(s / 60);
  const unit = lang === "fr" ? { d: "j", h: "h", m: "min" } : { d: "d", h: "h", m: "min" };
  const parts = [d ? `${d} ${unit.d}` : "", h ? `${h} ${unit.h}` : "", !d && m ? `${m} ${unit.m}` : ""].filter(Boolean);
  return parts.length ? parts.join(" ") : lang === "fr" ? "moins d'une minute" : "under a minute";
}

export function shortAddress(address: Address | string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

export function shortHash(hash: string): string {
  return hash.length > 14 ? `${hash.slice(0, 10)}…${hash.slice(-6)}` : hash;
}

export function formatBps(bps: number | bigint, lang: Lang): string {
  return `${new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 2 }).format(Number(bps) / 100)} %`;
}
