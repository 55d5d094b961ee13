import { expect } from "chai";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { DEFAULT_CRITERIA, MilestoneStatus, Topic, type Question } from "../scripts/lib/terms.js";
import {
  DE,
  FR,
  LANGUAGE_POOL,
  DAY,
  MILESTONE,
  Period,
  USDC,
  ballotsByVote,
  commitAll,
  currentRequest,
  renewWord,
  disputeDeal,
  drawAll,
  drawDistinct,
  encodeContext,
  expectedDraw,
  escrowCredits,
  ethers,
  fulfil,
  fulfilAndDraw,
  groupByMediator,
  keccakText,
  loadCourt,
  networkHelpers,
  nextBlockAt,
  now,
  openDispute,
  owed,
  packConsensus,
  passAfterDeadline,
  playRound,
  poolKey,
  proportional,
  revealAll,
  ruleOf,
  saltMessage,
  seatMediators,
  signatureSalt,
  stakeAndJoin,
  testSalt,
  unanimous,
  voteHash,
  votesOf,
  LOCK,
  NO,
  YES,
  type CourtFixture,
  type DrawnVote,
  type OpenedDispute,
} from "./helpers/courtFixture.js";

const FIRST_ROUND_FEES = USDC(30); // 3 mediators * 10 USDC

describe("MediatorCourt: disputes with DealEscrow", function () {
  let f: CourtFixture;

  beforeEach(async function () {
    f = await loadCourt();
  });

  /** Five mediators with 200 USDC each in the French beauty pool, and a dispute drawn with three distinct seats. */
  async function drawnDispute(): Promise<{ dispute: OpenedDispute; votes: DrawnVote[] }> {
    await seatMediators(f, 5, USDC(200));
    const dispute = await openDispute(f);
    const votes = await drawDistinct(f, dispute.disputeId);
    return { dispute, votes };
  }

  async function credits(dealId: string): Promise<{ influencer: bigint; brand: bigint }> {
    const deal = await f.escrow.getDeal(dealId);
    return { influencer: deal.influencerCredit, brand: deal.brandCredit };
  }

  async function balance(account: string): Promise<bigint> {
    return f.court.balanceOf(account, f.usdcAddress);
  }

  describe("opening", function () {
    it("opens a dispute with the deal's context when both parties paid, and requests a random word", async function () {
      const deal = await disputeDeal(f);
      const tx = f.escrow.connect(f.influencer).payArbitrationFee(deal.terms, [...DEFAULT_CRITERIA], 0);
      const params = Object.values(f.params);
      const context = [
        deal.dealId,
        0n,
        f.brand.address,
        f.influencer.address,
        FR,
        BigInt(Topic.Beauty),
        deal.terms.briefHash,
        DEFAULT_CRITERIA.map((q) => [BigInt(q.optionCount), BigInt(q.compliantMask), BigInt(q.weight)]),
      ];
      await expect(tx).to.emit(f.court, "DisputeOpened").withArgs(0, f.escrowAddress, context, params);
      await expect(tx).to.emit(f.court, "DisputeCreation").withArgs(0, f.escrowAddress);
      await expect(tx).to.emit(f.court, "NewPeriod").withArgs(0, 0, Period.Drawing, 0);
      await expect(tx).to.emit(f.court, "RandomnessRequested").withArgs(0, 0, 1);
      await expect(tx).to.emit(f.randomness, "RandomnessRequested").withArgs(1);
      await expect(tx).to.changeTokenBalances(ethers, f.usdc, [f.influencer, f.escrow, f.court], [-USDC(30), 0n, USDC(30)]);

      const d = await f.court.getDispute(0);
      expect({
        arbitrable: d.arbitrable,
        round: d.round,
        period: d.period,
        questionCount: d.questionCount,
        rulingDelivered: d.rulingDelivered,
        shareBps: d.shareBps,
        deadline: d.deadline,
        brand: d.brand,
        language: d.language,
        topic: d.topic,
        totalWeight: d.totalWeight,
        influencer: d.influencer,
        paramsVersion: d.paramsVersion,
      }).to.deep.equal({
        arbitrable: f.escrowAddress,
        round: 0n,
        period: Period.Drawing,
        questionCount: 5n,
        rulingDelivered: false,
        shareBps: 0n,
        deadline: 0n,
        brand: f.brand.address,
        language: FR,
        topic: BigInt(Topic.Beauty),
        totalWeight: 10n,
        influencer: f.influencer.address,
        paramsVersion: 0n,
      });
      const r = await f.court.getRound(0, 0);
      // No pool can serve yet (nobody staked): the first draw chooses again. The word is kept by the source.
      expect([r.mediators, r.drawn, r.fees, r.lockPerVote, r.randomnessRequestId, r.poolKey]).to.deep.equal([
        3n,
        0n,
        FIRST_ROUND_FEES,
        LOCK,
        1n,
        0n,
      ]);
      expect(await f.randomness.randomWord(1)).to.equal(0n);
      expect(r.randomnessRequestedAt).to.equal(await now());
      expect(await f.court.disputeCount()).to.equal(1n);
      expect((await f.escrow.getMilestone(deal.dealId, 0)).status).to.equal(BigInt(MilestoneStatus.InArbitration));
      expect(await f.court.currentRuling(0)).to.deep.equal([1n, false, false]);
    });

    it("refuses another fee token, another number of choices, a fee below the cost and native fees", async function () {
      const data = contextFor();
      const other = await ethers.deployContract("MockUSDC", [f.owner.address]);
      await fundStranger();
      const create = f.court.connect(f.stranger)["createDispute(uint256,bytes,address,uint256)"];
      await expect(create(10_001, data, await other.getAddress(), USDC(30)))
        .to.be.revertedWithCustomError(f.court, "CourtFeeTokenNotAccepted")
        .withArgs(await other.getAddress(), f.usdcAddress);
      await expect(create(2, data, f.usdcAddress, USDC(30)))
        .to.be.revertedWithCustomError(f.court, "CourtChoicesUnsupported")
        .withArgs(2, 10_001);
      await expect(create(10_001, data, f.usdcAddress, USDC(30) - 1n))
        .to.be.revertedWithCustomError(f.court, "CourtFeeTooLow")
        .withArgs(USDC(30) - 1n, USDC(30));
      await expect(create(10_001, data, f.usdcAddress, 2n ** 96n))
        .to.be.revertedWithCustomError(f.court, "CourtAmountTooLarge")
        .withArgs(2n ** 96n, 2n ** 96n - 1n);
      await expect(f.court.connect(f.stranger)["createDispute(uint256,bytes)"](10_001, data))
        .to.be.revertedWithCustomError(f.court, "CourtNativeFeesUnsupported")
        .withArgs();
      await expect(f.court["arbitrationCost(bytes)"](data))
        .to.be.revertedWithCustomError(f.court, "CourtNativeFeesUnsupported")
        .withArgs();
      await expect(f.court["arbitrationCost(bytes,address)"](data, await other.getAddress()))
        .to.be.revertedWithCustomError(f.court, "CourtFeeTokenNotAccepted")
        .withArgs(await other.getAddress(), f.usdcAddress);
      expect(await f.court["arbitrationCost(bytes,address)"](data, f.usdcAddress)).to.equal(USDC(30));
    });

    it("refuses a context with an invalid pool, a zero party or invalid criteria", async function () {
      await fundStranger();
      const create = f.court.connect(f.stranger)["createDispute(uint256,bytes,address,uint256)"];
      await expect(create(10_001, contextFor({ language: "0x4652" }), f.usdcAddress, USDC(30)))
        .to.be.revertedWithCustomError(f.court, "CourtInvalidPool")
        .withArgs("0x4652", Topic.Beauty);
      await expect(create(10_001, contextFor({ topic: LANGUAGE_POOL }), f.usdcAddress, USDC(30)))
        .to.be.revertedWithCustomError(f.court, "CourtInvalidPool")
        .withArgs(FR, LANGUAGE_POOL);
      await expect(create(10_001, contextFor({ brand: ethers.ZeroAddress }), f.usdcAddress, USDC(30)))
        .to.be.revertedWithCustomError(f.court, "CourtInvalidAddress")
        .withArgs(ethers.ZeroAddress);
      await expect(create(10_001, contextFor({ influencer: ethers.ZeroAddress }), f.usdcAddress, USDC(30)))
        .to.be.revertedWithCustomError(f.court, "CourtInvalidAddress")
        .withArgs(ethers.ZeroAddress);
      const bad: [Question[], number][] = [
        [[], 0],
        [Array.from({ length: 17 }, () => ({ optionCount: 2, compliantMask: 1, weight: 1 })), 17],
        [[{ optionCount: 2, compliantMask: 1, weight: 1 }, { optionCount: 1, compliantMask: 1, weight: 1 }], 1],
        [[{ optionCount: 9, compliantMask: 1, weight: 1 }], 0],
        [[{ optionCount: 2, compliantMask: 0, weight: 1 }], 0],
        [[{ optionCount: 2, compliantMask: 3, weight: 1 }], 0],
        [[{ optionCount: 2, compliantMask: 1, weight: 0 }], 0],
      ];
      for (const [criteria, index] of bad) {
        await expect(create(10_001, contextFor({ criteria }), f.usdcAddress, USDC(30)))
          .to.be.revertedWithCustomError(f.courtLogic, "CourtLogicInvalidCriteria")
          .withArgs(index);
      }
    });

    it("keeps a fee above the cost as the first round's fees", async function () {
      await fundStranger();
      await f.court.connect(f.stranger)["createDispute(uint256,bytes,address,uint256)"](10_001, contextFor(), f.usdcAddress, USDC(45));
      expect((await f.court.getRound(0, 0)).fees).to.equal(USDC(45));
    });

    it("lets a party win by default when the other never pays its fee, without any court dispute", async function () {
      await seatMediators(f, 3);
      const deal = await disputeDeal(f);
      const feeDeadline = (await f.escrow.getArbitration(deal.dealId, 0)).feeDeadline;
      await nextBlockAt(feeDeadline + 1n);
      await f.escrow.connect(f.stranger).timeOutArbitration(deal.terms, 0);
      expect(await f.court.disputeCount()).to.equal(0n);
      expect(await credits(deal.dealId)).to.deep.equal({ influencer: 0n, brand: MILESTONE + USDC(30) });
      expect((await f.escrow.getMilestone(deal.dealId, 0)).status).to.equal(BigInt(MilestoneStatus.Ruled));
      expect(await f.usdc.balanceOf(f.courtAddress)).to.equal(USDC(600));
    });
  });

  describe("drawing", function () {
    it("waits for the random word, then draws in batches and locks stake per seat", async function () {
      await seatMediators(f, 5, USDC(200));
      const { disputeId, requestId } = await openDispute(f);
      await expect(f.court.draw(disputeId, 3))
        .to.be.revertedWithCustomError(f.court, "CourtRandomnessNotReady")
        .withArgs(disputeId, requestId);
      await fulfil(f, requestId);
      const word = await f.randomness.randomWord(requestId);
      expect(word).to.not.equal(0n);

      const stakers = f.mediators.slice(0, 5).map((m) => ({ address: m.address, weight: 200n }));
      const jury = expectedDraw(word, disputeId, 0n, stakers, 3);
      const first = f.court.draw(disputeId, 1);
      await expect(first).to.emit(f.court, "Drawn").withArgs(disputeId, 0, 0, jury[0]!, poolKey(FR, Topic.Beauty));
      await expect(first).to.not.emit(f.court, "NewPeriod");
      let r = await f.court.getRound(disputeId, 0);
      expect([r.drawn, r.randomnessRequestId, r.poolKey]).to.deep.equal([1n, requestId, poolKey(FR, Topic.Beauty)]);
      expect((await f.court.getDispute(disputeId)).period).to.equal(Period.Drawing);
      await expect(f.court.passPeriod(disputeId))
        .to.be.revertedWithCustomError(f.court, "CourtDrawingIncomplete")
        .withArgs(disputeId, 1, 3);
      await expect(f.court.draw(disputeId, 1)).to.not.emit(f.court, "NewPeriod");
      // The draw of the last seat (capped at the seats left) opens the commit period.
      const t = await nextBlockAt();
      const last = f.court.draw(disputeId, 10);
      await expect(last).to.emit(f.court, "NewPeriod").withArgs(disputeId, 0, Period.Commit, t + f.params.commitPeriod);
      r = await f.court.getRound(disputeId, 0);
      expect([r.drawn, r.nonce]).to.deep.equal([3n, 3n]);
      const d = await f.court.getDispute(disputeId);
      expect([d.period, d.deadline]).to.deep.equal([Period.Commit, t + f.params.commitPeriod]);
      await expect(f.court.draw(disputeId, 1))
        .to.be.revertedWithCustomError(f.court, "CourtUnexpectedPeriod")
        .withArgs(disputeId, Period.Commit, Period.Drawing);

      const votes = await votesOf(f, disputeId, 0n);
      expect(votes.map((v) => v.mediator)).to.deep.equal(jury);
      for (const [mediator, ids] of groupByMediator(votes)) {
        expect((await f.court.getMediator(mediator)).locked).to.equal(LOCK * BigInt(ids.length));
      }
    });

    it("refuses passPeriod while drawing, before the word, during the draw and in an appeal round", async function () {
      await seatMediators(f, 5, USDC(400));
      const { disputeId: id, requestId } = await openDispute(f);
      await expect(f.court.passPeriod(id)).to.be.revertedWithCustomError(f.court, "CourtDrawingIncomplete").withArgs(id, 0, 3);
      // Time does not end the drawing either.
      await networkHelpers.time.increase(30n * DAY);
      await expect(f.court.passPeriod(id)).to.be.revertedWithCustomError(f.court, "CourtDrawingIncomplete").withArgs(id, 0, 3);
      // The unanswered word expired meanwhile: a new one is requested.
      expect(await renewWord(f, id)).to.equal(requestId + 1n);
      await fulfil(f, requestId + 1n);
      await expect(f.court.passPeriod(id)).to.be.revertedWithCustomError(f.court, "CourtDrawingIncomplete").withArgs(id, 0, 3);
      await f.court.draw(id, 2);
      await expect(f.court.passPeriod(id)).to.be.revertedWithCustomError(f.court, "CourtDrawingIncomplete").withArgs(id, 2, 3);
      await drawAll(f, id);
      await playRound(f, id, unanimous(await votesOf(f, id, 0n), YES));

      // The appeal round of 7 seats: the same.
      await f.court.connect(f.brand).fundAppeal(id, USDC(70));
      expect((await f.court.getDispute(id)).period).to.equal(Period.Drawing);
      await expect(f.court.passPeriod(id)).to.be.revertedWithCustomError(f.court, "CourtDrawingIncomplete").withArgs(id, 0, 7);
      await fulfil(f, await currentRequest(f, id));
      await f.court.draw(id, 6);
      await expect(f.court.passPeriod(id)).to.be.revertedWithCustomError(f.court, "CourtDrawingIncomplete").withArgs(id, 6, 7);
      const t = await nextBlockAt();
      await expect(f.court.draw(id, 1)).to.emit(f.court, "NewPeriod").withArgs(id, 1, Period.Commit, t + f.params.commitPeriod);
      const d = await f.court.getDispute(id);
      expect([d.round, d.period]).to.deep.equal([1n, Period.Commit]);
    });

    it("falls back to the language pool when the topic pool has fewer mediators than seats", async function () {
      const [a, b, c, d, e] = f.mediators as [HardhatEthersSigner, HardhatEthersSigner, HardhatEthersSigner, HardhatEthersSigner, HardhatEthersSigner];
      for (const m of [a, b]) await stakeAndJoin(f, m, USDC(200), "fr", Topic.Beauty);
      for (const m of [c, d, e]) await stakeAndJoin(f, m, USDC(200), "fr", Topic.Fashion);
      const { disputeId, requestId } = await openDispute(f);
      await fulfil(f, requestId);
      const tx = await f.court.draw(disputeId, 3);
      const languageKey = poolKey(FR, LANGUAGE_POOL);
      expect((await f.court.getRound(disputeId, 0)).poolKey).to.equal(languageKey);
      const votes = await votesOf(f, disputeId, 0n);
      expect(votes.length).to.equal(3);
      for (const v of votes) {
        await expect(tx).to.emit(f.court, "Drawn").withArgs(disputeId, 0, v.voteId, v.mediator, languageKey);
        expect(v.mediator).to.be.oneOf([a, b, c, d, e].map((m) => m.address));
      }
    });

    it("draws from the topic pool when it has enough mediators", async function () {
      await seatMediators(f, 3, USDC(200));
      const { disputeId, requestId } = await openDispute(f);
      await fulfil(f, requestId);
      await f.court.draw(disputeId, 3);
      expect((await f.court.getRound(disputeId, 0)).poolKey).to.equal(poolKey(FR, Topic.Beauty));
    });

    it("chooses the pool when the round opens: a mediator joining later does not move the draw", async function () {
      const [a, b, c, d, e, late] = f.mediators as HardhatEthersSigner[];
      for (const m of [a!, b!]) await stakeAndJoin(f, m, USDC(200), "fr", Topic.Beauty);
      for (const m of [c!, d!, e!]) await stakeAndJoin(f, m, USDC(200), "fr", Topic.Fashion);
      const { disputeId, requestId } = await openDispute(f);
      const languageKey = poolKey(FR, LANGUAGE_POOL);
      expect((await f.court.getRound(disputeId, 0)).poolKey).to.equal(languageKey);
      // French pools are frozen while the round waits for its word.
      const until = (await f.court.getRound(disputeId, 0)).randomnessRequestedAt + f.params.randomnessTimeout;
      await f.court.connect(late!).stake(USDC(200));
      await expect(f.court.connect(late!).joinPool(FR, Topic.Beauty))
        .to.be.revertedWithCustomError(f.court, "CourtLanguageDrawing")
        .withArgs(FR, until);
      // Once the word expired unanswered, the topic pool could serve, but the round keeps the pool it opened with.
      await nextBlockAt(until + 1n);
      await f.court.connect(late!).joinPool(FR, Topic.Beauty);
      expect(await f.court.poolTotal(FR, Topic.Beauty)).to.deep.equal([600n, 3n]);
      expect(await renewWord(f, disputeId)).to.equal(requestId + 1n);
      await fulfil(f, requestId + 1n);
      const tx = await f.court.draw(disputeId, 3);
      expect((await f.court.getRound(disputeId, 0)).poolKey).to.equal(languageKey);
      for (const v of await votesOf(f, disputeId, 0n)) {
        await expect(tx).to.emit(f.court, "Drawn").withArgs(disputeId, 0, v.voteId, v.mediator, languageKey);
      }
    });

    it("chooses the pool again at the first draw only when the pool chosen at opening emptied", async function () {
      const seated = await seatMediators(f, 3, USDC(200));
      for (const m of seated) await f.court.connect(m).joinPool(FR, Topic.Fashion);
      const first = await openDispute(f);
      const second = await openDispute(f);
      for (const id of [first.disputeId, second.disputeId]) {
        expect((await f.court.getRound(id, 0)).poolKey).to.equal(poolKey(FR, Topic.Beauty));
      }
      await f.court.setExitDelay(0);
      // Leaving waits for the words to expire (the pools are frozen while the rounds wait for them).
      await nextBlockAt((await f.court.freezeOf(FR)).until + 1n);
      // Two of three leave the topic pool: it still has stake, so the round stays on it (one mediator, every seat).
      for (const m of seated.slice(0, 2)) {
        await f.court.connect(m).requestExit();
        await f.court.connect(m).leavePool(FR, Topic.Beauty);
      }
      await fulfil(f, await renewWord(f, first.disputeId));
      await f.court.draw(first.disputeId, 3);
      expect((await f.court.getRound(first.disputeId, 0)).poolKey).to.equal(poolKey(FR, Topic.Beauty));
      expect((await votesOf(f, first.disputeId, 0n)).map((v) => v.mediator)).to.deep.equal(Array(3).fill(seated[2]!.address));

      // The last one leaves: the topic pool is empty, the draw moves to the language pool (no empty-pool ruling).
      await nextBlockAt((await f.court.freezeOf(FR)).until + 1n);
      await f.court.connect(seated[2]!).requestExit();
      await f.court.connect(seated[2]!).leavePool(FR, Topic.Beauty);
      await fulfil(f, await renewWord(f, second.disputeId));
      const t = await nextBlockAt();
      const tx = f.court.draw(second.disputeId, 3);
      await expect(tx).to.not.emit(f.court, "EmptyPool");
      await expect(tx).to.emit(f.court, "NewPeriod").withArgs(second.disputeId, 0, Period.Commit, t + f.params.commitPeriod);
      expect((await f.court.getRound(second.disputeId, 0)).poolKey).to.equal(poolKey(FR, LANGUAGE_POOL));
      for (const v of await votesOf(f, second.disputeId, 0n)) {
        await expect(tx).to.emit(f.court, "Drawn").withArgs(second.disputeId, 0, v.voteId, v.mediator, poolKey(FR, LANGUAGE_POOL));
      }
    });

    it("never draws the parties, even when they are the largest stakers of the pool", async function () {
      await stakeAndJoin(f, f.brand, USDC(1_000));
      await stakeAndJoin(f, f.influencer, USDC(1_000));
      await seatMediators(f, 3, USDC(100));
      const { disputeId, requestId } = await openDispute(f);
      await fulfil(f, requestId);
      await drawAll(f, disputeId, 1);
      const r = await f.court.getRound(disputeId, 0);
      expect(r.poolKey).to.equal(poolKey(FR, Topic.Beauty));
      expect(r.nonce).to.be.greaterThan(r.drawn); // parties were drawn and skipped
      for (const v of await votesOf(f, disputeId, 0n)) {
        expect(v.mediator).to.not.be.oneOf([f.brand.address, f.influencer.address]);
      }
      expect((await f.court.getMediator(f.brand.address)).locked).to.equal(0n);
      expect((await f.court.getMediator(f.influencer.address)).locked).to.equal(0n);
    });

    it("rules 5,000 and credits the fee back to the parties in halves when nobody speaks the language", async function () {
      await seatMediators(f, 5, USDC(200));
      const { disputeId, requestId, dealId } = await openDispute(f, { language: "de" });
      await fulfil(f, requestId);
      const tx = f.court.draw(disputeId, 3);
      await expect(tx).to.emit(f.court, "EmptyPool").withArgs(disputeId, 0, poolKey(DE, Topic.Beauty));
      await expect(tx).to.emit(f.court, "Credited").withArgs(f.brand.address, f.usdcAddress, USDC(15));
      await expect(tx).to.emit(f.court, "Credited").withArgs(f.influencer.address, f.usdcAddress, USDC(15));
      await expect(tx).to.emit(f.court, "NewPeriod").withArgs(disputeId, 0, Period.Execution, 0);
      await expect(tx).to.emit(f.court, "Ruling").withArgs(f.escrowAddress, disputeId, 5_001);
      await expect(tx).to.emit(f.escrow, "Ruling").withArgs(f.courtAddress, disputeId, 5_001);

      const d = await f.court.getDispute(disputeId);
      expect([d.period, d.shareBps, d.rulingDelivered]).to.deep.equal([Period.Execution, 5_000n, true]);
      const r = await f.court.getRound(disputeId, 0);
      expect([r.drawn, r.fees, r.consensus]).to.deep.equal([0n, 0n, 2n ** 128n - 1n]);
      expect(await credits(dealId)).to.deep.equal({ influencer: USDC(495) + USDC(15), brand: USDC(500) + USDC(15) });
      expect(await balance(f.brand.address)).to.equal(USDC(15));
      expect(await balance(f.influencer.address)).to.equal(USDC(15));
      await expect(f.court.executeRound(disputeId, 0, 10))
        .to.be.revertedWithCustomError(f.court, "CourtRoundAlreadyExecuted")
        .withArgs(disputeId, 0);
      expect(await f.usdc.balanceOf(f.courtAddress)).to.equal(await owed(f));
    });
  });

  describe("voting", function () {
    it("derives the same vote salt from the same wallet's signature, and another from another wallet or dispute", async function () {
      const [a, b] = f.mediators as [HardhatEthersSigner, HardhatEthersSigner];
      const s1 = await signatureSalt(a, f.courtAddress, f.chainId, 3n, 1n);
      expect(await signatureSalt(a, f.courtAddress, f.chainId, 3n, 1n)).to.equal(s1);
      expect(await signatureSalt(b, f.courtAddress, f.chainId, 3n, 1n)).to.not.equal(s1);
      expect(await signatureSalt(a, f.courtAddress, f.chainId, 4n, 1n)).to.not.equal(s1);
      expect(await signatureSalt(a, f.courtAddress, f.chainId, 3n, 2n)).to.not.equal(s1);
      // The documented message: the court's address in lower case, whatever case it is given in.
      expect(saltMessage(ethers.getAddress(f.courtAddress), 31337n, 3n, 1n)).to.equal(
        `Ispera vote salt\ncourt: ${f.courtAddress.toLowerCase()}\nchain: 31337\ndispute: 3\nround: 1`,
      );
    });

    it("accepts a commit whose salt comes from the mediator's signature", async function () {
      const { dispute, votes } = await drawnDispute();
      const id = dispute.disputeId;
      const v = votes[0]!;
      const signer = await ethers.getSigner(v.mediator);
      const salt = await signatureSalt(signer, f.courtAddress, f.chainId, id, 0n);
      const commitment = voteHash(f.courtAddress, id, 0n, v.mediator, YES, salt);
      await expect(f.court.connect(signer).commit(id, [v.voteId], commitment))
        .to.emit(f.court, "Committed")
        .withArgs(id, 0, v.mediator, commitment);
      expect(await f.court.commitmentOf(id, 0, v.mediator)).to.equal(commitment);
      await passAfterDeadline(f, id);
      // The salt is recomputed from a new signature at reveal time.
      const again = await signatureSalt(signer, f.courtAddress, f.chainId, id, 0n);
      await expect(f.court.connect(signer).reveal(id, [v.voteId], [...YES], again))
        .to.emit(f.court, "Revealed")
        .withArgs(id, 0, v.mediator, [...YES]);
      const vote = await f.court.getVote(id, 0, v.voteId);
      expect([vote.mediator, vote.answers, vote.revealed]).to.deep.equal([v.mediator, 0n, true]);
    });

    it("guards commits and reveals: period, deadline, own votes, answers", async function () {
      await seatMediators(f, 5, USDC(200));
      const dispute = await openDispute(f);
      const id = dispute.disputeId;
      // No vote before the last seat is drawn.
      const early = f.mediators[0]!;
      const earlyCommit = voteHash(f.courtAddress, id, 0n, early.address, YES, testSalt(f.courtAddress, id, 0n, early.address));
      await expect(f.court.connect(early).commit(id, [0], earlyCommit))
        .to.be.revertedWithCustomError(f.court, "CourtUnexpectedPeriod")
        .withArgs(id, Period.Drawing, Period.Commit);
      const votes = await drawDistinct(f, id);
      const [v0, v1] = votes as [DrawnVote, DrawnVote];
      const s0 = await ethers.getSigner(v0.mediator);
      const c0 = voteHash(f.courtAddress, id, 0n, v0.mediator, YES, testSalt(f.courtAddress, id, 0n, v0.mediator));
      await expect(f.court.connect(s0).commit(id, [], c0)).to.be.revertedWithCustomError(f.court, "CourtNoVotes").withArgs();
      await expect(f.court.connect(s0).commit(id, [v0.voteId], ethers.ZeroHash))
        .to.be.revertedWithCustomError(f.court, "CourtEmptyCommitment")
        .withArgs();
      await expect(f.court.connect(s0).commit(id, [v0.voteId, v0.voteId], c0))
        .to.be.revertedWithCustomError(f.court, "CourtVoteIdsNotIncreasing")
        .withArgs(1);
      await expect(f.court.connect(s0).commit(id, [v1.voteId], c0))
        .to.be.revertedWithCustomError(f.court, "CourtNotYourVote")
        .withArgs(id, v1.voteId, v0.mediator);
      await expect(f.court.connect(s0).commit(id, [7], c0))
        .to.be.revertedWithCustomError(f.court, "CourtNotYourVote")
        .withArgs(id, 7, v0.mediator);
      await expect(f.court.connect(f.stranger).commit(99, [0], c0))
        .to.be.revertedWithCustomError(f.court, "CourtUnknownDispute")
        .withArgs(99);

      expect(await f.court.commitmentOf(id, 0, v0.mediator)).to.equal(ethers.ZeroHash);
      expect((await f.court.getRound(id, 0)).committed).to.equal(0n);

      // A new commit replaces the previous one and does not count the vote twice.
      const wrong = voteHash(f.courtAddress, id, 0n, v0.mediator, NO, testSalt(f.courtAddress, id, 0n, v0.mediator));
      await f.court.connect(s0).commit(id, [v0.voteId], wrong);
      expect((await f.court.getRound(id, 0)).committed).to.equal(1n);
      await expect(f.court.connect(s0).commit(id, [v0.voteId], c0)).to.not.emit(f.court, "NewPeriod");
      expect((await f.court.getRound(id, 0)).committed).to.equal(1n);
      expect(await f.court.commitmentOf(id, 0, v0.mediator)).to.equal(c0);

      // The commit period does not end early while a vote is missing.
      const deadline = (await f.court.getDispute(id)).deadline;
      let t = await nextBlockAt();
      await expect(f.court.passPeriod(id)).to.be.revertedWithCustomError(f.court, "CourtPeriodNotOver").withArgs(id, deadline, t);
      await expect(f.court.connect(s0).reveal(id, [v0.voteId], [...YES], testSalt(f.courtAddress, id, 0n, v0.mediator)))
        .to.be.revertedWithCustomError(f.court, "CourtUnexpectedPeriod")
        .withArgs(id, Period.Commit, Period.Reveal);
      await nextBlockAt(deadline + 1n);
      await expect(f.court.connect(s0).commit(id, [v0.voteId], c0))
        .to.be.revertedWithCustomError(f.court, "CourtPeriodOver")
        .withArgs(id, deadline, deadline + 1n);
      await f.court.passPeriod(id);

      const salt0 = testSalt(f.courtAddress, id, 0n, v0.mediator);
      await expect(f.court.connect(s0).reveal(id, [], [...YES], salt0)).to.be.revertedWithCustomError(f.court, "CourtNoVotes").withArgs();
      const mismatch = voteHash(f.courtAddress, id, 0n, v0.mediator, NO, salt0);
      await expect(f.court.connect(s0).reveal(id, [v0.voteId], [...NO], salt0))
        .to.be.revertedWithCustomError(f.court, "CourtCommitMismatch")
        .withArgs(c0, mismatch);
      // The other mediators never committed: they have nothing to reveal.
      const s1 = await ethers.getSigner(v1.mediator);
      const salt1 = testSalt(f.courtAddress, id, 0n, v1.mediator);
      await expect(f.court.connect(s1).reveal(id, [v1.voteId], [...YES], salt1))
        .to.be.revertedWithCustomError(f.court, "CourtVoteNotCommitted")
        .withArgs(id, v1.voteId);
      // Someone else's vote id: refused although the caller committed.
      await expect(f.court.connect(s0).reveal(id, [v1.voteId], [...YES], salt0))
        .to.be.revertedWithCustomError(f.court, "CourtNotYourVote")
        .withArgs(id, v1.voteId, v0.mediator);
      await f.court.connect(s0).reveal(id, [v0.voteId], [...YES], salt0);
      await expect(f.court.connect(s0).reveal(id, [v0.voteId], [...YES], salt0))
        .to.be.revertedWithCustomError(f.court, "CourtVoteAlreadyRevealed")
        .withArgs(id, v0.voteId);
      expect((await f.court.getRound(id, 0)).revealed).to.equal(1n);

      // Every commit is revealed but two seats never committed: the reveal period still ends at its deadline only.
      const revealDeadline = (await f.court.getDispute(id)).deadline;
      t = await nextBlockAt();
      await expect(f.court.passPeriod(id)).to.be.revertedWithCustomError(f.court, "CourtPeriodNotOver").withArgs(id, revealDeadline, t);
      await nextBlockAt(revealDeadline + 1n);
      await expect(f.court.passPeriod(id)).to.emit(f.court, "RoundRuled").withArgs(id, 0, 10_000, packConsensus([1, 1, 1, 1, 1]));
    });

    it("opens the reveal period at the last seat's first commit, and rules the round at the last seat's reveal", async function () {
      const { dispute, votes } = await drawnDispute();
      const id = dispute.disputeId;
      const [v0, v1, v2] = votes as [DrawnVote, DrawnVote, DrawnVote];
      const ballot = (v: DrawnVote, answers: readonly number[]) =>
        voteHash(f.courtAddress, id, 0n, v.mediator, answers, testSalt(f.courtAddress, id, 0n, v.mediator));
      const signer = (v: DrawnVote) => ethers.getSigner(v.mediator);
      const commitDeadline = (await f.court.getDispute(id)).deadline;

      // Two seats of three: still committing; a replacing commit does not count again.
      await expect(f.court.connect(await signer(v0)).commit(id, [v0.voteId], ballot(v0, NO))).to.not.emit(f.court, "NewPeriod");
      await expect(f.court.connect(await signer(v0)).commit(id, [v0.voteId], ballot(v0, YES))).to.not.emit(f.court, "NewPeriod");
      await expect(f.court.connect(await signer(v1)).commit(id, [v1.voteId], ballot(v1, YES))).to.not.emit(f.court, "NewPeriod");
      let d = await f.court.getDispute(id);
      expect([d.period, d.deadline]).to.deep.equal([Period.Commit, commitDeadline]);
      expect((await f.court.getRound(id, 0)).committed).to.equal(2n);

      // The last seat's commit opens the reveal period at once, long before the commit deadline.
      let t = await nextBlockAt();
      expect(t).to.be.lessThan(commitDeadline);
      const last = f.court.connect(await signer(v2)).commit(id, [v2.voteId], ballot(v2, NO));
      await expect(last).to.emit(f.court, "Committed").withArgs(id, 0, v2.mediator, ballot(v2, NO));
      await expect(last).to.emit(f.court, "NewPeriod").withArgs(id, 0, Period.Reveal, t + f.params.revealPeriod);
      d = await f.court.getDispute(id);
      expect([d.period, d.deadline]).to.deep.equal([Period.Reveal, t + f.params.revealPeriod]);
      expect((await f.court.getRound(id, 0)).committed).to.equal(3n);
      // Commits are over: nobody can change its vote now.
      await expect(f.court.connect(await signer(v0)).commit(id, [v0.voteId], ballot(v0, NO)))
        .to.be.revertedWithCustomError(f.court, "CourtUnexpectedPeriod")
        .withArgs(id, Period.Reveal, Period.Commit);

      // Two reveals of three: not ruled yet, and the reveal period cannot be ended early.
      for (const [v, answers] of [[v0, YES], [v1, YES]] as const) {
        await expect(f.court.connect(await signer(v)).reveal(id, [v.voteId], [...answers], testSalt(f.courtAddress, id, 0n, v.mediator)))
          .to.not.emit(f.court, "RoundRuled");
      }
      const revealDeadline = (await f.court.getDispute(id)).deadline;
      t = await nextBlockAt();
      await expect(f.court.passPeriod(id)).to.be.revertedWithCustomError(f.court, "CourtPeriodNotOver").withArgs(id, revealDeadline, t);

      // The last seat's reveal rules the round and opens the appeal period.
      t = await nextBlockAt();
      const ruling = f.court.connect(await signer(v2)).reveal(id, [v2.voteId], [...NO], testSalt(f.courtAddress, id, 0n, v2.mediator));
      await expect(ruling).to.emit(f.court, "Revealed").withArgs(id, 0, v2.mediator, [...NO]);
      const consensus = ruleOf(DEFAULT_CRITERIA, [YES, YES, NO]);
      expect(consensus.shareBps).to.equal(10_000n);
      await expect(ruling).to.emit(f.court, "RoundRuled").withArgs(id, 0, 10_000, packConsensus(consensus.consensus));
      await expect(ruling).to.emit(f.court, "NewPeriod").withArgs(id, 0, Period.Appeal, t + f.params.appealPeriod);
      await expect(ruling).to.not.emit(f.court, "Ruling");
      d = await f.court.getDispute(id);
      expect([d.period, d.deadline, d.shareBps]).to.deep.equal([Period.Appeal, t + f.params.appealPeriod, 10_000n]);
      const r = await f.court.getRound(id, 0);
      expect([r.committed, r.revealed, r.consensus]).to.deep.equal([3n, 3n, packConsensus(consensus.consensus)]);
      await expect(f.court.connect(await signer(v2)).reveal(id, [v2.voteId], [...NO], testSalt(f.courtAddress, id, 0n, v2.mediator)))
        .to.be.revertedWithCustomError(f.court, "CourtUnexpectedPeriod")
        .withArgs(id, Period.Appeal, Period.Reveal);
      const appealDeadline = t + f.params.appealPeriod;
      t = await nextBlockAt();
      await expect(f.court.passPeriod(id)).to.be.revertedWithCustomError(f.court, "CourtPeriodNotOver").withArgs(id, appealDeadline, t);
    });

    it("refuses answers of the wrong count or outside a question's options", async function () {
      const { dispute, votes } = await drawnDispute();
      const id = dispute.disputeId;
      const [v0, v1] = votes as [DrawnVote, DrawnVote];
      const short = [0, 0, 0, 0];
      const outside = [0, 0, 0, 0, 3]; // the last question has options 0 to 2
      for (const [v, answers] of [[v0, short], [v1, outside]] as const) {
        const salt = testSalt(f.courtAddress, id, 0n, v.mediator);
        await f.court.connect(await ethers.getSigner(v.mediator)).commit(id, [v.voteId], voteHash(f.courtAddress, id, 0n, v.mediator, answers, salt));
      }
      await passAfterDeadline(f, id);
      await expect(f.court.connect(await ethers.getSigner(v0.mediator)).reveal(id, [v0.voteId], short, testSalt(f.courtAddress, id, 0n, v0.mediator)))
        .to.be.revertedWithCustomError(f.courtLogic, "CourtLogicAnswerCount")
        .withArgs(4, 5);
      await expect(f.court.connect(await ethers.getSigner(v1.mediator)).reveal(id, [v1.voteId], outside, testSalt(f.courtAddress, id, 0n, v1.mediator)))
        .to.be.revertedWithCustomError(f.courtLogic, "CourtLogicInvalidAnswer")
        .withArgs(4, 3);
    });

    it("lets only the parties post evidence, until the ruling is final", async function () {
      await seatMediators(f, 3);
      const { disputeId } = await openDispute(f);
      await expect(f.court.connect(f.brand).submitEvidence(disputeId, "ipfs://brand"))
        .to.emit(f.court, "Evidence")
        .withArgs(disputeId, f.brand.address, "ipfs://brand");
      await expect(f.court.connect(f.influencer).submitEvidence(disputeId, "ipfs://influencer"))
        .to.emit(f.court, "Evidence")
        .withArgs(disputeId, f.influencer.address, "ipfs://influencer");
      await expect(f.court.connect(f.stranger).submitEvidence(disputeId, "ipfs://x"))
        .to.be.revertedWithCustomError(f.court, "CourtNotAParty")
        .withArgs(disputeId, f.stranger.address);
      await expect(f.court.connect(f.mediators[0]!).submitEvidence(disputeId, "ipfs://x"))
        .to.be.revertedWithCustomError(f.court, "CourtNotAParty")
        .withArgs(disputeId, f.mediators[0]!.address);
      await expect(f.court.connect(f.brand).submitEvidence(9, "ipfs://x"))
        .to.be.revertedWithCustomError(f.court, "CourtUnknownDispute")
        .withArgs(9);

      const votes = await fulfilAndDraw(f, disputeId);
      await playRound(f, disputeId, unanimous(votes, YES));
      await passAfterDeadline(f, disputeId);
      await expect(f.court.connect(f.brand).submitEvidence(disputeId, "ipfs://late"))
        .to.be.revertedWithCustomError(f.court, "CourtUnexpectedPeriod")
        .withArgs(disputeId, Period.Execution, Period.Appeal);
    });
  });

  describe("rulings delivered to the escrow", function () {
    /** Plays a first round where vote i answers `patterns[i]` (null: commits nothing), then lets the appeal run out. */
    async function ruled(patterns: readonly (readonly number[] | null)[]) {
      const { dispute, votes } = await drawnDispute();
      const ballots = ballotsByVote(votes, patterns);
      await playRound(f, dispute.disputeId, ballots);
      const afterRound = await f.court.getDispute(dispute.disputeId);
      expect(afterRound.period).to.equal(Period.Appeal);
      await passAfterDeadline(f, dispute.disputeId);
      return { dispute, votes, ballots, shareBps: afterRound.shareBps };
    }

    it("rules 10,000 on unanimous compliant answers: ruling 10,001 pays the influencer in full", async function () {
      const { dispute, shareBps } = await ruled([YES, YES, YES]);
      expect(shareBps).to.equal(10_000n);
      const d = await f.court.getDispute(dispute.disputeId);
      expect([d.period, d.rulingDelivered]).to.deep.equal([Period.Execution, true]);
      expect(await f.court.currentRuling(dispute.disputeId)).to.deep.equal([10_001n, false, false]);
      expect(await credits(dispute.dealId)).to.deep.equal({ influencer: USDC(990) + USDC(30), brand: 0n });
      expect((await f.escrow.getMilestone(dispute.dealId, 0)).status).to.equal(BigInt(MilestoneStatus.Ruled));
    });

    it("rules 0 on unanimous non-compliant answers: ruling 1 refunds the brand in full", async function () {
      const { dispute, shareBps } = await ruled([NO, NO, NO]);
      expect(shareBps).to.equal(0n);
      expect(await f.court.currentRuling(dispute.disputeId)).to.deep.equal([1n, false, false]);
      expect(await credits(dispute.dealId)).to.deep.equal({ influencer: 0n, brand: USDC(1_000) + USDC(30) });
    });

    it("weighs the questions of a mixed vote and pays penalties and rewards in proportion to coherence", async function () {
      const A = [0, 0, 0, 0, 0];
      const B = [0, 1, 0, 1, 2];
      const C = [1, 1, 0, 0, 0];
      const { dispute, votes, shareBps } = await ruled([A, B, C]);
      const id = dispute.disputeId;
      // Q1 yes (3), Q2 no (3), Q3 yes (2), Q4 yes (1), Q5 option 0 (1): 7,000 bps.
      expect(shareBps).to.equal(7_000n);
      const consensus = packConsensus([0b01, 0b10, 0b01, 0b01, 0b01]);
      expect((await f.court.getRound(id, 0)).consensus).to.equal(consensus);
      expect(ruleOf(DEFAULT_CRITERIA, [A, B, C])).to.deep.equal({ shareBps: 7_000n, consensus: [1, 2, 1, 1, 1] });
      expect(await credits(dispute.dealId)).to.deep.equal({ influencer: USDC(693) + USDC(21), brand: USDC(300) + USDC(9) });

      // Coherence 7,000 / 8,000 / 7,000: penalties 15 / 10 / 15 USDC of the 50 USDC locked per vote.
      const [a, b, c] = votes.map((v) => v.mediator) as [string, string, string];
      const tx = f.court.executeRound(id, 0, 6);
      // The rewards are sent to the mediators at once: 70 USDC (fees and lost stake) leave the court.
      await expect(tx).to.changeTokenBalances(ethers, f.usdc, [f.courtAddress, a, b, c], [-USDC(70), 22_272_726n, 25_454_546n, 22_272_728n]);
      await expect(tx).to.emit(f.court, "Penalized").withArgs(id, 0, 0, a, 7_000, USDC(15));
      await expect(tx).to.emit(f.court, "Penalized").withArgs(id, 0, 1, b, 8_000, USDC(10));
      await expect(tx).to.emit(f.court, "Penalized").withArgs(id, 0, 2, c, 7_000, USDC(15));
      // 30 USDC of fees and 40 USDC of penalties, by coherence 7/22, 8/22, 7/22 (cumulative rounding).
      await expect(tx).to.emit(f.court, "Rewarded").withArgs(id, 0, 0, a, 9_545_454n, 12_727_272n);
      await expect(tx).to.emit(f.court, "Rewarded").withArgs(id, 0, 1, b, 10_909_091n, 14_545_455n);
      await expect(tx).to.emit(f.court, "Rewarded").withArgs(id, 0, 2, c, 9_545_455n, 12_727_273n);
      expect(proportional(USDC(30), [7_000n, 8_000n, 7_000n])).to.deep.equal([9_545_454n, 10_909_091n, 9_545_455n]);

      expect((await f.court.getMediator(a)).stake).to.equal(USDC(185));
      expect((await f.court.getMediator(b)).stake).to.equal(USDC(190));
      expect((await f.court.getMediator(c)).stake).to.equal(USDC(185));
      for (const m of [a, b, c]) expect((await f.court.getMediator(m)).locked).to.equal(0n);
      // Fee and stake reward are sent separately; nothing is left to claim.
      for (const [m, fee, stakeReward] of [
        [a, 9_545_454n, 12_727_272n],
        [b, 10_909_091n, 14_545_455n],
        [c, 9_545_455n, 12_727_273n],
      ] as const) {
        await expect(tx).to.emit(f.court, "Paid").withArgs(m, f.usdcAddress, fee);
        await expect(tx).to.emit(f.court, "Paid").withArgs(m, f.usdcAddress, stakeReward);
        expect(await balance(m)).to.equal(0n);
      }
      await expect(tx).to.not.emit(f.court, "Credited");
      const r = await f.court.getRound(id, 0);
      expect([r.penalized, r.rewarded, r.penalties, r.coherenceSum, r.rewardedCoherence]).to.deep.equal([3n, 3n, USDC(40), 22_000n, 22_000n]);
      expect(await f.usdc.balanceOf(f.courtAddress)).to.equal(await owed(f));

      await expect(f.court.executeRound(id, 0, 1))
        .to.be.revertedWithCustomError(f.court, "CourtRoundAlreadyExecuted")
        .withArgs(id, 0);

      // The rewards were paid: there is nothing to claim.
      const signer = await ethers.getSigner(b);
      await expect(f.court.connect(signer).claim(f.usdcAddress, b))
        .to.be.revertedWithCustomError(f.court, "CourtNothingToClaim")
        .withArgs(b, f.usdcAddress);
      await expect(f.court.connect(signer).claim(f.usdcAddress, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(f.court, "CourtInvalidAddress")
        .withArgs(ethers.ZeroAddress);
      await expect(f.court.connect(signer).claim(f.usdcAddress, f.courtAddress))
        .to.be.revertedWithCustomError(f.court, "CourtInvalidAddress")
        .withArgs(f.courtAddress);
    });

    it("credits a reward that cannot be sent (blacklisted mediator), still pays the others, and lets it be claimed to another address", async function () {
      const { dispute, votes } = await ruled([
        [0, 0, 0, 0, 0],
        [0, 1, 0, 1, 2],
        [1, 1, 0, 0, 0],
      ]);
      const id = dispute.disputeId;
      const [a, b, c] = votes.map((v) => v.mediator) as [string, string, string];
      await expect(f.usdc.connect(f.owner).setBlacklisted(b, true)).to.emit(f.usdc, "BlacklistSet").withArgs(b, true);

      const tx = f.court.executeRound(id, 0, 6);
      // The same rewards as when every transfer goes through; b's are kept by the court for a claim.
      await expect(tx).to.emit(f.court, "Rewarded").withArgs(id, 0, 1, b, 10_909_091n, 14_545_455n);
      await expect(tx).to.emit(f.court, "Credited").withArgs(b, f.usdcAddress, 10_909_091n);
      await expect(tx).to.emit(f.court, "Credited").withArgs(b, f.usdcAddress, 14_545_455n);
      for (const [m, fee, stakeReward] of [
        [a, 9_545_454n, 12_727_272n],
        [c, 9_545_455n, 12_727_273n],
      ] as const) {
        await expect(tx).to.emit(f.court, "Paid").withArgs(m, f.usdcAddress, fee);
        await expect(tx).to.emit(f.court, "Paid").withArgs(m, f.usdcAddress, stakeReward);
      }
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.courtAddress, a, b, c],
        [-(22_272_726n + 22_272_728n), 22_272_726n, 0n, 22_272_728n],
      );
      expect(await balance(b)).to.equal(25_454_546n);
      for (const m of [a, c]) expect(await balance(m)).to.equal(0n);
      const r = await f.court.getRound(id, 0);
      expect([r.penalized, r.rewarded]).to.deep.equal([3n, 3n]);
      expect(await f.usdc.balanceOf(f.courtAddress)).to.equal(await owed(f));

      // b cannot receive the token, but can claim its credit to any other address.
      const signer = await ethers.getSigner(b);
      await expect(f.court.connect(signer).claim(f.usdcAddress, b)).to.be.revertedWithCustomError(f.usdc, "Blacklisted").withArgs(b);
      const claim = f.court.connect(signer).claim(f.usdcAddress, f.stranger.address);
      await expect(claim).to.emit(f.court, "Claimed").withArgs(b, f.usdcAddress, f.stranger.address, 25_454_546n);
      await expect(claim).to.changeTokenBalances(ethers, f.usdc, [f.court, f.stranger], [-25_454_546n, 25_454_546n]);
      expect(await balance(b)).to.equal(0n);
      await expect(f.court.connect(signer).claim(f.usdcAddress, f.stranger.address))
        .to.be.revertedWithCustomError(f.court, "CourtNothingToClaim")
        .withArgs(b, f.usdcAddress);
      expect(await f.usdc.balanceOf(f.courtAddress)).to.equal(await owed(f));
    });

    it("makes an unappealed ruling final in executeRound once the appeal period is over, then settles the round", async function () {
      const { dispute, votes } = await drawnDispute();
      const id = dispute.disputeId;
      await playRound(f, id, unanimous(votes, YES));
      // A partial appeal that will not happen.
      await f.court.connect(f.brand).fundAppeal(id, USDC(30));
      const deadline = (await f.court.getDispute(id)).deadline;

      // Until the deadline the appeal period runs: executeRound neither finalizes nor settles.
      await nextBlockAt(deadline);
      await expect(f.court.executeRound(id, 0, 6))
        .to.be.revertedWithCustomError(f.court, "CourtUnexpectedPeriod")
        .withArgs(id, Period.Appeal, Period.Execution);
      // After it, a call that fails (a round that does not exist) finalizes nothing either.
      await nextBlockAt(deadline + 1n);
      await expect(f.court.executeRound(id, 1, 6))
        .to.be.revertedWithCustomError(f.court, "CourtRoundAlreadyExecuted")
        .withArgs(id, 1);
      let d = await f.court.getDispute(id);
      expect([d.period, d.rulingDelivered]).to.deep.equal([Period.Appeal, false]);

      // Anyone's executeRound makes the ruling final, delivers it to the escrow and settles the round.
      const tx = f.court.connect(f.stranger).executeRound(id, 0, 6);
      await expect(tx).to.emit(f.court, "NewPeriod").withArgs(id, 0, Period.Execution, 0);
      await expect(tx).to.emit(f.court, "Ruling").withArgs(f.escrowAddress, id, 10_001);
      await expect(tx).to.emit(f.escrow, "Ruling").withArgs(f.courtAddress, id, 10_001);
      await expect(tx).to.not.emit(f.court, "RulingDeliveryFailed");
      for (const v of votes) {
        await expect(tx).to.emit(f.court, "Penalized").withArgs(id, 0, v.voteId, v.mediator, 10_000, 0);
        await expect(tx).to.emit(f.court, "Rewarded").withArgs(id, 0, v.voteId, v.mediator, USDC(10), 0);
        await expect(tx).to.emit(f.court, "Paid").withArgs(v.mediator, f.usdcAddress, USDC(10));
      }
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.courtAddress, ...votes.map((v) => v.mediator)],
        [-USDC(30), USDC(10), USDC(10), USDC(10)],
      );
      d = await f.court.getDispute(id);
      expect([d.period, d.deadline, d.rulingDelivered, d.shareBps]).to.deep.equal([Period.Execution, 0n, true, 10_000n]);
      expect(await credits(dispute.dealId)).to.deep.equal({ influencer: USDC(990) + USDC(30), brand: 0n });
      expect((await f.escrow.getMilestone(dispute.dealId, 0)).status).to.equal(BigInt(MilestoneStatus.Ruled));
      const r = await f.court.getRound(id, 0);
      expect([r.penalized, r.rewarded]).to.deep.equal([3n, 3n]);

      // Final: no appeal, no second finalization, no second settlement; the partial appeal is refunded.
      await expect(f.court.connect(f.brand).fundAppeal(id, USDC(40)))
        .to.be.revertedWithCustomError(f.court, "CourtUnexpectedPeriod")
        .withArgs(id, Period.Execution, Period.Appeal);
      await expect(f.court.passPeriod(id))
        .to.be.revertedWithCustomError(f.court, "CourtUnexpectedPeriod")
        .withArgs(id, Period.Execution, Period.Appeal);
      await expect(f.court.executeRound(id, 0, 6)).to.be.revertedWithCustomError(f.court, "CourtRoundAlreadyExecuted").withArgs(id, 0);
      await expect(f.court.deliverRuling(id)).to.be.revertedWithCustomError(f.court, "CourtRulingAlreadyDelivered").withArgs(id);
      await expect(f.court.connect(f.brand).refundAppeal(id, 0)).to.emit(f.court, "AppealRefunded").withArgs(id, 0, f.brand.address, USDC(30));
      expect(await f.usdc.balanceOf(f.courtAddress)).to.equal(await owed(f));
    });

    it("splits a three-way tie on a three-option question by its compliant options (2 of 3)", async function () {
      const { dispute, votes, shareBps } = await ruled([
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 1],
        [0, 0, 0, 0, 2],
      ]);
      // Four questions yes (9 of 10 weight) and the last at 2/3: (90,000 + 6,666) / 10.
      expect(shareBps).to.equal(9_666n);
      expect(await f.court.currentRuling(dispute.disputeId)).to.deep.equal([9_667n, false, false]);
      expect((await f.court.getRound(dispute.disputeId, 0)).consensus).to.equal(packConsensus([1, 1, 1, 1, 0b111]));
      const expected = escrowCredits(9_666n, USDC(30));
      expect(await credits(dispute.dealId)).to.deep.equal({ influencer: 985_932_000n, brand: 34_402_000n });
      expect({ influencer: expected.influencer, brand: expected.brand }).to.deep.equal({ influencer: 985_932_000n, brand: 34_402_000n });
      // Every vote is in the tie: all coherent, nobody loses stake, the fees are shared equally.
      const tx = f.court.executeRound(dispute.disputeId, 0, 6);
      for (const v of votes) {
        await expect(tx).to.emit(f.court, "Penalized").withArgs(dispute.disputeId, 0, v.voteId, v.mediator, 10_000, 0);
        await expect(tx).to.emit(f.court, "Rewarded").withArgs(dispute.disputeId, 0, v.voteId, v.mediator, USDC(10), 0);
      }
    });

    it("halves a yes/no question tied 1-1 when the third mediator stays silent, and the silent one loses its lock", async function () {
      const { dispute, votes, shareBps } = await ruled([[0, 0, 0, 0, 0], [1, 0, 0, 0, 0], null]);
      // Q1 tied (3 * 5,000) + Q2..Q5 compliant (7 * 10,000) = 85,000 / 10.
      expect(shareBps).to.equal(8_500n);
      expect((await f.court.getRound(dispute.disputeId, 0)).consensus).to.equal(packConsensus([0b11, 1, 1, 1, 1]));
      expect(await credits(dispute.dealId)).to.deep.equal({
        influencer: USDC(850) - 8_500_000n + 25_500_000n,
        brand: USDC(150) + 4_500_000n,
      });
      const [a, b, silent] = votes as [DrawnVote, DrawnVote, DrawnVote];
      const tx = f.court.executeRound(dispute.disputeId, 0, 6);
      await expect(tx).to.emit(f.court, "Penalized").withArgs(dispute.disputeId, 0, 2, silent.mediator, 0, LOCK);
      await expect(tx).to.emit(f.court, "Rewarded").withArgs(dispute.disputeId, 0, 0, a.mediator, USDC(15), USDC(25));
      await expect(tx).to.emit(f.court, "Rewarded").withArgs(dispute.disputeId, 0, 1, b.mediator, USDC(15), USDC(25));
      for (const v of [a, b]) {
        await expect(tx).to.emit(f.court, "Paid").withArgs(v.mediator, f.usdcAddress, USDC(15));
        await expect(tx).to.emit(f.court, "Paid").withArgs(v.mediator, f.usdcAddress, USDC(25));
      }
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.courtAddress, a.mediator, b.mediator, silent.mediator],
        [-USDC(80), USDC(40), USDC(40), 0n],
      );
      expect((await f.court.getMediator(silent.mediator)).stake).to.equal(USDC(150));
      expect(await balance(silent.mediator)).to.equal(0n);
    });

    it("rules 5,000 when nobody reveals and gives fees and lost stake back to the parties in halves", async function () {
      const { dispute, votes } = await drawnDispute();
      const id = dispute.disputeId;
      await playRound(f, id, unanimous(votes, YES), new Map());
      const d = await f.court.getDispute(id);
      expect([d.period, d.shareBps]).to.deep.equal([Period.Appeal, 5_000n]);
      expect((await f.court.getRound(id, 0)).consensus).to.equal(2n ** 128n - 1n);
      await passAfterDeadline(f, id);
      expect(await credits(dispute.dealId)).to.deep.equal({ influencer: USDC(495) + USDC(15), brand: USDC(500) + USDC(15) });

      const tx = f.court.executeRound(id, 0, 10);
      for (const v of votes) await expect(tx).to.emit(f.court, "Penalized").withArgs(id, 0, v.voteId, v.mediator, 0, LOCK);
      await expect(tx).to.emit(f.court, "Credited").withArgs(f.brand.address, f.usdcAddress, USDC(15));
      await expect(tx).to.emit(f.court, "Credited").withArgs(f.influencer.address, f.usdcAddress, USDC(15));
      await expect(tx).to.emit(f.court, "Credited").withArgs(f.brand.address, f.usdcAddress, USDC(75));
      await expect(tx).to.emit(f.court, "Credited").withArgs(f.influencer.address, f.usdcAddress, USDC(75));
      await expect(tx).to.not.emit(f.court, "Rewarded");
      await expect(tx).to.not.emit(f.court, "Paid");
      expect(await balance(f.brand.address)).to.equal(USDC(90));
      expect(await balance(f.influencer.address)).to.equal(USDC(90));
      for (const v of votes) expect((await f.court.getMediator(v.mediator)).stake).to.equal(USDC(150));
      expect(await f.usdc.balanceOf(f.courtAddress)).to.equal(await owed(f));
    });

    it("returns only the fees to the parties when nobody reveals and alpha is zero (nothing locked, nothing lost)", async function () {
      await f.court.setParams({ ...f.params, alphaBps: 0n });
      const { dispute, votes } = await drawnDispute();
      const id = dispute.disputeId;
      for (const v of votes) expect((await f.court.getMediator(v.mediator)).locked).to.equal(0n);
      await playRound(f, id, new Map());
      await passAfterDeadline(f, id);
      const tx = f.court.executeRound(id, 0, 6);
      for (const v of votes) await expect(tx).to.emit(f.court, "Penalized").withArgs(id, 0, v.voteId, v.mediator, 0, 0);
      await expect(tx).to.emit(f.court, "Credited").withArgs(f.brand.address, f.usdcAddress, USDC(15));
      await expect(tx).to.emit(f.court, "Credited").withArgs(f.influencer.address, f.usdcAddress, USDC(15));
      expect(await balance(f.brand.address)).to.equal(USDC(15));
      for (const v of votes) expect((await f.court.getMediator(v.mediator)).stake).to.equal(USDC(200));
      expect(await f.usdc.balanceOf(f.courtAddress)).to.equal(await owed(f));
    });

    it("executes a round in bounded batches: penalties first, then rewards", async function () {
      const { dispute, votes } = await ruled([YES, YES, NO]);
      const id = dispute.disputeId;
      const [v0, v1, v2] = votes as [DrawnVote, DrawnVote, DrawnVote];
      await expect(f.court.executeRound(id, 0, 2)).to.not.emit(f.court, "Rewarded");
      expect((await f.court.getRound(id, 0)).penalized).to.equal(2n);
      const third = f.court.executeRound(id, 0, 1);
      await expect(third).to.emit(f.court, "Penalized");
      await expect(third).to.not.emit(f.court, "Rewarded");
      await expect(third).to.not.emit(f.court, "Paid");
      // One reward per call unit, sent at once: the first coherent vote gets half the fees and half the lost lock.
      const fourth = f.court.executeRound(id, 0, 1);
      await expect(fourth).to.emit(f.court, "Rewarded").withArgs(id, 0, 0, v0.mediator, USDC(15), USDC(25));
      await expect(fourth).to.changeTokenBalances(ethers, f.usdc, [f.courtAddress, v0.mediator, v1.mediator], [-USDC(40), USDC(40), 0n]);
      expect((await f.court.getRound(id, 0)).rewarded).to.equal(1n);
      const rest = f.court.executeRound(id, 0, 5);
      await expect(rest).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.courtAddress, v0.mediator, v1.mediator, v2.mediator],
        [-USDC(40), 0n, USDC(40), 0n],
      );
      const r = await f.court.getRound(id, 0);
      expect([r.penalized, r.rewarded]).to.deep.equal([3n, 3n]);
      expect(await f.usdc.balanceOf(f.courtAddress)).to.equal(await owed(f));
    });

    it("refuses to execute before the ruling is final, or a round that does not exist", async function () {
      const { dispute, votes } = await drawnDispute();
      const id = dispute.disputeId;
      await playRound(f, id, unanimous(votes, YES));
      await expect(f.court.executeRound(id, 0, 3))
        .to.be.revertedWithCustomError(f.court, "CourtUnexpectedPeriod")
        .withArgs(id, Period.Appeal, Period.Execution);
      await expect(f.court.deliverRuling(id))
        .to.be.revertedWithCustomError(f.court, "CourtUnexpectedPeriod")
        .withArgs(id, Period.Appeal, Period.Execution);
      const deadline = (await f.court.getDispute(id)).deadline;
      const t = await nextBlockAt();
      await expect(f.court.passPeriod(id)).to.be.revertedWithCustomError(f.court, "CourtPeriodNotOver").withArgs(id, deadline, t);
      await passAfterDeadline(f, id);
      await expect(f.court.executeRound(id, 1, 3))
        .to.be.revertedWithCustomError(f.court, "CourtRoundAlreadyExecuted")
        .withArgs(id, 1);
      await expect(f.court.passPeriod(id))
        .to.be.revertedWithCustomError(f.court, "CourtUnexpectedPeriod")
        .withArgs(id, Period.Execution, Period.Appeal);
      await expect(f.court.deliverRuling(id)).to.be.revertedWithCustomError(f.court, "CourtRulingAlreadyDelivered").withArgs(id);
    });
  });

  describe("appeals", function () {
    it("lets only the loser appeal, takes only what is missing and starts a round of 2n + 1 mediators", async function () {
      await seatMediators(f, 5, USDC(400));
      const dispute = await openDispute(f);
      const id = dispute.disputeId;
      await playRound(f, id, unanimous(await fulfilAndDraw(f, id), YES));
      expect(await f.court.appealCost(id)).to.equal(USDC(70));
      await expect(f.court.connect(f.influencer).fundAppeal(id, USDC(70)))
        .to.be.revertedWithCustomError(f.court, "CourtAppealNotAllowed")
        .withArgs(id, f.influencer.address, 10_000);
      await expect(f.court.connect(f.stranger).fundAppeal(id, USDC(70)))
        .to.be.revertedWithCustomError(f.court, "CourtAppealNotAllowed")
        .withArgs(id, f.stranger.address, 10_000);
      await expect(f.court.connect(f.brand).fundAppeal(id, 0)).to.be.revertedWithCustomError(f.court, "CourtZeroAmount").withArgs();

      const part = f.court.connect(f.brand).fundAppeal(id, USDC(30));
      await expect(part).to.emit(f.court, "AppealFunded").withArgs(id, 0, f.brand.address, USDC(30));
      await expect(part).to.changeTokenBalances(ethers, f.usdc, [f.brand, f.court], [-USDC(30), USDC(30)]);
      expect((await f.court.getDispute(id)).round).to.equal(0n);

      const rest = f.court.connect(f.brand).fundAppeal(id, USDC(100));
      await expect(rest).to.emit(f.court, "AppealFunded").withArgs(id, 0, f.brand.address, USDC(40));
      await expect(rest).to.emit(f.court, "AppealDecision").withArgs(id, 1, 7);
      await expect(rest).to.emit(f.court, "NewPeriod").withArgs(id, 1, Period.Drawing, 0);
      await expect(rest).to.emit(f.court, "RandomnessRequested").withArgs(id, 1, 2);
      await expect(rest).to.changeTokenBalances(ethers, f.usdc, [f.brand, f.court], [-USDC(40), USDC(40)]);
      expect(await f.court.appealFunds(id, 0, f.brand.address)).to.equal(USDC(70));
      const d = await f.court.getDispute(id);
      expect([d.round, d.period]).to.deep.equal([1n, Period.Drawing]);
      const r1 = await f.court.getRound(id, 1);
      // The appeal round's pool is chosen when it opens: five mediators for seven seats, the language pool.
      expect([r1.mediators, r1.fees, r1.lockPerVote, r1.randomnessRequestId, r1.poolKey, r1.drawn]).to.deep.equal([
        7n,
        USDC(70),
        LOCK,
        2n,
        poolKey(FR, LANGUAGE_POOL),
        0n,
      ]);
      expect(await f.court.appealCost(id)).to.equal(USDC(150));

      // The appeal jury finds the deliverable non-compliant: the final ruling refunds the brand.
      const votes1 = await fulfilAndDraw(f, id);
      expect(votes1.length).to.equal(7);
      await playRound(f, id, unanimous(votes1, NO));
      expect((await f.court.getDispute(id)).period).to.equal(Period.Appeal);
      await passAfterDeadline(f, id);
      expect(await credits(dispute.dealId)).to.deep.equal({ influencer: 0n, brand: USDC(1_030) });

      // Round 0 voted against the final consensus: it loses its locks, and its fees and losses go to the parties.
      const r0 = f.court.executeRound(id, 0, 10);
      await expect(r0).to.emit(f.court, "Credited").withArgs(f.brand.address, f.usdcAddress, USDC(15));
      await expect(r0).to.emit(f.court, "Credited").withArgs(f.brand.address, f.usdcAddress, USDC(75));
      await expect(r0).to.not.emit(f.court, "Rewarded");
      // Round 1 was coherent: 10 USDC per seat, sent to each mediator.
      const r1x = f.court.executeRound(id, 1, 20);
      for (const v of votes1) {
        await expect(r1x).to.emit(f.court, "Rewarded").withArgs(id, 1, v.voteId, v.mediator, USDC(10), 0);
        await expect(r1x).to.emit(f.court, "Paid").withArgs(v.mediator, f.usdcAddress, USDC(10));
      }
      const seats1 = groupByMediator(votes1);
      await expect(r1x).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.courtAddress, ...seats1.keys()],
        [-USDC(70), ...[...seats1.values()].map((ids) => USDC(10) * BigInt(ids.length))],
      );
      for (const m of f.mediators.slice(0, 5)) expect((await f.court.getMediator(m.address)).locked).to.equal(0n);
      expect(await f.usdc.balanceOf(f.courtAddress)).to.equal(await owed(f));
    });

    it("lets both parties fund the appeal of a split ruling", async function () {
      const { dispute, votes } = await drawnDispute();
      const id = dispute.disputeId;
      await playRound(f, id, ballotsByVote(votes, [[0, 0, 0, 0, 0], [0, 1, 0, 1, 2], [1, 1, 0, 0, 0]]));
      expect((await f.court.getDispute(id)).shareBps).to.equal(7_000n);
      await expect(f.court.connect(f.brand).fundAppeal(id, USDC(50))).to.emit(f.court, "AppealFunded").withArgs(id, 0, f.brand.address, USDC(50));
      const tx = f.court.connect(f.influencer).fundAppeal(id, USDC(70));
      await expect(tx).to.emit(f.court, "AppealFunded").withArgs(id, 0, f.influencer.address, USDC(20));
      await expect(tx).to.emit(f.court, "AppealDecision").withArgs(id, 1, 7);
      expect(await f.court.appealFunds(id, 0, f.influencer.address)).to.equal(USDC(20));
    });

    it("credits back a partial appeal funding once the appeal did not happen", async function () {
      const { dispute, votes } = await drawnDispute();
      const id = dispute.disputeId;
      await playRound(f, id, unanimous(votes, YES));
      await f.court.connect(f.brand).fundAppeal(id, USDC(30));
      await expect(f.court.connect(f.brand).refundAppeal(id, 0))
        .to.be.revertedWithCustomError(f.court, "CourtNothingToRefund")
        .withArgs(id, 0, f.brand.address);
      const deadline = (await f.court.getDispute(id)).deadline;
      await nextBlockAt(deadline + 1n);
      await expect(f.court.connect(f.brand).fundAppeal(id, USDC(40)))
        .to.be.revertedWithCustomError(f.court, "CourtPeriodOver")
        .withArgs(id, deadline, deadline + 1n);
      await f.court.passPeriod(id);
      expect(await credits(dispute.dealId)).to.deep.equal({ influencer: USDC(1_020), brand: 0n });

      await expect(f.court.connect(f.influencer).refundAppeal(id, 0))
        .to.be.revertedWithCustomError(f.court, "CourtNothingToRefund")
        .withArgs(id, 0, f.influencer.address);
      await expect(f.court.connect(f.brand).refundAppeal(id, 1))
        .to.be.revertedWithCustomError(f.court, "CourtNothingToRefund")
        .withArgs(id, 1, f.brand.address);
      const tx = f.court.connect(f.brand).refundAppeal(id, 0);
      await expect(tx).to.emit(f.court, "AppealRefunded").withArgs(id, 0, f.brand.address, USDC(30));
      await expect(tx).to.emit(f.court, "Credited").withArgs(f.brand.address, f.usdcAddress, USDC(30));
      expect(await f.court.appealFunds(id, 0, f.brand.address)).to.equal(0n);
      await expect(f.court.connect(f.brand).refundAppeal(id, 0))
        .to.be.revertedWithCustomError(f.court, "CourtNothingToRefund")
        .withArgs(id, 0, f.brand.address);
      await expect(f.court.connect(f.brand).claim(f.usdcAddress, f.brand.address)).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.court, f.brand],
        [-USDC(30), USDC(30)],
      );
      await f.court.executeRound(id, 0, 6);
      expect(await f.usdc.balanceOf(f.courtAddress)).to.equal(await owed(f));
    });

    it("keeps the previous ruling and refunds the appeal when the appeal round finds an empty pool", async function () {
      const { dispute, votes } = await drawnDispute();
      const id = dispute.disputeId;
      await playRound(f, id, unanimous(votes, YES));
      // Every mediator leaves the pool (exits made immediate by governance).
      await f.court.setExitDelay(0);
      for (const m of f.mediators.slice(0, 5)) {
        await f.court.connect(m).requestExit();
        await f.court.connect(m).leavePool(FR, Topic.Beauty);
      }
      await f.court.connect(f.brand).fundAppeal(id, USDC(70));
      await fulfil(f, await currentRequest(f, id));
      const tx = f.court.draw(id, 7);
      await expect(tx).to.emit(f.court, "EmptyPool").withArgs(id, 1, poolKey(FR, Topic.Beauty));
      await expect(tx).to.emit(f.court, "AppealRefunded").withArgs(id, 0, f.brand.address, USDC(70));
      await expect(tx).to.emit(f.court, "Ruling").withArgs(f.escrowAddress, id, 10_001);
      expect((await f.court.getRound(id, 1)).consensus).to.equal((await f.court.getRound(id, 0)).consensus);
      expect(await balance(f.brand.address)).to.equal(USDC(70));
      expect(await credits(dispute.dealId)).to.deep.equal({ influencer: USDC(1_020), brand: 0n });
      await expect(f.court.connect(f.brand).refundAppeal(id, 0))
        .to.be.revertedWithCustomError(f.court, "CourtNothingToRefund")
        .withArgs(id, 0, f.brand.address);
      // Round 0 was coherent with the standing ruling.
      const exec = f.court.executeRound(id, 0, 6);
      for (const v of votes) {
        await expect(exec).to.emit(f.court, "Rewarded").withArgs(id, 0, v.voteId, v.mediator, USDC(10), 0);
        await expect(exec).to.emit(f.court, "Paid").withArgs(v.mediator, f.usdcAddress, USDC(10));
      }
      await expect(exec).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.courtAddress, ...votes.map((v) => v.mediator)],
        [-USDC(30), USDC(10), USDC(10), USDC(10)],
      );
      expect(await f.usdc.balanceOf(f.courtAddress)).to.equal(await owed(f));
    });

    it("makes the last round final: no appeal period, the ruling is delivered at once", async function () {
      f = await loadCourt({ maxRounds: 2n });
      await seatMediators(f, 5, USDC(400));
      const dispute = await openDispute(f);
      const id = dispute.disputeId;
      await playRound(f, id, unanimous(await fulfilAndDraw(f, id), YES));
      await f.court.connect(f.brand).fundAppeal(id, USDC(70));
      const votes1 = await fulfilAndDraw(f, id);
      expect((await f.court.getDispute(id)).period).to.equal(Period.Commit);
      // The last seat's commit opens the reveal period.
      const lastCommit = (await commitAll(f, id, unanimous(votes1, NO)))!;
      const committedAt = BigInt((await lastCommit.getBlock())!.timestamp);
      await expect(lastCommit).to.emit(f.court, "NewPeriod").withArgs(id, 1, Period.Reveal, committedAt + f.params.revealPeriod);
      // The last seat's reveal rules the last round: final at once, delivered to the escrow.
      const tx = (await revealAll(f, id, unanimous(votes1, NO)))!;
      await expect(tx).to.emit(f.court, "RoundRuled").withArgs(id, 1, 0, packConsensus([2, 2, 2, 2, 4]));
      await expect(tx).to.emit(f.court, "NewPeriod").withArgs(id, 1, Period.Execution, 0);
      await expect(tx).to.emit(f.court, "Ruling").withArgs(f.escrowAddress, id, 1);
      await expect(tx).to.emit(f.escrow, "Ruling").withArgs(f.courtAddress, id, 1);
      await expect(tx).to.not.emit(f.court, "RulingDeliveryFailed");
      const d = await f.court.getDispute(id);
      expect([d.period, d.deadline, d.rulingDelivered]).to.deep.equal([Period.Execution, 0n, true]);
      await expect(f.court.connect(f.influencer).fundAppeal(id, USDC(150)))
        .to.be.revertedWithCustomError(f.court, "CourtUnexpectedPeriod")
        .withArgs(id, Period.Execution, Period.Appeal);
      expect(await credits(dispute.dealId)).to.deep.equal({ influencer: 0n, brand: USDC(1_030) });
    });
  });

  /* ---------------------------------------------------------------------- */

  function contextFor(
    overrides: Partial<{ language: string; topic: number; brand: string; influencer: string; criteria: readonly Question[] }> = {},
  ): string {
    return encodeContext({
      dealId: keccakText("deal"),
      milestone: 0,
      brand: overrides.brand ?? f.brand.address,
      influencer: overrides.influencer ?? f.influencer.address,
      language: overrides.language ?? FR,
      topic: overrides.topic ?? Topic.Beauty,
      briefHash: keccakText("brief"),
      criteria: overrides.criteria ?? DEFAULT_CRITERIA,
    });
  }

  async function fundStranger(): Promise<void> {
    await f.usdc.mint(f.stranger.address, USDC(1_000));
    await f.usdc.connect(f.stranger).approve(f.courtAddress, ethers.MaxUint256);
  }
});
