// Gas benchmark of the SortitionTree library (contracts/libraries/SortitionTree.sol) through SortitionTreeHarness
// (test/sol/SortitionTreeHarness.sol), at 10, 1,000, 10,000 and 100,000 accounts on the in-process network.
// Run: npx hardhat run scripts/benchSortition.ts (about a minute). Prints a markdown table; writes nothing.
//
// Library gas = the `gasleft()` difference around the library call inside the harness, with every storage slot cold
// (eth_call of `measureDraw` / `measureSet`, or the first touch of the tree in a transaction), so it is what one
// call costs at the start of a court transaction; it excludes the 21,000 base, calldata and refunds.
// Accounts are filled in batches of FILL_BATCH per transaction (harness `fill`), weights 1..1,000.
import { network } from "hardhat";
import type { BaseContract, ContractTransactionResponse } from "ethers";

const CHECKPOINTS = [10, 1_000, 10_000, 100_000];
const FILL_BATCH = 2_000;
/** Random numbers per draw measurement (draw gas depends slightly on the lanes taken). */
const DRAW_SAMPLES = 64;
/** New accounts inserted (and measured) after each checkpoint: leaf positions differ in cost, see the notes. */
const NEW_SAMPLES = 16;
/** Draws in one call for the "several draws" column (a court drawing a panel of mediators). */
const PANEL = 3;

// A large block gas limit so that one `fill` transaction can insert FILL_BATCH accounts; Prague, as the compiler
// target (Osaka's EIP-7825 would cap a transaction at 2^24 gas).
const { ethers } = await network.create({
  override: { blockGasLimit: 2_000_000_000n, hardfork: "prague" },
});

/** The harness's ABI as used here (no typechain types are generated for contracts under test/). */
interface Harness extends BaseContract {
  fill(firstId: bigint, count: bigint, overrides?: { gasLimit: bigint }): Promise<ContractTransactionResponse>;
  drawAndStore(randomNumber: bigint): Promise<ContractTransactionResponse>;
  measureSet: {
    (account: string, weight: bigint): Promise<ContractTransactionResponse>;
    staticCall(account: string, weight: bigint): Promise<bigint>;
  };
  measureDraw(randomNumber: bigint): Promise<[string, bigint]>;
  measureDraws(seed: bigint, count: bigint): Promise<[bigint, bigint]>;
  fillAccount(id: bigint): Promise<string>;
  fillWeight(id: bigint): Promise<bigint>;
  weightOf(account: string): Promise<bigint>;
  total(): Promise<bigint>;
  size(): Promise<bigint>;
  depth(): Promise<bigint>;
}

const harness = (await ethers.deployContract("SortitionTreeHarness")) as unknown as Harness;
await harness.waitForDeployment();

let filled = 0n;
async function fillTo(target: bigint): Promise<void> {
  while (filled < target) {
    const count = target - filled < BigInt(FILL_BATCH) ? target - filled : BigInt(FILL_BATCH);
    // Explicit limit: estimating a 2,000-insert transaction would run it twice.
    await (await harness.fill(filled, count, { gasLimit: 1_000_000_000n })).wait();
    filled += count;
  }
}

/** Deterministic pseudo-random 256-bit numbers. */
function randomWord(i: number): bigint {
  return BigInt(ethers.keccak256(ethers.toBeHex(i + 1, 32)));
}

const fmt = (n: bigint | number): string => Number(n).toLocaleString("en-US");
const mean = (xs: bigint[]): bigint => xs.reduce((a, b) => a + b, 0n) / BigInt(xs.length);
const max = (xs: bigint[]): bigint => xs.reduce((a, b) => (b > a ? b : a), 0n);

interface Row {
  accounts: number;
  depth: bigint;
  drawMean: bigint;
  drawMax: bigint;
  drawTx: bigint;
  panel: bigint;
  setNewFirst: bigint;
  setNewMean: bigint;
  setNewMax: bigint;
  setUpdate: bigint;
  setRemove: bigint;
}
const rows: Row[] = [];

for (const accounts of CHECKPOINTS) {
  const n = BigInt(accounts);
  await fillTo(n);
  if ((await harness.size()) !== n) throw new Error(`benchSortition: size ${await harness.size()} != ${n}`);
  const depth = await harness.depth();

  // Draw: library gas for DRAW_SAMPLES random numbers, and one full transaction (21,000 base + result write).
  const draws: bigint[] = [];
  for (let i = 0; i < DRAW_SAMPLES; i++) {
    const [, gas] = await harness.measureDraw(randomWord(accounts * 1_000 + i));
    draws.push(gas);
  }
  const drawReceipt = await (await harness.drawAndStore(randomWord(accounts))).wait();
  const panels: bigint[] = [];
  for (let i = 0; i < 8; i++) {
    const [, totalGas] = await harness.measureDraws(randomWord(accounts * 2_000 + i), BigInt(PANEL));
    panels.push(totalGas);
  }
  if (!drawReceipt) throw new Error("benchSortition: no receipt");

  // Update and remove an existing account in the middle of the tree (simulated, nothing is written).
  const mid = await harness.fillAccount(n / 2n);
  const midWeight = await harness.weightOf(mid);
  const setUpdate = await harness.measureSet.staticCall(mid, midWeight + 500n);
  const setRemove = await harness.measureSet.staticCall(mid, 0n);

  // New accounts: NEW_SAMPLES real inserts on the next leaves (each measured cold, then kept).
  const news: bigint[] = [];
  for (let k = 0n; k < BigInt(NEW_SAMPLES); k++) {
    const id = filled + k;
    const account = await harness.fillAccount(id);
    const weight = await harness.fillWeight(id);
    news.push(await harness.measureSet.staticCall(account, weight));
    await (await harness.measureSet(account, weight)).wait();
  }
  filled += BigInt(NEW_SAMPLES);

  rows.push({
    accounts,
    depth,
    drawMean: mean(draws),
    drawMax: max(draws),
    drawTx: drawReceipt.gasUsed,
    panel: mean(panels),
    setNewFirst: news[0]!,
    setNewMean: mean(news),
    setNewMax: max(news),
    setUpdate,
    setRemove,
  });
}

const first = rows[0]!;
const last = rows[rows.length - 1]!;
const growth = (Number(last.drawMax - first.drawMax) / Number(first.drawMax)) * 100;

console.log("");
console.log(`SortitionTree gas (library call alone, all slots cold; weights 1..1,000; ${DRAW_SAMPLES} draws per row)`);
console.log("");
console.log(
  `| accounts | depth | draw gas (mean / max) | draw tx gas | ${PANEL} draws in one call ` +
    "| set (new account) gas (mean / max) | set (update) gas | set (remove) gas |",
);
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  console.log(
    `| ${fmt(r.accounts)} | ${r.depth} | ${fmt(r.drawMean)} / ${fmt(r.drawMax)} | ${fmt(r.drawTx)} ` +
      `| ${fmt(r.panel)} ` +
      `| ${fmt(r.setNewMean)} / ${fmt(r.setNewMax)} | ${fmt(r.setUpdate)} | ${fmt(r.setRemove)} |`,
  );
}
console.log("");
console.log(`Draw growth (max) from ${fmt(first.accounts)} to ${fmt(last.accounts)} accounts: +${growth.toFixed(1)} %.`);
console.log(
  "draw tx gas = a whole `drawAndStore` transaction (21,000 base, calldata, the draw, one result write). " +
    `set (new account): ${NEW_SAMPLES} inserts on the next leaves after the checkpoint (the mean is the ` +
    "amortised cost: a leaf that opens a new level-1 node, one in 4, pays one more fresh slot, one in 16 two, " +
    "and so on; the max is such a leaf). set (remove): before the refund. " +
    `${PANEL} draws in one call: total of ${PANEL} successive draws (mean of 8), the later ones find the upper ` +
    "levels warm.",
);
