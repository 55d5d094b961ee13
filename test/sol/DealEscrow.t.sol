// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

import {IDealEscrow} from "../../contracts/interfaces/IDealEscrow.sol";
import {FeeOnTransferToken} from "../../contracts/mocks/HostileTokens.sol";
import {
    Arbitration,
    DealKey,
    DealState,
    DealStatus,
    DealTerms,
    MilestoneState,
    MilestoneStatus,
    Party,
    Question
} from "../../contracts/types/DealTypes.sol";
import {EscrowTestBase} from "./utils/EscrowTestBase.sol";

/// @notice Concrete unit tests of {DealEscrow}: one scenario each, with exact amounts and exact revert arguments.
contract DealEscrowTest is EscrowTestBase {
    uint256 internal constant _AMOUNT = 1_000e6;

    /* ------------------------------------------------------------------ */
    /*                             CONSTRUCTOR                            */
    /* ------------------------------------------------------------------ */

    function test_constructor_setsConfiguration() public view {
        assertEq(address(_escrow.arbitrator()), address(_arbitrator));
        assertEq(_escrow.owner(), OWNER);
        assertEq(_escrow.feeRecipient(), FEE_RECIPIENT);
        assertEq(_escrow.protocolFeeBps(), FEE_BPS);
        assertTrue(_escrow.isTokenAllowed(_token));
        assertFalse(_escrow.paused());
    }

    /// @dev Deploys the escrow's artifact with `args` one call deeper, so that `expectRevert` sees its revert, and
    ///      bubbles the constructor's revert data (StdCheats' deployCode drops it; EDR has no vm.deployCode).
    function deployEscrowWith(bytes calldata args) external returns (address escrow) {
        bytes memory code = abi.encodePacked(vm.getCode("DealEscrow.sol:DealEscrow"), args);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            escrow := create(0, add(code, 0x20), mload(code))
            if iszero(escrow) {
                returndatacopy(0, 0, returndatasize())
                revert(0, returndatasize())
            }
        }
    }

    function test_constructor_revertWhenArbitratorIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.EscrowInvalidAddress.selector, address(0)));
        this.deployEscrowWith(abi.encode(address(0), OWNER, FEE_RECIPIENT, FEE_BPS));
    }

    function test_constructor_revertWhenFeeTooHigh() public {
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.EscrowFeeTooHigh.selector, 1_001, 1_000));
        this.deployEscrowWith(abi.encode(address(_arbitrator), OWNER, FEE_RECIPIENT, 1_001));
    }

    function test_views_describeDealsFromTermsAndKeys() public {
        DealTerms memory t = _terms1(_AMOUNT);
        bytes32 id = _createSubmitted(t, 0);
        DealKey memory key = _escrow.dealKey(t);
        assertEq(key.termsHash, keccak256(abi.encode(t)));
        assertEq(_escrow.dealIdOf(key), id);
        assertEq(_escrow.hashCriteria(_criteria()), t.criteriaHash);
        assertEq(_escrow.arbitrationCost(t, _criteria(), 0), ARBITRATION_COST);
        uint256 disputeId = _toArbitration(t, 0);
        assertEq(_escrow.getDisputeRef(disputeId).amount, _AMOUNT);
        assertEq(_escrow.getDisputeRef(disputeId).protocolFeeBps, FEE_BPS);
    }

    /* ------------------------------------------------------------------ */
    /*                            OFFER & FUND                            */
    /* ------------------------------------------------------------------ */

    function test_createDeal_escrowsTotalAndOpensMilestones() public {
        DealTerms memory t = _terms(_amounts2(600e6, 400e6));
        bytes32 expectedId = _escrow.dealId(t);

        vm.expectEmit(address(_escrow));
        emit IDealEscrow.DealCreated(expectedId, BRAND, INFLUENCER, _escrow.dealKey(t), t, _criteria(), 1_000e6);
        bytes32 id = _create(t);

        assertEq(id, expectedId);
        assertEq(_usdc.balanceOf(address(_escrow)), 1_000e6);
        assertEq(_usdc.balanceOf(BRAND), INITIAL_BALANCE - 1_000e6);
        DealState memory d = _deal(id);
        assertEq(uint256(d.status), uint256(DealStatus.Offered));
        assertEq(d.openMilestones, 2);
        for (uint256 i; i < 2; ++i) {
            MilestoneState memory m = _milestone(id, i);
            assertEq(uint256(m.status), uint256(MilestoneStatus.AwaitingDelivery));
            assertEq(m.deadline, t.milestones[i].deliverBy);
        }
    }

    function test_createDeal_revertWhenCallerIsNotBrand() public {
        DealTerms memory t = _terms1(_AMOUNT);
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.TermsBrandNotCaller.selector, BRAND, STRANGER));
        _escrow.createDeal(t, _criteria());
    }

    function test_createDeal_revertWhenDealAlreadyExists() public {
        DealTerms memory t = _terms1(_AMOUNT);
        bytes32 id = _create(t);
        vm.prank(BRAND);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.DealAlreadyExists.selector, id));
        _escrow.createDeal(t, _criteria());
    }

    function test_createDeal_revertWhenCriteriaHashMismatch() public {
        DealTerms memory t = _terms1(_AMOUNT);
        Question[] memory other = _criteria();
        other[0].weight = 9;
        vm.prank(BRAND);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDealEscrow.CriteriaHashMismatch.selector, t.criteriaHash, keccak256(abi.encode(other))
            )
        );
        _escrow.createDeal(t, other);
    }

    function test_createDeal_revertWhenCompliantMaskCoversEveryOption() public {
        DealTerms memory t = _terms1(_AMOUNT);
        Question[] memory criteria = _criteria();
        criteria[1].compliantMask = 3; // both options of a yes/no question
        t.criteriaHash = keccak256(abi.encode(criteria));
        vm.prank(BRAND);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.CriteriaCompliantMaskInvalid.selector, 1, 3, 2));
        _escrow.createDeal(t, criteria);
    }

    function test_createDeal_revertWhenLanguageIsUpperCase() public {
        DealTerms memory t = _terms1(_AMOUNT);
        t.language = "FR";
        vm.prank(BRAND);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.TermsLanguageInvalid.selector, bytes2("FR")));
        _escrow.createDeal(t, _criteria());
    }

    function test_createDeal_revertWhenDeliverByNotAfterAcceptBy() public {
        DealTerms memory t = _terms1(_AMOUNT);
        t.milestones[0].deliverBy = t.acceptBy;
        uint256 horizon = block.timestamp + _escrow.MAX_HORIZON();
        vm.prank(BRAND);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDealEscrow.TermsDeliverByInvalid.selector,
                0,
                t.acceptBy,
                uint256(t.acceptBy) + 1,
                horizon
            )
        );
        _escrow.createDeal(t, _criteria());
    }

    function test_createDeal_revertWhenTokenTakesAFee() public {
        FeeOnTransferToken fot = new FeeOnTransferToken();
        vm.prank(OWNER);
        _escrow.setTokenAllowed(IERC20(address(fot)), true);
        fot.mint(BRAND, _AMOUNT);
        vm.prank(BRAND);
        fot.approve(address(_escrow), _AMOUNT);
        DealTerms memory t = _terms1(_AMOUNT);
        t.token = IERC20(address(fot));
        vm.prank(BRAND);
        vm.expectRevert(
            abi.encodeWithSelector(IDealEscrow.EscrowTransferShortfall.selector, _AMOUNT, _AMOUNT - _AMOUNT / 100)
        );
        _escrow.createDeal(t, _criteria());
    }

    function test_acceptDeal_activatesDealAtExactlyAcceptBy() public {
        DealTerms memory t = _terms1(_AMOUNT);
        bytes32 id = _create(t);
        vm.warp(t.acceptBy);
        vm.expectEmit(address(_escrow));
        emit IDealEscrow.DealAccepted(id, INFLUENCER);
        _accept(t);
        assertEq(uint256(_deal(id).status), uint256(DealStatus.Active));
    }

    function test_acceptDeal_revertWhenAlreadyActive() public {
        DealTerms memory t = _terms1(_AMOUNT);
        bytes32 id = _createAccepted(t);
        vm.prank(INFLUENCER);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDealEscrow.DealUnexpectedStatus.selector, id, DealStatus.Active, DealStatus.Offered
            )
        );
        _escrow.acceptDeal(t);
    }

    function test_acceptDeal_revertWhenTermsDiffer() public {
        DealTerms memory t = _terms1(_AMOUNT);
        _create(t);
        t.milestones[0].amount += 1; // the influencer cannot accept terms other than the funded ones
        bytes32 otherId = _escrow.dealId(t);
        vm.prank(INFLUENCER);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.DealNotFound.selector, otherId));
        _escrow.acceptDeal(t);
    }

    /* ------------------------------------------------------------------ */
    /*                              DELIVERY                              */
    /* ------------------------------------------------------------------ */

    function test_approveMilestone_paysInfluencerLessFeeAndClosesDeal() public {
        DealTerms memory t = _terms1(_AMOUNT);
        bytes32 id = _createSubmitted(t, 0);

        vm.expectEmit(address(_escrow));
        emit IDealEscrow.MilestoneFinalized(id, 0, MilestoneStatus.Released, BRAND, 10_000, 990e6, 0, 10e6);
        vm.expectEmit(address(_escrow));
        emit IDealEscrow.DealClosed(id);
        vm.prank(BRAND);
        _escrow.approveMilestone(t, 0);

        _assertCredits(id, 0, 990e6);
        assertEq(uint256(_deal(id).status), uint256(DealStatus.Closed));
        assertEq(_escrow.protocolFees(_token), 10e6);

        DealKey memory key = _key(t);
        vm.prank(INFLUENCER);
        assertEq(_escrow.claim(key, PAYEE), 990e6);
        assertEq(_usdc.balanceOf(PAYEE), 990e6);
        vm.prank(FEE_RECIPIENT);
        assertEq(_escrow.withdrawProtocolFees(_token, FEE_RECIPIENT), 10e6);
        assertEq(_usdc.balanceOf(address(_escrow)), 0);
    }

    function test_requestRevision_keepsOriginalDeliverByWhenLater() public {
        DealTerms memory t = _terms1(_AMOUNT);
        bytes32 id = _createSubmitted(t, 0);
        _requestRevision(t, 0);
        MilestoneState memory m = _milestone(id, 0);
        assertEq(uint256(m.status), uint256(MilestoneStatus.AwaitingDelivery));
        assertEq(m.revisions, 1);
        // Submitted right away: the deliver-by date (3 weeks away) is later than now + revision period.
        assertEq(m.deadline, t.milestones[0].deliverBy);
    }

    function test_requestRevision_revertWhenLimitReached() public {
        DealTerms memory t = _terms1(_AMOUNT);
        bytes32 id = _createSubmitted(t, 0);
        for (uint256 i; i < MAX_REVISIONS; ++i) {
            _requestRevision(t, 0);
            _submit(t, 0);
        }
        vm.prank(BRAND);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.RevisionLimitReached.selector, id, 0, MAX_REVISIONS));
        _escrow.requestRevision(t, 0, bytes32(0));
    }

    function test_submitDeliverable_revertWhenMilestoneOutOfRange() public {
        DealTerms memory t = _terms1(_AMOUNT);
        bytes32 id = _createAccepted(t);
        vm.prank(INFLUENCER);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.MilestoneOutOfRange.selector, id, 1, 1));
        _escrow.submitDeliverable(t, 1, bytes32(0), "");
    }

    function test_submitDeliverable_revertWhenAlreadyInReview() public {
        DealTerms memory t = _terms1(_AMOUNT);
        bytes32 id = _createSubmitted(t, 0);
        vm.prank(INFLUENCER);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDealEscrow.MilestoneUnexpectedStatus.selector,
                id,
                0,
                MilestoneStatus.InReview,
                1 << uint256(MilestoneStatus.AwaitingDelivery)
            )
        );
        _escrow.submitDeliverable(t, 0, bytes32(0), "");
    }

    /* ------------------------------------------------------------------ */
    /*                         SETTLEMENT & DISPUTE                       */
    /* ------------------------------------------------------------------ */

    function test_acceptSettlement_refundsDepositInFeePhase() public {
        DealTerms memory t = _terms1(_AMOUNT);
        bytes32 id = _createSubmitted(t, 0);
        _payFee(t, BRAND, 0);
        vm.prank(INFLUENCER);
        _escrow.proposeSettlement(t, 0, 7_000);
        vm.prank(BRAND);
        _escrow.acceptSettlement(t, 0, 7_000);
        // 700 gross, 7 fee; the brand gets 300 plus its 25 USDC deposit back.
        _assertCredits(id, 300e6 + ARBITRATION_COST, 693e6);
        assertEq(uint256(_status(id, 0)), uint256(MilestoneStatus.Settled));
        Arbitration memory a = _escrow.getArbitration(id, 0);
        assertEq(a.brandFee, 0);
        assertEq(uint256(a.waitingFor), uint256(Party.None));
    }

    function test_acceptSettlement_revertWhenOwnProposal() public {
        DealTerms memory t = _terms1(_AMOUNT);
        _createSubmitted(t, 0);
        vm.prank(BRAND);
        _escrow.proposeSettlement(t, 0, 5_000);
        vm.prank(BRAND);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.SettlementNotProposed.selector, Party.Brand, 5_000, 5_000));
        _escrow.acceptSettlement(t, 0, 5_000);
    }

    function test_payArbitrationFee_createsDisputeWhenBothPaid() public {
        DealTerms memory t = _terms1(_AMOUNT);
        bytes32 id = _createSubmitted(t, 0);
        _payFee(t, BRAND, 0);
        Arbitration memory a = _escrow.getArbitration(id, 0);
        assertEq(uint256(a.waitingFor), uint256(Party.Influencer));
        assertEq(a.feeDeadline, block.timestamp + PERIOD);

        vm.expectEmit(address(_escrow));
        emit IDealEscrow.DisputeCreated(id, 0, 0, ARBITRATION_COST);
        _payFee(t, INFLUENCER, 0);

        assertEq(uint256(_status(id, 0)), uint256(MilestoneStatus.InArbitration));
        assertEq(_usdc.balanceOf(address(_arbitrator)), ARBITRATION_COST);
        assertEq(_usdc.balanceOf(address(_escrow)), _AMOUNT + ARBITRATION_COST);
        assertEq(_escrow.getDisputeRef(0).dealId, id);
        assertEq(_arbitrator.disputeCount(), 1);
    }

    function test_payArbitrationFee_revertWhenReviewWindowClosed() public {
        DealTerms memory t = _terms1(_AMOUNT);
        _createSubmitted(t, 0);
        uint256 reviewDeadline = block.timestamp + PERIOD;
        vm.warp(reviewDeadline + 1);
        vm.prank(BRAND);
        vm.expectRevert(
            abi.encodeWithSelector(IDealEscrow.DeadlinePassed.selector, reviewDeadline, reviewDeadline + 1)
        );
        _escrow.payArbitrationFee(t, _criteria(), 0);
    }

    function test_payArbitrationFee_revertWhenAlreadyPaid() public {
        DealTerms memory t = _terms1(_AMOUNT);
        _createSubmitted(t, 0);
        _payFee(t, BRAND, 0);
        vm.prank(BRAND);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDealEscrow.ArbitrationFeeAlreadyPaid.selector, Party.Brand, ARBITRATION_COST, ARBITRATION_COST
            )
        );
        _escrow.payArbitrationFee(t, _criteria(), 0);
    }

    function test_payArbitrationFee_revertWhenInfluencerDisputesWithoutRevision() public {
        DealTerms memory t = _terms1(_AMOUNT);
        bytes32 id = _createAccepted(t);
        vm.prank(INFLUENCER);
        vm.expectRevert(
            abi.encodeWithSelector(IDealEscrow.ArbitrationNotAvailable.selector, id, 0, Party.Influencer)
        );
        _escrow.payArbitrationFee(t, _criteria(), 0);
    }

    function test_payArbitrationFee_creditsExcessWhenCostDrops() public {
        DealTerms memory t = _terms1(_AMOUNT);
        bytes32 id = _createSubmitted(t, 0);
        _payFee(t, BRAND, 0);
        _arbitrator.setCost(_token, 10e6);
        _payFee(t, INFLUENCER, 0);
        _assertCredits(id, 15e6, 0);
        assertEq(_escrow.getArbitration(id, 0).brandFee, 10e6);
        assertEq(_usdc.balanceOf(address(_arbitrator)), 10e6);
    }

    function test_payArbitrationFee_asksFirstPayerToTopUpWhenCostRises() public {
        DealTerms memory t = _terms1(_AMOUNT);
        bytes32 id = _createSubmitted(t, 0);
        _payFee(t, BRAND, 0);
        _arbitrator.setCost(_token, 40e6);
        _payFee(t, INFLUENCER, 0);
        Arbitration memory a = _escrow.getArbitration(id, 0);
        assertEq(uint256(a.waitingFor), uint256(Party.Brand));
        assertEq(uint256(_status(id, 0)), uint256(MilestoneStatus.FeesPending));

        uint256 before = _usdc.balanceOf(BRAND);
        _payFee(t, BRAND, 0);
        assertEq(before - _usdc.balanceOf(BRAND), 15e6);
        assertEq(uint256(_status(id, 0)), uint256(MilestoneStatus.InArbitration));
    }

    function test_payArbitrationFee_createsDisputeAtOnceWhenCostIsZero() public {
        _arbitrator.setCost(_token, 0);
        DealTerms memory t = _terms1(_AMOUNT);
        bytes32 id = _createSubmitted(t, 0);
        uint256 brandBefore = _usdc.balanceOf(BRAND);
        _payFee(t, BRAND, 0);
        assertEq(_usdc.balanceOf(BRAND), brandBefore);
        assertEq(uint256(_status(id, 0)), uint256(MilestoneStatus.InArbitration));
        assertTrue(_escrow.getArbitration(id, 0).created);
    }

    function test_payArbitrationFeeFor_strangerAnswersForBlacklistedInfluencer() public {
        DealTerms memory t = _terms1(_AMOUNT);
        bytes32 id = _createSubmitted(t, 0);
        vm.prank(OWNER);
        _usdc.setBlacklisted(INFLUENCER, true);
        _payFee(t, BRAND, 0);
        _fund(STRANGER);

        vm.prank(STRANGER);
        _escrow.payArbitrationFeeFor(t, _criteria(), 0, Party.Influencer);
        _arbitrator.giveRuling(_escrow.getArbitration(id, 0).disputeId, 10_001);

        // The influencer wins: the milestone less the fee, and the held cost, both to the influencer.
        _assertCredits(id, 0, 990e6 + ARBITRATION_COST);
        DealKey memory key = _key(t);
        vm.prank(INFLUENCER);
        _escrow.claim(key, PAYEE);
        assertEq(_usdc.balanceOf(PAYEE), 990e6 + ARBITRATION_COST);
    }

    function test_timeOutArbitration_givesMilestoneToPayer() public {
        DealTerms memory t = _terms1(_AMOUNT);
        bytes32 id = _createSubmitted(t, 0);
        _payFee(t, BRAND, 0);
        vm.warp(block.timestamp + PERIOD + 1);
        vm.prank(STRANGER);
        _escrow.timeOutArbitration(t, 0);
        _assertCredits(id, _AMOUNT + ARBITRATION_COST, 0);
        assertEq(uint256(_status(id, 0)), uint256(MilestoneStatus.Ruled));
    }

    function test_rule_refusalSplitsMilestoneAndHeldFeeInHalf() public {
        DealTerms memory t = _terms1(_AMOUNT);
        bytes32 id = _createSubmitted(t, 0);
        uint256 disputeId = _toArbitration(t, 0);
        _arbitrator.giveRuling(disputeId, 0);
        // 500 gross, 5 fee; the held 25 USDC cost is shared 12.5 / 12.5.
        _assertCredits(id, 500e6 + 12.5e6, 495e6 + 12.5e6);
        assertEq(_escrow.protocolFees(_token), 5e6);
    }

    function test_rule_revertWhenDisputeUnknown() public {
        vm.prank(address(_arbitrator));
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.ArbitrationUnknownDispute.selector, 7));
        _escrow.rule(7, 1);
    }

    function test_rule_revertWhenAlreadyRuled() public {
        DealTerms memory t = _terms1(_AMOUNT);
        bytes32 id = _createSubmitted(t, 0);
        uint256 disputeId = _toArbitration(t, 0);
        _arbitrator.giveRuling(disputeId, 10_001);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDealEscrow.MilestoneUnexpectedStatus.selector,
                id,
                0,
                MilestoneStatus.Ruled,
                1 << uint256(MilestoneStatus.InArbitration)
            )
        );
        _arbitrator.giveRuling(disputeId, 10_001);
    }

    function test_payArbitrationFee_revertWhenArbitratorReusesDisputeId() public {
        DealTerms memory t1 = _terms1(_AMOUNT);
        DealTerms memory t2 = _terms1(_AMOUNT);
        _createSubmitted(t1, 0);
        _createSubmitted(t2, 0);
        uint256 first = _toArbitration(t1, 0);
        _arbitrator.forceNextDisputeId(first);
        _payFee(t2, BRAND, 0);
        vm.prank(INFLUENCER);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.ArbitrationDisputeIdReused.selector, first));
        _escrow.payArbitrationFee(t2, _criteria(), 0);
    }

    /* ------------------------------------------------------------------ */
    /*                                CLAIM                               */
    /* ------------------------------------------------------------------ */

    function test_claim_sendsToAnotherAddressWhenClaimantBlacklisted() public {
        DealTerms memory t = _terms1(_AMOUNT);
        _createSubmitted(t, 0);
        vm.prank(BRAND);
        _escrow.approveMilestone(t, 0);
        vm.prank(OWNER);
        _usdc.setBlacklisted(INFLUENCER, true);
        DealKey memory key = _key(t);
        vm.prank(INFLUENCER);
        _escrow.claim(key, PAYEE);
        assertEq(_usdc.balanceOf(PAYEE), 990e6);
    }

    function test_claim_revertWhenNothingToClaim() public {
        DealTerms memory t = _terms1(_AMOUNT);
        bytes32 id = _createAccepted(t);
        DealKey memory key = _key(t);
        vm.prank(INFLUENCER);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.EscrowNothingToClaim.selector, id, INFLUENCER));
        _escrow.claim(key, INFLUENCER);
    }

    function test_claim_revertWhenRecipientIsEscrow() public {
        DealTerms memory t = _terms1(_AMOUNT);
        _create(t);
        DealKey memory key = _key(t);
        vm.prank(BRAND);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.EscrowInvalidAddress.selector, address(_escrow)));
        _escrow.claim(key, address(_escrow));
    }

    function test_claim_revertWhenDealUnknown() public {
        DealTerms memory t = _terms1(_AMOUNT); // never offered
        DealKey memory key = _key(t);
        bytes32 id = _escrow.dealId(t);
        vm.prank(BRAND);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.DealNotFound.selector, id));
        _escrow.claim(key, BRAND);
    }

    function test_claimMany_revertWhenNoKeys() public {
        vm.prank(BRAND);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.EscrowNothingToClaim.selector, bytes32(0), BRAND));
        _escrow.claimMany(new DealKey[](0), BRAND);
    }

    function test_claimMany_revertWhenTokensDiffer() public {
        DealTerms memory t = _terms1(_AMOUNT);
        _create(t);
        DealKey[] memory keys = new DealKey[](2);
        keys[0] = _key(t);
        keys[1] = _key(t);
        keys[1].token = IERC20(address(0xdead));
        vm.prank(BRAND);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.EscrowMixedTokens.selector, _token, keys[1].token));
        _escrow.claimMany(keys, BRAND);
    }

    /* ------------------------------------------------------------------ */
    /*                             GOVERNANCE                             */
    /* ------------------------------------------------------------------ */

    function test_pause_blocksNewDealsButNotRunningOnes() public {
        DealTerms memory running = _terms1(_AMOUNT);
        bytes32 id = _createSubmitted(running, 0);
        vm.prank(OWNER);
        _escrow.pause();

        DealTerms memory fresh = _terms1(_AMOUNT);
        vm.prank(BRAND);
        vm.expectRevert(abi.encodeWithSelector(Pausable.EnforcedPause.selector));
        _escrow.createDeal(fresh, _criteria());

        vm.prank(BRAND);
        _escrow.approveMilestone(running, 0);
        DealKey memory key = _key(running);
        vm.prank(INFLUENCER);
        _escrow.claim(key, INFLUENCER);
        assertEq(uint256(_deal(id).status), uint256(DealStatus.Closed));
    }

    function test_setTokenAllowed_revertWhenCallerNotOwner() public {
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, STRANGER));
        _escrow.setTokenAllowed(_token, false);
    }

    function test_withdrawProtocolFees_revertWhenNoFees() public {
        vm.prank(FEE_RECIPIENT);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.EscrowNoProtocolFees.selector, _token));
        _escrow.withdrawProtocolFees(_token, FEE_RECIPIENT);
    }

    /* ------------------------------------------------------------------ */
    /*                         DEADLINE BOUNDARIES                        */
    /* ------------------------------------------------------------------ */
    // At a deadline's exact second the party still acts and the permissionless step is still refused; one
    // second later it flips. Concrete twins of the deadline fuzz tests.

    function test_reclaimOffer_revertWhenAtExactlyAcceptBy() public {
        DealTerms memory t = _terms1(_AMOUNT);
        _create(t);
        vm.warp(t.acceptBy);
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.DeadlineNotReached.selector, t.acceptBy, t.acceptBy));
        _escrow.reclaimOffer(t);
        vm.warp(uint256(t.acceptBy) + 1);
        vm.prank(STRANGER);
        _escrow.reclaimOffer(t);
    }

    function test_reclaimMilestone_revertWhenAtExactlyDeliverBy() public {
        DealTerms memory t = _terms(_amounts2(_AMOUNT, _AMOUNT));
        bytes32 id = _createAccepted(t);
        uint256 first = t.milestones[0].deliverBy;
        vm.warp(first);
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.DeadlineNotReached.selector, first, first));
        _escrow.reclaimMilestone(t, 0);
        _submit(t, 0); // the influencer can still deliver at that second

        uint256 second = t.milestones[1].deliverBy;
        vm.warp(second + 1);
        vm.prank(INFLUENCER);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.DeadlinePassed.selector, second, second + 1));
        _escrow.submitDeliverable(t, 1, bytes32(0), "");
        vm.prank(STRANGER);
        _escrow.reclaimMilestone(t, 1);
        assertEq(uint256(_status(id, 1)), uint256(MilestoneStatus.Refunded));
    }

    function test_releaseAfterReview_revertWhenAtExactlyReviewDeadline() public {
        DealTerms memory t = _terms1(_AMOUNT);
        bytes32 id = _createSubmitted(t, 0);
        uint256 reviewDeadline = block.timestamp + PERIOD;
        vm.warp(reviewDeadline);
        vm.prank(STRANGER);
        vm.expectRevert(
            abi.encodeWithSelector(IDealEscrow.DeadlineNotReached.selector, reviewDeadline, reviewDeadline)
        );
        _escrow.releaseAfterReview(t, 0);
        vm.warp(reviewDeadline + 1);
        vm.prank(STRANGER);
        _escrow.releaseAfterReview(t, 0);
        _assertCredits(id, 0, 990e6);
    }

    function test_timeOutArbitration_revertWhenAtExactlyFeeDeadline() public {
        DealTerms memory t = _terms1(_AMOUNT);
        _createSubmitted(t, 0);
        _payFee(t, BRAND, 0);
        uint256 feeDeadline = block.timestamp + PERIOD;
        vm.warp(feeDeadline);
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(IDealEscrow.DeadlineNotReached.selector, feeDeadline, feeDeadline));
        _escrow.timeOutArbitration(t, 0);
        _payFee(t, INFLUENCER, 0); // the influencer can still answer at that second
    }

    /* ------------------------------------------------------------------ */
    /*                               LIVENESS                             */
    /* ------------------------------------------------------------------ */

    /// @notice One deal in each open state; past every deadline, permissionless calls and the arbitrator close
    ///         all of them and the parties claim everything: the escrow is left with the protocol fees only.
    function test_lifecycle_everyOpenDealClosesAfterDeadlines() public {
        DealTerms memory offered = _terms1(100e6);
        _create(offered);
        DealTerms memory t = _terms(_amounts2(200e6, 300e6));
        bytes32 id = _createAccepted(t);
        DealTerms memory u = _terms(_amounts2(400e6, 500e6));
        bytes32 uid = _createSubmitted(u, 0);
        _submit(u, 1);
        _submit(t, 0); // t: 0 in review, 1 awaiting delivery
        _payFee(u, BRAND, 0); // u: 0 fees pending
        uint256 disputeId = _toArbitration(u, 1); // u: 1 in arbitration

        vm.warp(block.timestamp + 800 days);
        vm.startPrank(STRANGER);
        _escrow.reclaimOffer(offered);
        _escrow.releaseAfterReview(t, 0);
        _escrow.reclaimMilestone(t, 1);
        _escrow.timeOutArbitration(u, 0);
        vm.stopPrank();
        _arbitrator.giveRuling(disputeId, 2_501);

        assertEq(uint256(_deal(id).status), uint256(DealStatus.Closed));
        assertEq(uint256(_deal(uid).status), uint256(DealStatus.Closed));
        assertEq(uint256(_deal(_escrow.dealId(offered)).status), uint256(DealStatus.Expired));

        DealKey[] memory keys = new DealKey[](3);
        keys[0] = _key(offered);
        keys[1] = _key(t);
        keys[2] = _key(u);
        vm.prank(BRAND);
        _escrow.claimMany(keys, BRAND);
        vm.prank(INFLUENCER);
        _escrow.claimMany(keys, INFLUENCER);
        // Fees: 2 (t0 released) + 1.25 (u1 ruled 25 %) USDC.
        assertEq(_escrow.protocolFees(_token), 2e6 + 1.25e6);
        assertEq(_usdc.balanceOf(address(_escrow)), _escrow.protocolFees(_token));
    }
}
