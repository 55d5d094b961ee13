// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Exclusivity, ExclusivityStatus, IExclusivityRegistry} from "./interfaces/IExclusivityRegistry.sol";

/// @title ExclusivityRegistry
/// @notice Enforces the exclusivities of the deals of one escrow: an influencer never holds, on one topic, two active
///         exclusivities with different brands whose windows overlap.
/// @dev Deployed by the escrow in its constructor; only the escrow writes. A deal's record is one word, written when
///      the brand offers it (and paid for then), so that accepting only rewrites it. The per-(influencer, topic)
///      list holds the deals reserved or active there; acceptance walks it, so its cost grows with the influencer's
///      live offers and exclusivities on that topic (ended and expired entries are dropped on the way).
contract ExclusivityRegistry is IExclusivityRegistry {
    /// @notice Most deals listed for one influencer and topic (live offers and exclusivities), so that an
    ///         acceptance's walk stays bounded whatever others offer.
    uint256 public constant MAX_LISTED = 32;

    address internal immutable _ESCROW;

    mapping(bytes32 dealId => Exclusivity) internal _exclusivities;
    mapping(address influencer => mapping(uint8 topic => bytes32[])) internal _lists;

    constructor() {
        _ESCROW = msg.sender;
    }

    modifier onlyEscrow() {
        if (msg.sender != _ESCROW) revert ExclusivityOnlyEscrow(msg.sender);
        _;
    }

    /* ------------------------------------------------------------------ */
    /*                          ESCROW: LIFECYCLE                         */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IExclusivityRegistry
    function reserve(bytes32 dealId, address influencer, address brand, uint8 topic, uint40 from, uint40 until)
        external
        onlyEscrow
    {
        Exclusivity storage e = _exclusivities[dealId];
        if (e.status != ExclusivityStatus.None) revert ExclusivityAlreadyRecorded(dealId);
        bytes32[] storage list = _lists[influencer][topic];
        if (list.length >= MAX_LISTED) {
            _prune(list, influencer, topic);
            if (list.length >= MAX_LISTED) revert ExclusivityListFull(influencer, topic, MAX_LISTED);
        }
        _exclusivities[dealId] =
            Exclusivity({brand: brand, from: from, until: until, topic: topic, status: ExclusivityStatus.Reserved});
        list.push(dealId);
        emit ExclusivityReserved(dealId, influencer, brand, topic, from, until);
    }

    /// @inheritdoc IExclusivityRegistry
    function activate(bytes32 dealId, address influencer) external onlyEscrow {
        Exclusivity memory e = _exclusivities[dealId];
        if (e.status != ExclusivityStatus.Reserved) {
            revert ExclusivityUnexpectedStatus(dealId, e.status, ExclusivityStatus.Reserved);
        }
        bytes32[] storage list = _lists[influencer][e.topic];
        // Walked from the end, like `conflictOf`: dropping an entry moves an already visited one into its place, so
        // both name the same conflicting deal.
        for (uint256 i = list.length; i > 0;) {
            --i;
            bytes32 otherId = list[i];
            Exclusivity memory other = _exclusivities[otherId];
            if (other.status == ExclusivityStatus.Ended || other.until < block.timestamp) {
                list[i] = list[list.length - 1];
                list.pop();
                emit ExclusivityPruned(otherId, influencer, e.topic);
            } else if (_conflicts(other, e.brand, e.from, e.until)) {
                revert ExclusivityConflict(influencer, e.topic, otherId, other.brand, other.from, other.until);
            }
        }
        _exclusivities[dealId].status = ExclusivityStatus.Active;
        emit ExclusivityActivated(dealId, influencer, e.brand, e.topic, e.from, e.until);
    }

    /// @inheritdoc IExclusivityRegistry
    function end(bytes32 dealId) external onlyEscrow {
        Exclusivity storage e = _exclusivities[dealId];
        ExclusivityStatus status = e.status;
        if (status == ExclusivityStatus.None || status == ExclusivityStatus.Ended) return;
        uint40 endedAt = e.until < block.timestamp ? e.until : uint40(block.timestamp);
        e.status = ExclusivityStatus.Ended;
        e.until = endedAt;
        emit ExclusivityEnded(dealId, e.brand, e.topic, endedAt, status == ExclusivityStatus.Active);
    }

    /* ------------------------------------------------------------------ */
    /*                                VIEWS                               */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IExclusivityRegistry
    function escrow() external view returns (address) {
        return _ESCROW;
    }

    /// @inheritdoc IExclusivityRegistry
    function getExclusivity(bytes32 dealId) external view returns (Exclusivity memory) {
        return _exclusivities[dealId];
    }

    /// @inheritdoc IExclusivityRegistry
    function conflictOf(address influencer, address brand, uint8 topic, uint40 from, uint40 until)
        external
        view
        returns (bytes32)
    {
        bytes32[] storage list = _lists[influencer][topic];
        for (uint256 i = list.length; i > 0;) {
            --i;
            bytes32 otherId = list[i];
            Exclusivity memory other = _exclusivities[otherId];
            if (other.until >= block.timestamp && _conflicts(other, brand, from, until)) return otherId;
        }
        return bytes32(0);
    }

    /// @inheritdoc IExclusivityRegistry
    function exclusivitiesOf(address influencer, uint8 topic) external view returns (bytes32[] memory) {
        return _lists[influencer][topic];
    }

    /// @inheritdoc IExclusivityRegistry
    function isInForce(bytes32 dealId) external view returns (bool) {
        Exclusivity memory e = _exclusivities[dealId];
        return e.status == ExclusivityStatus.Active && e.from <= block.timestamp && block.timestamp <= e.until;
    }

    /// @inheritdoc IExclusivityRegistry
    function endOf(bytes32 dealId) external view returns (uint40) {
        return _exclusivities[dealId].until;
    }

    /* ------------------------------------------------------------------ */
    /*                              INTERNAL                              */
    /* ------------------------------------------------------------------ */

    /// @dev Drops the ended and expired entries of a full list (walked from the end, like `activate`).
    function _prune(bytes32[] storage list, address influencer, uint8 topic) internal {
        for (uint256 i = list.length; i > 0;) {
            --i;
            bytes32 otherId = list[i];
            Exclusivity memory other = _exclusivities[otherId];
            if (other.status == ExclusivityStatus.Ended || other.until < block.timestamp) {
                list[i] = list[list.length - 1];
                list.pop();
                emit ExclusivityPruned(otherId, influencer, topic);
            }
        }
    }

    /// @dev Whether `other`, an active exclusivity of another brand, overlaps the window `[from, until]`.
    function _conflicts(Exclusivity memory other, address brand, uint40 from, uint40 until)
        internal
        pure
        returns (bool)
    {
        return other.status == ExclusivityStatus.Active && other.brand != brand && other.from <= until
            && from <= other.until;
    }
}
