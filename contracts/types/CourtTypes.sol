// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IArbitrableV2} from "../interfaces/arbitration/IArbitrableV2.sol";

/// @notice Where a dispute stands. A round goes Drawing -> Commit -> Reveal -> Appeal; an appeal starts the next
///         round at Drawing; Execution is final.
enum Period {
    None, // no such dispute
    Drawing, // waiting for the random word, then drawing mediators in batches
    Commit, // drawn mediators commit the hash of their answers
    Reveal, // they reveal their answers
    Appeal, // the round's ruling is known; a losing party may fund the next round
    Execution // the ruling is final and delivered; rewards and penalties are settled round by round
}

/// @notice Court parameters, fixed per dispute when it is created (governance changes never reach a running one).
struct CourtParams {
    uint96 feePerMediator; // fee token units per mediator per round
    uint96 minStake; // stake token units needed to sit in a pool
    uint16 alphaBps; // share of minStake locked per draw and lost by an incoherent or silent vote
    uint8 firstRoundMediators; // mediators of the first round (odd)
    uint8 maxRounds; // rounds at most; round r has 2 * n(r-1) + 1 mediators; the last ruling is final
    uint32 commitPeriod; // seconds
    uint32 revealPeriod; // seconds
    uint32 appealPeriod; // seconds
    uint32 randomnessTimeout; // seconds after which an unanswered randomness request can be made again
}

/// @notice A dispute's header. A draw reads the first two words only (period, round and both parties).
struct DisputeInfo {
    address brand; // party that may post evidence and fund appeals (drawn mediators exclude it)
    uint8 round; // current round
    Period period;
    uint8 questionCount;
    bool rulingDelivered; // `rule` succeeded on the arbitrable
    uint16 shareBps; // the current (or final) ruling: the influencer's share in basis points
    uint40 deadline; // end of the current commit, reveal or appeal period
    address influencer; // the other party
    bytes2 language; // ISO 639-1
    uint8 topic; // topic id; 255 is used for the language-only pool
    uint72 totalWeight; // sum of the questions' weights
    IArbitrableV2 arbitrable;
    uint32 paramsVersion; // the court parameters in force when the dispute was created
}

/// @notice A round of a dispute. The fields read by every draw share the first word; the random word is not kept
///         (it is read from the randomness source, which keeps it).
struct Round {
    uint8 mediators; // votes to draw (at most MAX_SEATS)
    uint8 drawn; // votes drawn so far
    uint8 committed; // votes committed (counted at each mediator's first commit)
    uint8 revealed; // votes revealed
    uint8 penalized; // votes whose penalty was settled (first pass)
    uint8 rewarded; // votes whose reward was settled (second pass)
    uint24 poolKey; // pool the round draws from (chosen when the round opens, again if it empties)
    uint40 nonce; // draw attempts so far
    uint40 randomnessRequestedAt;
    uint40 randomnessExpiresAt; // the word is drawn with until then (request time + randomness timeout)
    uint96 lockPerVote; // stake locked by each draw
    uint96 fees; // fee token paid for this round
    uint96 penalties; // stake token taken from incoherent votes of this round
    uint64 coherenceSum; // sum of the votes' coherence (basis points each)
    uint128 consensus; // per question (8 bits each): the options of the plurality (all tied options)
    uint64 rewardedCoherence; // coherence already paid out (cumulative rounding)
    uint256 randomnessRequestId;
}

/// @notice One drawn seat of a round (a mediator drawn twice has two).
struct Vote {
    address mediator;
    uint64 answers; // 4 bits per question, once revealed
    bool revealed;
}

/// @notice A mediator's stake.
struct Mediator {
    uint96 stake; // staked, including what is locked
    uint96 locked; // locked by draws in running disputes
    uint40 exitAllowedAt; // after a requested exit: when leaving pools or withdrawing is allowed (0: not requested)
    uint8 poolCount;
}

/// @notice The draw freeze of one language's pools. From a round's randomness request until its drawing ends (or the
///         request's word expires), nobody can change the weights in that language's pools, so that nobody who sees
///         the random word can steer the draw by staking, joining, leaving or withdrawing.
struct Freeze {
    uint32 drawing; // rounds of this language between their randomness request and the end of their drawing
    uint40 until; // the latest expiry of their words (request time + randomness timeout)
}
