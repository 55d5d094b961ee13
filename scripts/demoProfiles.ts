// Profiles and reputation for the local demo: functions that scripts/demo.ts (through a `hardhat run` script) calls
// against the deployed stack. Nothing runs on import.
//   publishProfiles     builds, validates and hashes each account's profile document, stores it (in the document
//                       store when given one, as ipfs://<cid>; otherwise as a file under demo-output/profiles/),
//                       publishes hash + URI on chain and reads it back
//   recordAndRateDeal   records a closed deal in the reputation contract and lets each side rate the other
//   printReputation     prints an account's counters and average rating
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { ZeroHash, keccak256, toUtf8Bytes, type ContractTransactionResponse } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import {
  buildProfile,
  canonicalJson,
  checkProfileUri,
  hashProfile,
  parseProfile,
  topicNames,
  type ProfileDocument,
  type ProfileInput,
} from "./lib/profile.ts";
import { cidOfUri, digestOfCid, uriOfCid } from "./lib/docstore/cid.ts";
import type { DocumentStore } from "./lib/docstore/store.ts";
import { dealIdOf, dealKeyOf, Topic, type DealTerms } from "./lib/terms.ts";
import type { Profiles, Reputation } from "../types/ethers-contracts/index.ts";

export type Log = (line: string) => void;

/** Where a document is kept: returns the URI to publish (ipfs://<cid> with a document store, a file otherwise). */
export type ProfileStore = (doc: ProfileDocument, canonical: string, hash: string) => string | Promise<string>;

/** Reads a document back from a URI returned by the same store. */
export type ProfileReader = (uri: string) => string | Promise<string>;

const LOCAL_SCHEME = "ispera-local://profiles/";

/**
 * The demo's store. Given a DocumentStore (scripts/lib/docstore/: the embedded Helia store, the local server or any
 * IPFS node), documents go there as ipfs://<cid>, where the CID's sha-256 digest is the published hash, and are read
 * back verified against their CID. Given a directory (default demo-output/profiles/, git-ignored), they are written
 * as <hash>.json files addressed as ispera-local://profiles/<hash>.json.
 */
export function localProfileStore(
  target: string | DocumentStore = resolve("demo-output", "profiles"),
): { store: ProfileStore; read: ProfileReader } {
  if (typeof target !== "string") return documentProfileStore(target);
  const dir = target;
  return {
    store: (_doc, canonical, hash) => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(resolve(dir, `${hash}.json`), canonical);
      return `${LOCAL_SCHEME}${hash}.json`;
    },
    read: (uri) => {
      if (!uri.startsWith(LOCAL_SCHEME)) throw new Error(`local profile store: cannot read ${uri}`);
      return readFileSync(resolve(dir, uri.slice(LOCAL_SCHEME.length)), "utf8");
    },
  };
}

/** Profile documents in a DocumentStore: the URI is ipfs://<cid> and the CID's digest is the profile's hash. */
export function documentProfileStore(documents: DocumentStore): { store: ProfileStore; read: ProfileReader } {
  return {
    store: async (_doc, canonical, hash) => {
      const cid = await documents.put(new TextEncoder().encode(canonical));
      if (digestOfCid(cid) !== hash.toLowerCase()) {
        throw new Error(`document store returned ${cid}, whose digest is not the profile hash ${hash}`);
      }
      return uriOfCid(cid);
    },
    read: async (uri) => new TextDecoder().decode(await documents.get(cidOfUri(uri))),
  };
}

/** The demo's two parties, matching its deals (French beauty content). */
export const SAMPLE_PROFILES: { brand: ProfileInput; influencer: ProfileInput } = {
  brand: {
    role: "brand",
    handle: "maison-lumiere",
    displayName: "Maison Lumière",
    channels: [
      { platform: "instagram", handle: "@maisonlumiere", url: "https://www.instagram.com/maisonlumiere", followers: 48_200 },
    ],
    languages: ["fr", "en"],
    topics: ["Beauty"],
  },
  influencer: {
    role: "influencer",
    handle: "lea.makeup",
    displayName: "Léa — maquillage & soin",
    channels: [
      { platform: "instagram", handle: "@lea.makeup", url: "https://www.instagram.com/lea.makeup", followers: 182_000 },
      { platform: "tiktok", handle: "@leamakeup", url: "https://www.tiktok.com/@leamakeup", followers: 96_500 },
    ],
    languages: ["fr"],
    topics: [Topic.Beauty, Topic.Lifestyle],
    rateCard: [
      { deliverable: "Instagram reel", amount: "700", currency: "USDC" },
      { deliverable: "Instagram story (3 frames)", amount: "250", currency: "USDC" },
      { deliverable: "TikTok video", amount: "550", currency: "USDC" },
    ],
  },
};

export interface PublishedProfile {
  account: string;
  handle: string;
  hash: string;
  uri: string;
  version: bigint;
  gasUsed: bigint;
}

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("transaction dropped");
  return receipt.gasUsed;
}

function line(what: string, gas: bigint): string {
  return `      ${what.padEnd(62)} gas ${gas.toLocaleString("en-US")}`;
}

/**
 * Publishes a profile for each account: builds and validates the document (a readable ProfileError otherwise),
 * stores it, publishes its hash and URI, then reads it back from the chain and the store and checks the hash.
 */
export async function publishProfiles(
  profiles: Profiles,
  entries: readonly { signer: HardhatEthersSigner; input: ProfileInput }[],
  options: { store?: ProfileStore; read?: ProfileReader; documents?: DocumentStore; log?: Log } = {},
): Promise<PublishedProfile[]> {
  const local = localProfileStore(options.documents);
  const store = options.store ?? local.store;
  const read = options.read ?? local.read;
  const log = options.log ?? console.log;
  const published: PublishedProfile[] = [];
  for (const { signer, input } of entries) {
    const doc = buildProfile(input);
    const canonical = canonicalJson(doc);
    const hash = hashProfile(doc);
    const uri = checkProfileUri(await store(doc, canonical, hash));
    const gasUsed = await gasOf(profiles.connect(signer).setProfile(hash, uri));
    const onChain = await profiles.profileOf(signer.address);
    // A reader's check: the document at the URI is the one whose hash the account published.
    const back = parseProfile(await read(onChain.uri), onChain.metadataHash);
    log(line(`${doc.role} @${doc.handle} publishes its profile (v${onChain.version})`, gasUsed));
    log(
      `        ${back.displayName}: ${back.languages.join(", ")}; ${topicNames(back).join(", ")}; ` +
        `${back.channels.length} channel(s), ${back.rateCard.length} rate(s)`,
    );
    log(`        ${uri}  hash ${hash.slice(0, 18)}…  verified against the chain`);
    published.push({ account: signer.address, handle: doc.handle, hash, uri, version: onChain.version, gasUsed });
  }
  return published;
}

export interface Rating {
  score: number;
  /** A short comment; only its keccak256 goes on chain (omit for none). */
  comment?: string;
}

/**
 * Records a closed deal (`recorder` pays, anyone may) and lets each side rate the other; prints each step with its
 * gas and both parties' reputation afterwards. A side without a rating does not rate.
 */
export async function recordAndRateDeal(
  reputation: Reputation,
  terms: DealTerms,
  parties: { recorder: HardhatEthersSigner; brand: HardhatEthersSigner; influencer: HardhatEthersSigner },
  ratings: { byBrand?: Rating; byInfluencer?: Rating },
  options: { log?: Log } = {},
): Promise<{ dealId: string; gas: Record<string, bigint> }> {
  const log = options.log ?? console.log;
  const dealId = dealIdOf(terms);
  const key = dealKeyOf(terms);
  const gas: Record<string, bigint> = {};
  if (!(await reputation.isRecorded(dealId))) {
    gas.record = await gasOf(reputation.connect(parties.recorder).record(terms));
    log(line(`a keeper records the closed deal ${dealId.slice(0, 10)}…`, gas.record));
  }
  const sides = [
    ["brand", parties.brand, ratings.byBrand, "influencer"],
    ["influencer", parties.influencer, ratings.byInfluencer, "brand"],
  ] as const;
  for (const [side, signer, rating, other] of sides) {
    if (!rating) continue;
    const commentHash = rating.comment === undefined ? ZeroHash : keccak256(toUtf8Bytes(rating.comment));
    gas[`rate by ${side}`] = await gasOf(reputation.connect(signer).rate(key, rating.score, commentHash));
    const note = rating.comment === undefined ? "" : ` ("${rating.comment}")`;
    log(line(`${side} rates the ${other} ${rating.score}/5${note}`, gas[`rate by ${side}`]!));
  }
  await printReputation(reputation, "brand", terms.brand, log);
  await printReputation(reputation, "influencer", terms.influencer, log);
  return { dealId, gas };
}

/** Prints an account's counters and average rating in one line. */
export async function printReputation(reputation: Reputation, label: string, account: string, log: Log = console.log): Promise<void> {
  const s = await reputation.statsOf(account);
  const average = await reputation.averageRating(account);
  const rating = s.ratingCount === 0n ? "no ratings" : `rated ${(Number(average) / 100).toFixed(2)}/5 by ${s.ratingCount}`;
  log(
    `        ${label} ${account.slice(0, 10)}…: ${s.dealsClosed} deal(s) closed, ${s.dealsCompleted} completed, ` +
      `disputes ${s.disputesWon} won / ${s.disputesLost} lost / ${s.disputesDrawn} drawn, ` +
      `on time ${s.onTimeDeliveries}/${s.deliveriesDue}, ${rating}`,
  );
}
