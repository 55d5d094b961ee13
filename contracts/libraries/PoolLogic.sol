// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {SortitionTree} from "./SortitionTree.sol";

/// @title PoolLogic
/// @notice The court's pool membership: a mediator sits in up to MAX_POOLS (language, topic) pools and, through
///         them, in the pool of each of their languages; every pool is a sortition tree of stakes. Deployed once
///         and linked, so that the tree's write paths live outside the court's code.
/// @dev Pool keys are `(uint16(language) << 8) | topic`; the language pool of a key has topic LANGUAGE_POOL.
library PoolLogic {
    using SortitionTree for SortitionTree.Tree;

    uint256 internal constant MAX_POOLS = 4;
    uint24 internal constant LANGUAGE_POOL = 255;

    /// @notice A mediator sits in at most `max` pools.
    error PoolLogicTooManyPools(uint256 max);
    /// @notice The mediator already sits in pool `key`.
    error PoolLogicAlreadyInPool(uint24 key);
    /// @notice The mediator does not sit in pool `key`.
    error PoolLogicNotInPool(uint24 key);

    /// @notice Adds `key` to the mediator's pools with `weight` in its tree and its language's tree.
    /// @return count The mediator's number of pools.
    function join(
        uint24[] storage pools,
        mapping(uint24 => SortitionTree.Tree) storage trees,
        address mediator,
        uint24 key,
        uint64 weight
    ) public returns (uint256 count) {
        count = pools.length;
        if (count >= MAX_POOLS) revert PoolLogicTooManyPools(MAX_POOLS);
        for (uint256 i; i < count; ++i) {
            if (pools[i] == key) revert PoolLogicAlreadyInPool(key);
        }
        pools.push(key);
        trees[key].set(mediator, weight);
        trees[languageOf(key)].set(mediator, weight);
        return count + 1;
    }

    /// @notice Removes `key` from the mediator's pools; the language pool is left when no other pool has its
    ///         language.
    /// @return count The mediator's number of pools.
    function leave(
        uint24[] storage pools,
        mapping(uint24 => SortitionTree.Tree) storage trees,
        address mediator,
        uint24 key
    ) public returns (uint256 count) {
        count = pools.length;
        uint256 index = type(uint256).max;
        bool otherPoolSameLanguage;
        for (uint256 i; i < count; ++i) {
            if (pools[i] == key) index = i;
            else if (languageOf(pools[i]) == languageOf(key)) otherPoolSameLanguage = true;
        }
        if (index == type(uint256).max) revert PoolLogicNotInPool(key);
        pools[index] = pools[count - 1];
        pools.pop();
        trees[key].set(mediator, 0);
        if (!otherPoolSameLanguage) trees[languageOf(key)].set(mediator, 0);
        return count - 1;
    }

    /// @notice Puts `weight` in every tree the mediator sits in (each language pool once).
    function sync(
        uint24[] storage pools,
        mapping(uint24 => SortitionTree.Tree) storage trees,
        address mediator,
        uint64 weight
    ) public {
        uint256 count = pools.length;
        uint24[MAX_POOLS] memory languages;
        uint256 languageCount;
        for (uint256 i; i < count; ++i) {
            uint24 key = pools[i];
            trees[key].set(mediator, weight);
            uint24 languageKey = languageOf(key);
            bool done;
            for (uint256 j; j < languageCount; ++j) {
                if (languages[j] == languageKey) done = true;
            }
            if (!done) {
                languages[languageCount++] = languageKey;
                trees[languageKey].set(mediator, weight);
            }
        }
    }

    /// @notice The key of the language pool of `key`.
    function languageOf(uint24 key) internal pure returns (uint24) {
        return (key & 0xffff00) | LANGUAGE_POOL;
    }
}
