// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Vm} from "forge-std/Vm.sol";
// solhint-disable-next-line no-console
import {console} from "forge-std/console.sol";

import {ExclusivityRegistry} from "../../contracts/ExclusivityRegistry.sol";
import {
    Exclusivity, ExclusivityStatus, IExclusivityRegistry
} from "../../contracts/interfaces/IExclusivityRegistry.sol";

/// @notice Concrete unit tests of {ExclusivityRegistry}: one scenario each, with exact events and exact revert
///         arguments. The test contract deploys the registry, so it is the escrow, the only writer.
contract ExclusivityRegistryTest is Test {
    uint40 internal constant _T0 = 1_000_000;
    uint8 internal constant _TOPIC = 3;
    uint8 internal constant _OTHER_TOPIC = 4;

    ExclusivityRegistry internal _registry;

    address public immutable INFLUENCER = makeAddr("influencer");
    address public immutable OTHER_INFLUENCER = makeAddr("otherInfluencer");
    address public immutable BRAND_A = makeAddr("brandA");
    address public immutable BRAND_B = makeAddr("brandB");
    address public immutable BRAND_C = makeAddr("brandC");
    address public immutable STRANGER = makeAddr("stranger");

    function setUp() public {
        vm.warp(_T0);
        _registry = new ExclusivityRegistry();
        vm.label(address(_registry), "registry");
    }

    /* ------------------------------------------------------------------ */
    /*                         RESERVE: A FULL LIST                       */
    /* ------------------------------------------------------------------ */

    function test_reserve_revertWhenTheListIsFull() public {
        uint256 max = _registry.MAX_LISTED();
        for (uint256 i = 1; i <= max; ++i) {
            _reserve(i, BRAND_A, _T0, _T0 + 100);
        }
        bytes32 id = _id(max + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IExclusivityRegistry.ExclusivityListFull.selector, INFLUENCER, _TOPIC, max)
        );
        _registry.reserve(id, INFLUENCER, BRAND_B, _TOPIC, _T0, _T0 + 100);
        // Another topic still takes the offer.
        _registry.reserve(id, INFLUENCER, BRAND_B, _OTHER_TOPIC, _T0, _T0 + 100);
        assertEq(_list().length, max);
    }

    function test_reserve_prunesAFullListFirst() public {
        uint256 max = _registry.MAX_LISTED();
        for (uint256 i = 1; i <= max; ++i) {
            _reserve(i, BRAND_A, _T0, i == 7 ? _T0 + 10 : _T0 + 100);
        }
        _registry.end(_id(3));
        vm.warp(_T0 + 11); // deal 7 expired
        // Walked from the end: deal 7 (index 6) is dropped before deal 3 (index 2).
        vm.expectEmit(address(_registry));
        emit IExclusivityRegistry.ExclusivityPruned(_id(7), INFLUENCER, _TOPIC);
        vm.expectEmit(address(_registry));
        emit IExclusivityRegistry.ExclusivityPruned(_id(3), INFLUENCER, _TOPIC);
        _registry.reserve(_id(max + 1), INFLUENCER, BRAND_B, _TOPIC, _T0 + 20, _T0 + 100);
        bytes32[] memory list = _list();
        assertEq(list.length, max - 1);
        assertFalse(_contains(list, _id(3)));
        assertFalse(_contains(list, _id(7)));
        assertTrue(_contains(list, _id(max + 1)));
    }

    /* ------------------------------------------------------------------ */
    /*                               HELPERS                              */
    /* ------------------------------------------------------------------ */

    function _id(uint256 n) internal pure returns (bytes32) {
        return keccak256(abi.encode("deal", n));
    }

    /// @dev Reserves deal `n` for INFLUENCER on _TOPIC.
    function _reserve(uint256 n, address brand, uint40 from, uint40 until) internal returns (bytes32 id) {
        id = _id(n);
        _registry.reserve(id, INFLUENCER, brand, _TOPIC, from, until);
    }

    /// @dev Reserves and activates deal `n` for INFLUENCER on _TOPIC.
    function _active(uint256 n, address brand, uint40 from, uint40 until) internal returns (bytes32 id) {
        id = _reserve(n, brand, from, until);
        _registry.activate(id, INFLUENCER);
    }

    function _list() internal view returns (bytes32[] memory) {
        return _registry.exclusivitiesOf(INFLUENCER, _TOPIC);
    }

    function _status(bytes32 id) internal view returns (ExclusivityStatus) {
        return _registry.getExclusivity(id).status;
    }

    function _contains(bytes32[] memory list, bytes32 id) internal pure returns (bool) {
        for (uint256 i; i < list.length; ++i) {
            if (list[i] == id) return true;
        }
        return false;
    }

    function _conflictError(bytes32 other, address brand, uint40 from, uint40 until)
        internal
        view
        returns (bytes memory)
    {
        return abi.encodeWithSelector(
            IExclusivityRegistry.ExclusivityConflict.selector, INFLUENCER, _TOPIC, other, brand, from, until
        );
    }

    function _statusError(bytes32 id, ExclusivityStatus current) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(
            IExclusivityRegistry.ExclusivityUnexpectedStatus.selector, id, current, ExclusivityStatus.Reserved
        );
    }

    /* ------------------------------------------------------------------ */
    /*                             CONSTRUCTOR                            */
    /* ------------------------------------------------------------------ */

    function test_constructor_escrowIsTheDeployer() public view {
        assertEq(_registry.escrow(), address(this));
    }

    /* ------------------------------------------------------------------ */
    /*                               RESERVE                              */
    /* ------------------------------------------------------------------ */

    function test_reserve_recordsAndListsTheOffer() public {
        bytes32 id = _id(1);
        vm.expectEmit(address(_registry));
        emit IExclusivityRegistry.ExclusivityReserved(id, INFLUENCER, BRAND_A, _TOPIC, _T0 + 10, _T0 + 100);
        _registry.reserve(id, INFLUENCER, BRAND_A, _TOPIC, _T0 + 10, _T0 + 100);

        Exclusivity memory e = _registry.getExclusivity(id);
        assertEq(e.brand, BRAND_A);
        assertEq(e.from, _T0 + 10);
        assertEq(e.until, _T0 + 100);
        assertEq(e.topic, _TOPIC);
        assertEq(uint8(e.status), uint8(ExclusivityStatus.Reserved));
        bytes32[] memory list = _list();
        assertEq(list.length, 1);
        assertEq(list[0], id);
        assertEq(_registry.endOf(id), _T0 + 100);
        assertFalse(_registry.isInForce(id), "a reserved offer binds nothing");
        assertEq(_registry.exclusivitiesOf(INFLUENCER, _OTHER_TOPIC).length, 0);
        assertEq(_registry.exclusivitiesOf(OTHER_INFLUENCER, _TOPIC).length, 0);
    }

    function test_reserve_appendsInOfferOrder() public {
        bytes32 a = _reserve(1, BRAND_A, _T0, _T0 + 100);
        bytes32 b = _reserve(2, BRAND_B, _T0, _T0 + 100);
        bytes32 c = _reserve(3, BRAND_A, _T0, _T0 + 100);
        bytes32[] memory list = _list();
        assertEq(list.length, 3);
        assertEq(list[0], a);
        assertEq(list[1], b);
        assertEq(list[2], c);
    }

    function test_reserve_revertWhenAlreadyRecorded() public {
        bytes32 reserved = _reserve(1, BRAND_A, _T0, _T0 + 100);
        bytes32 active = _active(2, BRAND_A, _T0, _T0 + 100);
        bytes32 ended = _reserve(3, BRAND_A, _T0, _T0 + 100);
        _registry.end(ended);
        bytes32[3] memory ids = [reserved, active, ended];
        for (uint256 i; i < 3; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(IExclusivityRegistry.ExclusivityAlreadyRecorded.selector, ids[i])
            );
            // Another influencer, brand and topic: the deal id alone is checked.
            _registry.reserve(ids[i], OTHER_INFLUENCER, BRAND_B, _OTHER_TOPIC, _T0 + 1, _T0 + 2);
        }
        assertEq(_list().length, 3, "nothing listed twice");
        assertEq(_registry.exclusivitiesOf(OTHER_INFLUENCER, _OTHER_TOPIC).length, 0);
    }

    function test_reserve_revertWhenNotEscrow() public {
        vm.expectRevert(abi.encodeWithSelector(IExclusivityRegistry.ExclusivityOnlyEscrow.selector, STRANGER));
        vm.prank(STRANGER);
        _registry.reserve(_id(1), INFLUENCER, BRAND_A, _TOPIC, _T0, _T0 + 100);
    }

    /* ------------------------------------------------------------------ */
    /*                              ACTIVATE                              */
    /* ------------------------------------------------------------------ */

    function test_activate_activatesAndEmits() public {
        bytes32 id = _reserve(1, BRAND_A, _T0 + 10, _T0 + 100);
        vm.expectEmit(address(_registry));
        emit IExclusivityRegistry.ExclusivityActivated(id, INFLUENCER, BRAND_A, _TOPIC, _T0 + 10, _T0 + 100);
        _registry.activate(id, INFLUENCER);

        Exclusivity memory e = _registry.getExclusivity(id);
        assertEq(uint8(e.status), uint8(ExclusivityStatus.Active));
        assertEq(e.brand, BRAND_A);
        assertEq(e.from, _T0 + 10);
        assertEq(e.until, _T0 + 100);
        assertEq(e.topic, _TOPIC);
        assertEq(_list().length, 1, "stays listed");
        assertEq(_list()[0], id);
        assertEq(_registry.endOf(id), _T0 + 100);
    }

    function test_activate_revertWhenNotEscrow() public {
        bytes32 id = _reserve(1, BRAND_A, _T0, _T0 + 100);
        vm.expectRevert(abi.encodeWithSelector(IExclusivityRegistry.ExclusivityOnlyEscrow.selector, STRANGER));
        vm.prank(STRANGER);
        _registry.activate(id, INFLUENCER);
    }

    function test_activate_revertWhenNone() public {
        vm.expectRevert(_statusError(_id(1), ExclusivityStatus.None));
        _registry.activate(_id(1), INFLUENCER);
    }

    function test_activate_revertWhenActive() public {
        bytes32 id = _active(1, BRAND_A, _T0, _T0 + 100);
        vm.expectRevert(_statusError(id, ExclusivityStatus.Active));
        _registry.activate(id, INFLUENCER);
    }

    function test_activate_revertWhenEnded() public {
        bytes32 id = _reserve(1, BRAND_A, _T0, _T0 + 100);
        _registry.end(id);
        vm.expectRevert(_statusError(id, ExclusivityStatus.Ended));
        _registry.activate(id, INFLUENCER);
    }

    function test_activate_revertWhenAnotherBrandOverlaps() public {
        bytes32 a = _active(1, BRAND_A, _T0 + 10, _T0 + 100);
        bytes32 b = _reserve(2, BRAND_B, _T0 + 50, _T0 + 200);
        vm.expectRevert(_conflictError(a, BRAND_A, _T0 + 10, _T0 + 100));
        _registry.activate(b, INFLUENCER);
        assertEq(uint8(_status(b)), uint8(ExclusivityStatus.Reserved), "still an offer");
    }

    function test_activate_revertWhenInsideOrAroundAnotherBrands() public {
        bytes32 a = _active(1, BRAND_A, _T0 + 10, _T0 + 100);
        bytes32 inside = _reserve(2, BRAND_B, _T0 + 20, _T0 + 30);
        bytes32 around = _reserve(3, BRAND_C, _T0, _T0 + 1_000);
        vm.expectRevert(_conflictError(a, BRAND_A, _T0 + 10, _T0 + 100));
        _registry.activate(inside, INFLUENCER);
        vm.expectRevert(_conflictError(a, BRAND_A, _T0 + 10, _T0 + 100));
        _registry.activate(around, INFLUENCER);
    }

    function test_activate_sameBrandMayOverlap() public {
        _active(1, BRAND_A, _T0 + 10, _T0 + 100);
        bytes32 b = _reserve(2, BRAND_A, _T0 + 10, _T0 + 100);
        _registry.activate(b, INFLUENCER);
        assertEq(uint8(_status(b)), uint8(ExclusivityStatus.Active));
        assertEq(_list().length, 2);
    }

    function test_activate_adjacentWindowsDoNotConflict() public {
        _active(1, BRAND_A, _T0 + 100, _T0 + 200);
        bytes32 before = _reserve(2, BRAND_B, _T0 + 10, _T0 + 99); // until == other.from - 1
        bytes32 later = _reserve(3, BRAND_C, _T0 + 201, _T0 + 300); // from == other.until + 1
        _registry.activate(before, INFLUENCER);
        _registry.activate(later, INFLUENCER);
        assertEq(uint8(_status(before)), uint8(ExclusivityStatus.Active));
        assertEq(uint8(_status(later)), uint8(ExclusivityStatus.Active));
    }

    function test_activate_touchingWindowsConflict() public {
        bytes32 a = _active(1, BRAND_A, _T0 + 100, _T0 + 200);
        bytes32 before = _reserve(2, BRAND_B, _T0 + 10, _T0 + 100); // until == other.from
        bytes32 later = _reserve(3, BRAND_C, _T0 + 200, _T0 + 300); // from == other.until
        vm.expectRevert(_conflictError(a, BRAND_A, _T0 + 100, _T0 + 200));
        _registry.activate(before, INFLUENCER);
        vm.expectRevert(_conflictError(a, BRAND_A, _T0 + 100, _T0 + 200));
        _registry.activate(later, INFLUENCER);
    }

    function test_activate_otherTopicOrInfluencerDoesNotConflict() public {
        _active(1, BRAND_A, _T0, _T0 + 100);
        bytes32 otherTopic = _id(2);
        _registry.reserve(otherTopic, INFLUENCER, BRAND_B, _OTHER_TOPIC, _T0, _T0 + 100);
        _registry.activate(otherTopic, INFLUENCER);
        bytes32 otherInfluencer = _id(3);
        _registry.reserve(otherInfluencer, OTHER_INFLUENCER, BRAND_B, _TOPIC, _T0, _T0 + 100);
        _registry.activate(otherInfluencer, OTHER_INFLUENCER);
        assertEq(uint8(_status(otherTopic)), uint8(ExclusivityStatus.Active));
        assertEq(uint8(_status(otherInfluencer)), uint8(ExclusivityStatus.Active));
    }

    function test_activate_reservedOffersNeverConflict() public {
        bytes32 a = _reserve(1, BRAND_A, _T0, _T0 + 100);
        bytes32 b = _reserve(2, BRAND_B, _T0, _T0 + 100);
        _registry.activate(b, INFLUENCER); // a is only an offer
        assertEq(uint8(_status(b)), uint8(ExclusivityStatus.Active));
        assertEq(_list().length, 2, "the offer stays listed");
        // Now the first accepted wins: a conflicts with b.
        vm.expectRevert(_conflictError(b, BRAND_B, _T0, _T0 + 100));
        _registry.activate(a, INFLUENCER);
    }

    function test_activate_endedExclusivityNeverConflictsAndIsPruned() public {
        bytes32 a = _active(1, BRAND_A, _T0, _T0 + 100);
        vm.warp(_T0 + 5);
        _registry.end(a);
        bytes32 b = _reserve(2, BRAND_B, _T0, _T0 + 100); // overlaps a's shortened window [T0, T0 + 5]
        assertEq(_registry.conflictOf(INFLUENCER, BRAND_B, _TOPIC, _T0, _T0 + 100), bytes32(0));
        vm.expectEmit(address(_registry));
        emit IExclusivityRegistry.ExclusivityPruned(a, INFLUENCER, _TOPIC);
        vm.expectEmit(address(_registry));
        emit IExclusivityRegistry.ExclusivityActivated(b, INFLUENCER, BRAND_B, _TOPIC, _T0, _T0 + 100);
        _registry.activate(b, INFLUENCER);
        bytes32[] memory list = _list();
        assertEq(list.length, 1);
        assertEq(list[0], b);
        assertEq(uint8(_status(a)), uint8(ExclusivityStatus.Ended), "pruning keeps the record");
    }

    function test_activate_prunesExpiredEntries() public {
        bytes32 a = _active(1, BRAND_A, _T0, _T0 + 100);
        bytes32 offer = _reserve(2, BRAND_C, _T0, _T0 + 50); // an offer never accepted, expired too
        bytes32 b = _reserve(3, BRAND_B, _T0 + 50, _T0 + 300);
        assertEq(_list().length, 3);
        vm.warp(_T0 + 101);
        assertEq(_registry.conflictOf(INFLUENCER, BRAND_B, _TOPIC, _T0 + 50, _T0 + 300), bytes32(0));
        vm.recordLogs();
        _registry.activate(b, INFLUENCER);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 3);
        // Both pruned (in the order of the walk, not part of the interface), then the activation.
        bool aFirst = logs[0].topics[1] == a;
        _assertPruned(logs[0], aFirst ? a : offer);
        _assertPruned(logs[1], aFirst ? offer : a);
        assertEq(logs[2].topics[0], IExclusivityRegistry.ExclusivityActivated.selector);
        bytes32[] memory list = _list();
        assertEq(list.length, 1, "the list shrinks");
        assertEq(list[0], b);
        assertEq(uint8(_status(a)), uint8(ExclusivityStatus.Active), "expired, not ended");
        assertEq(_registry.endOf(a), _T0 + 100);
    }

    function _assertPruned(Vm.Log memory log, bytes32 id) internal view {
        assertEq(log.emitter, address(_registry));
        assertEq(log.topics.length, 3);
        assertEq(log.topics[0], IExclusivityRegistry.ExclusivityPruned.selector);
        assertEq(log.topics[1], id);
        assertEq(log.topics[2], bytes32(uint256(uint160(INFLUENCER))));
        assertEq(log.data, abi.encode(_TOPIC));
    }

    function test_activate_keepsAnEntryUntilTheSecondAfterItsEnd() public {
        bytes32 a = _active(1, BRAND_A, _T0, _T0 + 100);
        bytes32 b = _reserve(2, BRAND_B, _T0 + 100, _T0 + 200);
        bytes32 c = _reserve(3, BRAND_B, _T0 + 101, _T0 + 200);
        vm.warp(_T0 + 100); // a still binds this second
        vm.expectRevert(_conflictError(a, BRAND_A, _T0, _T0 + 100));
        _registry.activate(b, INFLUENCER);
        _registry.activate(c, INFLUENCER); // adjacent: no pruning yet
        assertEq(_list().length, 3);
        vm.warp(_T0 + 101);
        bytes32 d = _reserve(4, BRAND_C, _T0 + 300, _T0 + 400);
        _registry.activate(d, INFLUENCER);
        assertFalse(_contains(_list(), a), "pruned once expired");
        assertEq(_list().length, 3);
    }

    /// @dev Swap and pop: a pruned slot takes the last entry, which must be looked at in turn (and pruned if due).
    ///      The order left in the list is not part of the interface.
    function test_activate_prunesConsecutiveAndLastEntries() public {
        bytes32 x = _active(1, BRAND_A, _T0, _T0 + 10);
        bytes32 y = _active(2, BRAND_A, _T0 + 20, _T0 + 1_000);
        bytes32 n = _reserve(3, BRAND_B, _T0 + 2_000, _T0 + 3_000);
        bytes32 z = _reserve(4, BRAND_C, _T0, _T0 + 5); // last and expired
        bytes32 w = _reserve(5, BRAND_C, _T0, _T0 + 10);
        _registry.end(w); // ended (at T0) and last
        vm.warp(_T0 + 11);
        _registry.activate(n, INFLUENCER); // [x, y, n, z, w]: x, z and w pruned
        bytes32[] memory list = _list();
        assertEq(list.length, 2);
        assertTrue(_contains(list, n));
        assertTrue(_contains(list, y));
        assertFalse(_contains(list, x));
        assertFalse(_contains(list, z));
        assertFalse(_contains(list, w));
    }

    function test_activate_revertKeepsTheListWhole() public {
        _active(1, BRAND_A, _T0, _T0 + 10);
        bytes32 y = _active(2, BRAND_A, _T0 + 20, _T0 + 1_000);
        bytes32 n = _reserve(3, BRAND_B, _T0 + 500, _T0 + 3_000);
        vm.warp(_T0 + 11);
        bytes32[] memory before = _list();
        vm.expectRevert(_conflictError(y, BRAND_A, _T0 + 20, _T0 + 1_000));
        _registry.activate(n, INFLUENCER);
        assertEq(keccak256(abi.encode(_list())), keccak256(abi.encode(before)), "pruning rolled back");
        assertEq(before.length, 3);
    }

    /// @dev The escrow checks the window when the offer is made, not when it is accepted: an offer accepted after its
    ///      window passed is activated, and drops itself from the list on the way (it can never bind anything).
    function test_activate_expiredOfferActivatesAndLeavesTheList() public {
        bytes32 id = _reserve(1, BRAND_A, _T0, _T0 + 10);
        vm.warp(_T0 + 11);
        vm.expectEmit(address(_registry));
        emit IExclusivityRegistry.ExclusivityPruned(id, INFLUENCER, _TOPIC);
        vm.expectEmit(address(_registry));
        emit IExclusivityRegistry.ExclusivityActivated(id, INFLUENCER, BRAND_A, _TOPIC, _T0, _T0 + 10);
        _registry.activate(id, INFLUENCER);
        assertEq(uint8(_status(id)), uint8(ExclusivityStatus.Active));
        assertEq(_list().length, 0);
        assertFalse(_registry.isInForce(id));
    }

    /* ------------------------------------------------------------------ */
    /*                                 END                                */
    /* ------------------------------------------------------------------ */

    function test_end_endsAnOfferNow() public {
        bytes32 id = _reserve(1, BRAND_A, _T0 + 10, _T0 + 100);
        vm.warp(_T0 + 3);
        vm.expectEmit(address(_registry));
        emit IExclusivityRegistry.ExclusivityEnded(id, BRAND_A, _TOPIC, _T0 + 3, false);
        _registry.end(id);
        Exclusivity memory e = _registry.getExclusivity(id);
        assertEq(uint8(e.status), uint8(ExclusivityStatus.Ended));
        assertEq(e.until, _T0 + 3);
        assertEq(e.from, _T0 + 10, "from untouched");
        assertEq(_registry.endOf(id), _T0 + 3);
        assertEq(_list().length, 1, "left for the next acceptance to prune");
    }

    function test_end_endsAnActiveExclusivityNow() public {
        bytes32 id = _active(1, BRAND_A, _T0, _T0 + 100);
        vm.warp(_T0 + 40);
        assertTrue(_registry.isInForce(id));
        vm.expectEmit(address(_registry));
        emit IExclusivityRegistry.ExclusivityEnded(id, BRAND_A, _TOPIC, _T0 + 40, true);
        _registry.end(id);
        assertEq(uint8(_status(id)), uint8(ExclusivityStatus.Ended));
        assertEq(_registry.endOf(id), _T0 + 40, "endOf after an early end");
        assertFalse(_registry.isInForce(id), "no longer binds, even this second");
        bytes32 other = _reserve(2, BRAND_B, _T0 + 40, _T0 + 100);
        _registry.activate(other, INFLUENCER);
        assertEq(uint8(_status(other)), uint8(ExclusivityStatus.Active));
    }

    function test_end_keepsTheUntilOfAnExpiredExclusivity() public {
        bytes32 id = _active(1, BRAND_A, _T0, _T0 + 100);
        vm.warp(_T0 + 500);
        vm.expectEmit(address(_registry));
        emit IExclusivityRegistry.ExclusivityEnded(id, BRAND_A, _TOPIC, _T0 + 100, true);
        _registry.end(id);
        assertEq(_registry.endOf(id), _T0 + 100);
        assertEq(uint8(_status(id)), uint8(ExclusivityStatus.Ended));
    }

    function test_end_atTheLastSecondKeepsTheUntil() public {
        bytes32 id = _active(1, BRAND_A, _T0, _T0 + 100);
        vm.warp(_T0 + 100);
        _registry.end(id);
        assertEq(_registry.endOf(id), _T0 + 100);
    }

    function test_end_doesNothingWithoutExclusivity() public {
        vm.recordLogs();
        _registry.end(_id(1));
        assertEq(vm.getRecordedLogs().length, 0);
        assertEq(uint8(_status(_id(1))), uint8(ExclusivityStatus.None));
        assertEq(_registry.endOf(_id(1)), 0);
    }

    function test_end_doesNothingOnceEnded() public {
        bytes32 id = _active(1, BRAND_A, _T0, _T0 + 100);
        vm.warp(_T0 + 10);
        _registry.end(id);
        vm.warp(_T0 + 20);
        vm.recordLogs();
        _registry.end(id);
        assertEq(vm.getRecordedLogs().length, 0);
        assertEq(_registry.endOf(id), _T0 + 10, "first end kept");
    }

    function test_end_revertWhenNotEscrow() public {
        bytes32 id = _active(1, BRAND_A, _T0, _T0 + 100);
        vm.expectRevert(abi.encodeWithSelector(IExclusivityRegistry.ExclusivityOnlyEscrow.selector, STRANGER));
        vm.prank(STRANGER);
        _registry.end(id);
    }

    /// @dev The caller check comes first, even for a deal without exclusivity (a no-op for the escrow).
    function test_end_revertWhenNotEscrowEvenWithoutExclusivity() public {
        vm.expectRevert(abi.encodeWithSelector(IExclusivityRegistry.ExclusivityOnlyEscrow.selector, STRANGER));
        vm.prank(STRANGER);
        _registry.end(_id(1));
    }

    /* ------------------------------------------------------------------ */
    /*                                VIEWS                               */
    /* ------------------------------------------------------------------ */

    function test_getExclusivity_isEmptyWithoutExclusivity() public view {
        Exclusivity memory e = _registry.getExclusivity(_id(1));
        assertEq(e.brand, address(0));
        assertEq(e.from, 0);
        assertEq(e.until, 0);
        assertEq(e.topic, 0);
        assertEq(uint8(e.status), uint8(ExclusivityStatus.None));
        assertFalse(_registry.isInForce(_id(1)));
        assertEq(_registry.endOf(_id(1)), 0);
    }

    function test_isInForce_holdsFromFromToUntilInclusive() public {
        bytes32 id = _active(1, BRAND_A, _T0 + 10, _T0 + 20);
        vm.warp(_T0 + 9);
        assertFalse(_registry.isInForce(id), "from - 1");
        vm.warp(_T0 + 10);
        assertTrue(_registry.isInForce(id), "from");
        vm.warp(_T0 + 20);
        assertTrue(_registry.isInForce(id), "until");
        vm.warp(_T0 + 21);
        assertFalse(_registry.isInForce(id), "until + 1");
    }

    function test_isInForce_falseForAnOfferInItsWindow() public {
        bytes32 id = _reserve(1, BRAND_A, _T0, _T0 + 20);
        vm.warp(_T0 + 10);
        assertFalse(_registry.isInForce(id));
    }

    function test_conflictOf_findsAnotherBrandsActiveOverlap() public {
        bytes32 a = _active(1, BRAND_A, _T0 + 100, _T0 + 200);
        assertEq(_registry.conflictOf(INFLUENCER, BRAND_B, _TOPIC, _T0 + 150, _T0 + 300), a);
        assertEq(_registry.conflictOf(INFLUENCER, BRAND_B, _TOPIC, _T0 + 10, _T0 + 100), a, "touching");
        assertEq(_registry.conflictOf(INFLUENCER, BRAND_B, _TOPIC, _T0 + 200, _T0 + 300), a, "touching");
        assertEq(_registry.conflictOf(INFLUENCER, BRAND_B, _TOPIC, _T0 + 10, _T0 + 99), bytes32(0), "adjacent");
        assertEq(_registry.conflictOf(INFLUENCER, BRAND_B, _TOPIC, _T0 + 201, _T0 + 300), bytes32(0), "adjacent");
        assertEq(_registry.conflictOf(INFLUENCER, BRAND_A, _TOPIC, _T0 + 150, _T0 + 300), bytes32(0), "same brand");
        assertEq(_registry.conflictOf(INFLUENCER, BRAND_B, _OTHER_TOPIC, _T0, _T0 + 300), bytes32(0), "topic");
        assertEq(_registry.conflictOf(OTHER_INFLUENCER, BRAND_B, _TOPIC, _T0, _T0 + 300), bytes32(0), "influencer");
    }

    function test_conflictOf_ignoresOffersEndedAndExpiredEntries() public {
        _reserve(1, BRAND_A, _T0, _T0 + 1_000); // an offer
        bytes32 ended = _active(2, BRAND_A, _T0, _T0 + 1_000);
        bytes32 expiring = _active(3, BRAND_A, _T0, _T0 + 100);
        _registry.end(ended); // after the last activation, so that it stays listed
        assertEq(_registry.conflictOf(INFLUENCER, BRAND_B, _TOPIC, _T0 + 50, _T0 + 500), expiring);
        vm.warp(_T0 + 100);
        assertEq(_registry.conflictOf(INFLUENCER, BRAND_B, _TOPIC, _T0 + 50, _T0 + 500), expiring, "last second");
        vm.warp(_T0 + 101);
        assertEq(_list().length, 3, "all still listed");
        assertEq(_registry.conflictOf(INFLUENCER, BRAND_B, _TOPIC, _T0 + 50, _T0 + 500), bytes32(0));
    }

    /// @notice conflictOf and activate name the same conflicting deal (what the brand is warned about is what the
    ///         acceptance reverts with), also when the walk prunes entries first.
    /// @dev List [x (expired), c1, n, c2], c1 and c2 both brand A's and overlapping n. On bf5f05d conflictOf names c1
    ///      (the first in list order) while activate prunes x by moving the last entry, c2, into slot 0, and then
    ///      reverts naming c2. Either deal may be named, as long as both name the same.
    function test_activate_namesTheDealConflictOfNames() public {
        _active(1, BRAND_C, _T0, _T0 + 10);
        bytes32 c1 = _active(2, BRAND_A, _T0 + 100, _T0 + 200);
        bytes32 n = _reserve(3, BRAND_B, _T0 + 150, _T0 + 300);
        bytes32 c2 = _active(4, BRAND_A, _T0 + 100, _T0 + 200);
        vm.warp(_T0 + 50);
        bytes32 warned = _registry.conflictOf(INFLUENCER, BRAND_B, _TOPIC, _T0 + 150, _T0 + 300);
        assertTrue(warned == c1 || warned == c2, "warned about a conflicting deal");
        vm.expectRevert(_conflictError(warned, BRAND_A, _T0 + 100, _T0 + 200));
        _registry.activate(n, INFLUENCER);
    }

    /* ------------------------------------------------------------------ */
    /*                                 GAS                                */
    /* ------------------------------------------------------------------ */

    /// @notice Gas of `activate` (measured around the external call, storage cold as in its own transaction, before
    ///         refunds) with 0, 1, 5 and 20 other entries on the topic: live offers of other brands, live active
    ///         exclusivities of the same brand, and expired offers that the walk prunes.
    ///         Logged with console.log; run with `npx hardhat test solidity test/sol/ExclusivityRegistry.t.sol`.
    function test_gas_activateWalksTheList() public {
        uint256[4] memory others = [uint256(0), 1, 5, 20];
        for (uint256 k; k < 3; ++k) {
            for (uint256 j; j < 4; ++j) {
                uint256 used = _activateAmong(k, others[j], 1_000 * (k * 4 + j + 1));
                // solhint-disable-next-line no-console
                console.log("activate, kind / others / gas:", k, others[j], used);
            }
        }
    }

    /// @dev Lists `count` other entries of `kind` (0: offers of another brand, 1: active exclusivities of the same
    ///      brand, 2: expired offers) for a fresh influencer, then returns the gas of activating one more deal.
    function _activateAmong(uint256 kind, uint256 count, uint256 base) internal returns (uint256 used) {
        address influencer = address(uint160(0x1_0000 + base));
        for (uint256 i; i < count; ++i) {
            bytes32 other = _id(base + 1 + i);
            address brand = kind == 0 ? BRAND_B : BRAND_A;
            uint40 until = kind == 2 ? uint40(block.timestamp) : uint40(block.timestamp + 1_000);
            _registry.reserve(other, influencer, brand, _TOPIC, uint40(block.timestamp), until);
            if (kind == 1) _registry.activate(other, influencer);
        }
        bytes32 id = _id(base);
        _registry.reserve(id, influencer, BRAND_A, _TOPIC, uint40(block.timestamp), uint40(block.timestamp + 1_000));
        if (kind == 2) vm.warp(block.timestamp + 1);
        vm.cool(address(_registry)); // as in its own transaction: every slot cold
        uint256 start = gasleft();
        _registry.activate(id, influencer);
        used = start - gasleft();
    }
}
