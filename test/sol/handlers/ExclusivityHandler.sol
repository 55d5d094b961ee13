// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

import {ExclusivityRegistry} from "../../../contracts/ExclusivityRegistry.sol";
import {
    Exclusivity, ExclusivityStatus, IExclusivityRegistry
} from "../../../contracts/interfaces/IExclusivityRegistry.sol";

/// @notice What the handler knows of one deal: its terms as reserved, and when it was activated and ended.
struct DealGhost {
    bytes32 id;
    address influencer;
    address brand;
    uint8 topic;
    uint40 from;
    uint40 until; // as reserved (never shortened here)
    uint40 activatedAt; // block time of the successful activation; 0 while not activated
    uint64 activatedSeq; // position of the activation among activations and ends; 0 while not activated
    uint64 endedSeq; // position of the (first, effective) end among activations and ends; 0 while not ended
}

/// @title ExclusivityHandler
/// @notice Acts as the escrow of an {ExclusivityRegistry} it deploys, over three influencers, three brands and two
///         topics: reserves offers with random windows, activates offers (keeping what succeeded), ends deals and
///         lets time pass. Each step is checked against a model; a mismatch is kept in `violations` (a revert inside
///         a handler is discarded by the fuzzer), which the invariants assert to be zero.
contract ExclusivityHandler is CommonBase, StdCheats, StdUtils {
    uint256 public constant MAX_DEALS = 40;
    uint256 public constant TOPICS = 2;
    uint8 internal constant _FIRST_TOPIC = 5;

    ExclusivityRegistry public immutable REGISTRY;

    address[3] internal _influencers;
    address[3] internal _brands;
    DealGhost[] internal _deals;
    uint64 internal _seq;

    /// @notice Model mismatches: must stay 0.
    uint256 public violations;
    string public lastViolation;
    /// @notice How many times each action did something (by action name).
    mapping(string action => uint256) public done;

    constructor() {
        REGISTRY = new ExclusivityRegistry();
        _influencers = [makeAddr("influencerA"), makeAddr("influencerB"), makeAddr("influencerC")];
        _brands = [makeAddr("brandA"), makeAddr("brandB"), makeAddr("brandC")];
    }

    /* ------------------------------------------------------------------ */
    /*                               ACTIONS                              */
    /* ------------------------------------------------------------------ */

    /// @notice A brand offers a deal with an exclusivity: `who` picks the influencer, brand and topic; the window
    ///         starts up to 5 days ago or up to 15 days ahead and ends in the future (as the escrow requires), at
    ///         most 15 days after its start or now.
    function reserve(uint256 who, uint256 fromSeed, uint256 lengthSeed) external {
        if (_deals.length >= MAX_DEALS) return;
        uint256 now_ = block.timestamp;
        // Whole days (and time passes in whole hours), so that windows often touch or sit side by side.
        uint40 from = uint40(now_ - 5 days + _bound(fromSeed, 0, 20) * 1 days);
        uint40 start = from > now_ ? from : uint40(now_);
        uint40 until = uint40(start + _bound(lengthSeed, 1, 15) * 1 days);
        DealGhost memory d = DealGhost({
            id: keccak256(abi.encode("handler deal", _deals.length)),
            influencer: _influencers[who % 3],
            brand: _brands[(who / 3) % 3],
            topic: uint8(_FIRST_TOPIC + (who / 9) % TOPICS),
            from: from,
            until: until,
            activatedAt: 0,
            activatedSeq: 0,
            endedSeq: 0
        });
        REGISTRY.reserve(d.id, d.influencer, d.brand, d.topic, d.from, d.until);
        _deals.push(d);
        ++done["reserve"];
    }

    /// @notice The influencer accepts an offer: the first reserved deal from a random index on. Succeeds exactly when
    ///         conflictOf found nothing; otherwise reverts naming a real conflict.
    function activate(uint256 seed) external {
        (bool found, uint256 i) = _findReserved(seed);
        if (!found) return;
        DealGhost storage d = _deals[i];
        bytes32 warned = REGISTRY.conflictOf(d.influencer, d.brand, d.topic, d.from, d.until);
        try REGISTRY.activate(d.id, d.influencer) {
            d.activatedSeq = ++_seq;
            d.activatedAt = uint40(block.timestamp);
            if (warned != bytes32(0)) _violation("activated although conflictOf named a deal");
            ++done["activate"];
        } catch (bytes memory reason) {
            if (warned == bytes32(0)) _violation("activate reverted although conflictOf named none");
            if (!_namesRealConflict(d, reason)) _violation("activate reverted without naming a real conflict");
            ++done["conflict"];
        }
    }

    /// @notice Activating a deal that is not an offer (unknown, active or ended) is refused with its status.
    function activateNotReserved(uint256 seed) external {
        bytes32 id = keccak256(abi.encode("unknown deal", seed));
        address influencer = _influencers[seed % 3];
        if (_deals.length != 0 && seed % 4 != 0) {
            DealGhost memory d = _deals[seed % _deals.length];
            (id, influencer) = (d.id, d.influencer);
        }
        ExclusivityStatus status = REGISTRY.getExclusivity(id).status;
        if (status == ExclusivityStatus.Reserved) return;
        try REGISTRY.activate(id, influencer) {
            _violation("activated a deal that was not an offer");
        } catch (bytes memory reason) {
            bytes memory expected = abi.encodeWithSelector(
                IExclusivityRegistry.ExclusivityUnexpectedStatus.selector, id, status, ExclusivityStatus.Reserved
            );
            if (keccak256(reason) != keccak256(expected)) _violation("wrong ExclusivityUnexpectedStatus");
            ++done["activateNotReserved"];
        }
    }

    /// @notice The escrow ends a deal (declined, reclaimed, refunded, ruled against the brand): any deal, any status.
    function end(uint256 seed) external {
        if (_deals.length == 0) return;
        DealGhost storage d = _deals[seed % _deals.length];
        Exclusivity memory before = REGISTRY.getExclusivity(d.id);
        REGISTRY.end(d.id);
        Exclusivity memory afterEnd = REGISTRY.getExclusivity(d.id);
        if (before.status == ExclusivityStatus.Ended) {
            if (keccak256(abi.encode(before)) != keccak256(abi.encode(afterEnd))) _violation("end changed an end");
            return;
        }
        d.endedSeq = ++_seq;
        uint40 expectedUntil = before.until < block.timestamp ? before.until : uint40(block.timestamp);
        if (afterEnd.status != ExclusivityStatus.Ended || afterEnd.until != expectedUntil) _violation("end");
        if (afterEnd.brand != before.brand || afterEnd.from != before.from || afterEnd.topic != before.topic) {
            _violation("end changed the terms");
        }
        ++done["end"];
    }

    /// @notice Time passes: from one hour to three days, in whole hours.
    function warp(uint256 hours_) external {
        vm.warp(block.timestamp + _bound(hours_, 1, 72) * 1 hours);
        ++done["warp"];
    }

    /* ------------------------------------------------------------------ */
    /*                                VIEWS                               */
    /* ------------------------------------------------------------------ */

    function dealCount() external view returns (uint256) {
        return _deals.length;
    }

    /// @notice Every deal the handler reserved, in order.
    function deals() external view returns (DealGhost[] memory) {
        return _deals;
    }

    function influencers() external view returns (address[3] memory) {
        return _influencers;
    }

    function topicAt(uint256 i) external pure returns (uint8) {
        return uint8(_FIRST_TOPIC + i);
    }

    /* ------------------------------------------------------------------ */
    /*                              INTERNAL                              */
    /* ------------------------------------------------------------------ */

    function _findReserved(uint256 seed) internal view returns (bool found, uint256 index) {
        uint256 n = _deals.length;
        for (uint256 k; k < n; ++k) {
            index = (seed + k) % n;
            if (REGISTRY.getExclusivity(_deals[index].id).status == ExclusivityStatus.Reserved) return (true, index);
        }
    }

    /// @dev Whether `reason` is the ExclusivityConflict naming, with its exact terms, a deal of `d`'s influencer and
    ///      topic that is active, of another brand, not expired and overlapping `d`'s window.
    function _namesRealConflict(DealGhost storage d, bytes memory reason) internal view returns (bool) {
        uint256 n = _deals.length;
        for (uint256 k; k < n; ++k) {
            DealGhost storage o = _deals[k];
            if (o.influencer != d.influencer || o.topic != d.topic) continue;
            Exclusivity memory e = REGISTRY.getExclusivity(o.id);
            bytes memory named = abi.encodeWithSelector(
                IExclusivityRegistry.ExclusivityConflict.selector, d.influencer, d.topic, o.id, e.brand, e.from, e.until
            );
            if (keccak256(named) != keccak256(reason)) continue;
            return e.status == ExclusivityStatus.Active && e.brand != d.brand && e.until >= block.timestamp
                && e.from <= d.until && d.from <= e.until;
        }
        return false;
    }

    function _violation(string memory what) internal {
        ++violations;
        lastViolation = what;
    }
}
