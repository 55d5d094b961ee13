// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Question} from "../types/DealTypes.sol";

/// @title CourtLogic
/// @notice The court's counting rules, deployed once and linked (it keeps the court under the code-size limit):
///         criteria packing, answer validation, tallies, the ruling of a round and the coherence of a vote.
/// @dev Storage layouts:
///      - criteria: two words, 32 bits per question: option count (4 bits), compliant mask (8 bits), weight (16).
///      - tally: four words, 64 bits per question, 7 bits per option (a round has at most 127 seats); bit 255 of
///        each word in use is a marker set when the round's voting opens, so reveals never write a fresh word.
///      - answers: 4 bits per question; consensus: 8 bits per question, one bit per option.
library CourtLogic {
    uint256 internal constant BPS = 10_000;
    uint256 internal constant MAX_QUESTIONS = 16;
    uint256 internal constant MAX_OPTIONS = 8;
    uint256 internal constant TALLY_MARKER = 1 << 255;

    /// @notice The criteria table is not 1 to 16 questions of 2 to 8 options, with a non-empty proper subset of
    ///         compliant options and a positive weight (`index` is the first faulty question, or the count).
    error CourtLogicInvalidCriteria(uint256 index);
    /// @notice `given` answers for `expected` questions.
    error CourtLogicAnswerCount(uint256 given, uint256 expected);
    /// @notice The answer to question `index` is not one of its options.
    error CourtLogicInvalidAnswer(uint256 index, uint256 answer);

    /// @notice Validates and packs a criteria table; returns the packed words and the sum of the weights.
    function packCriteria(Question[] memory criteria)
        public
        pure
        returns (uint256[2] memory packed, uint256 totalWeight)
    {
        uint256 count = criteria.length;
        if (count == 0 || count > MAX_QUESTIONS) revert CourtLogicInvalidCriteria(count);
        for (uint256 q; q < count; ++q) {
            Question memory entry = criteria[q];
            uint256 options = entry.optionCount;
            uint256 mask = entry.compliantMask;
            if (options < 2 || options > MAX_OPTIONS || mask == 0 || mask >= (1 << options) - 1 || entry.weight == 0)
            {
                revert CourtLogicInvalidCriteria(q);
            }
            packed[q >> 3] |= (options | (mask << 4) | (uint256(entry.weight) << 12)) << ((q & 7) * 32);
            totalWeight += entry.weight;
        }
    }

    /// @notice Validates one answer per question and packs them (4 bits each).
    function packAnswers(uint256[2] storage criteria, uint256 questionCount, uint8[] calldata answers)
        public
        view
        returns (uint64 packed)
    {
        if (answers.length != questionCount) revert CourtLogicAnswerCount(answers.length, questionCount);
        for (uint256 q; q < questionCount; ++q) {
            (uint256 options,,) = question(criteria, q);
            if (answers[q] >= options) revert CourtLogicInvalidAnswer(q, answers[q]);
            packed |= uint64(uint256(answers[q]) << (4 * q));
        }
    }

    /// @notice Marks the tally words a round will use (4 questions per word).
    function initTally(uint256[4] storage counts, uint256 questionCount) public {
        for (uint256 word; word * 4 < questionCount; ++word) {
            counts[word] = TALLY_MARKER;
        }
    }

    /// @notice Adds `weight` votes to each answered option.
    function tally(uint256[4] storage counts, uint8[] calldata answers, uint256 weight) public {
        uint256 count = answers.length;
        for (uint256 word; word * 4 < count; ++word) {
            uint256 value = counts[word];
            uint256 end = word * 4 + 4 < count ? word * 4 + 4 : count;
            for (uint256 q = word * 4; q < end; ++q) {
                value += weight << ((q & 3) * 64 + uint256(answers[q]) * 7);
            }
            counts[word] = value;
        }
    }

    /// @notice The ruling of a round: per question the consensus is every option with the most votes, and it
    ///         counts for the influencer by the share of those options that are compliant; the questions are
    ///         weighted. When nobody revealed, the share is 5,000 and the consensus is every option.
    function rule(
        uint256[4] storage counts,
        uint256[2] storage criteria,
        uint256 questionCount,
        uint256 totalWeight,
        bool anyRevealed
    ) public view returns (uint16 shareBps, uint128 consensus) {
        if (!anyRevealed) return (uint16(BPS / 2), type(uint128).max);
        uint256 weighted;
        for (uint256 q; q < questionCount; ++q) {
            (uint256 options, uint256 compliant, uint256 weight) = question(criteria, q);
            uint256 votes = counts[q >> 2] >> ((q & 3) * 64);
            uint256 best;
            uint256 mask;
            for (uint256 o; o < options; ++o) {
                uint256 c = (votes >> (o * 7)) & 0x7f;
                if (c > best) {
                    best = c;
                    mask = 1 << o;
                } else if (c == best) {
                    mask |= 1 << o;
                }
            }
            consensus |= uint128(mask << (q * 8));
            weighted += weight * BPS * popcount(mask & compliant) / popcount(mask);
        }
        shareBps = uint16(weighted / totalWeight);
    }

    /// @notice The weighted share (basis points) of questions answered with a consensus option.
    function coherence(
        uint256[2] storage criteria,
        uint256 questionCount,
        uint256 totalWeight,
        uint256 answers,
        uint128 consensus
    ) public view returns (uint256) {
        uint256 matched;
        for (uint256 q; q < questionCount; ++q) {
            (,, uint256 weight) = question(criteria, q);
            uint256 answer = (answers >> (4 * q)) & 0xf;
            if ((uint256(consensus) >> (q * 8 + answer)) & 1 == 1) matched += weight;
        }
        return matched * BPS / totalWeight;
    }

    /// @notice Question `q` of a packed criteria table.
    function question(uint256[2] storage criteria, uint256 q)
        internal
        view
        returns (uint256 options, uint256 compliantMask, uint256 weight)
    {
        uint256 entry = criteria[q >> 3] >> ((q & 7) * 32);
        return (entry & 0xf, (entry >> 4) & 0xff, (entry >> 12) & 0xffff);
    }

    function popcount(uint256 x) internal pure returns (uint256 n) {
        for (; x != 0; x &= x - 1) ++n;
    }
}
