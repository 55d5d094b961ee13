// The demo's world (issue 5, "The demo"): seeds a realistic Ispera world on a LocalIspera deployment, printing one
// line per step with its gas, and returns a summary (deal ids by state, dispute ids, accounts by role).
//   - three brands and three influencers publish profile documents (document store, hash + URI on chain);
//   - twelve mediators stake across language and topic pools: (fr, beauty), (fr, tech), (en, gaming), (en, tech),
//     (en, beauty);
//   - deals in every state, each with its brief in the document store (briefHash = the brief's digest, criteria =
//     the brief's acceptance questions) and its deliverables as deliverable documents (contentHash = digest,
//     contentURI = ipfs://cid): offered, in delivery, in review, completed with a rights certificate, in dispute at
//     the commit stage (some commits made), appealed (round 0 ruled, the losing brand funded the appeal: round 1
//     waits for its random word) and an exclusive deal whose approved milestone has a holdback in the vault.
// The chain clock is never moved: a keeper started afterwards finds every state as seeded. Every deal has a random
// salt, so seeding again (on a fresh deployment, or on the same one) creates new deals.
// Used by scripts/demoWorld.ts (`hardhat run`) and test/world.test.ts (in-process, memory document store).
import { MaxUint256, type ContractTransactionResponse } from "ethers";
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { saltFromSignature, voteCommitment, voteSaltMessage, Period } from "./court.ts";
import { publishProfiles, type PublishedProfile } from "../demoProfiles.ts";
import type { ProfileInput } from "./profile.ts";
import { buildRights, RightsScope, type RightsTerms } from "./rights.ts";
import {
  briefBreachCriteria,
  briefCriteria,
  briefTermsMismatches,
  putBrief,
  type BriefDocument,
  type BriefQuestion,
} from "./docstore/brief.ts";
import { putDeliverable, putEvidence } from "./docstore/documents.ts";
import type { DocumentStore } from "./docstore/store.ts";
import { buildTerms, DAY, languageCode, Topic, type DealTerms, type Question, type TermsInput } from "./terms.ts";
import type {
  DealEscrow,
  HoldbackVault,
  MediatorCourt,
  MockUSDC,
  Profiles,
  RightsCertificate,
  VRFCoordinatorV2_5Mock,
} from "../../types/ethers-contracts/index.ts";

/** The contracts the seeding talks to (a LocalIspera deployment). */
export interface WorldAddresses {
  escrow: string;
  court: string;
  usdc: string;
  vrfCoordinator: string;
  randomness: string;
  certificate: string;
  profiles: string;
}

const ADDRESS_KEYS: Record<keyof WorldAddresses, string> = {
  escrow: "DealEscrow",
  court: "MediatorCourt",
  usdc: "MockUSDC",
  vrfCoordinator: "VRFCoordinatorV2_5Mock",
  randomness: "ChainlinkRandomness",
  certificate: "RightsCertificate",
  profiles: "Profiles",
};

/** The addresses of an Ignition `deployed_addresses.json` (keys "LocalIspera#<ContractName>"). */
export function worldAddressesFromRecord(record: Record<string, string>, source = "the deployment"): WorldAddresses {
  const out: Partial<WorldAddresses> = {};
  for (const [field, name] of Object.entries(ADDRESS_KEYS) as [keyof WorldAddresses, string][]) {
    const address = record[`LocalIspera#${name}`];
    if (!address) throw new Error(`world: ${name} missing from ${source} (key "LocalIspera#${name}")`);
    out[field] = address;
  }
  return out as WorldAddresses;
}

/** Which of the node's accounts play which role (indexes into `ethers.getSigners()`). */
export interface WorldAccounts {
  brands: readonly number[];
  influencers: readonly number[];
  mediators: readonly number[];
}

/**
 * Defaults for `hardhat node`'s 20 accounts: brands 14..16, influencers 17..19, mediators 1..12 (5..12 are the
 * dispute scenario's mediators, already in the (fr, beauty) pool: they stake more and join more pools).
 */
export const DEFAULT_WORLD_ACCOUNTS: WorldAccounts = {
  brands: [14, 15, 16],
  influencers: [17, 18, 19],
  mediators: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
};

export interface WorldOptions {
  /** Where briefs, deliverables, evidence and profiles go. */
  documents: DocumentStore;
  log?: (line: string) => void;
  accounts?: WorldAccounts;
}

/** Deal ids (0x…, lower case) by the state they were left in. */
export interface WorldDeals {
  offered: string[];
  inDelivery: string[];
  inReview: string[];
  completed: string[];
  inDispute: string[];
  appealed: string[];
  holdback: string[];
}

export interface WorldSummary {
  chainId: string;
  block: number;
  blockTime: string;
  documentStore: string;
  accounts: {
    brands: { index: number; address: string; handle: string; profileUri: string }[];
    influencers: { index: number; address: string; handle: string; profileUri: string }[];
    mediators: { index: number; address: string; stake: string; pools: string[] }[];
  };
  deals: WorldDeals;
  /** Court dispute ids (decimal) by stage. */
  disputes: { commit: string[]; appealed: string[] };
  /** Rights certificate token ids (decimal: uint256(dealId)). */
  certificates: string[];
  /** Per deal: its title, parties, brief URI and deliverable URIs. */
  documents: Record<string, { title: string; brand: string; influencer: string; brief: string; deliverables: string[]; evidence: string[] }>;
  gasUsed: string;
}

const USDC = (n: number): bigint => BigInt(n) * 10n ** 6n;

/* ------------------------------------------------------------------ */
/*                         the cast and its pools                      */
/* ------------------------------------------------------------------ */

const BRANDS: readonly ProfileInput[] = [
  {
    role: "brand",
    handle: "atelier-verdure",
    displayName: "Atelier Verdure",
    channels: [{ platform: "instagram", handle: "@atelierverdure", url: "https://www.instagram.com/atelierverdure", followers: 31_400 }],
    languages: ["fr", "en"],
    topics: ["Beauty", "Lifestyle"],
  },
  {
    role: "brand",
    handle: "pixelforge-games",
    displayName: "Pixelforge Games",
    channels: [
      { platform: "x", handle: "@pixelforge", url: "https://x.com/pixelforge", followers: 88_000 },
      { platform: "youtube", handle: "@pixelforgegames", url: "https://www.youtube.com/@pixelforgegames", followers: 140_000 },
    ],
    languages: ["en"],
    topics: ["Gaming"],
  },
  {
    role: "brand",
    handle: "nordlys-audio",
    displayName: "Nordlys Audio",
    channels: [{ platform: "instagram", handle: "@nordlysaudio", url: "https://www.instagram.com/nordlysaudio", followers: 22_900 }],
    languages: ["en", "fr"],
    topics: ["Tech", "Music"],
  },
];

const INFLUENCERS: readonly ProfileInput[] = [
  {
    role: "influencer",
    handle: "camille.glow",
    displayName: "Camille — soin & glow",
    channels: [
      { platform: "instagram", handle: "@camille.glow", url: "https://www.instagram.com/camille.glow", followers: 126_000 },
      { platform: "tiktok", handle: "@camilleglow", url: "https://www.tiktok.com/@camilleglow", followers: 64_300 },
    ],
    languages: ["fr", "en"],
    topics: ["Beauty", "Lifestyle"],
    rateCard: [
      { deliverable: "Instagram reel", amount: "600", currency: "USDC" },
      { deliverable: "TikTok video", amount: "450", currency: "USDC" },
    ],
  },
  {
    role: "influencer",
    handle: "retroraid",
    displayName: "RetroRaid",
    channels: [
      { platform: "twitch", handle: "retroraid", url: "https://www.twitch.tv/retroraid", followers: 51_000 },
      { platform: "youtube", handle: "@retroraid", url: "https://www.youtube.com/@retroraid", followers: 230_000 },
    ],
    languages: ["en"],
    topics: ["Gaming", "Tech"],
    rateCard: [
      { deliverable: "YouTube integration 60 s", amount: "900", currency: "USDC" },
      { deliverable: "Twitch sponsored stream", amount: "700", currency: "USDC" },
    ],
  },
  {
    role: "influencer",
    handle: "sam.builds",
    displayName: "Sam Builds Tech",
    channels: [{ platform: "youtube", handle: "@sambuilds", url: "https://www.youtube.com/@sambuilds", followers: 97_500 }],
    languages: ["en", "fr"],
    topics: ["Tech"],
    rateCard: [{ deliverable: "YouTube review", amount: "1200", currency: "USDC" }],
  },
];

/** Pools by mediator (same order as `accounts.mediators`), at most 4 each, and how much each stakes now. */
const MEDIATOR_PLAN: readonly { pools: readonly (readonly [string, number])[]; stake: number }[] = [
  { pools: [["fr", Topic.Beauty], ["fr", Topic.Tech], ["en", Topic.Tech]], stake: 600 },
  { pools: [["fr", Topic.Beauty], ["fr", Topic.Tech], ["en", Topic.Beauty]], stake: 450 },
  { pools: [["en", Topic.Gaming], ["en", Topic.Tech], ["en", Topic.Beauty]], stake: 800 },
  { pools: [["en", Topic.Gaming], ["en", Topic.Tech], ["en", Topic.Beauty]], stake: 300 },
  { pools: [["fr", Topic.Beauty], ["fr", Topic.Tech], ["en", Topic.Beauty]], stake: 500 },
  { pools: [["fr", Topic.Beauty], ["fr", Topic.Tech]], stake: 350 },
  { pools: [["fr", Topic.Beauty], ["fr", Topic.Tech]], stake: 700 },
  { pools: [["fr", Topic.Beauty], ["en", Topic.Gaming]], stake: 400 },
  { pools: [["fr", Topic.Beauty], ["en", Topic.Gaming]], stake: 550 },
  { pools: [["fr", Topic.Beauty], ["en", Topic.Gaming], ["en", Topic.Tech]], stake: 1_000 },
  { pools: [["fr", Topic.Beauty], ["en", Topic.Gaming], ["en", Topic.Tech]], stake: 250 },
  { pools: [["fr", Topic.Beauty], ["en", Topic.Gaming], ["en", Topic.Tech]], stake: 650 },
];

const TOPIC_NAMES = Object.fromEntries(Object.entries(Topic).map(([name, id]) => [id, name.toLowerCase()])) as Record<number, string>;
const poolName = (language: string, topic: number): string => `${language}/${TOPIC_NAMES[topic] ?? topic}`;
const poolKey = (language: string, topic: number): bigint => (BigInt(languageCode(language)) << 8n) | BigInt(topic);

/* ------------------------------------------------------------------ */
/*                               briefs                                */
/* ------------------------------------------------------------------ */

const yesNo = (text: string, weight: number): BriefQuestion => ({ text, options: ["Yes", "No"], compliant: [0], weight });

/** The acceptance questions of a brief (language of the deal), the last one with a "partly" option. */
function acceptanceQuestions(language: string, product: string, disclosure: string): BriefQuestion[] {
  if (language === "fr") {
    return [
      yesNo(`Le produit (${product}) est-il montré et nommé ?`, 3),
      yesNo(`La mention ${disclosure} est-elle visible avant le « voir plus » ?`, 3),
      yesNo("Le contenu a-t-il été publié dans les délais ?", 2),
      yesNo("Est-il publié sur le compte convenu ?", 1),
      { text: "La charte de la marque est-elle respectée ?", options: ["Oui", "En partie", "Non"], compliant: [0, 1], weight: 1 },
    ];
  }
  return [
    yesNo(`Is the product (${product}) shown and named?`, 3),
    yesNo(`Is the ${disclosure} disclosure visible before the fold?`, 3),
    yesNo("Was the content posted on time?", 2),
    yesNo("Is it posted on the agreed account?", 1),
    { text: "Are the brand guidelines respected?", options: ["Yes", "Partly", "No"], compliant: [0, 1], weight: 1 },
  ];
}

const BREACH_QUESTIONS: BriefQuestion[] = [
  yesNo("Did the creator promote a competing brand of the covered topic during the window?", 3),
  { text: "Was that promotion paid?", options: ["No such post", "Not paid", "Paid"], compliant: [0], weight: 1 },
];

interface DealPlan {
  key: keyof WorldDeals;
  title: string;
  brand: number;
  influencer: number;
  language: string;
  topic: number;
  product: string;
  amounts: number[];
  channel: "instagram" | "tiktok" | "youtube" | "twitch";
  format: string;
  description: string;
  rights?: { terms: RightsTerms; price: number; text: string };
  exclusivity?: { days: number; holdbackBps: number; description: string };
}

function briefOf(plan: DealPlan, draft: DealTerms): BriefDocument {
  const brand = BRANDS[plan.brand]!;
  const disclosure = plan.language === "fr" ? "#publicité" : "#ad";
  const brief: BriefDocument = {
    schema: "ispera.brief",
    version: 1,
    title: plan.title,
    brand: { name: brand.displayName, handle: brand.handle },
    language: plan.language,
    topic: plan.topic,
    summary: `${brand.displayName}: ${plan.description}`,
    milestones: draft.milestones.map((m, i) => ({
      title: draft.milestones.length > 1 ? `Part ${i + 1}` : "Delivery",
      deliverables: [{ channel: plan.channel, format: plan.format, description: plan.description, deliverBy: Number(m.deliverBy) }],
    })),
    acceptance: { questions: acceptanceQuestions(plan.language, plan.product, disclosure) },
    guidelines: {
      do: [`Show ${plan.product} in use`, "Say in your own words what you liked"],
      dont: ["No competitor products in frame"],
      hashtags: [disclosure],
      mentions: [`@${brand.handle}`],
      disclosure,
    },
  };
  if (plan.exclusivity) {
    brief.exclusivity = {
      topic: draft.exclusiveTopic,
      from: Number(draft.exclusiveFrom),
      until: Number(draft.exclusiveUntil),
      description: plan.exclusivity.description,
      holdback: { bps: plan.exclusivity.holdbackBps, breachQuestions: BREACH_QUESTIONS },
    };
  }
  if (plan.rights) brief.rights = { description: plan.rights.text, scope: ["OrganicRepost", "Website"] };
  return brief;
}

const LICENCE_TEXT =
  "Atelier Verdure may repost the reel and its stills on its own channels and show them on its website, in France, " +
  "Belgium and Switzerland, non-exclusively, for six months from completion.";

const PLANS: readonly DealPlan[] = [
  {
    key: "offered",
    title: "Pixelforge — Starfall Tactics launch week",
    brand: 1,
    influencer: 1,
    language: "en",
    topic: Topic.Gaming,
    product: "Starfall Tactics",
    amounts: [900, 600],
    channel: "youtube",
    format: "video 60 s integration",
    description: "A 60-second integration in a let's-play of Starfall Tactics, then a launch-day stream segment.",
  },
  {
    key: "inDelivery",
    title: "Nordlys Fjord ANC headphones review",
    brand: 2,
    influencer: 2,
    language: "en",
    topic: Topic.Tech,
    product: "Fjord ANC headphones",
    amounts: [1_200],
    channel: "youtube",
    format: "review video",
    description: "An honest long-form review of the Fjord ANC headphones: noise cancelling, battery, comfort.",
  },
  {
    key: "inReview",
    title: "Atelier Verdure — sérum nuit",
    brand: 0,
    influencer: 0,
    language: "fr",
    topic: Topic.Beauty,
    product: "Sérum Nuit Verdure",
    amounts: [450],
    channel: "tiktok",
    format: "video",
    description: "Une routine du soir en 45 secondes avec le Sérum Nuit, texture et application montrées.",
  },
  {
    key: "completed",
    title: "Atelier Verdure — crème solaire minérale, avec droits",
    brand: 0,
    influencer: 0,
    language: "fr",
    topic: Topic.Beauty,
    product: "Crème Solaire Minérale SPF 50",
    amounts: [600],
    channel: "instagram",
    format: "reel",
    description: "Un reel en extérieur : application de la crème solaire, fini sans traces blanches.",
    rights: {
      terms: buildRights({
        scope: RightsScope.OrganicRepost | RightsScope.Website,
        duration: 182 * DAY,
        territories: ["FR", "BE", "CH"],
        exclusive: false,
        document: LICENCE_TEXT,
      }),
      price: 150,
      text: LICENCE_TEXT,
    },
  },
  {
    key: "inDispute",
    title: "Atelier Verdure — baume lèvres",
    brand: 0,
    influencer: 0,
    language: "fr",
    topic: Topic.Beauty,
    product: "Baume Lèvres Figue",
    amounts: [500],
    channel: "instagram",
    format: "reel",
    description: "Un reel « get ready with me » où le baume est appliqué et nommé.",
  },
  {
    key: "appealed",
    title: "Pixelforge — Neon Drift early access",
    brand: 1,
    influencer: 1,
    language: "en",
    topic: Topic.Gaming,
    product: "Neon Drift",
    amounts: [800],
    channel: "twitch",
    format: "sponsored stream",
    description: "A two-hour sponsored stream of the Neon Drift early access with the key link in chat.",
  },
  {
    key: "holdback",
    title: "Nordlys — exclusive creator partnership",
    brand: 2,
    influencer: 1,
    language: "en",
    topic: Topic.Tech,
    product: "Nordlys Pulse earbuds",
    amounts: [1_000, 1_000],
    channel: "youtube",
    format: "video",
    description: "Two videos featuring the Pulse earbuds: an unboxing, then a month-later verdict.",
    exclusivity: {
      days: 90,
      holdbackBps: 2_000,
      description: "No sponsored content for another audio or tech brand during the 90 days.",
    },
  },
];

/* ------------------------------------------------------------------ */
/*                               seeding                               */
/* ------------------------------------------------------------------ */

interface Deal {
  plan: DealPlan;
  terms: DealTerms;
  criteria: Question[];
  dealId: string;
  brand: HardhatEthersSigner;
  influencer: HardhatEthersSigner;
}

/** Seeds the world; returns its summary. See the file's header. */
export async function seedWorld(ethers: HardhatEthers, addresses: WorldAddresses, options: WorldOptions): Promise<WorldSummary> {
  const log = options.log ?? console.log;
  const documents = options.documents;
  const roles = options.accounts ?? DEFAULT_WORLD_ACCOUNTS;
  const signers = await ethers.getSigners();
  const pick = (i: number): HardhatEthersSigner => {
    const s = signers[i];
    if (!s) throw new Error(`world: account ${i} does not exist (the node has ${signers.length} accounts; 20 are needed)`);
    return s;
  };
  const brands = roles.brands.map(pick);
  const influencers = roles.influencers.map(pick);
  const mediators = roles.mediators.map(pick);
  if (brands.length < BRANDS.length || influencers.length < INFLUENCERS.length) throw new Error("world: 3 brands and 3 influencers are needed");
  if (mediators.length > MEDIATOR_PLAN.length) throw new Error(`world: at most ${MEDIATOR_PLAN.length} mediators`);

  const escrow = (await ethers.getContractAt("DealEscrow", addresses.escrow)) as unknown as DealEscrow;
  const court = (await ethers.getContractAt("MediatorCourt", addresses.court)) as unknown as MediatorCourt;
  const usdc = (await ethers.getContractAt("MockUSDC", addresses.usdc)) as unknown as MockUSDC;
  const vrf = (await ethers.getContractAt("VRFCoordinatorV2_5Mock", addresses.vrfCoordinator)) as unknown as VRFCoordinatorV2_5Mock;
  const certificate = (await ethers.getContractAt("RightsCertificate", addresses.certificate)) as unknown as RightsCertificate;
  const profiles = (await ethers.getContractAt("Profiles", addresses.profiles)) as unknown as Profiles;
  const vault = (await ethers.getContractAt("HoldbackVault", await escrow.holdbackVault())) as unknown as HoldbackVault;
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const feeBps = Number(await escrow.protocolFeeBps());

  let stepNo = 0;
  let totalGas = 0n;
  const gasOf = async (tx: Promise<ContractTransactionResponse>): Promise<bigint> => {
    const receipt = await (await tx).wait();
    if (!receipt) throw new Error("world: transaction dropped");
    return receipt.gasUsed;
  };
  /** Runs the transactions one after the other and prints one line with their gas. */
  const step = async (what: string, ...txs: (() => Promise<ContractTransactionResponse>)[]): Promise<void> => {
    let gas = 0n;
    for (const tx of txs) gas += await gasOf(tx());
    totalGas += gas;
    stepNo += 1;
    const count = txs.length > 1 ? ` (${txs.length} txs)` : "";
    log(`  ${String(stepNo).padStart(2)}. ${(what + count).padEnd(74)} gas ${gas.toLocaleString("en-US")}`);
  };
  const short = (a: string): string => `${a.slice(0, 6)}…${a.slice(-4)}`;

  log(`  documents: ${documents.description}`);

  // 1. Money: USDC from the faucet and approvals, for every role.
  log("  faucet and approvals:");
  for (const [i, s] of brands.entries()) {
    await step(
      `brand @${BRANDS[i]!.handle} gets 20,000 USDC, approves escrow and court`,
      () => usdc.mint(s.address, USDC(20_000)),
      () => usdc.connect(s).approve(addresses.escrow, MaxUint256),
      () => usdc.connect(s).approve(addresses.court, MaxUint256),
    );
  }
  for (const [i, s] of influencers.entries()) {
    await step(
      `influencer @${INFLUENCERS[i]!.handle} gets 500 USDC, approves escrow and court`,
      () => usdc.mint(s.address, USDC(500)),
      () => usdc.connect(s).approve(addresses.escrow, MaxUint256),
      () => usdc.connect(s).approve(addresses.court, MaxUint256),
    );
  }
  for (const s of mediators) {
    await step(`mediator ${short(s.address)} gets 2,000 USDC, approves the court`, () => usdc.mint(s.address, USDC(2_000)), () =>
      usdc.connect(s).approve(addresses.court, MaxUint256),
    );
  }

  // 2. Profiles.
  log("  profiles:");
  const published: PublishedProfile[] = await publishProfiles(
    profiles,
    [...brands.map((signer, i) => ({ signer, input: BRANDS[i]! })), ...influencers.map((signer, i) => ({ signer, input: INFLUENCERS[i]! }))],
    { documents, log },
  );
  for (const p of published) totalGas += p.gasUsed;

  // 3. Mediators: stake more and join their pools (before any dispute freezes a language's pools).
  log("  mediators:");
  const mediatorSummary: WorldSummary["accounts"]["mediators"] = [];
  for (const [i, m] of mediators.entries()) {
    const plan = MEDIATOR_PLAN[i]!;
    const current = new Set((await court.poolsOf(m.address)).map((k) => BigInt(k)));
    const languages = new Set([...plan.pools.map(([language]) => languageCode(language)), ...[...current].map((k) => "0x" + (k >> 8n).toString(16).padStart(4, "0"))]);
    let frozen = false;
    for (const language of languages) if ((await court.freezeOf(language)).frozen) frozen = true;
    const joins = plan.pools.filter(([language, topic]) => !current.has(poolKey(language, topic)));
    const room = 4 - current.size;
    const txs: (() => Promise<ContractTransactionResponse>)[] = [];
    if (!frozen) txs.push(() => court.connect(m).stake(USDC(plan.stake)));
    for (const [language, topic] of joins.slice(0, Math.max(room, 0))) {
      txs.push(() => court.connect(m).joinPool(languageCode(language), topic));
    }
    const names = plan.pools.map(([language, topic]) => poolName(language, topic)).join(", ");
    if (frozen) log(`      mediator ${short(m.address)}: a language of its pools is drawing, its stake stays as it is`);
    if (txs.length > 0) await step(`mediator ${short(m.address)} stakes ${frozen ? 0 : plan.stake} USDC more, sits in ${names}`, ...txs);
    const after = await court.getMediator(m.address);
    mediatorSummary.push({
      index: roles.mediators[i]!,
      address: m.address,
      stake: after.stake.toString(),
      pools: (await court.poolsOf(m.address)).map((k) => {
        const key = BigInt(k);
        const language = Buffer.from((key >> 8n).toString(16).padStart(4, "0"), "hex").toString("utf8");
        return poolName(language, Number(key & 0xffn));
      }),
    });
  }
  for (const [language, topic] of [["fr", Topic.Beauty], ["fr", Topic.Tech], ["en", Topic.Gaming], ["en", Topic.Tech], ["en", Topic.Beauty]] as const) {
    const [weight, size] = await court.poolTotal(languageCode(language), topic);
    log(`      pool ${poolName(language, topic).padEnd(10)} ${String(size).padStart(2)} mediators, ${(Number(weight)).toLocaleString("en-US")} USDC staked`);
  }

  // 4. Deals: terms, brief in the store, offer.
  const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const summaryDocs: WorldSummary["documents"] = {};
  const deals: Deal[] = [];
  for (const plan of PLANS) {
    const brand = brands[plan.brand]!;
    const influencer = influencers[plan.influencer]!;
    const input: TermsInput = {
      brand: brand.address,
      influencer: influencer.address,
      token: addresses.usdc,
      now,
      amounts: plan.amounts.map(USDC),
      protocolFeeBps: feeBps,
      language: plan.language,
      topic: plan.topic,
      acceptWithin: 10 * DAY,
      deliverWithin: 14 * DAY,
    };
    if (plan.exclusivity) input.exclusivity = { topic: plan.topic, from: now, until: now + BigInt(plan.exclusivity.days * DAY) };
    if (plan.rights) input.rights = { terms: plan.rights.terms, price: USDC(plan.rights.price) };
    // The brief needs the milestones' dates, the terms need the brief's digest and questions: draft, then bind.
    const draft = buildTerms(input);
    const brief = briefOf(plan, draft);
    const criteria = briefCriteria(brief);
    if (plan.exclusivity) input.holdback = { bps: plan.exclusivity.holdbackBps, breachCriteria: briefBreachCriteria(brief) };
    const stored = await putBrief(documents, brief);
    const terms = buildTerms({ ...input, criteria, briefHash: stored.digest, salt: draft.salt });
    const mismatches = briefTermsMismatches(brief, terms);
    if (mismatches.length > 0) throw new Error(`world: brief and terms disagree: ${JSON.stringify(mismatches)}`);
    const dealId = (await escrow.dealId(terms)).toLowerCase();
    deals.push({ plan, terms, criteria, dealId, brand, influencer });
    summaryDocs[dealId] = {
      title: plan.title,
      brand: brand.address,
      influencer: influencer.address,
      brief: stored.uri,
      deliverables: [],
      evidence: [],
    };
  }

  log("  deals:");
  const byKey = (key: keyof WorldDeals): Deal => deals.find((d) => d.plan.key === key)!;
  const total = (d: Deal): number => d.plan.amounts.reduce((s, a) => s + a, 0) + (d.plan.rights?.price ?? 0);
  const handleOf = (d: Deal): string => `@${BRANDS[d.plan.brand]!.handle} → @${INFLUENCERS[d.plan.influencer]!.handle}`;
  for (const d of deals) {
    await step(`${handleOf(d)}: offers "${d.plan.title.slice(0, 34)}" (${total(d)} USDC)`, () =>
      escrow.connect(d.brand).createDeal(d.terms, d.criteria),
    );
    log(`      deal ${d.dealId}  brief ${summaryDocs[d.dealId]!.brief}`);
  }
  for (const d of deals) {
    if (d.plan.key === "offered") continue;
    await step(`@${INFLUENCERS[d.plan.influencer]!.handle} accepts "${d.plan.title.slice(0, 40)}"`, () => escrow.connect(d.influencer).acceptDeal(d.terms));
  }

  /** The influencer publishes milestone `i` as a deliverable document and submits it. */
  const deliver = async (d: Deal, i: number): Promise<string> => {
    const block = await ethers.provider.getBlock("latest");
    const slug = d.plan.title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40);
    const url =
      d.plan.channel === "youtube"
        ? `https://www.youtube.com/watch?v=${slug}-${i}`
        : d.plan.channel === "twitch"
          ? `https://www.twitch.tv/videos/${slug}-${i}`
          : `https://www.${d.plan.channel}.com/${d.plan.channel === "tiktok" ? "@" : "reel/"}${slug}-${i}`;
    const stored = await putDeliverable(documents, {
      schema: "ispera.deliverable",
      version: 1,
      dealId: d.dealId,
      milestone: i,
      items: [{ channel: d.plan.channel, format: d.plan.format, url, postedAt: block!.timestamp }],
    });
    summaryDocs[d.dealId]!.deliverables.push(stored.uri);
    await step(`@${INFLUENCERS[d.plan.influencer]!.handle} submits part ${i + 1} of "${d.plan.title.slice(0, 30)}"`, () =>
      escrow.connect(d.influencer).submitDeliverable(d.terms, i, stored.digest, stored.uri),
    );
    return stored.digest;
  };

  // In review: submitted, waiting for the brand.
  await deliver(byKey("inReview"), 0);

  // Completed with a rights certificate.
  const completed = byKey("completed");
  const reel = await deliver(completed, 0);
  await step(`@${BRANDS[completed.plan.brand]!.handle} approves: the deal completes, rights bought`, () =>
    escrow.connect(completed.brand).approveMilestone(completed.terms, 0),
  );
  await step("the brand mints its rights certificate", () => certificate.connect(completed.brand).mint(completed.terms, completed.plan.rights!.terms, [reel]));
  log(`      certificate ${BigInt(completed.dealId)} valid: ${await certificate.isValid(completed.dealId)}`);

  // The exclusive deal: part 1 approved, 20 % of its payout held back in the vault until the window ends.
  const exclusive = byKey("holdback");
  await deliver(exclusive, 0);
  await step(`@${BRANDS[exclusive.plan.brand]!.handle} approves part 1: a share goes to the holdback vault`, () =>
    escrow.connect(exclusive.brand).approveMilestone(exclusive.terms, 0),
  );
  const held = (await vault.getHoldback(exclusive.dealId)).held;
  log(`      held back until ${new Date(Number(exclusive.terms.exclusiveUntil) * 1000).toISOString().slice(0, 10)}: ${Number(held) / 1e6} USDC`);

  // Disputes: submitted, both fees paid, the court's random word answered by the VRF mock, seats drawn.
  const openDispute = async (d: Deal): Promise<bigint> => {
    await deliver(d, 0);
    await step(`@${BRANDS[d.plan.brand]!.handle} disputes the delivery (pays the arbitration fee)`, () =>
      escrow.connect(d.brand).payArbitrationFee(d.terms, d.criteria, 0),
    );
    await step(`@${INFLUENCERS[d.plan.influencer]!.handle} pays the fee: the court opens the dispute`, () =>
      escrow.connect(d.influencer).payArbitrationFee(d.terms, d.criteria, 0),
    );
    const disputeId = (await escrow.getArbitration(d.dealId, 0)).disputeId;
    return disputeId;
  };
  const drawRound = async (disputeId: bigint): Promise<Map<string, bigint[]>> => {
    const dispute = await court.getDispute(disputeId);
    const round = await court.getRound(disputeId, dispute.round);
    await step(`Chainlink VRF (local mock) answers request ${round.randomnessRequestId}`, () =>
      vrf.fulfillRandomWords(round.randomnessRequestId, addresses.randomness),
    );
    for (let i = 0; i < 20 && (await court.getDispute(disputeId)).period === BigInt(Period.Drawing); i++) {
      await step(`draw the ${round.mediators} seats of dispute ${disputeId}, round ${dispute.round}`, () => court.draw(disputeId, round.mediators));
    }
    const seats = new Map<string, bigint[]>();
    const drawn = (await court.getRound(disputeId, dispute.round)).drawn;
    for (let v = 0n; v < drawn; v++) {
      const mediator = (await court.getVote(disputeId, dispute.round, v)).mediator;
      seats.set(mediator, [...(seats.get(mediator) ?? []), v]);
    }
    return seats;
  };
  const saltOf = async (mediator: string, disputeId: bigint, round: bigint): Promise<string> =>
    saltFromSignature(await (await ethers.getSigner(mediator)).signMessage(voteSaltMessage(addresses.court, chainId, disputeId, round)));
  const commit = async (mediator: string, ids: bigint[], disputeId: bigint, round: bigint, answers: number[]): Promise<void> => {
    const salt = await saltOf(mediator, disputeId, round);
    const commitment = voteCommitment(addresses.court, disputeId, round, mediator, answers, salt);
    const signer = await ethers.getSigner(mediator);
    await step(`mediator ${short(mediator)} commits (${ids.length} seat(s))`, () => court.connect(signer).commit(disputeId, ids, commitment));
  };

  // In dispute at the commit stage: evidence from the brand, seats drawn, every mediator but the last committed.
  const inDispute = byKey("inDispute");
  const commitDispute = await openDispute(inDispute);
  const evidence = await putEvidence(documents, {
    schema: "ispera.evidence",
    version: 1,
    dealId: inDispute.dealId,
    disputeId: commitDispute.toString(),
    party: "brand",
    name: "Disclosure hidden",
    description: "The #publicité mention is only in the comments, not in the caption before « voir plus ».",
  });
  summaryDocs[inDispute.dealId]!.evidence.push(evidence.uri);
  await step("the brand submits its evidence to the court", () => court.connect(inDispute.brand).submitEvidence(commitDispute, evidence.uri));
  const commitSeats = [...(await drawRound(commitDispute)).entries()];
  const committing = commitSeats.length > 1 ? commitSeats.slice(0, -1) : [];
  for (const [mediator, ids] of committing) await commit(mediator, ids, commitDispute, 0n, [0, 1, 0, 0, 0]);
  log(`      dispute ${commitDispute}: ${committing.length} of ${commitSeats.length} drawn mediators committed; the commit period runs`);

  // Appealed: round 0 committed and revealed (the last reveal rules it for the influencer), the brand funds the appeal.
  const appealed = byKey("appealed");
  const appealDispute = await openDispute(appealed);
  const appealSeats = [...(await drawRound(appealDispute)).entries()];
  const yes = [0, 0, 0, 0, 0];
  for (const [mediator, ids] of appealSeats) await commit(mediator, ids, appealDispute, 0n, yes);
  for (const [mediator, ids] of appealSeats) {
    const salt = await saltOf(mediator, appealDispute, 0n);
    const signer = await ethers.getSigner(mediator);
    await step(`mediator ${short(mediator)} reveals [${yes.join(", ")}]`, () => court.connect(signer).reveal(appealDispute, ids, yes, salt));
  }
  const ruled = await court.getDispute(appealDispute);
  log(`      round 0 ruled: influencer share ${Number(ruled.shareBps) / 100} %; the appeal period runs`);
  const cost = await court.appealCost(appealDispute);
  await step(`@${BRANDS[appealed.plan.brand]!.handle} funds the appeal (${Number(cost) / 1e6} USDC): round 1 asks for a word`, () =>
    court.connect(appealed.brand).fundAppeal(appealDispute, cost),
  );

  const block = await ethers.provider.getBlock("latest");
  const summary: WorldSummary = {
    chainId: chainId.toString(),
    block: block!.number,
    blockTime: block!.timestamp.toString(),
    documentStore: documents.description,
    accounts: {
      brands: brands.map((s, i) => ({
        index: roles.brands[i]!,
        address: s.address,
        handle: BRANDS[i]!.handle,
        profileUri: published.find((p) => p.account === s.address)!.uri,
      })),
      influencers: influencers.map((s, i) => ({
        index: roles.influencers[i]!,
        address: s.address,
        handle: INFLUENCERS[i]!.handle,
        profileUri: published.find((p) => p.account === s.address)!.uri,
      })),
      mediators: mediatorSummary,
    },
    deals: { offered: [], inDelivery: [], inReview: [], completed: [], inDispute: [], appealed: [], holdback: [] },
    disputes: { commit: [commitDispute.toString()], appealed: [appealDispute.toString()] },
    certificates: [BigInt(completed.dealId).toString()],
    documents: summaryDocs,
    gasUsed: totalGas.toString(),
  };
  for (const d of deals) summary.deals[d.plan.key].push(d.dealId);
  log(`  seeded ${deals.length} deals and 2 disputes in ${stepNo} steps, ${totalGas.toLocaleString("en-US")} gas`);
  return summary;
}
