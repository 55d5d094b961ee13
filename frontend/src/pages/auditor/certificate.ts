// The rights-certificate verifier in the browser: a viem port of scripts/lib/rightsProof.ts. `readRightsRecord`
// reads a certificate and everything it rests on (its tokenURI JSON, the escrow's state and events); `verifyRights`
// (pure) checks one against the other (who, what, when, which terms, valid or expired); `renderProofHtml` (pure)
// writes the printable, self-contained proof document. No React, no environment.
import {
  encodeAbiParameters,
  formatUnits,
  getAbiItem,
  getAddress,
  keccak256,
  numberToHex,
  parseEventLogs,
  type AbiParameter,
  type Address,
  type Client,
  type Hex,
} from "viem";
import { getBlock, getBlockNumber, getCode, getLogs, readContract } from "viem/actions";
import { erc20Abi } from "viem";
import { dealEscrowAbi, rightsCertificateAbi } from "../../config/abis.generated.ts";
import { DEAL_STATUS, MILESTONE_STATUS } from "./model.ts";

/* ----------------------------------------------------------------------------------------------------------------
 *                                                     TOKEN ID
 * ------------------------------------------------------------------------------------------------------------- */

const MAX_UINT256 = (1n << 256n) - 1n;

export type TokenIdError = "empty" | "format" | "range";

/** A certificate id typed by a person: a decimal token id or the 0x-prefixed 32-byte deal id. */
export function parseTokenId(text: string): { ok: true; tokenId: bigint; dealId: Hex } | { ok: false; error: TokenIdError } {
  const value = text.trim();
  if (value === "") return { ok: false, error: "empty" };
  let tokenId: bigint;
  if (/^[0-9]+$/.test(value)) tokenId = BigInt(value);
  else if (/^0x[0-9a-fA-F]{1,64}$/.test(value)) tokenId = BigInt(value);
  else if (/^0x[0-9a-fA-F]+$/.test(value)) return { ok: false, error: "range" };
  else return { ok: false, error: "format" };
  if (tokenId > MAX_UINT256) return { ok: false, error: "range" };
  return { ok: true, tokenId, dealId: numberToHex(tokenId, { size: 32 }) };
}

/* ----------------------------------------------------------------------------------------------------------------
 *                                                 HASHES OF TERMS
 * ------------------------------------------------------------------------------------------------------------- */

const dealCreated = getAbiItem({ abi: dealEscrowAbi, name: "DealCreated" });
const TERMS_PARAM = dealCreated.inputs.find((i) => i.name === "terms") as AbiParameter;
const KEY_PARAM = dealCreated.inputs.find((i) => i.name === "key") as AbiParameter;
const RIGHTS_PARAM = getAbiItem({ abi: rightsCertificateAbi, name: "rightsTerms" }).outputs[0] as AbiParameter;

export type DealCreatedArgs = NonNullable<ReturnType<typeof parseEventLogs<typeof dealEscrowAbi, true, "DealCreated">>[number]["args"]>;
export type DealTerms = DealCreatedArgs["terms"];

export interface RightsTerms {
  readonly scope: number;
  readonly duration: number;
  readonly territories: readonly Hex[];
  readonly exclusive: boolean;
  readonly documentHash: Hex;
}

/** keccak256(abi.encode(RightsTerms)): the value bound in DealTerms.rightsHash. */
export function hashRights(rights: RightsTerms): Hex {
  return keccak256(encodeAbiParameters([RIGHTS_PARAM], [rights]));
}

/** The deal id the escrow derives from the terms: keccak256(abi.encode(DealKey)). */
export function dealIdOf(terms: DealTerms): Hex {
  const termsHash = keccak256(encodeAbiParameters([TERMS_PARAM], [terms]));
  return keccak256(encodeAbiParameters([KEY_PARAM], [{ brand: terms.brand, influencer: terms.influencer, token: terms.token, termsHash }]));
}

/** A bytes2 territory as the certificate writes it: two letters when both are A-Z, its hex value otherwise. */
export function territoryText(value: Hex): string {
  const hex = value.slice(2);
  const a = Number.parseInt(hex.slice(0, 2), 16);
  const b = Number.parseInt(hex.slice(2, 4), 16);
  const upper = (c: number): boolean => c >= 0x41 && c <= 0x5a;
  return hex.length === 4 && upper(a) && upper(b) ? String.fromCharCode(a, b) : value;
}

export const SCOPE_NAMES: readonly (readonly [number, string])[] = [
  [1, "organic reposts on the brand's own channels"],
  [2, "paid ads and allow-listing from the creator's handle"],
  [4, "brand website and e-commerce pages"],
  [8, "out-of-home (billboards, in-store, print)"],
  [16, "email and newsletters"],
  [32, "broadcast (TV, radio, streaming ads)"],
];

/** The known scope bits set in `scope`, and the unknown ones as one mask (0 when none). */
export function scopeBits(scope: number): { known: number[]; unknown: number } {
  return { known: SCOPE_NAMES.filter(([bit]) => (scope & bit) !== 0).map(([bit]) => bit), unknown: scope & ~63 & 0xffff };
}

export function scopeNames(scope: number): string[] {
  const names = SCOPE_NAMES.filter(([bit]) => (scope & bit) !== 0).map(([, name]) => name);
  const unknown = scope & ~63 & 0xffff;
  if (unknown !== 0) names.push(`unknown uses 0x${unknown.toString(16).padStart(4, "0")}`);
  return names;
}

export function durationText(duration: bigint): string {
  if (duration === 0n) return "perpetual";
  if (duration % 86_400n !== 0n) return `${duration} ${duration === 1n ? "second" : "seconds"}`;
  const days = duration / 86_400n;
  return `${days} ${days === 1n ? "day" : "days"}`;
}

/** A unix time as ISO 8601 UTC without milliseconds. */
export function isoDate(timestamp: bigint): string {
  return new Date(Number(timestamp) * 1000).toISOString().replace(".000Z", "Z");
}

/* ----------------------------------------------------------------------------------------------------------------
 *                                                WHAT THE CHAIN SAYS
 * ------------------------------------------------------------------------------------------------------------- */

export interface StoredCertificate {
  readonly brand: Address;
  readonly influencer: Address;
  readonly token: Address;
  readonly price: bigint;
  readonly effectiveAt: bigint;
  readonly duration: bigint;
  readonly scope: number;
  readonly exclusive: boolean;
  readonly documentHash: Hex;
  readonly milestoneCount: number;
}

export interface MilestoneRecord {
  readonly index: number;
  readonly amount: bigint;
  readonly status: number;
  readonly shareBps: number;
  readonly delivered: boolean;
  /** The escrow's digest: the first 20 bytes of the last submitted content hash (lower case). */
  readonly digest: Hex;
  readonly submission?: { contentHash: Hex; contentURI: string; attempt: bigint; block: bigint; tx: Hex };
}

/** The JSON of a certificate's tokenURI (contracts/libraries/RightsRenderer.sol): the fields the verifier checks. */
export interface Metadata {
  readonly name: string;
  readonly description: string;
  readonly properties: {
    dealId: string;
    tokenId: string;
    chainId: number;
    certificate: string;
    escrow: string;
    brand: string;
    influencer: string;
    holder: string;
    contentDigests: (string | null)[];
    rights: { scope: number; scopeNames: string[]; territories: string[]; exclusive: boolean; duration: number; documentHash: string; rightsHash: string };
    price: { amount: string; token: string; symbol: string; decimals: number; text: string };
    effectiveAt: number;
    effectiveDate: string;
    expiresAt: number | null;
    expiryDate: string | null;
    valid: boolean;
  };
}

export interface RightsRecord {
  readonly chainId: number;
  readonly blockNumber: bigint;
  readonly blockTime: bigint;
  readonly certificate: Address;
  readonly dealId: Hex;
  readonly tokenId: bigint;
  exists: boolean;
  escrow?: Address;
  holder?: Address;
  stored?: StoredCertificate;
  rights?: RightsTerms;
  expiresAt?: bigint;
  isValid?: boolean;
  metadata?: Metadata;
  metadataError?: string;
  token?: { symbol: string; decimals: number };
  deal?: { status: number; closedAt: bigint; completed: boolean; rightsBought: boolean };
  terms?: DealTerms;
  termsDealId?: Hex;
  milestones: MilestoneRecord[];
  mint?: { block: bigint; tx: Hex; timestamp: bigint; minter: Address; to: Address };
  transfers: { from: Address; to: Address; block: bigint; tx: Hex; timestamp: bigint }[];
  readError?: string;
}

/** Decodes a `data:application/json;base64,` token URI. */
export function decodeTokenUri(uri: string): Metadata {
  const prefix = "data:application/json;base64,";
  if (!uri.startsWith(prefix)) throw new Error(`tokenURI does not start with ${prefix}`);
  const binary = atob(uri.slice(prefix.length));
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Metadata;
}

/** Reads a certificate and everything it rests on, at the latest block. */
export async function readRightsRecord(client: Client, options: { certificate: Address; tokenId: bigint; chainId: number; fromBlock?: bigint }): Promise<RightsRecord> {
  const blockNumber = await getBlockNumber(client, { cacheTime: 0 });
  const block = await getBlock(client, { blockNumber });
  const at = { blockNumber };
  const fromBlock = options.fromBlock ?? 0n;
  const certificate = getAddress(options.certificate);
  const record: RightsRecord = {
    chainId: options.chainId,
    blockNumber,
    blockTime: block.timestamp,
    certificate,
    dealId: numberToHex(options.tokenId, { size: 32 }),
    tokenId: options.tokenId,
    exists: false,
    milestones: [],
    transfers: [],
  };
  const code = await getCode(client, { address: certificate, ...at });
  if (!code || code === "0x") {
    record.readError = `no contract at ${certificate}`;
    return record;
  }
  let escrow: Address;
  try {
    escrow = getAddress(await readContract(client, { address: certificate, abi: rightsCertificateAbi, functionName: "escrow", ...at }));
    record.escrow = escrow;
  } catch {
    record.readError = `${certificate} is not a rights certificate contract (it has no escrow())`;
    return record;
  }
  const tokenId = options.tokenId;
  const dealId = record.dealId;
  try {
    record.holder = getAddress(await readContract(client, { address: certificate, abi: rightsCertificateAbi, functionName: "ownerOf", args: [tokenId], ...at }));
    record.exists = true;
  } catch {
    record.exists = false;
  }
  const certLogs = await getLogs(client, { address: certificate, fromBlock, toBlock: blockNumber });
  const blockTime = async (n: bigint): Promise<bigint> => (await getBlock(client, { blockNumber: n })).timestamp;
  if (record.exists) {
    const c = await readContract(client, { address: certificate, abi: rightsCertificateAbi, functionName: "getCertificate", args: [tokenId], ...at });
    record.stored = {
      brand: getAddress(c.brand),
      influencer: getAddress(c.influencer),
      token: getAddress(c.token),
      price: c.price,
      effectiveAt: BigInt(c.effectiveAt),
      duration: BigInt(c.duration),
      scope: c.scope,
      exclusive: c.exclusive,
      documentHash: c.documentHash,
      milestoneCount: c.milestoneCount,
    };
    record.rights = await readContract(client, { address: certificate, abi: rightsCertificateAbi, functionName: "rightsTerms", args: [tokenId], ...at });
    record.expiresAt = await readContract(client, { address: certificate, abi: rightsCertificateAbi, functionName: "expiresAt", args: [tokenId], ...at });
    record.isValid = await readContract(client, { address: certificate, abi: rightsCertificateAbi, functionName: "isValid", args: [tokenId], ...at });
    try {
      record.metadata = decodeTokenUri(await readContract(client, { address: certificate, abi: rightsCertificateAbi, functionName: "tokenURI", args: [tokenId], ...at }));
    } catch (error) {
      record.metadataError = (error as Error).message;
    }
    try {
      const [symbol, decimals] = await Promise.all([
        readContract(client, { address: record.stored.token, abi: erc20Abi, functionName: "symbol", ...at }),
        readContract(client, { address: record.stored.token, abi: erc20Abi, functionName: "decimals", ...at }),
      ]);
      record.token = { symbol, decimals };
    } catch {
      record.token = { symbol: "", decimals: 0 };
    }
    const mint = parseEventLogs({ abi: rightsCertificateAbi, logs: certLogs, eventName: "CertificateMinted" }).find((l) => l.args.tokenId === tokenId);
    if (mint) {
      record.mint = { block: mint.blockNumber, tx: mint.transactionHash, timestamp: await blockTime(mint.blockNumber), minter: getAddress(mint.args.minter), to: getAddress(mint.args.brand) };
    }
    for (const l of parseEventLogs({ abi: rightsCertificateAbi, logs: certLogs, eventName: "Transfer" })) {
      if (l.args.tokenId !== tokenId) continue;
      record.transfers.push({ from: getAddress(l.args.from), to: getAddress(l.args.to), block: l.blockNumber, tx: l.transactionHash, timestamp: await blockTime(l.blockNumber) });
    }
  }

  // The deal at the escrow: its state, its terms (from DealCreated) and its milestones.
  const deal = await readContract(client, { address: escrow, abi: dealEscrowAbi, functionName: "getDeal", args: [dealId], ...at });
  record.deal = {
    status: deal.status,
    closedAt: BigInt(deal.closedAt),
    completed: deal.completed,
    rightsBought: await readContract(client, { address: escrow, abi: dealEscrowAbi, functionName: "rightsBought", args: [dealId], ...at }),
  };
  const escrowLogs = await getLogs(client, { address: escrow, fromBlock, toBlock: blockNumber });
  const created = parseEventLogs({ abi: dealEscrowAbi, logs: escrowLogs, eventName: "DealCreated", args: { dealId } })[0];
  if (created) {
    record.terms = created.args.terms;
    record.termsDealId = dealIdOf(created.args.terms);
  }
  const count = record.terms?.milestones.length ?? record.stored?.milestoneCount ?? 0;
  const submissions = parseEventLogs({ abi: dealEscrowAbi, logs: escrowLogs, eventName: "DeliverableSubmitted", args: { dealId } });
  for (let i = 0; i < count; i++) {
    const m = await readContract(client, { address: escrow, abi: dealEscrowAbi, functionName: "getMilestone", args: [dealId, BigInt(i)], ...at });
    const last = submissions.filter((l) => Number(l.args.milestone) === i).at(-1);
    record.milestones.push({
      index: i,
      amount: record.terms?.milestones[i]?.amount ?? 0n,
      status: m.status,
      shareBps: m.settlementShareBps,
      delivered: m.delivered,
      digest: m.contentDigest.toLowerCase() as Hex,
      submission: last && {
        contentHash: last.args.contentHash,
        contentURI: last.args.contentURI,
        attempt: last.args.attempt,
        block: last.blockNumber,
        tx: last.transactionHash,
      },
    });
  }
  return record;
}

/* ----------------------------------------------------------------------------------------------------------------
 *                                                   VERIFICATION
 * ------------------------------------------------------------------------------------------------------------- */

export type CheckLabel =
  | "contract"
  | "escrow"
  | "exists"
  | "terms"
  | "bought"
  | "when"
  | "who"
  | "licence"
  | "price"
  | "milestones"
  | "content"
  | "metadata"
  | "valid";

export interface Check {
  readonly label: CheckLabel;
  /** The milestone (1-based) of a content check. */
  readonly milestone?: number;
  readonly ok: boolean;
  /** What was found, or what differs (technical: addresses, hashes, dates). */
  readonly detail: string;
}

export type Verdict = "valid" | "expired" | "mismatch";

export interface Verification {
  readonly verdict: Verdict;
  readonly checks: readonly Check[];
  /** Set when there is no certificate at all (never minted): the page says so plainly. */
  readonly missing: boolean;
}

const same = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
const prefix20 = (hash: string): string => hash.slice(0, 42).toLowerCase();
const ZERO20 = `0x${"00".repeat(20)}`;

function statusName(status: number): string {
  return DEAL_STATUS[status] ?? String(status);
}

export function priceText(amount: bigint, token: { symbol: string; decimals: number } | undefined): string {
  if (amount === 0n) return "included at no extra price";
  const text = formatUnits(amount, token?.decimals ?? 0);
  return token?.symbol ? `${text} ${token.symbol}` : `${text} units`;
}

/** Checks a certificate against the chain: who, what, when, which terms, and whether it is still in force. */
export function verifyRights(record: RightsRecord, options: { expectedCertificate?: Address; expectedEscrow?: Address } = {}): Verification {
  const checks: Check[] = [];
  const check = (label: CheckLabel, ok: boolean, detail: string, milestone?: number): void => {
    checks.push(milestone === undefined ? { label, ok, detail } : { label, ok, detail, milestone });
  };
  if (options.expectedCertificate !== undefined && !same(record.certificate, options.expectedCertificate)) {
    check("contract", false, `${record.certificate} is not the expected certificate contract ${getAddress(options.expectedCertificate)}`);
  }
  if (record.readError) {
    check("contract", false, record.readError);
    return conclude(record, checks);
  }
  if (options.expectedEscrow !== undefined) {
    const ok = same(record.escrow, options.expectedEscrow);
    check(
      "escrow",
      ok,
      ok
        ? `the certificate contract certifies deals of the expected escrow ${record.escrow}`
        : `the certificate contract certifies deals of ${record.escrow}, not of the expected escrow ${getAddress(options.expectedEscrow)}`,
    );
  }
  check("exists", record.exists, record.exists ? `certificate ${record.tokenId} is held by ${record.holder}` : `no certificate ${record.tokenId} at ${record.certificate}`);
  const { stored, terms, deal } = record;
  if (!record.exists || !stored || !deal) return conclude(record, checks);

  check("terms", terms !== undefined && record.termsDealId === record.dealId, terms === undefined
    ? `the escrow ${record.escrow} emitted no DealCreated for ${record.dealId}`
    : `the terms emitted at creation hash to ${record.termsDealId}`);
  check(
    "bought",
    deal.rightsBought && deal.completed && deal.status === 5,
    `escrow: deal ${statusName(deal.status)}, ${deal.completed ? "completed" : "not completed"}, rights ${deal.rightsBought ? "bought" : "not bought"}`,
  );
  check(
    "when",
    deal.closedAt === stored.effectiveAt && deal.closedAt !== 0n,
    `certificate: ${isoDate(stored.effectiveAt)}; escrow completion: ${deal.closedAt === 0n ? "none" : isoDate(deal.closedAt)}`,
  );
  if (terms) {
    const partiesOk = same(terms.brand, stored.brand) && same(terms.influencer, stored.influencer);
    check(
      "who",
      partiesOk && same(record.mint?.to, terms.brand),
      `deal: brand ${getAddress(terms.brand)}, influencer ${getAddress(terms.influencer)}; certificate: brand ${stored.brand}, influencer ${stored.influencer}, minted to ${record.mint?.to ?? "(no mint event)"}`,
    );
    const rightsHash = record.rights ? hashRights(record.rights) : "";
    check("licence", same(rightsHash, terms.rightsHash), `the certificate's licence terms hash to ${rightsHash}; the deal's terms bind ${terms.rightsHash}`);
    check(
      "price",
      terms.rightsPrice === stored.price && same(terms.token, stored.token),
      `deal: ${priceText(terms.rightsPrice, record.token)} in ${getAddress(terms.token)}; certificate: ${priceText(stored.price, record.token)} in ${stored.token}`,
    );
    check("milestones", terms.milestones.length === stored.milestoneCount, `${terms.milestones.length} milestone(s) in the deal, ${stored.milestoneCount} on the certificate`);
  }
  for (const m of record.milestones) {
    const ok = m.submission ? m.delivered && prefix20(m.submission.contentHash) === m.digest : !m.delivered && m.digest === ZERO20;
    check(
      "content",
      ok,
      m.submission
        ? `last submission ${m.submission.contentHash} (block ${m.submission.block}); escrow digest ${m.digest}`
        : `no submission; escrow digest ${m.digest}${m.delivered ? " (marked delivered)" : ""}`,
      m.index + 1,
    );
  }
  checkMetadata(record, check);
  const expected = stored.duration === 0n ? 0n : stored.effectiveAt + stored.duration;
  const inForce = stored.duration === 0n || record.blockTime < expected;
  check(
    "valid",
    record.expiresAt === expected && record.isValid === inForce,
    stored.duration === 0n
      ? "perpetual licence"
      : `expires ${isoDate(expected)}; chain time ${isoDate(record.blockTime)} (block ${record.blockNumber}): ${inForce ? "in force" : "expired"}`,
  );
  return conclude(record, checks);
}

/** The tokenURI JSON must state what the chain holds. */
function checkMetadata(record: RightsRecord, check: (label: CheckLabel, ok: boolean, detail: string) => void): void {
  const stored = record.stored!;
  const m = record.metadata;
  if (!m) {
    check("metadata", false, `tokenURI could not be decoded: ${record.metadataError ?? "unknown error"}`);
    return;
  }
  const p = m.properties;
  const rights = record.rights!;
  const expiresAt = stored.duration === 0n ? null : Number(stored.effectiveAt + stored.duration);
  const differences: string[] = [];
  const expect = (field: string, actual: unknown, wanted: unknown): void => {
    const a = typeof actual === "string" ? actual.toLowerCase() : JSON.stringify(actual);
    const w = typeof wanted === "string" ? wanted.toLowerCase() : JSON.stringify(wanted);
    if (a !== w) differences.push(`${field}: ${String(actual)} instead of ${String(wanted)}`);
  };
  expect("dealId", p.dealId, record.dealId);
  expect("chainId", p.chainId, record.chainId);
  expect("certificate", p.certificate, record.certificate);
  expect("escrow", p.escrow, record.escrow);
  expect("brand", p.brand, stored.brand);
  expect("influencer", p.influencer, stored.influencer);
  expect("holder", p.holder, record.holder);
  expect("scope", p.rights.scope, stored.scope);
  expect("territories", p.rights.territories, rights.territories.map(territoryText));
  expect("exclusive", p.rights.exclusive, stored.exclusive);
  expect("duration", p.rights.duration, Number(stored.duration));
  expect("rightsHash", p.rights.rightsHash, hashRights(rights));
  expect("price", p.price.amount, stored.price.toString());
  expect("token", p.price.token, stored.token);
  expect("effectiveAt", p.effectiveAt, Number(stored.effectiveAt));
  expect("expiresAt", p.expiresAt, expiresAt);
  expect("valid", p.valid, record.isValid);
  expect("contentDigests", p.contentDigests, record.milestones.map((x) => (x.delivered ? x.digest : null)));
  check("metadata", differences.length === 0, differences.length === 0 ? "tokenURI states the same parties, deal, content, terms and dates" : differences.join("; "));
}

function conclude(record: RightsRecord, checks: Check[]): Verification {
  const missing = !record.readError && !record.exists;
  if (checks.some((c) => !c.ok)) return { verdict: "mismatch", checks, missing };
  return { verdict: record.isValid ? "valid" : "expired", checks, missing };
}

/** The verdict in one English line (the proof document's wording). */
export function verdictMessage(record: RightsRecord, v: Verification): string {
  if (v.verdict === "mismatch") {
    const failed = v.checks.filter((c) => !c.ok);
    return `MISMATCH: certificate ${record.tokenId} does not match the chain: ${failed.map((c) => `${CHECK_TEXT[c.label]}${c.milestone ? ` ${c.milestone}` : ""}: ${c.detail}`).join(" | ")}`;
  }
  const stored = record.stored!;
  if (v.verdict === "expired") return `EXPIRED: certificate ${record.tokenId} is authentic, but its licence expired on ${isoDate(stored.effectiveAt + stored.duration)}`;
  return `VALID: certificate ${record.tokenId} is authentic and in force (${stored.duration === 0n ? "perpetual" : `until ${isoDate(stored.effectiveAt + stored.duration)}`}), held by ${record.holder}`;
}

/** The English words of each check (the proof document is written in English, as the on-chain certificate). */
export const CHECK_TEXT: Readonly<Record<CheckLabel, string>> = {
  contract: "certificate contract",
  escrow: "escrow",
  exists: "certificate exists",
  terms: "deal terms",
  bought: "rights bought",
  when: "when: effective date",
  who: "who: parties",
  licence: "which terms: licence",
  price: "which terms: price",
  milestones: "what: milestones",
  content: "what: content of milestone",
  metadata: "metadata",
  valid: "still valid",
};

/**
 * What a proof document states, embedded in it as JSON (the format of scripts/lib/rightsProof.ts), so that a
 * downloaded document can be checked against the chain later: `npm run rights:proof -- --proof <file.html>`.
 */
export interface RightsClaims {
  readonly kind: "ispera-rights-claims";
  readonly version: 1;
  readonly chainId: string;
  readonly certificate: string;
  readonly escrow: string;
  readonly dealId: string;
  readonly holder: string;
  readonly brand: string;
  readonly influencer: string;
  readonly scope: number;
  readonly territories: string[];
  readonly exclusive: boolean;
  readonly duration: string;
  readonly documentHash: string;
  readonly rightsHash: string;
  readonly token: string;
  readonly price: string;
  readonly effectiveAt: string;
  readonly expiresAt: string | null;
  readonly contentHashes: (string | null)[];
}

export const CLAIMS_ID = "ispera-rights-claims";

/** What a proof document of `record` states; undefined when there is no certificate to describe. */
export function claimsOf(record: RightsRecord): RightsClaims | undefined {
  const { stored, rights } = record;
  if (!record.exists || !stored || !rights || !record.escrow || !record.holder) return undefined;
  return {
    kind: CLAIMS_ID,
    version: 1,
    chainId: String(record.chainId),
    certificate: record.certificate,
    escrow: record.escrow,
    dealId: record.dealId,
    holder: record.holder,
    brand: stored.brand,
    influencer: stored.influencer,
    scope: stored.scope,
    territories: rights.territories.map(territoryText),
    exclusive: stored.exclusive,
    duration: stored.duration.toString(),
    documentHash: stored.documentHash,
    rightsHash: hashRights(rights),
    token: stored.token,
    price: stored.price.toString(),
    effectiveAt: stored.effectiveAt.toString(),
    expiresAt: stored.duration === 0n ? null : (stored.effectiveAt + stored.duration).toString(),
    contentHashes: record.milestones.map((m) => m.submission?.contentHash ?? null),
  };
}

/* ----------------------------------------------------------------------------------------------------------------
 *                                                  PROOF DOCUMENT
 * ------------------------------------------------------------------------------------------------------------- */

const escapeHtml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

const VERDICT_TEXT: Record<Verdict, string> = {
  valid: "VALID: authentic and in force",
  expired: "EXPIRED: authentic, no longer in force",
  mismatch: "MISMATCH: does not match the chain",
};

/** The printable proof document: self-contained HTML (no script, font, image or style from elsewhere), with print CSS. */
export function renderProofHtml(record: RightsRecord, verification: Verification): string {
  const e = escapeHtml;
  const code = (text: string): string => `<code>${e(text)}</code>`;
  const row = (label: string, value: string): string => `<tr><th>${e(label)}</th><td>${value}</td></tr>`;
  const { stored, rights } = record;
  const title = `Content-rights certificate ${record.dealId.slice(0, 10)}`;
  const sections: string[] = [];
  if (stored && rights) {
    const territories = rights.territories.length === 0 ? "worldwide" : rights.territories.map(territoryText).join(", ");
    const scope = scopeNames(stored.scope);
    const until = stored.duration === 0n ? "without end" : `until ${isoDate(stored.effectiveAt + stored.duration)}`;
    sections.push(`<p class="summary">${e(
      `The influencer ${stored.influencer} licenses to the holder of this certificate, ${record.holder ?? "(nobody)"}, ` +
        `the content delivered under Ispera deal ${record.dealId} for ${scope.length === 0 ? "none" : scope.join("; ")}, ` +
        `${rights.territories.length === 0 ? "worldwide" : `in ${territories}`}, ${stored.exclusive ? "exclusively" : "non-exclusively"}, ` +
        `from ${isoDate(stored.effectiveAt)} ${until}.`,
    )}</p>`);
    sections.push(`<h2>Who</h2><table>${[
      row("Licensor (influencer)", code(stored.influencer)),
      row("First licensee (brand)", code(stored.brand)),
      row("Current holder", code(record.holder ?? "")),
    ].join("")}</table>`);
    sections.push(`<h2>Which terms</h2><table>${[
      row("Scope", scope.length === 0 ? "none" : `<ul>${scope.map((s) => `<li>${e(s)}</li>`).join("")}</ul>`),
      row("Territories", e(territories)),
      row("Exclusive", stored.exclusive ? "yes" : "no"),
      row("Duration", e(durationText(stored.duration))),
      row("Price", `${e(priceText(stored.price, record.token))} (token ${code(stored.token)})`),
      row("Licence text hash", code(stored.documentHash)),
      row("Rights terms hash", `${code(hashRights(rights))} (bound in the deal's terms)`),
    ].join("")}</table>`);
    sections.push(`<h2>When</h2><table>${[
      row("Effective (deal completed)", e(isoDate(stored.effectiveAt))),
      row("Expires", e(stored.duration === 0n ? "never (perpetual licence)" : isoDate(stored.effectiveAt + stored.duration))),
      row("Checked at", e(`${isoDate(record.blockTime)}, block ${record.blockNumber}`)),
      row("Status", record.isValid ? "in force" : "expired"),
    ].join("")}</table>`);
  }
  if (record.milestones.length > 0) {
    const symbol = record.token?.symbol ?? "";
    const decimals = record.token?.decimals ?? 0;
    const rows = record.milestones.map(
      (m) =>
        `<tr><td>${m.index + 1}</td><td>${e(`${formatUnits(m.amount, decimals)} ${symbol}`.trim())}</td>` +
        `<td>${e(MILESTONE_STATUS[m.status] ?? String(m.status))}, ${(m.shareBps / 100).toFixed(2)} % to the influencer</td>` +
        `<td>${m.submission ? `${code(m.submission.contentHash)}<br>${e(m.submission.contentURI)}` : "no submission"}</td>` +
        `<td>${code(m.digest)}</td></tr>`,
    );
    sections.push(
      `<h2>What: the content</h2><table class="grid"><tr><th>#</th><th>Amount</th><th>Outcome</th>` +
        `<th>Last submitted content (hash, link)</th><th>Escrow digest (first 20 bytes)</th></tr>${rows.join("")}</table>`,
    );
  }
  const ids = [
    row("Deal / certificate id", code(record.dealId)),
    row("Token id", code(record.tokenId.toString())),
    row("Certificate contract", code(record.certificate)),
    row("Escrow", code(record.escrow ?? "(unknown)")),
    row("Chain id", e(String(record.chainId))),
  ];
  if (record.deal) {
    const d = record.deal;
    ids.push(row("Deal at the escrow", e(`${statusName(d.status)}, ${d.completed ? "completed" : "not completed"}, rights ${d.rightsBought ? "bought" : "not bought"}`)));
  }
  if (record.mint) {
    ids.push(row("Minted", e(`${isoDate(record.mint.timestamp)}, block ${record.mint.block}, to ${record.mint.to}, by ${record.mint.minter}`)));
    ids.push(row("Mint transaction", code(record.mint.tx)));
  }
  sections.push(`<h2>Deal and certificate</h2><table>${ids.join("")}</table>`);
  const later = record.transfers.filter((t) => t.from !== "0x0000000000000000000000000000000000000000");
  if (later.length > 0) {
    sections.push(
      `<h2>Chain of title</h2><table class="grid"><tr><th>Date</th><th>From</th><th>To</th><th>Transaction</th></tr>${later
        .map((t) => `<tr><td>${e(isoDate(t.timestamp))}</td><td>${code(t.from)}</td><td>${code(t.to)}</td><td>${code(t.tx)}</td></tr>`)
        .join("")}</table>`,
    );
  }
  sections.push(
    `<h2>Verification against the chain</h2><table class="grid"><tr><th></th><th>Check</th><th>Found</th></tr>${verification.checks
      .map(
        (c) =>
          `<tr class="${c.ok ? "ok" : "bad"}"><td>${c.ok ? "&#10003;" : "&#10007;"}</td><td>${e(CHECK_TEXT[c.label])}${c.milestone ? ` ${c.milestone}` : ""}</td><td>${e(c.detail)}</td></tr>`,
      )
      .join("")}</table>`,
  );
  const claims = claimsOf(record);
  const claimsBlock = claims ? `<script type="application/json" id="${CLAIMS_ID}">${JSON.stringify(claims).replace(/</g, "\\u003c")}</script>` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>
@page { size: A4; margin: 16mm; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.45 Georgia, "Times New Roman", serif; color: #111; background: #fff; margin: 0 auto; max-width: 190mm; padding: 8mm 4mm; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 1px solid #999; padding-bottom: 1mm; page-break-after: avoid; }
table { width: 100%; border-collapse: collapse; page-break-inside: avoid; }
th, td { text-align: left; vertical-align: top; padding: 1.2mm 2mm; }
table:not(.grid) th { width: 32%; font-weight: normal; color: #444; }
table.grid th { border-bottom: 1px solid #999; font-weight: bold; }
table.grid td { border-bottom: 1px solid #ddd; }
code { font: 8.5pt/1.3 "DejaVu Sans Mono", Menlo, Consolas, monospace; word-break: break-all; }
ul { margin: 0; padding-left: 5mm; }
.verdict { display: inline-block; padding: 2mm 4mm; border: 2px solid; font: bold 12pt Arial, Helvetica, sans-serif; margin: 2mm 0; }
.verdict.valid, tr.ok td:first-child { color: #1a6b2a; }
.verdict.expired { color: #8a5a00; }
.verdict.mismatch, tr.bad td { color: #a11; }
.summary { font-size: 11.5pt; }
.meta, footer { color: #555; font-size: 9pt; }
footer { margin-top: 8mm; border-top: 1px solid #999; padding-top: 2mm; }
@media print { body { padding: 0; max-width: none; } }
</style>
</head>
<body>
<h1>${e(title)}</h1>
<div class="meta">Proof document read from the chain alone: chain ${e(String(record.chainId))}, block ${record.blockNumber} (${e(isoDate(record.blockTime))}).</div>
<div class="verdict ${verification.verdict}">${e(VERDICT_TEXT[verification.verdict])}</div>
<p>${e(verdictMessage(record, verification))}</p>
${sections.join("\n")}
<footer>
The licence follows the token: whoever holds certificate ${e(record.dealId)} of contract ${e(record.certificate)} holds the licence.
Anyone can check this document against the chain: <code>npm run rights:proof -- --rpc &lt;url&gt; --certificate ${e(record.certificate)} --proof &lt;this file&gt;</code>
(the claims it makes are embedded in it as JSON).
</footer>
${claimsBlock}
</body>
</html>
`;
}
