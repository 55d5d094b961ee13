// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {ExclusivityRegistry} from "./ExclusivityRegistry.sol";
import {HoldbackVault} from "./HoldbackVault.sol";
import {IArbitrableV2} from "./interfaces/arbitration/IArbitrableV2.sol";
import {IArbitratorV2} from "./interfaces/arbitration/IArbitratorV2.sol";
import {IDealEscrow} from "./interfaces/IDealEscrow.sol";
import {IExclusivityRegistry} from "./interfaces/IExclusivityRegistry.sol";
import {IHoldbackVault} from "./interfaces/IHoldbackVault.sol";
import {TermsLogic} from "./libraries/TermsLogic.sol";
import {
    Arbitration,
    DealKey,
    DealState,
    DealStatus,
    DealTerms,
    DisputeContext,
    DisputeExtras,
    DisputeRef,
    HoldbackContext,
    MilestoneState,
    MilestoneStatus,
    Party,
    Question
} from "./types/DealTypes.sol";

/// @title DealEscrow
/// @notice Holds the money of influencer-marketing deals between a brand's offer and the influencer's payout, and
///         executes the arbitrator's ruling when they disagree. See {IDealEscrow}.
/// @dev Trust model and caveats:
///      - The owner allow-lists tokens, sets the fee and the fee recipient for new deals and pauses new deals. It
///        has no function that moves escrowed money, changes a running deal or blocks a claim.
///      - The arbitrator is fixed at deployment. It is trusted to rule on disputes it accepted; a dispute at the
///        arbitrator waits for its ruling (the Ispera court guarantees one within its bounded rounds).
///      - Tokens must move exact amounts: fee-on-transfer and rebasing tokens are refused at funding.
///      - Tokens that can pause or blacklist (USDC): only funding, arbitration fees and claims move tokens. A
///        blacklisted party claims to another address and can have its arbitration fee paid by anyone
///        (`payArbitrationFeeFor`); a token paused through a whole fee window (at least one day) lets the waiting
///        party lose by default, a risk accepted with the token.
///      - Per-deal accounting fits in uint96: a deal's total and each arbitration cost are capped at 2^88 - 1.
contract DealEscrow is IDealEscrow, Ownable2Step, Pausable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /* ------------------------------------------------------------------ */
    /*                              CONSTANTS                             */
    /* ------------------------------------------------------------------ */

    /// @notice 100 % in basis points.
    uint16 public constant BPS = 10_000;
    /// @notice Highest protocol fee the owner can set.
    uint16 public constant MAX_PROTOCOL_FEE_BPS = 1_000;
    /// @notice Most milestones per deal.
    uint256 public constant MAX_MILESTONES = 16;
    /// @notice Most questions in an acceptance-criteria table.
    uint256 public constant MAX_QUESTIONS = TermsLogic.MAX_QUESTIONS;
    /// @notice Most options per question.
    uint256 public constant MAX_OPTIONS = TermsLogic.MAX_OPTIONS;
    /// @notice Most revision requests per milestone.
    uint256 public constant MAX_REVISIONS = TermsLogic.MAX_REVISIONS;
    /// @notice Shortest and longest review, revision and fee periods.
    uint256 public constant MIN_PERIOD = TermsLogic.MIN_PERIOD;
    uint256 public constant MAX_PERIOD = TermsLogic.MAX_PERIOD;
    /// @notice How far ahead accept-by and deliver-by dates may be.
    uint256 public constant MAX_HORIZON = TermsLogic.MAX_HORIZON;
    /// @notice Largest deal total and arbitration cost (so that every per-deal credit fits in uint96).
    uint256 public constant MAX_AMOUNT = type(uint88).max;
    /// @notice Longest exclusivity window (about five years).
    uint256 public constant MAX_EXCLUSIVITY = TermsLogic.MAX_EXCLUSIVITY;
    /// @notice Highest share of the influencer's payouts that a deal may hold back.
    uint16 public constant MAX_HOLDBACK_BPS = TermsLogic.MAX_HOLDBACK_BPS;
    /// @notice Number of ruling options given to the arbitrator: ruling r in 1..10_001 gives the influencer
    ///         r - 1 basis points of the milestone; ruling 0 ("refused to rule") splits it in half.
    uint256 public constant RULING_OPTIONS = 10_001;

    /* ------------------------------------------------------------------ */
    /*                       IMMUTABLES AND STORAGE                       */
    /* ------------------------------------------------------------------ */

    IArbitratorV2 internal immutable _ARBITRATOR;
    /// @dev Deployed by the constructor: the escrow is their only writer.
    IExclusivityRegistry internal immutable _REGISTRY;
    IHoldbackVault internal immutable _VAULT;

    uint16 internal _protocolFeeBps;
    address internal _feeRecipient;
    mapping(IERC20 token => bool) internal _allowedTokens;
    mapping(IERC20 token => uint256) internal _protocolFees;

    mapping(bytes32 dealId => DealState) internal _deals;
    mapping(bytes32 dealId => mapping(uint256 milestone => MilestoneState)) internal _milestones;
    mapping(bytes32 dealId => mapping(uint256 milestone => Arbitration)) internal _arbitrations;
    mapping(uint256 disputeId => DisputeRef) internal _disputes;
    mapping(bytes32 dealId => DisputeExtras) internal _extras;
    mapping(bytes32 dealId => bool) internal _rightsBought;

    /// @dev What paying out a milestone needs from the deal's terms: read from the terms, or in `rule` from the
    ///      dispute's records.
    struct PayoutTerms {
        IERC20 token;
        uint16 protocolFeeBps;
        uint256 milestoneCount;
        uint128 rightsPrice;
        bool hasRights;
        bool exclusive;
        uint16 holdbackBps;
    }

    /* ------------------------------------------------------------------ */
    /*                             CONSTRUCTOR                            */
    /* ------------------------------------------------------------------ */

    /// @param arbitrator_ The arbitrator of every deal of this escrow.
    /// @param owner_ The governance account.
    /// @param feeRecipient_ The account that withdraws protocol fees.
    /// @param protocolFeeBps_ The protocol fee for new deals.
    constructor(IArbitratorV2 arbitrator_, address owner_, address feeRecipient_, uint16 protocolFeeBps_)
        Ownable(owner_)
    {
        if (address(arbitrator_) == address(0)) revert EscrowInvalidAddress(address(0));
        _ARBITRATOR = arbitrator_;
        ExclusivityRegistry registry = new ExclusivityRegistry();
        _REGISTRY = registry;
        _VAULT = new HoldbackVault(arbitrator_, registry);
        _setFeeRecipient(feeRecipient_);
        _setProtocolFee(protocolFeeBps_);
    }

    /* ------------------------------------------------------------------ */
    /*                             GOVERNANCE                             */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IDealEscrow
    function setTokenAllowed(IERC20 token, bool allowed) external onlyOwner {
        if (address(token) == address(0)) revert EscrowInvalidAddress(address(0));
        _allowedTokens[token] = allowed;
        emit TokenAllowed(token, allowed);
    }

    /// @inheritdoc IDealEscrow
    function setProtocolFee(uint16 feeBps) external onlyOwner {
        _setProtocolFee(feeBps);
    }

    /// @inheritdoc IDealEscrow
    function setFeeRecipient(address recipient) external onlyOwner {
        _setFeeRecipient(recipient);
    }

    /// @inheritdoc IDealEscrow
    function pause() external onlyOwner {
        _pause();
    }

    /// @inheritdoc IDealEscrow
    function unpause() external onlyOwner {
        _unpause();
    }

    /// @inheritdoc IDealEscrow
    function withdrawProtocolFees(IERC20 token, address to) external nonReentrant returns (uint256 amount) {
        if (msg.sender != _feeRecipient) revert EscrowOnlyFeeRecipient(msg.sender);
        _checkRecipient(to);
        amount = _protocolFees[token];
        if (amount == 0) revert EscrowNoProtocolFees(token);
        _protocolFees[token] = 0;
        emit ProtocolFeesWithdrawn(token, to, amount);
        token.safeTransfer(to, amount);
    }

    function _setProtocolFee(uint16 feeBps) internal {
        if (feeBps > MAX_PROTOCOL_FEE_BPS) revert EscrowFeeTooHigh(feeBps, MAX_PROTOCOL_FEE_BPS);
        emit ProtocolFeeSet(_protocolFeeBps, feeBps);
        _protocolFeeBps = feeBps;
    }

    function _setFeeRecipient(address recipient) internal {
        _checkRecipient(recipient);
        emit FeeRecipientSet(_feeRecipient, recipient);
        _feeRecipient = recipient;
    }

    /* ------------------------------------------------------------------ */
    /*                            OFFER & FUND                            */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IDealEscrow
    function createDeal(DealTerms calldata terms, Question[] calldata criteria)
        external
        nonReentrant
        whenNotPaused
        returns (bytes32 id)
    {
        uint256 total;
        (id, total) = _openDeal(terms, criteria);
        _pullExact(terms.token, msg.sender, total);
    }

    /// @inheritdoc IDealEscrow
    function createDealWithPermit(
        DealTerms calldata terms,
        Question[] calldata criteria,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant whenNotPaused returns (bytes32 id) {
        uint256 total;
        (id, total) = _openDeal(terms, criteria);
        // A permit can be submitted by anyone, so it may already have been used: what matters is the allowance.
        try IERC20Permit(address(terms.token)).permit(msg.sender, address(this), total, permitDeadline, v, r, s) {}
        catch {
            uint256 allowance = terms.token.allowance(msg.sender, address(this));
            if (allowance < total) revert EscrowPermitFailed(allowance, total);
        }
        _pullExact(terms.token, msg.sender, total);
    }

    /// @inheritdoc IDealEscrow
    function acceptDeal(DealTerms calldata terms) external {
        (bytes32 id, DealState storage deal) = _loadDeal(terms, DealStatus.Offered);
        _onlyParty(terms, Party.Influencer);
        if (block.timestamp > terms.acceptBy) revert DeadlinePassed(terms.acceptBy, block.timestamp);
        deal.status = DealStatus.Active;
        emit DealAccepted(id, msg.sender);
        // Reverts with `ExclusivityConflict` when another brand's exclusivity on the topic overlaps.
        if (terms.exclusiveUntil != 0) _REGISTRY.activate(id, msg.sender);
    }

    /// @inheritdoc IDealEscrow
    function declineDeal(DealTerms calldata terms) external {
        (bytes32 id, DealState storage deal) = _loadDeal(terms, DealStatus.Offered);
        _onlyParty(terms, Party.Influencer);
        uint256 total = _endOffer(id, deal, terms, DealStatus.Declined);
        emit DealDeclined(id, msg.sender, total);
    }

    /// @inheritdoc IDealEscrow
    function reclaimOffer(DealTerms calldata terms) external {
        (bytes32 id, DealState storage deal) = _loadDeal(terms, DealStatus.Offered);
        if (block.timestamp <= terms.acceptBy) revert DeadlineNotReached(terms.acceptBy, block.timestamp);
        uint256 total = _endOffer(id, deal, terms, DealStatus.Expired);
        emit DealExpired(id, msg.sender, total);
    }

    /// @dev Validates an offer, records it and emits `DealCreated`. Returns the deal id and the total to pull.
    function _openDeal(DealTerms calldata terms, Question[] calldata criteria)
        internal
        returns (bytes32 id, uint256 total)
    {
        _validateTerms(terms, criteria);
        DealKey memory key = _keyOf(terms);
        id = keccak256(abi.encode(key));
        DealState storage deal = _deals[id];
        if (deal.status != DealStatus.None) revert DealAlreadyExists(id);

        uint256 count = terms.milestones.length;
        if (count == 0 || count > MAX_MILESTONES) revert TermsMilestoneCount(count, MAX_MILESTONES);
        uint256 acceptBy = terms.acceptBy;
        uint256 horizon = block.timestamp + MAX_HORIZON;
        // Each milestone word is written now, so that every later step rewrites a non-zero word.
        for (uint256 i; i < count; ++i) {
            uint256 amount = terms.milestones[i].amount;
            uint40 deliverBy = terms.milestones[i].deliverBy;
            if (amount == 0) revert TermsZeroAmount(i);
            if (deliverBy <= acceptBy || deliverBy > horizon) {
                revert TermsDeliverByInvalid(i, deliverBy, acceptBy + 1, horizon);
            }
            total += amount; // at most 16 * 2^128: no overflow
            MilestoneState storage m = _milestones[id][i];
            m.status = MilestoneStatus.AwaitingDelivery;
            m.deadline = deliverBy;
        }
        total += terms.rightsPrice; // escrowed with the milestones, paid when the deal completes
        if (total > MAX_AMOUNT) revert TermsTotalTooLarge(total, MAX_AMOUNT);
        // count <= MAX_MILESTONES fits in uint8.
        deal.status = DealStatus.Offered;
        deal.openMilestones = uint8(count);
        emit DealCreated(id, terms.brand, terms.influencer, key, terms, criteria, total);
        if (terms.exclusiveUntil != 0) _openExclusivity(id, terms);
    }

    /// @dev Lists the offer's exclusivity for the influencer and opens its holdback, if any.
    function _openExclusivity(bytes32 id, DealTerms calldata terms) internal {
        _REGISTRY.reserve(
            id, terms.influencer, terms.brand, terms.exclusiveTopic, terms.exclusiveFrom, terms.exclusiveUntil
        );
        if (terms.holdbackBps == 0) return;
        _VAULT.open(
            HoldbackContext({
                dealId: id,
                brand: terms.brand,
                influencer: terms.influencer,
                token: terms.token,
                until: terms.exclusiveUntil,
                language: terms.language,
                topic: terms.topic,
                briefHash: terms.briefHash,
                breachCriteriaHash: terms.breachCriteriaHash
            })
        );
    }

    /// @dev Checks the terms of an offer, except its milestones (checked while they are recorded). The checks that
    ///      need no storage run in the linked {TermsLogic}.
    function _validateTerms(DealTerms calldata terms, Question[] calldata criteria) internal view {
        if (terms.brand != msg.sender) revert TermsBrandNotCaller(terms.brand, msg.sender);
        address influencer = terms.influencer;
        if (influencer == address(0) || influencer == address(this) || influencer == terms.brand) {
            revert TermsInvalidInfluencer(influencer);
        }
        if (!_allowedTokens[terms.token]) revert EscrowTokenNotAllowed(terms.token);
        if (terms.protocolFeeBps != _protocolFeeBps) revert TermsFeeMismatch(terms.protocolFeeBps, _protocolFeeBps);
        _checkCriteriaHash(terms.criteriaHash, criteria);
        TermsLogic.validate(
            TermsLogic.Offer({
                maxRevisions: terms.maxRevisions,
                language: terms.language,
                topic: terms.topic,
                acceptBy: terms.acceptBy,
                reviewPeriod: terms.reviewPeriod,
                revisionPeriod: terms.revisionPeriod,
                feeTimeout: terms.feeTimeout,
                exclusiveTopic: terms.exclusiveTopic,
                exclusiveFrom: terms.exclusiveFrom,
                exclusiveUntil: terms.exclusiveUntil,
                holdbackBps: terms.holdbackBps,
                breachCriteriaHash: terms.breachCriteriaHash,
                rightsPrice: terms.rightsPrice,
                rightsHash: terms.rightsHash
            }),
            criteria
        );
    }

    /// @dev Checks that a criteria table is the one the terms commit to.
    function _checkCriteriaHash(bytes32 expectedHash, Question[] calldata criteria) internal pure {
        bytes32 actual = keccak256(abi.encode(criteria));
        if (actual != expectedHash) revert CriteriaHashMismatch(expectedHash, actual);
    }

    /// @dev Ends an unaccepted offer: the whole escrow becomes the brand's credit and the milestones are cleared.
    function _endOffer(bytes32 id, DealState storage deal, DealTerms calldata terms, DealStatus status)
        internal
        returns (uint256 total)
    {
        uint256 count = terms.milestones.length;
        for (uint256 i; i < count; ++i) {
            total += terms.milestones[i].amount;
            delete _milestones[id][i];
        }
        total += terms.rightsPrice;
        deal.status = status;
        deal.openMilestones = 0;
        deal.brandCredit = uint96(total); // total <= MAX_AMOUNT
        if (terms.exclusiveUntil != 0) _REGISTRY.end(id);
    }

    /* ------------------------------------------------------------------ */
    /*                              DELIVERY                              */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IDealEscrow
    function submitDeliverable(
        DealTerms calldata terms,
        uint256 milestone,
        bytes32 contentHash,
        string calldata contentURI
    ) external {
        (bytes32 id,) = _loadDeal(terms, DealStatus.Active);
        _onlyParty(terms, Party.Influencer);
        MilestoneState storage m = _loadMilestone(id, terms, milestone, _mask(MilestoneStatus.AwaitingDelivery));
        uint256 deadline = m.deadline;
        if (block.timestamp > deadline) revert DeadlinePassed(deadline, block.timestamp);
        uint256 reviewDeadline = block.timestamp + terms.reviewPeriod;
        m.status = MilestoneStatus.InReview;
        m.deadline = uint40(reviewDeadline);
        m.delivered = true;
        m.contentDigest = bytes20(contentHash);
        emit DeliverableSubmitted(id, milestone, m.revisions, contentHash, contentURI, reviewDeadline);
    }

    /// @inheritdoc IDealEscrow
    function approveMilestone(DealTerms calldata terms, uint256 milestone) external {
        (bytes32 id, DealState storage deal) = _loadDeal(terms, DealStatus.Active);
        _onlyParty(terms, Party.Brand);
        MilestoneState storage m = _loadMilestone(
            id, terms, milestone, _mask(MilestoneStatus.AwaitingDelivery) | _mask(MilestoneStatus.InReview)
        );
        _finalize(id, deal, m, terms, milestone, MilestoneStatus.Released, BPS);
    }

    /// @inheritdoc IDealEscrow
    function requestRevision(DealTerms calldata terms, uint256 milestone, bytes32 noteHash) external {
        (bytes32 id,) = _loadDeal(terms, DealStatus.Active);
        _onlyParty(terms, Party.Brand);
        MilestoneState storage m = _loadMilestone(id, terms, milestone, _mask(MilestoneStatus.InReview));
        uint256 deadline = m.deadline;
        if (block.timestamp > deadline) revert DeadlinePassed(deadline, block.timestamp);
        uint256 revisions = m.revisions;
        if (revisions >= terms.maxRevisions) revert RevisionLimitReached(id, milestone, terms.maxRevisions);
        // The influencer keeps at least the revision period, and never less than the original deliver-by date.
        uint256 resubmitBy = block.timestamp + terms.revisionPeriod;
        uint256 deliverBy = terms.milestones[milestone].deliverBy;
        if (deliverBy > resubmitBy) resubmitBy = deliverBy;
        ++revisions;
        m.status = MilestoneStatus.AwaitingDelivery;
        m.revisions = uint8(revisions); // <= MAX_REVISIONS
        m.deadline = uint40(resubmitBy);
        emit RevisionRequested(id, milestone, revisions, noteHash, resubmitBy);
    }

    /// @inheritdoc IDealEscrow
    function releaseAfterReview(DealTerms calldata terms, uint256 milestone) external {
        (bytes32 id, DealState storage deal) = _loadDeal(terms, DealStatus.Active);
        MilestoneState storage m = _loadMilestone(id, terms, milestone, _mask(MilestoneStatus.InReview));
        uint256 deadline = m.deadline;
        if (block.timestamp <= deadline) revert DeadlineNotReached(deadline, block.timestamp);
        _finalize(id, deal, m, terms, milestone, MilestoneStatus.Released, BPS);
    }

    /// @inheritdoc IDealEscrow
    function reclaimMilestone(DealTerms calldata terms, uint256 milestone) external {
        (bytes32 id, DealState storage deal) = _loadDeal(terms, DealStatus.Active);
        MilestoneState storage m = _loadMilestone(id, terms, milestone, _mask(MilestoneStatus.AwaitingDelivery));
        uint256 deadline = m.deadline;
        if (block.timestamp <= deadline) revert DeadlineNotReached(deadline, block.timestamp);
        _finalize(id, deal, m, terms, milestone, MilestoneStatus.Refunded, 0);
    }

    /// @inheritdoc IDealEscrow
    function refundMilestone(DealTerms calldata terms, uint256 milestone) external {
        (bytes32 id, DealState storage deal) = _loadDeal(terms, DealStatus.Active);
        _onlyParty(terms, Party.Influencer);
        MilestoneState storage m = _loadMilestone(
            id, terms, milestone, _mask(MilestoneStatus.AwaitingDelivery) | _mask(MilestoneStatus.InReview)
        );
        _finalize(id, deal, m, terms, milestone, MilestoneStatus.Refunded, 0);
    }

    /* ------------------------------------------------------------------ */
    /*                             SETTLEMENT                             */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IDealEscrow
    function proposeSettlement(DealTerms calldata terms, uint256 milestone, uint16 influencerShareBps) external {
        (bytes32 id,) = _loadDeal(terms, DealStatus.Active);
        Party party = _callerParty(terms);
        MilestoneState storage m = _loadMilestone(id, terms, milestone, _SETTLEABLE);
        if (influencerShareBps > BPS) revert SettlementShareInvalid(influencerShareBps);
        m.settlementProposer = party;
        m.settlementShareBps = influencerShareBps;
        emit SettlementProposed(id, milestone, party, influencerShareBps);
    }

    /// @inheritdoc IDealEscrow
    function acceptSettlement(DealTerms calldata terms, uint256 milestone, uint16 influencerShareBps) external {
        (bytes32 id, DealState storage deal) = _loadDeal(terms, DealStatus.Active);
        Party party = _callerParty(terms);
        MilestoneState storage m = _loadMilestone(id, terms, milestone, _SETTLEABLE);
        Party proposer = m.settlementProposer;
        uint16 proposed = m.settlementShareBps;
        if (proposer == Party.None || proposer == party || proposed != influencerShareBps) {
            revert SettlementNotProposed(proposer, proposed, influencerShareBps);
        }
        if (m.status == MilestoneStatus.FeesPending) _refundDeposits(id, deal, milestone);
        _finalize(id, deal, m, terms, milestone, MilestoneStatus.Settled, influencerShareBps);
    }

    /* ------------------------------------------------------------------ */
    /*                              DISPUTE                               */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IDealEscrow
    function payArbitrationFee(DealTerms calldata terms, Question[] calldata criteria, uint256 milestone)
        external
        nonReentrant
    {
        _payFee(terms, criteria, milestone, _callerParty(terms));
    }

    /// @inheritdoc IDealEscrow
    function payArbitrationFeeFor(
        DealTerms calldata terms,
        Question[] calldata criteria,
        uint256 milestone,
        Party party
    ) external nonReentrant {
        _payFee(terms, criteria, milestone, party);
    }

    /// @dev Pays (from the caller) the arbitration fee of `party`: a party raises or answers for itself, anyone
    ///      else may only answer for the party the fee phase waits for.
    function _payFee(DealTerms calldata terms, Question[] calldata criteria, uint256 milestone, Party party) internal {
        (bytes32 id, DealState storage deal) = _loadDeal(terms, DealStatus.Active);
        _checkCriteriaHash(terms.criteriaHash, criteria);
        bool ownFee = (party == Party.Brand && msg.sender == terms.brand)
            || (party == Party.Influencer && msg.sender == terms.influencer);
        if (!ownFee) {
            Arbitration storage pending = _arbitrations[id][milestone];
            bool answering = party != Party.None && pending.waitingFor == party
                && _milestones[id][milestone].status == MilestoneStatus.FeesPending;
            if (!answering) revert ArbitrationNotAvailable(id, milestone, party);
        }
        _enterFeePhase(id, terms, milestone, party);

        bytes memory extraData = _extraData(id, terms, criteria, milestone);
        uint256 cost = _ARBITRATOR.arbitrationCost(extraData, terms.token);
        if (cost > MAX_AMOUNT) revert ArbitrationCostTooHigh(cost);
        (uint256 amount, bool bothPaid) = _recordFee(id, deal, terms.feeTimeout, milestone, party, cost);
        _pullExact(terms.token, msg.sender, amount);
        if (bothPaid) _createDispute(id, terms, milestone, extraData, cost);
    }

    /// @dev Checks that `party` may pay the fee now; a first payment moves the milestone into the fee phase.
    function _enterFeePhase(bytes32 id, DealTerms calldata terms, uint256 milestone, Party party) internal {
        MilestoneState storage m = _loadMilestone(id, terms, milestone, _DISPUTABLE);
        MilestoneStatus status = m.status;
        if (status == MilestoneStatus.FeesPending) {
            uint256 feeDeadline = _arbitrations[id][milestone].feeDeadline;
            if (block.timestamp > feeDeadline) revert DeadlinePassed(feeDeadline, block.timestamp);
            return;
        }
        // The brand disputes a submission under review; the influencer disputes a revision request.
        bool allowed =
            status == MilestoneStatus.InReview ? party == Party.Brand : party == Party.Influencer && m.revisions > 0;
        if (!allowed) revert ArbitrationNotAvailable(id, milestone, party);
        uint256 deadline = m.deadline;
        if (block.timestamp > deadline) revert DeadlinePassed(deadline, block.timestamp);
        m.status = MilestoneStatus.FeesPending;
    }

    /// @dev Records `party`'s payment up to `cost`. Returns what it pays now and whether both sides have paid. When
    ///      both deposits cover the current cost (it may have fallen, or be zero), the dispute is created and every
    ///      deposit above the cost goes back to its payer.
    function _recordFee(
        bytes32 id,
        DealState storage deal,
        uint256 feeTimeout,
        uint256 milestone,
        Party party,
        uint256 cost
    ) internal returns (uint256 amount, bool bothPaid) {
        Arbitration storage a = _arbitrations[id][milestone];
        bool byBrand = party == Party.Brand;
        Party other = byBrand ? Party.Influencer : Party.Brand;
        uint256 paid = byBrand ? a.brandFee : a.influencerFee;
        uint256 otherPaid = byBrand ? a.influencerFee : a.brandFee;
        bothPaid = otherPaid >= cost;
        if (paid >= cost && !bothPaid) revert ArbitrationFeeAlreadyPaid(party, paid, cost);
        amount = paid >= cost ? 0 : cost - paid;
        paid += amount;

        if (!bothPaid) {
            uint256 feeDeadline = block.timestamp + feeTimeout;
            // cost <= MAX_AMOUNT fits in uint96.
            if (byBrand) a.brandFee = uint96(paid);
            else a.influencerFee = uint96(paid);
            a.waitingFor = other;
            a.feeDeadline = uint40(feeDeadline);
            emit ArbitrationFeePaid(id, milestone, party, amount, paid, cost, other, feeDeadline);
            return (amount, false);
        }
        _creditBack(id, deal, milestone, party, paid - cost);
        _creditBack(id, deal, milestone, other, otherPaid - cost);
        a.brandFee = uint96(cost);
        a.influencerFee = uint96(cost);
        a.waitingFor = Party.None;
        a.feeDeadline = 0;
        a.created = true;
        _milestones[id][milestone].status = MilestoneStatus.InArbitration;
        emit ArbitrationFeePaid(id, milestone, party, amount, paid, cost, Party.None, 0);
    }

    /// @dev Credits an arbitration deposit (or part of one) back to `party`; nothing for a zero amount.
    function _creditBack(bytes32 id, DealState storage deal, uint256 milestone, Party party, uint256 amount)
        internal
    {
        if (amount == 0) return;
        _credit(deal, party, amount);
        emit ArbitrationFeeRefunded(id, milestone, party, amount);
    }

    /// @dev Hands the dispute and one arbitration cost to the arbitrator.
    function _createDispute(
        bytes32 id,
        DealTerms calldata terms,
        uint256 milestone,
        bytes memory extraData,
        uint256 cost
    ) internal {
        terms.token.forceApprove(address(_ARBITRATOR), cost);
        uint256 disputeId = _ARBITRATOR.createDispute(RULING_OPTIONS, extraData, terms.token, cost);
        if (_disputes[disputeId].exists) revert ArbitrationDisputeIdReused(disputeId);
        _arbitrations[id][milestone].disputeId = disputeId;
        _disputes[disputeId] = DisputeRef({
            dealId: id,
            token: terms.token,
            milestone: uint8(milestone),
            protocolFeeBps: terms.protocolFeeBps,
            exists: true,
            milestoneCount: uint8(terms.milestones.length),
            amount: terms.milestones[milestone].amount
        });
        // A ruling arrives without the terms: keep what it needs to settle the rights, the exclusivity and the
        // holdback.
        if ((terms.rightsHash != 0 || terms.exclusiveUntil != 0) && !_extras[id].recorded) {
            _extras[id] = DisputeExtras({
                rightsPrice: terms.rightsPrice,
                exclusiveUntil: terms.exclusiveUntil,
                holdbackBps: terms.holdbackBps,
                hasRights: terms.rightsHash != 0,
                recorded: true
            });
        }
        emit DisputeCreated(id, milestone, disputeId, cost);
        emit DisputeRequest(_ARBITRATOR, disputeId, uint256(keccak256(abi.encode(id, milestone))), 0, "");
    }

    /// @inheritdoc IDealEscrow
    function timeOutArbitration(DealTerms calldata terms, uint256 milestone) external {
        (bytes32 id, DealState storage deal) = _loadDeal(terms, DealStatus.Active);
        MilestoneState storage m = _loadMilestone(id, terms, milestone, _mask(MilestoneStatus.FeesPending));
        Arbitration storage a = _arbitrations[id][milestone];
        uint256 feeDeadline = a.feeDeadline;
        if (block.timestamp <= feeDeadline) revert DeadlineNotReached(feeDeadline, block.timestamp);
        // The party that did not pay in time loses the milestone; every deposit goes back to its payer.
        uint16 share = a.waitingFor == Party.Brand ? BPS : 0;
        _refundDeposits(id, deal, milestone);
        _finalize(id, deal, m, terms, milestone, MilestoneStatus.Ruled, share);
    }

    /// @inheritdoc IArbitrableV2
    /// @dev Needs no terms: the milestone's amount and fee are read back from the dispute's own record.
    function rule(uint256 disputeId, uint256 ruling) external {
        if (msg.sender != address(_ARBITRATOR)) revert EscrowOnlyArbitrator(msg.sender);
        DisputeRef memory ref = _disputes[disputeId];
        if (!ref.exists) revert ArbitrationUnknownDispute(disputeId);
        if (ruling > RULING_OPTIONS) revert ArbitrationRulingOutOfRange(ruling, RULING_OPTIONS);
        bytes32 id = ref.dealId;
        uint256 milestone = ref.milestone;
        MilestoneState storage m = _milestones[id][milestone];
        _requireMilestoneStatus(id, milestone, m.status, _mask(MilestoneStatus.InArbitration));
        // ruling - 1 <= 10_000 fits in uint16.
        uint16 share = ruling == 0 ? BPS / 2 : uint16(ruling - 1);
        emit Ruling(_ARBITRATOR, disputeId, ruling);

        DealState storage deal = _deals[id];
        _shareHeldFee(id, deal, milestone, share);
        DisputeExtras memory extras = _extras[id];
        PayoutTerms memory p = PayoutTerms({
            token: ref.token,
            protocolFeeBps: ref.protocolFeeBps,
            milestoneCount: ref.milestoneCount,
            rightsPrice: extras.rightsPrice,
            hasRights: extras.hasRights,
            exclusive: extras.exclusiveUntil != 0,
            holdbackBps: extras.holdbackBps
        });
        _payOut(id, deal, m, milestone, MilestoneStatus.Ruled, share, ref.amount, p);
    }

    /// @dev The escrow holds one arbitration cost (the other went to the arbitrator): it is shared like the
    ///      milestone, so each party bears the cost in proportion to what it lost.
    function _shareHeldFee(bytes32 id, DealState storage deal, uint256 milestone, uint16 influencerShareBps)
        internal
    {
        Arbitration storage a = _arbitrations[id][milestone];
        uint256 held = a.brandFee;
        a.brandFee = 0;
        a.influencerFee = 0;
        uint256 toInfluencer = held * influencerShareBps / BPS;
        _creditBack(id, deal, milestone, Party.Influencer, toInfluencer);
        _creditBack(id, deal, milestone, Party.Brand, held - toInfluencer);
    }

    /// @dev Builds the `extraData` handed to the arbitrator.
    function _extraData(bytes32 id, DealTerms calldata terms, Question[] calldata criteria, uint256 milestone)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encode(
            DisputeContext({
                dealId: id,
                milestone: uint8(milestone),
                brand: terms.brand,
                influencer: terms.influencer,
                language: terms.language,
                topic: terms.topic,
                briefHash: terms.briefHash,
                criteria: criteria
            })
        );
    }

    /// @dev Credits every arbitration deposit of a milestone back to its payer.
    function _refundDeposits(bytes32 id, DealState storage deal, uint256 milestone) internal {
        Arbitration storage a = _arbitrations[id][milestone];
        uint256 brandFee = a.brandFee;
        uint256 influencerFee = a.influencerFee;
        a.brandFee = 0;
        a.influencerFee = 0;
        a.waitingFor = Party.None;
        _creditBack(id, deal, milestone, Party.Brand, brandFee);
        _creditBack(id, deal, milestone, Party.Influencer, influencerFee);
    }

    /* ------------------------------------------------------------------ */
    /*                               CLAIM                                */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IDealEscrow
    function claim(DealKey calldata key, address to) external nonReentrant returns (uint256 amount) {
        _checkRecipient(to);
        bytes32 id = keccak256(abi.encode(key));
        amount = _takeCredit(id, key);
        if (amount == 0) revert EscrowNothingToClaim(id, msg.sender);
        emit Claimed(id, msg.sender, to, key.token, amount);
        key.token.safeTransfer(to, amount);
    }

    /// @inheritdoc IDealEscrow
    function claimMany(DealKey[] calldata keys, address to) external nonReentrant returns (uint256 amount) {
        _checkRecipient(to);
        uint256 count = keys.length;
        if (count == 0) revert EscrowNothingToClaim(bytes32(0), msg.sender);
        IERC20 token = keys[0].token;
        for (uint256 i; i < count; ++i) {
            DealKey calldata key = keys[i];
            if (key.token != token) revert EscrowMixedTokens(token, key.token);
            bytes32 id = keccak256(abi.encode(key));
            uint256 credit = _takeCredit(id, key);
            if (credit > 0) {
                amount += credit;
                emit Claimed(id, msg.sender, to, token, credit);
            }
        }
        if (amount == 0) revert EscrowNothingToClaim(bytes32(0), msg.sender);
        token.safeTransfer(to, amount);
    }

    /// @dev Zeroes and returns the caller's credit in a deal.
    function _takeCredit(bytes32 id, DealKey calldata key) internal returns (uint256 amount) {
        DealState storage deal = _deals[id];
        if (deal.status == DealStatus.None) revert DealNotFound(id);
        if (msg.sender == key.brand) {
            amount = deal.brandCredit;
            deal.brandCredit = 0;
        } else if (msg.sender == key.influencer) {
            amount = deal.influencerCredit;
            deal.influencerCredit = 0;
        } else {
            revert EscrowUnauthorized(msg.sender, Party.None);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                               VIEWS                                */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IDealEscrow
    function arbitrator() external view returns (IArbitratorV2) {
        return _ARBITRATOR;
    }

    /// @inheritdoc IDealEscrow
    function exclusivityRegistry() external view returns (IExclusivityRegistry) {
        return _REGISTRY;
    }

    /// @inheritdoc IDealEscrow
    function holdbackVault() external view returns (IHoldbackVault) {
        return _VAULT;
    }

    /// @inheritdoc IDealEscrow
    function protocolFeeBps() external view returns (uint16) {
        return _protocolFeeBps;
    }

    /// @inheritdoc IDealEscrow
    function feeRecipient() external view returns (address) {
        return _feeRecipient;
    }

    /// @inheritdoc IDealEscrow
    function isTokenAllowed(IERC20 token) external view returns (bool) {
        return _allowedTokens[token];
    }

    /// @inheritdoc IDealEscrow
    function protocolFees(IERC20 token) external view returns (uint256) {
        return _protocolFees[token];
    }

    /// @inheritdoc IDealEscrow
    function getDeal(bytes32 id) external view returns (DealState memory) {
        return _deals[id];
    }

    /// @inheritdoc IDealEscrow
    function getMilestone(bytes32 id, uint256 milestone) external view returns (MilestoneState memory) {
        return _milestones[id][milestone];
    }

    /// @inheritdoc IDealEscrow
    function rightsBought(bytes32 id) external view returns (bool) {
        return _rightsBought[id];
    }

    /// @inheritdoc IDealEscrow
    function getArbitration(bytes32 id, uint256 milestone) external view returns (Arbitration memory) {
        return _arbitrations[id][milestone];
    }

    /// @inheritdoc IDealEscrow
    function getDisputeRef(uint256 disputeId) external view returns (DisputeRef memory) {
        return _disputes[disputeId];
    }

    /// @inheritdoc IDealEscrow
    function arbitrationCost(DealTerms calldata terms, Question[] calldata criteria, uint256 milestone)
        external
        view
        returns (uint256)
    {
        _checkCriteriaHash(terms.criteriaHash, criteria);
        bytes32 id = keccak256(abi.encode(_keyOf(terms)));
        return _ARBITRATOR.arbitrationCost(_extraData(id, terms, criteria, milestone), terms.token);
    }

    /// @inheritdoc IDealEscrow
    function dealKey(DealTerms calldata terms) external pure returns (DealKey memory) {
        return _keyOf(terms);
    }

    /// @inheritdoc IDealEscrow
    function dealId(DealTerms calldata terms) external pure returns (bytes32) {
        return keccak256(abi.encode(_keyOf(terms)));
    }

    /// @inheritdoc IDealEscrow
    function dealIdOf(DealKey calldata key) external pure returns (bytes32) {
        return keccak256(abi.encode(key));
    }

    /// @inheritdoc IDealEscrow
    function hashCriteria(Question[] calldata criteria) external pure returns (bytes32) {
        return keccak256(abi.encode(criteria));
    }

    /* ------------------------------------------------------------------ */
    /*                              INTERNALS                             */
    /* ------------------------------------------------------------------ */

    /// @dev Milestone statuses from which a settlement can be proposed or accepted.
    uint256 internal constant _SETTLEABLE = (1 << uint256(MilestoneStatus.AwaitingDelivery))
        | (1 << uint256(MilestoneStatus.InReview)) | (1 << uint256(MilestoneStatus.FeesPending));

    /// @dev Milestone statuses from which an arbitration fee can be paid.
    uint256 internal constant _DISPUTABLE = _SETTLEABLE;

    function _keyOf(DealTerms calldata terms) internal pure returns (DealKey memory) {
        return DealKey(terms.brand, terms.influencer, terms.token, keccak256(abi.encode(terms)));
    }

    /// @dev Finds the deal of `terms` and checks its status.
    function _loadDeal(DealTerms calldata terms, DealStatus expected)
        internal
        view
        returns (bytes32 id, DealState storage deal)
    {
        id = keccak256(abi.encode(_keyOf(terms)));
        deal = _deals[id];
        DealStatus current = deal.status;
        if (current == DealStatus.None) revert DealNotFound(id);
        if (current != expected) revert DealUnexpectedStatus(id, current, expected);
    }

    /// @dev Finds a milestone and checks that its status is in the bitmap `expected`.
    function _loadMilestone(bytes32 id, DealTerms calldata terms, uint256 milestone, uint256 expected)
        internal
        view
        returns (MilestoneState storage m)
    {
        uint256 count = terms.milestones.length;
        if (milestone >= count) revert MilestoneOutOfRange(id, milestone, count);
        m = _milestones[id][milestone];
        _requireMilestoneStatus(id, milestone, m.status, expected);
    }

    function _requireMilestoneStatus(bytes32 id, uint256 milestone, MilestoneStatus current, uint256 expected)
        internal
        pure
    {
        if (_mask(current) & expected == 0) revert MilestoneUnexpectedStatus(id, milestone, current, expected);
    }

    function _mask(MilestoneStatus status) internal pure returns (uint256) {
        return 1 << uint256(status);
    }

    function _onlyParty(DealTerms calldata terms, Party party) internal view {
        address expected = party == Party.Brand ? terms.brand : terms.influencer;
        if (msg.sender != expected) revert EscrowUnauthorized(msg.sender, party);
    }

    function _callerParty(DealTerms calldata terms) internal view returns (Party) {
        if (msg.sender == terms.brand) return Party.Brand;
        if (msg.sender == terms.influencer) return Party.Influencer;
        revert EscrowUnauthorized(msg.sender, Party.None);
    }

    /// @dev Puts a milestone in its final state and credits its amount: the influencer's share less the protocol
    ///      fee to the influencer, the rest to the brand.
    function _finalize(
        bytes32 id,
        DealState storage deal,
        MilestoneState storage m,
        DealTerms calldata terms,
        uint256 milestone,
        MilestoneStatus outcome,
        uint16 influencerShareBps
    ) internal {
        PayoutTerms memory p = PayoutTerms({
            token: terms.token,
            protocolFeeBps: terms.protocolFeeBps,
            milestoneCount: terms.milestones.length,
            rightsPrice: terms.rightsPrice,
            hasRights: terms.rightsHash != 0,
            exclusive: terms.exclusiveUntil != 0,
            holdbackBps: terms.holdbackBps
        });
        _payOut(id, deal, m, milestone, outcome, influencerShareBps, terms.milestones[milestone].amount, p);
    }

    function _payOut(
        bytes32 id,
        DealState storage deal,
        MilestoneState storage m,
        uint256 milestone,
        MilestoneStatus outcome,
        uint16 influencerShareBps,
        uint256 amount,
        PayoutTerms memory p
    ) internal {
        uint256 gross = amount * influencerShareBps / BPS;
        uint256 fee = gross * p.protocolFeeBps / BPS;
        uint256 held = _heldShare(id, p, gross - fee);
        uint256 toInfluencer = gross - fee - held;
        uint256 toBrand = amount - gross;

        m.status = outcome;
        m.settlementProposer = Party.None;
        m.settlementShareBps = influencerShareBps; // kept as the final share
        // Credits stay below 2^96: a deal's milestones, rights price and deposits add up to at most
        // 33 * MAX_AMOUNT.
        deal.influencerCredit += uint96(toInfluencer);
        deal.brandCredit += uint96(toBrand);
        uint8 open = deal.openMilestones - 1;
        deal.openMilestones = open;
        if (fee > 0) _protocolFees[p.token] += fee;

        emit MilestoneFinalized(
            id, milestone, outcome, msg.sender, influencerShareBps, toInfluencer, toBrand, fee
        );
        if (held != 0) _sendHoldback(id, p.token, held);
        // A ruling that gives the influencer most of the milestone goes against the brand: its exclusivity ends.
        if (p.exclusive && outcome == MilestoneStatus.Ruled && influencerShareBps > BPS / 2) _REGISTRY.end(id);
        if (open == 0) _close(id, deal, p);
    }

    /// @dev Closes a deal whose last milestone just became final. It completed when every milestone paid the
    ///      influencer something; then the rights price is the influencer's, otherwise the brand's.
    function _close(bytes32 id, DealState storage deal, PayoutTerms memory p) internal {
        bool completed = true;
        for (uint256 i; i < p.milestoneCount; ++i) {
            if (_milestones[id][i].settlementShareBps == 0) completed = false;
        }
        deal.status = DealStatus.Closed;
        deal.closedAt = uint40(block.timestamp);
        deal.completed = completed;
        emit DealClosed(id);
        if (completed) emit DealCompleted(id, block.timestamp);
        // A deal refunded in part or in full does not bind the influencer any longer.
        else if (p.exclusive) _REGISTRY.end(id);
        if (p.hasRights) _settleRights(id, deal, p, completed);
    }

    /// @dev Pays the rights price to the influencer (less the protocol fee) when the deal completed, or gives it
    ///      back to the brand.
    function _settleRights(bytes32 id, DealState storage deal, PayoutTerms memory p, bool bought) internal {
        uint256 price = p.rightsPrice;
        uint256 fee;
        uint256 toInfluencer;
        uint256 toBrand;
        uint256 held;
        if (bought) {
            _rightsBought[id] = true;
            fee = price * p.protocolFeeBps / BPS;
            held = _heldShare(id, p, price - fee);
            toInfluencer = price - fee - held;
            if (fee > 0) _protocolFees[p.token] += fee;
        } else {
            toBrand = price;
        }
        // price <= MAX_AMOUNT; see _payOut for the bound on credits.
        deal.influencerCredit += uint96(toInfluencer);
        deal.brandCredit += uint96(toBrand);
        emit RightsSettled(id, bought, toInfluencer, toBrand, fee);
        if (held != 0) _sendHoldback(id, p.token, held);
    }

    /// @dev The holdback share of an influencer payout (net of the protocol fee): none once the exclusivity ended.
    function _heldShare(bytes32 id, PayoutTerms memory p, uint256 net) internal view returns (uint256 held) {
        held = net * p.holdbackBps / BPS;
        if (held != 0 && _REGISTRY.endOf(id) < block.timestamp) held = 0;
    }

    /// @dev Hands a held amount to the vault, which locks it until the exclusivity ends or a breach claim is ruled.
    function _sendHoldback(bytes32 id, IERC20 token, uint256 held) internal {
        token.safeTransfer(address(_VAULT), held);
        _VAULT.hold(id, held);
    }

    function _credit(DealState storage deal, Party party, uint256 amount) internal {
        // amount <= MAX_AMOUNT; see _payOut for the bound on credits.
        if (party == Party.Brand) deal.brandCredit += uint96(amount);
        else deal.influencerCredit += uint96(amount);
    }

    /// @dev Pulls exactly `amount` of `token` from `from`; tokens that deliver less are refused.
    function _pullExact(IERC20 token, address from, uint256 amount) internal {
        uint256 balanceBefore = token.balanceOf(address(this));
        token.safeTransferFrom(from, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - balanceBefore;
        if (received != amount) revert EscrowTransferShortfall(amount, received);
    }

    function _checkRecipient(address to) internal view {
        if (to == address(0) || to == address(this)) revert EscrowInvalidAddress(to);
    }
}
