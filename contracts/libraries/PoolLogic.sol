// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IMediatorCourt} from "../interfaces/IMediatorCourt.sol";
import {Freeze} from "../types/CourtTypes.sol";
import {SortitionTree} from "./SortitionTree.sol";

/// @title PoolLogic
/// @notice The court's pool membership: a mediator sits in up to MAX_POOLS (language, topic) pools and, through
///         them, in the pool of each of their languages; every pool is a sortition tree of stakes. Deployed once
///         and linked, so that the tree's write paths live outside the court's code.
/// @dev Pool keys are `(uint16(language) << 8) | topic`; the language pool of a key has topic LANGUAGE_POOL.
///      Every write checks the draw freeze of the pool's language ({Freeze}): while a round of that language may draw,
///      weights do not change (a mediator's own change reverts; a penalty's re-weighting waits, see {sync}).
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

    /// @notice Adds `key` to the mediator's pools and puts `weight` in every tree it sits in (so that a weight whose
    ///         update a freeze deferred is brought up to date too). Reverts while one of its languages is frozen.
    /// @return count The mediator's number of pools.
    function join(
        uint24[] storage pools,
        mapping(uint24 => SortitionTree.Tree) storage trees,
        mapping(bytes2 => Freeze) storage freezes,
        address mediator,
        uint24 key,
        uint64 weight
    ) public returns (uint256 count) {
        expectUnfrozen(freezes, key);
        count = pools.length;
        if (count >= MAX_POOLS) revert PoolLogicTooManyPools(MAX_POOLS);
        for (uint256 i; i < count; ++i) {
            if (pools[i] == key) revert PoolLogicAlreadyInPool(key);
        }
        _expectAllUnfrozen(pools, freezes);
        pools.push(key);
        _write(pools, trees, mediator, weight);
        return count + 1;
    }

    /// @notice Removes `key` from the mediator's pools (and its language pool when no other pool has its language),
    ///         and puts `weight` in every tree it still sits in. Reverts while one of its languages is frozen.
    /// @return count The mediator's number of pools.
    function leave(
        uint24[] storage pools,
        mapping(uint24 => SortitionTree.Tree) storage trees,
        mapping(bytes2 => Freeze) storage freezes,
        address mediator,
        uint24 key,
        uint64 weight
    ) public returns (uint256 count) {
        expectUnfrozen(freezes, key);
        count = pools.length;
        uint256 index = type(uint256).max;
        bool otherPoolSameLanguage;
        for (uint256 i; i < count; ++i) {
            if (pools[i] == key) index = i;
            else if (languageOf(pools[i]) == languageOf(key)) otherPoolSameLanguage = true;
        }
        if (index == type(uint256).max) revert PoolLogicNotInPool(key);
        _expectAllUnfrozen(pools, freezes);
        pools[index] = pools[count - 1];
        pools.pop();
        trees[key].set(mediator, 0);
        if (!otherPoolSameLanguage) trees[languageOf(key)].set(mediator, 0);
        _write(pools, trees, mediator, weight);
        return count - 1;
    }

    /// @notice Puts `weight` in every tree the mediator sits in (each language pool once). When one of its languages
    ///         is frozen, nothing changes: a `strict` call reverts with CourtLanguageDrawing, another returns false
    ///         (the weight is brought up to date later by {IMediatorCourt-syncWeight} or the mediator's next change).
    function sync(
        uint24[] storage pools,
        mapping(uint24 => SortitionTree.Tree) storage trees,
        mapping(bytes2 => Freeze) storage freezes,
        address mediator,
        uint64 weight,
        bool strict
    ) public returns (bool synced) {
        uint256 count = pools.length;
        for (uint256 i; i < count; ++i) {
            (bool frozen, uint256 until) = frozenUntil(freezes, pools[i]);
            if (!frozen) continue;
            if (strict) revert IMediatorCourt.CourtLanguageDrawing(languageCode(pools[i]), until);
            return false;
        }
        _write(pools, trees, mediator, weight);
        return true;
    }

    /// @dev Puts `weight` in the tree of each of `pools` and of each of their languages (once).
    function _write(
        uint24[] storage pools,
        mapping(uint24 => SortitionTree.Tree) storage trees,
        address mediator,
        uint64 weight
    ) private {
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

    /// @dev Reverts with CourtLanguageDrawing for the first of `pools` whose language is frozen.
    function _expectAllUnfrozen(uint24[] storage pools, mapping(bytes2 => Freeze) storage freezes) private view {
        uint256 count = pools.length;
        for (uint256 i; i < count; ++i) {
            expectUnfrozen(freezes, pools[i]);
        }
    }

    /// @notice The pool a draw uses: the round's pool `key` while it has stake, and unless a previous batch drew nobody
    ///         (`stalledBefore`) while only the parties' stake is left in it; otherwise the pool chosen again by
    ///         {choosePool} for the `seats` still open (0 when none can serve).
    function poolForDraw(
        mapping(uint24 => SortitionTree.Tree) storage trees,
        uint24 key,
        uint24 topicKey,
        address brand,
        address influencer,
        uint256 seats,
        bool stalledBefore
    ) public view returns (uint24) {
        if (key != 0 && trees[key].total() > 0) {
            if (!stalledBefore || eligibleWeight(trees[key], brand, influencer) > 0) return key;
        }
        return choosePool(trees, topicKey, brand, influencer, seats);
    }

    /// @notice The pool a round of `seats` seats draws from: the (language, topic) pool `topicKey` when it has that
    ///         many mediators besides the parties, else its language pool when that has eligible stake, else 0.
    function choosePool(
        mapping(uint24 => SortitionTree.Tree) storage trees,
        uint24 topicKey,
        address brand,
        address influencer,
        uint256 seats
    ) public view returns (uint24) {
        SortitionTree.Tree storage topicTree = trees[topicKey];
        uint256 eligible = topicTree.size();
        if (topicTree.weightOf(brand) > 0) --eligible;
        if (topicTree.weightOf(influencer) > 0) --eligible;
        if (eligible >= seats) return topicKey;
        uint24 languageKey = languageOf(topicKey);
        return eligibleWeight(trees[languageKey], brand, influencer) > 0 ? languageKey : 0;
    }

    /// @notice A pool's stake that can be drawn for a dispute (the parties' own stake excluded).
    function eligibleWeight(SortitionTree.Tree storage tree, address brand, address influencer)
        internal
        view
        returns (uint256)
    {
        return tree.total() - tree.weightOf(brand) - tree.weightOf(influencer);
    }

    /// @notice Reverts with CourtLanguageDrawing while the language of pool `key` is frozen.
    function expectUnfrozen(mapping(bytes2 => Freeze) storage freezes, uint24 key) internal view {
        (bool frozen, uint256 until) = frozenUntil(freezes, key);
        if (frozen) revert IMediatorCourt.CourtLanguageDrawing(languageCode(key), until);
    }

    /// @notice Whether the language of pool `key` is frozen, and until when at most.
    function frozenUntil(mapping(bytes2 => Freeze) storage freezes, uint24 key)
        internal
        view
        returns (bool frozen, uint256 until)
    {
        Freeze memory f = freezes[languageCode(key)];
        return (f.drawing > 0 && block.timestamp <= f.until, f.until);
    }

    /// @notice The ISO 639-1 code of pool `key`.
    function languageCode(uint24 key) internal pure returns (bytes2) {
        return bytes2(uint16(key >> 8));
    }

    /// @notice The key of the language pool of `key`.
    function languageOf(uint24 key) internal pure returns (uint24) {
        return (key & 0xffff00) | LANGUAGE_POOL;
    }
}
