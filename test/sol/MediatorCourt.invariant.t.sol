// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DisputeInfo, Mediator, Period, Round} from "../../contracts/types/CourtTypes.sol";
import {DisputeRef, MilestoneStatus} from "../../contracts/types/DealTypes.sol";
import {CourtGhostTotals, CourtHandler} from "./handlers/CourtHandler.sol";
import {CourtFlows, CourtStack, CourtTestBase} from "./utils/CourtTestBase.sol";

/// @notice {CourtHandler}, declared in this test file: the fuzzer needs the ABI of its target, and Hardhat writes
///         artifacts only for contracts of the files being compiled as roots (`hardhat test solidity <this file>`
///         compiles this file, not test/sol/handlers/CourtHandler.sol).
contract CourtInvariantHandler is CourtHandler {
    constructor(CourtStack memory s, address owner, address[] memory mediators_) CourtHandler(s, owner, mediators_) {}
}

/// @notice Invariants of {MediatorCourt} under random sequences of staking, pools, exits, USDC blacklisting of
///         mediators, disputes opened through the escrow, randomness, draws, commits, reveals, periods (most ending
///         by themselves), appeals, executions and claims. The money rules: the court holds exactly the stakes,
///         the fees and penalties of rounds not yet paid out, the appeal funding not yet used or refunded, and the
///         credits (rewards sent directly leave it); a round never pays out (sent plus credited) more than its
///         fees plus penalties, and exactly that once executed; every lock belongs to a drawn seat not yet
///         settled and is backed by the stake wherever the court promises it; periods that end by themselves
///         never linger; and whatever happened, every dispute can be brought to its end, executed and the court
///         emptied.
contract MediatorCourtInvariantTest is CourtTestBase {
    address public immutable FRANK = makeAddr("frank");

    /// @notice Most rounds a dispute can have under the handler's parameters (maxRounds up to 4).
    uint256 public constant MAX_ROUNDS_EVER = 4;

    CourtHandler internal _handler;

    function setUp() public override {
        super.setUp();
        address[] memory six = new address[](6);
        for (uint256 i; i < MEDIATOR_COUNT; ++i) {
            six[i] = _mediators[i];
        }
        six[5] = FRANK;
        _handler = new CourtInvariantHandler(_stack(), OWNER, six);
        vm.label(address(_handler), "handler");
        // Seed: FRANK joins ("fr", 1), ALICE also ("fr", 2), BOB ("en", 1); two disputes, one in ("fr", 1), one in
        // ("fr", 2) against FRANK, so that the invariants check real disputes from the first call on.
        _handler.stake(5, 200e6);
        _handler.joinPool(5, 0);
        _handler.joinPool(0, 1);
        _handler.joinPool(1, 2);
        _handler.openDispute(0, 0, 11);
        _handler.openDispute(3, 6, 22);
        assertEq(_handler.disputeCount(), 2, "seed disputes"); // fails setUp loudly if the handler's model is off

        bytes4[] memory selectors = new bytes4[](24);
        selectors[0] = CourtHandler.stake.selector;
        selectors[1] = CourtHandler.joinPool.selector;
        selectors[2] = CourtHandler.requestExit.selector;
        selectors[3] = CourtHandler.leavePool.selector;
        selectors[4] = CourtHandler.withdraw.selector;
        selectors[5] = CourtHandler.openDispute.selector;
        selectors[6] = CourtHandler.fulfil.selector;
        selectors[7] = CourtHandler.requestRandomness.selector;
        selectors[8] = CourtHandler.draw.selector;
        selectors[9] = CourtHandler.passPeriod.selector;
        selectors[10] = CourtHandler.passPeriod.selector; // twice: disputes move through four periods a round
        selectors[11] = CourtHandler.commit.selector;
        selectors[12] = CourtHandler.commit.selector; // twice: rounds have up to 23 seats
        selectors[13] = CourtHandler.reveal.selector;
        selectors[14] = CourtHandler.reveal.selector;
        selectors[15] = CourtHandler.fundAppeal.selector;
        selectors[16] = CourtHandler.refundAppeal.selector;
        selectors[17] = CourtHandler.executeRound.selector;
        selectors[18] = CourtHandler.claim.selector;
        selectors[19] = CourtHandler.warp.selector;
        selectors[20] = CourtHandler.setParams.selector;
        selectors[21] = CourtHandler.blacklist.selector;
        selectors[22] = CourtHandler.syncWeight.selector;
        selectors[23] = CourtHandler.drawExpired.selector;
        targetContract(address(_handler));
        targetSelector(FuzzSelector({addr: address(_handler), selectors: selectors}));
    }

    /* ------------------------------------------------------------------ */
    /*                              INVARIANTS                            */
    /* ------------------------------------------------------------------ */

    /// @notice The suite is never vacuous: there are always disputes to check.
    function invariant_handlerOpenedDisputes() public view {
        assertGe(_handler.disputeCount(), 2, "no disputes");
        assertEq(_court.disputeCount(), _handler.disputeCount(), "disputes opened outside the handler");
    }

    /// @notice The handler's model held: every call it expected to succeed did, with the exact amounts.
    function invariant_modelHolds() public view {
        assertEq(
            _handler.unexpectedReverts(),
            0,
            string.concat(
                "unexpected revert in ", _handler.lastRevertAction(), ": ", vm.toString(_handler.lastRevertData())
            )
        );
        assertEq(_handler.violations(), 0, _handler.lastViolation());
    }

    /// @notice The court's balance is exactly what it owes: stakes, fees and penalties of rounds not yet paid out
    ///         (sent or credited), appeal funding of current rounds (not used, not refunded), and credits.
    function invariant_balanceEqualsObligations() public view {
        uint256 owed;
        address[] memory meds = _handler.mediators();
        for (uint256 i; i < meds.length; ++i) {
            owed += _court.getMediator(meds[i]).stake;
        }
        owed += _sumCredits();
        uint256 n = _court.disputeCount();
        for (uint256 id; id < n; ++id) {
            DisputeInfo memory d = _dispute(id);
            for (uint256 r; r <= d.round; ++r) {
                owed += _outstanding(_round(id, r));
            }
            owed += _court.appealFunds(id, d.round, d.brand) + _court.appealFunds(id, d.round, d.influencer);
        }
        assertEq(_usdc.balanceOf(address(_court)), owed, "balance != obligations");
    }

    /// @notice The balance also matches the money seen flowing in and out (rewards sent at execution included).
    function invariant_balanceMatchesFlows() public view {
        CourtGhostTotals memory g = _handler.totals();
        assertEq(
            _usdc.balanceOf(address(_court)),
            g.initial + g.staked + g.fees + g.appeals - g.withdrawn - g.claimed - g.paidOut,
            "balance != in - out"
        );
    }

    /// @notice Rewards never exceed fees plus penalties: per round, what executeRound gave out (sent, or credited
    ///         when a transfer failed or nobody was coherent) is what the round says it paid (in proportion to the
    ///         coherence paid so far, or everything to the parties when nobody was coherent), never more than its
    ///         fees plus penalties, and exactly that once executed.
    function invariant_rewardsNeverExceedFeesPlusPenalties() public view {
        uint256 n = _court.disputeCount();
        uint256 settled;
        for (uint256 id; id < n; ++id) {
            uint256 last = _dispute(id).round;
            for (uint256 r; r <= last; ++r) {
                Round memory round = _round(id, r);
                uint256 pot = uint256(round.fees) + round.penalties;
                uint256 paid = _handler.settledByRound(id, r);
                settled += paid;
                assertLe(paid, pot, "round paid more than fees + penalties");
                assertEq(paid, pot - _outstanding(round), "round paid other than it recorded");
                if (_executed(round)) assertEq(paid, pot, "executed round not paid to the unit");
                assertLe(round.rewardedCoherence, round.coherenceSum, "coherence paid twice");
            }
        }
        CourtGhostTotals memory g = _handler.totals();
        assertEq(settled, g.paidOut + g.executedCredits, "payouts outside rounds");
    }

    /// @notice Locked stake never exceeds stake where the court promises it: a mediator holding at most one open
    ///         seat and never penalized has its lock covered by its stake (a seat is drawn only from a counted
    ///         stake, at least the minimum stake, and withdrawals keep the locked part). Several open seats, or a
    ///         penalty since, may lock more than the stake by design (see
    ///         test_executeRound_capsPenaltiesAtTheStake): penalties are then capped at the stake.
    function invariant_lockedWithinStake() public view {
        address[] memory meds = _handler.mediators();
        uint256[] memory seats = _openSeats(meds);
        for (uint256 i; i < meds.length; ++i) {
            Mediator memory m = _court.getMediator(meds[i]);
            if (seats[i] <= 1 && !_handler.penalizedEver(meds[i])) assertLe(m.locked, m.stake, "locked > stake");
        }
    }

    /// @notice Every lock is a drawn seat whose round is not yet settled: a mediator's locked stake is exactly the
    ///         lock per vote of its drawn, unpenalized seats.
    function invariant_lockedEqualsOpenSeats() public view {
        address[] memory meds = _handler.mediators();
        uint256[] memory expected = new uint256[](meds.length);
        uint256 n = _court.disputeCount();
        for (uint256 id; id < n; ++id) {
            uint256 last = _dispute(id).round;
            for (uint256 r; r <= last; ++r) {
                Round memory round = _round(id, r);
                for (uint256 v = round.penalized; v < round.drawn; ++v) {
                    expected[_position(meds, _vote(id, r, v).mediator)] += round.lockPerVote;
                }
            }
        }
        for (uint256 i; i < meds.length; ++i) {
            assertEq(_court.getMediator(meds[i]).locked, expected[i], "locked != open seats");
        }
    }

    /// @notice Round counters stay in order, settlement only happens in Execution, and a dispute never goes
    ///         past its last round. `revealed` may exceed `committed` (a mediator's commitment covers all its
    ///         seats while only those listed at its first commit count as committed), never `drawn`. Periods that
    ///         end by themselves never linger: no dispute draws with every seat drawn, commits with every seat
    ///         committed, or reveals with every seat revealed; the seats listed at first commits are counted.
    function invariant_roundCountersAreConsistent() public view {
        uint256 n = _court.disputeCount();
        for (uint256 id; id < n; ++id) {
            DisputeInfo memory d = _dispute(id);
            assertLt(d.round, _court.getDisputeParams(id).maxRounds, "past the last round");
            assertTrue(d.period != Period.None, "no period");
            for (uint256 r; r <= d.round; ++r) {
                Round memory round = _round(id, r);
                assertLe(round.drawn, round.mediators, "drawn > seats");
                assertLe(round.committed, round.drawn, "committed > drawn");
                assertLe(round.revealed, round.drawn, "revealed > drawn");
                assertEq(round.committed, _handler.committedSeats(id, r), "committed != seats listed at first commits");
                assertLe(round.penalized, round.drawn, "penalized > drawn");
                assertLe(round.rewarded, round.drawn, "rewarded > drawn");
                if (d.period != Period.Execution) assertEq(round.penalized + round.rewarded, 0, "settled early");
                if (r < d.round) assertEq(round.drawn, round.mediators, "earlier round not fully drawn");
            }
            Round memory current = _round(id, d.round);
            if (d.period == Period.Drawing) {
                assertLt(current.drawn, current.mediators, "drawing with every seat drawn");
            } else if (d.period != Period.Execution) {
                assertEq(current.drawn, current.mediators, "voting before every seat is drawn");
            }
            if (d.period == Period.Commit) assertLt(current.committed, current.mediators, "commit period lingers");
            if (d.period == Period.Reveal) assertLt(current.revealed, current.mediators, "reveal period lingers");
            if (d.period == Period.Execution) {
                assertTrue(current.drawn == 0 || current.drawn == current.mediators, "final with seats open");
            }
        }
    }

    /// @notice Every pool's sortition weight is the sum of its members' counted stakes (whole units, from the
    ///         minimum stake), and each language pool counts every mediator of any of its topic pools once.
    function invariant_poolWeightsMatchStakes() public view {
        address[] memory meds = _handler.mediators();
        CourtHandler.Pool[] memory pools = _handler.pools();
        for (uint256 p; p <= pools.length; ++p) {
            // The last check is the language pool of the first pool's language ("fr").
            bool languagePool = p == pools.length;
            bytes2 language = languagePool ? pools[0].language : pools[p].language;
            uint8 topic = languagePool ? 255 : pools[p].topic;
            uint256 weight;
            uint256 size;
            for (uint256 i; i < meds.length; ++i) {
                if (!_sitsIn(meds[i], language, topic)) continue;
                // A mediator's trees hold its stake's weight, or a stale one while a freeze deferred its update.
                uint256 w = _handler.treeWeightOf(meds[i]);
                weight += w;
                if (w > 0) ++size;
            }
            (uint256 treeWeight, uint256 treeSize) = _court.poolTotal(language, topic);
            assertEq(treeWeight, weight, "pool weight");
            assertEq(treeSize, size, "pool size");
        }
    }

    /// @notice A language's freeze counts exactly its disputes in Drawing, and holds only while one of them has a
    ///         word that can still be drawn with (not expired).
    function invariant_freezeCountsDrawingRounds() public view {
        bytes2[4] memory languages = [bytes2("fr"), bytes2("en"), bytes2("es"), bytes2("de")];
        uint256 n = _court.disputeCount();
        for (uint256 k; k < languages.length; ++k) {
            uint256 drawing;
            uint256 latest;
            for (uint256 id; id < n; ++id) {
                DisputeInfo memory d = _dispute(id);
                if (d.language != languages[k] || d.period != Period.Drawing) continue;
                ++drawing;
                Round memory r = _court.getRound(id, d.round);
                if (r.randomnessRequestedAt == 0) continue;
                uint256 expiry = uint256(r.randomnessRequestedAt) + _court.getDisputeParams(id).randomnessTimeout;
                if (expiry > latest) latest = expiry;
            }
            (uint256 count, uint256 until, bool frozen) = _court.freezeOf(languages[k]);
            assertEq(count, drawing, "freeze: rounds drawing");
            assertGe(until, latest, "freeze: ends before a word expires");
            if (drawing > 0 && block.timestamp <= latest) assertTrue(frozen, "freeze: not frozen while a word is live");
            if (drawing == 0) assertFalse(frozen, "freeze: frozen with nothing drawing");
        }
    }

    /// @notice A final dispute delivered its ruling to the escrow (the milestone is ruled with the court's share);
    ///         a running one keeps the milestone in arbitration.
    function invariant_finalRulingsReachTheEscrow() public view {
        uint256 n = _court.disputeCount();
        for (uint256 id; id < n; ++id) {
            DisputeInfo memory d = _dispute(id);
            DisputeRef memory ref = _escrow.getDisputeRef(id);
            MilestoneStatus status = _escrow.getMilestone(ref.dealId, ref.milestone).status;
            if (d.period == Period.Execution) {
                assertTrue(d.rulingDelivered, "ruling not delivered");
                assertEq(uint8(status), uint8(MilestoneStatus.Ruled), "milestone not ruled");
            } else {
                assertEq(uint8(status), uint8(MilestoneStatus.InArbitration), "milestone left arbitration early");
            }
        }
    }

    /// @notice Liveness, after every run: whatever state the sequence left, permissionless calls (randomness,
    ///         draws, periods after their deadlines) bring every dispute to Execution; then, through the handler
    ///         (so that its ghosts and per-call checks follow), every round is executed, every unused appeal
    ///         refunded, every credit claimed and every stake withdrawn after an exit (blacklisted mediators to
    ///         another address): the court ends empty to the last unit, and every invariant still holds on the way.
    function afterInvariant() public {
        uint256 n = _court.disputeCount();
        assertGe(n, 2, "no disputes to finish");
        for (uint256 id; id < n; ++id) {
            _finish(id);
        }
        for (uint256 k; k < 3 * n * MAX_ROUNDS_EVER; ++k) {
            _handler.executeRound(k, k, type(uint256).max);
        }
        for (uint256 k; k < 2 * n; ++k) {
            _handler.refundAppeal(k / 2, k);
        }
        uint256 accounts = _handler.accounts().length;
        for (uint256 k; k < accounts; ++k) {
            _handler.claim(k);
        }
        address[] memory meds = _handler.mediators();
        for (uint256 i; i < meds.length; ++i) {
            assertEq(_court.getMediator(meds[i]).locked, 0, "lock left after every execution");
            _handler.requestExit(i);
        }
        vm.warp(block.timestamp + _court.exitDelay());
        for (uint256 i; i < meds.length; ++i) {
            _handler.withdraw(i, type(uint256).max);
        }

        invariant_modelHolds();
        invariant_rewardsNeverExceedFeesPlusPenalties();
        invariant_balanceEqualsObligations();
        invariant_balanceMatchesFlows();
        invariant_roundCountersAreConsistent();
        for (uint256 id; id < n; ++id) {
            DisputeInfo memory d = _dispute(id);
            for (uint256 r; r <= d.round; ++r) {
                Round memory round = _round(id, r);
                assertTrue(round.drawn == 0 || _executed(round), "round left unexecuted");
            }
        }
        assertEq(_sumCredits(), 0, "credit left");
        assertEq(_usdc.balanceOf(address(_court)), 0, "court not empty");
    }

    /* ------------------------------------------------------------------ */
    /*                         HANDLER REACH (NOT FUZZED)                 */
    /* ------------------------------------------------------------------ */

    /// @notice The handler is not vacuous: a fixed pseudo-random walk of 1,500 steps over its actions reaches
    ///         every one of them (appeals and refunds included), every invariant holds after each step, and the
    ///         liveness check empties the court at the end.
    function test_handler_randomWalkReachesEveryAction() public {
        string[32] memory actions = [
            "stake",
            "joinPool",
            "requestExit",
            "leavePool",
            "withdraw",
            "openDispute",
            "fulfil",
            "requestRandomness",
            "draw",
            "passPeriod",
            "commit",
            "reveal",
            "fundAppeal",
            "refundAppeal",
            "executeRound",
            "claim",
            "setParams",
            "blacklist",
            "drawOpensCommit",
            "drawEmptyPool",
            "commitPartial",
            "commitOpensReveal",
            "revealRules",
            "executeRoundFinalizes",
            "rewardCredited",
            "syncWeight",
            "drawExpired",
            "stakeFrozen",
            "joinPoolFrozen",
            "penaltyDeferred",
            "syncWeightDeferred",
            "drawRenewed"
        ];
        for (uint256 step; step < 1_500; ++step) {
            uint256 seed = uint256(keccak256(abi.encode("walk", step)));
            _step(seed % 24, seed >> 8);
            if (step % 50 == 0) _checkAll();
        }
        _checkAll();
        string memory reach = "";
        for (uint256 i; i < actions.length; ++i) {
            reach = string.concat(reach, actions[i], "=", vm.toString(_handler.done(actions[i])), " ");
        }
        emit log(reach); // shown with -vv
        for (uint256 i; i < actions.length; ++i) {
            assertGt(_handler.done(actions[i]), 0, string.concat("never reached: ", actions[i], " in ", reach));
        }
        afterInvariant();
    }

    /// @dev One handler action, chosen like the fuzzer does among the target selectors.
    function _step(uint256 action, uint256 seed) internal {
        uint256 a = seed;
        uint256 b = seed >> 64;
        uint256 c = seed >> 128;
        if (action == 0) _handler.stake(a, b);
        else if (action == 1) _handler.joinPool(a, b);
        else if (action == 2) _handler.requestExit(a);
        else if (action == 3) _handler.leavePool(a, b);
        else if (action == 4) _handler.withdraw(a, b);
        else if (action == 5) _handler.openDispute(a, b, c);
        else if (action == 6) _handler.fulfil(a, b);
        else if (action == 7) _handler.requestRandomness(a, b % 2 == 0);
        else if (action == 8) _handler.draw(a, b);
        else if (action <= 10) _handler.passPeriod(a, b % 2 == 0);
        else if (action <= 12) _handler.commit(a, b, c);
        else if (action <= 14) _handler.reveal(a, b);
        else if (action == 15) _handler.fundAppeal(a, b, c);
        else if (action == 16) _handler.refundAppeal(a, b);
        else if (action == 17) _handler.executeRound(a, b, c);
        else if (action == 18) _handler.claim(a);
        else if (action == 19) _handler.warp(a);
        else if (action == 20) _handler.setParams(a);
        else if (action == 21) _handler.blacklist(a, b % 2 == 0);
        else if (action == 22) _handler.syncWeight(a);
        else _handler.drawExpired(a, b);
    }

    function _checkAll() internal view {
        invariant_handlerOpenedDisputes();
        invariant_modelHolds();
        invariant_balanceEqualsObligations();
        invariant_balanceMatchesFlows();
        invariant_rewardsNeverExceedFeesPlusPenalties();
        invariant_lockedEqualsOpenSeats();
        invariant_lockedWithinStake();
        invariant_roundCountersAreConsistent();
        invariant_poolWeightsMatchStakes();
        invariant_finalRulingsReachTheEscrow();
        invariant_freezeCountsDrawingRounds();
    }

    /* ------------------------------------------------------------------ */
    /*                               HELPERS                              */
    /* ------------------------------------------------------------------ */

    /// @dev What a round still holds of its fees and penalties (see MediatorCourt._reward's cumulative rounding).
    function _outstanding(Round memory round) internal pure returns (uint256) {
        uint256 pot = uint256(round.fees) + round.penalties;
        if (round.coherenceSum > 0) {
            uint256 paid = uint256(round.fees) * round.rewardedCoherence / round.coherenceSum
                + uint256(round.penalties) * round.rewardedCoherence / round.coherenceSum;
            return pot - paid;
        }
        return _executed(round) ? 0 : pot;
    }

    function _executed(Round memory round) internal pure returns (bool) {
        return round.drawn > 0 && round.penalized == round.drawn && round.rewarded == round.drawn;
    }

    function _sumCredits() internal view returns (uint256 sum) {
        address[] memory accounts = _handler.accounts();
        for (uint256 i; i < accounts.length; ++i) {
            sum += _court.balanceOf(accounts[i], _token);
        }
    }

    function _position(address[] memory list, address account) internal pure returns (uint256) {
        for (uint256 i; i < list.length; ++i) {
            if (list[i] == account) return i;
        }
        revert CourtTestUnknownMediator(account);
    }

    /// @dev Whether `m` sits in (language, topic); topic 255 means any pool of that language.
    function _sitsIn(address m, bytes2 language, uint8 topic) internal view returns (bool) {
        uint24[] memory keys = _court.poolsOf(m);
        for (uint256 i; i < keys.length; ++i) {
            if (bytes2(uint16(keys[i] >> 8)) != language) continue;
            if (topic == 255 || uint8(keys[i]) == topic) return true;
        }
        return false;
    }

    /// @dev A mediator's sortition weight: whole stake units from the minimum stake on.
    function _weight(address m) internal view returns (uint256) {
        uint256 s = _court.getMediator(m).stake;
        return s < _court.params().minStake ? 0 : s / STAKE_UNIT;
    }

    /// @dev Brings a dispute to Execution with permissionless calls only, after every deadline.
    function _finish(uint256 id) internal {
        for (uint256 step; step < 64; ++step) {
            DisputeInfo memory d = _dispute(id);
            if (d.period == Period.Execution) return;
            if (d.period == Period.Drawing) {
                _drawToTheEnd(id, d.round);
            } else {
                if (block.timestamp <= d.deadline) vm.warp(uint256(d.deadline) + 1);
                _court.passPeriod(id);
            }
        }
        assertEq(uint8(_dispute(id).period), uint8(Period.Execution), "dispute cannot be finished");
    }

    /// @dev Gets the round's word (answering or re-requesting) and draws every seat: the last draw opens the commit
    ///      period (or the empty-pool rule ends the dispute).
    function _drawToTheEnd(uint256 id, uint256 roundIndex) internal {
        Round memory r = _round(id, roundIndex);
        uint256 expiry = uint256(r.randomnessRequestedAt) + _court.getDisputeParams(id).randomnessTimeout;
        if (r.randomnessRequestedAt != 0 && block.timestamp > expiry) {
            // The word expired (whether it came or not): a new one is requested.
            _court.requestRandomness(id);
        } else if (r.randomnessRequestedAt == 0) {
            _court.requestRandomness(id);
        }
        uint256 requestId = CourtFlows.requestIdOf(_stack(), id);
        if (_randomness.randomWord(requestId) == 0) _fulfil(id);
        for (uint256 i; i < 100; ++i) {
            if (_dispute(id).period != Period.Drawing) break;
            r = _round(id, roundIndex);
            _court.draw(id, r.mediators - r.drawn);
        }
        assertTrue(_dispute(id).period != Period.Drawing, "drawing cannot be completed");
    }

    /// @dev Per mediator of `meds`: its drawn seats not yet settled.
    function _openSeats(address[] memory meds) internal view returns (uint256[] memory seats) {
        seats = new uint256[](meds.length);
        uint256 n = _court.disputeCount();
        for (uint256 id; id < n; ++id) {
            uint256 last = _dispute(id).round;
            for (uint256 r; r <= last; ++r) {
                Round memory round = _round(id, r);
                for (uint256 v = round.penalized; v < round.drawn; ++v) {
                    ++seats[_position(meds, _vote(id, r, v).mediator)];
                }
            }
        }
    }

}
