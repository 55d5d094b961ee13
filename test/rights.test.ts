import { expect } from "chai";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { ZeroAddress, getAddress, keccak256, toUtf8Bytes } from "ethers";
import {
  RightsScope,
  buildRights,
  durationText,
  formatAmount,
  hashRights,
  isoDate,
  scopeNames,
  scopeText,
  territoriesText,
  type RightsTerms,
} from "../scripts/lib/rights.js";
import {
  claimsOf,
  exitCodeOf,
  extractClaims,
  proveRights,
  readRightsRecord,
  verifyRights,
  type Metadata,
  type RightsClaims,
} from "../scripts/lib/rightsProof.js";
import { DEFAULT_CRITERIA, DealStatus, ZERO_HASH, dealIdOf, type DealTerms, type TermsInput } from "../scripts/lib/terms.js";
import {
  CONTENT_HASH,
  CONTENT_URI,
  DAY,
  NO,
  USDC,
  YES,
  disputeDeal,
  ethers,
  finalizeAppeal,
  fulfilAndDraw,
  keccakText,
  loadCourt,
  networkHelpers,
  nextBlockAt,
  now,
  openDispute,
  playRound,
  seatMediators,
  termsFor,
  unanimous,
  type CourtFixture,
} from "./helpers/courtFixture.js";

/** The licence of most tests: organic reposts, paid ads and website, in France and Belgium, exclusive, one year. */
const RIGHTS: RightsTerms = buildRights({
  scope: RightsScope.OrganicRepost | RightsScope.PaidAds | RightsScope.Website,
  duration: 365n * DAY,
  territories: ["FR", "BE"],
  exclusive: true,
  document: "Licence: Maison Lumière may use the reel and its stills for 12 months in France and Belgium.",
});
const PRICE = USDC(500);
const REEL = keccakText("reel v1: lipstick launch");
const STORIES = keccakText("stories: 3 frames");
const DATA_PREFIX = "data:application/json;base64,";

interface RightsDeal {
  terms: DealTerms;
  id: string;
  tokenId: bigint;
  rights: RightsTerms;
}

describe("RightsCertificate", function () {
  let f: CourtFixture;
  let other: HardhatEthersSigner;

  beforeEach(async function () {
    f = await loadCourt();
    other = f.mediators[11]!;
  });

  /* ------------------------------------------------------------------ */
  /*                               HELPERS                              */
  /* ------------------------------------------------------------------ */

  /** Offers, funds and accepts a deal with rights (RIGHTS for PRICE by default). */
  async function rightsDeal(
    input: Partial<TermsInput> = {},
    rights: RightsTerms | null = RIGHTS,
    price: bigint = PRICE,
  ): Promise<RightsDeal> {
    const terms = await termsFor(f, { criteria: DEFAULT_CRITERIA, ...(rights ? { rights: { terms: rights, price } } : {}), ...input });
    await f.escrow.connect(f.brand).createDeal(terms, [...DEFAULT_CRITERIA]);
    await f.escrow.connect(f.influencer).acceptDeal(terms);
    const id = dealIdOf(terms);
    return { terms, id, tokenId: BigInt(id), rights: rights ?? RIGHTS };
  }

  /** A one-milestone deal whose reel was submitted and approved; returns it with its completion time. */
  async function approvedDeal(input: Partial<TermsInput> = {}, rights: RightsTerms | null = RIGHTS, price = PRICE) {
    const deal = await rightsDeal(input, rights, price);
    await f.escrow.connect(f.influencer).submitDeliverable(deal.terms, 0, REEL, CONTENT_URI);
    const closedAt = await nextBlockAt();
    await f.escrow.connect(f.brand).approveMilestone(deal.terms, 0);
    return { ...deal, closedAt };
  }

  async function mint(deal: RightsDeal, hashes: string[] = [REEL], by: HardhatEthersSigner = f.stranger) {
    return f.certificate.connect(by).mint(deal.terms, deal.rights, hashes);
  }

  async function metadataOf(tokenId: bigint): Promise<Metadata> {
    const uri = await f.certificate.tokenURI(tokenId);
    expect(uri.startsWith(DATA_PREFIX), "a data: URI, no server").to.equal(true);
    return JSON.parse(Buffer.from(uri.slice(DATA_PREFIX.length), "base64").toString("utf8")) as Metadata;
  }

  const digest = (hash: string): string => hash.slice(0, 42).toLowerCase();

  /* ------------------------------------------------------------------ */
  /*                              DEPLOYMENT                            */
  /* ------------------------------------------------------------------ */

  describe("deployment", function () {
    it("certifies the deals of the local stack's escrow", async function () {
      expect(await f.certificate.escrow()).to.equal(f.escrowAddress);
      expect(await f.certificate.name()).to.equal("Ispera rights certificate");
      expect(await f.certificate.symbol()).to.equal("ISPERA-RIGHTS");
      // ERC-165: ERC-721 and its metadata extension.
      expect(await f.certificate.supportsInterface("0x80ac58cd")).to.equal(true);
      expect(await f.certificate.supportsInterface("0x5b5e139f")).to.equal(true);
    });

    it("refuses the zero address as escrow", async function () {
      const factory = await ethers.getContractFactory("RightsCertificate");
      await expect(factory.deploy(ZeroAddress))
        .to.be.revertedWithCustomError(f.certificate, "RightsInvalidEscrow")
        .withArgs(ZeroAddress);
    });

    it("hashes rights terms like the scripts do", async function () {
      expect(await f.certificate.hashRights(RIGHTS)).to.equal(hashRights(RIGHTS));
      const worldwide = buildRights({ scope: RightsScope.All });
      expect(await f.certificate.hashRights(worldwide)).to.equal(hashRights(worldwide));
    });
  });

  /* ------------------------------------------------------------------ */
  /*                                MINT                                */
  /* ------------------------------------------------------------------ */

  describe("mint after completion", function () {
    it("mints to the brand after approval, whoever calls, and records the deal", async function () {
      const deal = await approvedDeal();
      const tx = mint(deal);
      await expect(tx).to.emit(f.certificate, "Transfer").withArgs(ZeroAddress, f.brand.address, deal.tokenId);
      await expect(tx)
        .to.emit(f.certificate, "CertificateMinted")
        .withArgs(
          deal.tokenId,
          f.brand.address,
          f.influencer.address,
          f.stranger.address,
          [RIGHTS.scope, RIGHTS.duration, RIGHTS.territories, RIGHTS.exclusive, RIGHTS.documentHash],
          f.usdcAddress,
          PRICE,
          [digest(REEL)],
          deal.closedAt,
          deal.closedAt + 365n * DAY,
        );
      expect(await f.certificate.ownerOf(deal.tokenId)).to.equal(f.brand.address);
      expect(await f.certificate.balanceOf(f.brand.address)).to.equal(1n);
      const c = await f.certificate.getCertificate(deal.tokenId);
      expect({
        brand: c.brand,
        effectiveAt: c.effectiveAt,
        duration: c.duration,
        scope: Number(c.scope),
        influencer: c.influencer,
        milestoneCount: Number(c.milestoneCount),
        exclusive: c.exclusive,
        token: c.token,
        price: c.price,
        documentHash: c.documentHash,
        territories: c.territories,
      }).to.deep.equal({
        brand: f.brand.address,
        effectiveAt: deal.closedAt,
        duration: 365n * DAY,
        scope: RIGHTS.scope,
        influencer: f.influencer.address,
        milestoneCount: 1,
        exclusive: true,
        token: f.usdcAddress,
        price: PRICE,
        documentHash: RIGHTS.documentHash,
        territories: "0x46524245", // "FRBE"
      });
      const rights = await f.certificate.rightsTerms(deal.tokenId);
      expect(hashRights({ scope: Number(rights.scope), duration: rights.duration, territories: [...rights.territories], exclusive: rights.exclusive, documentHash: rights.documentHash })).to.equal(deal.terms.rightsHash);
      expect(await f.certificate.contentDigests(deal.tokenId)).to.deep.equal([digest(REEL)]);
      expect((await f.escrow.getDeal(deal.id)).closedAt).to.equal(deal.closedAt);
    });

    it("mints after the review window released the payment (auto-release)", async function () {
      const deal = await rightsDeal();
      await f.escrow.connect(f.influencer).submitDeliverable(deal.terms, 0, REEL, CONTENT_URI);
      const review = (await f.escrow.getMilestone(deal.id, 0)).deadline;
      const closedAt = await nextBlockAt(review + 1n);
      await f.escrow.connect(f.stranger).releaseAfterReview(deal.terms, 0);
      await expect(mint(deal)).to.emit(f.certificate, "CertificateMinted");
      expect(await f.certificate.ownerOf(deal.tokenId)).to.equal(f.brand.address);
      expect(await f.certificate.expiresAt(deal.tokenId)).to.equal(closedAt + 365n * DAY);
    });

    it("mints after the court ruled for the influencer (mediators drawn, commit-reveal, appeal window over)", async function () {
      await seatMediators(f, 5);
      const dispute = await openDispute(f, { rights: { terms: RIGHTS, price: PRICE } });
      const votes = await fulfilAndDraw(f, dispute.disputeId);
      await playRound(f, dispute.disputeId, unanimous(votes, YES));
      await finalizeAppeal(f, dispute.disputeId);
      const deal = { terms: dispute.terms, id: dispute.dealId, tokenId: BigInt(dispute.dealId), rights: RIGHTS };
      expect(await f.escrow.rightsBought(deal.id)).to.equal(true);
      await expect(mint(deal, [CONTENT_HASH]))
        .to.emit(f.certificate, "Transfer")
        .withArgs(ZeroAddress, f.brand.address, deal.tokenId);
      expect((await metadataOf(deal.tokenId)).properties.contentDigests).to.deep.equal([digest(CONTENT_HASH)]);
    });

    it("mints after a settlement that pays the influencer part of a milestone", async function () {
      const deal = await rightsDeal({ amounts: [USDC(600), USDC(400)] });
      await f.escrow.connect(f.influencer).submitDeliverable(deal.terms, 0, REEL, CONTENT_URI);
      await f.escrow.connect(f.brand).approveMilestone(deal.terms, 0);
      await f.escrow.connect(f.influencer).submitDeliverable(deal.terms, 1, STORIES, CONTENT_URI);
      await f.escrow.connect(f.brand).proposeSettlement(deal.terms, 1, 3_000);
      await f.escrow.connect(f.influencer).acceptSettlement(deal.terms, 1, 3_000);
      await expect(mint(deal, [REEL, STORIES])).to.emit(f.certificate, "CertificateMinted");
      expect(await f.certificate.contentDigests(deal.tokenId)).to.deep.equal([digest(REEL), digest(STORIES)]);
    });

    it("certifies a milestone paid without a submission as not delivered (its content hash is zero)", async function () {
      const deal = await rightsDeal({ amounts: [USDC(600), USDC(400)] });
      await f.escrow.connect(f.brand).approveMilestone(deal.terms, 0); // paid early, nothing submitted
      await f.escrow.connect(f.influencer).submitDeliverable(deal.terms, 1, STORIES, CONTENT_URI);
      await f.escrow.connect(f.brand).approveMilestone(deal.terms, 1);
      await mint(deal, [ZERO_HASH, STORIES]);
      const m = await metadataOf(deal.tokenId);
      expect(m.properties.contentDigests).to.deep.equal([null, digest(STORIES)]);
      expect(m.attributes.filter((a) => a.trait_type.startsWith("Content "))).to.deep.equal([
        { trait_type: "Content 1", value: "not delivered" },
        { trait_type: "Content 2", value: digest(STORIES) },
      ]);
    });

    it("mints rights included at no extra price", async function () {
      const deal = await approvedDeal({}, RIGHTS, 0n);
      await mint(deal);
      const m = await metadataOf(deal.tokenId);
      expect(m.properties.price).to.deep.equal({
        amount: "0",
        token: f.usdcAddress,
        symbol: "USDC",
        decimals: 6,
        text: "included in the deal at no extra price",
      });
    });

    it("records only the 20 bytes the escrow binds: the rest of a content hash given to mint is not kept", async function () {
      const deal = await approvedDeal();
      const altered = `${REEL.slice(0, 42)}${"ff".repeat(12)}`;
      await mint(deal, [altered]);
      expect(await f.certificate.contentDigests(deal.tokenId)).to.deep.equal([digest(REEL)]);
      // The proof reads the full hash from the escrow's DeliverableSubmitted event, not from the minter.
      const record = await readRightsRecord({ provider: ethers.provider, certificate: f.certificateAddress, dealId: deal.id });
      expect(record.milestones[0]!.submission!.contentHash).to.equal(REEL);
    });
  });

  describe("mint refused", function () {
    it("for terms of no deal", async function () {
      const terms = await termsFor(f, { rights: { terms: RIGHTS, price: PRICE } });
      const deal = { terms, id: dealIdOf(terms), tokenId: BigInt(dealIdOf(terms)), rights: RIGHTS };
      await expect(mint(deal)).to.be.revertedWithCustomError(f.certificate, "RightsDealNotFound").withArgs(deal.id);
    });

    it("for a deal whose terms include no rights", async function () {
      const deal = await approvedDeal({}, null);
      expect(deal.terms.rightsHash).to.equal(ZERO_HASH);
      await expect(mint(deal)).to.be.revertedWithCustomError(f.certificate, "RightsNotIncluded").withArgs(deal.id);
    });

    it("for an offer not yet accepted, and for a running deal", async function () {
      const terms = await termsFor(f, { rights: { terms: RIGHTS, price: PRICE } });
      await f.escrow.connect(f.brand).createDeal(terms, [...DEFAULT_CRITERIA]);
      const deal = { terms, id: dealIdOf(terms), tokenId: BigInt(dealIdOf(terms)), rights: RIGHTS };
      await expect(mint(deal))
        .to.be.revertedWithCustomError(f.certificate, "RightsNotBought")
        .withArgs(deal.id, DealStatus.Offered, false);
      await f.escrow.connect(f.influencer).acceptDeal(terms);
      await f.escrow.connect(f.influencer).submitDeliverable(terms, 0, REEL, CONTENT_URI);
      await expect(mint(deal))
        .to.be.revertedWithCustomError(f.certificate, "RightsNotBought")
        .withArgs(deal.id, DealStatus.Active, false);
    });

    it("for a deal that is not complete yet: one milestone paid, the other still open", async function () {
      const deal = await rightsDeal({ amounts: [USDC(600), USDC(400)] });
      await f.escrow.connect(f.influencer).submitDeliverable(deal.terms, 0, REEL, CONTENT_URI);
      await f.escrow.connect(f.brand).approveMilestone(deal.terms, 0);
      await expect(mint(deal, [REEL, ZERO_HASH]))
        .to.be.revertedWithCustomError(f.certificate, "RightsNotBought")
        .withArgs(deal.id, DealStatus.Active, false);
    });

    it("for a refunded deal (the influencer gave the milestone back)", async function () {
      const deal = await rightsDeal();
      await f.escrow.connect(f.influencer).submitDeliverable(deal.terms, 0, REEL, CONTENT_URI);
      await f.escrow.connect(f.influencer).refundMilestone(deal.terms, 0);
      await expect(mint(deal))
        .to.be.revertedWithCustomError(f.certificate, "RightsNotBought")
        .withArgs(deal.id, DealStatus.Closed, false);
    });

    it("for a deal with one milestone paid and one reclaimed after its deadline", async function () {
      const deal = await rightsDeal({ amounts: [USDC(600), USDC(400)] });
      await f.escrow.connect(f.influencer).submitDeliverable(deal.terms, 0, REEL, CONTENT_URI);
      await f.escrow.connect(f.brand).approveMilestone(deal.terms, 0);
      await nextBlockAt(deal.terms.milestones[1]!.deliverBy + 1n);
      await f.escrow.connect(f.stranger).reclaimMilestone(deal.terms, 1);
      await expect(mint(deal, [REEL, ZERO_HASH]))
        .to.be.revertedWithCustomError(f.certificate, "RightsNotBought")
        .withArgs(deal.id, DealStatus.Closed, false);
    });

    it("for a deal the court ruled against the influencer", async function () {
      await seatMediators(f, 5);
      const dispute = await openDispute(f, { rights: { terms: RIGHTS, price: PRICE } });
      const votes = await fulfilAndDraw(f, dispute.disputeId);
      await playRound(f, dispute.disputeId, unanimous(votes, NO));
      await finalizeAppeal(f, dispute.disputeId);
      const deal = { terms: dispute.terms, id: dispute.dealId, tokenId: BigInt(dispute.dealId), rights: RIGHTS };
      await expect(mint(deal, [CONTENT_HASH]))
        .to.be.revertedWithCustomError(f.certificate, "RightsNotBought")
        .withArgs(deal.id, DealStatus.Closed, false);
    });

    it("for a deal the influencer lost by not paying the arbitration fee in time", async function () {
      const { terms, dealId } = await disputeDeal(f, { rights: { terms: RIGHTS, price: PRICE } });
      await nextBlockAt((await f.escrow.getArbitration(dealId, 0)).feeDeadline + 1n);
      await f.escrow.connect(f.stranger).timeOutArbitration(terms, 0);
      const deal = { terms, id: dealId, tokenId: BigInt(dealId), rights: RIGHTS };
      await expect(mint(deal, [CONTENT_HASH]))
        .to.be.revertedWithCustomError(f.certificate, "RightsNotBought")
        .withArgs(dealId, DealStatus.Closed, false);
    });

    it("twice, even after the certificate changed hands", async function () {
      const deal = await approvedDeal();
      await mint(deal);
      await expect(mint(deal))
        .to.be.revertedWithCustomError(f.certificate, "RightsAlreadyMinted")
        .withArgs(deal.id, f.brand.address);
      await f.certificate.connect(f.brand).transferFrom(f.brand.address, other.address, deal.tokenId);
      await expect(mint(deal, [REEL], f.brand))
        .to.be.revertedWithCustomError(f.certificate, "RightsAlreadyMinted")
        .withArgs(deal.id, other.address);
    });

    it("with rights terms other than the deal's", async function () {
      const deal = await approvedDeal();
      for (const wrong of [
        { ...RIGHTS, territories: [...RIGHTS.territories, "0x5553"] }, // + US
        { ...RIGHTS, exclusive: false },
        { ...RIGHTS, duration: 0n }, // perpetual instead of a year
        { ...RIGHTS, scope: RightsScope.All },
      ]) {
        await expect(f.certificate.mint(deal.terms, wrong, [REEL]))
          .to.be.revertedWithCustomError(f.certificate, "RightsHashMismatch")
          .withArgs(deal.id, deal.terms.rightsHash, hashRights(wrong));
      }
    });

    it("with more or fewer content hashes than milestones", async function () {
      const deal = await approvedDeal();
      await expect(mint(deal, []))
        .to.be.revertedWithCustomError(f.certificate, "RightsContentCount")
        .withArgs(deal.id, 0, 1);
      await expect(mint(deal, [REEL, STORIES]))
        .to.be.revertedWithCustomError(f.certificate, "RightsContentCount")
        .withArgs(deal.id, 2, 1);
    });

    it("with a content hash that is not the last submission's", async function () {
      const deal = await rightsDeal();
      const first = keccakText("reel v0, without #publicité");
      await f.escrow.connect(f.influencer).submitDeliverable(deal.terms, 0, first, CONTENT_URI);
      await f.escrow.connect(f.brand).requestRevision(deal.terms, 0, keccakText("add #publicité"));
      await f.escrow.connect(f.influencer).submitDeliverable(deal.terms, 0, REEL, CONTENT_URI);
      await f.escrow.connect(f.brand).approveMilestone(deal.terms, 0);
      await expect(mint(deal, [first]))
        .to.be.revertedWithCustomError(f.certificate, "RightsContentMismatch")
        .withArgs(deal.id, 0, digest(REEL), first);
      await expect(mint(deal, [ZERO_HASH]))
        .to.be.revertedWithCustomError(f.certificate, "RightsContentMismatch")
        .withArgs(deal.id, 0, digest(REEL), ZERO_HASH);
    });

    it("with a content hash for a milestone that was paid without a submission", async function () {
      const deal = await rightsDeal();
      await f.escrow.connect(f.brand).approveMilestone(deal.terms, 0);
      await expect(mint(deal, [REEL]))
        .to.be.revertedWithCustomError(f.certificate, "RightsContentMismatch")
        .withArgs(deal.id, 0, `0x${"00".repeat(20)}`, REEL);
    });
  });

  /* ------------------------------------------------------------------ */
  /*                               METADATA                             */
  /* ------------------------------------------------------------------ */

  describe("tokenURI", function () {
    it("is JSON built on chain stating parties, deal, escrow, content, terms, price, dates and validity", async function () {
      const deal = await approvedDeal();
      await mint(deal);
      const m = await metadataOf(deal.tokenId);
      const expires = deal.closedAt + 365n * DAY;
      const brand = getAddress(f.brand.address);
      const influencer = getAddress(f.influencer.address);
      const scope = scopeText(RIGHTS.scope);
      expect(m.name).to.equal(`Ispera rights certificate ${deal.id.slice(0, 10)}`);
      expect(m.description).to.equal(
        `Content-rights licence granted by the influencer ${influencer} to the brand ${brand} for the content ` +
          `delivered under Ispera deal ${deal.id}, paid through the escrow ${f.escrowAddress}. Scope: ${scope}. ` +
          `Territories: FR, BE. Exclusive. Effective ${isoDate(deal.closedAt)}, expires ${isoDate(expires)}. ` +
          "Price: 500 USDC. The licence follows the token: whoever holds this certificate holds the licence.",
      );
      expect(m.attributes).to.deep.equal([
        { trait_type: "Brand", value: brand },
        { trait_type: "Influencer", value: influencer },
        { trait_type: "Deal", value: deal.id },
        { trait_type: "Scope", value: scope },
        { trait_type: "Territories", value: "FR, BE" },
        { trait_type: "Exclusive", value: "Yes" },
        { trait_type: "Duration", value: "365 days" },
        { trait_type: "Price", value: "500 USDC" },
        { display_type: "date", trait_type: "Effective", value: Number(deal.closedAt) },
        { display_type: "date", trait_type: "Expires", value: Number(expires) },
        { trait_type: "Status", value: "Valid" },
        { trait_type: "Content 1", value: digest(REEL) },
      ]);
      expect(m.properties).to.deep.equal({
        dealId: deal.id,
        tokenId: deal.tokenId.toString(),
        chainId: 31337,
        certificate: f.certificateAddress,
        escrow: f.escrowAddress,
        brand,
        influencer,
        holder: brand,
        contentDigests: [digest(REEL)],
        rights: {
          scope: RIGHTS.scope,
          scopeNames: scopeNames(RIGHTS.scope),
          territories: ["FR", "BE"],
          exclusive: true,
          duration: 365 * 86_400,
          documentHash: RIGHTS.documentHash,
          rightsHash: deal.terms.rightsHash,
        },
        price: { amount: PRICE.toString(), token: f.usdcAddress, symbol: "USDC", decimals: 6, text: "500 USDC" },
        effectiveAt: Number(deal.closedAt),
        effectiveDate: isoDate(deal.closedAt),
        expiresAt: Number(expires),
        expiryDate: isoDate(expires),
        valid: true,
      });
    });

    it("states a perpetual, worldwide, non-exclusive licence and a fractional price", async function () {
      const rights = buildRights({ scope: RightsScope.All });
      const deal = await approvedDeal({}, rights, 1_234_500_000n);
      await mint(deal);
      const m = await metadataOf(deal.tokenId);
      const trait = (name: string) => m.attributes.find((a) => a.trait_type === name)?.value;
      expect([trait("Territories"), trait("Exclusive"), trait("Duration"), trait("Expires"), trait("Price")]).to.deep.equal([
        "worldwide",
        "No",
        "perpetual",
        "Never",
        "1234.5 USDC",
      ]);
      expect(m.properties.rights.territories).to.deep.equal([]);
      expect(m.properties.rights.scopeNames).to.have.length(6);
      expect(m.properties.rights.documentHash).to.equal(ZERO_HASH);
      expect([m.properties.expiresAt, m.properties.expiryDate]).to.deep.equal([null, null]);
      expect(m.description).to.include(`Territories: worldwide. Non-exclusive. Effective ${isoDate(deal.closedAt)}, perpetual.`);
      expect(await f.certificate.expiresAt(deal.tokenId)).to.equal(0n);
    });

    it("writes malformed terms by their value instead of breaking the JSON", async function () {
      // The escrow binds only the hash of the rights: lower-case codes, a quote or unknown scope bits can be agreed.
      const rights: RightsTerms = { ...buildRights({ scope: 0x41 }), territories: ["0x6672", "0x2200"] };
      const deal = await approvedDeal({}, rights);
      await mint(deal);
      const m = await metadataOf(deal.tokenId);
      expect(m.properties.rights.territories).to.deep.equal(["0x6672", "0x2200"]);
      expect(m.properties.rights.scopeNames).to.deep.equal([
        "organic reposts on the brand's own channels",
        "unknown uses 0x0040",
      ]);
    });

    it("follows the token: the holder changes with a transfer", async function () {
      const deal = await approvedDeal();
      await mint(deal);
      await f.certificate.connect(f.brand).transferFrom(f.brand.address, other.address, deal.tokenId);
      const m = await metadataOf(deal.tokenId);
      expect(m.properties.holder).to.equal(other.address);
      expect(m.properties.brand).to.equal(f.brand.address); // the first licensee stays on record
    });

    it("uses the same words as the scripts' helpers", async function () {
      const deal = await approvedDeal();
      await mint(deal);
      const m = await metadataOf(deal.tokenId);
      const trait = (name: string) => m.attributes.find((a) => a.trait_type === name)?.value;
      expect(trait("Scope")).to.equal(scopeText(RIGHTS.scope));
      expect(trait("Territories")).to.equal(territoriesText(RIGHTS.territories));
      expect(trait("Duration")).to.equal(durationText(RIGHTS.duration));
      expect(trait("Price")).to.equal(`${formatAmount(PRICE, 6)} USDC`);
    });

    it("reverts for a certificate that does not exist", async function () {
      await expect(f.certificate.tokenURI(42n))
        .to.be.revertedWithCustomError(f.certificate, "ERC721NonexistentToken")
        .withArgs(42n);
      for (const view of ["expiresAt", "getCertificate", "rightsTerms", "contentDigests"] as const) {
        await expect(f.certificate[view](42n))
          .to.be.revertedWithCustomError(f.certificate, "ERC721NonexistentToken")
          .withArgs(42n);
      }
      expect(await f.certificate.isValid(42n)).to.equal(false);
    });
  });

  /* ------------------------------------------------------------------ */
  /*                                EXPIRY                              */
  /* ------------------------------------------------------------------ */

  describe("expiry", function () {
    it("is valid from the effective date until the expiry, excluded", async function () {
      const deal = await approvedDeal();
      await mint(deal);
      const expires = deal.closedAt + 365n * DAY;
      expect(await f.certificate.expiresAt(deal.tokenId)).to.equal(expires);
      expect(await f.certificate.isValid(deal.tokenId)).to.equal(true);
      await networkHelpers.time.increaseTo(expires - 1n);
      expect(await f.certificate.isValid(deal.tokenId)).to.equal(true);
      await networkHelpers.time.increaseTo(expires);
      expect(await f.certificate.isValid(deal.tokenId)).to.equal(false);
      const m = await metadataOf(deal.tokenId);
      expect(m.properties.valid).to.equal(false);
      expect(m.attributes.find((a) => a.trait_type === "Status")?.value).to.equal("Expired");
    });

    it("never expires a perpetual licence", async function () {
      const deal = await approvedDeal({}, buildRights({ scope: RightsScope.Website }));
      await mint(deal);
      await networkHelpers.time.increase(100n * 365n * DAY);
      expect(await f.certificate.isValid(deal.tokenId)).to.equal(true);
      expect((await metadataOf(deal.tokenId)).properties.valid).to.equal(true);
    });
  });

  /* ------------------------------------------------------------------ */
  /*                             PROOF SCRIPT                           */
  /* ------------------------------------------------------------------ */

  describe("proof document and verification (scripts/lib/rightsProof.ts)", function () {
    async function minted() {
      const deal = await approvedDeal();
      await mint(deal);
      return deal;
    }

    const prove = (dealId: string, options: { claims?: RightsClaims; expectedEscrow?: string; certificate?: string } = {}) =>
      proveRights({
        provider: ethers.provider,
        certificate: options.certificate ?? f.certificateAddress,
        dealId,
        expectedEscrow: options.expectedEscrow ?? f.escrowAddress,
        claims: options.claims,
      });

    it("verifies a certificate in force and writes a self-contained printable document", async function () {
      const deal = await minted();
      const { record, verification, html } = await prove(deal.id);
      expect(verification.verdict).to.equal("valid");
      expect(exitCodeOf(verification.verdict)).to.equal(0);
      expect(verification.message).to.equal(
        `VALID: certificate ${deal.id} is authentic and in force (until ${isoDate(deal.closedAt + 365n * DAY)}), held by ${f.brand.address}`,
      );
      expect(verification.checks.map((c) => [c.label, c.ok])).to.deep.equal([
        ["escrow", true],
        ["certificate exists", true],
        ["deal terms", true],
        ["rights bought", true],
        ["when: effective date", true],
        ["who: parties", true],
        ["which terms: licence", true],
        ["which terms: price", true],
        ["what: milestones", true],
        ["what: content of milestone 1", true],
        ["metadata", true],
        ["still valid", true],
      ]);
      // Who, what, when, which terms, in the document.
      for (const text of [
        f.brand.address,
        f.influencer.address,
        deal.id,
        f.escrowAddress,
        f.certificateAddress,
        REEL,
        CONTENT_URI,
        ...scopeNames(RIGHTS.scope).map((s) => s.replace(/'/g, "&#39;")),
        "FR, BE",
        "365 days",
        "500 USDC",
        isoDate(deal.closedAt),
        isoDate(deal.closedAt + 365n * DAY),
        "VALID: authentic and in force",
        "@page { size: A4",
      ]) {
        expect(html, text).to.include(text);
      }
      // Self-contained: nothing fetched from elsewhere, no executable script.
      expect(html).to.not.match(/\b(src|href)\s*=|@import|url\(|<link|<img|<iframe/i);
      expect(html).to.not.match(/<script(?![^>]*type="application\/json")/i);
      expect(extractClaims(html)).to.deep.equal(claimsOf(record));
    });

    it("verifies a proof document written earlier against the chain", async function () {
      const deal = await minted();
      const first = await prove(deal.id);
      const again = await prove(deal.id, { claims: extractClaims(first.html) });
      expect(again.verification.verdict).to.equal("valid");
      expect(again.verification.checks.slice(-2)).to.deep.equal([
        { label: "document: terms", ok: true, detail: "every term of the document matches the chain" },
        { label: "document: holder", ok: true, detail: `${f.brand.address} still holds the certificate` },
      ]);
    });

    it("says expired, with its own exit status, once the licence ran out", async function () {
      const deal = await minted();
      const expires = deal.closedAt + 365n * DAY;
      await networkHelpers.time.increaseTo(expires + DAY);
      const { verification, html } = await prove(deal.id);
      expect(verification.verdict).to.equal("expired");
      expect(exitCodeOf(verification.verdict)).to.equal(2);
      expect(verification.message).to.equal(
        `EXPIRED: certificate ${deal.id} is authentic, but its licence expired on ${isoDate(expires)}`,
      );
      expect(verification.checks.every((c) => c.ok)).to.equal(true);
      expect(html).to.include("EXPIRED: authentic, no longer in force");
    });

    it("finds a document whose terms differ from the chain's", async function () {
      const deal = await minted();
      const claims = extractClaims((await prove(deal.id)).html);
      const forged: RightsClaims = { ...claims, territories: ["FR", "BE", "US"], expiresAt: null };
      const { verification, html } = await prove(deal.id, { claims: forged });
      expect(verification.verdict).to.equal("mismatch");
      expect(exitCodeOf(verification.verdict)).to.equal(1);
      const failed = verification.checks.filter((c) => !c.ok);
      expect(failed).to.deep.equal([
        {
          label: "document: terms",
          ok: false,
          detail:
            'territories: the document says ["FR","BE","US"], the chain says ["FR","BE"]; ' +
            `expiresAt: the document says null, the chain says "${deal.closedAt + 365n * DAY}"`,
        },
      ]);
      expect(verification.message).to.equal(
        `MISMATCH: certificate ${deal.id} does not match the chain: document: terms: ${failed[0]!.detail}`,
      );
      expect(html).to.include("MISMATCH: does not match the chain");
    });

    it("finds a document whose holder has since transferred the certificate", async function () {
      const deal = await minted();
      const claims = extractClaims((await prove(deal.id)).html);
      await f.certificate.connect(f.brand).transferFrom(f.brand.address, other.address, deal.tokenId);
      const block = await ethers.provider.getBlockNumber();
      const { verification, record } = await prove(deal.id, { claims });
      expect(verification.verdict).to.equal("mismatch");
      expect(verification.checks.filter((c) => !c.ok)).to.deep.equal([
        {
          label: "document: holder",
          ok: false,
          detail: `the document names ${f.brand.address} as holder; ${other.address} holds it since block ${block}`,
        },
      ]);
      expect(record.transfers.map((t) => [t.from, t.to])).to.deep.equal([
        [ZeroAddress, f.brand.address],
        [f.brand.address, other.address],
      ]);
    });

    it("refuses a certificate contract of another escrow than the expected one", async function () {
      const deal = await minted();
      const { verification } = await prove(deal.id, { expectedEscrow: f.courtAddress });
      expect(verification.verdict).to.equal("mismatch");
      expect(verification.checks[0]).to.deep.equal({
        label: "escrow",
        ok: false,
        detail: `the certificate contract certifies deals of ${f.escrowAddress}, not of the expected escrow ${f.courtAddress}`,
      });
    });

    it("refuses a document naming another certificate contract than the trusted one", async function () {
      const deal = await minted();
      // A second certificate contract of the same escrow, as anyone could deploy: not the one the verifier trusts.
      const copy = await (await ethers.getContractFactory("RightsCertificate")).deploy(f.escrowAddress);
      await copy.mint(deal.terms, deal.rights, [REEL]);
      const copyAddress = await copy.getAddress();
      const trusted = await proveRights({
        provider: ethers.provider,
        certificate: copyAddress,
        dealId: deal.id,
        expectedCertificate: f.certificateAddress,
        expectedEscrow: f.escrowAddress,
      });
      expect(trusted.verification.verdict).to.equal("mismatch");
      expect(trusted.verification.checks.filter((c) => !c.ok)).to.deep.equal([
        {
          label: "certificate contract",
          ok: false,
          detail: `${copyAddress} is not the expected certificate contract ${f.certificateAddress}`,
        },
      ]);
      // Taken as given, the copy is consistent with the escrow: trusting the contract is the verifier's choice.
      const asGiven = await prove(deal.id, { certificate: copyAddress });
      expect(asGiven.verification.verdict).to.equal("valid");
    });

    it("finds no certificate for an unknown id, or at an address that is no certificate contract", async function () {
      const unknown = keccak256(toUtf8Bytes("no such deal"));
      const missing = await prove(unknown);
      expect(missing.verification.verdict).to.equal("mismatch");
      expect(missing.verification.message).to.equal(
        `MISMATCH: certificate ${unknown} does not match the chain: certificate exists: no certificate ${unknown} at ${f.certificateAddress}`,
      );
      expect(missing.html).to.include("MISMATCH");

      const deal = await minted();
      const notCertificate = await prove(deal.id, { certificate: f.usdcAddress });
      expect(notCertificate.verification.verdict).to.equal("mismatch");
      expect(notCertificate.verification.checks).to.deep.equal([
        {
          label: "certificate contract",
          ok: false,
          detail: `${f.usdcAddress} is not a rights certificate contract (it has no escrow())`,
        },
      ]);
      const nobody = await prove(deal.id, { certificate: "0x000000000000000000000000000000000000dEaD" });
      expect(nobody.verification.checks[0]!.detail).to.equal("no contract at 0x000000000000000000000000000000000000dEaD");
    });

    it("checks every milestone's content against the escrow's events", async function () {
      const deal = await rightsDeal({ amounts: [USDC(600), USDC(400)] });
      await f.escrow.connect(f.brand).approveMilestone(deal.terms, 0);
      await f.escrow.connect(f.influencer).submitDeliverable(deal.terms, 1, STORIES, "ipfs://stories");
      await f.escrow.connect(f.brand).approveMilestone(deal.terms, 1);
      await mint(deal, [ZERO_HASH, STORIES]);
      const { record, verification, html } = await prove(deal.id);
      expect(verification.verdict).to.equal("valid");
      expect(record.milestones.map((m) => [m.delivered, m.digest, m.submission?.contentHash])).to.deep.equal([
        [false, `0x${"00".repeat(20)}`, undefined],
        [true, digest(STORIES), STORIES],
      ]);
      expect(html).to.include("no submission");
      expect(html).to.include("ipfs://stories");
      expect(verifyRights(record).verdict).to.equal("valid");
    });
  });
});
