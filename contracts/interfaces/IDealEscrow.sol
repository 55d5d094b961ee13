// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IArbitrableV2} from "./arbitration/IArbitrableV2.sol";
import {IArbitratorV2} from "./arbitration/IArbitratorV2.sol";
import {IExclusivityRegistry} from "./IExclusivityRegistry.sol";
import {IHoldbackVault} from "./IHoldbackVault.sol";
import {
    Arbitration,
    DealKey,
    DealState,
    DealStatus,
    DealTerms,
    DisputeRef,
    MilestoneState,
    MilestoneStatus,
    Party,
    Question
} from "../types/DealTypes.sol";

/// @title IDealEscrow
/// @notice Escrow for influencer-marketing deals: a brand funds a deal in one transaction, the influencer accepts
///         its exact terms, delivers milestone by milestone and is paid on approval or when the brand stays silent
///         past the review window. Disagreements end by a settlement both sides accept or by an arbitrator's
///         ruling, expressed as the influencer's share of the milestone in basis points. Every amount is credited
///         per deal and claimed by its owner to an address of their choice.
/// @dev Deals are addressed by `dealId = keccak256(abi.encode(DealKey))`; state-changing calls take the full
///      `DealTerms` (emitted in `DealCreated`) and recompute the id, so nothing about a deal's terms is stored or
///      can change after creation.
interface IDealEscrow is IArbitrableV2 {
    /* ------------------------------------------------------------------ */
    /*                               EVENTS                               */
    /* ------------------------------------------------------------------ */

    /// @notice A payment token was allowed or disallowed for new deals.
    event TokenAllowed(IERC20 indexed token, bool allowed);

    /// @notice The protocol fee for new deals changed.
    event ProtocolFeeSet(uint16 previousFeeBps, uint16 newFeeBps);

    /// @notice The account that collects protocol fees changed.
    event FeeRecipientSet(address indexed previousRecipient, address indexed newRecipient);

    /// @notice Protocol fees were sent to `to`.
    event ProtocolFeesWithdrawn(IERC20 indexed token, address indexed to, uint256 amount);

    /// @notice A brand offered and funded a deal.
    /// @param dealId The deal's id.
    /// @param key The deal's compact handle (its hash is `dealId`).
    /// @param terms The full terms; pass them back to every call about this deal.
    /// @param criteria The acceptance-criteria table (its hash is `terms.criteriaHash`).
    /// @param total The amount escrowed: the sum of the milestone amounts plus the rights price.
    event DealCreated(
        bytes32 indexed dealId,
        address indexed brand,
        address indexed influencer,
        DealKey key,
        DealTerms terms,
        Question[] criteria,
        uint256 total
    );

    /// @notice The influencer accepted the deal's terms; the milestones are open for delivery.
    event DealAccepted(bytes32 indexed dealId, address indexed influencer);

    /// @notice The influencer declined the offer; `refunded` is credited to the brand.
    event DealDeclined(bytes32 indexed dealId, address indexed influencer, uint256 refunded);

    /// @notice The offer was not accepted in time and was reclaimed by `caller`; `refunded` is credited to the brand.
    event DealExpired(bytes32 indexed dealId, address indexed caller, uint256 refunded);

    /// @notice Every milestone of the deal reached a final state.
    event DealClosed(bytes32 indexed dealId);

    /// @notice The deal closed with every milestone paid to the influencer (released, or settled or ruled with a
    ///         share above zero): its rights, if any, are bought as of `completedAt`, the licence's effective date.
    event DealCompleted(bytes32 indexed dealId, uint256 completedAt);

    /// @notice The rights price of a closed deal was credited: to the influencer (less the protocol fee) when the
    ///         deal completed (`bought`), otherwise back to the brand.
    event RightsSettled(
        bytes32 indexed dealId, bool bought, uint256 toInfluencer, uint256 toBrand, uint256 protocolFee
    );

    /// @notice The influencer submitted a deliverable for review.
    /// @param attempt 0 for the first submission, n after the n-th revision request.
    /// @param contentHash Digest of the deliverable document (content links, captures, metrics).
    /// @param contentURI Where the deliverable document can be read (for example an ipfs:// CID).
    /// @param reviewDeadline The brand must approve, ask for a revision or dispute until then.
    event DeliverableSubmitted(
        bytes32 indexed dealId,
        uint256 indexed milestone,
        uint256 attempt,
        bytes32 contentHash,
        string contentURI,
        uint256 reviewDeadline
    );

    /// @notice The brand asked for a revision of the last submission.
    /// @param revisions Revision requests used so far on this milestone.
    /// @param noteHash Digest of the brand's revision note.
    /// @param resubmitBy The influencer must resubmit (or dispute the request) until then.
    event RevisionRequested(
        bytes32 indexed dealId, uint256 indexed milestone, uint256 revisions, bytes32 noteHash, uint256 resubmitBy
    );

    /// @notice A party proposed to settle a milestone by giving the influencer `influencerShareBps` of it.
    event SettlementProposed(
        bytes32 indexed dealId, uint256 indexed milestone, Party indexed proposer, uint16 influencerShareBps
    );

    /// @notice A party paid (part of) the arbitration fee of a milestone.
    /// @param amount Paid in this call.
    /// @param paidTotal Paid by this party so far for this milestone.
    /// @param cost The arbitration cost at the time of payment.
    /// @param waitingFor The party that still has to pay (None once the dispute is created).
    /// @param feeDeadline When the waiting party loses by default (0 once the dispute is created).
    event ArbitrationFeePaid(
        bytes32 indexed dealId,
        uint256 indexed milestone,
        Party indexed payer,
        uint256 amount,
        uint256 paidTotal,
        uint256 cost,
        Party waitingFor,
        uint256 feeDeadline
    );

    /// @notice The milestone's dispute was created at the arbitrator.
    event DisputeCreated(
        bytes32 indexed dealId, uint256 indexed milestone, uint256 indexed disputeId, uint256 arbitrationCost
    );

    /// @notice An arbitration deposit was credited back to the party that paid it.
    event ArbitrationFeeRefunded(
        bytes32 indexed dealId, uint256 indexed milestone, Party indexed party, uint256 amount
    );

    /// @notice A milestone reached a final state and its amount was credited.
    /// @param outcome Released, Refunded, Settled or Ruled.
    /// @param caller Who triggered the final step (for a ruling: the arbitrator).
    /// @param influencerShareBps The influencer's share of the milestone, in basis points.
    /// @param toInfluencer Credited to the influencer (after the protocol fee).
    /// @param toBrand Credited to the brand.
    /// @param protocolFee Accrued to the protocol.
    event MilestoneFinalized(
        bytes32 indexed dealId,
        uint256 indexed milestone,
        MilestoneStatus indexed outcome,
        address caller,
        uint16 influencerShareBps,
        uint256 toInfluencer,
        uint256 toBrand,
        uint256 protocolFee
    );

    /// @notice A party claimed its credit from a deal.
    event Claimed(bytes32 indexed dealId, address indexed account, address indexed to, IERC20 token, uint256 amount);

    /* ------------------------------------------------------------------ */
    /*                               ERRORS                               */
    /* ------------------------------------------------------------------ */

    /// @notice `token` is not allowed for new deals.
    error EscrowTokenNotAllowed(IERC20 token);
    /// @notice The protocol fee `feeBps` is above the cap `maxFeeBps`.
    error EscrowFeeTooHigh(uint256 feeBps, uint256 maxFeeBps);
    /// @notice `account` cannot be used here (zero address or the escrow itself).
    error EscrowInvalidAddress(address account);
    /// @notice The token moved `received` instead of `expected` (fee-on-transfer and rebasing tokens are refused).
    error EscrowTransferShortfall(uint256 expected, uint256 received);
    /// @notice The permit did not apply and the allowance `allowance` does not cover `needed`.
    error EscrowPermitFailed(uint256 allowance, uint256 needed);
    /// @notice `caller` may not do this; only `required` may.
    error EscrowUnauthorized(address caller, Party required);
    /// @notice Only the arbitrator may call `rule`.
    error EscrowOnlyArbitrator(address caller);
    /// @notice `account` has nothing to claim in this deal.
    error EscrowNothingToClaim(bytes32 dealId, address account);
    /// @notice Only the fee recipient may withdraw protocol fees.
    error EscrowOnlyFeeRecipient(address caller);
    /// @notice `claimMany` takes deals of one token: `expected`, not `found`.
    error EscrowMixedTokens(IERC20 expected, IERC20 found);
    /// @notice No protocol fees to withdraw in `token`.
    error EscrowNoProtocolFees(IERC20 token);

    /// @notice The offer's brand must be the caller.
    error TermsBrandNotCaller(address brand, address caller);
    /// @notice The influencer is the zero address, the escrow, or the brand.
    error TermsInvalidInfluencer(address influencer);
    /// @notice The terms carry a protocol fee that is not the escrow's current fee.
    error TermsFeeMismatch(uint16 provided, uint16 current);
    /// @notice A deal has 1 to `max` milestones.
    error TermsMilestoneCount(uint256 count, uint256 max);
    /// @notice Milestone `index` has a zero amount.
    error TermsZeroAmount(uint256 index);
    /// @notice The deal's total exceeds what the escrow accounts for per deal.
    error TermsTotalTooLarge(uint256 total, uint256 max);
    /// @notice `acceptBy` must be in the future and within the horizon.
    error TermsAcceptByInvalid(uint256 acceptBy, uint256 notBefore, uint256 notAfter);
    /// @notice Milestone `index`'s `deliverBy` must be after `acceptBy` and within the horizon.
    error TermsDeliverByInvalid(uint256 index, uint256 deliverBy, uint256 notBefore, uint256 notAfter);
    /// @notice The review period is outside [min, max] seconds.
    error TermsReviewPeriodOutOfRange(uint256 period, uint256 min, uint256 max);
    /// @notice The revision period is outside [min, max] seconds.
    error TermsRevisionPeriodOutOfRange(uint256 period, uint256 min, uint256 max);
    /// @notice The arbitration fee timeout is outside [min, max] seconds.
    error TermsFeeTimeoutOutOfRange(uint256 timeout, uint256 min, uint256 max);
    /// @notice More revision rounds than allowed.
    error TermsTooManyRevisions(uint256 maxRevisions, uint256 limit);
    /// @notice The language is not two lower-case ASCII letters (ISO 639-1).
    error TermsLanguageInvalid(bytes2 language);
    /// @notice The topic id is not in the topic list.
    error TermsTopicUnknown(uint8 topic, uint8 count);
    /// @notice Without an exclusivity (`exclusiveUntil` = 0), its topic, start and holdback must be zero too.
    error TermsExclusivityIncomplete(uint8 exclusiveTopic, uint40 exclusiveFrom, uint16 holdbackBps);
    /// @notice The exclusivity window must start before it ends, and end in (notBefore, notAfter].
    error TermsExclusivityWindowInvalid(
        uint256 exclusiveFrom, uint256 exclusiveUntil, uint256 notBefore, uint256 notAfter
    );
    /// @notice The holdback share is above `max` basis points.
    error TermsHoldbackTooHigh(uint16 holdbackBps, uint16 max);
    /// @notice A holdback needs the breach questions' hash, and only a holdback may have one.
    error TermsBreachCriteriaInvalid(uint16 holdbackBps, bytes32 breachCriteriaHash);
    /// @notice A rights price needs the rights terms' hash.
    error TermsRightsHashMissing(uint128 rightsPrice);
    /// @notice The criteria table does not hash to the terms' `criteriaHash`.
    error CriteriaHashMismatch(bytes32 expected, bytes32 actual);
    /// @notice A criteria table has 1 to `max` questions.
    error CriteriaQuestionCount(uint256 count, uint256 max);
    /// @notice Question `index` must have 2 to `max` options.
    error CriteriaOptionCount(uint256 index, uint256 optionCount, uint256 max);
    /// @notice Question `index`'s compliant options must be a non-empty proper subset of its options.
    error CriteriaCompliantMaskInvalid(uint256 index, uint16 compliantMask, uint8 optionCount);
    /// @notice Question `index` has a zero weight.
    error CriteriaZeroWeight(uint256 index);

    /// @notice No deal has this id (or the terms passed are not the deal's terms).
    error DealNotFound(bytes32 dealId);
    /// @notice A deal with these exact terms already exists; change the salt.
    error DealAlreadyExists(bytes32 dealId);
    /// @notice The deal is `current`, not `expected`.
    error DealUnexpectedStatus(bytes32 dealId, DealStatus current, DealStatus expected);
    /// @notice The deal has no milestone `milestone`.
    error MilestoneOutOfRange(bytes32 dealId, uint256 milestone, uint256 count);
    /// @notice The milestone is `current`; the call needs one of the statuses in the bitmap `expected`
    ///         (bit i set for status i).
    error MilestoneUnexpectedStatus(bytes32 dealId, uint256 milestone, MilestoneStatus current, uint256 expected);
    /// @notice The deadline `deadline` has passed (it is `timestamp`).
    error DeadlinePassed(uint256 deadline, uint256 timestamp);
    /// @notice The deadline `deadline` has not passed yet (it is `timestamp`).
    error DeadlineNotReached(uint256 deadline, uint256 timestamp);
    /// @notice All `limit` revision requests of the milestone were used.
    error RevisionLimitReached(bytes32 dealId, uint256 milestone, uint256 limit);
    /// @notice A share must be between 0 and 10,000 basis points.
    error SettlementShareInvalid(uint256 shareBps);
    /// @notice The open proposal is not the one being accepted (`proposer` proposed `proposedShareBps`).
    error SettlementNotProposed(Party proposer, uint16 proposedShareBps, uint16 acceptedShareBps);
    /// @notice `party` may not pay a fee here: the brand disputes a submission under review, the influencer a
    ///         revision request; someone else may only answer for the party a fee phase waits for.
    error ArbitrationNotAvailable(bytes32 dealId, uint256 milestone, Party caller);
    /// @notice `party` has already paid the current arbitration cost.
    error ArbitrationFeeAlreadyPaid(Party party, uint256 paid, uint256 cost);
    /// @notice The arbitration cost does not fit the escrow's accounting.
    error ArbitrationCostTooHigh(uint256 cost);
    /// @notice The arbitrator has no dispute `disputeId` from this escrow.
    error ArbitrationUnknownDispute(uint256 disputeId);
    /// @notice The arbitrator returned a dispute id it had already given for another dispute.
    error ArbitrationDisputeIdReused(uint256 disputeId);
    /// @notice The ruling is above the highest option `max`.
    error ArbitrationRulingOutOfRange(uint256 ruling, uint256 max);

    /* ------------------------------------------------------------------ */
    /*                             GOVERNANCE                             */
    /* ------------------------------------------------------------------ */

    /// @notice Allows or disallows `token` for new deals. Running deals are not affected.
    function setTokenAllowed(IERC20 token, bool allowed) external;

    /// @notice Sets the protocol fee for new deals, at most `MAX_PROTOCOL_FEE_BPS`. Running deals keep theirs.
    function setProtocolFee(uint16 feeBps) external;

    /// @notice Sets the account that withdraws protocol fees.
    function setFeeRecipient(address recipient) external;

    /// @notice Stops new deals. Running deals, claims and disputes go on.
    function pause() external;

    /// @notice Allows new deals again.
    function unpause() external;

    /// @notice Sends the accrued protocol fees in `token` to `to`. Only the fee recipient.
    /// @return amount The amount sent.
    function withdrawProtocolFees(IERC20 token, address to) external returns (uint256 amount);

    /* ------------------------------------------------------------------ */
    /*                            OFFER & FUND                            */
    /* ------------------------------------------------------------------ */

    /// @notice Offers a deal to `terms.influencer` and escrows the sum of its milestones, pulled from the caller
    ///         (the brand) with an allowance given beforehand.
    /// @param terms The offer; `brand` must be the caller and `protocolFeeBps` the current fee.
    /// @param criteria The acceptance-criteria table whose hash is `terms.criteriaHash`.
    /// @return dealId The new deal's id.
    function createDeal(DealTerms calldata terms, Question[] calldata criteria) external returns (bytes32 dealId);

    /// @notice Same as `createDeal`, with an EIP-2612 permit for the escrowed total signed by the brand. A permit
    ///         already used by someone else (front-run) is fine as long as the allowance covers the total.
    function createDealWithPermit(
        DealTerms calldata terms,
        Question[] calldata criteria,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (bytes32 dealId);

    /// @notice The influencer accepts the exact terms; each milestone opens until its deliver-by date.
    function acceptDeal(DealTerms calldata terms) external;

    /// @notice The influencer declines the offer; the escrow is credited back to the brand.
    function declineDeal(DealTerms calldata terms) external;

    /// @notice After `acceptBy`, anyone ends an offer that was not answered; the escrow is credited to the brand.
    function reclaimOffer(DealTerms calldata terms) external;

    /* ------------------------------------------------------------------ */
    /*                              DELIVERY                              */
    /* ------------------------------------------------------------------ */

    /// @notice The influencer submits milestone `milestone`'s deliverable before its deadline; the review opens.
    function submitDeliverable(
        DealTerms calldata terms,
        uint256 milestone,
        bytes32 contentHash,
        string calldata contentURI
    ) external;

    /// @notice The brand approves: the milestone is credited to the influencer (less the protocol fee). Possible
    ///         while waiting for delivery too, to pay early.
    function approveMilestone(DealTerms calldata terms, uint256 milestone) external;

    /// @notice The brand asks for a revision during the review window, at most `terms.maxRevisions` times.
    function requestRevision(DealTerms calldata terms, uint256 milestone, bytes32 noteHash) external;

    /// @notice After the review window, anyone credits an unanswered submission to the influencer.
    function releaseAfterReview(DealTerms calldata terms, uint256 milestone) external;

    /// @notice After the delivery deadline, anyone credits an undelivered milestone back to the brand.
    function reclaimMilestone(DealTerms calldata terms, uint256 milestone) external;

    /// @notice The influencer gives an open milestone back to the brand.
    function refundMilestone(DealTerms calldata terms, uint256 milestone) external;

    /* ------------------------------------------------------------------ */
    /*                             SETTLEMENT                             */
    /* ------------------------------------------------------------------ */

    /// @notice A party proposes to settle an open milestone (not yet at the arbitrator) by giving the influencer
    ///         `influencerShareBps` of it. A new proposal from either side replaces the open one.
    function proposeSettlement(DealTerms calldata terms, uint256 milestone, uint16 influencerShareBps) external;

    /// @notice The other party accepts the open proposal, which must be for `influencerShareBps`; arbitration
    ///         deposits already paid are credited back.
    function acceptSettlement(DealTerms calldata terms, uint256 milestone, uint16 influencerShareBps) external;

    /* ------------------------------------------------------------------ */
    /*                              DISPUTE                               */
    /* ------------------------------------------------------------------ */

    /// @notice Raises or answers a dispute over a milestone by paying the arbitration cost in the deal's token.
    ///         The brand may raise one during the review window; the influencer may raise one against a revision
    ///         request until the resubmission deadline. The other party then has `terms.feeTimeout` to pay too, or
    ///         loses by default. When both have paid, the dispute is created at the arbitrator.
    function payArbitrationFee(DealTerms calldata terms, Question[] calldata criteria, uint256 milestone) external;

    /// @notice Pays, from the caller, the arbitration fee of `party`, which must be the party the fee phase waits
    ///         for (or the caller's own side): so that a party whose address cannot send the token (for example a
    ///         USDC-blacklisted one) can still answer a dispute. Deposits are credited back to `party`, never to
    ///         the caller.
    function payArbitrationFeeFor(
        DealTerms calldata terms,
        Question[] calldata criteria,
        uint256 milestone,
        Party party
    ) external;

    /// @notice After the fee deadline, anyone gives the milestone to the party that paid.
    function timeOutArbitration(DealTerms calldata terms, uint256 milestone) external;

    /* ------------------------------------------------------------------ */
    /*                               CLAIM                                */
    /* ------------------------------------------------------------------ */

    /// @notice Sends the caller's credit in a deal to `to`.
    /// @return amount The amount sent.
    function claim(DealKey calldata key, address to) external returns (uint256 amount);

    /// @notice Sends the caller's credits in several deals (of the same token) to `to`; deals without a credit for
    ///         the caller are skipped.
    /// @return amount The amount sent.
    function claimMany(DealKey[] calldata keys, address to) external returns (uint256 amount);

    /* ------------------------------------------------------------------ */
    /*                               VIEWS                                */
    /* ------------------------------------------------------------------ */

    /// @notice The arbitrator of every deal of this escrow.
    function arbitrator() external view returns (IArbitratorV2);

    /// @notice The registry of this escrow's exclusivities (deployed with it; `conflictOf` warns before an offer).
    function exclusivityRegistry() external view returns (IExclusivityRegistry);

    /// @notice The vault holding back a share of exclusive deals' payouts (deployed with it).
    function holdbackVault() external view returns (IHoldbackVault);

    /// @notice The protocol fee applied to new deals.
    function protocolFeeBps() external view returns (uint16);

    /// @notice The account that withdraws protocol fees.
    function feeRecipient() external view returns (address);

    /// @notice Whether `token` is allowed for new deals.
    function isTokenAllowed(IERC20 token) external view returns (bool);

    /// @notice Protocol fees accrued in `token` and not yet withdrawn.
    function protocolFees(IERC20 token) external view returns (uint256);

    /// @notice A deal's state word, with when it closed and whether it completed.
    function getDeal(bytes32 dealId) external view returns (DealState memory);

    /// @notice A milestone's state word: whether a deliverable was submitted, the digest of the last one and, once
    ///         final, the influencer's final share (10,000 released, 0 refunded, the split settled or ruled).
    function getMilestone(bytes32 dealId, uint256 milestone) external view returns (MilestoneState memory);

    /// @notice Whether the deal completed with rights in its terms (`rightsHash` != 0): the brand bought them.
    function rightsBought(bytes32 dealId) external view returns (bool);

    /// @notice A milestone's arbitration record.
    function getArbitration(bytes32 dealId, uint256 milestone) external view returns (Arbitration memory);

    /// @notice Where an arbitrator dispute id points.
    function getDisputeRef(uint256 disputeId) external view returns (DisputeRef memory);

    /// @notice The current arbitration cost of a milestone's dispute, in the deal's token.
    function arbitrationCost(DealTerms calldata terms, Question[] calldata criteria, uint256 milestone)
        external
        view
        returns (uint256);

    /// @notice The compact handle of a deal's terms.
    function dealKey(DealTerms calldata terms) external pure returns (DealKey memory);

    /// @notice The id of a deal's terms.
    function dealId(DealTerms calldata terms) external pure returns (bytes32);

    /// @notice The id behind a compact handle.
    function dealIdOf(DealKey calldata key) external pure returns (bytes32);

    /// @notice The hash of an acceptance-criteria table, as expected in `DealTerms.criteriaHash`.
    function hashCriteria(Question[] calldata criteria) external pure returns (bytes32);
}
