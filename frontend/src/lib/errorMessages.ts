// Plain words for the contracts' custom errors (lib/errors.ts decodes them): `describeError` fills the error's text
// (lib/errorTexts.ts, English and French) with its arguments, each formatted by its kind: USDC amounts, basis points
// as percentages, times as dates, durations, milestone and question numbers counted from 1, languages, and the
// contracts' enums as words. The texts are a lazily loaded chunk (`errorTextsReady`); until it has arrived, and for
// an error without a text (a new one), the error is still shown readably: its name split into words and its
// arguments. Pure module (no React): unit tested with Node's test runner (frontend/test/errors.test.ts).
import type { AbiError } from "abitype";
import type { Lang } from "../i18n/index.tsx";
import type { ErrorText } from "./errorTexts.ts";
import { allErrorsAbi, type DecodedError } from "./errors.ts";
import { formatAmount, formatBps, formatDuration, formatTime, shortAddress, shortHash } from "./format.ts";

type Labels = Readonly<Record<Lang, readonly string[]>>;
let texts: Readonly<Record<string, ErrorText>> = {};
let enumLabels: Readonly<Record<string, Labels>> = {};

/** Resolves once the texts are loaded (started when this module is first imported). */
export const errorTextsReady: Promise<void> = import("./errorTexts.ts").then(
  (module) => {
    texts = module.ERROR_TEXTS;
    enumLabels = module.ENUM_LABELS;
  },
  () => {
    // Offline or a failed chunk: errors keep their readable fallback.
  },
);

/** How an argument's value is shown. */
type Kind = "amount" | "bps" | "time" | "duration" | "number" | "ordinal" | "language" | "milestoneMask";

const AMOUNT_NAMES = new Set([
  "amount",
  "paid",
  "cost",
  "allowance",
  "needed",
  "balance",
  "price",
  "rightsPrice",
  "stake",
  "minStake",
  "requested",
  "free",
  "total",
]);
const TIME_NAMES = new Set([
  "deadline",
  "timestamp",
  "until",
  "from",
  "allowedAt",
  "retryAt",
  "expiredAt",
  "endedAt",
  "startsAt",
  "endsAt",
  "acceptBy",
  "deliverBy",
  "notBefore",
  "notAfter",
  "exclusiveFrom",
  "exclusiveUntil",
]);
/** Indexes counted from 0 by the contracts and from 1 by people. */
const ORDINAL_NAMES = new Set(["milestone", "index"]);

/** Arguments whose kind depends on the error, not only on their name. */
const ERROR_ARG_KINDS: Readonly<Record<string, Readonly<Record<string, Kind>>>> = {
  CourtAmountTooLarge: { max: "amount" },
  TermsTotalTooLarge: { max: "amount" },
  EscrowTransferShortfall: { expected: "amount", received: "amount" },
  HoldbackTransferShortfall: { expected: "amount", received: "amount" },
  TermsFeeMismatch: { provided: "bps", current: "bps" },
  TermsHoldbackTooHigh: { max: "bps" },
  TermsReviewPeriodOutOfRange: { period: "duration", min: "duration", max: "duration" },
  TermsRevisionPeriodOutOfRange: { period: "duration", min: "duration", max: "duration" },
  TermsFeeTimeoutOutOfRange: { timeout: "duration", min: "duration", max: "duration" },
  MilestoneUnexpectedStatus: { expected: "milestoneMask" },
  UpkeepNotDue: { index: "number" },
  ERC721IncorrectOwner: { tokenId: "number" },
  StringsInsufficientHexLength: { length: "number" },
};

function kindOf(error: string, name: string, type: string | undefined): Kind | undefined {
  const special = ERROR_ARG_KINDS[error]?.[name];
  if (special) return special;
  if (type === "bytes2") return "language";
  if (AMOUNT_NAMES.has(name)) return "amount";
  if (/Bps$/.test(name)) return "bps";
  if (TIME_NAMES.has(name)) return "time";
  if (ORDINAL_NAMES.has(name)) return "ordinal";
  return undefined;
}

const NONE: Readonly<Record<Lang, string>> = { en: "none", fr: "aucune" };
const OR: Readonly<Record<Lang, string>> = { en: " or ", fr: " ou " };

function asBigint(value: unknown): bigint | undefined {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  return undefined;
}

/** `value` of argument `name` (ABI input `input`) of error `error`, in words. */
export function formatErrorArg(error: string, name: string, value: unknown, lang: Lang, input?: { type: string; internalType?: string }): string {
  const labels = input?.internalType ? enumLabels[input.internalType] : undefined;
  const number = asBigint(value);
  if (labels && number !== undefined) return labels[lang][Number(number)] ?? number.toString();
  const kind = kindOf(error, name, input?.type);
  if (kind === "language" && typeof value === "string" && /^0x[0-9a-fA-F]{4}$/.test(value)) {
    const code = String.fromCharCode(parseInt(value.slice(2, 4), 16), parseInt(value.slice(4, 6), 16));
    return /^[ -~]{2}$/.test(code) ? code : value;
  }
  if (number !== undefined) {
    switch (kind) {
      case "amount":
        return formatAmount(number, lang);
      case "bps":
        return formatBps(number, lang);
      case "time":
        return number === 0n ? NONE[lang] : formatTime(number, lang);
      case "duration":
        return formatDuration(number, lang);
      case "ordinal":
        return (number + 1n).toString();
      case "milestoneMask": {
        const statuses = enumLabels["enum MilestoneStatus"]?.[lang] ?? [];
        const names = statuses.filter((_, i) => (number >> BigInt(i)) & 1n);
        return names.length > 0 ? names.join(OR[lang]) : number.toString();
      }
      default:
        return number.toString();
    }
  }
  if (typeof value === "string" && /^0x[0-9a-fA-F]{40}$/.test(value)) return shortAddress(value);
  if (typeof value === "string" && /^0x[0-9a-fA-F]{64}$/.test(value)) return shortHash(value);
  if (Array.isArray(value)) return value.map((v) => formatErrorArg(error, name, v, lang)).join(", ");
  return String(value);
}

function fill(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

function capitalize(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

function humanize(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The ABI inputs of the error named `name` (when several errors share a name, the one with `argNames`). */
function inputsOf(name: string, argNames: readonly string[]): AbiError["inputs"] | undefined {
  const candidates = allErrorsAbi.filter((e) => e.name === name);
  const exact = candidates.find((e) => e.inputs.length === argNames.length && e.inputs.every((input, i) => input.name === argNames[i]));
  return (exact ?? candidates[0])?.inputs;
}

/** The error in plain words, in `lang`. */
export function describeError(error: DecodedError, lang: Lang): string {
  const entries = Object.entries(error.args);
  const inputs = inputsOf(
    error.name,
    entries.map(([name]) => name),
  );
  const vars: Record<string, string> = {};
  for (const [name, value] of entries) {
    const input = inputs?.find((i) => i.name === name);
    vars[name] = formatErrorArg(error.name, name, value, lang, input);
  }
  const text = texts[error.name];
  // A template may start with an argument ("{party} has already paid"): the sentence starts with a capital.
  if (text) return capitalize(fill(text[lang], vars));
  const details = Object.entries(vars)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  return `${humanize(error.name)}${details ? ` (${details})` : ""}.`;
}
