// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {ExclusivityRegistry} from "../../contracts/ExclusivityRegistry.sol";
import {Exclusivity, ExclusivityStatus} from "../../contracts/interfaces/IExclusivityRegistry.sol";
import {DealGhost, ExclusivityHandler} from "./handlers/ExclusivityHandler.sol";

/// @notice Invariants of {ExclusivityRegistry} under random sequences of offers, acceptances, ends and time passing,
///         over three influencers, three brands and two topics. The rule the registry exists for: an influencer
///         never holds, on one topic, two active exclusivities with different brands whose windows overlap; and the
///         bookkeeping behind it: every live deal is listed, each once.
contract ExclusivityRegistryInvariantTest is Test {
    ExclusivityHandler internal _handler;
    ExclusivityRegistry internal _registry;

    function setUp() public {
        vm.warp(1_750_000_000);
        _handler = new ExclusivityHandler();
        _registry = _handler.REGISTRY();
        vm.label(address(_handler), "handler");
        vm.label(address(_registry), "registry");
        // Seed offers and one acceptance so that the invariants check real deals from the first call on.
        _handler.reserve(0, 0, 10); // influencerA, brandA, first topic: [now - 5 days, now + 10 days]
        _handler.reserve(3, 10, 10); // influencerA, brandB, first topic: [now + 5 days, now + 15 days]
        _handler.reserve(7, 3, 1); // influencerB, brandC, first topic: [now - 2 days, now + 1 day]
        _handler.activate(0);
        assertEq(_handler.dealCount(), 3, "seed deals");
        assertEq(_handler.done("activate"), 1, "seed activation");

        bytes4[] memory selectors = new bytes4[](7);
        selectors[0] = ExclusivityHandler.reserve.selector;
        selectors[1] = ExclusivityHandler.reserve.selector; // twice: more offers, more conflicts
        selectors[2] = ExclusivityHandler.activate.selector;
        selectors[3] = ExclusivityHandler.activate.selector;
        selectors[4] = ExclusivityHandler.activateNotReserved.selector;
        selectors[5] = ExclusivityHandler.end.selector;
        selectors[6] = ExclusivityHandler.warp.selector;
        targetContract(address(_handler));
        targetSelector(FuzzSelector({addr: address(_handler), selectors: selectors}));
    }

    /* ------------------------------------------------------------------ */
    /*                              INVARIANTS                            */
    /* ------------------------------------------------------------------ */

    /// @notice Every step did what the model said: activations exactly when conflictOf found nothing, conflicts
    ///         naming a real conflict, status errors with their arguments, ends to min(until, now).
    function invariant_modelHolds() public view {
        assertEq(_handler.violations(), 0, _handler.lastViolation());
    }

    /// @notice No two exclusivities of one influencer on one topic with different brands overlap. Precisely: for
    ///         every pair A, B of successful activations (A first), same influencer and topic, different brands,
    ///         where A had not ended when B was activated and A's window had not passed then (A.until >= the time
    ///         of B's activation), the agreed windows [A.from, A.until] and [B.from, B.until] are disjoint. (An
    ///         expired A is pruned and may overlap a later B whose window starts in the past; ends only shorten
    ///         windows, so the effective windows are disjoint too.)
    function invariant_noOverlappingActiveExclusivities() public view {
        DealGhost[] memory deals = _handler.deals();
        for (uint256 i; i < deals.length; ++i) {
            DealGhost memory a = deals[i];
            if (a.activatedSeq == 0) continue;
            for (uint256 j; j < deals.length; ++j) {
                DealGhost memory b = deals[j];
                if (b.activatedSeq <= a.activatedSeq || b.influencer != a.influencer || b.topic != a.topic) continue;
                if (b.brand == a.brand) continue;
                if (a.endedSeq != 0 && a.endedSeq < b.activatedSeq) continue; // ended first: free again
                if (a.until < b.activatedAt) continue; // expired first
                assertFalse(
                    a.from <= b.until && b.from <= a.until,
                    string.concat("overlapping exclusivities ", vm.toString(a.id), " and ", vm.toString(b.id))
                );
            }
        }
    }

    /// @notice The same rule on the registry's current state: two deals Active now for one influencer and topic
    ///         with different brands never overlap unless the earlier one had expired when the later was activated.
    function invariant_activeRecordsDoNotOverlap() public view {
        DealGhost[] memory deals = _handler.deals();
        for (uint256 i; i < deals.length; ++i) {
            Exclusivity memory a = _registry.getExclusivity(deals[i].id);
            if (a.status != ExclusivityStatus.Active) continue;
            for (uint256 j; j < deals.length; ++j) {
                DealGhost memory b = deals[j];
                if (b.activatedSeq <= deals[i].activatedSeq || b.influencer != deals[i].influencer) continue;
                if (b.topic != a.topic || b.brand == a.brand || a.until < b.activatedAt) continue;
                if (_registry.getExclusivity(b.id).status != ExclusivityStatus.Active) continue;
                assertFalse(a.from <= b.until && b.from <= a.until, "active records overlap");
            }
        }
    }

    /// @notice Every deal still reserved or active is listed for its influencer and topic, unless its window passed
    ///         (then an acceptance may have pruned it).
    function invariant_liveDealsAreListed() public view {
        DealGhost[] memory deals = _handler.deals();
        for (uint256 i; i < deals.length; ++i) {
            DealGhost memory d = deals[i];
            Exclusivity memory e = _registry.getExclusivity(d.id);
            if (e.status != ExclusivityStatus.Reserved && e.status != ExclusivityStatus.Active) continue;
            if (e.until < block.timestamp) continue;
            assertTrue(_listed(_registry.exclusivitiesOf(d.influencer, d.topic), d.id), "live deal not listed");
        }
    }

    /// @notice Each list holds distinct deals, all reserved for that influencer and topic.
    function invariant_listEntriesAreUniqueAndBelong() public view {
        DealGhost[] memory deals = _handler.deals();
        address[3] memory influencers = _handler.influencers();
        for (uint256 k; k < 3; ++k) {
            for (uint256 t; t < _handler.TOPICS(); ++t) {
                uint8 topic = _handler.topicAt(t);
                bytes32[] memory list = _registry.exclusivitiesOf(influencers[k], topic);
                for (uint256 i; i < list.length; ++i) {
                    for (uint256 j = i + 1; j < list.length; ++j) {
                        assertTrue(list[i] != list[j], "listed twice");
                    }
                    assertTrue(_belongs(deals, list[i], influencers[k], topic), "listed for another pair");
                }
            }
        }
    }

    /// @notice The records follow the ghost: terms as reserved, status from what succeeded, endOf the agreed end or
    ///         the earlier end time, isInForce exactly while active inside the window.
    function invariant_recordsFollowTheLifecycle() public view {
        DealGhost[] memory deals = _handler.deals();
        for (uint256 i; i < deals.length; ++i) {
            DealGhost memory d = deals[i];
            Exclusivity memory e = _registry.getExclusivity(d.id);
            assertEq(e.brand, d.brand, "brand");
            assertEq(e.from, d.from, "from");
            assertEq(e.topic, d.topic, "topic");
            ExclusivityStatus expected = d.endedSeq != 0
                ? ExclusivityStatus.Ended
                : (d.activatedSeq != 0 ? ExclusivityStatus.Active : ExclusivityStatus.Reserved);
            assertEq(uint8(e.status), uint8(expected), "status");
            assertTrue(d.endedSeq != 0 ? e.until <= d.until : e.until == d.until, "until");
            assertEq(_registry.endOf(d.id), e.until, "endOf");
            bool inForce = expected == ExclusivityStatus.Active && d.from <= block.timestamp
                && block.timestamp <= d.until;
            assertEq(_registry.isInForce(d.id), inForce, "isInForce");
        }
    }

    /* ------------------------------------------------------------------ */
    /*                               HELPERS                              */
    /* ------------------------------------------------------------------ */

    function _listed(bytes32[] memory list, bytes32 id) internal pure returns (bool) {
        for (uint256 i; i < list.length; ++i) {
            if (list[i] == id) return true;
        }
        return false;
    }

    function _belongs(DealGhost[] memory deals, bytes32 id, address influencer, uint8 topic)
        internal
        pure
        returns (bool)
    {
        for (uint256 i; i < deals.length; ++i) {
            if (deals[i].id == id) return deals[i].influencer == influencer && deals[i].topic == topic;
        }
        return false;
    }
}
