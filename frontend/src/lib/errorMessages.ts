// Plain-word texts of the contracts' custom errors, in every language of the app. A template names the error's
// arguments in braces ({dealId}); values are formatted by `describeError` (amounts, times, addresses).
// An error without a text here is still shown readably: its name split into words and its arguments.
import type { Lang } from "../i18n/index.tsx";
import { format } from "../i18n/index.tsx";
import type { DecodedError } from "./errors.ts";
import { shortAddress, shortHash } from "./format.ts";

type Texts = Readonly<Record<string, { readonly en: string; readonly fr: string }>>;

export const ERROR_TEXTS: Texts = {
  UserRejected: { en: "You rejected the request in your wallet.", fr: "Vous avez refusé la demande dans votre portefeuille." },
  Revert: { en: "The contract refused: {reason}.", fr: "Le contrat a refusé : {reason}." },
  Unknown: { en: "The request failed: {message}", fr: "La requête a échoué : {message}" },
  ExclusivityConflict: {
    en: "This influencer already holds an exclusivity on this topic with another brand ({conflictingBrand}, deal {conflictingDeal}) from {from} until {until}.",
    fr: "Cet influenceur a déjà une exclusivité sur ce thème avec une autre marque ({conflictingBrand}, contrat {conflictingDeal}) du {from} au {until}.",
  },
  DeadlinePassed: { en: "The deadline ({deadline}) has passed.", fr: "La date limite ({deadline}) est dépassée." },
  DeadlineNotReached: { en: "Too early: this is possible after {deadline}.", fr: "Trop tôt : possible après le {deadline}." },
};

function formatArg(name: string, value: unknown, lang: Lang): string {
  if (typeof value === "string" && /^0x[0-9a-fA-F]{40}$/.test(value)) return shortAddress(value);
  if (typeof value === "string" && /^0x[0-9a-fA-F]{64}$/.test(value)) return shortHash(value);
  if (typeof value === "bigint" && /deadline|until|from|at$|At$|timestamp|time/i.test(name) && value > 1_000_000_000n) {
    return new Intl.DateTimeFormat(lang === "fr" ? "fr-FR" : "en-GB", { dateStyle: "medium", timeStyle: "short" }).format(
      new Date(Number(value) * 1000),
    );
  }
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map((v) => formatArg(name, v, lang)).join(", ");
  return String(value);
}

function humanize(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The error in plain words, in `lang`. */
export function describeError(error: DecodedError, lang: Lang): string {
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(error.args)) vars[name] = formatArg(name, value, lang);
  const text = ERROR_TEXTS[error.name];
  if (text) return format(text[lang], vars);
  const details = Object.entries(vars)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  return `${humanize(error.name)}${details ? ` (${details})` : ""}.`;
}
