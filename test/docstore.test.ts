import { expect } from "chai";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256, toUtf8Bytes } from "ethers";
import { createHeliaLight } from "helia";
import { unixfs } from "@helia/unixfs";
import { FsBlockstore } from "blockstore-fs";
import { FsDatastore } from "datastore-fs";
import {
  BRIEF_SCHEMA,
  DocumentIntegrityError,
  DocumentNotFoundError,
  DocumentSchemaError,
  DocumentTooLargeError,
  HeliaStore,
  HttpIpfsStore,
  InvalidCidError,
  MAX_DOCUMENT_BYTES,
  MemoryStore,
  briefBreachCriteria,
  briefCriteria,
  briefDigest,
  briefTermsMismatches,
  canonicalBytes,
  cidOfBytes,
  cidOfDigest,
  cidOfUri,
  digestOfBytes,
  digestOfCid,
  getBrief,
  getJson,
  openStore,
  putBrief,
  putJson,
  storeConfigFromEnv,
  uriOfCid,
  validateBrief,
  validateDeliverable,
  validateEvidence,
  getDeliverable,
  putDeliverable,
  putEvidence,
  getEvidence,
  type BriefDocument,
  type DeliverableDocument,
  type EvidenceDocument,
  type DocumentStore,
} from "../scripts/lib/docstore/index.js";
import { DEFAULT_BREACH_CRITERIA, DEFAULT_CRITERIA, Topic, buildTerms, hashCriteria, languageCode } from "../scripts/lib/terms.js";
import { sampleBrief } from "./helpers/docstoreFixtures.js";

const enc = (text: string): Uint8Array => new TextEncoder().encode(text);
const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "ispera-docstore-"));
  dirs.push(dir);
  return dir;
}

/** The "path: message" lines of the DocumentSchemaError that validating `value` throws. */
function issuesOf(value: unknown): string[] {
  try {
    validateBrief(value);
  } catch (error) {
    expect(error).to.be.instanceOf(DocumentSchemaError);
    return (error as DocumentSchemaError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error("expected the brief to be refused");
}

/** A store that returns other bytes than it was given (a lying or corrupt backend). */
class LyingStore implements DocumentStore {
  readonly description = "lying store";
  readonly inner = new MemoryStore();
  async put(bytes: Uint8Array): Promise<string> {
    return this.inner.put(bytes);
  }
  async get(_cid: string): Promise<Uint8Array> {
    return enc('{"forged":true}');
  }
  async has(cid: string): Promise<boolean> {
    return this.inner.has(cid);
  }
  async close(): Promise<void> {}
}

describe("Document store", function () {
  after(function () {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  describe("CIDs (CIDv1, raw, sha2-256) and on-chain hashes", function () {
    it("computes the CID of known bytes, equal to what Helia's unixfs addBytes gives for a small file", async function () {
      const hello = enc("hello world");
      expect(cidOfBytes(hello)).to.equal("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
      const dir = tempDir();
      const blockstore = new FsBlockstore(join(dir, "blocks"));
      const datastore = new FsDatastore(join(dir, "datastore"));
      await blockstore.open();
      await datastore.open();
      const helia = createHeliaLight({ blockstore, datastore });
      try {
        const fs = unixfs(helia);
        for (const bytes of [hello, canonicalBytes(sampleBrief()), new Uint8Array(200_000).fill(7), new Uint8Array()]) {
          expect((await fs.addBytes(bytes)).toString()).to.equal(cidOfBytes(bytes));
        }
      } finally {
        await helia.stop();
      }
    });

    it("maps a CID to the bytes32 the chain stores and back, and to its ipfs:// URI", function () {
      const bytes = canonicalBytes(sampleBrief());
      const cid = cidOfBytes(bytes);
      expect(cid).to.match(/^bafkrei[a-z2-7]{52}$/);
      expect(digestOfCid(cid)).to.equal(sha256(bytes));
      expect(digestOfBytes(bytes)).to.equal(sha256(bytes));
      expect(cidOfDigest(sha256(bytes))).to.equal(cid);
      expect(cidOfDigest(sha256(bytes).toUpperCase().replace("0X", "0x"))).to.equal(cid);
      expect(uriOfCid(cid)).to.equal(`ipfs://${cid}`);
      expect(cidOfUri(`ipfs://${cid}`)).to.equal(cid);
      expect(digestOfCid(`/ipfs/${cid}`)).to.equal(sha256(bytes));
    });

    it("refuses what is not a CIDv1 raw sha2-256, a bytes32 or an ipfs:// URI, saying why", function () {
      expect(() => digestOfCid("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o")).to.throw(InvalidCidError, "is a CIDv0; Ispera documents use CIDv1");
      expect(() => digestOfCid("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi")).to.throw(
        InvalidCidError,
        "has codec 0x70, not raw (0x55)",
      );
      expect(() => digestOfCid("not-a-cid")).to.throw(InvalidCidError, '"not-a-cid" is not a CID');
      expect(() => cidOfDigest("0x1234")).to.throw(InvalidCidError, "is not a bytes32");
      expect(() => cidOfDigest("0x" + "00".repeat(32))).to.throw(InvalidCidError, "the zero hash names no document");
      expect(() => cidOfUri("https://example.com/x.json")).to.throw(InvalidCidError, "is not an ipfs:// URI");
    });

    it("limits a document to one 1 MiB block", async function () {
      expect(() => cidOfBytes(new Uint8Array(MAX_DOCUMENT_BYTES))).to.not.throw();
      expect(() => cidOfBytes(new Uint8Array(MAX_DOCUMENT_BYTES + 1))).to.throw(
        DocumentTooLargeError,
        "document is 1048577 bytes, above the 1048576-byte (1 MiB) limit of a single raw block",
      );
      const memory = new MemoryStore();
      let error: unknown;
      await memory.put(new Uint8Array(MAX_DOCUMENT_BYTES + 1)).catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(DocumentTooLargeError);
    });
  });

  describe("embedded store (Helia, filesystem)", function () {
    it("stores, reads and keeps documents across a restart (close and reopen the directory)", async function () {
      const dir = tempDir();
      const bytes = canonicalBytes(sampleBrief());
      const large = new Uint8Array(MAX_DOCUMENT_BYTES).map((_, i) => i % 251);
      let store = await HeliaStore.open(dir);
      const cid = await store.put(bytes);
      const largeCid = await store.put(large);
      expect(cid).to.equal(cidOfBytes(bytes));
      expect(largeCid).to.equal(cidOfBytes(large));
      expect(await store.put(bytes)).to.equal(cid); // idempotent
      expect(await store.has(cid)).to.equal(true);
      expect(Buffer.from(await store.get(cid)).equals(Buffer.from(bytes))).to.equal(true);
      await store.close();
      let closedError: unknown;
      await store.get(cid).catch((e: unknown) => (closedError = e));
      expect((closedError as Error).message).to.include("is closed");

      store = await HeliaStore.open(dir);
      try {
        expect(await store.has(cid)).to.equal(true);
        expect(Buffer.from(await store.get(cid)).equals(Buffer.from(bytes))).to.equal(true);
        expect(Buffer.from(await store.get(largeCid)).equals(Buffer.from(large))).to.equal(true);
        const missing = cidOfBytes(enc("never stored"));
        expect(await store.has(missing)).to.equal(false);
        let error: unknown;
        await store.get(missing).catch((e: unknown) => (error = e));
        expect(error).to.be.instanceOf(DocumentNotFoundError);
        expect((error as Error).message).to.equal(`document ${missing} not found in helia fs store at ${dir}`);
      } finally {
        await store.close();
      }
    });

    it("detects a block changed on disk (DocumentIntegrityError)", async function () {
      const dir = tempDir();
      const store = await HeliaStore.open(dir);
      try {
        const cid = await store.put(enc('{"amount":"100"}'));
        const files: string[] = [];
        const walk = (d: string): void => {
          for (const name of readdirSync(d)) {
            const path = join(d, name);
            if (statSync(path).isDirectory()) walk(path);
            else files.push(path);
          }
        };
        walk(join(dir, "blocks"));
        expect(files).to.have.length(1);
        writeFileSync(files[0] as string, '{"amount":"999"}');
        let error: unknown;
        await store.get(cid).catch((e: unknown) => (error = e));
        expect(error).to.be.instanceOf(DocumentIntegrityError);
        expect((error as Error).message).to.include(`returned bytes whose CID is ${cidOfBytes(enc('{"amount":"999"}'))}, not the requested ${cid}`);
      } finally {
        await store.close();
      }
    });

    it("opens the store the configuration names", async function () {
      expect(storeConfigFromEnv({})).to.deep.equal({ kind: "embedded" });
      expect(storeConfigFromEnv({ ISPERA_IPFS_DIR: "/tmp/x" })).to.deep.equal({ kind: "embedded", dir: "/tmp/x" });
      expect(
        storeConfigFromEnv({
          ISPERA_IPFS_API_URL: "https://rpc.pinning.example",
          ISPERA_IPFS_API_TOKEN: "t0ken",
          ISPERA_IPFS_GATEWAY_URL: "https://gw.example",
        }),
      ).to.deep.equal({ kind: "http", apiUrl: "https://rpc.pinning.example", apiToken: "t0ken", gatewayUrl: "https://gw.example" });
      const http = await openStore({ kind: "http", apiUrl: "http://127.0.0.1:1/", gatewayUrl: "http://127.0.0.1:2" });
      expect(http).to.be.instanceOf(HttpIpfsStore);
      expect(http.description).to.equal("IPFS RPC http://127.0.0.1:1 (gateway http://127.0.0.1:2)");
      const dir = tempDir();
      const embedded = await openStore({ kind: "embedded", dir });
      expect(embedded).to.be.instanceOf(HeliaStore);
      await embedded.close();
      expect(await openStore({ kind: "memory" })).to.be.instanceOf(MemoryStore);
      expect(() => new HttpIpfsStore({ apiUrl: "localhost:5001" })).to.throw("IPFS API URL must be http(s), got localhost:5001");
      expect(() => new HttpIpfsStore({ apiUrl: "not a url" })).to.throw('IPFS API URL "not a url" is not a URL');
    });
  });

  describe("JSON documents", function () {
    it("writes canonical JSON: the same document always has the same CID", async function () {
      const store = new MemoryStore();
      const a = await putJson(store, { b: 1, a: ["é", null] });
      const b = await putJson(store, { a: ["é", null], b: 1 });
      expect(a).to.deep.equal(b);
      expect(a.digest).to.equal(sha256(toUtf8Bytes('{"a":["é",null],"b":1}')));
      expect(a.uri).to.equal(`ipfs://${a.cid}`);
      expect(await getJson(store, a.cid)).to.deep.equal({ a: ["é", null], b: 1 });
    });

    it("detects a lying store on read, whatever the store (DocumentIntegrityError)", async function () {
      const liar = new LyingStore();
      const { cid } = await putJson(liar, { amount: "100" });
      let error: unknown;
      await getJson(liar, cid).catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(DocumentIntegrityError);
      expect((error as DocumentIntegrityError).cid).to.equal(cid);
      expect((error as Error).message).to.include("lying store returned bytes whose CID is");
      expect((error as Error).message).to.include("do not trust this content");
    });
  });

  describe("brief documents (ispera.brief v1)", function () {
    it("accepts a valid brief and gives the on-chain criteria its questions stand for", function () {
      const brief = sampleBrief();
      expect(validateBrief(brief)).to.equal(brief);
      expect(briefCriteria(brief)).to.deep.equal(DEFAULT_CRITERIA);
      expect(hashCriteria(briefCriteria(brief))).to.equal(hashCriteria(DEFAULT_CRITERIA));
      expect(briefBreachCriteria(brief)).to.deep.equal(DEFAULT_BREACH_CRITERIA);
      const minimal: BriefDocument = {
        schema: "ispera.brief",
        version: 1,
        title: "A post",
        brand: { name: "B" },
        language: "en",
        topic: 0,
        milestones: [{ deliverables: [{ channel: "x", format: "post", description: "One post.", deliverBy: 1 }] }],
        acceptance: { questions: [{ text: "Posted?", options: ["yes", "no"], compliant: [0], weight: 1 }] },
        guidelines: { disclosure: "#ad" },
      };
      expect(validateBrief(minimal)).to.equal(minimal);
      expect(briefBreachCriteria(minimal)).to.deep.equal([]);
    });

    it("stores and reads a brief (validated both ways); its digest is the deal's briefHash", async function () {
      const store = new MemoryStore();
      const brief = sampleBrief();
      const stored = await putBrief(store, brief);
      expect(stored.digest).to.equal(briefDigest(brief));
      expect(stored.cid).to.equal(cidOfDigest(briefDigest(brief)));
      expect(await getBrief(store, stored.cid)).to.deep.equal(brief);

      // A document that is stored but is not a valid brief is refused on read.
      const bad = await putJson(store, { ...brief, topic: 16 });
      let error: unknown;
      await getBrief(store, bad.cid).catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(DocumentSchemaError);
      expect((error as Error).message).to.equal("invalid ispera.brief document (1 problem):\n  - topic: must be <= 15, got number 16");
      // Not JSON at all.
      const garbage = await store.put(enc("\u00ff{"));
      error = undefined;
      await getBrief(store, garbage).catch((e: unknown) => (error = e));
      expect((error as Error).message).to.match(/^invalid .* document \(1 problem\):\n {2}- \(document\): is not UTF-8 JSON/);
      // And invalid briefs are not written.
      error = undefined;
      await putBrief(store, { ...brief, title: "" }).catch((e: unknown) => (error = e));
      expect((error as DocumentSchemaError).issues).to.deep.equal([{ path: "title", message: "must not be empty" }]);
    });

    it("lists every schema problem with its path and a readable message", function () {
      const brief = sampleBrief() as unknown as Record<string, unknown>;
      const bad = {
        ...brief,
        extra: 1,
        title: " padded",
        brand: { name: "Maison", handle: "Maison!", website: "http://x.example" },
        language: "xx",
        topic: -1,
        milestones: [
          { deliverables: [{ channel: "myspace", format: "reel", description: "x", deliverBy: 1.5 }] },
          { deliverables: [] },
        ],
        acceptance: {
          questions: [
            { text: "Q?", options: ["only"], compliant: [0], weight: 0 },
            { text: "Q2?", options: ["a", "a"], compliant: [], weight: 1, comment: "?" },
          ],
        },
        guidelines: { hashtags: ["no hash"] },
      };
      expect(issuesOf(bad)).to.deep.equal([
        "extra: unknown field (not in schema version 1)",
        "title: must not be blank or start or end with spaces",
        'brand.handle: must be 3 to 32 of a-z 0-9 . _ - (lower case), starting and ending with a letter or digit; got "Maison!"',
        'brand.website: must be an https URL, got "http://x.example"',
        'language: must be one of the 184 allowed values; got "xx"',
        "topic: must be >= 0, got number -1",
        'milestones[0].deliverables[0].channel: must be one of instagram, tiktok, youtube, x, twitch, facebook, linkedin, snapchat, pinterest, threads, bluesky, podcast, blog, newsletter, other; got "myspace"',
        "milestones[0].deliverables[0].deliverBy: must be a whole number, got number 1.5",
        "milestones[1].deliverables: needs at least 1 entries, got 0",
        "acceptance.questions[0].options: needs at least 2 entries, got 1",
        "acceptance.questions[0].weight: must be >= 1, got number 0",
        "acceptance.questions[1].comment: unknown field (not in schema version 1)",
        "acceptance.questions[1].options: must not repeat entries (items 0 and 1 are equal)",
        "acceptance.questions[1].compliant: needs at least 1 entries, got 0",
        'guidelines.hashtags[0]: must be a hashtag like "#ad" (no spaces), got "no hash"',
      ]);
      const noFields = { schema: "ispera.brief", version: 1 };
      expect(issuesOf(noFields)).to.deep.equal(
        ["title", "brand", "language", "topic", "milestones", "acceptance", "guidelines"].map((f) => `${f}: missing`),
      );
      expect(issuesOf({ ...brief, guidelines: {} })).to.deep.equal(["guidelines: must not be empty"]);
    });

    it("checks the on-chain rules of each question: compliant options exist, and not all of them", function () {
      const brief = sampleBrief();
      const questions = brief.acceptance.questions.map((q) => ({ ...q }));
      questions[0] = { ...questions[0]!, compliant: [0, 2] };
      questions[1] = { ...questions[1]!, compliant: [0, 1] };
      const holdback = { ...brief.exclusivity!.holdback!, breachQuestions: [{ text: "?", options: ["a", "b", "c"], compliant: [2, 1, 0], weight: 1 }] };
      const bad = { ...brief, acceptance: { questions }, exclusivity: { ...brief.exclusivity!, from: 5, until: 5, holdback } };
      expect(issuesOf(bad)).to.deep.equal([
        "acceptance.questions[0].compliant[1]: option 2 does not exist (the question has 2 options)",
        "acceptance.questions[1].compliant: cannot mark every option compliant (the answer would not matter)",
        "exclusivity.until: must be after exclusivity.from (5), got 5",
        "exclusivity.holdback.breachQuestions[0].compliant: cannot mark every option compliant (the answer would not matter)",
      ]);
      expect(issuesOf({ ...brief, acceptance: { questions: Array(17).fill(brief.acceptance.questions[0]) } })).to.deep.equal([
        "acceptance.questions: must have at most 16 entries, got 17",
      ]);
      expect(
        issuesOf({ ...brief, exclusivity: { ...brief.exclusivity!, holdback: { ...holdback, bps: 5_001 } } }),
      ).to.deep.equal(["exclusivity.holdback.bps: must be <= 5000, got number 5001"]);
    });

    it("refuses another schema or version with one clear error", function () {
      const brief = sampleBrief();
      expect(issuesOf({ ...brief, version: 2, newField: true })).to.deep.equal([
        'version: unsupported ispera.brief version number 2: this code reads version 1 (a newer document needs newer Ispera tools)',
      ]);
      expect(issuesOf({ ...brief, version: "1" })).to.deep.equal([
        'version: unsupported ispera.brief version "1": this code reads version 1 (a newer document needs newer Ispera tools)',
      ]);
      expect(issuesOf({ ...brief, schema: "ispera.profile" })).to.deep.equal([
        `schema: must be "${BRIEF_SCHEMA}", got "ispera.profile" (not a ispera.brief document)`,
      ]);
      expect(issuesOf([brief])).to.deep.equal([": must be a JSON object, got a list"]);
      expect(() => validateBrief(null)).to.throw(DocumentSchemaError, "invalid ispera.brief document (1 problem):\n  - (document): must be a JSON object, got null");
    });

    it("tells where a brief and a deal's terms disagree", function () {
      const brief = sampleBrief();
      const base = {
        brand: "0x" + "11".repeat(20),
        influencer: "0x" + "22".repeat(20),
        token: "0x" + "33".repeat(20),
        now: 1_700_000_000n,
      };
      const terms = buildTerms({
        ...base,
        language: "fr",
        topic: Topic.Beauty,
        briefHash: briefDigest(brief),
        criteria: briefCriteria(brief),
        exclusivity: { topic: Topic.Beauty, from: 1_790_000_000n, until: 1_810_000_000n },
        holdback: { bps: 2_000, breachCriteria: briefBreachCriteria(brief) },
        deliverWithin: 120_000_000,
      });
      expect(briefTermsMismatches(brief, terms)).to.deep.equal([]);
      const other = buildTerms({
        ...base,
        language: "en",
        topic: Topic.Tech,
        amounts: [1n, 2n],
        deliverWithin: 86_400,
        criteria: [{ optionCount: 2, compliantMask: 1, weight: 9 }],
      });
      expect(briefTermsMismatches(brief, other).map((i) => i.path)).to.deep.equal([
        "",
        "language",
        "topic",
        "milestones",
        "milestones[0].deliverables[0].deliverBy",
        "milestones[0].deliverables[1].deliverBy",
        "acceptance.questions",
        "exclusivity",
        "exclusivity.topic",
        "exclusivity.holdback.bps",
        "exclusivity.holdback.breachQuestions",
      ]);
      expect(languageCode("fr")).to.equal(terms.language);
    });
  });

  describe("deliverable and evidence documents", function () {
    const dealId = "0x" + "ab".repeat(32);

    it("stores a deliverable (its digest is submitDeliverable's contentHash) and evidence, validated both ways", async function () {
      const store = new MemoryStore();
      const capture = await store.put(enc("screenshot bytes"));
      const deliverable: DeliverableDocument = {
        schema: "ispera.deliverable",
        version: 1,
        dealId,
        milestone: 0,
        items: [{ channel: "instagram", format: "reel", url: "https://instagram.com/p/abc", postedAt: 1_790_000_000, capture }],
      };
      const stored = await putDeliverable(store, deliverable);
      expect(stored.digest).to.equal(sha256(canonicalBytes(deliverable)));
      expect(await getDeliverable(store, stored.cid)).to.deep.equal(deliverable);

      const evidence: EvidenceDocument = {
        schema: "ispera.evidence",
        version: 1,
        dealId,
        disputeId: "7",
        party: "brand",
        name: "Reel posted without disclosure",
        description: "The #ad disclosure is missing from the caption.",
        files: [{ name: "caption.png", cid: capture, mediaType: "image/png" }],
      };
      const ev = await putEvidence(store, evidence);
      expect(await getEvidence(store, ev.cid)).to.deep.equal(evidence);
    });

    it("lists their schema problems with paths, and refuses other versions", function () {
      const problems = (validate: (v: unknown) => unknown, value: unknown): string[] => {
        try {
          validate(value);
        } catch (error) {
          expect(error).to.be.instanceOf(DocumentSchemaError);
          return (error as DocumentSchemaError).issues.map((i) => `${i.path}: ${i.message}`);
        }
        throw new Error("expected a refusal");
      };
      expect(
        problems(validateDeliverable, {
          schema: "ispera.deliverable",
          version: 1,
          dealId: "0x12",
          milestone: 16,
          items: [{ channel: "instagram", format: "reel", url: "http://x", postedAt: 0, capture: "QmX" }],
        }),
      ).to.deep.equal([
        'dealId: must match ^0x[0-9a-f]{64}$, got "0x12"',
        "milestone: must be <= 15, got number 16",
        'items[0].url: must be an https URL, got "http://x"',
        "items[0].postedAt: must be >= 1, got number 0",
        'items[0].capture: must match ^bafkrei[a-z2-7]{52}$, got "QmX"',
      ]);
      expect(problems(validateEvidence, { schema: "ispera.evidence", version: 1, dealId, party: "court" })).to.deep.equal([
        "name: missing",
        "description: missing",
        'party: must be one of brand, influencer; got "court"',
      ]);
      expect(problems(validateEvidence, { schema: "ispera.evidence", version: 3 })).to.deep.equal([
        "version: unsupported ispera.evidence version number 3: this code reads version 1 (a newer document needs newer Ispera tools)",
      ]);
    });
  });
});
