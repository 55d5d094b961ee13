// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IArbitratorV2} from "./arbitration/IArbitratorV2.sol";
import {CourtParams, DisputeInfo, Mediator, Period, Round, Vote} from "../types/CourtTypes.sol";
import {DisputeContext} from "../types/DealTypes.sol";

/// @title IMediatorCourt
/// @notice The Ispera court: staked mediators, drawn at random by stake among those who speak the dispute's language
///         and know its topic, answer the deal's acceptance questions in commit-reveal votes. Per question the
///         plurality answer is the consensus; the ruling is the weighted share of questions whose consensus option
///         counts as compliant, in basis points of the disputed amount (ruling = share + 1). Coherent mediators earn
///         the fees and the stake lost by incoherent and silent ones. A losing party may fund an appeal to a larger
///         jury, up to a last, final round.
interface IMediatorCourt is IArbitratorV2 {
    /* ------------------------------ EVENTS ------------------------------ */

    event ParamsSet(CourtParams params);
    event ExitDelaySet(uint256 exitDelay);
    event Staked(address indexed mediator, uint256 amount, uint256 stake);
    event ExitRequested(address indexed mediator, uint256 allowedAt);
    event Withdrawn(address indexed mediator, address indexed to, uint256 amount, uint256 stake);
    event PoolJoined(address indexed mediator, bytes2 indexed language, uint8 indexed topic);
    event PoolLeft(address indexed mediator, bytes2 indexed language, uint8 indexed topic);
    /// @notice A dispute was opened with its context (parties, language, topic, questions) and its parameters.
    event DisputeOpened(
        uint256 indexed disputeId, address indexed arbitrable, DisputeContext context, CourtParams params
    );
    event RandomnessRequested(uint256 indexed disputeId, uint256 indexed round, uint256 requestId);
    event Drawn(
        uint256 indexed disputeId, uint256 indexed round, uint256 voteId, address indexed mediator, uint24 poolKey
    );
    event NewPeriod(uint256 indexed disputeId, uint256 indexed round, Period period, uint256 deadline);
    event Committed(uint256 indexed disputeId, uint256 indexed round, address indexed mediator, bytes32 commitment);
    event Revealed(uint256 indexed disputeId, uint256 indexed round, address indexed mediator, uint8[] answers);
    /// @notice ERC-1497 / Kleros v2 style evidence: a party posted a document (URI or hash) while the dispute is open.
    event Evidence(uint256 indexed _externalDisputeID, address indexed _party, string _evidence);
    event RoundRuled(uint256 indexed disputeId, uint256 indexed round, uint16 shareBps, uint128 consensus);
    event AppealFunded(uint256 indexed disputeId, uint256 indexed round, address indexed funder, uint256 amount);
    event AppealDecision(uint256 indexed disputeId, uint256 indexed newRound, uint256 mediators);
    event AppealRefunded(uint256 indexed disputeId, uint256 indexed round, address indexed funder, uint256 amount);
    event RulingDeliveryFailed(uint256 indexed disputeId);
    /// @notice No eligible mediator in the pool or its language fallback: the written empty-pool rule applied.
    event EmptyPool(uint256 indexed disputeId, uint256 indexed round, uint24 poolKey);
    /// @notice A penalty lowered a mediator's stake while one of its languages was frozen: its weight in the pools is
    ///         lowered later, by {syncWeight} (anyone) or its next stake change.
    event WeightSyncDeferred(address indexed mediator);
    event Penalized(
        uint256 indexed disputeId,
        uint256 indexed round,
        uint256 voteId,
        address indexed mediator,
        uint256 coherenceBps,
        uint256 penalty
    );
    event Rewarded(
        uint256 indexed disputeId,
        uint256 indexed round,
        uint256 voteId,
        address indexed mediator,
        uint256 fee,
        uint256 stakeReward
    );
    event Credited(address indexed account, IERC20 indexed token, uint256 amount);
    /// @notice A reward was sent to `account` directly (when sending fails it is credited instead, see Credited).
    event Paid(address indexed account, IERC20 indexed token, uint256 amount);
    event Claimed(address indexed account, IERC20 indexed token, address indexed to, uint256 amount);

    /* ------------------------------ ERRORS ------------------------------ */
    // Criteria, answers and pool membership are checked in the linked libraries: their errors
    // (CourtLogicInvalidCriteria, CourtLogicAnswerCount, CourtLogicInvalidAnswer, PoolLogicTooManyPools,
    // PoolLogicAlreadyInPool, PoolLogicNotInPool) are part of the court's ABI for clients.

    /// @notice A parameter is out of its rules: 0 stake unit is zero, 1 fee per mediator is zero, 2 minimum stake
    ///         below one stake unit, 3 alpha above 100 %, 4 first round not an odd number of mediators, 5 rounds
    ///         would exceed MAX_SEATS seats, 6 a period is zero, 7 exit delay above MAX_EXIT_DELAY.
    error CourtInvalidParams(uint256 rule);
    error CourtInvalidAddress(address account);
    error CourtFeeTokenNotAccepted(IERC20 token, IERC20 accepted);
    error CourtNativeFeesUnsupported();
    error CourtChoicesUnsupported(uint256 choices, uint256 expected);
    error CourtFeeTooLow(uint256 paid, uint256 cost);
    error CourtUnknownDispute(uint256 disputeId);
    error CourtUnexpectedPeriod(uint256 disputeId, Period current, Period expected);
    error CourtPeriodNotOver(uint256 disputeId, uint256 deadline, uint256 timestamp);
    error CourtPeriodOver(uint256 disputeId, uint256 deadline, uint256 timestamp);
    error CourtDrawingIncomplete(uint256 disputeId, uint256 drawn, uint256 needed);
    error CourtRandomnessPending(uint256 disputeId, uint256 requestId, uint256 retryAt);
    error CourtRandomnessNotReady(uint256 disputeId, uint256 requestId);
    /// @notice The round's random word can no longer be drawn with (it is `randomnessTimeout` past its request, and
    ///         the pools may have changed since); request a new one.
    error CourtRandomnessExpired(uint256 disputeId, uint256 requestId, uint256 expiredAt);
    /// @notice The pools of `language` are frozen while a round of that language draws: stake, join, leave and
    ///         withdraw wait until the drawing ends, at the latest until `until`.
    error CourtLanguageDrawing(bytes2 language, uint256 until);
    error CourtZeroAmount();
    error CourtStakeTooLow(uint256 stake, uint256 minStake);
    error CourtInvalidPool(bytes2 language, uint8 topic);
    error CourtExitNotAllowed(uint256 allowedAt, uint256 timestamp);
    error CourtInsufficientFreeStake(uint256 requested, uint256 free);
    error CourtNotYourVote(uint256 disputeId, uint256 voteId, address mediator);
    error CourtVoteAlreadyRevealed(uint256 disputeId, uint256 voteId);
    error CourtVoteNotCommitted(uint256 disputeId, uint256 voteId);
    error CourtNoVotes();
    /// @notice A commit of zero (it would read as no commit).
    error CourtEmptyCommitment();
    /// @notice The vote ids of a commit must be strictly increasing; `index` breaks the order.
    error CourtVoteIdsNotIncreasing(uint256 index);
    error CourtCommitMismatch(bytes32 expected, bytes32 actual);
    error CourtNotAParty(uint256 disputeId, address account);
    error CourtAppealNotAllowed(uint256 disputeId, address party, uint16 shareBps);
    error CourtNothingToRefund(uint256 disputeId, uint256 round, address funder);
    error CourtRulingAlreadyDelivered(uint256 disputeId);
    error CourtRoundAlreadyExecuted(uint256 disputeId, uint256 round);
    error CourtNothingToClaim(address account, IERC20 token);
    error CourtAmountTooLarge(uint256 amount, uint256 max);

    /* ---------------------------- GOVERNANCE ---------------------------- */

    /// @notice Sets the parameters of future disputes.
    function setParams(CourtParams calldata params) external;

    /// @notice Sets the delay between a mediator's exit request and leaving a pool or withdrawing.
    function setExitDelay(uint256 exitDelay) external;

    /* ---------------------------- MEDIATORS ----------------------------- */

    /// @notice Adds `amount` of the stake token to the caller's stake (counted in every pool joined).
    function stake(uint256 amount) external;

    /// @notice Joins the pool of (language, topic); needs at least the minimum stake; at most MAX_POOLS pools.
    function joinPool(bytes2 language, uint8 topic) external;

    /// @notice Starts the exit delay, after which the caller may leave a pool or withdraw once.
    function requestExit() external;

    /// @notice Leaves a pool, after the exit delay.
    function leavePool(bytes2 language, uint8 topic) external;

    /// @notice Withdraws free stake (never what running disputes locked) to `to`, after the exit delay.
    function withdraw(uint256 amount, address to) external;

    /// @notice Brings a mediator's weight in its pools up to date with its stake (anyone; after a penalty whose
    ///         re-weighting was deferred by a freeze, see WeightSyncDeferred). Reverts while a language is frozen.
    function syncWeight(address mediator) external;

    /* ----------------------------- DISPUTES ----------------------------- */

    /// @notice Requests the round's random word again when the previous request was not answered, or its word not
    ///         drawn with, within the randomness timeout.
    function requestRandomness(uint256 disputeId) external;

    /// @notice Draws up to `count` mediators of the current round (anyone; bounded batches). The call that draws
    ///         the last seat opens the commit period.
    function draw(uint256 disputeId, uint256 count) external;

    /// @notice Moves the dispute on when its current period is over by time (anyone): commit -> reveal after the
    ///         commit deadline, reveal -> ruled (appeal, or final in the last round) after the reveal deadline,
    ///         appeal -> final after the appeal deadline. Periods also end by themselves: the last draw opens
    ///         commits, the last commit opens reveals, the last reveal rules, and `executeRound` makes an
    ///         unappealed ruling final.
    function passPeriod(uint256 disputeId) external;

    /// @notice Commits keccak256(abi.encode(court, disputeId, round, mediator, answers, salt)) for the caller's
    ///         votes `voteIds` (strictly increasing) of the current round; a new commit replaces the old during the
    ///         commit period. The seats listed at a mediator's first commit count as committed.
    function commit(uint256 disputeId, uint256[] calldata voteIds, bytes32 commitment) external;

    /// @notice Reveals the answers (one option per question) and salt of a commit for the caller's votes `voteIds`.
    function reveal(uint256 disputeId, uint256[] calldata voteIds, uint8[] calldata answers, bytes32 salt) external;

    /// @notice A party posts an evidence document while the dispute is not final.
    function submitEvidence(uint256 disputeId, string calldata evidence) external;

    /// @notice A losing party funds (part of) the next round during the appeal period; once fully funded the
    ///         next round starts. Only what is missing is taken.
    function fundAppeal(uint256 disputeId, uint256 amount) external;

    /// @notice Credits back a party's contribution to an appeal that did not happen.
    function refundAppeal(uint256 disputeId, uint256 round) external;

    /// @notice Delivers the final ruling again if the arbitrable's `rule` failed.
    function deliverRuling(uint256 disputeId) external;

    /// @notice Settles up to `count` penalties, then rewards, of a round of a final dispute (anyone); rewards are
    ///         sent to the mediators (credited for `claim` when a transfer fails). Makes an unappealed ruling final
    ///         first when the appeal period is over.
    function executeRound(uint256 disputeId, uint256 round, uint256 count) external;

    /// @notice Sends the caller's credited balance of `token` (rewards, refunds) to `to`.
    function claim(IERC20 token, address to) external returns (uint256 amount);

    /* ------------------------------ VIEWS ------------------------------- */

    function params() external view returns (CourtParams memory);
    function exitDelay() external view returns (uint256);
    function stakeToken() external view returns (IERC20);
    function feeToken() external view returns (IERC20);
    function disputeCount() external view returns (uint256);
    function getDispute(uint256 disputeId) external view returns (DisputeInfo memory);
    function getDisputeParams(uint256 disputeId) external view returns (CourtParams memory);
    function getRound(uint256 disputeId, uint256 round) external view returns (Round memory);
    function getVote(uint256 disputeId, uint256 round, uint256 voteId) external view returns (Vote memory);
    function getMediator(address mediator) external view returns (Mediator memory);
    function poolsOf(address mediator) external view returns (uint24[] memory);
    function poolTotal(bytes2 language, uint8 topic) external view returns (uint256 weight, uint256 mediators);
    /// @notice The draw freeze of a language's pools: rounds drawing, the latest word expiry, and whether it holds.
    function freezeOf(bytes2 language) external view returns (uint256 drawing, uint256 until, bool frozen);
    function commitmentOf(uint256 disputeId, uint256 round, address mediator) external view returns (bytes32);
    function appealCost(uint256 disputeId) external view returns (uint256);
    function appealFunds(uint256 disputeId, uint256 round, address funder) external view returns (uint256);
    function balanceOf(address account, IERC20 token) external view returns (uint256);
}
