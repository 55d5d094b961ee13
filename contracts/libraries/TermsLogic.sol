// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IDealEscrow} from "../interfaces/IDealEscrow.sol";
import {Question, Topics} from "../types/DealTypes.sol";

/// @title TermsLogic
/// @notice The escrow's rules for an offer's terms that need no storage: periods, dates, language, topic, the
///         acceptance-criteria table's shape and the optional exclusivity, holdback and rights terms. Deployed once
///         and linked, so that these checks live outside the escrow's code (which stays under the size limit). The
///         errors are the escrow's ({IDealEscrow}).
/// @dev Called by the escrow with DELEGATECALL; it reads only its arguments and the block's time.
library TermsLogic {
    /// @notice Most questions in an acceptance-criteria table.
    uint256 internal constant MAX_QUESTIONS = 16;
    /// @notice Most options per question.
    uint256 internal constant MAX_OPTIONS = 8;
    /// @notice Most revision requests per milestone.
    uint256 internal constant MAX_REVISIONS = 10;
    /// @notice Shortest and longest review, revision and fee periods.
    uint256 internal constant MIN_PERIOD = 1 days;
    uint256 internal constant MAX_PERIOD = 60 days;
    /// @notice How far ahead accept-by and deliver-by dates may be.
    uint256 internal constant MAX_HORIZON = 730 days;
    /// @notice Longest exclusivity window (about five years).
    uint256 internal constant MAX_EXCLUSIVITY = 1_826 days;
    /// @notice Highest share of the influencer's payouts that a deal may hold back.
    uint16 internal constant MAX_HOLDBACK_BPS = 5_000;

    /// @notice The terms an offer's storage-free checks read (`DealTerms` without the parties, token, hashes and
    ///      milestones), so that the library's ABI has only ABI types.
    struct Offer {
        uint8 maxRevisions;
        bytes2 language;
        uint8 topic;
        uint40 acceptBy;
        uint32 reviewPeriod;
        uint32 revisionPeriod;
        uint32 feeTimeout;
        uint8 exclusiveTopic;
        uint40 exclusiveFrom;
        uint40 exclusiveUntil;
        uint16 holdbackBps;
        bytes32 breachCriteriaHash;
        uint128 rightsPrice;
        bytes32 rightsHash;
    }

    /// @notice Checks every storage-free rule of an offer's terms and its criteria table (whose hash the escrow
    ///         checked), except the milestones, which the escrow checks while recording them.
    function validate(Offer memory terms, Question[] calldata criteria) external view {
        if (terms.maxRevisions > MAX_REVISIONS) {
            revert IDealEscrow.TermsTooManyRevisions(terms.maxRevisions, MAX_REVISIONS);
        }
        _checkLanguage(terms.language);
        if (terms.topic >= Topics.COUNT) revert IDealEscrow.TermsTopicUnknown(terms.topic, Topics.COUNT);
        if (_outOfPeriodRange(terms.reviewPeriod)) {
            revert IDealEscrow.TermsReviewPeriodOutOfRange(terms.reviewPeriod, MIN_PERIOD, MAX_PERIOD);
        }
        if (_outOfPeriodRange(terms.revisionPeriod)) {
            revert IDealEscrow.TermsRevisionPeriodOutOfRange(terms.revisionPeriod, MIN_PERIOD, MAX_PERIOD);
        }
        if (_outOfPeriodRange(terms.feeTimeout)) {
            revert IDealEscrow.TermsFeeTimeoutOutOfRange(terms.feeTimeout, MIN_PERIOD, MAX_PERIOD);
        }
        uint256 horizon = block.timestamp + MAX_HORIZON;
        uint256 acceptBy = terms.acceptBy;
        if (acceptBy <= block.timestamp || acceptBy > horizon) {
            revert IDealEscrow.TermsAcceptByInvalid(acceptBy, block.timestamp + 1, horizon);
        }
        _checkCriteriaShape(criteria);
        _validateExtras(terms);
    }

    /// @dev Checks the optional exclusivity, holdback and rights terms.
    function _validateExtras(Offer memory terms) private view {
        uint256 until = terms.exclusiveUntil;
        uint16 holdbackBps = terms.holdbackBps;
        if (until == 0) {
            if (terms.exclusiveTopic != 0 || terms.exclusiveFrom != 0 || holdbackBps != 0) {
                revert IDealEscrow.TermsExclusivityIncomplete(terms.exclusiveTopic, terms.exclusiveFrom, holdbackBps);
            }
        } else {
            uint256 latest = block.timestamp + MAX_EXCLUSIVITY;
            if (terms.exclusiveFrom >= until || until <= block.timestamp || until > latest) {
                revert IDealEscrow.TermsExclusivityWindowInvalid(
                    terms.exclusiveFrom, until, block.timestamp + 1, latest
                );
            }
            if (terms.exclusiveTopic >= Topics.COUNT) {
                revert IDealEscrow.TermsTopicUnknown(terms.exclusiveTopic, Topics.COUNT);
            }
            if (holdbackBps > MAX_HOLDBACK_BPS) {
                revert IDealEscrow.TermsHoldbackTooHigh(holdbackBps, MAX_HOLDBACK_BPS);
            }
        }
        if ((holdbackBps == 0) != (terms.breachCriteriaHash == 0)) {
            revert IDealEscrow.TermsBreachCriteriaInvalid(holdbackBps, terms.breachCriteriaHash);
        }
        if (terms.rightsPrice != 0 && terms.rightsHash == 0) {
            revert IDealEscrow.TermsRightsHashMissing(terms.rightsPrice);
        }
    }

    function _checkLanguage(bytes2 language) private pure {
        bytes1 a = language[0];
        bytes1 b = language[1];
        if (a < 0x61 || a > 0x7a || b < 0x61 || b > 0x7a) revert IDealEscrow.TermsLanguageInvalid(language);
    }

    function _outOfPeriodRange(uint256 period) private pure returns (bool) {
        return period < MIN_PERIOD || period > MAX_PERIOD;
    }

    /// @dev Checks the shape rules of a criteria table.
    function _checkCriteriaShape(Question[] calldata criteria) private pure {
        uint256 count = criteria.length;
        if (count == 0 || count > MAX_QUESTIONS) revert IDealEscrow.CriteriaQuestionCount(count, MAX_QUESTIONS);
        for (uint256 i; i < count; ++i) {
            Question calldata q = criteria[i];
            if (q.optionCount < 2 || q.optionCount > MAX_OPTIONS) {
                revert IDealEscrow.CriteriaOptionCount(i, q.optionCount, MAX_OPTIONS);
            }
            uint256 allOptions = (uint256(1) << q.optionCount) - 1;
            if (q.compliantMask == 0 || q.compliantMask >= allOptions) {
                revert IDealEscrow.CriteriaCompliantMaskInvalid(i, q.compliantMask, q.optionCount);
            }
            if (q.weight == 0) revert IDealEscrow.CriteriaZeroWeight(i);
        }
    }
}
