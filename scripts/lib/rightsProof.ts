// The core of scripts/rightsProof.ts: reads a rights certificate and everything it rests on from the chain alone
// (the certificate contract, the escrow's state and events, the token), verifies one against the other (who,
// what, when, which terms, still valid or expired), and renders a printable, self-contained proof document.
// Tests call these functions directly; the script wraps them in a command line.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Contract, Interface, getAddress, toBeHex, zeroPadValue, type EventLog, type ParamType, type Provider, type Result } from "ethers";
import {
  durationText,
  formatAmount,
  hashRights,
  isoDate,
  scopeNames,
  scopeText,
  territoriesText,
  territoryText,
  type RightsTerms,
} from "./rights.ts";
import { ROOT } from "./run.ts";
import { dealIdOf, DealStatus, MilestoneStatus, type DealTerms } from "./terms.ts";

/* ----------------------------------------------------------------------------------------------------------------
 *                                               WHAT THE CHAIN SAYS
 * ------------------------------------------------------------------------------------------------------------- */

/** What a certificate stores (IRightsCertificate's `Certificate`), with the territories unpacked. */
export interface StoredCertificate {
  brand: string;
  influencer: string;
  token: string;
  price: bigint;
  effectiveAt: bigint;
  duration: bigint;
  scope: number;
  exclusive: boolean;
  documentHash: string;
  milestoneCount: number;
}

export interface MilestoneRecord {
  index: number;
  /** Escrowed amount (from the terms). */
  amount: bigint;
  /** MilestoneStatus value at the escrow. */
  status: number;
  /** The influencer's final share in basis points (kept by the escrow once the milestone is final). */
  shareBps: number;
  delivered: boolean;
  /** The escrow's digest: the first 20 bytes of the last submitted content hash. */
  digest: string;
  /** The last `DeliverableSubmitted` of the milestone, if any. */
  submission?: { contentHash: string; contentURI: string; attempt: bigint; block: number; tx: string };
}

export interface TransferRecord {
  from: string;
  to: string;
  block: number;
  tx: string;
  timestamp: bigint;
}

export interface RightsRecord {
  chainId: bigint;
  /** The block everything was read at, and its time ("now" for validity). */
  blockNumber: number;
  blockTime: bigint;
  certificate: string;
  dealId: string;
  tokenId: bigint;
  exists: boolean;
  /** The escrow the certificate contract names (undefined when the address is no certificate contract). */
  escrow?: string;
  holder?: string;
  stored?: StoredCertificate;
  rights?: RightsTerms;
  expiresAt?: bigint;
  isValid?: boolean;
  /** The decoded tokenURI JSON, or why it could not be read. */
  metadata?: Metadata;
  metadataError?: string;
  token?: { symbol: string; decimals: number };
  deal?: { status: number; closedAt: bigint; completed: boolean; rightsBought: boolean };
  /** The terms emitted in the escrow's `DealCreated` for this deal id, and the id they hash to. */
  terms?: DealTerms;
  termsDealId?: string;
  milestones: MilestoneRecord[];
  mint?: { block: number; tx: string; timestamp: bigint; minter: string; to: string };
  transfers: TransferRecord[];
  /** Why reading stopped early, if it did (for example: no contract at the certificate address). */
  readError?: string;
}

/** The JSON of a certificate's tokenURI (contracts/libraries/RightsRenderer.sol). */
export interface Metadata {
  name: string;
  description: string;
  attributes: { trait_type: string; value: string | number; display_type?: string }[];
  properties: {
    dealId: string;
    tokenId: string;
    chainId: number;
    certificate: string;
    escrow: string;
    brand: string;
    influencer: string;
    holder: string;
    contentDigests: (string | null)[];
    rights: {
      scope: number;
      scopeNames: string[];
      territories: string[];
      exclusive: boolean;
      duration: number;
      documentHash: string;
      rightsHash: string;
    };
    price: { amount: string; token: string; symbol: string; decimals: number; text: string };
    effectiveAt: number;
    effectiveDate: string;
    expiresAt: number | null;
    expiryDate: string | null;
    valid: boolean;
  };
}

/** The ABI of a compiled contract of this project (artifacts/, written by `hardhat build`). */
export function artifactAbi(source: string, name: string): Interface {
  const file = resolve(ROOT, "artifacts", "contracts", source, `${name}.json`);
  return new Interface((JSON.parse(readFileSync(file, "utf8")) as { abi: unknown[] }).abi as string[]);
}

const ERC20_METADATA = new Interface([
  "function symbol() view returns (string)",
  "function decimals() view returns (uint8)",
]);

/** Converts a decoded ABI value into plain objects and arrays, with the ABI's field names. */
function plain(value: unknown, type: ParamType): unknown {
  if (type.isTuple()) {
    const result = value as Result;
    return Object.fromEntries(type.components.map((c, i) => [c.name, plain(result[i], c)]));
  }
  if (type.isArray()) return [...(value as Result)].map((v) => plain(v, type.arrayChildren));
  return value;
}

function eventArg<T>(log: EventLog, name: string): T {
  const index = log.fragment.inputs.findIndex((input) => input.name === name);
  const input = log.fragment.inputs[index];
  if (!input) throw new Error(`event ${log.fragment.name} has no argument ${name}`);
  return plain(log.args[index], input) as T;
}

const byPosition = (a: EventLog, b: EventLog): number => a.blockNumber - b.blockNumber || a.index - b.index;

export interface ReadOptions {
  provider: Provider;
  /** The certificate contract. */
  certificate: string;
  /** The certificate id: the deal id (bytes32 hex) or its uint256 value. */
  dealId: string | bigint;
  /** First block searched for events (default 0). */
  fromBlock?: number;
}

/** The certificate id as a bytes32 deal id. */
export function normalizeDealId(id: string | bigint): string {
  return zeroPadValue(toBeHex(typeof id === "bigint" ? id : BigInt(id)), 32);
}

/** Reads a certificate and everything it rests on, at the latest block. */
export async function readRightsRecord(options: ReadOptions): Promise<RightsRecord> {
  const { provider } = options;
  const dealId = normalizeDealId(options.dealId);
  const tokenId = BigInt(dealId);
  const fromBlock = options.fromBlock ?? 0;
  const block = await provider.getBlock("latest");
  if (!block) throw new Error("rights proof: the node returned no latest block");
  const blockTag = block.number;
  const record: RightsRecord = {
    chainId: (await provider.getNetwork()).chainId,
    blockNumber: block.number,
    blockTime: BigInt(block.timestamp),
    certificate: getAddress(options.certificate),
    dealId,
    tokenId,
    exists: false,
    milestones: [],
    transfers: [],
  };
  if ((await provider.getCode(record.certificate, blockTag)) === "0x") {
    record.readError = `no contract at ${record.certificate}`;
    return record;
  }
  const certificate = new Contract(record.certificate, artifactAbi("RightsCertificate.sol", "RightsCertificate"), provider);
  try {
    record.escrow = getAddress((await certificate.getFunction("escrow")({ blockTag })) as string);
  } catch {
    record.readError = `${record.certificate} is not a rights certificate contract (it has no escrow())`;
    return record;
  }
  const escrow = new Contract(record.escrow, artifactAbi("DealEscrow.sol", "DealEscrow"), provider);

  // The certificate.
  try {
    record.holder = getAddress((await certificate.getFunction("ownerOf")(tokenId, { blockTag })) as string);
    record.exists = true;
  } catch {
    record.exists = false;
  }
  if (record.exists) {
    const c = (await certificate.getFunction("getCertificate")(tokenId, { blockTag })) as Result;
    record.stored = {
      brand: getAddress(c.brand as string),
      influencer: getAddress(c.influencer as string),
      token: getAddress(c.token as string),
      price: c.price as bigint,
      effectiveAt: c.effectiveAt as bigint,
      duration: c.duration as bigint,
      scope: Number(c.scope),
      exclusive: c.exclusive as boolean,
      documentHash: c.documentHash as string,
      milestoneCount: Number(c.milestoneCount),
    };
    const rightsFragment = certificate.interface.getFunction("rightsTerms")!.outputs[0]!;
    record.rights = plain(await certificate.getFunction("rightsTerms")(tokenId, { blockTag }), rightsFragment) as RightsTerms;
    record.expiresAt = (await certificate.getFunction("expiresAt")(tokenId, { blockTag })) as bigint;
    record.isValid = (await certificate.getFunction("isValid")(tokenId, { blockTag })) as boolean;
    try {
      const uri = (await certificate.getFunction("tokenURI")(tokenId, { blockTag })) as string;
      const prefix = "data:application/json;base64,";
      if (!uri.startsWith(prefix)) throw new Error(`tokenURI does not start with ${prefix}`);
      record.metadata = JSON.parse(Buffer.from(uri.slice(prefix.length), "base64").toString("utf8")) as Metadata;
    } catch (error) {
      record.metadataError = (error as Error).message;
    }
    const token = new Contract(record.stored.token, ERC20_METADATA, provider);
    try {
      record.token = {
        symbol: (await token.getFunction("symbol")({ blockTag })) as string,
        decimals: Number(await token.getFunction("decimals")({ blockTag })),
      };
    } catch {
      record.token = { symbol: "", decimals: 0 };
    }
    const minted = (await certificate.queryFilter(certificate.getEvent("CertificateMinted")(tokenId), fromBlock, blockTag)) as EventLog[];
    const mintLog = minted.sort(byPosition)[0];
    if (mintLog) {
      record.mint = {
        block: mintLog.blockNumber,
        tx: mintLog.transactionHash,
        timestamp: BigInt((await provider.getBlock(mintLog.blockNumber))!.timestamp),
        minter: getAddress(eventArg<string>(mintLog, "minter")),
        to: getAddress(eventArg<string>(mintLog, "brand")),
      };
    }
    const transfers = (await certificate.queryFilter(certificate.getEvent("Transfer")(null, null, tokenId), fromBlock, blockTag)) as EventLog[];
    for (const log of transfers.sort(byPosition)) {
      record.transfers.push({
        from: getAddress(eventArg<string>(log, "from")),
        to: getAddress(eventArg<string>(log, "to")),
        block: log.blockNumber,
        tx: log.transactionHash,
        timestamp: BigInt((await provider.getBlock(log.blockNumber))!.timestamp),
      });
    }
  }

  // The deal at the escrow: its state, its terms (from DealCreated) and its milestones.
  const deal = (await escrow.getFunction("getDeal")(dealId, { blockTag })) as Result;
  record.deal = {
    status: Number(deal.status),
    closedAt: deal.closedAt as bigint,
    completed: deal.completed as boolean,
    rightsBought: (await escrow.getFunction("rightsBought")(dealId, { blockTag })) as boolean,
  };
  const created = (await escrow.queryFilter(escrow.getEvent("DealCreated")(dealId), fromBlock, blockTag)) as EventLog[];
  const createdLog = created.sort(byPosition)[0];
  if (createdLog) {
    record.terms = eventArg<DealTerms>(createdLog, "terms");
    record.termsDealId = dealIdOf(record.terms);
  }
  const count = record.terms?.milestones.length ?? record.stored?.milestoneCount ?? 0;
  const submissions = (await escrow.queryFilter(escrow.getEvent("DeliverableSubmitted")(dealId), fromBlock, blockTag)) as EventLog[];
  for (let i = 0; i < count; i++) {
    const m = (await escrow.getFunction("getMilestone")(dealId, i, { blockTag })) as Result;
    const last = submissions.filter((log) => Number(eventArg<bigint>(log, "milestone")) === i).sort(byPosition).at(-1);
    record.milestones.push({
      index: i,
      amount: record.terms?.milestones[i]?.amount ?? 0n,
      status: Number(m.status),
      shareBps: Number(m.settlementShareBps),
      delivered: m.delivered as boolean,
      digest: (m.contentDigest as string).toLowerCase(),
      submission: last && {
        contentHash: eventArg<string>(last, "contentHash"),
        contentURI: eventArg<string>(last, "contentURI"),
        attempt: eventArg<bigint>(last, "attempt"),
        block: last.blockNumber,
        tx: last.transactionHash,
      },
    });
  }
  return record;
}

/* ----------------------------------------------------------------------------------------------------------------
 *                                                  VERIFICATION
 * ------------------------------------------------------------------------------------------------------------- */

/**
 * What a proof document states, embedded in it as JSON so that a document can be checked against the chain later
 * (`verifyRights(..., { claims })`). Amounts and times are decimal strings.
 */
export interface RightsClaims {
  kind: "ispera-rights-claims";
  version: 1;
  chainId: string;
  certificate: string;
  escrow: string;
  dealId: string;
  holder: string;
  brand: string;
  influencer: string;
  scope: number;
  territories: string[];
  exclusive: boolean;
  duration: string;
  documentHash: string;
  rightsHash: string;
  token: string;
  price: string;
  effectiveAt: string;
  expiresAt: string | null;
  contentHashes: (string | null)[];
}

export interface Check {
  /** What is checked, in a few words ("who: parties"). */
  label: string;
  ok: boolean;
  /** What was found, or what differs. */
  detail: string;
}

export type Verdict = "valid" | "expired" | "mismatch";

export interface Verification {
  verdict: Verdict;
  /** One readable line: the verdict and, on a mismatch, every failed check. */
  message: string;
  checks: Check[];
}

export interface VerifyOptions {
  /** The certificate contract the verifier trusts (for example the official deployment's); any other is a mismatch. */
  expectedCertificate?: string;
  /** The escrow the verifier trusts (for example the official deployment's); any other one is a mismatch. */
  expectedEscrow?: string;
  /** A presented certificate's claims (from a proof document) to hold against the chain. */
  claims?: RightsClaims;
}

const same = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** The 20-byte prefix of a 32-byte hash, lower case. */
const prefix20 = (hash: string): string => hash.slice(0, 42).toLowerCase();
const ZERO20 = `0x${"00".repeat(20)}`;

/** Checks a certificate against the chain: who, what, when, which terms, and whether it is still in force. */
export function verifyRights(record: RightsRecord, options: VerifyOptions = {}): Verification {
  const checks: Check[] = [];
  const check = (label: string, ok: boolean, detail: string): void => {
    checks.push({ label, ok, detail });
  };

  if (options.expectedCertificate !== undefined && !same(record.certificate, options.expectedCertificate)) {
    check(
      "certificate contract",
      false,
      `${record.certificate} is not the expected certificate contract ${getAddress(options.expectedCertificate)}`,
    );
  }
  if (record.readError) {
    check("certificate contract", false, record.readError);
    return conclude(record, checks);
  }
  if (options.expectedEscrow !== undefined) {
    check(
      "escrow",
      same(record.escrow, options.expectedEscrow),
      same(record.escrow, options.expectedEscrow)
        ? `the certificate contract certifies deals of the expected escrow ${record.escrow}`
        : `the certificate contract certifies deals of ${record.escrow}, not of the expected escrow ${getAddress(options.expectedEscrow)}`,
    );
  }
  check(
    "certificate exists",
    record.exists,
    record.exists ? `certificate ${record.dealId} is held by ${record.holder}` : `no certificate ${record.dealId} at ${record.certificate}`,
  );
  const stored = record.stored;
  const terms = record.terms;
  const deal = record.deal;
  if (!record.exists || !stored || !deal) return conclude(record, checks, options.claims);

  // What the escrow says about the deal.
  check(
    "deal terms",
    terms !== undefined && record.termsDealId === record.dealId,
    terms === undefined
      ? `the escrow ${record.escrow} emitted no DealCreated for ${record.dealId}`
      : `the terms emitted at creation hash to ${record.termsDealId}`,
  );
  check(
    "rights bought",
    deal.rightsBought && deal.completed && deal.status === DealStatus.Closed,
    `escrow: deal ${statusName(deal.status)}, ${deal.completed ? "completed" : "not completed"}, rights ${deal.rightsBought ? "bought" : "not bought"}`,
  );
  check(
    "when: effective date",
    deal.closedAt === stored.effectiveAt && deal.closedAt !== 0n,
    `certificate: ${isoDate(stored.effectiveAt)}; escrow completion: ${deal.closedAt === 0n ? "none" : isoDate(deal.closedAt)}`,
  );
  if (terms) {
    const partiesOk = same(terms.brand, stored.brand) && same(terms.influencer, stored.influencer);
    check(
      "who: parties",
      partiesOk && same(record.mint?.to, terms.brand),
      `deal: brand ${getAddress(terms.brand)}, influencer ${getAddress(terms.influencer)}; certificate: brand ${stored.brand}, influencer ${stored.influencer}, minted to ${record.mint?.to ?? "(no mint event)"}`,
    );
    const rightsHash = record.rights ? hashRights(record.rights) : "";
    check(
      "which terms: licence",
      same(rightsHash, terms.rightsHash),
      `the certificate's licence terms hash to ${rightsHash}; the deal's terms bind ${terms.rightsHash}`,
    );
    check(
      "which terms: price",
      BigInt(terms.rightsPrice) === stored.price && same(terms.token, stored.token),
      `deal: ${priceText(BigInt(terms.rightsPrice), record)} in ${getAddress(terms.token)}; certificate: ${priceText(stored.price, record)} in ${stored.token}`,
    );
    check(
      "what: milestones",
      terms.milestones.length === stored.milestoneCount,
      `${terms.milestones.length} milestone(s) in the deal, ${stored.milestoneCount} on the certificate`,
    );
  }
  for (const m of record.milestones) {
    const ok = m.submission
      ? m.delivered && prefix20(m.submission.contentHash) === m.digest
      : !m.delivered && m.digest === ZERO20;
    check(
      `what: content of milestone ${m.index + 1}`,
      ok,
      m.submission
        ? `last submission ${m.submission.contentHash} (block ${m.submission.block}); escrow digest ${m.digest}`
        : `no submission; escrow digest ${m.digest}${m.delivered ? " (marked delivered)" : ""}`,
    );
  }
  checkMetadata(record, check);
  const expected = stored.duration === 0n ? 0n : stored.effectiveAt + stored.duration;
  const inForce = stored.duration === 0n || record.blockTime < expected;
  check(
    "still valid",
    record.expiresAt === expected && record.isValid === inForce,
    stored.duration === 0n
      ? "perpetual licence"
      : `expires ${isoDate(expected)}; chain time ${isoDate(record.blockTime)} (block ${record.blockNumber}): ${inForce ? "in force" : "expired"}`,
  );
  return conclude(record, checks, options.claims);
}

/** The tokenURI JSON must state what the chain holds. */
function checkMetadata(record: RightsRecord, check: (label: string, ok: boolean, detail: string) => void): void {
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
  expect("chainId", p.chainId, Number(record.chainId));
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
  expect(
    "contentDigests",
    p.contentDigests,
    record.milestones.map((x) => (x.delivered ? x.digest : null)),
  );
  check(
    "metadata",
    differences.length === 0,
    differences.length === 0 ? "tokenURI states the same parties, deal, content, terms and dates" : differences.join("; "),
  );
}

function conclude(record: RightsRecord, checks: Check[], claims?: RightsClaims): Verification {
  if (claims) checkClaims(record, claims, checks);
  const failed = checks.filter((c) => !c.ok);
  if (failed.length > 0) {
    return {
      verdict: "mismatch",
      message: `MISMATCH: certificate ${record.dealId} does not match the chain: ${failed.map((c) => `${c.label}: ${c.detail}`).join(" | ")}`,
      checks,
    };
  }
  const stored = record.stored!;
  if (!record.isValid) {
    return {
      verdict: "expired",
      message: `EXPIRED: certificate ${record.dealId} is authentic, but its licence expired on ${isoDate(stored.effectiveAt + stored.duration)}`,
      checks,
    };
  }
  return {
    verdict: "valid",
    message: `VALID: certificate ${record.dealId} is authentic and in force (${stored.duration === 0n ? "perpetual" : `until ${isoDate(stored.effectiveAt + stored.duration)}`}), held by ${record.holder}`,
    checks,
  };
}

/** Holds a presented document's claims against the chain, field by field. */
function checkClaims(record: RightsRecord, claims: RightsClaims, checks: Check[]): void {
  const actual = record.exists && record.stored ? claimsOf(record) : undefined;
  if (!actual) {
    checks.push({ label: "document", ok: false, detail: "the document describes a certificate the chain does not hold" });
    return;
  }
  const differences: string[] = [];
  const fields: (keyof RightsClaims)[] = [
    "chainId",
    "certificate",
    "escrow",
    "dealId",
    "brand",
    "influencer",
    "scope",
    "territories",
    "exclusive",
    "duration",
    "documentHash",
    "rightsHash",
    "token",
    "price",
    "effectiveAt",
    "expiresAt",
    "contentHashes",
  ];
  const text = (v: unknown): string => (typeof v === "string" ? v.toLowerCase() : JSON.stringify(v));
  for (const field of fields) {
    if (text(claims[field]) !== text(actual[field])) {
      differences.push(`${field}: the document says ${JSON.stringify(claims[field])}, the chain says ${JSON.stringify(actual[field])}`);
    }
  }
  checks.push({
    label: "document: terms",
    ok: differences.length === 0,
    detail: differences.length === 0 ? "every term of the document matches the chain" : differences.join("; "),
  });
  const transfer = record.transfers.at(-1);
  checks.push({
    label: "document: holder",
    ok: same(claims.holder, actual.holder),
    detail: same(claims.holder, actual.holder)
      ? `${actual.holder} still holds the certificate`
      : `the document names ${claims.holder} as holder; ${actual.holder} holds it since block ${transfer?.block ?? "?"}`,
  });
}

/** What a proof document of `record` states. */
export function claimsOf(record: RightsRecord): RightsClaims {
  const stored = record.stored;
  const rights = record.rights;
  if (!record.exists || !stored || !rights || !record.escrow || !record.holder) {
    throw new Error(`no certificate ${record.dealId} to describe`);
  }
  return {
    kind: "ispera-rights-claims",
    version: 1,
    chainId: record.chainId.toString(),
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

const CLAIMS_ID = "ispera-rights-claims";

/** Reads the claims embedded in a proof document written by `renderProofHtml`. */
export function extractClaims(html: string): RightsClaims {
  const match = new RegExp(`<script type="application/json" id="${CLAIMS_ID}">([\\s\\S]*?)</script>`).exec(html);
  if (!match?.[1]) throw new Error("this document carries no Ispera rights claims (not a proof document?)");
  const claims = JSON.parse(match[1]) as RightsClaims;
  if (claims.kind !== CLAIMS_ID || claims.version !== 1) throw new Error("unknown claims format in the document");
  return claims;
}

/* ----------------------------------------------------------------------------------------------------------------
 *                                                 PROOF DOCUMENT
 * ------------------------------------------------------------------------------------------------------------- */

const escapeHtml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

function statusName(status: number): string {
  return Object.entries(DealStatus).find(([, v]) => v === status)?.[0] ?? String(status);
}

function milestoneStatusName(status: number): string {
  return Object.entries(MilestoneStatus).find(([, v]) => v === status)?.[0] ?? String(status);
}

function priceText(amount: bigint, record: RightsRecord): string {
  if (amount === 0n) return "included at no extra price";
  const symbol = record.token?.symbol ?? "";
  const formatted = formatAmount(amount, record.token?.decimals ?? 0);
  return symbol === "" ? `${formatted} units` : `${formatted} ${symbol}`;
}

const VERDICT_TEXT: Record<Verdict, string> = {
  valid: "VALID: authentic and in force",
  expired: "EXPIRED: authentic, no longer in force",
  mismatch: "MISMATCH: does not match the chain",
};

/** The printable proof document: self-contained HTML (no script, font, image or style from elsewhere). */
export function renderProofHtml(record: RightsRecord, verification: Verification): string {
  const e = escapeHtml;
  const code = (text: string): string => `<code>${e(text)}</code>`;
  const row = (label: string, value: string): string => `<tr><th>${e(label)}</th><td>${value}</td></tr>`;
  const stored = record.stored;
  const rights = record.rights;
  const title = `Content-rights certificate ${record.dealId.slice(0, 10)}`;
  const sections: string[] = [];

  if (stored && rights) {
    const expiry = stored.duration === 0n ? "never (perpetual licence)" : isoDate(stored.effectiveAt + stored.duration);
    const scope = scopeNames(stored.scope);
    sections.push(`<p class="summary">${e(
      `The influencer ${stored.influencer} licenses to the holder of this certificate, ${record.holder ?? "(nobody)"}, ` +
        `the content delivered under Ispera deal ${record.dealId} for ${scopeText(stored.scope)}, ` +
        `${rights.territories.length === 0 ? "worldwide" : `in ${territoriesText(rights.territories)}`}, ` +
        `${stored.exclusive ? "exclusively" : "non-exclusively"}, from ${isoDate(stored.effectiveAt)} ` +
        `${stored.duration === 0n ? "without end" : `until ${isoDate(stored.effectiveAt + stored.duration)}`}.`,
    )}</p>`);
    sections.push(`<h2>Who</h2><table>${[
      row("Licensor (influencer)", code(stored.influencer)),
      row("First licensee (brand)", code(stored.brand)),
      row("Current holder", code(record.holder ?? "")),
    ].join("")}</table>`);
    sections.push(`<h2>Which terms</h2><table>${[
      row("Scope", scope.length === 0 ? "none" : `<ul>${scope.map((s) => `<li>${e(s)}</li>`).join("")}</ul>`),
      row("Territories", e(territoriesText(rights.territories))),
      row("Exclusive", stored.exclusive ? "yes" : "no"),
      row("Duration", e(durationText(stored.duration))),
      row("Price", `${e(priceText(stored.price, record))} (token ${code(stored.token)})`),
      row("Licence text hash", code(stored.documentHash)),
      row("Rights terms hash", `${code(hashRights(rights))} (bound in the deal's terms)`),
    ].join("")}</table>`);
    sections.push(`<h2>When</h2><table>${[
      row("Effective (deal completed)", e(isoDate(stored.effectiveAt))),
      row("Expires", e(expiry)),
      row("Checked at", e(`${isoDate(record.blockTime)}, block ${record.blockNumber}`)),
      row("Status", record.isValid ? "in force" : "expired"),
    ].join("")}</table>`);
  }
  if (record.milestones.length > 0) {
    const symbol = record.token?.symbol ?? "";
    const decimals = record.token?.decimals ?? 0;
    const rows = record.milestones.map((m) =>
      `<tr><td>${m.index + 1}</td><td>${e(`${formatAmount(m.amount, decimals)} ${symbol}`.trim())}</td>` +
      `<td>${e(milestoneStatusName(m.status))}, ${(m.shareBps / 100).toFixed(2)} % to the influencer</td>` +
      `<td>${m.submission ? `${code(m.submission.contentHash)}<br>${e(m.submission.contentURI)}` : "no submission"}</td>` +
      `<td>${code(m.digest)}</td></tr>`,
    );
    sections.push(
      `<h2>What: the content</h2><table class="grid"><tr><th>#</th><th>Amount</th><th>Outcome</th>` +
        `<th>Last submitted content (hash, link)</th><th>Escrow digest (first 20 bytes)</th></tr>${rows.join("")}</table>`,
    );
  }
  const title_ = [
    row("Deal / certificate id", code(record.dealId)),
    row("Token id", code(record.tokenId.toString())),
    row("Certificate contract", code(record.certificate)),
    row("Escrow", code(record.escrow ?? "(unknown)")),
    row("Chain id", e(record.chainId.toString())),
  ];
  if (record.deal) {
    title_.push(
      row(
        "Deal at the escrow",
        e(`${statusName(record.deal.status)}, ${record.deal.completed ? "completed" : "not completed"}, rights ${record.deal.rightsBought ? "bought" : "not bought"}`),
      ),
    );
  }
  if (record.mint) {
    title_.push(row("Minted", e(`${isoDate(record.mint.timestamp)}, block ${record.mint.block}, to ${record.mint.to}, by ${record.mint.minter}`)));
    title_.push(row("Mint transaction", code(record.mint.tx)));
  }
  sections.push(`<h2>Deal and certificate</h2><table>${title_.join("")}</table>`);
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
      .map((c) => `<tr class="${c.ok ? "ok" : "bad"}"><td>${c.ok ? "&#10003;" : "&#10007;"}</td><td>${e(c.label)}</td><td>${e(c.detail)}</td></tr>`)
      .join("")}</table>`,
  );
  const claims = record.exists && record.stored ? claimsOf(record) : undefined;
  const claimsBlock = claims
    ? `<script type="application/json" id="${CLAIMS_ID}">${JSON.stringify(claims).replace(/</g, "\\u003c")}</script>`
    : "";

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>
@page { size: A4; margin: 16mm; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.45 Georgia, "Times New Roman", serif; color: #111; margin: 0 auto; max-width: 190mm; padding: 8mm 0; }
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
</style>
</head>
<body>
<h1>${e(title)}</h1>
<div class="meta">Proof document read from the chain alone: chain ${e(record.chainId.toString())}, block ${record.blockNumber} (${e(isoDate(record.blockTime))}).</div>
<div class="verdict ${verification.verdict}">${e(VERDICT_TEXT[verification.verdict])}</div>
<p>${e(verification.message)}</p>
${sections.join("\n")}
<footer>
The licence follows the token: whoever holds certificate ${e(record.dealId)} of contract ${e(record.certificate)} holds the licence.
Anyone can check this document against the chain: <code>npm run rights:proof -- --rpc &lt;url&gt; --proof &lt;this file&gt;</code>
(the claims it makes are embedded in it as JSON).
</footer>
${claimsBlock}
</body>
</html>
`;
}

/* ----------------------------------------------------------------------------------------------------------------
 *                                                   ONE CALL
 * ------------------------------------------------------------------------------------------------------------- */

export interface ProofResult {
  record: RightsRecord;
  verification: Verification;
  html: string;
}

/** Reads, verifies and renders: what scripts/rightsProof.ts does, without the command line. */
export async function proveRights(options: ReadOptions & VerifyOptions): Promise<ProofResult> {
  const record = await readRightsRecord(options);
  const verification = verifyRights(record, options);
  return { record, verification, html: renderProofHtml(record, verification) };
}

/** The exit status of the script for a verdict: 0 valid, 2 expired (authentic, not in force), 1 mismatch. */
export function exitCodeOf(verdict: Verdict): number {
  return verdict === "valid" ? 0 : verdict === "expired" ? 2 : 1;
}
