// The mediator's pure logic: salt message and salt, the commitment as MediatorCourt hashes it (checked against the
// ethers implementation the contract tests use), answer packing, periods and countdowns, pools, amounts, addresses.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeAbiParameters, keccak256, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { voteCommitment as ethersCommitment } from "../../scripts/lib/court.ts";
import {
  allSettled,
  answersStorageKey,
  parseStoredAnswers,
  answerIssues,
  commitArgs,
  drawArgs,
  executeArgs,
  revealArgs,
  answerSpace,
  findAnswers,
  approvalNeeded,
  consensusOptions,
  exitState,
  formatCountdown,
  freeStake,
  joinPoolIssues,
  languageBytes,
  languageOfBytes,
  packAnswers,
  parseTokenAmount,
  Period,
  periodView,
  poolKey,
  poolOfKey,
  saltFromSignature,
  seatsOf,
  unpackAnswers,
  validateRecipient,
  validateStake,
  validateWithdraw,
  voteCommitment,
  voteSaltMessage,
  type DisputeClock,
} from "../src/pages/mediator/logic.ts";

const COURT: Address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const ALICE: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const KEY: Hex = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

describe("vote salt", () => {
  it("names the chain, court, dispute, round and account", () => {
    const message = voteSaltMessage({ chainId: 31337, court: COURT, disputeId: 7n, round: 1, account: ALICE });
    assert.equal(
      message,
      "Ispera vote salt\nSigning this message derives the secret salt of your vote. It costs nothing and sends no transaction.\n" +
        `chain: 31337\ncourt: ${COURT.toLowerCase()}\ndispute: 7\nround: 1\naccount: ${ALICE.toLowerCase()}`,
    );
  });

  it("differs per dispute, round, account and chain", () => {
    const base = { chainId: 31337, court: COURT, disputeId: 7n, round: 1, account: ALICE } as const;
    const all = new Set([
      voteSaltMessage(base),
      voteSaltMessage({ ...base, disputeId: 8n }),
      voteSaltMessage({ ...base, round: 2 }),
      voteSaltMessage({ ...base, account: COURT }),
      voteSaltMessage({ ...base, chainId: 1 }),
    ]);
    assert.equal(all.size, 5);
  });

  it("is keccak256 of the signature, the same at commit and reveal", async () => {
    const account = privateKeyToAccount(KEY);
    const message = voteSaltMessage({ chainId: 31337, court: COURT, disputeId: 0n, round: 0, account: account.address });
    const first = await account.signMessage({ message });
    const again = await account.signMessage({ message });
    assert.equal(first, again);
    assert.equal(saltFromSignature(first), keccak256(first));
    assert.throws(() => saltFromSignature("0x1234"), /65-byte signature/);
  });
});

describe("commitment", () => {
  const salt: Hex = `0x${"ab".repeat(32)}`;
  it("is keccak256(abi.encode(court, disputeId, round, mediator, uint8[] answers, salt))", () => {
    const expected = keccak256(
      encodeAbiParameters(
        [{ type: "address" }, { type: "uint256" }, { type: "uint256" }, { type: "address" }, { type: "uint8[]" }, { type: "bytes32" }],
        [COURT, 3n, 1n, ALICE, [0, 1, 0, 0, 2], salt],
      ),
    );
    assert.equal(voteCommitment(COURT, 3n, 1, ALICE, [0, 1, 0, 0, 2], salt), expected);
  });

  it("matches the ethers implementation used against the contract in the court tests", () => {
    for (const answers of [[0], [1, 0, 2], [7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7]]) {
      assert.equal(voteCommitment(COURT, 12n, 2, ALICE, answers, salt), ethersCommitment(COURT, 12n, 2n, ALICE, answers, salt));
    }
  });

  it("changes with every input", () => {
    const base = voteCommitment(COURT, 1n, 0, ALICE, [0, 1], salt);
    assert.notEqual(voteCommitment(COURT, 1n, 0, ALICE, [1, 1], salt), base);
    assert.notEqual(voteCommitment(COURT, 1n, 1, ALICE, [0, 1], salt), base);
    assert.notEqual(voteCommitment(COURT, 2n, 0, ALICE, [0, 1], salt), base);
    assert.notEqual(voteCommitment(COURT, 1n, 0, COURT, [0, 1], salt), base);
    assert.notEqual(voteCommitment(COURT, 1n, 0, ALICE, [0, 1], `0x${"cd".repeat(32)}`), base);
  });
});

describe("answers", () => {
  it("packs 4 bits per question, question 0 lowest", () => {
    assert.equal(packAnswers([0, 1, 0, 0, 2]), 0x20010n);
    assert.equal(packAnswers([7, 3]), 0x37n);
    assert.equal(packAnswers([]), 0n);
    assert.deepEqual(unpackAnswers(0x20010n, 5), [0, 1, 0, 0, 2]);
    assert.deepEqual(unpackAnswers(packAnswers([5, 0, 7, 1]), 4), [5, 0, 7, 1]);
    assert.throws(() => packAnswers([16]), /4 bits/);
    assert.throws(() => packAnswers(new Array<number>(17).fill(0)), /at most 16/);
  });

  it("refuses a missing answer, an option out of range or a wrong count", () => {
    assert.deepEqual(answerIssues([0, 1], [2, 2]), []);
    assert.deepEqual(answerIssues([0, undefined, 2], [2, 2, 3]), [{ kind: "missing", index: 1 }]);
    assert.deepEqual(answerIssues([2, 0], [2, 3]), [{ kind: "invalid", index: 0, answer: 2, options: 2 }]);
    assert.deepEqual(answerIssues([-1], [2]), [{ kind: "invalid", index: 0, answer: -1, options: 2 }]);
    assert.deepEqual(answerIssues([0], [2, 2]), [{ kind: "count", given: 1, expected: 2 }]);
  });

  it("recovers committed answers from the salt when the answer space is small", () => {
    const salt: Hex = `0x${"11".repeat(32)}`;
    const committed = voteCommitment(COURT, 4n, 0, ALICE, [1, 0, 0, 1, 2], salt);
    const counts = [2, 2, 2, 2, 3];
    assert.equal(answerSpace(counts), 48n);
    let tries = 0;
    const found = findAnswers(counts, (answers) => {
      tries += 1;
      return voteCommitment(COURT, 4n, 0, ALICE, answers, salt) === committed;
    });
    assert.deepEqual(found, [1, 0, 0, 1, 2]);
    assert.ok(tries <= 48);
    assert.equal(findAnswers(counts, () => false), null);
    assert.equal(findAnswers([8, 8, 8, 8, 8, 8], () => true), null, "262144 sheets: too many to search");
    assert.deepEqual(findAnswers([8, 8, 8, 8, 8, 8], () => true, 1n << 18n), [0, 0, 0, 0, 0, 0]);
    assert.equal(findAnswers([], () => true), null);
  });

  it("reads the consensus options (8 bits per question)", () => {
    assert.deepEqual(consensusOptions(0x0102n | (0b101n << 16n), 3), [[1], [0], [0, 2]]);
  });

  it("lists an account's seats once, increasing", () => {
    const votes = [
      { voteId: 2n, mediator: ALICE },
      { voteId: 0n, mediator: COURT },
      { voteId: 1n, mediator: ALICE.toLowerCase() as Address },
    ];
    assert.deepEqual(seatsOf(votes, ALICE), [1n, 2n]);
    assert.deepEqual(seatsOf(votes, "0x0000000000000000000000000000000000000001"), []);
  });
});

describe("periods", () => {
  const clock: DisputeClock = {
    period: Period.Commit,
    deadline: 1_000n,
    round: 0,
    maxRounds: 3,
    seats: 3,
    drawn: 3,
    committed: 1,
    revealed: 0,
    randomnessReady: true,
    settled: false,
  };
  it("counts down and says what is due", () => {
    assert.deepEqual(periodView(clock, 900n), { name: "commit", secondsLeft: 100, over: false, action: "commit", next: "reveal" });
    assert.deepEqual(periodView(clock, 1_000n), { name: "commit", secondsLeft: 0, over: false, action: "commit", next: "reveal" });
    assert.deepEqual(periodView(clock, 1_001n), { name: "commit", secondsLeft: 0, over: true, action: "passPeriod", next: "reveal" });
  });
  it("reveal leads to the appeal, or to execution in the last round", () => {
    const reveal = { ...clock, period: Period.Reveal };
    assert.equal(periodView(reveal, 10n).action, "reveal");
    assert.equal(periodView(reveal, 10n).next, "appeal");
    assert.equal(periodView({ ...reveal, round: 2 }, 10n).next, "execution");
    assert.equal(periodView(reveal, 2_000n).action, "passPeriod");
  });
  it("appeal: wait, then anyone executes; drawing waits for the word; execution until settled", () => {
    assert.equal(periodView({ ...clock, period: Period.Appeal }, 999n).action, "waitAppeal");
    assert.equal(periodView({ ...clock, period: Period.Appeal }, 1_001n).action, "execute");
    assert.equal(periodView({ ...clock, period: Period.Drawing, randomnessReady: false }, 0n).action, "waitRandomness");
    assert.equal(periodView({ ...clock, period: Period.Drawing }, 0n).action, "draw");
    assert.equal(periodView({ ...clock, period: Period.Execution, deadline: 0n }, 5n).action, "execute");
    assert.equal(periodView({ ...clock, period: Period.Execution, deadline: 0n, settled: true }, 5n).action, "done");
  });
  it("formats countdowns", () => {
    assert.equal(formatCountdown(0), "00:00:00");
    assert.equal(formatCountdown(-5), "00:00:00");
    assert.equal(formatCountdown(59), "00:00:59");
    assert.equal(formatCountdown(3_661), "01:01:01");
    assert.equal(formatCountdown(2 * 86_400 + 3 * 3_600 + 4 * 60 + 5), "2 d 03:04:05");
  });
});

describe("pools", () => {
  it("encodes languages and pool keys as the court does", () => {
    assert.equal(languageBytes("fr"), "0x6672");
    assert.equal(languageOfBytes("0x656e"), "en");
    assert.throws(() => languageBytes("FR"), /ISO 639-1/);
    assert.equal(poolKey("fr", 1), (0x6672 << 8) | 1);
    assert.deepEqual(poolOfKey(poolKey("en", 15)), { language: "en", topic: 15 });
  });
  it("says why a pool cannot be joined", () => {
    const state = { pools: [poolKey("fr", 1)], stake: 500n, minStake: 100n };
    assert.deepEqual(joinPoolIssues({ language: "fr", topic: "4" }, state), {});
    assert.deepEqual(joinPoolIssues({ language: "f", topic: "4" }, state), { language: "language" });
    assert.deepEqual(joinPoolIssues({ language: "fr", topic: "16" }, state), { topic: "topic" });
    assert.deepEqual(joinPoolIssues({ language: "fr", topic: "" }, state), { topic: "topic" });
    assert.deepEqual(joinPoolIssues({ language: "fr", topic: "1" }, state), { form: "already" });
    const full = { ...state, pools: [1, 2, 3, 4] };
    assert.deepEqual(joinPoolIssues({ language: "fr", topic: "4" }, full), { form: "full" });
    assert.deepEqual(joinPoolIssues({ language: "fr", topic: "4" }, { ...state, stake: 99n }), { form: "stake" });
  });
});

describe("amounts and addresses", () => {
  it("parses amounts in token units", () => {
    assert.deepEqual(parseTokenAmount("12.5", 6), { ok: true, value: 12_500_000n });
    assert.deepEqual(parseTokenAmount("1 000,25", 6), { ok: true, value: 1_000_250_000n });
    assert.deepEqual(parseTokenAmount("", 6), { ok: false, issue: "required" });
    assert.deepEqual(parseTokenAmount("abc", 6), { ok: false, issue: "format" });
    assert.deepEqual(parseTokenAmount("-1", 6), { ok: false, issue: "format" });
    assert.deepEqual(parseTokenAmount("1.0000001", 6), { ok: false, issue: "decimals" });
    assert.deepEqual(parseTokenAmount("0.000", 6), { ok: false, issue: "zero" });
  });
  it("validates a stake against the balance and uint96", () => {
    assert.deepEqual(validateStake("100", 6, { balance: 100_000_000n, stake: 0n }), { ok: true, value: 100_000_000n });
    assert.deepEqual(validateStake("100.000001", 6, { balance: 100_000_000n, stake: 0n }), { ok: false, issue: "balance" });
    assert.deepEqual(validateStake("1", 6, { balance: 2n ** 100n, stake: 2n ** 96n - 1n }), { ok: false, issue: "tooLarge" });
    assert.deepEqual(validateStake("0", 6, { balance: 1n, stake: 0n }), { ok: false, issue: "zero" });
  });
  it("validates a withdrawal against the free stake", () => {
    assert.equal(freeStake({ stake: 10n, locked: 4n }), 6n);
    assert.equal(freeStake({ stake: 3n, locked: 4n }), 0n);
    assert.deepEqual(validateWithdraw("6", 0, { stake: 10n, locked: 4n }), { ok: true, value: 6n });
    assert.deepEqual(validateWithdraw("7", 0, { stake: 10n, locked: 4n }), { ok: false, issue: "free" });
  });
  it("approves only what the allowance lacks", () => {
    assert.equal(approvalNeeded(5n, 5n), 0n);
    assert.equal(approvalNeeded(5n, 4n), 5n);
  });
  it("validates a recipient", () => {
    assert.deepEqual(validateRecipient(` ${ALICE.toLowerCase()} `, COURT), { ok: true, value: ALICE });
    assert.deepEqual(validateRecipient("", COURT), { ok: false, issue: "required" });
    assert.deepEqual(validateRecipient("0x1234", COURT), { ok: false, issue: "format" });
    assert.deepEqual(validateRecipient("0x0000000000000000000000000000000000000000", COURT), { ok: false, issue: "zero" });
    assert.deepEqual(validateRecipient(COURT, COURT), { ok: false, issue: "court" });
  });
  it("follows the exit window", () => {
    assert.deepEqual(exitState(0n, 10n), { kind: "none" });
    assert.deepEqual(exitState(100n, 40n), { kind: "waiting", allowedAt: 100n, secondsLeft: 60 });
    assert.deepEqual(exitState(100n, 100n), { kind: "open", closesAt: 100n + 259_200n, secondsLeft: 259_200 });
    assert.deepEqual(exitState(100n, 100n + 259_201n), { kind: "expired", allowedAt: 100n });
  });
});

describe("transaction arguments", () => {
  const seat = (drawn: number, penalized: number, rewarded: number) => ({ mediators: drawn, drawn, penalized, rewarded });
  it("draws every open seat", () => {
    assert.deepEqual(drawArgs(5n, { mediators: 7, drawn: 2, penalized: 0, rewarded: 0 }), [5n, 5n]);
    assert.deepEqual(drawArgs(5n, { mediators: 3, drawn: 3, penalized: 0, rewarded: 0 }), [5n, 1n]);
  });
  it("executes the current round after the appeal, then the first unsettled round", () => {
    assert.deepEqual(executeArgs(9n, Period.Appeal, 1, [seat(3, 0, 0), seat(7, 0, 0)]), [9n, 1n, 14n]);
    assert.deepEqual(executeArgs(9n, Period.Execution, 1, [seat(3, 3, 3), seat(7, 7, 2)]), [9n, 1n, 14n]);
    assert.deepEqual(executeArgs(9n, Period.Execution, 1, [seat(3, 1, 0), seat(7, 0, 0)]), [9n, 0n, 6n]);
    assert.equal(executeArgs(9n, Period.Execution, 0, [seat(3, 3, 3)]), undefined);
    assert.equal(executeArgs(9n, Period.Commit, 0, [seat(3, 0, 0)]), undefined);
    assert.equal(allSettled([seat(3, 3, 3), seat(0, 0, 0)]), true);
    assert.equal(allSettled([seat(3, 3, 2)]), false);
  });
  it("commits and reveals for the account's seats only", () => {
    const c: Hex = `0x${"01".padStart(64, "0")}`;
    assert.deepEqual(commitArgs(2n, [0n, 2n], c), [2n, [0n, 2n], c]);
    assert.throws(() => commitArgs(2n, [], c), /no seat/);
    assert.throws(() => commitArgs(2n, [1n], `0x${"00".repeat(32)}`), /zero commitment/);
    assert.deepEqual(revealArgs(2n, [1n], [0, 1], c), [2n, [1n], [0, 1], c]);
    assert.throws(() => revealArgs(2n, [], [0], c), /no seat/);
  });
});

describe("stored answers", () => {
  it("keys a sheet by chain, court, dispute, round and account, and reads back only valid sheets", () => {
    const key = answersStorageKey({ chainId: 31337, court: COURT, disputeId: 3n, round: 0, account: ALICE });
    assert.equal(key, `ispera.vote.31337.${COURT.toLowerCase()}.3.0.${ALICE.toLowerCase()}`);
    assert.deepEqual(parseStoredAnswers("[0,1,2]", [2, 2, 3]), [0, 1, 2]);
    assert.equal(parseStoredAnswers("[0,1,3]", [2, 2, 3]), undefined);
    assert.equal(parseStoredAnswers("[0,1]", [2, 2, 3]), undefined);
    assert.equal(parseStoredAnswers('["a",1,2]', [2, 2, 3]), undefined);
    assert.equal(parseStoredAnswers("{", [2]), undefined);
    assert.equal(parseStoredAnswers(null, [2]), undefined);
  });
});
