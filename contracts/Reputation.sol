// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDealEscrow} from "./interfaces/IDealEscrow.sol";
import {
    DealCounters,
    DealReputation,
    IReputation,
    RatingCounters,
    ReputationStats
} from "./interfaces/IReputation.sol";
import {
    DealKey, DealState, DealStatus, DealTerms, MilestoneState, MilestoneStatus, Party
} from "./types/DealTypes.sol";

/// @title Reputation
/// @notice Reputation counters and mutual ratings of the parties of Ispera deals, read from the escrow once a deal
///         is closed. See {IReputation}.
/// @dev Trust model and caveats:
///      - The escrow is fixed at deployment and is the only source of truth. There is no owner and no admin
///        function; nothing recorded or rated can be changed or removed.
///      - A deal counts once (`record`), after it closed; each party rates the other once, after it closed. Deals
///        that ended without being accepted (declined or expired offers) never count: nothing was delivered.
///      - A ruled milestone is a dispute whatever ended it: the arbitrator's ruling or a fee timeout (the party
///        that did not pay its arbitration fee in time lost by default). Settlements are agreements, not disputes.
///      - The counters state what the escrow recorded. They cannot tell two parties controlled by one person apart:
///        such deals cost the protocol fee and are public, but are possible (see docs/profiles.md).
///      - Counters are 32-bit: they would need more than four billion deals to overflow (checked arithmetic).
contract Reputation is IReputation {
    /* ------------------------------------------------------------------ */
    /*                       IMMUTABLES AND STORAGE                       */
    /* ------------------------------------------------------------------ */

    /// @dev The influencer's share at or above which a ruling is a draw or better for the influencer.
    uint16 internal constant _HALF_BPS = 5_000;
    uint8 internal constant _MAX_SCORE = 5;

    IDealEscrow internal immutable _ESCROW;

    mapping(address account => DealCounters) internal _dealCounters;
    mapping(address account => RatingCounters) internal _ratingCounters;
    mapping(bytes32 dealId => DealReputation) internal _deals;

    /* ------------------------------------------------------------------ */
    /*                             CONSTRUCTOR                            */
    /* ------------------------------------------------------------------ */

    /// @param escrow_ The escrow whose deals are recorded and rated.
    constructor(IDealEscrow escrow_) {
        if (address(escrow_) == address(0)) revert ReputationInvalidEscrow(address(0));
        _ESCROW = escrow_;
    }

    /* ------------------------------------------------------------------ */
    /*                               RECORD                               */
    /* ------------------------------------------------------------------ */

    /// @dev What `record` read from the escrow about one closed deal.
    struct Outcome {
        uint256 onTime;
        uint256 influencerWins;
        uint256 brandWins;
        uint256 draws;
    }

    /// @inheritdoc IReputation
    function record(DealTerms calldata terms) external {
        bytes32 id = keccak256(
            abi.encode(DealKey(terms.brand, terms.influencer, terms.token, keccak256(abi.encode(terms))))
        );
        DealReputation storage d = _deals[id];
        if (d.recorded) revert ReputationAlreadyRecorded(id);
        DealState memory deal = _ESCROW.getDeal(id);
        if (deal.status != DealStatus.Closed) revert ReputationDealNotEnded(id, deal.status);
        uint256 count = terms.milestones.length;
        Outcome memory o = _readOutcome(id, count);

        d.recorded = true;
        uint256 completed = deal.completed ? 1 : 0;
        _addDeal(terms.brand, completed, o.brandWins, o.influencerWins, o.draws, 0, 0);
        _addDeal(terms.influencer, completed, o.influencerWins, o.brandWins, o.draws, o.onTime, count);

        emit DealRecorded(
            id,
            terms.brand,
            terms.influencer,
            deal.completed,
            count,
            o.onTime,
            o.influencerWins,
            o.brandWins,
            o.draws,
            msg.sender
        );
    }

    /// @dev Reads each milestone's final state: delivered in time, and who a ruling favoured.
    function _readOutcome(bytes32 id, uint256 count) internal view returns (Outcome memory o) {
        for (uint256 i; i < count; ++i) {
            MilestoneState memory m = _ESCROW.getMilestone(id, i);
            // The escrow refuses late submissions: a milestone delivered at least once was delivered in time.
            if (m.delivered) ++o.onTime;
            if (m.status != MilestoneStatus.Ruled) continue;
            // Once final, `settlementShareBps` is the influencer's final share.
            uint16 share = m.settlementShareBps;
            if (share > _HALF_BPS) ++o.influencerWins;
            else if (share < _HALF_BPS) ++o.brandWins;
            else ++o.draws;
        }
    }

    /// @dev Adds one closed deal to `account`'s counters, in one storage read and one write.
    function _addDeal(
        address account,
        uint256 completed,
        uint256 won,
        uint256 lost,
        uint256 drawn,
        uint256 onTime,
        uint256 due
    ) internal {
        DealCounters memory c = _dealCounters[account];
        // Per deal, every increment is at most the escrow's 16 milestones; the sums are checked against 2^32.
        c.dealsClosed += 1;
        c.dealsCompleted += uint32(completed);
        c.disputesWon += uint32(won);
        c.disputesLost += uint32(lost);
        c.disputesDrawn += uint32(drawn);
        c.onTimeDeliveries += uint32(onTime);
        c.deliveriesDue += uint32(due);
        _dealCounters[account] = c;
    }

    /* ------------------------------------------------------------------ */
    /*                                RATE                                */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IReputation
    function rate(DealKey calldata key, uint8 score, bytes32 commentHash) external {
        bytes32 id = keccak256(abi.encode(key));
        bool byBrand = msg.sender == key.brand;
        if (!byBrand && msg.sender != key.influencer) revert ReputationNotAParty(id, msg.sender);
        DealStatus status = _ESCROW.getDeal(id).status;
        if (status != DealStatus.Closed) revert ReputationDealNotEnded(id, status);
        if (score == 0 || score > _MAX_SCORE) revert ReputationScoreOutOfRange(score);
        DealReputation storage d = _deals[id];
        address rated;
        if (byBrand) {
            if (d.brandScore != 0) revert ReputationAlreadyRated(id, msg.sender);
            d.brandScore = score;
            rated = key.influencer;
        } else {
            if (d.influencerScore != 0) revert ReputationAlreadyRated(id, msg.sender);
            d.influencerScore = score;
            rated = key.brand;
        }
        RatingCounters storage r = _ratingCounters[rated];
        r.ratingCount += 1;
        r.ratingSum += score;
        emit Rated(id, msg.sender, rated, score, commentHash);
    }

    /* ------------------------------------------------------------------ */
    /*                                VIEWS                               */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IReputation
    function escrow() external view returns (IDealEscrow) {
        return _ESCROW;
    }

    /// @inheritdoc IReputation
    function statsOf(address account) external view returns (ReputationStats memory s) {
        DealCounters memory c = _dealCounters[account];
        RatingCounters memory r = _ratingCounters[account];
        s = ReputationStats({
            dealsClosed: c.dealsClosed,
            dealsCompleted: c.dealsCompleted,
            disputesWon: c.disputesWon,
            disputesLost: c.disputesLost,
            disputesDrawn: c.disputesDrawn,
            onTimeDeliveries: c.onTimeDeliveries,
            deliveriesDue: c.deliveriesDue,
            ratingCount: r.ratingCount,
            ratingSum: r.ratingSum
        });
    }

    /// @inheritdoc IReputation
    function averageRating(address account) external view returns (uint256) {
        RatingCounters memory r = _ratingCounters[account];
        if (r.ratingCount == 0) return 0;
        return uint256(r.ratingSum) * 100 / r.ratingCount;
    }

    /// @inheritdoc IReputation
    function hasRated(bytes32 dealId, Party side) external view returns (bool) {
        DealReputation memory d = _deals[dealId];
        if (side == Party.Brand) return d.brandScore != 0;
        if (side == Party.Influencer) return d.influencerScore != 0;
        return false;
    }

    /// @inheritdoc IReputation
    function isRecorded(bytes32 dealId) external view returns (bool) {
        return _deals[dealId].recorded;
    }

    /// @inheritdoc IReputation
    function dealReputation(bytes32 dealId) external view returns (DealReputation memory) {
        return _deals[dealId];
    }
}
