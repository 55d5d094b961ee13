// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {ExclusivityRegistry} from "../../contracts/ExclusivityRegistry.sol";
import {
    Exclusivity, ExclusivityStatus, IExclusivityRegistry
} from "../../contracts/interfaces/IExclusivityRegistry.sol";

/// @notice Properties of {ExclusivityRegistry} over fuzzed windows, brands, states and times, each checked against a
///         model computed here: activation conflicts exactly when another brand's live active window overlaps (closed
///         intervals), conflictOf agrees with activate, the walk leaves exactly the live entries listed, and the
///         views follow the window. The test contract deploys the registry, so it is the escrow.
contract ExclusivityRegistryFuzzTest is Test {
    uint40 internal constant _T0 = 1_000_000;
    uint8 internal constant _TOPIC = 7;
    uint256 internal constant _MAX_ENTRIES = 8;

    /// @dev One listed deal of the fuzzed scenario, as the model sees it.
    struct Entry {
        bytes32 id;
        address brand;
        uint40 from;
        uint40 until;
        ExclusivityStatus status;
    }

    ExclusivityRegistry internal _registry;
    address[3] internal _brands;
    address public immutable INFLUENCER = makeAddr("influencer");

    function setUp() public {
        vm.warp(_T0);
        _registry = new ExclusivityRegistry();
        _brands = [makeAddr("brandA"), makeAddr("brandB"), makeAddr("brandC")];
    }

    /* ------------------------------------------------------------------ */
    /*                               HELPERS                              */
    /* ------------------------------------------------------------------ */

    function _id(uint256 n) internal pure returns (bytes32) {
        return keccak256(abi.encode("fuzz deal", n));
    }

    function _conflictError(Entry memory other) internal view returns (bytes memory) {
        return abi.encodeWithSelector(
            IExclusivityRegistry.ExclusivityConflict.selector,
            INFLUENCER,
            _TOPIC,
            other.id,
            other.brand,
            other.from,
            other.until
        );
    }

    /// @dev The model: whether `other` blocks an activation of `brand` over `[from, until]` now.
    function _blocks(Entry memory other, address brand, uint40 from, uint40 until) internal view returns (bool) {
        return other.status == ExclusivityStatus.Active && other.brand != brand && other.until >= block.timestamp
            && other.from <= until && from <= other.until;
    }

    /// @dev A window near T0 (so that windows often touch, nest or sit side by side): `from` in [T0, T0 + 60],
    ///      length in [0, 60] seconds.
    function _window(uint256 seed) internal pure returns (uint40 from, uint40 until) {
        from = uint40(_T0 + _bound(seed, 0, 60));
        until = uint40(from + _bound(seed >> 8, 0, 60));
    }

    /// @dev Lists up to _MAX_ENTRIES deals for INFLUENCER on _TOPIC with fuzzed brands and windows, time passing
    ///      between them, each left as an offer, activated (when it does not conflict), or activated or offered
    ///      and then ended; returns them as the registry holds them now.
    function _build(uint256 seed, uint256 count) internal returns (Entry[] memory entries) {
        entries = new Entry[](count);
        for (uint256 i; i < count; ++i) {
            uint256 s = uint256(keccak256(abi.encode(seed, i)));
            vm.warp(block.timestamp + _bound(s >> 32, 0, 8));
            (uint40 from, uint40 until) = _window(s);
            if (until < block.timestamp) until = uint40(block.timestamp); // the escrow wants it in the future
            bytes32 id = _id(i + 1);
            _registry.reserve(id, INFLUENCER, _brands[(s >> 40) % 3], _TOPIC, from, until);
            uint256 fate = (s >> 48) % 4; // 0: offer, 1-2: accepted if it can be, 3: ended
            if (fate == 1 || fate == 2) {
                try _registry.activate(id, INFLUENCER) {} catch {}
            } else if (fate == 3) {
                if ((s >> 56) & 1 == 1) try _registry.activate(id, INFLUENCER) {} catch {}
                _registry.end(id);
            }
        }
        for (uint256 i; i < count; ++i) {
            entries[i] = _entry(_id(i + 1));
        }
    }

    function _entry(bytes32 id) internal view returns (Entry memory) {
        Exclusivity memory e = _registry.getExclusivity(id);
        return Entry({id: id, brand: e.brand, from: e.from, until: e.until, status: e.status});
    }

    function _contains(bytes32[] memory list, bytes32 id) internal pure returns (bool) {
        for (uint256 i; i < list.length; ++i) {
            if (list[i] == id) return true;
        }
        return false;
    }

    /* ------------------------------------------------------------------ */
    /*                         CONFLICTS AND WARNINGS                     */
    /* ------------------------------------------------------------------ */

    /// @notice Two deals of one influencer and topic: the second activates exactly when the windows (closed) do not
    ///         overlap, or the brands are the same, or the first has expired; otherwise it reverts naming the first.
    function testFuzz_activate_conflictsExactlyWhenWindowsOverlap(
        uint256 seedA,
        uint256 seedB,
        bool sameBrand,
        uint256 elapsed
    ) public {
        (uint40 fromA, uint40 untilA) = _window(seedA);
        (uint40 fromB, uint40 untilB) = _window(seedB);
        Entry memory a = Entry(_id(1), _brands[0], fromA, untilA, ExclusivityStatus.Active);
        address brandB = sameBrand ? _brands[0] : _brands[1];
        _registry.reserve(a.id, INFLUENCER, a.brand, _TOPIC, fromA, untilA);
        _registry.activate(a.id, INFLUENCER);
        _registry.reserve(_id(2), INFLUENCER, brandB, _TOPIC, fromB, untilB);
        vm.warp(block.timestamp + _bound(elapsed, 0, 130));

        bool overlap = fromA <= untilB && fromB <= untilA;
        bool expected = !sameBrand && overlap && untilA >= block.timestamp;
        assertEq(_blocks(a, brandB, fromB, untilB), expected, "model");
        assertEq(_registry.conflictOf(INFLUENCER, brandB, _TOPIC, fromB, untilB), expected ? a.id : bytes32(0));
        if (expected) vm.expectRevert(_conflictError(a));
        _registry.activate(_id(2), INFLUENCER);
        ExclusivityStatus status = _registry.getExclusivity(_id(2)).status;
        assertEq(uint8(status), uint8(expected ? ExclusivityStatus.Reserved : ExclusivityStatus.Active));
    }

    /// @notice For random listed deals (offers, active, ended, expired) and a random new offer: conflictOf names a
    ///         deal exactly when activate reverts, and activate reverts with ExclusivityConflict naming that deal;
    ///         both agree with the model.
    function testFuzz_conflictOf_agreesWithActivate(uint256 seed, uint256 count, uint256 brandSeed, uint256 elapsed)
        public
    {
        Entry[] memory entries = _build(seed, _bound(count, 0, _MAX_ENTRIES));
        vm.warp(block.timestamp + _bound(elapsed, 0, 130));
        address brand = _brands[brandSeed % 3];
        (uint40 from, uint40 until) = _window(brandSeed >> 8);

        bool modelConflicts;
        for (uint256 i; i < entries.length; ++i) {
            if (_blocks(entries[i], brand, from, until)) modelConflicts = true;
        }
        bytes32 warned = _registry.conflictOf(INFLUENCER, brand, _TOPIC, from, until);
        assertEq(warned != bytes32(0), modelConflicts, "conflictOf vs model");

        bytes32 id = _id(100);
        _registry.reserve(id, INFLUENCER, brand, _TOPIC, from, until);
        try _registry.activate(id, INFLUENCER) {
            assertEq(warned, bytes32(0), "activated despite the warning");
        } catch (bytes memory reason) {
            assertTrue(modelConflicts, "reverted without a conflict");
            // The named deal, found among the entries by its full error, is a real conflict...
            bool found;
            for (uint256 i; i < entries.length; ++i) {
                if (keccak256(reason) == keccak256(_conflictError(entries[i]))) {
                    assertTrue(_blocks(entries[i], brand, from, until), "named deal does not conflict");
                    found = true;
                }
            }
            assertTrue(found, "not an ExclusivityConflict naming a listed deal");
            // ...and the very one conflictOf warned about.
            assertEq(reason, _conflictError(_entry(warned)), "activate names another deal than conflictOf");
        }
    }

    /* ------------------------------------------------------------------ */
    /*                                PRUNING                             */
    /* ------------------------------------------------------------------ */

    /// @notice After a successful activation the list holds exactly the deals that are neither ended nor expired
    ///         (the new one included unless its own window passed), each once; nothing else changed.
    function testFuzz_activate_leavesExactlyTheLiveEntries(uint256 seed, uint256 count, uint256 elapsed) public {
        Entry[] memory entries = _build(seed, _bound(count, 0, _MAX_ENTRIES));
        vm.warp(block.timestamp + _bound(elapsed, 0, 130));
        // A brand of its own and a window after every other: it never conflicts.
        bytes32 id = _id(100);
        uint40 until = uint40(_T0 + 10_000 + _bound(seed, 0, 1));
        _registry.reserve(id, INFLUENCER, makeAddr("brandD"), _TOPIC, uint40(_T0 + 10_000), until);
        _registry.activate(id, INFLUENCER);

        bytes32[] memory list = _registry.exclusivitiesOf(INFLUENCER, _TOPIC);
        uint256 live = 1;
        assertTrue(_contains(list, id), "the new one");
        for (uint256 i; i < entries.length; ++i) {
            Entry memory e = entries[i];
            bool isLive = e.status != ExclusivityStatus.Ended && e.until >= block.timestamp;
            assertEq(_contains(list, e.id), isLive, "listed iff live");
            if (isLive) ++live;
            Entry memory now_ = _entry(e.id);
            assertEq(keccak256(abi.encode(now_)), keccak256(abi.encode(e)), "records untouched by pruning");
        }
        assertEq(list.length, live, "no duplicates, nothing else");
    }

    /* ------------------------------------------------------------------ */
    /*                            END AND VIEWS                           */
    /* ------------------------------------------------------------------ */

    /// @notice isInForce holds exactly from `from` to `until` inclusive while active; after an end at `endAt`,
    ///         endOf is min(until, endAt) and the exclusivity is never in force again.
    function testFuzz_isInForce_followsTheWindowAndTheEnd(
        uint256 windowSeed,
        uint256 at,
        uint256 endAt,
        bool accepted
    ) public {
        (uint40 from, uint40 until) = _window(windowSeed);
        bytes32 id = _id(1);
        _registry.reserve(id, INFLUENCER, _brands[0], _TOPIC, from, until);
        if (accepted) _registry.activate(id, INFLUENCER);
        uint256 t = _bound(at, _T0, _T0 + 130);
        vm.warp(t);
        assertEq(_registry.isInForce(id), accepted && from <= t && t <= until, "in force");
        assertEq(_registry.endOf(id), until);

        uint256 te = _bound(endAt, t, _T0 + 130);
        vm.warp(te);
        vm.expectEmit(address(_registry));
        uint40 endedAt = uint40(te < until ? te : until);
        emit IExclusivityRegistry.ExclusivityEnded(id, _brands[0], _TOPIC, endedAt, accepted);
        _registry.end(id);
        assertEq(_registry.endOf(id), endedAt, "endOf after end");
        assertEq(uint8(_registry.getExclusivity(id).status), uint8(ExclusivityStatus.Ended));
        assertFalse(_registry.isInForce(id), "ended");
        vm.warp(_bound(at >> 128, te, _T0 + 260));
        _registry.end(id); // a no-op
        assertEq(_registry.endOf(id), endedAt, "second end");
        assertFalse(_registry.isInForce(id), "ended, later");
    }

    /* ------------------------------------------------------------------ */
    /*                           ACCESS AND STATUS                        */
    /* ------------------------------------------------------------------ */

    /// @notice Anyone but the escrow is refused by every writer, with its address.
    function testFuzz_writers_revertWhenNotEscrow(address caller, bytes32 id, uint8 topic) public {
        vm.assume(caller != address(this));
        bytes memory refused = abi.encodeWithSelector(IExclusivityRegistry.ExclusivityOnlyEscrow.selector, caller);
        vm.expectRevert(refused);
        vm.prank(caller);
        _registry.reserve(id, INFLUENCER, _brands[0], topic, _T0, _T0 + 1);
        _registry.reserve(id, INFLUENCER, _brands[0], topic, _T0, _T0 + 1);
        vm.expectRevert(refused);
        vm.prank(caller);
        _registry.activate(id, INFLUENCER);
        vm.expectRevert(refused);
        vm.prank(caller);
        _registry.end(id);
    }

    /// @notice A deal is recorded once, whatever its status and the new arguments.
    function testFuzz_reserve_revertWhenAlreadyRecorded(
        bytes32 id,
        uint8 fate,
        address influencer,
        address brand,
        uint8 topic,
        uint40 from,
        uint40 until
    ) public {
        _registry.reserve(id, INFLUENCER, _brands[0], _TOPIC, _T0, _T0 + 10);
        if (fate % 3 == 1) _registry.activate(id, INFLUENCER);
        if (fate % 3 == 2) _registry.end(id);
        vm.expectRevert(abi.encodeWithSelector(IExclusivityRegistry.ExclusivityAlreadyRecorded.selector, id));
        _registry.reserve(id, influencer, brand, topic, from, until);
    }
}
