// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IDealEscrow} from "./IDealEscrow.sol";
import {DealKey, DealStatus, DealTerms, Party} from "../types/DealTypes.sol";

/// @notice An account's reputation counters, over every recorded deal and every rating it received, whichever side
///         it was on. Stored as two words (`DealCounters`, written by `record`, and `RatingCounters`, written by
///         `rate`), so that each write touches one word per account.
struct ReputationStats {
    // Word 1: written by `record`, for both parties of a deal.
    uint32 dealsClosed; // recorded deals the account was a party to (as brand or influencer)
    uint32 dealsCompleted; // of those, deals that completed: every milestone paid the influencer a share above zero
    // Disputes: ruled milestones (by the arbitrator, or by a fee timeout), judged by the influencer's final share:
    // above 50 % the influencer won and the brand lost, below 50 % the reverse, exactly 50 % a draw for both.
    uint32 disputesWon; // ruled milestones that favoured the account
    uint32 disputesLost; // ruled milestones that favoured the other party
    uint32 disputesDrawn; // ruled milestones split exactly 50 / 50
    uint32 onTimeDeliveries; // as influencer: milestones with a deliverable submitted before its deadline
    uint32 deliveriesDue; // as influencer: milestones of the recorded deals
    // Word 2: written by `rate`, for the rated party.
    uint32 ratingCount; // ratings received
    uint64 ratingSum; // sum of the scores received (1 to 5 each)
}

/// @notice The deal counters of `ReputationStats` as stored: one word per account, written by `record`.
struct DealCounters {
    uint32 dealsClosed;
    uint32 dealsCompleted;
    uint32 disputesWon;
    uint32 disputesLost;
    uint32 disputesDrawn;
    uint32 onTimeDeliveries;
    uint32 deliveriesDue;
}

/// @notice The rating counters of `ReputationStats` as stored: one word per account, written by `rate`.
struct RatingCounters {
    uint32 ratingCount;
    uint64 ratingSum;
}

/// @notice What is stored per deal: whether it was recorded and the score each side gave (0 = not rated yet).
struct DealReputation {
    bool recorded; // `record` ran for this deal
    uint8 brandScore; // the score the brand gave the influencer, 1 to 5; 0 = not rated
    uint8 influencerScore; // the score the influencer gave the brand, 1 to 5; 0 = not rated
}

/// @title IReputation
/// @notice On-chain reputation of the parties of Ispera deals, read from the escrow once a deal is closed: per
///         account counters of deals closed and completed, disputes won, lost and drawn, and on-time deliveries,
///         plus the 1-to-5 ratings the parties give each other, once per side and deal.
/// @dev The escrow is the only source of truth: `record` reads a closed deal's final state from it (anyone may call
///      it, once per deal), and a rating is accepted only from a party of a deal the escrow has closed. The counters
///      state what happened in the escrow; they do not prove the quality of the work nor that the two parties are
///      different people (see docs/profiles.md, threat model).
interface IReputation {
    /* ------------------------------------------------------------------ */
    /*                               EVENTS                               */
    /* ------------------------------------------------------------------ */

    /// @notice A closed deal was added to its parties' counters.
    /// @param dealId The deal's id.
    /// @param brand The deal's brand.
    /// @param influencer The deal's influencer.
    /// @param completed Every milestone paid the influencer a share above zero.
    /// @param milestones The deal's number of milestones (added to the influencer's `deliveriesDue`).
    /// @param onTimeDeliveries Milestones with a deliverable submitted in time (added to the influencer's count).
    /// @param influencerWins Ruled milestones won by the influencer (the brand's losses).
    /// @param brandWins Ruled milestones won by the brand (the influencer's losses).
    /// @param draws Ruled milestones split 50 / 50.
    /// @param recorder Who called `record`.
    event DealRecorded(
        bytes32 indexed dealId,
        address indexed brand,
        address indexed influencer,
        bool completed,
        uint256 milestones,
        uint256 onTimeDeliveries,
        uint256 influencerWins,
        uint256 brandWins,
        uint256 draws,
        address recorder
    );

    /// @notice `rater` gave `rated` a score for a closed deal.
    /// @param score 1 to 5.
    /// @param commentHash Digest of an off-chain comment; 0 = none.
    event Rated(
        bytes32 indexed dealId, address indexed rater, address indexed rated, uint8 score, bytes32 commentHash
    );

    /* ------------------------------------------------------------------ */
    /*                               ERRORS                               */
    /* ------------------------------------------------------------------ */

    /// @notice The escrow is the zero address.
    error ReputationInvalidEscrow(address escrow);
    /// @notice The deal is `status`, not Closed: it has not ended (or does not exist, `None`, or ended without
    ///         being accepted, `Declined` or `Expired`).
    error ReputationDealNotEnded(bytes32 dealId, DealStatus status);
    /// @notice The deal was recorded already.
    error ReputationAlreadyRecorded(bytes32 dealId);
    /// @notice `caller` is neither the brand nor the influencer of the deal.
    error ReputationNotAParty(bytes32 dealId, address caller);
    /// @notice A score is 1 to 5.
    error ReputationScoreOutOfRange(uint8 score);
    /// @notice `rater` has rated this deal already.
    error ReputationAlreadyRated(bytes32 dealId, address rater);

    /* ------------------------------------------------------------------ */
    /*                               WRITES                               */
    /* ------------------------------------------------------------------ */

    /// @notice Adds a closed deal to its parties' counters, read from the escrow. Anyone may call it (a party, a
    ///         keeper, the frontend), once per deal.
    /// @param terms The deal's terms (emitted in `DealCreated`); the deal id is recomputed from them.
    function record(DealTerms calldata terms) external;

    /// @notice The caller, a party of a closed deal, rates the other party once: 1 (worst) to 5 (best), with an
    ///         optional comment digest. It does not need `record` first.
    /// @param key The deal's compact handle (`IDealEscrow.dealKey`); its hash is the deal id.
    /// @param score 1 to 5.
    /// @param commentHash Digest of an off-chain comment document; 0 = no comment.
    function rate(DealKey calldata key, uint8 score, bytes32 commentHash) external;

    /* ------------------------------------------------------------------ */
    /*                                VIEWS                               */
    /* ------------------------------------------------------------------ */

    /// @notice The escrow whose deals are recorded and rated.
    function escrow() external view returns (IDealEscrow);

    /// @notice `account`'s counters; all zero for an account without recorded deals or ratings.
    function statsOf(address account) external view returns (ReputationStats memory);

    /// @notice `account`'s average rating scaled by 100 (for example 433 for 4.33), rounded down; 0 without ratings.
    function averageRating(address account) external view returns (uint256);

    /// @notice Whether the deal's `side` (Brand or Influencer) has rated the other party; false for `None`.
    function hasRated(bytes32 dealId, Party side) external view returns (bool);

    /// @notice Whether the deal was recorded.
    function isRecorded(bytes32 dealId) external view returns (bool);

    /// @notice What is stored about a deal: recorded, and the score each side gave.
    function dealReputation(bytes32 dealId) external view returns (DealReputation memory);
}
