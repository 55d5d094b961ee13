// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IArbitrableV2} from "../../contracts/interfaces/arbitration/IArbitrableV2.sol";
import {IArbitratorV2} from "../../contracts/interfaces/arbitration/IArbitratorV2.sol";
import {IMediatorCourt} from "../../contracts/interfaces/IMediatorCourt.sol";
import {CourtLogic} from "../../contracts/libraries/CourtLogic.sol";
import {PoolLogic} from "../../contracts/libraries/PoolLogic.sol";
import {CourtParams, DisputeInfo, Period, Round} from "../../contracts/types/CourtTypes.sol";
import {DealState, DisputeContext, MilestoneStatus, Question} from "../../contracts/types/DealTypes.sol";
import {FeeOnTransferToken} from "../../contracts/mocks/HostileTokens.sol";
import {MockUSDC} from "../../contracts/mocks/MockUSDC.sol";
import {CourtFlows, CourtTestBase} from "./utils/CourtTestBase.sol";
import {CourtReference} from "./utils/CourtReference.sol";

/// @notice Unit tests of {MediatorCourt}: whole disputes through the escrow (unanimous, appealed to the last round,
///         empty pools, language fallback), the edge rules (ties, silence, penalty cap), the revert of every guard,
///         and, marked KNOWN ISSUE, the current behaviour of the problems found while writing these tests.
contract MediatorCourtTest is CourtTestBase {
    address public immutable FRANK = makeAddr("frank");

    /* ------------------------------------------------------------------ */
    /*                                 SETUP                              */
    /* ------------------------------------------------------------------ */

    function test_setUp_deploysTheLocalStack() public view {
        assertEq(keccak256(abi.encode(_court.params())), keccak256(abi.encode(defaultParams())), "params");
        assertEq(_court.exitDelay(), EXIT_DELAY, "exit delay");
        assertEq(address(_court.stakeToken()), address(_usdc), "stake token");
        assertEq(address(_court.feeToken()), address(_usdc), "fee token");
        assertEq(_court.arbitrationCost("", _token), ARBITRATION_COST, "cost");
        assertEq(address(_escrow.arbitrator()), address(_court), "escrow arbitrator");
        (uint256 weight, uint256 size) = _court.poolTotal(LANGUAGE, TOPIC);
        assertEq(weight, MEDIATOR_COUNT * MEDIATOR_STAKE / STAKE_UNIT, "pool weight");
        assertEq(size, MEDIATOR_COUNT, "pool size");
        (weight, size) = _court.poolTotal(LANGUAGE, LANGUAGE_POOL);
        assertEq(weight, MEDIATOR_COUNT * MEDIATOR_STAKE / STAKE_UNIT, "language pool weight");
        assertEq(_court.disputeCount(), 0, "no dispute");
    }

    /// @notice A stake token that delivers less than the amount (fee-on-transfer) is refused.
    function test_stake_revertWhenTheTokenDeliversLess() public {
        FeeOnTransferToken fot = new FeeOnTransferToken();
        IMediatorCourt court = IMediatorCourt(
            deployCode(
                "MediatorCourt.sol:MediatorCourt",
                abi.encode(fot, _usdc, STAKE_UNIT, _randomness, OWNER, defaultParams(), EXIT_DELAY)
            )
        );
        fot.mint(ALICE, MIN_STAKE);
        vm.startPrank(ALICE);
        fot.approve(address(court), MIN_STAKE);
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtFeeTooLow.selector, 99e6, MIN_STAKE));
        court.stake(MIN_STAKE);
        vm.stopPrank();
    }

    /* ------------------------------------------------------------------ */
    /*                             WHOLE DISPUTES                         */
    /* ------------------------------------------------------------------ */

    /// @notice Three distinct mediators agree that every criterion is met: the influencer gets the milestone and
    ///         the held fee, each mediator is sent one fee (nothing left to claim) and keeps its stake.
    function test_dispute_unanimousRulingPaysTheInfluencerAndTheMediators() public {
        uint256 id = _openDispute();
        address[] memory drawn = _drawDistinct(id);
        _voteRoundSame(id, _answers(3, 0));
        assertEq(_dispute(id).shareBps, BPS, "ruling");
        assertEq(uint8(_dispute(id).period), uint8(Period.Appeal), "appeal");

        _passAfterDeadline(id);
        assertTrue(_dispute(id).rulingDelivered, "delivered");
        assertEq(uint8(_escrow.getMilestone(_lastDealId(), 0).status), uint8(MilestoneStatus.Ruled), "ruled");
        DealState memory deal = _escrow.getDeal(_lastDealId());
        // 1,000 less the 1 % protocol fee, plus the arbitration cost the escrow held.
        assertEq(deal.influencerCredit, 990e6 + ARBITRATION_COST, "influencer credit");
        assertEq(deal.brandCredit, 0, "brand credit");

        uint256[] memory walletsBefore = _wallets();
        uint256 courtBefore = _usdc.balanceOf(address(_court));
        for (uint256 i; i < drawn.length; ++i) {
            vm.expectEmit(address(_court));
            emit IMediatorCourt.Paid(drawn[i], _token, FEE_PER_MEDIATOR);
        }
        _court.executeRound(id, 0, 2 * FIRST_ROUND_MEDIATORS);
        for (uint256 i; i < drawn.length; ++i) {
            uint256 k = _indexOf(drawn[i]);
            assertEq(_usdc.balanceOf(drawn[i]) - walletsBefore[k], FEE_PER_MEDIATOR, "one fee sent to each");
            assertEq(_credited(drawn[i]), 0, "nothing credited");
            assertEq(_mediator(drawn[i]).stake, MEDIATOR_STAKE, "stake kept");
            assertEq(_mediator(drawn[i]).locked, 0, "unlocked");
        }
        assertEq(courtBefore - _usdc.balanceOf(address(_court)), ARBITRATION_COST, "the fee left the court");
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtNothingToClaim.selector, drawn[0], _token));
        vm.prank(drawn[0]);
        _court.claim(_token, drawn[0]);
    }

    /// @notice Appealed twice up to the last round (3, 7 and 15 seats): the last ruling is final at once, and every
    ///         round is settled against the last round's consensus.
    function test_dispute_appealedToTheLastRound() public {
        uint256 id = _disputeInAppeal(_answers(3, 1)); // round 0: nothing compliant
        assertEq(_dispute(id).shareBps, 0, "round 0 ruling");
        _fund(INFLUENCER, id, 70e6);
        assertEq(_round(id, 1).mediators, 7, "round 1 seats");
        // Chosen when the appeal opened the round: five eligible mediators cannot fill seven seats of the topic.
        assertEq(_round(id, 1).poolKey, _key(LANGUAGE, LANGUAGE_POOL), "round 1 pool chosen at funding");

        _drawAll(id);
        _voteRoundSame(id, _answers(3, 0)); // round 1: everything compliant
        assertEq(_dispute(id).shareBps, BPS, "round 1 ruling");
        assertEq(uint8(_dispute(id).period), uint8(Period.Appeal), "round 1 appeal");
        _fund(BRAND, id, 150e6);
        assertEq(_round(id, 2).mediators, 15, "round 2 seats");

        _drawAll(id);
        _voteRoundSame(id, _answers(3, 0)); // round 2: everything compliant, final at its last reveal
        DisputeInfo memory d = _dispute(id);
        assertEq(uint8(d.period), uint8(Period.Execution), "last round is final");
        assertTrue(d.rulingDelivered, "delivered");
        assertEq(d.shareBps, BPS, "final ruling");

        uint256 brandBefore = _credited(BRAND);
        uint256 influencerBefore = _credited(INFLUENCER);
        uint256[] memory walletsBefore = _wallets();
        _executeAll(id);
        // Round 0 voted against the final consensus: its fee and its three lost half-locks are credited to the
        // parties.
        uint256 round0 = ARBITRATION_COST + 3 * LOCK_PER_VOTE;
        assertEq(_round(id, 0).penalties, 3 * LOCK_PER_VOTE, "round 0 penalties");
        assertEq(_credited(BRAND) - brandBefore, round0 / 2, "brand half");
        assertEq(_credited(INFLUENCER) - influencerBefore, round0 / 2, "influencer half");
        // Rounds 1 and 2 were coherent: their fees (70 + 150) are sent to their seats.
        uint256 rewards;
        for (uint256 i; i < MEDIATOR_COUNT; ++i) {
            rewards += _usdc.balanceOf(_mediators[i]) - walletsBefore[i];
            assertEq(_credited(_mediators[i]), 0, "nothing credited to a mediator");
            assertEq(_mediator(_mediators[i]).locked, 0, "unlocked");
        }
        assertEq(rewards, 70e6 + 150e6, "rewards");
    }

    /// @notice Nobody in the pool nor in its language: the first round rules 5,000 and the fee goes back to the
    ///         parties in halves.
    function test_draw_emptyPoolRulesHalfAndCreditsTheFeeBack() public {
        uint256 id = _openDisputeWith(BRAND, INFLUENCER, "de", TOPIC, CourtFlows.defaultCriteria());
        _fulfil(id);
        vm.expectEmit(address(_court));
        emit IMediatorCourt.EmptyPool(id, 0, _key("de", TOPIC));
        _court.draw(id, 3);

        DisputeInfo memory d = _dispute(id);
        assertEq(uint8(d.period), uint8(Period.Execution), "final");
        assertEq(d.shareBps, 5_000, "half");
        assertTrue(d.rulingDelivered, "delivered");
        assertEq(_credited(BRAND), ARBITRATION_COST / 2, "brand half");
        assertEq(_credited(INFLUENCER), ARBITRATION_COST / 2, "influencer half");
        assertEq(_round(id, 0).fees, 0, "fee moved out");
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtRoundAlreadyExecuted.selector, id, 0));
        _court.executeRound(id, 0, 1);
    }

    /// @notice A topic pool with fewer eligible mediators than seats hands the round to its language pool.
    function test_draw_fallsBackToTheLanguagePool() public {
        _stakeAndJoin(FRANK, MIN_STAKE, LANGUAGE, 2);
        uint256 id = _openDisputeWith(BRAND, INFLUENCER, LANGUAGE, 2, CourtFlows.defaultCriteria());
        _drawAll(id);
        assertEq(_round(id, 0).poolKey, _key(LANGUAGE, LANGUAGE_POOL), "language pool");
        assertEq(_round(id, 0).drawn, FIRST_ROUND_MEDIATORS, "drawn");
    }

    /// @notice A pool that loses all its stake between two draw batches ends the round by the empty-pool rule, and
    ///         the seats drawn before are released.
    function test_draw_poolEmptiedMidDrawReleasesTheSeatsDrawn() public {
        for (uint256 i; i < MEDIATOR_COUNT; ++i) {
            vm.prank(_mediators[i]);
            _court.requestExit();
        }
        vm.warp(block.timestamp + EXIT_DELAY);
        uint256 id = _openDispute();
        _fulfil(id);
        _court.draw(id, 1);
        address first = _vote(id, 0, 0).mediator;
        assertEq(_mediator(first).locked, LOCK_PER_VOTE, "seat locked");
        // Nobody leaves while the round draws; once its word expired, everybody does, and a new word is drawn with.
        uint256 expiry = block.timestamp + RANDOMNESS_TIMEOUT;
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtLanguageDrawing.selector, LANGUAGE, expiry));
        vm.prank(_mediators[0]);
        _court.leavePool(LANGUAGE, TOPIC);
        vm.warp(expiry + 1);
        for (uint256 i; i < MEDIATOR_COUNT; ++i) {
            vm.prank(_mediators[i]);
            _court.leavePool(LANGUAGE, TOPIC);
        }
        _court.requestRandomness(id);
        _fulfil(id);
        _court.draw(id, 2);
        assertEq(uint8(_dispute(id).period), uint8(Period.Execution), "empty-pool rule");
        assertEq(_round(id, 0).drawn, 0, "seats dropped");
        assertEq(_mediator(first).locked, 0, "seat released");
        assertEq(_credited(BRAND) + _credited(INFLUENCER), ARBITRATION_COST, "fee back to the parties");
    }

    /// @notice An appeal whose round finds an empty pool does not happen: the previous ruling stands, the appeal
    ///         is credited back and the first round is settled against its own consensus.
    function test_draw_emptyAppealRoundKeepsTheRulingAndRefundsTheAppeal() public {
        for (uint256 i; i < MEDIATOR_COUNT; ++i) {
            vm.prank(_mediators[i]);
            _court.requestExit();
        }
        vm.warp(block.timestamp + EXIT_DELAY);
        uint256 id = _disputeInAppeal(_answers(3, 1));
        for (uint256 i; i < MEDIATOR_COUNT; ++i) {
            vm.prank(_mediators[i]);
            _court.leavePool(LANGUAGE, TOPIC);
        }
        _fund(INFLUENCER, id, 70e6);
        _fulfil(id);
        vm.expectEmit(address(_court));
        emit IMediatorCourt.AppealRefunded(id, 0, INFLUENCER, 70e6);
        _court.draw(id, 7);

        DisputeInfo memory d = _dispute(id);
        assertEq(uint8(d.period), uint8(Period.Execution), "final");
        assertEq(d.round, 1, "round");
        assertEq(d.shareBps, 0, "previous ruling stands");
        assertEq(_credited(INFLUENCER), 70e6, "appeal credited back");
        assertEq(_round(id, 1).consensus, _round(id, 0).consensus, "consensus carried");
        uint256[] memory walletsBefore = _wallets();
        _court.executeRound(id, 0, 6);
        uint256 rewards;
        for (uint256 i; i < MEDIATOR_COUNT; ++i) {
            rewards += _usdc.balanceOf(_mediators[i]) - walletsBefore[i];
            assertEq(_credited(_mediators[i]), 0, "nothing credited to a mediator");
        }
        assertEq(rewards, ARBITRATION_COST, "round 0 coherent: its fee sent to its seats");
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtRoundAlreadyExecuted.selector, id, 1));
        _court.executeRound(id, 1, 1);
    }

    /* ------------------------------------------------------------------ */
    /*                               EDGE RULES                           */
    /* ------------------------------------------------------------------ */

    /// @notice A tie makes every top option the consensus; the question counts by its share of compliant tops.
    function test_rule_tieCountsEveryTopOption() public {
        uint256 id = _openDispute();
        address[] memory drawn = _drawDistinct(id);
        uint8[][] memory answersOf = new uint8[][](MEDIATOR_COUNT);
        for (uint256 i; i < MEDIATOR_COUNT; ++i) {
            answersOf[i] = _answers3(0, 0, 0);
        }
        // Question 0 (weight 3): yes, no, yes -> yes. Question 1 (weight 2): yes, no, no -> no.
        answersOf[_indexOf(drawn[1])] = _answers3(1, 1, 0);
        answersOf[_indexOf(drawn[2])] = _answers3(0, 1, 0);
        _voteRound(id, answersOf);
        // (3 + 0 + 1) / 6
        assertEq(_dispute(id).shareBps, 6_666, "ruling");
        assertEq(_round(id, 0).consensus, uint128(1 | (2 << 8) | (1 << 16)), "consensus");
    }

    /// @notice Nobody reveals: the round rules 5,000, every seat loses its whole lock and the parties get the fee
    ///         and the lost stake in halves.
    function test_executeRound_silentRoundPaysThePartiesInHalves() public {
        uint256 id = _openDispute();
        _drawAll(id);
        _passAfterDeadline(id); // commit -> reveal, nobody committed
        assertEq(uint8(_dispute(id).period), uint8(Period.Reveal), "reveal");
        _passAfterDeadline(id); // nothing will be revealed; the period still runs to its deadline
        assertEq(uint8(_dispute(id).period), uint8(Period.Appeal), "ruled at the deadline");
        assertEq(_dispute(id).shareBps, 5_000, "half");
        _passAfterDeadline(id);
        uint256[] memory walletsBefore = _wallets();
        _court.executeRound(id, 0, 6);
        for (uint256 i; i < MEDIATOR_COUNT; ++i) {
            assertEq(_usdc.balanceOf(_mediators[i]), walletsBefore[i], "no reward sent");
        }
        uint256 pot = ARBITRATION_COST + FIRST_ROUND_MEDIATORS * LOCK_PER_VOTE;
        assertEq(_credited(BRAND), pot - pot / 2, "brand half");
        assertEq(_credited(INFLUENCER), pot / 2, "influencer half");
    }

    /// @notice Drawn on every seat from a language pool of one, a mediator has more locked than staked: penalties
    ///         stop at the stake, locks are all released, and nothing can be withdrawn meanwhile.
    function test_executeRound_capsPenaltiesAtTheStake() public {
        uint256 id = _disputeWithOneMediator();
        assertEq(_mediator(FRANK).locked, 3 * LOCK_PER_VOTE, "locked above the stake");
        _exitReady(FRANK);
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtInsufficientFreeStake.selector, 1, 0));
        vm.prank(FRANK);
        _court.withdraw(1, FRANK);

        _court.passPeriod(id); // commit deadline passed during the exit delay
        assertEq(uint8(_dispute(id).period), uint8(Period.Reveal), "reveal");
        _passAfterDeadline(id); // nobody committed: the reveal period runs to its deadline
        assertEq(uint8(_dispute(id).period), uint8(Period.Appeal), "ruled");
        _passAfterDeadline(id);
        _court.executeRound(id, 0, 6);
        assertEq(_round(id, 0).penalties, MIN_STAKE, "penalties capped at the stake");
        assertEq(_mediator(FRANK).stake, 0, "stake taken");
        assertEq(_mediator(FRANK).locked, 0, "locks released");
        (uint256 weight,) = _court.poolTotal("es", TOPIC);
        assertEq(weight, 0, "out of the draw");
    }

    /* ------------------------------------------------------------------ */
    /*                                GUARDS                              */
    /* ------------------------------------------------------------------ */

    function test_stake_revertWhenZero() public {
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtZeroAmount.selector));
        vm.prank(ALICE);
        _court.stake(0);
    }

    function test_stake_revertWhenAboveUint96() public {
        uint256 amount = uint256(type(uint96).max) - MEDIATOR_STAKE + 1;
        vm.expectRevert(
            abi.encodeWithSelector(
                IMediatorCourt.CourtAmountTooLarge.selector, MEDIATOR_STAKE + amount, type(uint96).max
            )
        );
        vm.prank(ALICE);
        _court.stake(amount);
    }

    function test_joinPool_revertWhenAlreadyInOrFifthPool() public {
        vm.expectRevert(abi.encodeWithSelector(PoolLogic.PoolLogicAlreadyInPool.selector, _key(LANGUAGE, TOPIC)));
        vm.prank(ALICE);
        _court.joinPool(LANGUAGE, TOPIC);
        vm.startPrank(ALICE);
        _court.joinPool(LANGUAGE, 2);
        _court.joinPool(LANGUAGE, 3);
        _court.joinPool("en", 3);
        vm.expectRevert(abi.encodeWithSelector(PoolLogic.PoolLogicTooManyPools.selector, 4));
        _court.joinPool("en", 4);
        vm.stopPrank();
    }

    function test_joinPool_revertWhenLanguagePoolOrUnknownTopic() public {
        vm.startPrank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtInvalidPool.selector, LANGUAGE, LANGUAGE_POOL));
        _court.joinPool(LANGUAGE, LANGUAGE_POOL);
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtInvalidPool.selector, LANGUAGE, TOPIC_COUNT));
        _court.joinPool(LANGUAGE, TOPIC_COUNT);
        vm.stopPrank();
    }

    function test_leavePool_revertWhenNotInPool() public {
        _exitReady(ALICE);
        vm.expectRevert(abi.encodeWithSelector(PoolLogic.PoolLogicNotInPool.selector, _key("en", TOPIC)));
        vm.prank(ALICE);
        _court.leavePool("en", TOPIC);
    }

    /// @notice A matured exit request is usable for EXIT_WINDOW only: a mediator cannot keep an exit ready for
    ///         whenever a dispute turns against it.
    function test_withdraw_revertWhenTheExitWindowClosed() public {
        vm.prank(ALICE);
        _court.requestExit();
        uint256 allowedAt = block.timestamp + EXIT_DELAY;
        vm.warp(allowedAt + EXIT_WINDOW + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IMediatorCourt.CourtExitNotAllowed.selector, allowedAt, block.timestamp)
        );
        vm.prank(ALICE);
        _court.withdraw(1, ALICE);
    }

    function test_draw_revertOutsideDrawing() public {
        uint256 id = _openDispute();
        _drawAll(id);
        vm.expectRevert(
            abi.encodeWithSelector(IMediatorCourt.CourtUnexpectedPeriod.selector, id, Period.Commit, Period.Drawing)
        );
        _court.draw(id, 1);
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtUnknownDispute.selector, id + 1));
        _court.draw(id + 1, 1);
    }

    /// @notice Drawing never ends by passPeriod: before any draw, and between batches (the last draw ends it).
    function test_passPeriod_revertWhenDrawingIncomplete() public {
        uint256 id = _openDispute();
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtDrawingIncomplete.selector, id, 0, 3));
        _court.passPeriod(id);
        _fulfil(id);
        _court.draw(id, 1);
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtDrawingIncomplete.selector, id, 1, 3));
        _court.passPeriod(id);
        _court.draw(id, 1);
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtDrawingIncomplete.selector, id, 2, 3));
        _court.passPeriod(id);
        assertEq(uint8(_dispute(id).period), uint8(Period.Drawing), "still drawing");
    }

    function test_commit_revertWhenNoVotesOrPeriodOver() public {
        uint256 id = _openDispute();
        _drawAll(id);
        address m = _vote(id, 0, 0).mediator;
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtNoVotes.selector));
        vm.prank(m);
        _court.commit(id, new uint256[](0), keccak256("commitment"));

        uint256 deadline = _dispute(id).deadline;
        vm.warp(deadline + 1);
        uint256[] memory ids = CourtFlows.votesOf(_court, id, 0, m);
        vm.expectRevert(
            abi.encodeWithSelector(IMediatorCourt.CourtPeriodOver.selector, id, deadline, deadline + 1)
        );
        vm.prank(m);
        _court.commit(id, ids, keccak256("commitment"));
    }

    function test_reveal_revertWhenUncommittedRevealedOrInvalid() public {
        uint256 id = _openDispute();
        address[] memory drawn = _drawDistinct(id);
        uint8[] memory invalid = _answers3(0, 2, 0); // question 1 has two options
        _commit(id, drawn[0], _answers(3, 0));
        _commit(id, drawn[1], invalid);
        _passAfterDeadline(id);

        // drawn[2] never committed: refused before its answers are even hashed.
        uint256[] memory ids = CourtFlows.votesOf(_court, id, 0, drawn[2]);
        bytes32 salt = CourtFlows.saltOf(drawn[2], id, 0);
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtVoteNotCommitted.selector, id, ids[0]));
        vm.prank(drawn[2]);
        _court.reveal(id, ids, _answers(3, 0), salt);

        _expectRevealRevert(
            id, drawn[1], invalid, abi.encodeWithSelector(CourtLogic.CourtLogicInvalidAnswer.selector, 1, 2)
        );

        _reveal(id, drawn[0], _answers(3, 0));
        uint256 voteId = CourtFlows.votesOf(_court, id, 0, drawn[0])[0];
        _expectRevealRevert(
            id,
            drawn[0],
            _answers(3, 0),
            abi.encodeWithSelector(IMediatorCourt.CourtVoteAlreadyRevealed.selector, id, voteId)
        );
    }

    function test_reveal_revertWhenWrongAnswerCount() public {
        uint256 id = _openDispute();
        address[] memory drawn = _drawDistinct(id);
        uint8[] memory two = _answers(2, 0);
        _commit(id, drawn[0], two);
        _passAfterDeadline(id);
        _expectRevealRevert(id, drawn[0], two, abi.encodeWithSelector(CourtLogic.CourtLogicAnswerCount.selector, 2, 3));
    }

    /// @notice A request the randomness source refused leaves the round without a pending request: anyone can ask
    ///         again at once, without waiting for the timeout.
    function test_requestRandomness_retriesAFailedRequestAtOnce() public {
        _randomness.setConsumer(STRANGER); // the source now refuses the court
        uint256 id = _openDispute();
        assertEq(_round(id, 0).randomnessRequestedAt, 0, "no pending request");
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtRandomnessNotReady.selector, id, 0));
        _court.draw(id, 1);
        _randomness.setConsumer(address(_court));
        _court.requestRandomness(id);
        assertEq(_round(id, 0).randomnessRequestedAt, block.timestamp, "requested");
        _fulfil(id);
        _court.draw(id, 3);
        assertEq(_round(id, 0).drawn, 3, "drawn");
        assertEq(uint8(_dispute(id).period), uint8(Period.Commit), "commit");
    }

    /// @notice A mediator without any commitment cannot reveal, whatever seats it names; no seat, no reveal; a
    ///         seat that is not the caller's cannot be revealed even with its valid commitment.
    function test_reveal_revertWhenNotCommittedOrNoSeatsOrNotYours() public {
        uint256 id = _disputeWithOneMediator(); // FRANK holds all three seats
        uint8[] memory answers = _answers(3, 0);
        bytes32 salt = CourtFlows.saltOf(FRANK, id, 0);
        vm.prank(FRANK);
        _court.commit(id, _ids(0), CourtFlows.commitment(_court, id, 0, FRANK, answers, salt));
        _passAfterDeadline(id);
        assertEq(uint8(_dispute(id).period), uint8(Period.Reveal), "reveal");

        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtVoteNotCommitted.selector, id, 2));
        vm.prank(STRANGER);
        _court.reveal(id, _ids(2), answers, salt);
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtNoVotes.selector));
        vm.prank(FRANK);
        _court.reveal(id, new uint256[](0), answers, salt);
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtNotYourVote.selector, id, 3, FRANK));
        vm.prank(FRANK);
        _court.reveal(id, _ids(0, 3), answers, salt);
        assertEq(_round(id, 0).revealed, 0, "nothing revealed");
    }

    function test_fundAppeal_revertWhenZeroOrAfterDeadline() public {
        uint256 id = _disputeInAppeal(_answers(3, 1));
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtZeroAmount.selector));
        vm.prank(INFLUENCER);
        _court.fundAppeal(id, 0);
        uint256 deadline = _dispute(id).deadline;
        vm.warp(deadline + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IMediatorCourt.CourtPeriodOver.selector, id, deadline, deadline + 1)
        );
        vm.prank(INFLUENCER);
        _court.fundAppeal(id, 1);
    }

    function test_executeRound_revertBeforeExecutionOrForAFutureRound() public {
        uint256 id = _disputeInAppeal(_answers(3, 0));
        vm.expectRevert(
            abi.encodeWithSelector(IMediatorCourt.CourtUnexpectedPeriod.selector, id, Period.Appeal, Period.Execution)
        );
        _court.executeRound(id, 0, 1);
        _passAfterDeadline(id);
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtRoundAlreadyExecuted.selector, id, 1));
        _court.executeRound(id, 1, 1);
    }

    function test_executeRound_inBatchesOfOne() public {
        uint256 id = _disputeInAppeal(_answers(3, 0));
        _passAfterDeadline(id);
        for (uint256 i; i < 2 * FIRST_ROUND_MEDIATORS; ++i) {
            _court.executeRound(id, 0, 1);
        }
        Round memory r = _round(id, 0);
        assertEq(r.penalized, 3, "penalized");
        assertEq(r.rewarded, 3, "rewarded");
        assertEq(r.rewardedCoherence, r.coherenceSum, "all coherence paid");
    }

    function test_claim_revertWhenNothingOrBadRecipient() public {
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtNothingToClaim.selector, ALICE, _token));
        vm.prank(ALICE);
        _court.claim(_token, ALICE);
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtInvalidAddress.selector, address(0)));
        vm.prank(ALICE);
        _court.claim(_token, address(0));
    }

    function test_submitEvidence_revertAfterExecution() public {
        uint256 id = _disputeInAppeal(_answers(3, 0));
        vm.prank(BRAND);
        _court.submitEvidence(id, "ipfs://late");
        _passAfterDeadline(id);
        vm.expectRevert(
            abi.encodeWithSelector(IMediatorCourt.CourtUnexpectedPeriod.selector, id, Period.Execution, Period.Appeal)
        );
        vm.prank(BRAND);
        _court.submitEvidence(id, "ipfs://too-late");
    }

    function test_deliverRuling_revertWhenDeliveredOrNotFinal() public {
        uint256 id = _disputeInAppeal(_answers(3, 0));
        vm.expectRevert(
            abi.encodeWithSelector(IMediatorCourt.CourtUnexpectedPeriod.selector, id, Period.Appeal, Period.Execution)
        );
        _court.deliverRuling(id);
        _passAfterDeadline(id);
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtRulingAlreadyDelivered.selector, id));
        _court.deliverRuling(id);
    }

    function test_nativeFees_revert() public {
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtNativeFeesUnsupported.selector));
        _court.createDispute(10_001, "");
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtNativeFeesUnsupported.selector));
        _court.arbitrationCost("");
        vm.expectRevert(
            abi.encodeWithSelector(IMediatorCourt.CourtFeeTokenNotAccepted.selector, IERC20(STRANGER), _token)
        );
        _court.arbitrationCost("", IERC20(STRANGER));
    }

    function test_createDispute_revertWhenContextInvalid() public {
        Question[] memory none = new Question[](0);
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(CourtLogic.CourtLogicInvalidCriteria.selector, 0));
        _court.createDispute(10_001, abi.encode(_context(none)), _token, ARBITRATION_COST);

        Question[] memory allCompliant = CourtFlows.defaultCriteria();
        allCompliant[1].compliantMask = 3; // both options compliant: no question at all
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(CourtLogic.CourtLogicInvalidCriteria.selector, 1));
        _court.createDispute(10_001, abi.encode(_context(allCompliant)), _token, ARBITRATION_COST);

        uint256 tooMuch = uint256(type(uint96).max) + 1;
        bytes memory extraData = abi.encode(_context(CourtFlows.defaultCriteria()));
        vm.prank(STRANGER);
        vm.expectRevert(
            abi.encodeWithSelector(IMediatorCourt.CourtAmountTooLarge.selector, tooMuch, type(uint96).max)
        );
        _court.createDispute(10_001, extraData, _token, tooMuch);

        DisputeContext memory noBrand = _context(CourtFlows.defaultCriteria());
        noBrand.brand = address(0);
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtInvalidAddress.selector, address(0)));
        _court.createDispute(10_001, abi.encode(noBrand), _token, ARBITRATION_COST);
    }

    /* ------------------------------------------------------------------ */
    /*                 COMMIT RULES AND PERIODS THAT END BY THEMSELVES    */
    /* ------------------------------------------------------------------ */

    /// @notice A zero commitment (it would read as no commitment) is refused, as a first commit and as a
    ///         replacement, and counts nothing.
    function test_commit_revertWhenCommitmentEmpty() public {
        uint256 id = _openDispute();
        address[] memory drawn = _drawDistinct(id);
        uint256[] memory ids = CourtFlows.votesOf(_court, id, 0, drawn[0]);
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtEmptyCommitment.selector));
        vm.prank(drawn[0]);
        _court.commit(id, ids, bytes32(0));
        assertEq(_round(id, 0).committed, 0, "nothing counted");

        _commit(id, drawn[0], _answers(3, 0));
        bytes32 kept = _court.commitmentOf(id, 0, drawn[0]);
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtEmptyCommitment.selector));
        vm.prank(drawn[0]);
        _court.commit(id, ids, bytes32(0));
        assertEq(_court.commitmentOf(id, 0, drawn[0]), kept, "commitment kept");
        assertEq(_round(id, 0).committed, 1, "counted once");
    }

    /// @notice The vote ids of a commit must be strictly increasing: a repeated or smaller id is refused with its
    ///         index (before the ownership of the later ids is looked at), and counts nothing.
    function test_commit_revertWhenVoteIdsNotIncreasing() public {
        uint256 id = _disputeWithOneMediator(); // FRANK holds all three seats
        bytes32 c = keccak256("commitment");
        _expectCommitRevert(id, FRANK, _ids(1, 0), c, _notIncreasing(1));
        _expectCommitRevert(id, FRANK, _ids(0, 0), c, _notIncreasing(1));
        _expectCommitRevert(id, FRANK, _ids(0, 2, 1), c, _notIncreasing(2));
        _expectCommitRevert(id, FRANK, _ids(0, 1, 1), c, _notIncreasing(2));
        _expectCommitRevert(id, FRANK, _ids(2, 1, 7), c, _notIncreasing(1));
        _expectCommitRevert(
            id, FRANK, _ids(0, 7, 1), c, abi.encodeWithSelector(IMediatorCourt.CourtNotYourVote.selector, id, 7, FRANK)
        );
        assertEq(_round(id, 0).committed, 0, "nothing counted");
        assertEq(_court.commitmentOf(id, 0, FRANK), bytes32(0), "nothing stored");

        vm.prank(FRANK);
        _court.commit(id, _ids(0, 1, 2), c);
        assertEq(_round(id, 0).committed, 3, "three seats");
        assertEq(uint8(_dispute(id).period), uint8(Period.Reveal), "every seat committed");
    }

    /// @notice The seats listed at a mediator's first commit are what counts as committed: a replacing commit
    ///         changes the commitment, not the count, so listing more seats later does not open the reveal period.
    function test_commit_countsTheSeatsListedAtTheFirstCommitOnly() public {
        uint256 id = _disputeWithOneMediator();
        vm.prank(FRANK);
        _court.commit(id, _ids(1), keccak256("first"));
        assertEq(_round(id, 0).committed, 1, "one seat listed");

        vm.expectEmit(address(_court));
        emit IMediatorCourt.Committed(id, 0, FRANK, keccak256("second"));
        vm.prank(FRANK);
        _court.commit(id, _ids(0, 1, 2), keccak256("second"));
        assertEq(_court.commitmentOf(id, 0, FRANK), keccak256("second"), "replaced");
        assertEq(_round(id, 0).committed, 1, "a replacing commit counts nothing");
        DisputeInfo memory d = _dispute(id);
        assertEq(uint8(d.period), uint8(Period.Commit), "still committing");
        vm.expectRevert(
            abi.encodeWithSelector(IMediatorCourt.CourtPeriodNotOver.selector, id, d.deadline, block.timestamp)
        );
        _court.passPeriod(id);
        _passAfterDeadline(id);
        assertEq(uint8(_dispute(id).period), uint8(Period.Reveal), "reveal after the deadline");
    }

    /// @notice The draw of the last seat opens the commit period (earlier batches leave the dispute drawing); the
    ///         commit period then runs to its deadline unless every seat commits.
    function test_draw_lastSeatOpensTheCommitPeriod() public {
        uint256 id = _openDispute();
        _fulfil(id);
        _court.draw(id, 2);
        assertEq(uint8(_dispute(id).period), uint8(Period.Drawing), "drawing between batches");
        vm.expectEmit(address(_court));
        emit IMediatorCourt.NewPeriod(id, 0, Period.Commit, block.timestamp + PERIOD);
        _court.draw(id, 5); // capped at the one open seat
        _assertCommitOpened(id);
        uint256 deadline = _dispute(id).deadline;
        vm.expectRevert(
            abi.encodeWithSelector(IMediatorCourt.CourtPeriodNotOver.selector, id, deadline, block.timestamp)
        );
        _court.passPeriod(id);
    }

    /// @notice The first commit that completes the count opens the reveal period at once; no commit after it.
    function test_commit_lastCommitOpensTheRevealPeriod() public {
        uint256 id = _openDispute();
        address[] memory drawn = _drawDistinct(id);
        vm.warp(block.timestamp + 1 hours);
        _commit(id, drawn[0], _answers(3, 0));
        _commit(id, drawn[1], _answers(3, 0));
        assertEq(uint8(_dispute(id).period), uint8(Period.Commit), "two of three");
        vm.expectEmit(address(_court));
        emit IMediatorCourt.NewPeriod(id, 0, Period.Reveal, block.timestamp + PERIOD);
        _commit(id, drawn[2], _answers(3, 0));
        assertEq(_round(id, 0).committed, 3, "committed");
        assertEq(_dispute(id).deadline, block.timestamp + PERIOD, "reveal deadline");

        uint256[] memory ids = CourtFlows.votesOf(_court, id, 0, drawn[0]);
        vm.expectRevert(
            abi.encodeWithSelector(IMediatorCourt.CourtUnexpectedPeriod.selector, id, Period.Reveal, Period.Commit)
        );
        vm.prank(drawn[0]);
        _court.commit(id, ids, keccak256("too late"));
    }

    /// @notice The reveal of the last seat rules the round and opens its appeal period at once.
    function test_reveal_lastRevealRulesTheRound() public {
        uint256 id = _openDispute();
        address[] memory drawn = _drawDistinct(id);
        for (uint256 i; i < drawn.length; ++i) {
            _commit(id, drawn[i], _answers(3, 0));
        }
        _reveal(id, drawn[0], _answers(3, 0));
        _reveal(id, drawn[1], _answers(3, 0));
        assertEq(uint8(_dispute(id).period), uint8(Period.Reveal), "two of three");
        vm.expectEmit(address(_court));
        emit IMediatorCourt.RoundRuled(id, 0, uint16(BPS), uint128(1 | (1 << 8) | (1 << 16)));
        vm.expectEmit(address(_court));
        emit IMediatorCourt.NewPeriod(id, 0, Period.Appeal, block.timestamp + PERIOD);
        _reveal(id, drawn[2], _answers(3, 0));
        assertEq(_dispute(id).shareBps, BPS, "ruling");
        _expectRevealRevert(
            id,
            drawn[0],
            _answers(3, 0),
            abi.encodeWithSelector(IMediatorCourt.CourtUnexpectedPeriod.selector, id, Period.Appeal, Period.Reveal)
        );
    }

    /// @notice In the last round, the last reveal makes the ruling final and delivers it to the escrow.
    function test_reveal_lastRevealOfTheLastRoundMakesTheRulingFinal() public {
        CourtParams memory p = defaultParams();
        p.maxRounds = 1;
        vm.prank(OWNER);
        _court.setParams(p);
        uint256 id = _openDispute();
        address[] memory drawn = _drawDistinct(id);
        for (uint256 i; i < drawn.length; ++i) {
            _commit(id, drawn[i], _answers(3, 0));
        }
        _reveal(id, drawn[0], _answers(3, 0));
        _reveal(id, drawn[1], _answers(3, 0));
        vm.expectEmit(address(_court));
        emit IMediatorCourt.NewPeriod(id, 0, Period.Execution, 0);
        vm.expectEmit(address(_court));
        emit IArbitratorV2.Ruling(IArbitrableV2(address(_escrow)), id, BPS + 1);
        _reveal(id, drawn[2], _answers(3, 0));
        assertTrue(_dispute(id).rulingDelivered, "delivered");
        assertEq(uint8(_escrow.getMilestone(_lastDealId(), 0).status), uint8(MilestoneStatus.Ruled), "ruled");
    }

    /// @notice The seats listed at the first commit are what counts, but the commitment covers all the mediator's
    ///         seats: FRANK, holding the three seats, lists seat 0 only and still reveals the three (revealed goes
    ///         above committed); the reveal of the last seat rules the round.
    function test_reveal_seatsNotListedAtTheFirstCommitCanBeRevealed() public {
        uint256 id = _disputeWithOneMediator();
        uint8[] memory answers = _answers(3, 0);
        bytes32 salt = CourtFlows.saltOf(FRANK, id, 0);
        vm.prank(FRANK);
        _court.commit(id, _ids(0), CourtFlows.commitment(_court, id, 0, FRANK, answers, salt));
        _passAfterDeadline(id);
        vm.prank(FRANK);
        _court.reveal(id, _ids(0, 1), answers, salt);
        Round memory r = _round(id, 0);
        assertEq(r.committed, 1, "committed");
        assertEq(r.revealed, 2, "revealed above committed");
        assertEq(uint8(_dispute(id).period), uint8(Period.Reveal), "one seat left");
        vm.expectEmit(address(_court));
        emit IMediatorCourt.NewPeriod(id, 0, Period.Appeal, block.timestamp + PERIOD);
        vm.prank(FRANK);
        _court.reveal(id, _ids(2), answers, salt);
        assertEq(_dispute(id).shareBps, BPS, "ruling");
    }

    /// @notice The pool is chosen when the round opens, before the random word: a topic pool that shrinks below the
    ///         round's seats afterwards (without emptying) still serves the round.
    function test_createDispute_choosesThePoolWhenTheRoundOpens() public {
        // ALICE, BOB and CAROL also sit in ("fr", 2): leaving ("fr", 1) keeps them in the French pool.
        for (uint256 i; i < 3; ++i) {
            vm.startPrank(_mediators[i]);
            _court.joinPool(LANGUAGE, 2);
            _court.requestExit();
            vm.stopPrank();
        }
        vm.warp(block.timestamp + EXIT_DELAY);
        uint256 id = _openDispute();
        assertEq(_round(id, 0).poolKey, _key(LANGUAGE, TOPIC), "topic pool chosen at creation");
        // The pools change only once the first word expired (they are frozen while the round waits for it).
        vm.warp(block.timestamp + RANDOMNESS_TIMEOUT + 1);
        for (uint256 i; i < 3; ++i) {
            vm.prank(_mediators[i]);
            _court.leavePool(LANGUAGE, TOPIC);
        }
        _court.requestRandomness(id);
        (, uint256 size) = _court.poolTotal(LANGUAGE, TOPIC);
        assertEq(size, 2, "fewer mediators than seats left");

        _drawAll(id);
        assertEq(_round(id, 0).poolKey, _key(LANGUAGE, TOPIC), "kept");
        for (uint256 v; v < FIRST_ROUND_MEDIATORS; ++v) {
            address m = _vote(id, 0, v).mediator;
            assertTrue(m == DAVE || m == ERIN, "drawn from the topic pool");
        }
    }

    /// @notice A pool chosen at opening that emptied before the first draw is chosen again by the draw.
    function test_draw_choosesThePoolAgainWhenItEmptied() public {
        for (uint256 i; i < MEDIATOR_COUNT; ++i) {
            vm.startPrank(_mediators[i]);
            _court.joinPool(LANGUAGE, 2);
            _court.requestExit();
            vm.stopPrank();
        }
        vm.warp(block.timestamp + EXIT_DELAY);
        uint256 id = _openDispute();
        assertEq(_round(id, 0).poolKey, _key(LANGUAGE, TOPIC), "topic pool chosen at creation");
        vm.warp(block.timestamp + RANDOMNESS_TIMEOUT + 1);
        for (uint256 i; i < MEDIATOR_COUNT; ++i) {
            vm.prank(_mediators[i]);
            _court.leavePool(LANGUAGE, TOPIC);
        }
        _court.requestRandomness(id);
        _drawAll(id);
        assertEq(_round(id, 0).poolKey, _key(LANGUAGE, LANGUAGE_POOL), "language pool chosen by the draw");
    }

    /// @notice An appeal period that ended unappealed is made final by executeRound itself: the ruling is delivered
    ///         to the escrow and the round settled in the same call. Up to the deadline it is not, and a call that
    ///         reverts finalizes nothing.
    function test_executeRound_finalizesAnUnappealedRulingAfterTheAppealDeadline() public {
        uint256 id = _disputeInAppeal(_answers(3, 0));
        uint256 deadline = _dispute(id).deadline;
        vm.warp(deadline);
        vm.expectRevert(
            abi.encodeWithSelector(IMediatorCourt.CourtUnexpectedPeriod.selector, id, Period.Appeal, Period.Execution)
        );
        _court.executeRound(id, 0, 6);

        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtRoundAlreadyExecuted.selector, id, 1));
        _court.executeRound(id, 1, 1);
        assertEq(uint8(_dispute(id).period), uint8(Period.Appeal), "a reverted call finalizes nothing");

        uint256[] memory walletsBefore = _wallets();
        vm.expectEmit(address(_court));
        emit IMediatorCourt.NewPeriod(id, 0, Period.Execution, 0);
        vm.expectEmit(address(_court));
        emit IArbitratorV2.Ruling(IArbitrableV2(address(_escrow)), id, BPS + 1);
        vm.prank(STRANGER);
        _court.executeRound(id, 0, 6);

        DisputeInfo memory d = _dispute(id);
        assertEq(uint8(d.period), uint8(Period.Execution), "final");
        assertTrue(d.rulingDelivered, "delivered");
        assertEq(uint8(_escrow.getMilestone(_lastDealId(), 0).status), uint8(MilestoneStatus.Ruled), "ruled");
        Round memory r = _round(id, 0);
        assertEq(r.penalized, FIRST_ROUND_MEDIATORS, "penalized");
        assertEq(r.rewarded, FIRST_ROUND_MEDIATORS, "rewarded");
        uint256 rewards;
        for (uint256 i; i < MEDIATOR_COUNT; ++i) {
            rewards += _usdc.balanceOf(_mediators[i]) - walletsBefore[i];
            assertEq(_mediator(_mediators[i]).locked, 0, "unlocked");
        }
        assertEq(rewards, ARBITRATION_COST, "fee sent to the seats");
        vm.expectRevert(
            abi.encodeWithSelector(IMediatorCourt.CourtUnexpectedPeriod.selector, id, Period.Execution, Period.Appeal)
        );
        _court.passPeriod(id);
    }

    /// @notice A reward that cannot be sent (USDC blacklisted the mediator) is credited instead, without blocking
    ///         the other rewards; the mediator claims it later to another address.
    function test_executeRound_creditsTheRewardOfABlacklistedMediatorForAClaim() public {
        uint256 id = _openDispute();
        address[] memory drawn = _drawDistinct(id);
        _voteRoundSame(id, _answers(3, 0));
        _passAfterDeadline(id);
        _blacklist(drawn[1], true);
        uint256[] memory walletsBefore = _wallets();
        uint256 courtBefore = _usdc.balanceOf(address(_court));

        vm.expectEmit(address(_court));
        emit IMediatorCourt.Paid(drawn[0], _token, FEE_PER_MEDIATOR);
        vm.expectEmit(address(_court));
        emit IMediatorCourt.Credited(drawn[1], _token, FEE_PER_MEDIATOR);
        vm.expectEmit(address(_court));
        emit IMediatorCourt.Paid(drawn[2], _token, FEE_PER_MEDIATOR);
        _court.executeRound(id, 0, 6);

        assertEq(_usdc.balanceOf(drawn[0]) - walletsBefore[_indexOf(drawn[0])], FEE_PER_MEDIATOR, "sent");
        assertEq(_usdc.balanceOf(drawn[2]) - walletsBefore[_indexOf(drawn[2])], FEE_PER_MEDIATOR, "sent");
        assertEq(_usdc.balanceOf(drawn[1]), walletsBefore[_indexOf(drawn[1])], "nothing reached the blacklisted");
        assertEq(_credited(drawn[1]), FEE_PER_MEDIATOR, "credited instead");
        assertEq(_credited(drawn[0]) + _credited(drawn[2]), 0, "no credit for the others");
        assertEq(courtBefore - _usdc.balanceOf(address(_court)), 2 * FEE_PER_MEDIATOR, "the credit stays held");

        vm.expectRevert(abi.encodeWithSelector(MockUSDC.Blacklisted.selector, drawn[1]));
        vm.prank(drawn[1]);
        _court.claim(_token, drawn[1]);
        address rescue = makeAddr("rescue");
        vm.expectEmit(address(_court));
        emit IMediatorCourt.Claimed(drawn[1], _token, rescue, FEE_PER_MEDIATOR);
        vm.prank(drawn[1]);
        assertEq(_court.claim(_token, rescue), FEE_PER_MEDIATOR, "claimed");
        assertEq(_usdc.balanceOf(rescue), FEE_PER_MEDIATOR, "received");
        assertEq(_credited(drawn[1]), 0, "credit used");
        assertEq(_usdc.balanceOf(address(_court)), courtBefore - 3 * FEE_PER_MEDIATOR, "court paid everything");
    }

    /* ------------------------------------------------------------------ */
    /*                         REGRESSIONS (FIXED BUGS)                   */
    /* ------------------------------------------------------------------ */

    /// @notice A word is drawn with until it expires, RANDOMNESS_TIMEOUT after its request, and replaced only after
    ///         that (the pools are frozen only until then; before, it was copied at the first draw and an arrived
    ///         word could be re-rolled at any time after the timeout, now only when nobody drew within it).
    function test_requestRandomness_replacesAWordOnlyOnceItExpired() public {
        uint256 id = _openDispute();
        uint256 expiry = block.timestamp + RANDOMNESS_TIMEOUT;
        vm.warp(expiry);
        _fulfil(id); // the word arrives late, nobody drew yet
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtRandomnessPending.selector, id, 1, expiry + 1));
        vm.prank(STRANGER);
        _court.requestRandomness(id);
        _court.draw(id, 1);
        vm.warp(expiry + 1);
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtRandomnessExpired.selector, id, 1, expiry));
        _court.draw(id, 1);
        vm.prank(STRANGER);
        _court.requestRandomness(id);
        assertEq(_round(id, 0).randomnessRequestId, 2, "replaced");
        _fulfil(id);
        _court.draw(id, FIRST_ROUND_MEDIATORS - 1);
        assertEq(uint8(_dispute(id).period), uint8(Period.Commit), "drawn with both words");
    }

    /// @notice A dispute opened by an account without code still becomes final (its ruling cannot be delivered),
    ///         so its rounds are executed and the drawn mediators' locks released.
    function test_passPeriod_finalEvenWhenTheArbitrableHasNoCode() public {
        address eoa = makeAddr("eoa");
        _usdc.mint(eoa, ARBITRATION_COST);
        vm.startPrank(eoa);
        _usdc.approve(address(_court), ARBITRATION_COST);
        bytes memory extraData = abi.encode(_context(CourtFlows.defaultCriteria()));
        uint256 id = _court.createDispute(10_001, extraData, _token, ARBITRATION_COST);
        vm.stopPrank();
        _drawAll(id);
        _voteRoundSame(id, _answers(3, 0));
        vm.warp(uint256(_dispute(id).deadline) + 1);
        vm.expectEmit(address(_court));
        emit IMediatorCourt.RulingDeliveryFailed(id);
        _court.passPeriod(id);
        assertEq(uint8(_dispute(id).period), uint8(Period.Execution), "final");
        assertFalse(_dispute(id).rulingDelivered, "not delivered");
        _court.executeRound(id, 0, 6);
        for (uint256 i; i < MEDIATOR_COUNT; ++i) {
            assertEq(_mediator(_mediators[i]).locked, 0, "lock released");
        }
    }

    /// @notice The seat limit check stops doubling once above MAX_SEATS: huge maxRounds are refused by rule 5,
    ///         not by an overflow.
    function test_setParams_revertWhenSeatsOverflowWithoutPanic() public {
        CourtParams memory p = defaultParams();
        p.firstRoundMediators = 255;
        p.maxRounds = 255;
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtInvalidParams.selector, 5));
        vm.prank(OWNER);
        _court.setParams(p);
    }

    /* ------------------------------------------------------------------ */
    /*                              KNOWN ISSUES                          */
    /* ------------------------------------------------------------------ */
    // Each test below pins the court's current behaviour for a problem reported with these tests. When the
    // court is fixed, the test fails: turn it into the assertion of the fixed behaviour given in its NatSpec.

    /// @notice KNOWN ISSUE (rounding): `CourtLogic.rule` floors each question's share (weight * 10,000 * compliant
    ///         tops / tops) before dividing by the total weight, so a ruling with ties can be 1 bp below the written
    ///         rule's single floor. Here two 3-option questions of weight 1 end in three-way ties, one with 1 of 3
    ///         tops compliant, the other 2 of 3: exactly (1/3 + 2/3) / 2 = 5,000, the court rules 4,999.
    ///         Fixed behaviour: 5,000 (e.g. accumulate weight * 840 * compliant / tops, 840 = lcm(1..8), and divide
    ///         once by 840 * total weight).
    function test_rule_knownIssue_floorsEachQuestionBeforeWeighting() public {
        Question[] memory criteria = new Question[](2);
        criteria[0] = Question({optionCount: 3, compliantMask: 0x1, weight: 1});
        criteria[1] = Question({optionCount: 3, compliantMask: 0x3, weight: 1});
        uint256 id = _openDisputeWith(criteria);
        address[] memory drawn = _drawDistinct(id);
        uint8[][] memory answersOf = new uint8[][](MEDIATOR_COUNT);
        uint8[][] memory votes = new uint8[][](3);
        for (uint256 i; i < MEDIATOR_COUNT; ++i) {
            answersOf[i] = _answers(2, 0);
        }
        for (uint256 v; v < 3; ++v) {
            votes[v] = _answers(2, uint8(v));
            answersOf[_indexOf(drawn[v])] = votes[v];
        }
        _voteRound(id, answersOf);
        CourtReference.Ruling memory ref = CourtReference.rule(criteria, votes);
        assertEq(ref.exactShareBps, 5_000, "written rule");
        assertEq(_dispute(id).shareBps, 4_999, "court");
    }

    /// @notice KNOWN ISSUE (liveness): a draw makes at most 8 attempts per seat and call and skips parties, so a
    ///         party that stakes k times the other mediators' stake into the pool makes each attempt succeed with
    ///         probability about 1/k: at 1,000 times, ten calls for three seats draw nothing and the dispute stays
    ///         in Drawing. Fixed behaviour: the draw excludes the parties' weight from the drawn range (or the
    ///         pool choice ignores pools where the parties hold most of the weight).
    function test_draw_knownIssue_partiesHoldingMostOfThePoolStallTheDraw() public {
        _stakeAndJoin(BRAND, 1_000 * MEDIATOR_COUNT * MEDIATOR_STAKE, LANGUAGE, TOPIC);
        uint256 id = _openDispute();
        _fulfil(id);
        for (uint256 i; i < 10; ++i) {
            _court.draw(id, 3);
        }
        uint256 drawn = _round(id, 0).drawn;
        assertLt(drawn, 3, "stalled");
        vm.expectRevert(abi.encodeWithSelector(IMediatorCourt.CourtDrawingIncomplete.selector, id, drawn, 3));
        _court.passPeriod(id);
    }

    /// @notice Fixed (was a known issue): a mediator that listed one of its two seats at its first commit reveals
    ///         both; the reveal count then equals the committed count, yet the period does not end before its
    ///         deadline, so the other committed mediator still reveals in time and keeps its lock.
    function test_passPeriod_revealNotCutShortBySeatsNotListedAtCommit() public {
        uint256 id = _openDispute();
        address[] memory drawn = _drawWithDistinct(id, 2);
        uint256[] memory seats0 = CourtFlows.votesOf(_court, id, 0, drawn[0]);
        (address double, address single) = seats0.length == 2 ? (drawn[0], drawn[1]) : (drawn[1], drawn[0]);
        uint256[] memory doubleSeats = CourtFlows.votesOf(_court, id, 0, double);
        uint8[] memory answers = _answers(3, 0);
        bytes32 salt = CourtFlows.saltOf(double, id, 0);
        vm.prank(double);
        _court.commit(id, _ids(doubleSeats[0]), CourtFlows.commitment(_court, id, 0, double, answers, salt));
        _commit(id, single, answers);
        assertEq(_round(id, 0).committed, 2, "two seats counted");
        _passAfterDeadline(id);

        vm.prank(double);
        _court.reveal(id, doubleSeats, answers, salt);
        uint256 deadline = _dispute(id).deadline;
        assertEq(_round(id, 0).revealed, 2, "two seats revealed");
        vm.prank(STRANGER);
        vm.expectRevert(
            abi.encodeWithSelector(IMediatorCourt.CourtPeriodNotOver.selector, id, deadline, block.timestamp)
        );
        _court.passPeriod(id);
        // The committed mediator reveals in time; its reveal is the round's last seat and rules the round.
        _reveal(id, single, answers);
        assertEq(uint8(_dispute(id).period), uint8(Period.Appeal), "ruled at the last seat's reveal");

        uint256 singleBefore = _usdc.balanceOf(single);
        vm.warp(uint256(_dispute(id).deadline) + 1);
        _court.executeRound(id, 0, 6);
        assertEq(_mediator(single).stake, MEDIATOR_STAKE, "the honest committer keeps its stake");
        assertGt(_usdc.balanceOf(single), singleBefore, "and is rewarded");
    }

    /* ------------------------------------------------------------------ */
    /*                                HELPERS                             */
    /* ------------------------------------------------------------------ */

    /// @dev `party` funds `amount` of the appeal of dispute `id`.
    function _fund(address party, uint256 id, uint256 amount) internal {
        _usdc.mint(party, amount);
        vm.startPrank(party);
        _usdc.approve(address(_court), amount);
        _court.fundAppeal(id, amount);
        vm.stopPrank();
    }

    /// @dev `mediator` reveals `answers` with its salt for all its votes, expecting the revert `err`.
    function _expectRevealRevert(uint256 id, address mediator, uint8[] memory answers, bytes memory err) internal {
        uint256[] memory ids = CourtFlows.votesOf(_court, id, 0, mediator);
        bytes32 salt = CourtFlows.saltOf(mediator, id, 0);
        vm.expectRevert(err);
        vm.prank(mediator);
        _court.reveal(id, ids, answers, salt);
    }

    function _key(bytes2 language, uint8 topic) internal pure returns (uint24) {
        return (uint24(uint16(language)) << 8) | topic;
    }

    /// @dev FRANK, alone in ("es", 1), is drawn on the three seats of a new dispute there (in its commit period).
    function _disputeWithOneMediator() internal returns (uint256 id) {
        _stakeAndJoin(FRANK, MIN_STAKE, "es", TOPIC);
        id = _openDisputeWith(BRAND, INFLUENCER, "es", TOPIC, CourtFlows.defaultCriteria());
        _drawAll(id);
        assertEq(CourtFlows.votesOf(_court, id, 0, FRANK).length, FIRST_ROUND_MEDIATORS, "FRANK on every seat");
    }

    /// @dev `mediator` commits `ids`, expecting the revert `err`.
    function _expectCommitRevert(uint256 id, address mediator, uint256[] memory ids, bytes32 c, bytes memory err)
        internal
    {
        vm.expectRevert(err);
        vm.prank(mediator);
        _court.commit(id, ids, c);
    }

    function _notIncreasing(uint256 index) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IMediatorCourt.CourtVoteIdsNotIncreasing.selector, index);
    }

    function _ids(uint256 a) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](1);
        ids[0] = a;
    }

    function _ids(uint256 a, uint256 b) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](2);
        ids[0] = a;
        ids[1] = b;
    }

    function _ids(uint256 a, uint256 b, uint256 c) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](3);
        ids[0] = a;
        ids[1] = b;
        ids[2] = c;
    }
}
