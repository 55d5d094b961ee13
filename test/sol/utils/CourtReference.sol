// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Question} from "../../../contracts/types/DealTypes.sol";

/// @title CourtReference
/// @notice An independent, unoptimised reimplementation of the court's written counting rules, from the NatSpec of
///         MediatorCourt and IMediatorCourt rather than from CourtLogic's packed layouts:
///         - per question, the consensus is every option with the most votes (ties: all the top options);
///         - the question counts for the influencer by the share of its consensus options that are compliant;
///         - the ruling (basis points) is the weighted sum of those shares over the total weight;
///         - a vote's coherence is the weighted share of questions it answered with a consensus option.
/// @dev Votes are given as one answer list per vote (a mediator drawn twice casts two identical votes).
library CourtReference {
    uint256 internal constant BPS = 10_000;
    /// @dev lcm(1..8): every "compliant tops / tops" fraction is a whole number of 1/840ths.
    uint256 internal constant LCM = 840;

    /// @notice The outcome of a round, computed two ways.
    struct Ruling {
        uint256 exactShareBps; // floor(sum(w * compliantTop / top) * BPS / W): the written rule, one floor at the end
        uint256 flooredShareBps; // floor(sum(floor(w * BPS * compliantTop / top)) / W): a floor per question
        uint128 consensus; // 8 bits per question, bit o set when option o is a top option
    }

    /// @notice The ruling of a round where every vote in `votes` was revealed (at least one vote).
    function rule(Question[] memory table, uint8[][] memory votes) internal pure returns (Ruling memory r) {
        uint256 totalWeight;
        uint256 exactNumerator; // in 1/LCM units of weight
        uint256 flooredNumerator; // in basis points of weight, floored per question
        for (uint256 q; q < table.length; ++q) {
            Question memory question = table[q];
            totalWeight += question.weight;
            uint256[8] memory counts;
            for (uint256 v; v < votes.length; ++v) {
                ++counts[votes[v][q]];
            }
            uint256 best;
            for (uint256 o; o < question.optionCount; ++o) {
                if (counts[o] > best) best = counts[o];
            }
            uint256 tops;
            uint256 compliantTops;
            for (uint256 o; o < question.optionCount; ++o) {
                if (counts[o] != best) continue;
                ++tops;
                r.consensus |= uint128(uint256(1) << (q * 8 + o));
                if ((question.compliantMask >> o) & 1 == 1) ++compliantTops;
            }
            exactNumerator += uint256(question.weight) * (LCM * compliantTops / tops);
            flooredNumerator += uint256(question.weight) * BPS * compliantTops / tops;
        }
        r.exactShareBps = exactNumerator * BPS / (LCM * totalWeight);
        r.flooredShareBps = flooredNumerator / totalWeight;
    }

    /// @notice The coherence (basis points) of a revealed vote against a final consensus.
    function coherence(Question[] memory table, uint8[] memory vote, uint128 consensus)
        internal
        pure
        returns (uint256)
    {
        uint256 totalWeight;
        uint256 matched;
        for (uint256 q; q < table.length; ++q) {
            totalWeight += table[q].weight;
            if ((uint256(consensus) >> (q * 8 + vote[q])) & 1 == 1) matched += table[q].weight;
        }
        return matched * BPS / totalWeight;
    }

    /// @notice Random but valid criteria: `count` questions of 2 to 8 options, a non-empty proper subset of
    ///         compliant options and a weight of 1 to `maxWeight`, all derived from `seed`.
    function criteria(uint256 seed, uint256 count, uint256 maxWeight) internal pure returns (Question[] memory c) {
        c = new Question[](count);
        for (uint256 q; q < count; ++q) {
            uint256 h = uint256(keccak256(abi.encode(seed, q)));
            uint256 options = 2 + h % 7;
            uint256 allOptions = (uint256(1) << options) - 1;
            uint256 mask = 1 + (h >> 8) % (allOptions - 1); // 1 .. allOptions - 1
            c[q] = Question({
                optionCount: uint8(options),
                compliantMask: uint16(mask),
                weight: uint16(1 + (h >> 24) % maxWeight)
            });
        }
    }

    /// @notice Random valid answers to `c`, derived from `seed`: half of the questions (at random) are answered
    ///         among their first two options only, so that votes often agree and ties of two and three both occur.
    function answers(Question[] memory c, uint256 seed) internal pure returns (uint8[] memory a) {
        a = new uint8[](c.length);
        for (uint256 q; q < c.length; ++q) {
            uint256 h = uint256(keccak256(abi.encode(seed, q)));
            uint256 range = h & 1 == 0 ? 2 : c[q].optionCount;
            a[q] = uint8((h >> 1) % range);
        }
    }
}
