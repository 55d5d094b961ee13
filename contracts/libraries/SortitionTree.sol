// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title SortitionTree
/// @notice Stake-weighted sortition: a 4-ary sum tree over accounts' weights that draws an account with probability
///         `weight / total` in O(log4 n) storage reads, and inserts, updates or removes an account in O(log4 n)
///         storage writes.
/// @dev Layout. Leaves are numbered 0, 1, 2, ... in insertion order (freed leaves are reused, last freed first).
///      Internal nodes are addressed by `(level, index)`; level 1 sits right above the leaves, the root is node
///      `(depth, 0)`. Every node is ONE storage word holding the four sums of its children as uint64 lanes, lane `j`
///      in bits `[64j, 64j + 64)`:
///      - level-1 node `i` packs the weights of leaves `4i .. 4i + 3`;
///      - level-L node `i` packs the sums of level-(L-1) nodes `4i .. 4i + 3`;
///      - the total is the sum of the root's four lanes.
///      A leaf's weight therefore lives in its level-1 node; the leaf itself only stores its owner. Each account has
///      a record word holding its leaf index and 224 bits the caller may use ({setData}).
///
///      Growth: when a new leaf does not fit under the root (`leafCount == 4^depth`), the depth grows by one and the
///      new root's lane 0 is the old root's sum; the old root stays where it is and becomes node `(depth - 1, 0)`.
///      Nothing is moved or rehashed.
///
///      Bounds. Every sum fits in a uint64 lane because {set} refuses any change that would take the total above
///      `type(uint64).max` ({SortitionTreeWeightOverflow}): every lane is at most the total. Callers store stakes in
///      whole units so that this is not a practical limit. At most `2^32 - 1` leaves ({SortitionTreeFull}).
///
///      Differences from Kleros' `SortitionSumTreeFactory` (K-ary, one word per node): sums are packed four per
///      word so a draw reads one word per level instead of K; {draw} reverts with {SortitionTreeEmpty} when the
///      total is zero (a kleros-v2 draw on an empty court recorded `address(0)` as a juror, issue #2059); and the
///      zero address cannot be stored, so a successful draw never returns it. The tree stores whatever weight it
///      is given: a court that wants penalties to lower a mediator's odds must call {set} with the reduced stake
///      (kleros-v2 PR #2107).
///
///      Draw fairness: `randomNumber % total` is slightly biased towards low values unless `total` divides 2^256;
///      for a uniform 256-bit `randomNumber` and a uint64 total the bias is below 2^-192.
library SortitionTree {
    /// @dev Bits per packed lane (4 lanes per 256-bit node word).
    uint256 private constant LANE_BITS = 64;
    /// @dev Mask of one lane.
    uint256 private constant LANE_MASK = type(uint64).max;
    /// @dev `log2(4)`: a node index is its child index shifted right by this many bits.
    uint256 private constant ARITY_BITS = 2;
    /// @dev Mask of a child's position (lane) inside its parent.
    uint256 private constant LANE_INDEX_MASK = 3;
    /// @dev Node key: `(level << LEVEL_SHIFT) | index`. Indexes are below 2^32, levels at most 16.
    uint256 private constant LEVEL_SHIFT = 248;
    /// @dev Bits per freed-leaf entry in the vacant stack (8 entries per word).
    uint256 private constant VACANT_BITS = 32;
    /// @dev Mask of one vacant-stack entry.
    uint256 private constant VACANT_MASK = type(uint32).max;
    /// @dev `log2(8)`: the word of vacant-stack position `p` is `p >> VACANT_WORD_BITS`.
    uint256 private constant VACANT_WORD_BITS = 3;
    /// @dev Mask of a vacant-stack position inside its word.
    uint256 private constant VACANT_INDEX_MASK = 7;
    /// @dev Most leaves: an account record stores `leaf + 1` in its low 32 bits.
    uint256 private constant MAX_LEAVES = type(uint32).max;
    /// @dev Mask of `leaf + 1` in an account record; the bits above hold the caller's data ({setData}).
    uint256 private constant LEAF_MASK = type(uint32).max;
    /// @dev Position of the caller's data in an account record.
    uint256 private constant DATA_SHIFT = 32;

    /// @notice A sortition tree. Use it only through this library; the zero value is an empty tree.
    /// @dev `_depth`, `_leafCount` and `_vacantCount` share one storage word (the header). Fields are private to
    ///      this library (OpenZeppelin's underscore convention).
    struct Tree {
        /// @dev Level of the root; 0 while no account was ever inserted.
        uint8 _depth;
        /// @dev Leaves ever allocated, occupied or vacant. Leaf indexes are `0 .. _leafCount - 1`.
        uint32 _leafCount;
        /// @dev Number of entries in the `_vacant` stack.
        uint32 _vacantCount;
        /// @dev Node key `(level << 248) | index` => four packed uint64 child sums.
        mapping(uint256 key => uint256 lanes) _nodes;
        /// @dev Leaf index => account. A vacant leaf keeps its last owner (its weight is 0, so it is never drawn).
        mapping(uint256 leaf => address account) _owners;
        /// @dev Account => record: bits 0-31 its leaf index + 1 (0 when it has no weight), bits 32-255 the caller's
        ///      data ({setData}).
        mapping(address account => uint256 record) _accounts;
        /// @dev Stack of freed leaf indexes, eight uint32 entries per word. Entries from `_vacantCount` up are stale.
        mapping(uint256 word => uint256 entries) _vacant;
    }

    /// @notice {draw} was called while the total weight is zero. The caller must handle empty pools.
    error SortitionTreeEmpty();

    /// @notice Adding `added` to the total weight `total` would exceed `type(uint64).max`.
    error SortitionTreeWeightOverflow(uint256 total, uint256 added);

    /// @notice `account` cannot be stored (the zero address is reserved so that a draw never returns it).
    error SortitionTreeInvalidAccount(address account);

    /// @notice All `leafCount` leaves are occupied and no more can be allocated.
    error SortitionTreeFull(uint256 leafCount);

    /* ------------------------------------------------------------------ */
    /*                               WRITES                               */
    /* ------------------------------------------------------------------ */

    /// @notice Sets `account`'s weight to `weight`: inserts the account if it has none, updates it, or removes it
    ///         when `weight` is 0 (its leaf is freed for the next insertion). Setting 0 on an absent account does
    ///         nothing.
    /// @dev Reverts with {SortitionTreeInvalidAccount} for the zero address, {SortitionTreeWeightOverflow} if the
    ///      total would exceed `type(uint64).max`, {SortitionTreeFull} if a new leaf is needed and none is left.
    function set(Tree storage tree, address account, uint64 weight) internal {
        if (account == address(0)) revert SortitionTreeInvalidAccount(account);
        uint256 record = tree._accounts[account];
        uint256 leafPlusOne = record & LEAF_MASK;
        if (leafPlusOne == 0) {
            if (weight != 0) _insert(tree, account, record, weight);
            return;
        }
        uint256 leaf;
        // Safe: `leafPlusOne != 0` in this branch.
        unchecked {
            leaf = leafPlusOne - 1;
        }
        uint256 rootLevel = tree._depth;
        uint256 oldWeight = _laneOf(tree._nodes[_key(1, leaf >> ARITY_BITS)], leaf);
        if (weight > oldWeight) {
            // Safe: `weight > oldWeight`.
            unchecked {
                _increase(tree, rootLevel, leaf, weight - oldWeight);
            }
        } else if (weight < oldWeight) {
            // Safe: `oldWeight > weight`.
            unchecked {
                _decrease(tree, rootLevel, leaf, oldWeight - weight);
            }
            if (weight == 0) {
                // Keeps the caller's data; deletes the record when there is none.
                tree._accounts[account] = record & ~LEAF_MASK;
                _pushVacant(tree, leaf);
            }
        }
    }

    /// @notice Stores 224 bits of the caller's own data for `account`, in the word that already holds the
    ///         account's leaf index: a caller that keeps its per-account record here (e.g. a court's locked stake)
    ///         pays no extra storage slot when an account joins. Independent of the weight: it survives removal
    ///         and re-insertion, and the tree never reads it.
    /// @dev Reverts with {SortitionTreeInvalidAccount} for the zero address.
    function setData(Tree storage tree, address account, uint224 data) internal {
        if (account == address(0)) revert SortitionTreeInvalidAccount(account);
        uint256 record = tree._accounts[account];
        tree._accounts[account] = (uint256(data) << DATA_SHIFT) | (record & LEAF_MASK);
    }

    /* ------------------------------------------------------------------ */
    /*                                READS                               */
    /* ------------------------------------------------------------------ */

    /// @notice Picks the account whose slice of `[0, total)` contains `randomNumber % total`. Slices are laid out in
    ///         leaf order, each as wide as its account's weight, so an account is drawn with probability
    ///         `weight / total` for a uniform `randomNumber`. Accounts of weight 0 are never drawn.
    /// @dev One storage read per level (the root's read also gives the total), plus the header and the owner.
    ///      Reverts with {SortitionTreeEmpty} when the total is 0.
    function draw(Tree storage tree, uint256 randomNumber) internal view returns (address account) {
        uint256 level = tree._depth;
        if (level == 0) revert SortitionTreeEmpty();
        uint256 word = tree._nodes[_key(level, 0)];
        uint256 sum = _sumOf(word);
        if (sum == 0) revert SortitionTreeEmpty();
        uint256 r = randomNumber % sum;
        uint256 index = 0;
        // Invariant: `r` is below the sum of `word`'s four lanes, i.e. it falls inside node (level, index).
        while (true) {
            uint256 lane;
            uint256 w = word & LANE_MASK;
            // Safe: each subtraction runs only when `r >= w`. The last lane needs no test: by the invariant, `r`
            // is then below lane 3's sum.
            unchecked {
                if (r >= w) {
                    r -= w;
                    w = (word >> LANE_BITS) & LANE_MASK;
                    lane = 1;
                    if (r >= w) {
                        r -= w;
                        w = (word >> (2 * LANE_BITS)) & LANE_MASK;
                        lane = 2;
                        if (r >= w) {
                            r -= w;
                            lane = 3;
                        }
                    }
                }
                // Safe: `index < 2^32` (a leaf index shifted right) and `level >= 1` here.
                index = (index << ARITY_BITS) | lane;
                --level;
            }
            if (level == 0) break;
            word = tree._nodes[_key(level, index)];
        }
        return tree._owners[index];
    }

    /// @notice The weight of `account`; 0 if it is not in the tree.
    function weightOf(Tree storage tree, address account) internal view returns (uint64) {
        uint256 leafPlusOne = tree._accounts[account] & LEAF_MASK;
        if (leafPlusOne == 0) return 0;
        uint256 leaf;
        // Safe: `leafPlusOne != 0`.
        unchecked {
            leaf = leafPlusOne - 1;
        }
        return uint64(_laneOf(tree._nodes[_key(1, leaf >> ARITY_BITS)], leaf));
    }

    /// @notice The data stored by {setData} for `account`; 0 if none.
    function dataOf(Tree storage tree, address account) internal view returns (uint224) {
        return uint224(tree._accounts[account] >> DATA_SHIFT);
    }

    /// @notice The sum of all weights.
    function total(Tree storage tree) internal view returns (uint64) {
        uint256 rootLevel = tree._depth;
        if (rootLevel == 0) return 0;
        // Cast is exact: the total never exceeds `type(uint64).max` (checked in {set}).
        return uint64(_sumOf(tree._nodes[_key(rootLevel, 0)]));
    }

    /// @notice The number of accounts with a weight above 0.
    function size(Tree storage tree) internal view returns (uint256) {
        // Every allocated leaf is either occupied by an account of non-zero weight or in the vacant stack.
        return uint256(tree._leafCount) - tree._vacantCount;
    }

    /// @notice The level of the root (0 for a tree that never held an account); a draw reads `depth + 2` words.
    function depth(Tree storage tree) internal view returns (uint256) {
        return tree._depth;
    }

    /// @notice The number of leaves ever allocated, occupied or vacant; draw slices are laid out in leaf order.
    function leafCount(Tree storage tree) internal view returns (uint256) {
        return tree._leafCount;
    }

    /// @notice The account and weight at leaf `leaf`; `(address(0), 0)` for a vacant or unallocated leaf.
    function leafAt(Tree storage tree, uint256 leaf) internal view returns (address account, uint64 weight) {
        if (leaf >= tree._leafCount) return (address(0), 0);
        account = tree._owners[leaf];
        // A vacant leaf keeps its last owner; the owner's record tells whether it still lives here.
        if (account == address(0) || tree._accounts[account] & LEAF_MASK != leaf + 1) return (address(0), 0);
        weight = uint64(_laneOf(tree._nodes[_key(1, leaf >> ARITY_BITS)], leaf));
    }

    /* ------------------------------------------------------------------ */
    /*                              INTERNALS                             */
    /* ------------------------------------------------------------------ */

    /// @dev Puts `account` (absent: no leaf bits in `record`, `weight > 0`) on a vacant leaf, or on a new leaf,
    ///      growing the tree if needed.
    function _insert(Tree storage tree, address account, uint256 record, uint64 weight) private {
        uint256 rootLevel = tree._depth;
        uint256 vacantCount = tree._vacantCount;
        uint256 leaf;
        if (vacantCount != 0) {
            // Safe: `vacantCount != 0`.
            unchecked {
                --vacantCount;
            }
            leaf = (tree._vacant[vacantCount >> VACANT_WORD_BITS] >> _vacantShift(vacantCount)) & VACANT_MASK;
            tree._vacantCount = uint32(vacantCount);
        } else {
            leaf = tree._leafCount;
            if (leaf >= MAX_LEAVES) revert SortitionTreeFull(leaf);
            if (rootLevel == 0) {
                rootLevel = 1;
                tree._depth = 1;
            } else if (leaf >> (ARITY_BITS * rootLevel) != 0) {
                // The root is full (`leaf == 4^depth`): the new root's lane 0 is the old root's sum. (That sum is
                // not 0: no leaf is vacant, so all of them hold a positive weight.)
                uint256 oldSum = _sumOf(tree._nodes[_key(rootLevel, 0)]);
                // Safe: here `4^rootLevel == leaf < 2^32`, so `rootLevel < 16` and the new depth fits in a uint8.
                unchecked {
                    ++rootLevel;
                }
                tree._nodes[_key(rootLevel, 0)] = oldSum;
                tree._depth = uint8(rootLevel);
            }
            // Safe: `leaf < MAX_LEAVES`, so `leaf + 1` fits in a uint32.
            unchecked {
                tree._leafCount = uint32(leaf + 1);
            }
        }
        tree._owners[leaf] = account;
        // Safe: `leaf < MAX_LEAVES`, so `leaf + 1` fits in the record's 32 leaf bits, which are 0 in `record`.
        unchecked {
            tree._accounts[account] = record | (leaf + 1);
        }
        _increase(tree, rootLevel, leaf, weight);
    }

    /// @dev Adds `delta` to `leaf`'s weight and to every sum above it. Reverts if the total would overflow uint64.
    function _increase(Tree storage tree, uint256 rootLevel, uint256 leaf, uint256 delta) private {
        uint256 sum = _sumOf(tree._nodes[_key(rootLevel, 0)]);
        if (sum + delta > LANE_MASK) revert SortitionTreeWeightOverflow(sum, delta);
        // Safe: each lane on the path holds a sum of at most the old total, so after adding `delta` it stays at most
        // the new total, which fits in 64 bits (checked above): no carry into the next lane or past bit 255. The
        // level counter and shifts are bounded by `rootLevel <= 16`.
        unchecked {
            uint256 index = leaf;
            for (uint256 level = 1; level <= rootLevel; ++level) {
                uint256 shift = (index & LANE_INDEX_MASK) * LANE_BITS;
                index >>= ARITY_BITS;
                tree._nodes[_key(level, index)] += delta << shift;
            }
        }
    }

    /// @dev Subtracts `delta` (at most `leaf`'s weight) from `leaf`'s weight and from every sum above it.
    function _decrease(Tree storage tree, uint256 rootLevel, uint256 leaf, uint256 delta) private {
        // Safe: each lane on the path holds a sum that includes `leaf`'s weight, which is at least `delta`: no borrow
        // from the next lane. The level counter and shifts are bounded by `rootLevel <= 16`.
        unchecked {
            uint256 index = leaf;
            for (uint256 level = 1; level <= rootLevel; ++level) {
                uint256 shift = (index & LANE_INDEX_MASK) * LANE_BITS;
                index >>= ARITY_BITS;
                tree._nodes[_key(level, index)] -= delta << shift;
            }
        }
    }

    /// @dev Pushes freed `leaf` on the vacant stack.
    function _pushVacant(Tree storage tree, uint256 leaf) private {
        uint256 position = tree._vacantCount;
        uint256 shift = _vacantShift(position);
        uint256 wordIndex = position >> VACANT_WORD_BITS;
        uint256 entries = tree._vacant[wordIndex];
        tree._vacant[wordIndex] = (entries & ~(VACANT_MASK << shift)) | (leaf << shift);
        // Safe: the stack holds distinct allocated leaves, fewer than `leafCount <= type(uint32).max`.
        unchecked {
            tree._vacantCount = uint32(position + 1);
        }
    }

    /// @dev Storage key of node `(level, index)`.
    function _key(uint256 level, uint256 index) private pure returns (uint256) {
        return (level << LEVEL_SHIFT) | index;
    }

    /// @dev The lane of `leaf` (or of any child) in its parent's packed `word`.
    function _laneOf(uint256 word, uint256 child) private pure returns (uint256) {
        return (word >> ((child & LANE_INDEX_MASK) * LANE_BITS)) & LANE_MASK;
    }

    /// @dev Sum of the four lanes of `word`.
    function _sumOf(uint256 word) private pure returns (uint256) {
        // Safe: four values below 2^64 sum to less than 2^66.
        unchecked {
            return
                (word & LANE_MASK) +
                ((word >> LANE_BITS) & LANE_MASK) +
                ((word >> (2 * LANE_BITS)) & LANE_MASK) +
                (word >> (3 * LANE_BITS));
        }
    }

    /// @dev Bit offset of vacant-stack position `position` inside its word.
    function _vacantShift(uint256 position) private pure returns (uint256) {
        return (position & VACANT_INDEX_MASK) * VACANT_BITS;
    }
}
