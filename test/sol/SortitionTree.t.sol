// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {SortitionTree} from "../../contracts/libraries/SortitionTree.sol";
import {SortitionTreeHarness} from "./SortitionTreeHarness.sol";

/// @notice Unit and fuzz tests of {SortitionTree} through {SortitionTreeHarness}. Draws are checked against a
///         reference that walks the leaves in order and accumulates the expected weights: the drawn account's
///         cumulative slice `[start, start + weight)` must contain `randomNumber % total`.
contract SortitionTreeTest is Test {
    /// @dev Test accounts are `address(_ACCOUNT_BASE + i)`.
    uint160 internal constant _ACCOUNT_BASE = 0xACC0_0000;
    uint64 internal constant _MAX_WEIGHT = type(uint64).max;

    SortitionTreeHarness internal _tree;

    /// @dev The reference draw was asked for `r >= total`: a test bug.
    error ReferenceOutOfRange(uint256 r, uint256 total);
    /// @dev `account` holds no leaf.
    error AccountHasNoLeaf(address account);

    function setUp() public {
        _tree = new SortitionTreeHarness();
    }

    /* ------------------------------------------------------------------ */
    /*                                HELPERS                             */
    /* ------------------------------------------------------------------ */

    function _account(uint256 i) internal pure returns (address) {
        return address(_ACCOUNT_BASE + uint160(i));
    }

    /// @dev Inserts accounts 0 .. n-1 with weights 1 .. n.
    function _fillLinear(uint256 n) internal {
        for (uint256 i = 0; i < n; ++i) {
            _tree.set(_account(i), uint64(i + 1));
        }
    }

    /// @dev The reference draw: walks the leaves in order, accumulating their weights.
    function _referenceDraw(uint256 r) internal view returns (address) {
        uint256 leaves = _tree.leafCount();
        uint256 cumulative = 0;
        for (uint256 leaf = 0; leaf < leaves; ++leaf) {
            (address account, uint64 weight) = _tree.leafAt(leaf);
            cumulative += weight;
            if (r < cumulative) return account;
        }
        revert ReferenceOutOfRange(r, cumulative);
    }

    /// @dev The cumulative slice `[start, start + weight)` of the account at `leaf`.
    function _sliceOf(uint256 leaf) internal view returns (uint256 start, uint256 weight) {
        for (uint256 before = 0; before < leaf; ++before) {
            (, uint64 w) = _tree.leafAt(before);
            start += w;
        }
        (, weight) = _tree.leafAt(leaf);
    }

    /// @dev Every `r` in `[0, total)` draws the reference's account (small totals only).
    function _assertDrawsMatchReferenceExhaustively() internal view {
        uint256 total = _tree.total();
        for (uint256 r = 0; r < total; ++r) {
            assertEq(_tree.draw(r), _referenceDraw(r), "draw != reference");
        }
    }

    /// @dev Each occupied leaf's first and last value draw its account; so do both ends once reduced modulo total.
    function _assertSliceBoundaries() internal view {
        uint256 leaves = _tree.leafCount();
        uint256 total = _tree.total();
        uint256 start = 0;
        for (uint256 leaf = 0; leaf < leaves; ++leaf) {
            (address account, uint64 weight) = _tree.leafAt(leaf);
            if (weight == 0) continue;
            assertEq(_tree.draw(start), account, "slice start");
            assertEq(_tree.draw(start + weight - 1), account, "slice end");
            assertEq(_tree.draw(start + weight - 1 + total), account, "slice end + total");
            start += weight;
        }
        assertEq(start, total, "slices cover [0, total)");
    }

    /// @dev The tree holds exactly `model` (weights of accounts 0 .. model.length-1): per-account weights, total,
    ///      size, one occupied leaf per account of non-zero weight, and each leaf's weight equal to the model's.
    function _assertMatchesModel(uint64[] memory model) internal view {
        uint256 expectedTotal = 0;
        uint256 expectedSize = 0;
        for (uint256 i = 0; i < model.length; ++i) {
            assertEq(_tree.weightOf(_account(i)), model[i], "weightOf");
            expectedTotal += model[i];
            if (model[i] != 0) ++expectedSize;
        }
        assertEq(_tree.total(), expectedTotal, "total");
        assertEq(_tree.size(), expectedSize, "size");

        uint256 leaves = _tree.leafCount();
        uint256 occupied = 0;
        uint256 leafSum = 0;
        for (uint256 leaf = 0; leaf < leaves; ++leaf) {
            (address account, uint64 weight) = _tree.leafAt(leaf);
            if (account == address(0)) {
                assertEq(weight, 0, "vacant leaf weight");
                continue;
            }
            uint256 i = uint160(account) - _ACCOUNT_BASE;
            assertLt(i, model.length, "unknown account in a leaf");
            assertEq(weight, model[i], "leaf weight");
            assertGt(weight, 0, "occupied leaf of weight 0");
            ++occupied;
            leafSum += weight;
        }
        assertEq(occupied, expectedSize, "occupied leaves");
        assertEq(leafSum, expectedTotal, "leaf sum");
        // The tree grows only when every leaf is taken, so the depth is the smallest that holds them all.
        if (leaves != 0) assertEq(_tree.depth(), _expectedDepth(leaves), "depth");
    }

    /// @dev Smallest depth d >= 1 with 4^d >= leaves.
    function _expectedDepth(uint256 leaves) internal pure returns (uint256 d) {
        d = 1;
        while (4 ** d < leaves) ++d;
    }

    /// @dev Fills `n` accounts (weights 1..n) and checks depth, counts, weights and every slice boundary.
    function _assertGrowth(uint256 n, uint256 expectedDepth) internal {
        _fillLinear(n);
        assertEq(_tree.depth(), expectedDepth, "depth");
        assertEq(_tree.leafCount(), n, "leafCount");
        assertEq(_tree.size(), n, "size");
        assertEq(_tree.total(), (n * (n + 1)) / 2, "total");
        for (uint256 i = 0; i < n; ++i) {
            assertEq(_tree.weightOf(_account(i)), i + 1, "weightOf");
            (address account, uint64 weight) = _tree.leafAt(i);
            assertEq(account, _account(i), "leaf order");
            assertEq(weight, i + 1, "leaf weight");
        }
        _assertSliceBoundaries();
    }

    /* ------------------------------------------------------------------ */
    /*                                  SET                               */
    /* ------------------------------------------------------------------ */

    function test_set_insertsAccount() public {
        _tree.set(_account(0), 7);

        assertEq(_tree.weightOf(_account(0)), 7);
        assertEq(_tree.total(), 7);
        assertEq(_tree.size(), 1);
        assertEq(_tree.depth(), 1);
        assertEq(_tree.leafCount(), 1);
        (address account, uint64 weight) = _tree.leafAt(0);
        assertEq(account, _account(0));
        assertEq(weight, 7);
        assertEq(_tree.draw(0), _account(0));
        assertEq(_tree.draw(6), _account(0));
    }

    function test_set_updatesWeightUpAndDown() public {
        _fillLinear(6);
        uint256 totalBefore = _tree.total(); // 21

        _tree.set(_account(2), 100);
        assertEq(_tree.weightOf(_account(2)), 100);
        assertEq(_tree.total(), totalBefore - 3 + 100);
        assertEq(_tree.size(), 6);
        assertEq(_tree.leafCount(), 6);
        _assertDrawsMatchReferenceExhaustively();

        _tree.set(_account(2), 1);
        assertEq(_tree.weightOf(_account(2)), 1);
        assertEq(_tree.total(), totalBefore - 3 + 1);
        _assertDrawsMatchReferenceExhaustively();
    }

    function test_set_sameWeightChangesNothing() public {
        _fillLinear(5);
        _tree.set(_account(4), 5);

        assertEq(_tree.total(), 15);
        assertEq(_tree.size(), 5);
        assertEq(_tree.leafCount(), 5);
    }

    function test_set_zeroRemovesAccount() public {
        _fillLinear(5);
        _tree.set(_account(1), 0);

        assertEq(_tree.weightOf(_account(1)), 0);
        assertEq(_tree.total(), 13);
        assertEq(_tree.size(), 4);
        assertEq(_tree.leafCount(), 5, "the leaf stays allocated");
        (address account, uint64 weight) = _tree.leafAt(1);
        assertEq(account, address(0), "vacant leaf");
        assertEq(weight, 0);
        _assertDrawsMatchReferenceExhaustively();
    }

    function test_set_zeroOnAbsentAccountDoesNothing() public {
        _tree.set(_account(0), 0);
        assertEq(_tree.depth(), 0);
        assertEq(_tree.leafCount(), 0);

        _fillLinear(3);
        _tree.set(_account(9), 0);
        assertEq(_tree.total(), 6);
        assertEq(_tree.size(), 3);
        assertEq(_tree.leafCount(), 3);
    }

    function test_set_reusesVacantLeavesLastFreedFirst() public {
        _fillLinear(5); // leaves 0..4
        _tree.set(_account(1), 0);
        _tree.set(_account(3), 0);

        _tree.set(_account(10), 11);
        (address account, ) = _tree.leafAt(3);
        assertEq(account, _account(10), "last freed leaf first");
        _tree.set(_account(11), 12);
        (account, ) = _tree.leafAt(1);
        assertEq(account, _account(11));
        assertEq(_tree.leafCount(), 5, "no new leaf while some are vacant");

        _tree.set(_account(12), 13);
        (account, ) = _tree.leafAt(5);
        assertEq(account, _account(12), "then a new leaf");
        assertEq(_tree.leafCount(), 6);
        assertEq(_tree.size(), 6);
        assertEq(_tree.total(), 1 + 3 + 5 + 11 + 12 + 13);
        _assertDrawsMatchReferenceExhaustively();
    }

    function test_set_reusesVacantLeavesAcrossStackWords() public {
        // 20 freed leaves span three words of the vacant stack (8 entries per word).
        _fillLinear(24);
        for (uint256 i = 0; i < 20; ++i) {
            _tree.set(_account(i), 0);
        }
        assertEq(_tree.size(), 4);
        for (uint256 i = 0; i < 20; ++i) {
            _tree.set(_account(100 + i), 1);
            (address account, ) = _tree.leafAt(19 - i);
            assertEq(account, _account(100 + i), "LIFO");
        }
        assertEq(_tree.leafCount(), 24);
        assertEq(_tree.size(), 24);
        assertEq(_tree.total(), 20 + 21 + 22 + 23 + 24);
        _assertSliceBoundaries();
    }

    function test_set_removedThenReAddedAccountWorks() public {
        _fillLinear(6);
        _tree.set(_account(2), 0);
        _tree.set(_account(2), 50);

        assertEq(_tree.weightOf(_account(2)), 50);
        assertEq(_tree.size(), 6);
        assertEq(_tree.total(), 21 - 3 + 50);
        (address account, uint64 weight) = _tree.leafAt(2);
        assertEq(account, _account(2), "back on its freed leaf");
        assertEq(weight, 50);
        _assertDrawsMatchReferenceExhaustively();

        // Re-added on another account's former leaf, its old leaf taken by someone else meanwhile.
        _tree.set(_account(2), 0);
        _tree.set(_account(4), 0);
        _tree.set(_account(7), 8); // leaf 4
        _tree.set(_account(2), 9); // leaf 2
        (account, ) = _tree.leafAt(4);
        assertEq(account, _account(7));
        (account, ) = _tree.leafAt(2);
        assertEq(account, _account(2));
        assertEq(_tree.weightOf(_account(4)), 0);
        _assertDrawsMatchReferenceExhaustively();
    }

    function test_set_depth1With1Account() public {
        _assertGrowth(1, 1);
    }

    function test_set_depth1With4Accounts() public {
        _assertGrowth(4, 1);
    }

    function test_set_depth2With5Accounts() public {
        _assertGrowth(5, 2);
    }

    function test_set_depth2With16Accounts() public {
        _assertGrowth(16, 2);
    }

    function test_set_depth3With17Accounts() public {
        _assertGrowth(17, 3);
    }

    function test_set_depth3With64Accounts() public {
        _assertGrowth(64, 3);
    }

    function test_set_depth4With65Accounts() public {
        _assertGrowth(65, 4);
    }

    function test_set_updatesAfterGrowthReachOldAndNewLeaves() public {
        _fillLinear(17); // depth 3
        _tree.set(_account(0), 1_000); // under the old root, now node (2, 0)
        _tree.set(_account(16), 2_000); // the only leaf under node (2, 1)
        _tree.set(_account(5), 0);

        assertEq(_tree.total(), 153 - 1 + 1_000 - 17 + 2_000 - 6);
        _assertSliceBoundaries();
    }

    function test_set_maxWeightAlone() public {
        _tree.set(_account(0), _MAX_WEIGHT);
        assertEq(_tree.total(), _MAX_WEIGHT);
        assertEq(_tree.draw(type(uint256).max), _account(0));
    }

    function test_set_totalExactlyMaxAcrossLanesAndLevels() public {
        // 17 accounts (depth 3) whose weights sum to exactly 2^64 - 1.
        uint64 share = _MAX_WEIGHT / 17; // 17 * share == 2^64 - 1
        for (uint256 i = 0; i < 17; ++i) {
            _tree.set(_account(i), share);
        }
        assertEq(_tree.total(), _MAX_WEIGHT);
        for (uint256 i = 0; i < 17; ++i) {
            assertEq(_tree.draw(i * uint256(share)), _account(i));
            assertEq(_tree.draw((i + 1) * uint256(share) - 1), _account(i));
        }
    }

    function test_set_revertWhenInsertOverflowsTotal() public {
        _tree.set(_account(0), _MAX_WEIGHT);

        vm.expectRevert(
            abi.encodeWithSelector(SortitionTree.SortitionTreeWeightOverflow.selector, uint256(_MAX_WEIGHT), 1)
        );
        _tree.set(_account(1), 1);
    }

    function test_set_revertWhenUpdateOverflowsTotal() public {
        _tree.set(_account(0), _MAX_WEIGHT - 10);
        _tree.set(_account(1), 5);

        vm.expectRevert(
            abi.encodeWithSelector(SortitionTree.SortitionTreeWeightOverflow.selector, uint256(_MAX_WEIGHT - 5), 6)
        );
        _tree.set(_account(1), 11);

        _tree.set(_account(1), 10); // exactly the maximum is fine
        assertEq(_tree.total(), _MAX_WEIGHT);
    }

    function test_set_revertWhenNoLeafLeft() public {
        // Forge the header (harness slot 1: `lastDrawn` takes slot 0) to depth 16 with 2^32 - 1 leaves allocated.
        uint256 maxLeaves = type(uint32).max;
        vm.store(address(_tree), bytes32(uint256(1)), bytes32(16 | (maxLeaves << 8)));
        assertEq(_tree.depth(), 16);
        assertEq(_tree.leafCount(), maxLeaves);

        vm.expectRevert(abi.encodeWithSelector(SortitionTree.SortitionTreeFull.selector, maxLeaves));
        _tree.set(_account(0), 1);
    }

    function test_set_revertWhenAccountIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(SortitionTree.SortitionTreeInvalidAccount.selector, address(0)));
        _tree.set(address(0), 1);
    }

    /* ------------------------------------------------------------------ */
    /*                                  DRAW                              */
    /* ------------------------------------------------------------------ */

    function test_draw_revertWhenNeverFilled() public {
        vm.expectRevert(SortitionTree.SortitionTreeEmpty.selector);
        _tree.draw(0);
    }

    function test_draw_revertWhenEveryAccountRemoved() public {
        _fillLinear(5);
        for (uint256 i = 0; i < 5; ++i) {
            _tree.set(_account(i), 0);
        }
        assertEq(_tree.total(), 0);
        assertEq(_tree.size(), 0);
        assertEq(_tree.depth(), 2);

        vm.expectRevert(SortitionTree.SortitionTreeEmpty.selector);
        _tree.draw(12_345);
    }

    function test_draw_picksEachAccountForExactlyItsSlice() public {
        uint64[8] memory weights = [uint64(3), 1, 4, 1, 5, 9, 2, 6];
        for (uint256 i = 0; i < 8; ++i) {
            _tree.set(_account(i), weights[i]);
        }
        // Slices in insertion order, written out: [0,3) [3,4) [4,8) [8,9) [9,14) [14,23) [23,25) [25,31).
        uint8[31] memory expected = [
            0, 0, 0, 1, 2, 2, 2, 2, 3, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 7, 7, 7, 7, 7, 7
        ];
        assertEq(_tree.total(), 31);
        for (uint256 r = 0; r < 31; ++r) {
            assertEq(_tree.draw(r), _account(expected[r]), "slice");
        }
    }

    function test_draw_matchesReferenceWithVacantLeaves() public {
        for (uint256 i = 0; i < 21; ++i) {
            _tree.set(_account(i), uint64((i % 5) + 1));
        }
        _tree.set(_account(0), 0);
        _tree.set(_account(7), 0);
        _tree.set(_account(16), 0);
        _tree.set(_account(20), 0);
        _assertDrawsMatchReferenceExhaustively();
    }

    function test_draw_neverReturnsZeroWeightAccount() public {
        _fillLinear(9);
        _tree.set(_account(4), 0);
        _tree.set(_account(8), 0);

        uint256 total = _tree.total();
        for (uint256 r = 0; r < total; ++r) {
            address drawn = _tree.draw(r);
            assertTrue(drawn != _account(4) && drawn != _account(8), "drew a removed account");
            assertGt(_tree.weightOf(drawn), 0);
        }
    }

    function test_draw_reducesRandomNumberModuloTotal() public {
        _fillLinear(10); // total 55
        uint256 r = type(uint256).max;
        assertEq(_tree.draw(r), _referenceDraw(r % 55));
        assertEq(_tree.draw(3), _tree.draw(3 + 55));
        assertEq(_tree.draw(3), _tree.draw(3 + 55 * 1e60));
    }

    /* ------------------------------------------------------------------ */
    /*                               READ HELPERS                         */
    /* ------------------------------------------------------------------ */

    function test_weightOf_absentAccountIsZero() public {
        assertEq(_tree.weightOf(_account(0)), 0);
        _fillLinear(2);
        assertEq(_tree.weightOf(_account(5)), 0);
        assertEq(_tree.weightOf(address(0)), 0);
    }

    function test_total_emptyTreeIsZero() public view {
        assertEq(_tree.total(), 0);
        assertEq(_tree.size(), 0);
        assertEq(_tree.depth(), 0);
        assertEq(_tree.leafCount(), 0);
    }

    function test_leafAt_unallocatedLeafIsEmpty() public {
        _fillLinear(3);
        (address account, uint64 weight) = _tree.leafAt(3);
        assertEq(account, address(0));
        assertEq(weight, 0);
        (account, weight) = _tree.leafAt(type(uint256).max);
        assertEq(account, address(0));
        assertEq(weight, 0);
    }

    /* ------------------------------------------------------------------ */
    /*                               ACCOUNT DATA                         */
    /* ------------------------------------------------------------------ */

    function test_setData_storesDataWithoutChangingWeights() public {
        _fillLinear(5);
        _tree.setData(_account(2), type(uint224).max);
        _tree.setData(_account(9), 42); // an account without weight can hold data too

        assertEq(_tree.dataOf(_account(2)), type(uint224).max);
        assertEq(_tree.dataOf(_account(9)), 42);
        assertEq(_tree.dataOf(_account(1)), 0);
        assertEq(_tree.weightOf(_account(2)), 3);
        assertEq(_tree.weightOf(_account(9)), 0);
        assertEq(_tree.size(), 5);
        _assertSliceBoundaries();
    }

    function test_setData_survivesUpdatesRemovalAndReinsertion() public {
        _tree.setData(_account(0), 7);
        _tree.set(_account(0), 10);
        _tree.set(_account(1), 20);
        assertEq(_tree.dataOf(_account(0)), 7, "after insert");
        _tree.set(_account(0), 15);
        assertEq(_tree.dataOf(_account(0)), 7, "after update");
        _tree.set(_account(0), 0);
        assertEq(_tree.dataOf(_account(0)), 7, "after removal");
        (address account, ) = _tree.leafAt(0);
        assertEq(account, address(0), "removed despite its data");
        _tree.set(_account(0), 5);
        assertEq(_tree.dataOf(_account(0)), 7, "after reinsertion");
        assertEq(_tree.weightOf(_account(0)), 5);
        _assertDrawsMatchReferenceExhaustively();
    }

    function test_setData_revertWhenAccountIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(SortitionTree.SortitionTreeInvalidAccount.selector, address(0)));
        _tree.setData(address(0), 1);
    }

    /* ------------------------------------------------------------------ */
    /*                                  FUZZ                              */
    /* ------------------------------------------------------------------ */

    /// @dev Any sequence of sets on a pool of 40 accounts (up to depth 3, with removals and reuse): the tree holds
    ///      exactly the model, and draws match the reference.
    function testFuzz_set_treeMatchesModelAndReference(uint256 seed, uint8 steps) public {
        uint256 pool = 40;
        uint64[] memory model = new uint64[](pool);
        uint256 n = bound(steps, 1, 150);
        for (uint256 s = 0; s < n; ++s) {
            uint256 x = uint256(keccak256(abi.encode(seed, s)));
            uint256 i = x % pool;
            uint256 kind = (x >> 8) % 8;
            uint64 weight;
            if (kind < 2) {
                weight = 0; // removal (or no-op on an absent account)
            } else if (kind == 2) {
                // Large: 40 * 2^58 < 2^64, so the total cannot overflow.
                weight = uint64(bound(x >> 16, 1, 2 ** 58));
            } else {
                weight = uint64(bound(x >> 16, 1, 1_000));
            }
            _tree.set(_account(i), weight);
            model[i] = weight;
            if (s % 16 == 15) _assertMatchesModel(model);
        }
        _assertMatchesModel(model);

        uint256 total = _tree.total();
        if (total == 0) {
            vm.expectRevert(SortitionTree.SortitionTreeEmpty.selector);
            _tree.draw(seed);
            return;
        }
        for (uint256 k = 0; k < 16; ++k) {
            uint256 r = uint256(keccak256(abi.encode(seed, "draw", k)));
            address drawn = _tree.draw(r);
            assertEq(drawn, _referenceDraw(r % total), "draw != reference");
            assertGt(_tree.weightOf(drawn), 0, "drew weight 0");
        }
        _assertSliceBoundaries();
    }

    /// @dev For any random number, the drawn account's cumulative slice contains `r % total`.
    function testFuzz_draw_sliceContainsRandomNumber(uint256 r, uint8 accounts, uint256 weightSeed) public {
        uint256 n = bound(accounts, 1, 80);
        for (uint256 i = 0; i < n; ++i) {
            _tree.set(_account(i), uint64(bound(uint256(keccak256(abi.encode(weightSeed, i))), 1, 1e12)));
        }
        // Free a few leaves so that vacant slices (width 0) sit between occupied ones.
        for (uint256 i = 0; i < n; i += 7) {
            if (i != 0) _tree.set(_account(i), 0);
        }

        address drawn = _tree.draw(r);
        uint256 leaf = _leafOf(drawn);
        (uint256 start, uint256 weight) = _sliceOf(leaf);
        uint256 reduced = r % _tree.total();
        assertGe(reduced, start, "below the slice");
        assertLt(reduced, start + weight, "above the slice");
        assertEq(drawn, _referenceDraw(reduced));
    }

    /// @dev Accounts set to 0 are never drawn, whatever the random number.
    function testFuzz_draw_neverPicksZeroWeight(uint256 r, uint256 keptMask) public {
        for (uint256 i = 0; i < 20; ++i) {
            _tree.set(_account(i), uint64(i + 1));
        }
        keptMask |= 1 << 19; // keep the total above 0: account 19 stays
        for (uint256 i = 0; i < 19; ++i) {
            if ((keptMask >> i) & 1 == 0) _tree.set(_account(i), 0);
        }
        address drawn = _tree.draw(r);
        assertGt(_tree.weightOf(drawn), 0);
        assertTrue((keptMask >> (uint160(drawn) - _ACCOUNT_BASE)) & 1 == 1, "drew a removed account");
    }

    /// @dev Setting an account to 0 and back restores it with the new weight, and the tree stays consistent.
    function testFuzz_set_zeroThenReAdd(uint64 first, uint64 second, uint64 other, uint256 r) public {
        first = uint64(bound(first, 1, _MAX_WEIGHT / 2));
        second = uint64(bound(second, 1, _MAX_WEIGHT / 2));
        other = uint64(bound(other, 1, _MAX_WEIGHT / 2));
        _tree.set(_account(0), first);
        _tree.set(_account(1), other);
        _tree.set(_account(0), 0);
        assertEq(_tree.size(), 1);
        assertEq(_tree.total(), other);
        assertEq(_tree.draw(r), _account(1));

        _tree.set(_account(0), second);
        assertEq(_tree.weightOf(_account(0)), second);
        assertEq(_tree.size(), 2);
        assertEq(_tree.total(), uint256(second) + other);
        assertEq(_tree.leafCount(), 2, "freed leaf reused");
        assertEq(_tree.draw(r), _referenceDraw(r % (uint256(second) + other)));
    }

    /// @dev A set reverts exactly when the new total would exceed 2^64 - 1, with the total and the increase.
    function testFuzz_set_revertsOnlyWhenTotalOverflows(uint64 a, uint64 b, uint64 c) public {
        _tree.set(_account(0), a);
        uint256 total = a;
        if (uint256(a) + b > _MAX_WEIGHT) {
            vm.expectRevert(abi.encodeWithSelector(SortitionTree.SortitionTreeWeightOverflow.selector, total, b));
            _tree.set(_account(1), b);
            return;
        }
        _tree.set(_account(1), b);
        total += b;
        assertEq(_tree.total(), total);
        // Update of account 1 from b to c.
        if (c > b && total + (c - b) > _MAX_WEIGHT) {
            vm.expectRevert(
                abi.encodeWithSelector(SortitionTree.SortitionTreeWeightOverflow.selector, total, uint256(c - b))
            );
            _tree.set(_account(1), c);
        } else {
            _tree.set(_account(1), c);
            assertEq(_tree.total(), uint256(a) + c);
        }
    }

    /// @dev Data and weights never interfere.
    function testFuzz_setData_independentOfWeight(uint224 data, uint64 weight, uint64 otherWeight) public {
        otherWeight = uint64(bound(otherWeight, 1, _MAX_WEIGHT));
        weight = uint64(bound(weight, 0, _MAX_WEIGHT - otherWeight));
        _tree.set(_account(1), otherWeight);
        _tree.setData(_account(0), data);
        _tree.set(_account(0), weight);
        assertEq(_tree.dataOf(_account(0)), data);
        assertEq(_tree.weightOf(_account(0)), weight);
        _tree.setData(_account(0), ~data);
        assertEq(_tree.weightOf(_account(0)), weight);
        assertEq(_tree.dataOf(_account(0)), ~data);
        assertEq(_tree.size(), weight == 0 ? 1 : 2);
        assertEq(_tree.total(), uint256(weight) + otherWeight);
    }

    /// @dev The leaf holding `account` (found by scanning).
    function _leafOf(address account) internal view returns (uint256) {
        uint256 leaves = _tree.leafCount();
        for (uint256 leaf = 0; leaf < leaves; ++leaf) {
            (address a, ) = _tree.leafAt(leaf);
            if (a == account) return leaf;
        }
        revert AccountHasNoLeaf(account);
    }
}
