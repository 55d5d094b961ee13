import { expect } from "chai";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { Topic } from "../scripts/lib/terms.js";
import {
  DAY,
  DEFAULT_PARAMS,
  EN,
  FR,
  LANGUAGE_POOL,
  USDC,
  courtFactory,
  poolErrors,
  drawAll,
  ethers,
  fulfil,
  loadCourt,
  nextBlockAt,
  openDispute,
  poolKey,
  seatMediators,
  stakeAndJoin,
  votesOf,
  type CourtFixture,
  type CourtParams,
} from "./helpers/courtFixture.js";

describe("MediatorCourt: staking, pools and governance", function () {
  let f: CourtFixture;
  let m0: HardhatEthersSigner;
  let m1: HardhatEthersSigner;

  beforeEach(async function () {
    f = await loadCourt();
    [m0, m1] = f.mediators as [HardhatEthersSigner, HardhatEthersSigner];
  });

  /** Requests an exit and travels to the moment it is allowed; returns that moment. */
  async function exitNow(m: HardhatEthersSigner): Promise<bigint> {
    await f.court.connect(m).requestExit();
    const allowedAt = (await f.court.getMediator(m.address)).exitAllowedAt;
    await nextBlockAt(allowedAt);
    return allowedAt;
  }

  describe("stake", function () {
    it("adds the amount to the stake and pulls the tokens", async function () {
      const tx = f.court.connect(m0).stake(USDC(150));
      await expect(tx).to.emit(f.court, "Staked").withArgs(m0.address, USDC(150), USDC(150));
      await expect(tx).to.changeTokenBalances(ethers, f.usdc, [m0, f.court], [-USDC(150), USDC(150)]);
      await expect(f.court.connect(m0).stake(USDC(50))).to.emit(f.court, "Staked").withArgs(m0.address, USDC(50), USDC(200));
      const m = await f.court.getMediator(m0.address);
      expect([m.stake, m.locked, m.exitAllowedAt, m.poolCount]).to.deep.equal([USDC(200), 0n, 0n, 0n]);
    });

    it("refuses a zero amount", async function () {
      await expect(f.court.connect(m0).stake(0)).to.be.revertedWithCustomError(f.court, "CourtZeroAmount").withArgs();
    });

    it("refuses a stake above uint96", async function () {
      const max = 2n ** 96n - 1n;
      await expect(f.court.connect(m0).stake(max + 1n))
        .to.be.revertedWithCustomError(f.court, "CourtAmountTooLarge")
        .withArgs(max + 1n, max);
    });

    it("counts the stake in whole units in the topic pool and once in the language pool", async function () {
      await f.court.connect(m0).stake(USDC(150) + 500_000n);
      await f.court.connect(m0).joinPool(FR, Topic.Beauty);
      await f.court.connect(m0).joinPool(FR, Topic.Fashion);
      await f.court.connect(m0).joinPool(EN, Topic.Tech);
      await stakeAndJoin(f, m1, USDC(300), "fr", Topic.Beauty);
      expect(await f.court.poolTotal(FR, Topic.Beauty)).to.deep.equal([450n, 2n]);
      expect(await f.court.poolTotal(FR, Topic.Fashion)).to.deep.equal([150n, 1n]);
      expect(await f.court.poolTotal(FR, LANGUAGE_POOL)).to.deep.equal([450n, 2n]);
      expect(await f.court.poolTotal(EN, Topic.Tech)).to.deep.equal([150n, 1n]);
      expect(await f.court.poolTotal(EN, LANGUAGE_POOL)).to.deep.equal([150n, 1n]);
      expect(await f.court.poolsOf(m0.address)).to.deep.equal([
        poolKey(FR, Topic.Beauty),
        poolKey(FR, Topic.Fashion),
        poolKey(EN, Topic.Tech),
      ]);

      // Staking more updates every pool the mediator sits in.
      await f.court.connect(m0).stake(USDC(50));
      expect(await f.court.poolTotal(FR, Topic.Beauty)).to.deep.equal([500n, 2n]);
      expect(await f.court.poolTotal(FR, Topic.Fashion)).to.deep.equal([200n, 1n]);
      expect(await f.court.poolTotal(FR, LANGUAGE_POOL)).to.deep.equal([500n, 2n]);
      expect(await f.court.poolTotal(EN, LANGUAGE_POOL)).to.deep.equal([200n, 1n]);
    });
  });

  describe("joinPool", function () {
    it("joins a pool and emits PoolJoined", async function () {
      await f.court.connect(m0).stake(USDC(100));
      await expect(f.court.connect(m0).joinPool(FR, Topic.Beauty))
        .to.emit(f.court, "PoolJoined")
        .withArgs(m0.address, FR, Topic.Beauty);
      expect((await f.court.getMediator(m0.address)).poolCount).to.equal(1n);
      expect(await f.court.poolTotal(FR, Topic.Beauty)).to.deep.equal([100n, 1n]);
    });

    it("refuses a stake below the minimum stake", async function () {
      await f.court.connect(m0).stake(USDC(100) - 1n);
      await expect(f.court.connect(m0).joinPool(FR, Topic.Beauty))
        .to.be.revertedWithCustomError(f.court, "CourtStakeTooLow")
        .withArgs(USDC(100) - 1n, USDC(100));
    });

    it("refuses an upper-case language, a non-letter language and the language-only topic", async function () {
      await f.court.connect(m0).stake(USDC(100));
      const upper = "0x4652"; // "FR"
      await expect(f.court.connect(m0).joinPool(upper, Topic.Beauty))
        .to.be.revertedWithCustomError(f.court, "CourtInvalidPool")
        .withArgs(upper, Topic.Beauty);
      const digits = "0x6631"; // "f1"
      await expect(f.court.connect(m0).joinPool(digits, Topic.Beauty))
        .to.be.revertedWithCustomError(f.court, "CourtInvalidPool")
        .withArgs(digits, Topic.Beauty);
      const empty = "0x0000";
      await expect(f.court.connect(m0).joinPool(empty, Topic.Beauty))
        .to.be.revertedWithCustomError(f.court, "CourtInvalidPool")
        .withArgs(empty, Topic.Beauty);
      await expect(f.court.connect(m0).joinPool(FR, LANGUAGE_POOL))
        .to.be.revertedWithCustomError(f.court, "CourtInvalidPool")
        .withArgs(FR, LANGUAGE_POOL);
    });

    it("allows at most four pools", async function () {
      await f.court.connect(m0).stake(USDC(100));
      for (const topic of [Topic.Beauty, Topic.Fashion, Topic.Gaming, Topic.Tech]) await f.court.connect(m0).joinPool(FR, topic);
      const errors = await poolErrors(f);
      await expect(f.court.connect(m0).joinPool(EN, Topic.Food))
        .to.be.revertedWithCustomError(errors, "PoolLogicTooManyPools")
        .withArgs(4);
      expect(await f.court.MAX_POOLS()).to.equal(4n);
    });

    it("refuses a pool the mediator already sits in", async function () {
      await stakeAndJoin(f, m0, USDC(100));
      const errors = await poolErrors(f);
      await expect(f.court.connect(m0).joinPool(FR, Topic.Beauty))
        .to.be.revertedWithCustomError(errors, "PoolLogicAlreadyInPool")
        .withArgs(poolKey(FR, Topic.Beauty));
    });
  });

  describe("exit: requestExit, leavePool, withdraw", function () {
    it("records when the exit is allowed", async function () {
      const t = await nextBlockAt();
      await expect(f.court.connect(m0).requestExit())
        .to.emit(f.court, "ExitRequested")
        .withArgs(m0.address, t + f.exitDelay);
      expect((await f.court.getMediator(m0.address)).exitAllowedAt).to.equal(t + f.exitDelay);
    });

    it("refuses to leave a pool or withdraw without an exit request", async function () {
      await stakeAndJoin(f, m0, USDC(200));
      let t = await nextBlockAt();
      await expect(f.court.connect(m0).leavePool(FR, Topic.Beauty))
        .to.be.revertedWithCustomError(f.court, "CourtExitNotAllowed")
        .withArgs(0, t);
      t = await nextBlockAt();
      await expect(f.court.connect(m0).withdraw(USDC(1), m0.address))
        .to.be.revertedWithCustomError(f.court, "CourtExitNotAllowed")
        .withArgs(0, t);
    });

    it("refuses to leave or withdraw before the exit delay ends", async function () {
      await stakeAndJoin(f, m0, USDC(200));
      await f.court.connect(m0).requestExit();
      const allowedAt = (await f.court.getMediator(m0.address)).exitAllowedAt;
      await nextBlockAt(allowedAt - 2n);
      await expect(f.court.connect(m0).leavePool(FR, Topic.Beauty))
        .to.be.revertedWithCustomError(f.court, "CourtExitNotAllowed")
        .withArgs(allowedAt, allowedAt - 2n);
      await nextBlockAt(allowedAt - 1n);
      await expect(f.court.connect(m0).withdraw(USDC(1), m0.address))
        .to.be.revertedWithCustomError(f.court, "CourtExitNotAllowed")
        .withArgs(allowedAt, allowedAt - 1n);
    });

    it("leaves the language pool only with the last pool of that language", async function () {
      await stakeAndJoin(f, m0, USDC(200), "fr", Topic.Beauty);
      await f.court.connect(m0).joinPool(FR, Topic.Fashion);
      await exitNow(m0);
      await expect(f.court.connect(m0).leavePool(FR, Topic.Beauty))
        .to.emit(f.court, "PoolLeft")
        .withArgs(m0.address, FR, Topic.Beauty);
      expect(await f.court.poolTotal(FR, Topic.Beauty)).to.deep.equal([0n, 0n]);
      expect(await f.court.poolTotal(FR, Topic.Fashion)).to.deep.equal([200n, 1n]);
      expect(await f.court.poolTotal(FR, LANGUAGE_POOL)).to.deep.equal([200n, 1n]);
      expect((await f.court.getMediator(m0.address)).poolCount).to.equal(1n);
      // The exit request is used up by one exit.
      expect((await f.court.getMediator(m0.address)).exitAllowedAt).to.equal(0n);

      await exitNow(m0);
      await f.court.connect(m0).leavePool(FR, Topic.Fashion);
      expect(await f.court.poolTotal(FR, LANGUAGE_POOL)).to.deep.equal([0n, 0n]);
      expect(await f.court.poolsOf(m0.address)).to.deep.equal([]);
      expect((await f.court.getMediator(m0.address)).poolCount).to.equal(0n);
    });

    it("uses an exit request once", async function () {
      await stakeAndJoin(f, m0, USDC(200));
      await f.court.connect(m0).joinPool(FR, Topic.Fashion);
      await exitNow(m0);
      await f.court.connect(m0).leavePool(FR, Topic.Beauty);
      const t = await nextBlockAt();
      await expect(f.court.connect(m0).withdraw(USDC(1), m0.address))
        .to.be.revertedWithCustomError(f.court, "CourtExitNotAllowed")
        .withArgs(0, t);
    });

    it("refuses to leave a pool the mediator does not sit in", async function () {
      await stakeAndJoin(f, m0, USDC(200));
      await exitNow(m0);
      const errors = await poolErrors(f);
      await expect(f.court.connect(m0).leavePool(EN, Topic.Beauty))
        .to.be.revertedWithCustomError(errors, "PoolLogicNotInPool")
        .withArgs(poolKey(EN, Topic.Beauty));
    });

    it("withdraws free stake to any address and lowers the weight in every pool", async function () {
      await stakeAndJoin(f, m0, USDC(300));
      await f.court.connect(m0).joinPool(EN, Topic.Tech);
      await exitNow(m0);
      const tx = f.court.connect(m0).withdraw(USDC(120), f.stranger.address);
      await expect(tx).to.emit(f.court, "Withdrawn").withArgs(m0.address, f.stranger.address, USDC(120), USDC(180));
      await expect(tx).to.changeTokenBalances(ethers, f.usdc, [f.court, m0, f.stranger], [-USDC(120), 0n, USDC(120)]);
      expect(await f.court.poolTotal(FR, Topic.Beauty)).to.deep.equal([180n, 1n]);
      expect(await f.court.poolTotal(FR, LANGUAGE_POOL)).to.deep.equal([180n, 1n]);
      expect(await f.court.poolTotal(EN, Topic.Tech)).to.deep.equal([180n, 1n]);
      expect(await f.court.poolTotal(EN, LANGUAGE_POOL)).to.deep.equal([180n, 1n]);
    });

    it("takes a mediator below the minimum stake out of the draw, and back in when it stakes again", async function () {
      await stakeAndJoin(f, m0, USDC(150));
      await exitNow(m0);
      await f.court.connect(m0).withdraw(USDC(60), m0.address);
      expect(await f.court.poolTotal(FR, Topic.Beauty)).to.deep.equal([0n, 0n]);
      expect(await f.court.poolTotal(FR, LANGUAGE_POOL)).to.deep.equal([0n, 0n]);
      expect(await f.court.poolsOf(m0.address)).to.deep.equal([poolKey(FR, Topic.Beauty)]);
      await f.court.connect(m0).stake(USDC(10));
      expect(await f.court.poolTotal(FR, Topic.Beauty)).to.deep.equal([100n, 1n]);
    });

    it("refuses a zero amount, the zero address, the court itself and more than the stake", async function () {
      await stakeAndJoin(f, m0, USDC(200));
      await expect(f.court.connect(m0).withdraw(0, m0.address)).to.be.revertedWithCustomError(f.court, "CourtZeroAmount").withArgs();
      await expect(f.court.connect(m0).withdraw(USDC(1), ethers.ZeroAddress))
        .to.be.revertedWithCustomError(f.court, "CourtInvalidAddress")
        .withArgs(ethers.ZeroAddress);
      await expect(f.court.connect(m0).withdraw(USDC(1), f.courtAddress))
        .to.be.revertedWithCustomError(f.court, "CourtInvalidAddress")
        .withArgs(f.courtAddress);
      await exitNow(m0);
      await expect(f.court.connect(m0).withdraw(USDC(200) + 1n, m0.address))
        .to.be.revertedWithCustomError(f.court, "CourtInsufficientFreeStake")
        .withArgs(USDC(200) + 1n, USDC(200));
    });

    it("never lets a mediator withdraw the stake locked by a running dispute", async function () {
      await seatMediators(f, 3, USDC(200));
      const { disputeId, requestId } = await openDispute(f);
      await fulfil(f, requestId);
      await drawAll(f, disputeId);
      const drawn = (await votesOf(f, disputeId, 0n))[0]!.mediator;
      const signer = await ethers.getSigner(drawn);
      const lockPerVote = (DEFAULT_PARAMS.minStake * DEFAULT_PARAMS.alphaBps) / 10_000n;
      const seats = BigInt((await votesOf(f, disputeId, 0n)).filter((v) => v.mediator === drawn).length);
      const m = await f.court.getMediator(drawn);
      expect(m.locked).to.equal(lockPerVote * seats);

      await exitNow(signer);
      const free = USDC(200) - lockPerVote * seats;
      await expect(f.court.connect(signer).withdraw(USDC(200), drawn))
        .to.be.revertedWithCustomError(f.court, "CourtInsufficientFreeStake")
        .withArgs(USDC(200), free);
      await expect(f.court.connect(signer).withdraw(free, drawn))
        .to.emit(f.court, "Withdrawn")
        .withArgs(drawn, drawn, free, lockPerVote * seats);
    });
  });

  describe("governance", function () {
    const valid = (): CourtParams => ({ ...DEFAULT_PARAMS });

    it("sets the parameters of future disputes and emits ParamsSet", async function () {
      const next = { ...valid(), feePerMediator: USDC(12), minStake: USDC(250), maxRounds: 2n };
      await expect(f.court.setParams(next))
        .to.emit(f.court, "ParamsSet")
        .withArgs(Object.values(next));
      expect(await f.court.params()).to.deep.equal(Object.values(next));
      expect(await f.court["arbitrationCost(bytes,address)"]("0x", f.usdcAddress)).to.equal(USDC(36));
    });

    it("refuses parameters that break rules 1 to 6", async function () {
      const cases: [number, Partial<CourtParams>][] = [
        [1, { feePerMediator: 0n }],
        [2, { minStake: 10n ** 6n - 1n }],
        [3, { alphaBps: 10_001n }],
        [4, { firstRoundMediators: 0n }],
        [4, { firstRoundMediators: 2n }],
        [5, { maxRounds: 0n }],
        [5, { firstRoundMediators: 3n, maxRounds: 7n }], // 3, 7, 15, 31, 63, 127, 255 seats: above MAX_SEATS
        [5, { firstRoundMediators: 129n, maxRounds: 1n }],
        [6, { commitPeriod: 0n }],
        [6, { revealPeriod: 0n }],
        [6, { appealPeriod: 0n }],
        [6, { randomnessTimeout: 0n }],
      ];
      for (const [rule, change] of cases) {
        const p = { ...valid(), ...change };
        await expect(f.court.setParams(p)).to.be.revertedWithCustomError(f.court, "CourtInvalidParams").withArgs(rule);
      }
      // Boundaries that are allowed: 127 seats in the last round, alpha of 100 %, a minimum stake of one unit,
      // one mediator in one round.
      expect(await f.court.MAX_SEATS()).to.equal(127n);
      await expect(f.court.setParams({ ...valid(), maxRounds: 6n })).to.emit(f.court, "ParamsSet");
      await expect(f.court.setParams({ ...valid(), alphaBps: 10_000n, minStake: 10n ** 6n, firstRoundMediators: 1n, maxRounds: 1n }))
        .to.emit(f.court, "ParamsSet");
    });

    it("sets the exit delay up to 60 days and refuses more (rule 7)", async function () {
      await expect(f.court.setExitDelay(60n * DAY)).to.emit(f.court, "ExitDelaySet").withArgs(60n * DAY);
      expect(await f.court.exitDelay()).to.equal(60n * DAY);
      await expect(f.court.setExitDelay(60n * DAY + 1n))
        .to.be.revertedWithCustomError(f.court, "CourtInvalidParams")
        .withArgs(7);
      await expect(f.court.setExitDelay(0)).to.emit(f.court, "ExitDelaySet").withArgs(0);
    });

    it("lets only the owner govern", async function () {
      await expect(f.court.connect(f.stranger).setParams(valid()))
        .to.be.revertedWithCustomError(f.court, "OwnableUnauthorizedAccount")
        .withArgs(f.stranger.address);
      await expect(f.court.connect(f.stranger).setExitDelay(DAY))
        .to.be.revertedWithCustomError(f.court, "OwnableUnauthorizedAccount")
        .withArgs(f.stranger.address);
    });

    it("applies a new exit delay to later exit requests", async function () {
      await f.court.setExitDelay(DAY);
      const t = await nextBlockAt();
      await expect(f.court.connect(m0).requestExit()).to.emit(f.court, "ExitRequested").withArgs(m0.address, t + DAY);
    });

    it("applies a new minimum stake to later pool joins", async function () {
      await f.court.setParams({ ...valid(), minStake: USDC(250) });
      await f.court.connect(m0).stake(USDC(200));
      await expect(f.court.connect(m0).joinPool(FR, Topic.Beauty))
        .to.be.revertedWithCustomError(f.court, "CourtStakeTooLow")
        .withArgs(USDC(200), USDC(250));
    });

    it("refuses a stake token that delivers less than the amount staked", async function () {
      const fot = await ethers.deployContract("FeeOnTransferToken");
      const factory = await courtFactory();
      const court = await factory.deploy(
        await fot.getAddress(),
        f.usdcAddress,
        10n ** 6n,
        f.randomnessAddress,
        f.owner.address,
        valid(),
        7n * DAY,
      );
      expect(await court.stakeToken()).to.equal(await fot.getAddress());
      expect(await court.feeToken()).to.equal(f.usdcAddress);
      await fot.mint(m0.address, USDC(100));
      await fot.connect(m0).approve(await court.getAddress(), USDC(100));
      await expect(court.connect(m0).stake(USDC(100)))
        .to.be.revertedWithCustomError(court, "CourtFeeTooLow")
        .withArgs(USDC(99), USDC(100));
    });

    it("refuses a zero stake unit (rule 0) and zero addresses at deployment", async function () {
      const factory = await courtFactory();
      const args = (stakeToken: string, feeToken: string, unit: bigint, randomness: string) =>
        [stakeToken, feeToken, unit, randomness, f.owner.address, valid(), 7n * DAY] as const;
      const u = f.usdcAddress;
      const r = f.randomnessAddress;
      const z = ethers.ZeroAddress;
      await expect(factory.deploy(...args(u, u, 0n, r))).to.be.revertedWithCustomError(f.court, "CourtInvalidParams").withArgs(0);
      await expect(factory.deploy(...args(z, u, 1n, r))).to.be.revertedWithCustomError(f.court, "CourtInvalidAddress").withArgs(z);
      await expect(factory.deploy(...args(u, z, 1n, r))).to.be.revertedWithCustomError(f.court, "CourtInvalidAddress").withArgs(z);
      await expect(factory.deploy(...args(u, u, 1n, z))).to.be.revertedWithCustomError(f.court, "CourtInvalidAddress").withArgs(z);
      await expect(factory.deploy(u, u, 1n, r, f.owner.address, valid(), 60n * DAY + 1n))
        .to.be.revertedWithCustomError(f.court, "CourtInvalidParams")
        .withArgs(7);
    });

    it("keeps a running dispute on the parameters in force when it was created", async function () {
      await seatMediators(f, 5, USDC(300));
      const first = await openDispute(f);
      const changed: CourtParams = {
        feePerMediator: USDC(20),
        minStake: USDC(300),
        alphaBps: 1_000n,
        firstRoundMediators: 5n,
        maxRounds: 2n,
        commitPeriod: DAY,
        revealPeriod: DAY,
        appealPeriod: DAY,
        randomnessTimeout: 600n,
      };
      await f.court.setParams(changed);
      expect(await f.court.getDisputeParams(first.disputeId)).to.deep.equal(Object.values(DEFAULT_PARAMS));
      expect((await f.court.getDispute(first.disputeId)).paramsVersion).to.equal(0n);
      const round = await f.court.getRound(first.disputeId, 0);
      expect([round.mediators, round.fees, round.lockPerVote]).to.deep.equal([3n, USDC(30), USDC(50)]);

      // The running dispute's periods still follow the old parameters: the last draw opens its commit period.
      await fulfil(f, first.requestId);
      const t = await nextBlockAt();
      await expect(f.court.draw(first.disputeId, 3))
        .to.emit(f.court, "NewPeriod")
        .withArgs(first.disputeId, 0, 2, t + DEFAULT_PARAMS.commitPeriod);
      expect((await f.court.getRound(first.disputeId, 0)).drawn).to.equal(3n);

      // A new dispute takes the new ones.
      const second = await openDispute(f);
      expect(second.cost).to.equal(USDC(100));
      expect(await f.court.getDisputeParams(second.disputeId)).to.deep.equal(Object.values(changed));
      expect((await f.court.getDispute(second.disputeId)).paramsVersion).to.equal(1n);
      const r2 = await f.court.getRound(second.disputeId, 0);
      expect([r2.mediators, r2.fees, r2.lockPerVote]).to.deep.equal([5n, USDC(100), USDC(30)]);
    });

    it("refuses the parameters of an unknown dispute", async function () {
      await expect(f.court.getDisputeParams(7)).to.be.revertedWithCustomError(f.court, "CourtUnknownDispute").withArgs(7);
      await expect(f.court.getDispute(0)).to.be.revertedWithCustomError(f.court, "CourtUnknownDispute").withArgs(0);
    });
  });
});
