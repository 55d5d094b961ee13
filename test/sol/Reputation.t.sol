// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDealEscrow} from "../../contracts/interfaces/IDealEscrow.sol";
import {DealReputation, IReputation, ReputationStats} from "../../contracts/interfaces/IReputation.sol";
import {Reputation} from "../../contracts/Reputation.sol";
import {DealKey, DealStatus, DealTerms, Party} from "../../contracts/types/DealTypes.sol";
import {EscrowTestBase} from "./utils/EscrowTestBase.sol";

/// @notice The escrow's test stack plus a {Reputation} reading it, and the steps that end a milestone.
abstract contract ReputationTestBase is EscrowTestBase {
    uint256 internal constant _AMOUNT = 1_000e6;

    Reputation internal _reputation;

    function setUp() public virtual override {
        super.setUp();
        _reputation = new Reputation(IDealEscrow(address(_escrow)));
        vm.label(address(_reputation), "reputation");
    }

    /// @dev A one-milestone deal submitted and approved: closed and completed.
    function _approvedDeal() internal returns (DealTerms memory t, bytes32 id) {
        t = _terms1(_AMOUNT);
        id = _createSubmitted(t, 0);
        vm.prank(BRAND);
        _escrow.approveMilestone(t, 0);
    }

    /// @dev Takes submitted milestone `i` to the arbitrator and gives `ruling` (0 = half, r = r - 1 bps).
    function _rule(DealTerms memory t, uint256 i, uint256 ruling) internal {
        uint256 disputeId = _toArbitration(t, i);
        _arbitrator.giveRuling(disputeId, ruling);
    }

    /// @dev A one-milestone deal submitted, disputed and ruled `shareBps` for the influencer.
    function _ruledDeal(uint256 shareBps) internal returns (DealTerms memory t, bytes32 id) {
        t = _terms1(_AMOUNT);
        id = _createSubmitted(t, 0);
        _rule(t, 0, shareBps + 1);
    }

    function _stats(address account) internal view returns (ReputationStats memory) {
        return _reputation.statsOf(account);
    }

    /// @dev Asserts the deal counters of `account` (ratings apart).
    function _assertDeals(
        address account,
        uint256 closed,
        uint256 completed,
        uint256 won,
        uint256 lost,
        uint256 drawn,
        uint256 onTime,
        uint256 due
    ) internal view {
        ReputationStats memory s = _stats(account);
        assertEq(s.dealsClosed, closed, "dealsClosed");
        assertEq(s.dealsCompleted, completed, "dealsCompleted");
        assertEq(s.disputesWon, won, "disputesWon");
        assertEq(s.disputesLost, lost, "disputesLost");
        assertEq(s.disputesDrawn, drawn, "disputesDrawn");
        assertEq(s.onTimeDeliveries, onTime, "onTimeDeliveries");
        assertEq(s.deliveriesDue, due, "deliveriesDue");
    }
}

/// @notice Concrete unit tests of {Reputation}: one scenario each, with exact counters and exact revert arguments.
contract ReputationTest is ReputationTestBase {
    function test_constructor_revertWhenEscrowIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(IReputation.ReputationInvalidEscrow.selector, address(0)));
        new Reputation(IDealEscrow(address(0)));
    }

    function test_record_countsCompletedDeal() public {
        (DealTerms memory t, bytes32 id) = _approvedDeal();
        vm.expectEmit(address(_reputation));
        emit IReputation.DealRecorded(id, BRAND, INFLUENCER, true, 1, 1, 0, 0, 0, STRANGER);
        vm.prank(STRANGER);
        _reputation.record(t);
        assertTrue(_reputation.isRecorded(id));
        _assertDeals(BRAND, 1, 1, 0, 0, 0, 0, 0);
        _assertDeals(INFLUENCER, 1, 1, 0, 0, 0, 1, 1);
    }

    /// @dev Concrete twins of the fuzzed boundary: 4,999 bps is a brand win, 5,000 a draw, 5,001 an influencer win.
    function test_record_rulingAtHalfIsADraw() public {
        (DealTerms memory t,) = _ruledDeal(5_000);
        _reputation.record(t);
        _assertDeals(BRAND, 1, 1, 0, 0, 1, 0, 0);
        _assertDeals(INFLUENCER, 1, 1, 0, 0, 1, 1, 1);
    }

    function test_record_rulingJustBelowHalfIsABrandWin() public {
        (DealTerms memory t,) = _ruledDeal(4_999);
        _reputation.record(t);
        _assertDeals(BRAND, 1, 1, 1, 0, 0, 0, 0);
        _assertDeals(INFLUENCER, 1, 1, 0, 1, 0, 1, 1);
    }

    function test_record_rulingJustAboveHalfIsAnInfluencerWin() public {
        (DealTerms memory t,) = _ruledDeal(5_001);
        _reputation.record(t);
        _assertDeals(BRAND, 1, 1, 0, 1, 0, 0, 0);
        _assertDeals(INFLUENCER, 1, 1, 1, 0, 0, 1, 1);
    }

    function test_record_refusedArbitrationIsADraw() public {
        DealTerms memory t = _terms1(_AMOUNT);
        _createSubmitted(t, 0);
        _rule(t, 0, 0); // ruling 0: the arbitrator refused to arbitrate, the milestone is split in half
        _reputation.record(t);
        _assertDeals(BRAND, 1, 1, 0, 0, 1, 0, 0);
    }

    function test_record_revertWhenRecordedTwice() public {
        (DealTerms memory t, bytes32 id) = _approvedDeal();
        _reputation.record(t);
        vm.expectRevert(abi.encodeWithSelector(IReputation.ReputationAlreadyRecorded.selector, id));
        _reputation.record(t);
    }

    function test_record_revertWhenDealActive() public {
        DealTerms memory t = _terms1(_AMOUNT);
        bytes32 id = _createAccepted(t);
        vm.expectRevert(
            abi.encodeWithSelector(IReputation.ReputationDealNotEnded.selector, id, DealStatus.Active)
        );
        _reputation.record(t);
    }

    function test_record_revertWhenDealUnknown() public {
        DealTerms memory t = _terms1(_AMOUNT);
        bytes32 id = _escrow.dealId(t);
        vm.expectRevert(abi.encodeWithSelector(IReputation.ReputationDealNotEnded.selector, id, DealStatus.None));
        _reputation.record(t);
    }

    function test_rate_addsToTheOtherParty() public {
        (DealTerms memory t, bytes32 id) = _approvedDeal();
        DealKey memory key = _key(t);
        vm.expectEmit(address(_reputation));
        emit IReputation.Rated(id, BRAND, INFLUENCER, 4, keccak256("comment"));
        vm.prank(BRAND);
        _reputation.rate(key, 4, keccak256("comment"));
        vm.prank(INFLUENCER);
        _reputation.rate(key, 5, bytes32(0));

        assertEq(_stats(INFLUENCER).ratingCount, 1);
        assertEq(_stats(INFLUENCER).ratingSum, 4);
        assertEq(_stats(BRAND).ratingSum, 5);
        assertEq(_reputation.averageRating(INFLUENCER), 400);
        assertTrue(_reputation.hasRated(id, Party.Brand));
        assertTrue(_reputation.hasRated(id, Party.Influencer));
        DealReputation memory d = _reputation.dealReputation(id);
        assertEq(d.brandScore, 4);
        assertEq(d.influencerScore, 5);
        assertFalse(d.recorded);
    }

    function test_rate_revertWhenNotAParty() public {
        (DealTerms memory t, bytes32 id) = _approvedDeal();
        DealKey memory key = _key(t);
        vm.expectRevert(abi.encodeWithSelector(IReputation.ReputationNotAParty.selector, id, STRANGER));
        vm.prank(STRANGER);
        _reputation.rate(key, 5, bytes32(0));
    }

    function test_rate_revertWhenRatedTwice() public {
        (DealTerms memory t, bytes32 id) = _approvedDeal();
        DealKey memory key = _key(t);
        vm.prank(INFLUENCER);
        _reputation.rate(key, 5, bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(IReputation.ReputationAlreadyRated.selector, id, INFLUENCER));
        vm.prank(INFLUENCER);
        _reputation.rate(key, 5, bytes32(0));
    }

    function test_rate_revertWhenScoreOutOfRange() public {
        (DealTerms memory t,) = _approvedDeal();
        DealKey memory key = _key(t);
        vm.expectRevert(abi.encodeWithSelector(IReputation.ReputationScoreOutOfRange.selector, uint8(0)));
        vm.prank(BRAND);
        _reputation.rate(key, 0, bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(IReputation.ReputationScoreOutOfRange.selector, uint8(6)));
        vm.prank(BRAND);
        _reputation.rate(key, 6, bytes32(0));
    }

    function test_rate_revertWhenDealNotClosed() public {
        DealTerms memory t = _terms1(_AMOUNT);
        bytes32 id = _createSubmitted(t, 0);
        DealKey memory key = _key(t);
        vm.expectRevert(
            abi.encodeWithSelector(IReputation.ReputationDealNotEnded.selector, id, DealStatus.Active)
        );
        vm.prank(BRAND);
        _reputation.rate(key, 5, bytes32(0));
    }
}

/// @notice Properties: `record` adds exactly what happened to each milestone, computed here independently of the
///         escrow, and only once the deal closed; a rating is accepted only from a party of a closed deal, once per
///         side, with a score of 1 to 5, and the average is the scores' mean.
contract ReputationFuzzTest is ReputationTestBase {
    uint256 internal constant _OUTCOMES = 9;

    /// @dev What the test expects `record` to add, built from the outcomes it chose.
    struct Expected {
        bool closed;
        bool completed;
        uint256 onTime;
        uint256 influencerWins;
        uint256 brandWins;
        uint256 draws;
    }

    /// @dev Ends milestone `i` in one of `_OUTCOMES` ways and adds what it means to `e`.
    function _end(DealTerms memory t, uint256 i, uint256 outcome, uint256 seed, Expected memory e) internal {
        uint16 share; // the influencer's final share
        bool delivered;
        bool ruled;
        if (outcome == 0) {
            _submit(t, i);
            vm.prank(BRAND);
            _escrow.approveMilestone(t, i);
            (share, delivered) = (uint16(BPS), true);
        } else if (outcome == 1) {
            vm.prank(BRAND);
            _escrow.approveMilestone(t, i); // paid early, nothing delivered
            share = uint16(BPS);
        } else if (outcome == 2) {
            _submit(t, i);
            vm.warp(_milestone(_escrow.dealId(t), i).deadline + 1);
            _escrow.releaseAfterReview(t, i);
            (share, delivered) = (uint16(BPS), true);
        } else if (outcome == 3) {
            vm.prank(INFLUENCER);
            _escrow.refundMilestone(t, i);
        } else if (outcome == 4) {
            vm.warp(_milestone(_escrow.dealId(t), i).deadline + 1);
            _escrow.reclaimMilestone(t, i);
        } else if (outcome == 5) {
            delivered = seed & 1 == 1;
            if (delivered) _submit(t, i);
            share = uint16(_bound(seed >> 1, 0, BPS));
            vm.prank(BRAND);
            _escrow.proposeSettlement(t, i, share);
            vm.prank(INFLUENCER);
            _escrow.acceptSettlement(t, i, share);
        } else if (outcome == 6) {
            _submit(t, i);
            uint256 ruling = _bound(seed, 0, BPS + 1);
            _rule(t, i, ruling);
            (share, delivered, ruled) = (ruling == 0 ? uint16(BPS / 2) : uint16(ruling - 1), true, true);
        } else if (outcome == 7) {
            (share, delivered, ruled) = (_feeTimeout(t, i, seed & 1 == 1), true, true);
        } else {
            e.closed = false; // left open
            return;
        }
        if (share == 0) e.completed = false;
        if (delivered) ++e.onTime;
        if (!ruled) return;
        if (share > BPS / 2) ++e.influencerWins;
        else if (share < BPS / 2) ++e.brandWins;
        else ++e.draws;
    }

    /// @dev A dispute lost by default: the brand disputes a submission and the influencer does not answer (share 0),
    ///      or the influencer disputes a revision request and the brand does not answer (share 10,000).
    function _feeTimeout(DealTerms memory t, uint256 i, bool byInfluencer) internal returns (uint16 share) {
        _submit(t, i);
        if (byInfluencer) _requestRevision(t, i);
        _payFee(t, byInfluencer ? INFLUENCER : BRAND, i);
        vm.warp(_escrow.getArbitration(_escrow.dealId(t), i).feeDeadline + 1);
        _escrow.timeOutArbitration(t, i);
        return byInfluencer ? uint16(BPS) : 0;
    }

    /// @dev Plays a deal of 1 to 4 milestones with fuzzed outcomes; returns its terms, id and expectations.
    function _play(uint256 milestoneCount, uint256 outcomeSeed, uint256 shareSeed)
        internal
        returns (DealTerms memory t, bytes32 id, Expected memory e)
    {
        uint256 count = _bound(milestoneCount, 1, 4);
        uint256[] memory amounts = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            amounts[i] = _AMOUNT;
        }
        t = _terms(amounts);
        id = _createAccepted(t);
        e.closed = true;
        e.completed = true;
        for (uint256 i; i < count; ++i) {
            uint256 outcome = (outcomeSeed >> (8 * i)) % _OUTCOMES;
            _end(t, i, outcome, uint256(keccak256(abi.encode(shareSeed, i))), e);
        }
    }

    function testFuzz_record_addsWhatHappened(uint256 milestoneCount, uint256 outcomeSeed, uint256 shareSeed)
        public
    {
        (DealTerms memory t, bytes32 id, Expected memory e) = _play(milestoneCount, outcomeSeed, shareSeed);
        if (!e.closed) {
            vm.expectRevert(
                abi.encodeWithSelector(IReputation.ReputationDealNotEnded.selector, id, DealStatus.Active)
            );
            _reputation.record(t);
            return;
        }
        assertEq(_deal(id).completed, e.completed, "the escrow's completed is the independent one");
        _reputation.record(t);
        uint256 completed = e.completed ? 1 : 0;
        uint256 count = t.milestones.length;
        _assertDeals(BRAND, 1, completed, e.brandWins, e.influencerWins, e.draws, 0, 0);
        _assertDeals(INFLUENCER, 1, completed, e.influencerWins, e.brandWins, e.draws, e.onTime, count);
        vm.expectRevert(abi.encodeWithSelector(IReputation.ReputationAlreadyRecorded.selector, id));
        _reputation.record(t);
    }

    function testFuzz_rate_onlyPartiesOfClosedDealsOncePerSide(
        uint256 outcomeSeed,
        uint256 callerSeed,
        address stranger,
        uint8 scoreSeed
    ) public {
        vm.assume(stranger != BRAND && stranger != INFLUENCER);
        // Half the runs score 0 to 6 (both edges and every valid score), half anything up to 255.
        uint8 score = scoreSeed < 128 ? scoreSeed % 7 : scoreSeed;
        (DealTerms memory t, bytes32 id, Expected memory e) = _play(1, outcomeSeed, 0);
        uint256 pick = callerSeed % 3;
        address caller = pick == 0 ? BRAND : pick == 1 ? INFLUENCER : stranger;
        address rated = caller == BRAND ? INFLUENCER : BRAND;
        DealKey memory key = _key(t);

        if (caller == stranger) {
            vm.expectRevert(abi.encodeWithSelector(IReputation.ReputationNotAParty.selector, id, stranger));
        } else if (!e.closed) {
            vm.expectRevert(
                abi.encodeWithSelector(IReputation.ReputationDealNotEnded.selector, id, DealStatus.Active)
            );
        } else if (score == 0 || score > 5) {
            vm.expectRevert(abi.encodeWithSelector(IReputation.ReputationScoreOutOfRange.selector, score));
        } else {
            vm.expectEmit(address(_reputation));
            emit IReputation.Rated(id, caller, rated, score, bytes32(callerSeed));
        }
        vm.prank(caller);
        _reputation.rate(key, score, bytes32(callerSeed));

        bool accepted = caller != stranger && e.closed && score >= 1 && score <= 5;
        assertEq(_stats(rated).ratingCount, accepted ? 1 : 0, "ratingCount");
        assertEq(_stats(rated).ratingSum, accepted ? score : 0, "ratingSum");
        assertEq(_reputation.hasRated(id, caller == BRAND ? Party.Brand : Party.Influencer), accepted);
        if (!accepted) return;
        vm.expectRevert(abi.encodeWithSelector(IReputation.ReputationAlreadyRated.selector, id, caller));
        vm.prank(caller);
        _reputation.rate(key, score, bytes32(0));
    }

    function testFuzz_averageRating_isTheMeanTimes100(uint256 scoreSeed, uint256 dealCount) public {
        uint256 n = _bound(dealCount, 1, 6);
        uint256 sum;
        for (uint256 k; k < n; ++k) {
            (DealTerms memory t,) = _approvedDeal();
            uint8 score = uint8(1 + (scoreSeed >> (8 * k)) % 5);
            sum += score;
            DealKey memory key = _key(t); // before the prank, which applies to the next call only
            vm.prank(BRAND);
            _reputation.rate(key, score, bytes32(0));
        }
        assertEq(_stats(INFLUENCER).ratingCount, n);
        assertEq(_stats(INFLUENCER).ratingSum, sum);
        assertEq(_reputation.averageRating(INFLUENCER), sum * 100 / n);
        assertEq(_reputation.averageRating(BRAND), 0);
    }
}
