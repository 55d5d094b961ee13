// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

import {IDealEscrow} from "../../contracts/interfaces/IDealEscrow.sol";
import {
    Arbitration,
    DealKey,
    DealState,
    DealStatus,
    DealTerms,
    MilestoneState,
    MilestoneStatus,
    MilestoneTerms,
    Party,
    Question
} from "../../contracts/types/DealTypes.sol";
import {EscrowTestBase} from "./utils/EscrowTestBase.sol";

/// @notice One or more fuzz tests for every external state-changing function of {DealEscrow}. Inputs are shaped
///         with `bound` (never `vm.assume`), so every run exercises the property.
contract DealEscrowFuzzTest is EscrowTestBase {
    uint256 internal constant _MAX_AMOUNT = type(uint88).max;
    uint256 internal constant _MAX_FEE_BPS = 1_000;
    uint256 internal constant _RULING_OPTIONS = 10_001;
    uint256 internal constant _AMOUNT_FOR_FEES = 1_000e6;
    bytes32 internal constant _PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    /* ------------------------------------------------------------------ */
    /*                               HELPERS                              */
    /* ------------------------------------------------------------------ */

    /// @dev `caller`, or STRANGER when the fuzzer picked one of the two parties.
    function _outsider(address caller, address a, address b) internal view returns (address) {
        return caller == a || caller == b ? STRANGER : caller;
    }

    /// @dev The owner half of the time (the fuzzer cannot guess it), otherwise any other address.
    function _caller(address caller, bool asOwner) internal view returns (address) {
        if (asOwner) return OWNER;
        return caller == OWNER ? STRANGER : caller;
    }

    /// @dev `to`, or PAYEE when it is an address the escrow refuses as a recipient.
    function _recipient(address to) internal view returns (address) {
        return to == address(0) || to == address(_escrow) ? PAYEE : to;
    }

    function _setFee(uint256 feeBps) internal returns (uint16 fee) {
        fee = uint16(bound(feeBps, 0, _MAX_FEE_BPS));
        vm.prank(OWNER);
        _escrow.setProtocolFee(fee);
    }

    /// @dev Creates and accepts a one-milestone deal of `amount` at protocol fee `feeBps`; the brand is minted the
    ///      amount first, so amounts up to the escrow's cap work.
    function _activeDeal(uint256 amount, uint16 feeBps) internal returns (DealTerms memory t, bytes32 id) {
        vm.prank(OWNER);
        _escrow.setProtocolFee(feeBps);
        _usdc.mint(BRAND, amount);
        t = _terms1(amount);
        id = _createAccepted(t);
    }

    /// @dev The credits of a deal must equal the expected split of its only milestone (plus `brandExtra` and
    ///      `influencerExtra`, e.g. refunded deposits), and the three parts must add up to the amount.
    function _assertSplit(
        bytes32 id,
        uint256 amount,
        uint256 shareBps,
        uint256 feeBps,
        uint256 feesBefore,
        uint256 brandExtra,
        uint256 influencerExtra
    ) internal view {
        (uint256 toInfluencer, uint256 toBrand, uint256 fee) = _split(amount, shareBps, feeBps);
        assertEq(toInfluencer + toBrand + fee, amount, "split adds up");
        assertEq(fee, (amount * shareBps / BPS) * feeBps / BPS, "fee formula");
        _assertCredits(id, toBrand + brandExtra, toInfluencer + influencerExtra);
        assertEq(_escrow.protocolFees(_token) - feesBefore, fee, "protocol fee accrued");
    }

    function _permitDigest(address owner, uint256 value, uint256 deadline) internal view returns (bytes32) {
        bytes32 structHash =
            keccak256(abi.encode(_PERMIT_TYPEHASH, owner, address(_escrow), value, _usdc.nonces(owner), deadline));
        return keccak256(abi.encodePacked("\x19\x01", _usdc.DOMAIN_SEPARATOR(), structHash));
    }

    /* ------------------------------------------------------------------ */
    /*                             createDeal                             */
    /* ------------------------------------------------------------------ */

    function testFuzz_createDeal_escrowsExactTotal(uint256 count, uint256 seed) public {
        count = bound(count, 1, 16);
        uint256[] memory amounts = new uint256[](count);
        uint256 total;
        for (uint256 i; i < count; ++i) {
            amounts[i] = bound(uint256(keccak256(abi.encode(seed, i))), 1, _MAX_AMOUNT / 16);
            total += amounts[i];
        }
        _usdc.mint(BRAND, total);
        DealTerms memory t = _terms(amounts);
        uint256 brandBefore = _usdc.balanceOf(BRAND);

        bytes32 id = _create(t);

        assertEq(_usdc.balanceOf(address(_escrow)), total, "escrowed");
        assertEq(brandBefore - _usdc.balanceOf(BRAND), total, "pulled");
        DealState memory d = _deal(id);
        assertEq(uint256(d.status), uint256(DealStatus.Offered));
        assertEq(d.openMilestones, count);
        for (uint256 i; i < count; ++i) {
            MilestoneState memory m = _milestone(id, i);
            assertEq(uint256(m.status), uint256(MilestoneStatus.AwaitingDelivery));
            assertEq(m.deadline, t.milestones[i].deliverBy);
        }
    }

    function testFuzz_createDeal_revertWhenTotalTooLarge(uint256 a, uint256 b) public {
        a = bound(a, _MAX_AMOUNT / 2 + 1, type(uint128).max);
        b = bound(b, _MAX_AMOUNT / 2 + 1, type(uint128).max);
        DealTerms memory t = _terms(_amounts2(a, b));
        vm.prank(BRAND);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.TermsTotalTooLarge.selector, a + b, _MAX_AMOUNT));
        _escrow.createDeal(t, _criteria());
    }

    function testFuzz_createDeal_revertWhenAcceptByInvalid(uint256 acceptBy, bool tooLate) public {
        uint256 horizon = block.timestamp + 730 days;
        acceptBy = tooLate ? bound(acceptBy, horizon + 1, type(uint40).max) : bound(acceptBy, 0, block.timestamp);
        DealTerms memory t = _terms1(1e6);
        t.acceptBy = uint40(acceptBy);
        vm.prank(BRAND);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDealEscrow.TermsAcceptByInvalid.selector, acceptBy, block.timestamp + 1, horizon
            )
        );
        _escrow.createDeal(t, _criteria());
    }

    function testFuzz_createDeal_revertWhenFeeDiffersFromCurrent(uint256 feeBps) public {
        uint16 fee = uint16(bound(feeBps, 0, type(uint16).max - 1));
        if (fee >= FEE_BPS) ++fee; // every value but the current fee
        DealTerms memory t = _terms1(1e6);
        t.protocolFeeBps = fee;
        vm.prank(BRAND);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.TermsFeeMismatch.selector, fee, FEE_BPS));
        _escrow.createDeal(t, _criteria());
    }

    function testFuzz_createDeal_revertWhenReviewPeriodOutOfRange(uint256 period, bool tooLong) public {
        period = tooLong ? bound(period, 60 days + 1, type(uint32).max) : bound(period, 0, 1 days - 1);
        DealTerms memory t = _terms1(1e6);
        t.reviewPeriod = uint32(period);
        vm.prank(BRAND);
        vm.expectRevert(
            abi.encodeWithSelector(IDealEscrow.TermsReviewPeriodOutOfRange.selector, period, 1 days, 60 days)
        );
        _escrow.createDeal(t, _criteria());
    }

    /// @notice Each rule of the offer, broken alone, is refused with its own error and arguments.
    function testFuzz_createDeal_revertWhenAnyTermInvalid(uint256 rule, uint256 value) public {
        rule = bound(rule, 0, 12);
        (DealTerms memory t, Question[] memory criteria, bytes memory expected) =
            rule < 7 ? _brokenTerms(rule, value) : _brokenTable(rule, value);
        t.criteriaHash = keccak256(abi.encode(criteria));
        vm.prank(BRAND);
        vm.expectRevert(expected);
        _escrow.createDeal(t, criteria);
    }

    /// @dev Valid default terms with rule `rule` (0 .. 6) of the terms broken.
    function _brokenTerms(uint256 rule, uint256 value)
        internal
        returns (DealTerms memory t, Question[] memory criteria, bytes memory expected)
    {
        t = _terms1(1e6);
        criteria = _criteria();
        if (rule == 0) {
            // No milestone, or more than 16.
            uint256 count = value % 2 == 0 ? 0 : bound(value, 17, 40);
            t.milestones = new MilestoneTerms[](count);
            expected = abi.encodeWithSelector(IDealEscrow.TermsMilestoneCount.selector, count, 16);
        } else if (rule == 1) {
            // A zero amount among valid milestones.
            uint256 count = bound(value, 1, 16);
            uint256 index = (value >> 8) % count;
            uint256[] memory amounts = new uint256[](count);
            for (uint256 i; i < count; ++i) {
                amounts[i] = i == index ? 0 : 1e6;
            }
            _usdc.mint(BRAND, count * 1e6);
            t = _terms(amounts);
            expected = abi.encodeWithSelector(IDealEscrow.TermsZeroAmount.selector, index);
        } else if (rule == 2) {
            address[3] memory invalid = [address(0), address(_escrow), BRAND];
            t.influencer = invalid[value % 3];
            expected = abi.encodeWithSelector(IDealEscrow.TermsInvalidInfluencer.selector, t.influencer);
        } else if (rule == 3) {
            address token = address(uint160(bound(value, 1, type(uint160).max)));
            t.token = IERC20(token == address(_token) ? address(1) : token);
            expected = abi.encodeWithSelector(IDealEscrow.EscrowTokenNotAllowed.selector, t.token);
        } else if (rule == 4) {
            t.maxRevisions = uint8(bound(value, 11, type(uint8).max));
            expected = abi.encodeWithSelector(IDealEscrow.TermsTooManyRevisions.selector, t.maxRevisions, 10);
        } else if (rule == 5) {
            t.topic = uint8(bound(value, 16, type(uint8).max));
            expected = abi.encodeWithSelector(IDealEscrow.TermsTopicUnknown.selector, t.topic, 16);
        } else {
            // The first letter outside a-z.
            uint256 first = value % 2 == 0 ? bound(value >> 8, 0, 0x60) : bound(value >> 8, 0x7b, 0xff);
            t.language = bytes2(uint16((first << 8) | 0x72));
            expected = abi.encodeWithSelector(IDealEscrow.TermsLanguageInvalid.selector, t.language);
        }
    }

    /// @dev Valid default terms with rule `rule` (7 .. 12) broken: a period, or the shape of the criteria table.
    function _brokenTable(uint256 rule, uint256 value)
        internal
        returns (DealTerms memory t, Question[] memory criteria, bytes memory expected)
    {
        t = _terms1(1e6);
        criteria = _criteria();
        if (rule == 7) {
            t.reviewPeriod = uint32(_periodOutOfRange(value));
            expected = abi.encodeWithSelector(
                IDealEscrow.TermsReviewPeriodOutOfRange.selector, t.reviewPeriod, 1 days, 60 days
            );
        } else if (rule == 8) {
            t.revisionPeriod = uint32(_periodOutOfRange(value));
            expected = abi.encodeWithSelector(
                IDealEscrow.TermsRevisionPeriodOutOfRange.selector, t.revisionPeriod, 1 days, 60 days
            );
        } else if (rule == 9) {
            t.feeTimeout = uint32(_periodOutOfRange(value));
            expected =
                abi.encodeWithSelector(IDealEscrow.TermsFeeTimeoutOutOfRange.selector, t.feeTimeout, 1 days, 60 days);
        } else if (rule == 10) {
            // An empty table, or more than 16 questions.
            uint256 count = value % 2 == 0 ? 0 : bound(value, 17, 24);
            criteria = new Question[](count);
            for (uint256 i; i < count; ++i) {
                criteria[i] = Question({optionCount: 2, compliantMask: 1, weight: 1});
            }
            expected = abi.encodeWithSelector(IDealEscrow.CriteriaQuestionCount.selector, count, 16);
        } else if (rule == 11) {
            uint256 index = value % criteria.length;
            uint256 options = value % 2 == 0 ? bound(value >> 8, 0, 1) : bound(value >> 8, 9, type(uint8).max);
            criteria[index].optionCount = uint8(options);
            expected = abi.encodeWithSelector(IDealEscrow.CriteriaOptionCount.selector, index, options, 8);
        } else {
            uint256 index = value % criteria.length;
            criteria[index].weight = 0;
            expected = abi.encodeWithSelector(IDealEscrow.CriteriaZeroWeight.selector, index);
        }
    }

    function _periodOutOfRange(uint256 value) internal pure returns (uint256) {
        return value % 2 == 0 ? bound(value >> 8, 0, 1 days - 1) : bound(value >> 8, 60 days + 1, type(uint32).max);
    }

    function testFuzz_createDeal_revertWhenCallerNotBrand(address caller) public {
        caller = _outsider(caller, BRAND, BRAND);
        DealTerms memory t = _terms1(1e6);
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.TermsBrandNotCaller.selector, BRAND, caller));
        _escrow.createDeal(t, _criteria());
    }

    /* ------------------------------------------------------------------ */
    /*                        createDealWithPermit                        */
    /* ------------------------------------------------------------------ */

    function testFuzz_createDealWithPermit_pullsExactTotalWithSignedPermit(
        uint256 pk,
        uint256 amount,
        uint256 permitDeadline
    ) public {
        pk = boundPrivateKey(pk);
        address brand = vm.addr(pk);
        amount = bound(amount, 1, _MAX_AMOUNT);
        permitDeadline = bound(permitDeadline, block.timestamp, type(uint256).max);
        _usdc.mint(brand, amount);
        DealTerms memory t = _termsFor(brand, INFLUENCER, _amounts1(amount));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(pk, _permitDigest(brand, amount, permitDeadline));

        vm.prank(brand);
        bytes32 id = _escrow.createDealWithPermit(t, _criteria(), permitDeadline, v, r, s);

        assertEq(_usdc.balanceOf(brand), 0, "brand paid the total");
        assertEq(_usdc.balanceOf(address(_escrow)), amount, "escrow holds the total");
        assertEq(_usdc.allowance(brand, address(_escrow)), 0, "permit allowance consumed");
        assertEq(_usdc.nonces(brand), 1, "permit used");
        assertEq(uint256(_deal(id).status), uint256(DealStatus.Offered));
    }

    function testFuzz_createDealWithPermit_succeedsWhenPermitFrontRun(uint256 pk, uint256 amount) public {
        pk = boundPrivateKey(pk);
        address brand = vm.addr(pk);
        amount = bound(amount, 1, _MAX_AMOUNT);
        _usdc.mint(brand, amount);
        DealTerms memory t = _termsFor(brand, INFLUENCER, _amounts1(amount));
        uint256 permitDeadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(pk, _permitDigest(brand, amount, permitDeadline));
        // Someone copies the permit from the mempool and submits it first.
        vm.prank(STRANGER);
        _usdc.permit(brand, address(_escrow), amount, permitDeadline, v, r, s);

        vm.prank(brand);
        _escrow.createDealWithPermit(t, _criteria(), permitDeadline, v, r, s);
        assertEq(_usdc.balanceOf(address(_escrow)), amount);
    }

    function testFuzz_createDealWithPermit_revertWhenPermitInvalidAndAllowanceShort(
        uint256 pk,
        uint256 amount,
        uint256 allowance
    ) public {
        pk = boundPrivateKey(pk);
        address brand = vm.addr(pk);
        amount = bound(amount, 1, _MAX_AMOUNT);
        allowance = bound(allowance, 0, amount - 1);
        _usdc.mint(brand, amount);
        vm.prank(brand);
        _usdc.approve(address(_escrow), allowance);
        DealTerms memory t = _termsFor(brand, INFLUENCER, _amounts1(amount));
        // Signed by someone else: the permit fails and the allowance does not cover the total.
        uint256 otherPk = pk == 1 ? 2 : pk - 1;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(otherPk, _permitDigest(brand, amount, block.timestamp));

        vm.prank(brand);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.EscrowPermitFailed.selector, allowance, amount));
        _escrow.createDealWithPermit(t, _criteria(), block.timestamp, v, r, s);
    }

    /* ------------------------------------------------------------------ */
    /*                        acceptDeal / declineDeal                    */
    /* ------------------------------------------------------------------ */

    function testFuzz_acceptDeal_respectsAcceptBy(uint256 elapsed) public {
        DealTerms memory t = _terms1(1e6);
        bytes32 id = _create(t);
        vm.warp(block.timestamp + bound(elapsed, 0, 2 * ACCEPT_WINDOW));
        if (block.timestamp > t.acceptBy) {
            vm.expectRevert(abi.encodeWithSelector(IDealEscrow.DeadlinePassed.selector, t.acceptBy, block.timestamp));
        }
        _accept(t);
        if (block.timestamp <= t.acceptBy) assertEq(uint256(_deal(id).status), uint256(DealStatus.Active));
    }

    function testFuzz_acceptDeal_revertWhenCallerNotInfluencer(address caller) public {
        caller = _outsider(caller, INFLUENCER, INFLUENCER);
        DealTerms memory t = _terms1(1e6);
        _create(t);
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.EscrowUnauthorized.selector, caller, Party.Influencer));
        _escrow.acceptDeal(t);
    }

    function testFuzz_declineDeal_creditsBrandTheTotal(uint256 a, uint256 b, uint256 elapsed) public {
        a = bound(a, 1, _MAX_AMOUNT / 2);
        b = bound(b, 1, _MAX_AMOUNT / 2);
        _usdc.mint(BRAND, a + b);
        DealTerms memory t = _terms(_amounts2(a, b));
        bytes32 id = _create(t);
        // The influencer may decline at any time while the offer stands, even after acceptBy.
        vm.warp(block.timestamp + bound(elapsed, 0, 30 days));

        vm.expectEmit(address(_escrow));
        emit IDealEscrow.DealDeclined(id, INFLUENCER, a + b);
        vm.prank(INFLUENCER);
        _escrow.declineDeal(t);

        _assertCredits(id, a + b, 0);
        DealState memory d = _deal(id);
        assertEq(uint256(d.status), uint256(DealStatus.Declined));
        assertEq(d.openMilestones, 0);
        assertEq(uint256(_status(id, 0)), uint256(MilestoneStatus.None));
        assertEq(uint256(_status(id, 1)), uint256(MilestoneStatus.None));
    }

    function testFuzz_declineDeal_revertWhenCallerNotInfluencer(address caller) public {
        caller = _outsider(caller, INFLUENCER, INFLUENCER);
        DealTerms memory t = _terms1(1e6);
        _create(t);
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.EscrowUnauthorized.selector, caller, Party.Influencer));
        _escrow.declineDeal(t);
    }

    /* ------------------------------------------------------------------ */
    /*                             reclaimOffer                           */
    /* ------------------------------------------------------------------ */

    function testFuzz_reclaimOffer_onlyAfterAcceptBy(uint256 elapsed, address caller, uint256 amount) public {
        amount = bound(amount, 1, _MAX_AMOUNT);
        _usdc.mint(BRAND, amount);
        DealTerms memory t = _terms1(amount);
        bytes32 id = _create(t);
        vm.warp(block.timestamp + bound(elapsed, 0, 2 * ACCEPT_WINDOW));
        bool late = block.timestamp > t.acceptBy;
        if (!late) {
            vm.expectRevert(
                abi.encodeWithSelector(IDealEscrow.DeadlineNotReached.selector, t.acceptBy, block.timestamp)
            );
        }
        vm.prank(caller);
        _escrow.reclaimOffer(t);
        if (late) {
            _assertCredits(id, amount, 0);
            assertEq(uint256(_deal(id).status), uint256(DealStatus.Expired));
        }
    }

    /* ------------------------------------------------------------------ */
    /*                           submitDeliverable                        */
    /* ------------------------------------------------------------------ */

    function testFuzz_submitDeliverable_respectsDeliverBy(uint256 elapsed) public {
        DealTerms memory t = _terms1(1e6);
        bytes32 id = _createAccepted(t);
        uint256 deliverBy = t.milestones[0].deliverBy;
        vm.warp(bound(elapsed, block.timestamp, deliverBy + 10 days));
        bool late = block.timestamp > deliverBy;
        if (late) {
            vm.expectRevert(abi.encodeWithSelector(IDealEscrow.DeadlinePassed.selector, deliverBy, block.timestamp));
        }
        _submit(t, 0);
        if (!late) {
            MilestoneState memory m = _milestone(id, 0);
            assertEq(uint256(m.status), uint256(MilestoneStatus.InReview));
            assertEq(m.deadline, block.timestamp + PERIOD);
        }
    }

    function testFuzz_submitDeliverable_revertWhenCallerNotInfluencer(address caller) public {
        caller = _outsider(caller, INFLUENCER, INFLUENCER);
        DealTerms memory t = _terms1(1e6);
        _createAccepted(t);
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.EscrowUnauthorized.selector, caller, Party.Influencer));
        _escrow.submitDeliverable(t, 0, bytes32(0), "");
    }

    /* ------------------------------------------------------------------ */
    /*                           approveMilestone                         */
    /* ------------------------------------------------------------------ */

    function testFuzz_approveMilestone_creditsExactSplit(uint256 amount, uint256 feeBps, bool submitted) public {
        amount = bound(amount, 1, _MAX_AMOUNT);
        uint16 fee = uint16(bound(feeBps, 0, _MAX_FEE_BPS));
        (DealTerms memory t, bytes32 id) = _activeDeal(amount, fee);
        if (submitted) _submit(t, 0); // the brand may also pay early, before delivery
        vm.prank(BRAND);
        _escrow.approveMilestone(t, 0);
        _assertSplit(id, amount, BPS, fee, 0, 0, 0);
        assertEq(uint256(_status(id, 0)), uint256(MilestoneStatus.Released));
        assertEq(uint256(_deal(id).status), uint256(DealStatus.Closed));
    }

    function testFuzz_approveMilestone_revertWhenCallerNotBrand(address caller) public {
        caller = _outsider(caller, BRAND, BRAND);
        DealTerms memory t = _terms1(1e6);
        _createSubmitted(t, 0);
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.EscrowUnauthorized.selector, caller, Party.Brand));
        _escrow.approveMilestone(t, 0);
    }

    /* ------------------------------------------------------------------ */
    /*                            requestRevision                         */
    /* ------------------------------------------------------------------ */

    function testFuzz_requestRevision_respectsReviewDeadlineAndSetsResubmitBy(
        uint256 submitAt,
        uint256 requestDelay,
        uint256 revisionPeriod
    ) public {
        DealTerms memory t = _terms1(1e6);
        t.revisionPeriod = uint32(bound(revisionPeriod, 1 days, 60 days));
        bytes32 id = _createAccepted(t);
        uint256 deliverBy = t.milestones[0].deliverBy;
        vm.warp(bound(submitAt, block.timestamp, deliverBy));
        _submit(t, 0);
        uint256 reviewDeadline = block.timestamp + PERIOD;
        vm.warp(block.timestamp + bound(requestDelay, 0, 2 * PERIOD));

        if (block.timestamp > reviewDeadline) {
            vm.expectRevert(
                abi.encodeWithSelector(IDealEscrow.DeadlinePassed.selector, reviewDeadline, block.timestamp)
            );
            _requestRevision(t, 0);
        } else {
            _requestRevision(t, 0);
            uint256 resubmitBy = block.timestamp + t.revisionPeriod;
            if (deliverBy > resubmitBy) resubmitBy = deliverBy;
            MilestoneState memory m = _milestone(id, 0);
            assertEq(uint256(m.status), uint256(MilestoneStatus.AwaitingDelivery));
            assertEq(m.deadline, resubmitBy, "resubmit deadline");
            assertEq(m.revisions, 1);
        }
    }

    function testFuzz_requestRevision_revertWhenLimitReached(uint256 maxRevisions) public {
        DealTerms memory t = _terms1(1e6);
        t.maxRevisions = uint8(bound(maxRevisions, 0, 10));
        bytes32 id = _createSubmitted(t, 0);
        for (uint256 i; i < t.maxRevisions; ++i) {
            _requestRevision(t, 0);
            _submit(t, 0);
        }
        vm.prank(BRAND);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.RevisionLimitReached.selector, id, 0, t.maxRevisions));
        _escrow.requestRevision(t, 0, bytes32(0));
    }

    /* ------------------------------------------------------------------ */
    /*                          releaseAfterReview                        */
    /* ------------------------------------------------------------------ */

    function testFuzz_releaseAfterReview_onlyAfterReviewDeadline(uint256 elapsed, address caller, uint256 amount)
        public
    {
        amount = bound(amount, 1, _MAX_AMOUNT);
        (DealTerms memory t, bytes32 id) = _activeDeal(amount, FEE_BPS);
        _submit(t, 0);
        uint256 reviewDeadline = _milestone(id, 0).deadline;
        vm.warp(block.timestamp + bound(elapsed, 0, 2 * PERIOD));
        bool late = block.timestamp > reviewDeadline;
        if (!late) {
            vm.expectRevert(
                abi.encodeWithSelector(IDealEscrow.DeadlineNotReached.selector, reviewDeadline, block.timestamp)
            );
        }
        vm.prank(caller);
        _escrow.releaseAfterReview(t, 0);
        if (late) _assertSplit(id, amount, BPS, FEE_BPS, 0, 0, 0);
    }

    /* ------------------------------------------------------------------ */
    /*                    reclaimMilestone / refundMilestone              */
    /* ------------------------------------------------------------------ */

    function testFuzz_reclaimMilestone_onlyAfterDeliverBy(uint256 elapsed, address caller, uint256 amount) public {
        amount = bound(amount, 1, _MAX_AMOUNT);
        (DealTerms memory t, bytes32 id) = _activeDeal(amount, FEE_BPS);
        uint256 deliverBy = t.milestones[0].deliverBy;
        vm.warp(bound(elapsed, block.timestamp, deliverBy + 10 days));
        bool late = block.timestamp > deliverBy;
        if (!late) {
            vm.expectRevert(
                abi.encodeWithSelector(IDealEscrow.DeadlineNotReached.selector, deliverBy, block.timestamp)
            );
        }
        vm.prank(caller);
        _escrow.reclaimMilestone(t, 0);
        if (late) {
            _assertSplit(id, amount, 0, FEE_BPS, 0, 0, 0);
            assertEq(uint256(_status(id, 0)), uint256(MilestoneStatus.Refunded));
        }
    }

    function testFuzz_refundMilestone_creditsBrandTheAmount(uint256 amount, bool submitted) public {
        amount = bound(amount, 1, _MAX_AMOUNT);
        (DealTerms memory t, bytes32 id) = _activeDeal(amount, FEE_BPS);
        if (submitted) _submit(t, 0);
        vm.prank(INFLUENCER);
        _escrow.refundMilestone(t, 0);
        _assertSplit(id, amount, 0, FEE_BPS, 0, 0, 0);
        assertEq(uint256(_status(id, 0)), uint256(MilestoneStatus.Refunded));
    }

    function testFuzz_refundMilestone_revertWhenCallerNotInfluencer(address caller) public {
        caller = _outsider(caller, INFLUENCER, INFLUENCER);
        DealTerms memory t = _terms1(1e6);
        _createAccepted(t);
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.EscrowUnauthorized.selector, caller, Party.Influencer));
        _escrow.refundMilestone(t, 0);
    }

    /* ------------------------------------------------------------------ */
    /*                  proposeSettlement / acceptSettlement              */
    /* ------------------------------------------------------------------ */

    function testFuzz_proposeSettlement_recordsValidShareOnly(uint256 share, bool byBrand) public {
        share = bound(share, 0, 2 * BPS);
        DealTerms memory t = _terms1(1e6);
        bytes32 id = _createSubmitted(t, 0);
        if (share > BPS) vm.expectRevert(abi.encodeWithSelector(IDealEscrow.SettlementShareInvalid.selector, share));
        vm.prank(byBrand ? BRAND : INFLUENCER);
        _escrow.proposeSettlement(t, 0, uint16(share));
        if (share <= BPS) {
            MilestoneState memory m = _milestone(id, 0);
            assertEq(uint256(m.settlementProposer), uint256(byBrand ? Party.Brand : Party.Influencer));
            assertEq(m.settlementShareBps, share);
        }
    }

    function testFuzz_proposeSettlement_revertWhenCallerNotParty(address caller) public {
        caller = _outsider(caller, BRAND, INFLUENCER);
        DealTerms memory t = _terms1(1e6);
        _createAccepted(t);
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.EscrowUnauthorized.selector, caller, Party.None));
        _escrow.proposeSettlement(t, 0, 5_000);
    }

    function testFuzz_acceptSettlement_creditsExactSplit(uint256 amount, uint256 share, uint256 feeBps, bool byBrand)
        public
    {
        amount = bound(amount, 1, _MAX_AMOUNT);
        share = bound(share, 0, BPS);
        uint16 fee = uint16(bound(feeBps, 0, _MAX_FEE_BPS));
        (DealTerms memory t, bytes32 id) = _activeDeal(amount, fee);
        vm.prank(byBrand ? BRAND : INFLUENCER);
        _escrow.proposeSettlement(t, 0, uint16(share));
        vm.prank(byBrand ? INFLUENCER : BRAND);
        _escrow.acceptSettlement(t, 0, uint16(share));
        _assertSplit(id, amount, share, fee, 0, 0, 0);
        MilestoneState memory m = _milestone(id, 0);
        assertEq(uint256(m.status), uint256(MilestoneStatus.Settled));
        assertEq(uint256(m.settlementProposer), uint256(Party.None));
    }

    function testFuzz_acceptSettlement_revertWhenShareDiffers(uint256 proposed, uint256 accepted) public {
        proposed = bound(proposed, 0, BPS);
        accepted = bound(accepted, 0, BPS - 1);
        if (accepted >= proposed) ++accepted; // any share but the proposed one
        DealTerms memory t = _terms1(1e6);
        _createSubmitted(t, 0);
        vm.prank(INFLUENCER);
        _escrow.proposeSettlement(t, 0, uint16(proposed));
        vm.prank(BRAND);
        vm.expectRevert(
            abi.encodeWithSelector(IDealEscrow.SettlementNotProposed.selector, Party.Influencer, proposed, accepted)
        );
        _escrow.acceptSettlement(t, 0, uint16(accepted));
    }

    /* ------------------------------------------------------------------ */
    /*                          payArbitrationFee                         */
    /* ------------------------------------------------------------------ */

    function testFuzz_payArbitrationFee_pullsCostFromEachSideAndCreatesDispute(uint256 cost, uint256 amount) public {
        cost = bound(cost, 1, _MAX_AMOUNT);
        amount = bound(amount, 1, _MAX_AMOUNT);
        _arbitrator.setCost(_token, cost);
        _usdc.mint(BRAND, cost);
        _usdc.mint(INFLUENCER, cost);
        (DealTerms memory t, bytes32 id) = _activeDeal(amount, FEE_BPS);
        _submit(t, 0);
        uint256 brandBefore = _usdc.balanceOf(BRAND);
        uint256 influencerBefore = _usdc.balanceOf(INFLUENCER);

        _payFee(t, BRAND, 0);
        assertEq(brandBefore - _usdc.balanceOf(BRAND), cost, "brand paid the cost");
        assertEq(uint256(_status(id, 0)), uint256(MilestoneStatus.FeesPending));
        _payFee(t, INFLUENCER, 0);

        assertEq(influencerBefore - _usdc.balanceOf(INFLUENCER), cost, "influencer paid the cost");
        assertEq(_usdc.balanceOf(address(_arbitrator)), cost, "arbitrator got one cost");
        assertEq(_usdc.balanceOf(address(_escrow)), amount + cost, "escrow holds the other");
        assertEq(uint256(_status(id, 0)), uint256(MilestoneStatus.InArbitration));
        Arbitration memory a = _escrow.getArbitration(id, 0);
        assertTrue(a.created);
        assertEq(a.brandFee, cost);
        assertEq(_escrow.getDisputeRef(a.disputeId).amount, amount);
    }

    function testFuzz_payArbitrationFee_respectsFeeDeadline(uint256 elapsed, uint256 feeTimeout) public {
        DealTerms memory t = _terms1(1e6);
        t.feeTimeout = uint32(bound(feeTimeout, 1 days, 60 days));
        bytes32 id = _createSubmitted(t, 0);
        _payFee(t, BRAND, 0);
        uint256 feeDeadline = block.timestamp + t.feeTimeout;
        assertEq(_escrow.getArbitration(id, 0).feeDeadline, feeDeadline);
        vm.warp(block.timestamp + bound(elapsed, 0, 2 * uint256(t.feeTimeout)));
        if (block.timestamp > feeDeadline) {
            vm.expectRevert(abi.encodeWithSelector(IDealEscrow.DeadlinePassed.selector, feeDeadline, block.timestamp));
        }
        _payFee(t, INFLUENCER, 0);
    }

    function testFuzz_payArbitrationFee_revertWhenCostTooHigh(uint256 cost) public {
        cost = bound(cost, _MAX_AMOUNT + 1, type(uint256).max);
        _arbitrator.setCost(_token, cost);
        DealTerms memory t = _terms1(1e6);
        _createSubmitted(t, 0);
        vm.prank(BRAND);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.ArbitrationCostTooHigh.selector, cost));
        _escrow.payArbitrationFee(t, _criteria(), 0);
    }

    function testFuzz_payArbitrationFee_revertWhenCallerNotParty(address caller) public {
        caller = _outsider(caller, BRAND, INFLUENCER);
        DealTerms memory t = _terms1(1e6);
        _createSubmitted(t, 0);
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.EscrowUnauthorized.selector, caller, Party.None));
        _escrow.payArbitrationFee(t, _criteria(), 0);
    }

    function testFuzz_payArbitrationFee_createsDisputeWhenDepositsCoverFallenCost(
        uint256 first,
        uint256 raised,
        uint256 fallen
    ) public {
        first = bound(first, 1, 1e12);
        raised = bound(raised, first + 1, 2e12);
        fallen = bound(fallen, 0, first);
        _usdc.mint(BRAND, first);
        _usdc.mint(INFLUENCER, raised);
        _arbitrator.setCost(_token, first);
        DealTerms memory t = _terms1(1e6);
        bytes32 id = _createSubmitted(t, 0);
        _payFee(t, BRAND, 0);
        _arbitrator.setCost(_token, raised);
        _payFee(t, INFLUENCER, 0); // not enough any more: now the brand is asked to top up
        assertEq(uint256(_escrow.getArbitration(id, 0).waitingFor), uint256(Party.Brand));
        _arbitrator.setCost(_token, fallen);
        uint256 brandBefore = _usdc.balanceOf(BRAND);

        _payFee(t, BRAND, 0); // both deposits cover the fallen cost: the dispute is created, nothing more is paid

        assertEq(_usdc.balanceOf(BRAND), brandBefore, "nothing pulled");
        assertEq(uint256(_status(id, 0)), uint256(MilestoneStatus.InArbitration));
        assertEq(_usdc.balanceOf(address(_arbitrator)), fallen, "arbitrator got the current cost");
        _assertCredits(id, first - fallen, raised - fallen);
        assertEq(_escrow.getArbitration(id, 0).brandFee, fallen);
    }

    /* ------------------------------------------------------------------ */
    /*                         payArbitrationFeeFor                       */
    /* ------------------------------------------------------------------ */

    function testFuzz_payArbitrationFeeFor_anyoneAnswersForAwaitedParty(address payer, uint256 cost, uint256 ruling)
        public
    {
        payer = _recipient(payer);
        if (payer == address(_arbitrator)) payer = STRANGER;
        cost = bound(cost, 1, _MAX_AMOUNT);
        ruling = bound(ruling, 0, _RULING_OPTIONS);
        _arbitrator.setCost(_token, cost);
        _usdc.mint(BRAND, cost);
        DealTerms memory t = _terms1(_AMOUNT_FOR_FEES);
        bytes32 id = _createSubmitted(t, 0);
        _payFee(t, BRAND, 0);
        _usdc.mint(payer, cost);
        vm.prank(payer);
        _usdc.approve(address(_escrow), cost);
        uint256 payerBefore = _usdc.balanceOf(payer);

        vm.prank(payer);
        _escrow.payArbitrationFeeFor(t, _criteria(), 0, Party.Influencer);

        assertEq(payerBefore - _usdc.balanceOf(payer), cost, "payer paid the cost");
        assertEq(uint256(_status(id, 0)), uint256(MilestoneStatus.InArbitration));
        assertEq(_escrow.getArbitration(id, 0).influencerFee, cost);
        // The deposit is the influencer's: its share of the held cost is credited to the influencer.
        _arbitrator.giveRuling(_escrow.getArbitration(id, 0).disputeId, ruling);
        uint256 share = ruling == 0 ? 5_000 : ruling - 1;
        uint256 costToInfluencer = cost * share / BPS;
        _assertSplit(id, _AMOUNT_FOR_FEES, share, FEE_BPS, 0, cost - costToInfluencer, costToInfluencer);
    }

    function testFuzz_payArbitrationFeeFor_revertWhenPartyNotAwaited(address caller, uint256 partySeed, bool inFeePhase)
        public
    {
        caller = _outsider(caller, BRAND, INFLUENCER);
        Party party = Party(bound(partySeed, 0, 2));
        DealTerms memory t = _terms1(1e6);
        bytes32 id = _createSubmitted(t, 0);
        // In the fee phase only the influencer is awaited; under review, nobody is.
        if (inFeePhase) {
            _payFee(t, BRAND, 0);
            if (party == Party.Influencer) party = Party.Brand;
        }
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.ArbitrationNotAvailable.selector, id, 0, party));
        _escrow.payArbitrationFeeFor(t, _criteria(), 0, party);
    }

    /* ------------------------------------------------------------------ */
    /*                          timeOutArbitration                        */
    /* ------------------------------------------------------------------ */

    function testFuzz_timeOutArbitration_givesMilestoneToPayerAfterFeeDeadline(
        uint256 elapsed,
        uint256 amount,
        bool influencerRaised
    ) public {
        amount = bound(amount, 1, _MAX_AMOUNT);
        (DealTerms memory t, bytes32 id) = _activeDeal(amount, FEE_BPS);
        _submit(t, 0);
        if (influencerRaised) {
            // The influencer disputes a revision request; the brand then has to pay.
            _requestRevision(t, 0);
            _payFee(t, INFLUENCER, 0);
        } else {
            _payFee(t, BRAND, 0);
        }
        uint256 feeDeadline = _escrow.getArbitration(id, 0).feeDeadline;
        vm.warp(block.timestamp + bound(elapsed, 0, 2 * PERIOD));
        bool late = block.timestamp > feeDeadline;
        if (!late) {
            vm.expectRevert(
                abi.encodeWithSelector(IDealEscrow.DeadlineNotReached.selector, feeDeadline, block.timestamp)
            );
        }
        vm.prank(STRANGER);
        _escrow.timeOutArbitration(t, 0);
        if (late) {
            if (influencerRaised) _assertSplit(id, amount, BPS, FEE_BPS, 0, 0, ARBITRATION_COST);
            else _assertSplit(id, amount, 0, FEE_BPS, 0, ARBITRATION_COST, 0);
            assertEq(uint256(_status(id, 0)), uint256(MilestoneStatus.Ruled));
        }
    }

    /* ------------------------------------------------------------------ */
    /*                                 rule                               */
    /* ------------------------------------------------------------------ */

    function testFuzz_rule_creditsShareOfRuling(uint256 ruling, uint256 amount, uint256 feeBps, uint256 cost)
        public
    {
        ruling = bound(ruling, 0, _RULING_OPTIONS);
        amount = bound(amount, 1, _MAX_AMOUNT);
        cost = bound(cost, 1, _MAX_AMOUNT);
        uint16 fee = uint16(bound(feeBps, 0, _MAX_FEE_BPS));
        _arbitrator.setCost(_token, cost);
        _usdc.mint(BRAND, cost);
        _usdc.mint(INFLUENCER, cost);
        (DealTerms memory t, bytes32 id) = _activeDeal(amount, fee);
        _submit(t, 0);
        uint256 disputeId = _toArbitration(t, 0);
        // The fee changes for new deals; the running deal keeps its own.
        vm.prank(OWNER);
        _escrow.setProtocolFee(uint16(_MAX_FEE_BPS - fee));

        _arbitrator.giveRuling(disputeId, ruling);

        uint256 share = ruling == 0 ? 5_000 : ruling - 1;
        uint256 costToInfluencer = cost * share / BPS;
        _assertSplit(id, amount, share, fee, 0, cost - costToInfluencer, costToInfluencer);
        assertEq(uint256(_status(id, 0)), uint256(MilestoneStatus.Ruled));
        assertEq(_escrow.getArbitration(id, 0).brandFee, 0, "held fee released");
    }

    function testFuzz_rule_revertWhenRulingOutOfRange(uint256 ruling) public {
        ruling = bound(ruling, _RULING_OPTIONS + 1, type(uint256).max);
        DealTerms memory t = _terms1(1e6);
        _createSubmitted(t, 0);
        uint256 disputeId = _toArbitration(t, 0);
        vm.expectRevert(
            abi.encodeWithSelector(IDealEscrow.ArbitrationRulingOutOfRange.selector, ruling, _RULING_OPTIONS)
        );
        _arbitrator.giveRuling(disputeId, ruling);
    }

    function testFuzz_rule_revertWhenCallerNotArbitrator(address caller, uint256 ruling) public {
        if (caller == address(_arbitrator)) caller = STRANGER;
        DealTerms memory t = _terms1(1e6);
        _createSubmitted(t, 0);
        uint256 disputeId = _toArbitration(t, 0);
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.EscrowOnlyArbitrator.selector, caller));
        _escrow.rule(disputeId, ruling);
    }

    /* ------------------------------------------------------------------ */
    /*                             claim / claimMany                      */
    /* ------------------------------------------------------------------ */

    function testFuzz_claim_transfersExactCreditAndZeroesIt(uint256 amount, uint256 share, address to) public {
        amount = bound(amount, 1, _MAX_AMOUNT);
        share = bound(share, 0, BPS);
        to = _recipient(to);
        (DealTerms memory t, bytes32 id) = _activeDeal(amount, FEE_BPS);
        vm.prank(BRAND);
        _escrow.proposeSettlement(t, 0, uint16(share));
        vm.prank(INFLUENCER);
        _escrow.acceptSettlement(t, 0, uint16(share));
        DealKey memory key = _key(t);
        DealState memory d = _deal(id);

        address[2] memory claimants = [BRAND, INFLUENCER];
        uint96[2] memory credits = [d.brandCredit, d.influencerCredit];
        for (uint256 i; i < 2; ++i) {
            uint256 before = _usdc.balanceOf(to);
            if (credits[i] == 0) {
                vm.expectRevert(abi.encodeWithSelector(IDealEscrow.EscrowNothingToClaim.selector, id, claimants[i]));
            }
            vm.prank(claimants[i]);
            uint256 sent = _escrow.claim(key, to);
            if (credits[i] == 0) continue;
            assertEq(sent, credits[i], "returned amount");
            assertEq(_usdc.balanceOf(to) - before, credits[i], "transferred exactly the credit");
            // A second claim finds nothing.
            vm.prank(claimants[i]);
            vm.expectRevert(abi.encodeWithSelector(IDealEscrow.EscrowNothingToClaim.selector, id, claimants[i]));
            _escrow.claim(key, to);
        }
        _assertCredits(id, 0, 0);
        assertEq(_usdc.balanceOf(address(_escrow)), _escrow.protocolFees(_token));
    }

    function testFuzz_claim_revertWhenCallerNotParty(address caller) public {
        caller = _outsider(caller, BRAND, INFLUENCER);
        DealTerms memory t = _terms1(1e6);
        _create(t);
        DealKey memory key = _key(t);
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.EscrowUnauthorized.selector, caller, Party.None));
        _escrow.claim(key, PAYEE);
    }

    function testFuzz_claimMany_transfersSumOfCredits(uint256 count, uint256 seed, address to) public {
        count = bound(count, 1, 6);
        to = _recipient(to);
        DealKey[] memory keys = new DealKey[](count);
        uint256 expected;
        for (uint256 i; i < count; ++i) {
            uint256 amount = bound(uint256(keccak256(abi.encode(seed, i))), 1, 1e15);
            _usdc.mint(BRAND, amount);
            DealTerms memory t = _terms1(amount);
            bytes32 id = _createAccepted(t);
            // Some deals pay the influencer, some refund the brand (nothing to claim there for the influencer).
            if (uint256(keccak256(abi.encode(seed, i, "pay"))) % 3 == 0) {
                vm.prank(INFLUENCER);
                _escrow.refundMilestone(t, 0);
            } else {
                vm.prank(BRAND);
                _escrow.approveMilestone(t, 0);
            }
            expected += _deal(id).influencerCredit;
            keys[i] = _key(t);
        }
        uint256 before = _usdc.balanceOf(to);
        if (expected == 0) {
            vm.expectRevert(abi.encodeWithSelector(IDealEscrow.EscrowNothingToClaim.selector, bytes32(0), INFLUENCER));
        }
        vm.prank(INFLUENCER);
        uint256 sent = _escrow.claimMany(keys, to);
        assertEq(sent, expected);
        assertEq(_usdc.balanceOf(to) - before, expected);
        for (uint256 i; i < count; ++i) {
            assertEq(_deal(_escrow.dealIdOf(keys[i])).influencerCredit, 0);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                              GOVERNANCE                            */
    /* ------------------------------------------------------------------ */

    function testFuzz_setTokenAllowed_onlyOwnerSetsFlag(address token, bool allowed, address caller, bool asOwner)
        public
    {
        caller = _caller(caller, asOwner);
        if (token == address(0)) token = address(1);
        if (caller != OWNER) {
            vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, caller));
        }
        vm.prank(caller);
        _escrow.setTokenAllowed(IERC20(token), allowed);
        if (caller == OWNER) assertEq(_escrow.isTokenAllowed(IERC20(token)), allowed);
    }

    function testFuzz_setTokenAllowed_revertWhenZeroToken(bool allowed) public {
        vm.prank(OWNER);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.EscrowInvalidAddress.selector, address(0)));
        _escrow.setTokenAllowed(IERC20(address(0)), allowed);
    }

    function testFuzz_setProtocolFee_capsAtMaximum(uint16 feeBps) public {
        if (feeBps > _MAX_FEE_BPS) {
            vm.expectRevert(abi.encodeWithSelector(IDealEscrow.EscrowFeeTooHigh.selector, feeBps, _MAX_FEE_BPS));
        } else {
            vm.expectEmit(address(_escrow));
            emit IDealEscrow.ProtocolFeeSet(FEE_BPS, feeBps);
        }
        vm.prank(OWNER);
        _escrow.setProtocolFee(feeBps);
        assertEq(_escrow.protocolFeeBps(), feeBps > _MAX_FEE_BPS ? FEE_BPS : feeBps);
    }

    function testFuzz_setProtocolFee_revertWhenCallerNotOwner(address caller, uint16 feeBps) public {
        if (caller == OWNER) caller = STRANGER;
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, caller));
        _escrow.setProtocolFee(feeBps);
    }

    function testFuzz_setFeeRecipient_acceptsAnyRealAccount(address recipient, uint256 pick) public {
        pick = bound(pick, 0, 3);
        if (pick == 1) recipient = address(0);
        if (pick == 2) recipient = address(_escrow);
        bool invalid = recipient == address(0) || recipient == address(_escrow);
        if (invalid) vm.expectRevert(abi.encodeWithSelector(IDealEscrow.EscrowInvalidAddress.selector, recipient));
        vm.prank(OWNER);
        _escrow.setFeeRecipient(recipient);
        assertEq(_escrow.feeRecipient(), invalid ? FEE_RECIPIENT : recipient);
    }

    function testFuzz_setFeeRecipient_revertWhenCallerNotOwner(address caller, address recipient) public {
        if (caller == OWNER) caller = STRANGER;
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, caller));
        _escrow.setFeeRecipient(recipient);
    }

    function testFuzz_pause_onlyOwnerAndOnlyNewDeals(address caller, bool asOwner) public {
        caller = _caller(caller, asOwner);
        DealTerms memory running = _terms1(1e6);
        _createAccepted(running);
        if (caller != OWNER) {
            vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, caller));
        }
        vm.prank(caller);
        _escrow.pause();
        if (caller != OWNER) return;

        assertTrue(_escrow.paused());
        DealTerms memory fresh = _terms1(1e6);
        vm.prank(BRAND);
        vm.expectRevert(abi.encodeWithSelector(Pausable.EnforcedPause.selector));
        _escrow.createDeal(fresh, _criteria());
        _submit(running, 0); // running deals go on
    }

    function testFuzz_unpause_onlyOwnerAndReopensNewDeals(address caller, bool asOwner) public {
        caller = _caller(caller, asOwner);
        vm.prank(OWNER);
        _escrow.pause();
        if (caller != OWNER) {
            vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, caller));
        }
        vm.prank(caller);
        _escrow.unpause();
        if (caller != OWNER) return;

        assertFalse(_escrow.paused());
        _create(_terms1(1e6));
    }

    function testFuzz_transferOwnership_takesEffectOnlyOnAccept(address newOwner) public {
        if (newOwner == address(0) || newOwner == OWNER) newOwner = STRANGER;
        vm.prank(OWNER);
        _escrow.transferOwnership(newOwner);
        assertEq(_escrow.owner(), OWNER);
        vm.prank(newOwner);
        _escrow.acceptOwnership();
        assertEq(_escrow.owner(), newOwner);
    }

    function testFuzz_renounceOwnership_onlyOwnerAndEndsGovernance(address caller, bool asOwner) public {
        caller = _caller(caller, asOwner);
        if (caller != OWNER) {
            vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, caller));
        }
        vm.prank(caller);
        _escrow.renounceOwnership();
        if (caller != OWNER) return;

        assertEq(_escrow.owner(), address(0));
        vm.prank(OWNER);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, OWNER));
        _escrow.setProtocolFee(0);
    }

    function testFuzz_withdrawProtocolFees_sendsAllAccruedFees(uint256 amount, uint256 feeBps, address to) public {
        amount = bound(amount, 1e4, _MAX_AMOUNT);
        uint16 fee = uint16(bound(feeBps, 1, _MAX_FEE_BPS));
        to = _recipient(to);
        (DealTerms memory t,) = _activeDeal(amount, fee);
        vm.prank(BRAND);
        _escrow.approveMilestone(t, 0);
        uint256 accrued = amount * fee / BPS;
        assertEq(_escrow.protocolFees(_token), accrued);
        uint256 before = _usdc.balanceOf(to);

        vm.prank(FEE_RECIPIENT);
        assertEq(_escrow.withdrawProtocolFees(_token, to), accrued);
        assertEq(_usdc.balanceOf(to) - before, accrued);
        assertEq(_escrow.protocolFees(_token), 0);
    }

    function testFuzz_withdrawProtocolFees_revertWhenCallerNotRecipient(address caller) public {
        if (caller == FEE_RECIPIENT) caller = STRANGER;
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.EscrowOnlyFeeRecipient.selector, caller));
        _escrow.withdrawProtocolFees(_token, caller);
    }
}
