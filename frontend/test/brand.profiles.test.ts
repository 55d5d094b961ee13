// Unit tests of the influencer browse logic (src/pages/brand/profiles.ts).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  filterInfluencers,
  filterOptions,
  latestProfiles,
  NO_FILTER,
  ratingText,
  readProfile,
  type InfluencerCard,
  type ProfileDocument,
} from "../src/pages/brand/profiles.ts";

const A = "0x00000000000000000000000000000000000000aa" as const;
const B = "0x00000000000000000000000000000000000000bb" as const;
const H1 = `0x${"11".repeat(32)}` as const;
const H2 = `0x${"22".repeat(32)}` as const;
const ZERO = `0x${"00".repeat(32)}` as const;

const camille = {
  schema: "ispera.profile",
  version: 1,
  role: "influencer",
  handle: "camille.glow",
  displayName: "Camille",
  channels: [{ platform: "instagram", handle: "@camille", url: "https://instagram.com/camille", followers: 1000 }],
  languages: ["fr", "en"],
  topics: [1, 9],
  rateCard: [{ deliverable: "Reel", amount: "450", currency: "USDC" }],
};

function card(profile: Partial<ProfileDocument>, extra: Partial<InfluencerCard> = {}): InfluencerCard {
  return {
    account: A,
    profile: { ...(readProfile(camille) as ProfileDocument), ...profile },
    dealsCompleted: 0,
    dealsClosed: 0,
    ratingCount: 0,
    averageRating: 0,
    ...extra,
  };
}

describe("profiles", () => {
  it("keeps the newest event per account and drops cleared profiles", () => {
    const events = [
      { account: A, metadataHash: H1, uri: "ipfs://a1", version: 1n },
      { account: B, metadataHash: H1, uri: "ipfs://b1", version: 1n },
      { account: A, metadataHash: H2, uri: "ipfs://a2", version: 2n },
      { account: B, metadataHash: ZERO, uri: "", version: 2n },
    ];
    assert.deepEqual(latestProfiles(events), [{ account: A, metadataHash: H2, uri: "ipfs://a2", version: 2n }]);
  });

  it("reads a version-1 document and refuses other shapes", () => {
    assert.equal(readProfile(camille)?.handle, "camille.glow");
    assert.equal(readProfile({ ...camille, version: 2 }), undefined);
    assert.equal(readProfile({ ...camille, schema: "x" }), undefined);
    assert.equal(readProfile({ ...camille, role: "mediator" }), undefined);
    assert.equal(readProfile({ ...camille, channels: [{ platform: "x" }] }), undefined);
    assert.equal(readProfile({ ...camille, topics: ["Beauty"] }), undefined);
    assert.equal(readProfile(null), undefined);
  });

  it("filters by language, topic, channel, reputation and text, best rated first", () => {
    const sam = card(
      { handle: "sam.builds", displayName: "Sam", languages: ["en"], topics: [4], channels: [{ platform: "youtube", handle: "@sam", url: "https://youtube.com/@sam", followers: 5 }] },
      { account: B, dealsCompleted: 3, ratingCount: 2, averageRating: 450 },
    );
    const cam = card({}, { dealsCompleted: 1, ratingCount: 1, averageRating: 300 });
    const brand = card({ role: "brand", handle: "nordlys-audio" });
    const all = [cam, sam, brand];
    assert.deepEqual(filterInfluencers(all, NO_FILTER).map((c) => c.profile.handle), ["sam.builds", "camille.glow"]);
    assert.deepEqual(filterInfluencers(all, { ...NO_FILTER, language: "fr" }).map((c) => c.profile.handle), ["camille.glow"]);
    assert.deepEqual(filterInfluencers(all, { ...NO_FILTER, topic: "4" }).map((c) => c.profile.handle), ["sam.builds"]);
    assert.deepEqual(filterInfluencers(all, { ...NO_FILTER, topic: "0" }).map((c) => c.profile.handle), []);
    assert.deepEqual(filterInfluencers(all, { ...NO_FILTER, channel: "instagram" }).map((c) => c.profile.handle), ["camille.glow"]);
    assert.deepEqual(filterInfluencers(all, { ...NO_FILTER, minRating: "4" }).map((c) => c.profile.handle), ["sam.builds"]);
    assert.deepEqual(filterInfluencers(all, { ...NO_FILTER, minDeals: "2" }).map((c) => c.profile.handle), ["sam.builds"]);
    assert.deepEqual(filterInfluencers(all, { ...NO_FILTER, search: "CAM" }).map((c) => c.profile.handle), ["camille.glow"]);
    const unrated = card({}, { ratingCount: 0 });
    assert.deepEqual(filterInfluencers([unrated], { ...NO_FILTER, minRating: "1" }), []);
    assert.deepEqual(filterOptions(all), { languages: ["en", "fr"], topics: [1, 4, 9], channels: ["instagram", "youtube"] });
    assert.equal(ratingText(sam), "4.50");
    assert.equal(ratingText(unrated), undefined);
  });
});
