// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDealEscrow} from "./interfaces/IDealEscrow.sol";
import {IExclusivityRegistry} from "./interfaces/IExclusivityRegistry.sol";
import {Holdback, HoldbackStatus, IHoldbackVault} from "./interfaces/IHoldbackVault.sol";
import {IIsperaUpkeep, UpkeepWork} from "./interfaces/IIsperaUpkeep.sol";
import {IMediatorCourt} from "./interfaces/IMediatorCourt.sol";
import {IRandomnessSource} from "./interfaces/IRandomnessSource.sol";
import {DisputeInfo, Period, Round} from "./types/CourtTypes.sol";
import {DealStatus, DealTerms, HoldbackContext, MilestoneState, MilestoneStatus} from "./types/DealTypes.sol";

/// @title IsperaUpkeep
/// @notice Chainlink Automation for Ispera: the work of the self-run keeper (scripts/keeper.ts) for a bounded list of
///         watched disputes and deals. See {IIsperaUpkeep}.
/// @dev Caveats:
///      - No owner. Anyone may watch any existing dispute or deal; a finished one leaves the list through
///        `performUpkeep`. The lists are bounded (MAX_WATCHED each), so a full list refuses new entries until
///        entries finish: someone creating many small deals can fill it. Deploy an instance per operator when
///        that matters; the self-run keeper has no such bound.
///      - `performUpkeep` is open to anyone (Automation's forwarder is not required): every call it makes is
///        permissionless anyway, and it re-checks that the work is due, reverting `UpkeepNotDue` otherwise.
///      - Not covered: answering a VRF mock, rights certificates (their licence terms are off-chain), delivering
///        a ruling that failed, appeal refunds. The self-run keeper does the first three.
contract IsperaUpkeep is IIsperaUpkeep {
    /// @notice Entries per list (disputes, deals) at most: bounds the gas of `checkUpkeep`.
    uint256 public constant MAX_WATCHED = 32;

    IDealEscrow public immutable ESCROW;
    IMediatorCourt public immutable COURT;
    IHoldbackVault public immutable VAULT;
    IExclusivityRegistry public immutable REGISTRY;
    IRandomnessSource public immutable RANDOMNESS;
    /// @notice Seats per draw call.
    uint256 public immutable DRAW_BATCH;
    /// @notice Votes per executeRound call.
    uint256 public immutable EXECUTE_BATCH;

    uint256[] internal _disputes;
    bytes32[] internal _deals;
    mapping(uint256 disputeId => bool) internal _disputeWatched;
    /// @dev abi.encode(DealTerms) of each watched deal (empty when not watched).
    mapping(bytes32 dealId => bytes) internal _terms;

    constructor(IDealEscrow escrow, IRandomnessSource randomness, uint256 drawBatch, uint256 executeBatch) {
        ESCROW = escrow;
        COURT = IMediatorCourt(address(escrow.arbitrator()));
        VAULT = escrow.holdbackVault();
        REGISTRY = escrow.exclusivityRegistry();
        RANDOMNESS = randomness;
        DRAW_BATCH = drawBatch;
        EXECUTE_BATCH = executeBatch;
    }

    /* ------------------------------ WATCH ------------------------------- */

    /// @inheritdoc IIsperaUpkeep
    function watchDispute(uint256 disputeId) external {
        if (disputeId >= COURT.disputeCount()) revert UpkeepUnknownDispute(disputeId);
        if (_disputeWatched[disputeId]) revert UpkeepAlreadyWatched(bytes32(disputeId));
        if (_disputes.length >= MAX_WATCHED) revert UpkeepListFull(MAX_WATCHED);
        _disputeWatched[disputeId] = true;
        _disputes.push(disputeId);
        emit DisputeWatched(disputeId, msg.sender);
    }

    /// @inheritdoc IIsperaUpkeep
    function watchDeal(DealTerms calldata terms) external {
        bytes32 dealId = ESCROW.dealId(terms);
        if (ESCROW.getDeal(dealId).status == DealStatus.None) revert UpkeepUnknownDeal(dealId);
        if (_terms[dealId].length != 0) revert UpkeepAlreadyWatched(dealId);
        if (_deals.length >= MAX_WATCHED) revert UpkeepListFull(MAX_WATCHED);
        _terms[dealId] = abi.encode(terms);
        _deals.push(dealId);
        emit DealWatched(dealId, msg.sender);
    }

    /* ---------------------------- AUTOMATION ---------------------------- */

    /// @notice The first due work among the watched disputes, then deals: `performData` is
    ///         abi.encode(work, id, index). `checkData` is ignored.
    function checkUpkeep(bytes calldata) external view returns (bool upkeepNeeded, bytes memory performData) {
        for (uint256 i; i < _disputes.length; ++i) {
            (UpkeepWork work, uint256 index) = disputeWork(_disputes[i]);
            if (work != UpkeepWork.None) return (true, abi.encode(work, bytes32(_disputes[i]), index));
        }
        for (uint256 i; i < _deals.length; ++i) {
            (UpkeepWork work, uint256 index) = dealWork(_deals[i]);
            if (work != UpkeepWork.None) return (true, abi.encode(work, _deals[i], index));
        }
        return (false, "");
    }

    /// @notice Does the work of `performData` (from `checkUpkeep`) after checking that it is still the work due.
    function performUpkeep(bytes calldata performData) external {
        (UpkeepWork work, bytes32 id, uint256 index) = abi.decode(performData, (UpkeepWork, bytes32, uint256));
        bool onDeal = work >= UpkeepWork.ReclaimOffer;
        (UpkeepWork due, uint256 dueIndex) = onDeal ? dealWork(id) : disputeWork(uint256(id));
        if (due != work || dueIndex != index || !_isWatched(onDeal, id)) {
            revert UpkeepNotDue(work, id, index, due, dueIndex);
        }
        emit UpkeepPerformed(work, id, index);
        if (onDeal) _performOnDeal(work, id, index);
        else _performOnDispute(work, uint256(id), index);
    }

    function _performOnDispute(UpkeepWork work, uint256 disputeId, uint256 round) internal {
        if (work == UpkeepWork.RequestRandomness) COURT.requestRandomness(disputeId);
        else if (work == UpkeepWork.Draw) COURT.draw(disputeId, DRAW_BATCH);
        else if (work == UpkeepWork.PassPeriod) COURT.passPeriod(disputeId);
        else if (work == UpkeepWork.ExecuteRound) COURT.executeRound(disputeId, round, EXECUTE_BATCH);
        else _unwatchDispute(disputeId);
    }

    function _performOnDeal(UpkeepWork work, bytes32 dealId, uint256 milestone) internal {
        if (work == UpkeepWork.UnwatchDeal) {
            _unwatchDeal(dealId);
            return;
        }
        DealTerms memory terms = abi.decode(_terms[dealId], (DealTerms));
        if (work == UpkeepWork.ReclaimOffer) ESCROW.reclaimOffer(terms);
        else if (work == UpkeepWork.ReclaimMilestone) ESCROW.reclaimMilestone(terms, milestone);
        else if (work == UpkeepWork.ReleaseAfterReview) ESCROW.releaseAfterReview(terms, milestone);
        else if (work == UpkeepWork.TimeOutArbitration) ESCROW.timeOutArbitration(terms, milestone);
        else VAULT.release(_holdbackContext(dealId, terms));
    }

    /* ------------------------------- VIEWS ------------------------------ */

    /// @inheritdoc IIsperaUpkeep
    function disputeWork(uint256 disputeId) public view returns (UpkeepWork, uint256) {
        DisputeInfo memory d = COURT.getDispute(disputeId);
        if (d.period == Period.Drawing) {
            Round memory r = COURT.getRound(disputeId, d.round);
            if (r.randomnessRequestedAt == 0 || block.timestamp > r.randomnessExpiresAt) {
                return (UpkeepWork.RequestRandomness, d.round);
            }
            if (RANDOMNESS.randomWord(r.randomnessRequestId) != 0) return (UpkeepWork.Draw, d.round);
            return (UpkeepWork.None, 0);
        }
        if (d.period == Period.Commit || d.period == Period.Reveal || d.period == Period.Appeal) {
            return block.timestamp > d.deadline ? (UpkeepWork.PassPeriod, d.round) : (UpkeepWork.None, 0);
        }
        if (d.period != Period.Execution) return (UpkeepWork.None, 0);
        for (uint256 round; round <= d.round; ++round) {
            Round memory r = COURT.getRound(disputeId, round);
            if (r.penalized < r.drawn || r.rewarded < r.drawn) return (UpkeepWork.ExecuteRound, round);
        }
        // A ruling whose delivery failed keeps the dispute watched (`deliverRuling` may fail again).
        return d.rulingDelivered ? (UpkeepWork.UnwatchDispute, 0) : (UpkeepWork.None, 0);
    }

    /// @inheritdoc IIsperaUpkeep
    function dealWork(bytes32 dealId) public view returns (UpkeepWork, uint256) {
        bytes memory encoded = _terms[dealId];
        if (encoded.length == 0) return (UpkeepWork.None, 0);
        DealTerms memory terms = abi.decode(encoded, (DealTerms));
        DealStatus status = ESCROW.getDeal(dealId).status;
        if (status == DealStatus.Offered && block.timestamp > terms.acceptBy) return (UpkeepWork.ReclaimOffer, 0);
        if (status == DealStatus.Active) {
            (UpkeepWork work, uint256 milestone) = _milestoneWork(dealId, terms.milestones.length);
            if (work != UpkeepWork.None) return (work, milestone);
        }
        bool holdbackDone = terms.holdbackBps == 0;
        if (!holdbackDone) {
            Holdback memory h = VAULT.getHoldback(dealId);
            if (h.status == HoldbackStatus.Holding && h.held > 0 && block.timestamp > REGISTRY.endOf(dealId)) {
                return (UpkeepWork.ReleaseHoldback, 0);
            }
            holdbackDone =
                h.status == HoldbackStatus.Resolved || (h.held == 0 && h.status != HoldbackStatus.InArbitration);
        }
        bool ended = status == DealStatus.Declined || status == DealStatus.Expired || status == DealStatus.Closed;
        return ended && holdbackDone ? (UpkeepWork.UnwatchDeal, 0) : (UpkeepWork.None, 0);
    }

    /// @inheritdoc IIsperaUpkeep
    function watched() external view returns (uint256[] memory disputes, bytes32[] memory deals) {
        return (_disputes, _deals);
    }

    /* ----------------------------- INTERNALS ---------------------------- */

    function _milestoneWork(bytes32 dealId, uint256 count) internal view returns (UpkeepWork, uint256) {
        for (uint256 m; m < count; ++m) {
            MilestoneState memory ms = ESCROW.getMilestone(dealId, m);
            bool late = block.timestamp > ms.deadline;
            if (ms.status == MilestoneStatus.AwaitingDelivery && late) return (UpkeepWork.ReclaimMilestone, m);
            if (ms.status == MilestoneStatus.InReview && late) return (UpkeepWork.ReleaseAfterReview, m);
            if (ms.status != MilestoneStatus.FeesPending) continue;
            uint256 feeDeadline = ESCROW.getArbitration(dealId, m).feeDeadline;
            if (block.timestamp > feeDeadline) return (UpkeepWork.TimeOutArbitration, m);
        }
        return (UpkeepWork.None, 0);
    }

    function _holdbackContext(bytes32 dealId, DealTerms memory terms) internal pure returns (HoldbackContext memory) {
        return HoldbackContext({
            dealId: dealId,
            brand: terms.brand,
            influencer: terms.influencer,
            token: terms.token,
            until: terms.exclusiveUntil,
            language: terms.language,
            topic: terms.topic,
            briefHash: terms.briefHash,
            breachCriteriaHash: terms.breachCriteriaHash
        });
    }

    function _isWatched(bool onDeal, bytes32 id) internal view returns (bool) {
        return onDeal ? _terms[id].length != 0 : _disputeWatched[uint256(id)];
    }

    function _unwatchDispute(uint256 disputeId) internal {
        delete _disputeWatched[disputeId];
        uint256 last = _disputes.length - 1;
        for (uint256 i; i <= last; ++i) {
            if (_disputes[i] != disputeId) continue;
            _disputes[i] = _disputes[last];
            _disputes.pop();
            break;
        }
        emit DisputeUnwatched(disputeId);
    }

    function _unwatchDeal(bytes32 dealId) internal {
        delete _terms[dealId];
        uint256 last = _deals.length - 1;
        for (uint256 i; i <= last; ++i) {
            if (_deals[i] != dealId) continue;
            _deals[i] = _deals[last];
            _deals.pop();
            break;
        }
        emit DealUnwatched(dealId);
    }
}
