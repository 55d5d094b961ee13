// scripts/keeper.ts as a process (`--once`, JSON lines) against a real `hardhat node` on a free 127.0.0.1 port,
// with LocalIspera deployed through Ignition: one review window to time out and one dispute whose random word the
// keeper answers on the VRF coordinator mock before drawing its mediators. A second run finds nothing to do.
import { expect } from "chai";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { network } from "hardhat";
import LocalIspera from "../ignition/modules/LocalIspera.js";
import { childEnv, freePort, ROOT, startLocalChain, stopProcessGroup } from "../scripts/lib/run.js";
import { buildTerms, DEFAULT_CRITERIA, languageCode, Topic } from "../scripts/lib/terms.js";
import type { DealEscrow, MediatorCourt, MockUSDC } from "../types/ethers-contracts/index.js";

const USDC = (n: number): bigint => BigInt(n) * 10n ** 6n;

interface Line {
  level: string;
  event: string;
  kind?: string;
  sent?: number;
  message: string;
}

function runKeeper(args: string[]): { status: number; lines: Line[]; output: string } {
  const result = spawnSync("node", ["scripts/keeper.ts", ...args], { cwd: ROOT, env: childEnv(), encoding: "utf8", timeout: 180_000 });
  const lines = (result.stdout ?? "")
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Line);
  return { status: result.status ?? 1, lines, output: `${result.stdout ?? ""}${result.stderr ?? ""}` };
}

describe("keeper process (scripts/keeper.ts --once against hardhat node)", function () {
  this.timeout(600_000);
  let node: ChildProcess | undefined;
  let deploymentDir: string | undefined;

  after(function () {
    if (node) stopProcessGroup(node);
    if (deploymentDir) rmSync(deploymentDir, { recursive: true, force: true });
  });

  it("times out a review and answers, then draws, a dispute; the second run sends nothing", async function () {
    const port = await freePort();
    node = await startLocalChain(port);
    const url = `http://127.0.0.1:${port}`;
    const deploymentId = `keeper-process-${port}`;
    deploymentDir = resolve(ROOT, "ignition", "deployments", deploymentId);
    const connection = await network.create({ network: "localhost", override: { url } });
    const { ethers, networkHelpers } = connection;
    const deployed = await connection.ignition.deploy(LocalIspera, {
      deploymentId,
      displayUi: false,
      config: { requiredConfirmations: 1 },
    });
    const escrow = deployed.escrow as unknown as DealEscrow;
    const court = deployed.court as unknown as MediatorCourt;
    const usdc = deployed.usdc as unknown as MockUSDC;
    const [, brand, influencer, , ...rest] = await ethers.getSigners();
    const mediators = rest.slice(0, 5);
    if (!brand || !influencer) throw new Error("not enough accounts");
    for (const m of mediators) {
      await usdc.mint(m.address, USDC(1_000));
      await usdc.connect(m).approve(await court.getAddress(), ethers.MaxUint256);
      await court.connect(m).stake(USDC(200));
      await court.connect(m).joinPool(languageCode("fr"), Topic.Beauty);
    }
    for (const party of [brand, influencer]) {
      await usdc.mint(party.address, USDC(100_000));
      await usdc.connect(party).approve(await escrow.getAddress(), ethers.MaxUint256);
    }
    const base = { brand: brand.address, influencer: influencer.address, token: await usdc.getAddress() };
    const reviewed = buildTerms({ ...base, now: BigInt(await networkHelpers.time.latest()) });
    await escrow.connect(brand).createDeal(reviewed, [...DEFAULT_CRITERIA]);
    await escrow.connect(influencer).acceptDeal(reviewed);
    await escrow.connect(influencer).submitDeliverable(reviewed, 0, "0x" + "cd".repeat(32), "ipfs://deliverable");
    await networkHelpers.time.increase(6 * 86_400); // the 5-day review window is over

    const disputed = buildTerms({ ...base, now: BigInt(await networkHelpers.time.latest()) });
    await escrow.connect(brand).createDeal(disputed, [...DEFAULT_CRITERIA]);
    await escrow.connect(influencer).acceptDeal(disputed);
    await escrow.connect(influencer).submitDeliverable(disputed, 0, "0x" + "ef".repeat(32), "ipfs://deliverable-2");
    await escrow.connect(brand).payArbitrationFee(disputed, [...DEFAULT_CRITERIA], 0);
    await escrow.connect(influencer).payArbitrationFee(disputed, [...DEFAULT_CRITERIA], 0);
    const disputeId = (await escrow.getArbitration(await escrow.dealId(disputed), 0)).disputeId;

    const state = join(mkdtempSync(join(tmpdir(), "ispera-keeper-")), "state.json");
    const args = ["--once", "--json", "--rpc", url, "--deployment", deploymentId, "--state", state];
    const first = runKeeper(args);
    expect(first.status, first.output).to.equal(0);
    const done = first.lines.filter((l) => l.event === "done").map((l) => l.kind);
    expect(done, first.output).to.include.members(["releaseAfterReview", "fulfillRandomWords", "draw"]);
    expect(first.lines.filter((l) => l.level !== "info"), "no warning, no error").to.deep.equal([]);
    expect((await escrow.getMilestone(await escrow.dealId(reviewed), 0)).status).to.equal(5n); // Released
    expect((await court.getDispute(disputeId)).period).to.equal(2n); // Commit: every seat drawn

    const second = runKeeper(args);
    expect(second.status, second.output).to.equal(0);
    expect(second.lines.filter((l) => l.event === "done"), second.output).to.have.length(0);
    expect(second.lines.find((l) => l.event === "pass")?.sent).to.equal(0);

    // The long-running mode: polls, then stops cleanly on SIGTERM.
    const running = spawn("node", ["scripts/keeper.ts", "--json", "--interval", "1", "--rpc", url, "--deployment", deploymentId, "--state", state], {
      cwd: ROOT,
      env: childEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    running.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    running.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolveExit) => running.once("exit", (code) => resolveExit(code)));
    for (let i = 0; i < 600 && !output.includes('"event":"start"'); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 2_500)); // a few passes
    running.kill("SIGTERM");
    expect(await exited, output).to.equal(0);
    expect(output).to.include('"event":"stop"');
    expect(output).to.not.include('"event":"sent"');
    await connection.close();
  });
});
