import { expect } from "chai";
import { network } from "hardhat";
import { AbiCoder, keccak256, hexlify, randomBytes } from "ethers";
import { escrowLibraries } from "../scripts/lib/escrowLibraries.js";
import { buildTerms, DEFAULT_CRITERIA, languageCode, MilestoneStatus, Topic } from "../scripts/lib/terms.js";

const { ethers, networkHelpers } = await network.create();
const USDC = (n: number): bigint => BigInt(n) * 10n ** 6n;

describe("court smoke", () => {
  it("settles a dispute end to end", async () => {
    const [owner, brand, influencer, ...mediators] = await ethers.getSigners();
    const usdc = await ethers.deployContract("MockUSDC", [owner!.address]);
    const vrf = await ethers.deployContract("VRFCoordinatorV2_5Mock", [10n ** 17n, 10n ** 9n, 4n * 10n ** 15n]);
    const subTx = await (await vrf.createSubscription()).wait();
    const subId = vrf.interface.parseLog(subTx!.logs[0]!)!.args[0] as bigint;
    await vrf.fundSubscription(subId, 100n * 10n ** 18n);
    const keyHash = "0x" + "11".repeat(32);
    const rng = await ethers.deployContract("ChainlinkRandomness", [await vrf.getAddress(), keyHash, subId, 3, 200_000, false]);
    await vrf.addConsumer(subId, await rng.getAddress());
    const logic = await ethers.deployContract("CourtLogic");
    const poolLogic = await ethers.deployContract("PoolLogic");
    const params = {
      feePerMediator: USDC(10), minStake: USDC(100), alphaBps: 5000, firstRoundMediators: 3, maxRounds: 3,
      commitPeriod: 86400, revealPeriod: 86400, appealPeriod: 86400, randomnessTimeout: 3600,
    };
    const Court = await ethers.getContractFactory("MediatorCourt", { libraries: { CourtLogic: await logic.getAddress(), PoolLogic: await poolLogic.getAddress() } });
    const court = await Court.deploy(await usdc.getAddress(), await usdc.getAddress(), 10n ** 6n, await rng.getAddress(), owner!.address, params, 7 * 86400);
    await rng.setConsumer(await court.getAddress());
    const escrow = await ethers.deployContract("DealEscrow", [await court.getAddress(), owner!.address, owner!.address, 100], { libraries: await escrowLibraries(ethers) });
    await escrow.setTokenAllowed(await usdc.getAddress(), true);

    const fr = languageCode("fr");
    for (const m of mediators.slice(0, 5)) {
      await usdc.mint(m.address, USDC(1000));
      await usdc.connect(m).approve(await court.getAddress(), ethers.MaxUint256);
      await court.connect(m).stake(USDC(500));
      await court.connect(m).joinPool(fr, Topic.Beauty);
    }
    for (const a of [brand!, influencer!]) {
      await usdc.mint(a.address, USDC(10_000));
      await usdc.connect(a).approve(await escrow.getAddress(), ethers.MaxUint256);
    }
    const terms = buildTerms({ brand: brand!.address, influencer: influencer!.address, token: await usdc.getAddress(), now: BigInt(await networkHelpers.time.latest()) });
    await escrow.connect(brand!).createDeal(terms, [...DEFAULT_CRITERIA]);
    await escrow.connect(influencer!).acceptDeal(terms);
    await escrow.connect(influencer!).submitDeliverable(terms, 0, "0x" + "ab".repeat(32), "ipfs://x");
    await escrow.connect(brand!).payArbitrationFee(terms, [...DEFAULT_CRITERIA], 0);
    await escrow.connect(influencer!).payArbitrationFee(terms, [...DEFAULT_CRITERIA], 0);
    const id = await escrow.dealId(terms);
    expect((await escrow.getMilestone(id, 0)).status).to.equal(MilestoneStatus.InArbitration);

    await vrf.fulfillRandomWords(1n, await rng.getAddress());
    // The draw of the last seat opens the commit period.
    await expect(court.draw(0, 3)).to.emit(court, "NewPeriod");
    const round = await court.getRound(0, 0);
    expect(round.drawn).to.equal(3n);
    expect((await court.getDispute(0)).period).to.equal(2n); // Commit
    const votes: { mediator: string; voteId: bigint }[] = [];
    for (let i = 0n; i < 3n; i++) votes.push({ mediator: (await court.getVote(0, 0, i)).mediator, voteId: i });
    const byMediator = new Map<string, bigint[]>();
    for (const v of votes) byMediator.set(v.mediator, [...(byMediator.get(v.mediator) ?? []), v.voteId]);
    const answers = [0, 0, 0, 0, 0];
    const salts = new Map<string, string>();
    for (const [m, ids] of byMediator) {
      const salt = hexlify(randomBytes(32));
      salts.set(m, salt);
      const c = keccak256(AbiCoder.defaultAbiCoder().encode(["address", "uint256", "uint256", "address", "uint8[]", "bytes32"], [await court.getAddress(), 0, 0, m, answers, salt]));
      await court.connect(await ethers.getSigner(m)).commit(0, ids, c);
    }
    // Every seat committed: the reveal period is open; every seat revealed: the round is ruled, the appeal period opens.
    expect((await court.getDispute(0)).period).to.equal(3n); // Reveal
    for (const [m, ids] of byMediator) await court.connect(await ethers.getSigner(m)).reveal(0, ids, answers, salts.get(m)!);
    expect((await court.getDispute(0)).period).to.equal(4n); // Appeal
    await networkHelpers.time.increase(86401);
    await court.passPeriod(0);
    expect((await escrow.getMilestone(id, 0)).status).to.equal(MilestoneStatus.Ruled);
    const deal = await escrow.getDeal(id);
    expect(deal.influencerCredit).to.equal(USDC(990) + USDC(30));
    // Every vote was coherent: the 30 USDC of fees are sent to the mediators, 10 USDC per seat.
    const tx = court.executeRound(0, 0, 6);
    const usdcAddress = await usdc.getAddress();
    const mediatorsDrawn = [...byMediator.keys()];
    await expect(tx).to.changeTokenBalances(
      ethers,
      usdc,
      [await court.getAddress(), ...mediatorsDrawn],
      [-USDC(30), ...mediatorsDrawn.map((m) => USDC(10) * BigInt(byMediator.get(m)!.length))],
    );
    for (const m of mediatorsDrawn) {
      await expect(tx).to.emit(court, "Paid").withArgs(m, usdcAddress, USDC(10));
      expect(await court.balanceOf(m, usdcAddress)).to.equal(0n);
    }
  });
});
