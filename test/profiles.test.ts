import { expect } from "chai";
import { ZeroHash, keccak256, sha256, toUtf8Bytes } from "ethers";
import {
  MAX_PROFILE_URI_LENGTH,
  ProfileError,
  buildProfile,
  canonicalJson,
  checkProfileUri,
  hashProfile,
  parseProfile,
  profileCid,
  profileUri,
  profileUriOfHash,
  topicNames,
  validateProfile,
  type ProfileDocument,
  type ProfileInput,
} from "../scripts/lib/profile.js";
import { Topic } from "../scripts/lib/terms.js";
import { cidOfBytes, cidOfDigest, digestOfCid } from "../scripts/lib/docstore/cid.js";
import { MemoryStore } from "../scripts/lib/docstore/store.js";
import { publishProfiles } from "../scripts/demoProfiles.js";
import { ethers, networkHelpers, now } from "./helpers/fixture.js";
import type { Profiles } from "../types/ethers-contracts/index.js";

const INFLUENCER_INPUT: ProfileInput = {
  role: "influencer",
  handle: "lea.makeup",
  displayName: "Léa — maquillage & soin",
  channels: [
    { platform: "instagram", handle: "@lea.makeup", url: "https://instagram.com/lea.makeup", followers: 182_000 },
    { platform: "tiktok", handle: "@leamakeup", url: "https://tiktok.com/@leamakeup", followers: 96_500 },
  ],
  languages: ["fr", "EN"],
  topics: ["Lifestyle", Topic.Beauty, "Beauty"],
  rateCard: [
    { deliverable: "Instagram reel", amount: "900", currency: "USDC" },
    { deliverable: "TikTok video 60 s", amount: "650.5", currency: "USDC" },
  ],
};
const BRAND_INPUT: ProfileInput = {
  role: "brand",
  handle: "maison-lumiere",
  displayName: "Maison Lumière",
  channels: [{ platform: "instagram", handle: "@maisonlumiere", url: "https://instagram.com/maisonlumiere", followers: 40_000 }],
  languages: ["fr"],
  topics: [Topic.Beauty],
};
const URI = "ipfs://bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
const gas: Record<string, bigint> = {};

/** The list of problems a ProfileError reports for `value`. */
function issuesOf(value: unknown): string[] {
  try {
    validateProfile(value);
  } catch (error) {
    expect(error).to.be.instanceOf(ProfileError);
    return (error as ProfileError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error("expected the document to be refused");
}

describe("Profiles", function () {
  let profiles: Profiles;
  let alice: Awaited<ReturnType<typeof ethers.getSigners>>[number];
  let bob: Awaited<ReturnType<typeof ethers.getSigners>>[number];

  async function deployProfiles() {
    const [, a, b] = await ethers.getSigners();
    if (!a || !b) throw new Error("not enough signers");
    const contract = (await ethers.deployContract("Profiles")) as unknown as Profiles;
    return { contract, a, b };
  }

  beforeEach(async function () {
    const d = await networkHelpers.loadFixture(deployProfiles);
    profiles = d.contract;
    alice = d.a;
    bob = d.b;
  });

  after(function () {
    console.log("      gas:", Object.entries(gas).map(([k, v]) => `${k} ${v.toLocaleString("en-US")}`).join(", "));
  });

  async function profileOf(account: string) {
    const p = await profiles.profileOf(account);
    return { metadataHash: p.metadataHash, version: p.version, updatedAt: p.updatedAt, uri: p.uri };
  }

  describe("setProfile", function () {
    it("publishes a profile: hash, URI, version 1, time, one event", async function () {
      const hash = hashProfile(buildProfile(INFLUENCER_INPUT));
      const tx = await profiles.connect(alice).setProfile(hash, URI);
      await expect(tx).to.emit(profiles, "ProfileUpdated").withArgs(alice.address, hash, URI, 1n);
      gas["setProfile (first)"] = (await tx.wait())!.gasUsed;
      expect(await profileOf(alice.address)).to.deep.equal({ metadataHash: hash, version: 1n, updatedAt: await now(), uri: URI });
      expect(await profiles.hasProfile(alice.address)).to.equal(true);
      expect(await profiles.hasProfile(bob.address)).to.equal(false);
      expect(await profileOf(bob.address)).to.deep.equal({ metadataHash: ZeroHash, version: 0n, updatedAt: 0n, uri: "" });
    });

    it("updates a profile: every change bumps the version, republishing the same document too", async function () {
      const first = hashProfile(buildProfile(INFLUENCER_INPUT));
      const second = hashProfile(buildProfile({ ...INFLUENCER_INPUT, languages: ["fr"] }));
      await profiles.connect(alice).setProfile(first, URI);
      await networkHelpers.time.increase(3_600);
      const tx = await profiles.connect(alice).setProfile(second, "ipfs://second");
      await expect(tx).to.emit(profiles, "ProfileUpdated").withArgs(alice.address, second, "ipfs://second", 2n);
      gas["setProfile (update)"] = (await tx.wait())!.gasUsed;
      expect(await profileOf(alice.address)).to.deep.equal({
        metadataHash: second,
        version: 2n,
        updatedAt: await now(),
        uri: "ipfs://second",
      });
      await expect(profiles.connect(alice).setProfile(second, "ipfs://second"))
        .to.emit(profiles, "ProfileUpdated")
        .withArgs(alice.address, second, "ipfs://second", 3n);
    });

    it("keeps each account's profile to itself", async function () {
      const a = hashProfile(buildProfile(INFLUENCER_INPUT));
      const b = hashProfile(buildProfile(BRAND_INPUT));
      await profiles.connect(alice).setProfile(a, URI);
      await profiles.connect(bob).setProfile(b, "ipfs://brand");
      expect((await profileOf(alice.address)).metadataHash).to.equal(a);
      expect((await profileOf(bob.address)).metadataHash).to.equal(b);
      expect((await profileOf(bob.address)).version).to.equal(1n);
    });

    it("accepts a URI of exactly MAX_URI_LENGTH bytes", async function () {
      expect(await profiles.MAX_URI_LENGTH()).to.equal(BigInt(MAX_PROFILE_URI_LENGTH));
      const uri = "ipfs://" + "a".repeat(MAX_PROFILE_URI_LENGTH - 7);
      await expect(profiles.connect(alice).setProfile(keccak256("0x01"), uri))
        .to.emit(profiles, "ProfileUpdated")
        .withArgs(alice.address, keccak256("0x01"), uri, 1n);
    });

    it("refuses a zero hash", async function () {
      await expect(profiles.connect(alice).setProfile(ZeroHash, URI)).to.be.revertedWithCustomError(
        profiles,
        "ProfileEmptyHash",
      );
    });

    it("refuses an empty URI", async function () {
      await expect(profiles.connect(alice).setProfile(keccak256("0x01"), "")).to.be.revertedWithCustomError(
        profiles,
        "ProfileUriEmpty",
      );
    });

    it("refuses a URI above MAX_URI_LENGTH bytes, counted in UTF-8 bytes", async function () {
      await expect(profiles.connect(alice).setProfile(keccak256("0x01"), "x".repeat(257)))
        .to.be.revertedWithCustomError(profiles, "ProfileUriTooLong")
        .withArgs(257n, 256n);
      // 129 characters, 258 bytes.
      await expect(profiles.connect(alice).setProfile(keccak256("0x01"), "é".repeat(129)))
        .to.be.revertedWithCustomError(profiles, "ProfileUriTooLong")
        .withArgs(258n, 256n);
    });
  });

  describe("clearProfile", function () {
    it("removes the hash and URI, counts the change and emits a zero hash", async function () {
      const hash = hashProfile(buildProfile(BRAND_INPUT));
      await profiles.connect(alice).setProfile(hash, URI);
      const tx = await profiles.connect(alice).clearProfile();
      await expect(tx).to.emit(profiles, "ProfileUpdated").withArgs(alice.address, ZeroHash, "", 2n);
      gas["clearProfile"] = (await tx.wait())!.gasUsed;
      expect(await profileOf(alice.address)).to.deep.equal({ metadataHash: ZeroHash, version: 2n, updatedAt: await now(), uri: "" });
      expect(await profiles.hasProfile(alice.address)).to.equal(false);
      // Publishing again goes on counting.
      await expect(profiles.connect(alice).setProfile(hash, URI))
        .to.emit(profiles, "ProfileUpdated")
        .withArgs(alice.address, hash, URI, 3n);
    });

    it("refuses to clear a profile that was never published, or twice", async function () {
      await expect(profiles.connect(alice).clearProfile())
        .to.be.revertedWithCustomError(profiles, "ProfileNotSet")
        .withArgs(alice.address);
      await profiles.connect(alice).setProfile(keccak256("0x01"), URI);
      await profiles.connect(alice).clearProfile();
      await expect(profiles.connect(alice).clearProfile())
        .to.be.revertedWithCustomError(profiles, "ProfileNotSet")
        .withArgs(alice.address);
    });

    it("clears only the caller's profile", async function () {
      await profiles.connect(alice).setProfile(keccak256("0x01"), URI);
      await expect(profiles.connect(bob).clearProfile())
        .to.be.revertedWithCustomError(profiles, "ProfileNotSet")
        .withArgs(bob.address);
      expect(await profiles.hasProfile(alice.address)).to.equal(true);
    });
  });

  describe("profile documents (scripts/lib/profile.ts)", function () {
    it("builds a version-1 document: schema, lower-case languages, sorted topic ids", function () {
      const doc = buildProfile(INFLUENCER_INPUT);
      expect(doc.schema).to.equal("ispera.profile");
      expect(doc.version).to.equal(1);
      expect(doc.languages).to.deep.equal(["fr", "en"]);
      expect(doc.topics).to.deep.equal([Topic.Beauty, Topic.Lifestyle]);
      expect(topicNames(doc)).to.deep.equal(["Beauty", "Lifestyle"]);
      expect(buildProfile(BRAND_INPUT).rateCard).to.deep.equal([]);
    });

    it("hashes the canonical JSON (sorted keys, no spaces): key order does not change the hash", function () {
      const doc = buildProfile(BRAND_INPUT);
      const json = canonicalJson(doc);
      expect(json.startsWith('{"channels":[{"followers":40000,"handle":"@maisonlumiere","platform":"instagram"')).to.equal(true);
      expect(json).to.not.match(/\s"|":\s/);
      // The hash is the sha-256 digest inside the document's CID (CIDv1, raw, sha2-256).
      expect(hashProfile(doc)).to.equal(sha256(toUtf8Bytes(json)));
      expect(profileCid(doc)).to.equal(cidOfBytes(toUtf8Bytes(json)));
      expect(profileCid(doc)).to.match(/^bafkrei[a-z2-7]{52}$/);
      expect(digestOfCid(profileCid(doc))).to.equal(hashProfile(doc));
      expect(cidOfDigest(hashProfile(doc))).to.equal(profileCid(doc));
      expect(profileUri(doc)).to.equal(`ipfs://${profileCid(doc)}`);
      expect(profileUriOfHash(hashProfile(doc))).to.equal(profileUri(doc));
      const reordered = Object.fromEntries(Object.entries(doc).reverse()) as unknown as ProfileDocument;
      expect(hashProfile(reordered)).to.equal(hashProfile(doc));
      expect(hashProfile(buildProfile({ ...BRAND_INPUT, displayName: "Maison Lumiere" }))).to.not.equal(hashProfile(doc));
      // Non-ASCII text is hashed as UTF-8.
      expect(canonicalJson({ b: "é", a: [1, null, true] })).to.equal('{"a":[1,null,true],"b":"é"}');
      expect(() => canonicalJson({ a: 1.5 })).to.throw("only safe integers");
    });

    it("reads back a published document and checks it against the chain's hash", function () {
      const doc = buildProfile(INFLUENCER_INPUT);
      const json = canonicalJson(doc);
      expect(parseProfile(json, hashProfile(doc))).to.deep.equal(doc);
      expect(() => parseProfile(json, keccak256("0x01"))).to.throw(ProfileError, "not the published document");
      expect(() => parseProfile("{not json")).to.throw(ProfileError, "is not JSON");
    });

    it("lists every problem of an invalid document with its path", function () {
      const doc = buildProfile(INFLUENCER_INPUT) as unknown as Record<string, unknown>;
      const bad = {
        ...doc,
        schema: "other",
        version: 2,
        handle: "Léa!",
        languages: ["fr", "xx", "fr", "FRA"],
        topics: [4, 1, 16],
        channels: [{ platform: "myspace", handle: " lea", url: "http://lea.example", followers: -1 }],
        rateCard: [
          { deliverable: "Reel", amount: "1,5", currency: "EUR" },
          { deliverable: "Reel", amount: "0.000", currency: "USDC" },
        ],
        extra: true,
      };
      expect(issuesOf(bad)).to.deep.equal([
        "extra: unknown field (not in schema version 1)",
        'schema: must be "ispera.profile", got "other"',
        "version: must be 1 (the only version this code reads), got number 2",
        'handle: must be 3 to 32 of a-z 0-9 . _ - (lower case), starting and ending with a letter or digit; got "Léa!"',
        "channels[0].platform: must be one of instagram, tiktok, youtube, x, twitch, facebook, linkedin, snapchat, " +
          'pinterest, threads, bluesky, podcast, blog, newsletter, other; got "myspace"',
        "channels[0].handle: must not start or end with spaces",
        "channels[0].url: must use https, got http:",
        "channels[0].followers: must be a whole number >= 0, got number -1",
        'languages[1]: "xx" is not an ISO 639-1 language code',
        'languages[2]: repeats "fr"',
        'languages[3]: must be an ISO 639-1 code in lower case ("en", "fr"), got "FRA"',
        "topics[1]: topics must be in ascending order without repeats",
        "topics[2]: must be a topic id 0 to 15 (see Topics), got number 16",
        'rateCard[0].amount: must be a decimal string with at most 6 decimals, like "450" or "99.5"; got "1,5"',
        'rateCard[0].currency: must be one of USDC; got "EUR"',
        "rateCard[1].amount: must be above zero",
        'rateCard[1].deliverable: repeats "Reel"',
      ]);
    });

    it("checks the roles' rules: an influencer has a channel, a brand no rate card", function () {
      expect(() => buildProfile({ ...INFLUENCER_INPUT, channels: [] })).to.throw(ProfileError, "channels: needs at least 1 entry");
      expect(() => buildProfile({ ...BRAND_INPUT, rateCard: INFLUENCER_INPUT.rateCard })).to.throw(
        ProfileError,
        "rateCard: a brand has no rate card",
      );
      expect(buildProfile({ ...BRAND_INPUT, channels: [] }).channels).to.deep.equal([]);
    });

    it("reports missing fields, wrong types and non-objects readably", function () {
      expect(issuesOf({ schema: "ispera.profile", version: 1, role: "fan" })).to.deep.equal([
        "handle: missing",
        "displayName: missing",
        "channels: missing",
        "languages: missing",
        "topics: missing",
        "rateCard: missing",
        'role: must be "brand" or "influencer", got "fan"',
      ]);
      expect(issuesOf([])).to.deep.equal([": must be a JSON object, got a list"]);
      expect(() => validateProfile("x")).to.throw("invalid profile document (1 problem):\n  - (document): must be a JSON object");
      expect(() => buildProfile({ ...BRAND_INPUT, languages: [] })).to.throw(ProfileError, "languages: needs at least 1 entry");
      expect(() => buildProfile({ ...BRAND_INPUT, displayName: "" })).to.throw(ProfileError, "displayName: must not be empty");
    });

    it("publishes through a document store: the URI is ipfs://<cid> and the chain's hash is the CID's digest", async function () {
      const documents = new MemoryStore();
      const lines: string[] = [];
      const [published] = await publishProfiles(profiles, [{ signer: alice, input: INFLUENCER_INPUT }], {
        documents,
        log: (l) => void lines.push(l),
      });
      const doc = buildProfile(INFLUENCER_INPUT);
      expect(published?.uri).to.equal(profileUri(doc));
      expect(published?.hash).to.equal(hashProfile(doc));
      const onChain = await profileOf(alice.address);
      expect(onChain.uri).to.equal(profileUri(doc));
      expect(onChain.metadataHash).to.equal(digestOfCid(profileCid(doc)));
      expect(await documents.has(profileCid(doc))).to.equal(true);
      expect(lines.some((l) => l.includes("verified against the chain"))).to.equal(true);
    });

    it("checks a URI like the contract", function () {
      expect(checkProfileUri(URI)).to.equal(URI);
      expect(() => checkProfileUri("")).to.throw("must not be empty");
      expect(() => checkProfileUri("é".repeat(129))).to.throw("258 bytes, above the 256");
    });
  });
});
