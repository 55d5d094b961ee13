// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {
    Arbitration, DealKey, DealState, DealStatus, DealTerms, MilestoneStatus
} from "../../contracts/types/DealTypes.sol";
import {DealGhost, EscrowHandler, GhostTotals} from "./handlers/EscrowHandler.sol";
import {EscrowTestBase} from "./utils/EscrowTestBase.sol";

/// @notice Invariants of {DealEscrow} under random sequences of every deal step, over several deals of one to
///         four milestones, with time passing, arbitration costs and protocol fees changing. The money rules:
///         the escrow holds exactly its open obligations; no deal pays out more than it was funded, nor any
///         milestone twice; and whatever happened, every deal can be closed after its deadlines and emptied.
contract DealEscrowInvariantTest is EscrowTestBase {
    EscrowHandler internal _handler;

    /// @dev What the escrow owes because of one deal, read from its state.
    struct Owed {
        uint256 open; // milestones not final (the whole total while the offer stands)
        uint256 held; // arbitration deposits held for its milestones
        uint256 credits; // unclaimed credits of both parties
    }

    function setUp() public override {
        super.setUp();
        _handler = new EscrowHandler(_escrow, _usdc, _arbitrator, OWNER, FEE_RECIPIENT, STRANGER, PAYEE);
        vm.label(address(_handler), "handler");
        // Seed three deals (one offered, two accepted, one with a submission) so that the invariants check real
        // deals from the very first call on.
        _handler.createDeal(0, 0, 11, 22);
        _handler.createDeal(1, 3, 33, 44);
        _handler.createDeal(2, 1, 55, 66);
        _handler.acceptDeal(1);
        _handler.acceptDeal(2);
        _handler.submitDeliverable(4);
        assertEq(_handler.dealCount(), 3, "seed deals"); // fails setUp loudly if the handler's model is off

        bytes4[] memory selectors = new bytes4[](27);
        selectors[0] = EscrowHandler.createDeal.selector;
        selectors[1] = EscrowHandler.acceptDeal.selector;
        selectors[2] = EscrowHandler.declineDeal.selector;
        selectors[3] = EscrowHandler.reclaimOffer.selector;
        selectors[4] = EscrowHandler.submitDeliverable.selector;
        selectors[5] = EscrowHandler.approveMilestone.selector;
        selectors[6] = EscrowHandler.requestRevision.selector;
        selectors[7] = EscrowHandler.releaseAfterReview.selector;
        selectors[8] = EscrowHandler.reclaimMilestone.selector;
        selectors[9] = EscrowHandler.refundMilestone.selector;
        selectors[10] = EscrowHandler.proposeSettlement.selector;
        selectors[11] = EscrowHandler.acceptSettlement.selector;
        selectors[12] = EscrowHandler.payArbitrationFee.selector;
        selectors[13] = EscrowHandler.payArbitrationFee.selector; // twice: disputes need both sides to pay
        selectors[14] = EscrowHandler.timeOutArbitration.selector;
        selectors[15] = EscrowHandler.giveRuling.selector;
        selectors[16] = EscrowHandler.claim.selector;
        selectors[17] = EscrowHandler.claimMany.selector;
        selectors[18] = EscrowHandler.withdrawProtocolFees.selector;
        selectors[19] = EscrowHandler.warp.selector;
        selectors[20] = EscrowHandler.warpToDeadline.selector;
        selectors[21] = EscrowHandler.setArbitrationCost.selector;
        selectors[22] = EscrowHandler.setProtocolFee.selector;
        selectors[23] = EscrowHandler.attemptEarly.selector;
        selectors[24] = EscrowHandler.attemptLate.selector;
        selectors[25] = EscrowHandler.attemptUnauthorized.selector;
        selectors[26] = EscrowHandler.payArbitrationFeeFor.selector;
        targetContract(address(_handler));
        targetSelector(FuzzSelector({addr: address(_handler), selectors: selectors}));
    }

    /* ------------------------------------------------------------------ */
    /*                              INVARIANTS                            */
    /* ------------------------------------------------------------------ */

    /// @notice The suite is never vacuous: there are always deals to check.
    function invariant_handlerHasDeals() public view {
        assertGt(_handler.dealCount(), 0, "no deals");
    }

    /// @notice The handler's model held: every step it expected to succeed did, with the exact amounts.
    function invariant_modelHolds() public view {
        assertEq(
            _handler.unexpectedReverts(),
            0,
            string.concat(
                "unexpected revert in ",
                _handler.lastRevertAction(),
                ": ",
                vm.toString(_handler.lastRevertData())
            )
        );
        assertEq(_handler.violations(), 0, _handler.lastViolation());
    }

    /// @notice The escrow's balance is exactly what it owes: open milestones of active deals, full totals of
    ///         offers, unclaimed credits, arbitration deposits it holds, and protocol fees.
    function invariant_balanceEqualsObligations() public view {
        uint256 owed = _escrow.protocolFees(_token);
        uint256 n = _handler.dealCount();
        for (uint256 i; i < n; ++i) {
            Owed memory o = _owed(i);
            owed += o.open + o.held + o.credits;
        }
        assertEq(_usdc.balanceOf(address(_escrow)), owed, "balance != obligations");
    }

    /// @notice The balance also matches the money seen flowing in and out, and the fees accrued per deal add up
    ///         to the fees held plus the fees withdrawn.
    function invariant_balanceMatchesFlows() public view {
        GhostTotals memory g = _handler.totals();
        uint256 inflow = g.funded + g.deposits;
        uint256 outflow = g.toArbitrator + g.claimed + g.feesWithdrawn;
        assertEq(_usdc.balanceOf(address(_escrow)), inflow - outflow, "balance != in - out");

        uint256 fees;
        uint256 n = _handler.dealCount();
        for (uint256 i; i < n; ++i) {
            fees += _handler.ghostOf(_handler.idAt(i)).feesAccrued;
        }
        assertEq(fees, _escrow.protocolFees(_token) + g.feesWithdrawn, "fees accrued != held + out");
    }

    /// @notice Per deal, what came in (funding and deposits) is exactly what is still owed plus what went out
    ///         (claims, protocol fees, costs forwarded to the arbitrator): no deal lives off another's money.
    function invariant_perDealConservation() public view {
        uint256 n = _handler.dealCount();
        for (uint256 i; i < n; ++i) {
            DealGhost memory g = _handler.ghostOf(_handler.idAt(i));
            Owed memory o = _owed(i);
            assertEq(
                g.funded + g.depositsIn,
                o.open + o.held + o.credits + g.claimed + g.feesAccrued + g.toArbitrator,
                string.concat("deal ", vm.toString(i), " does not balance")
            );
        }
    }

    /// @notice No deal pays out more than it was funded; a deal that ended paid out exactly its funding; the count
    ///         of open milestones matches their statuses; no deposit is left on a milestone outside a fee phase
    ///         or an arbitration.
    function invariant_noDealPaysOutMoreThanFunded() public view {
        uint256 n = _handler.dealCount();
        for (uint256 i; i < n; ++i) {
            DealTerms memory t = _handler.termsAt(i);
            bytes32 id = _handler.idAt(i);
            DealGhost memory g = _handler.ghostOf(id);
            DealState memory d = _escrow.getDeal(id);
            assertLe(g.paidOut, g.funded, "paid out more than funded");
            assertLe(g.claimed, g.funded + g.depositsIn - g.toArbitrator, "claimed more than came in");

            uint256 open;
            for (uint256 m; m < t.milestones.length; ++m) {
                MilestoneStatus s = _status(id, m);
                if (_isOpen(s)) ++open;
                if (s != MilestoneStatus.FeesPending && s != MilestoneStatus.InArbitration) {
                    Arbitration memory a = _escrow.getArbitration(id, m);
                    assertEq(uint256(a.brandFee) + a.influencerFee, 0, "deposit stranded on a milestone");
                }
            }
            if (d.status == DealStatus.Offered) {
                assertEq(g.paidOut, 0, "offer paid out");
                assertEq(d.openMilestones, t.milestones.length, "offer milestones");
            } else if (d.status == DealStatus.Active) {
                assertEq(d.openMilestones, open, "open milestone count");
                assertGt(open, 0, "active deal without open milestone");
            } else {
                assertEq(g.paidOut, g.funded, "ended deal did not pay out its funding");
                assertEq(d.openMilestones, 0, "ended deal with open milestones");
                assertEq(open, 0, "ended deal with open milestone status");
            }
        }
    }

    /// @notice Liveness: whatever state the sequence left, once every deadline has passed, permissionless calls
    ///         (reclaimOffer, releaseAfterReview, reclaimMilestone, timeOutArbitration) and the arbitrator's
    ///         ruling bring every milestone to a final state; then both parties claim everything and the escrow
    ///         holds only protocol fees, which the fee recipient withdraws. Runs on a state snapshot, reverted.
    function invariant_everyDealCanBeClosedAndDrained() public {
        uint256 n = _handler.dealCount();
        assertGt(n, 0, "no deals to close");
        uint256 snapshot = vm.snapshotState();
        vm.warp(block.timestamp + 800 days); // past every acceptBy, deliver-by, review, revision and fee deadline

        for (uint256 i; i < n; ++i) {
            _closeDeal(i);
        }
        for (uint256 i; i < n; ++i) {
            _claimAll(i);
        }
        uint256 fees = _escrow.protocolFees(_token);
        assertEq(_usdc.balanceOf(address(_escrow)), fees, "escrow holds more than protocol fees");
        if (fees > 0) {
            vm.prank(FEE_RECIPIENT);
            _escrow.withdrawProtocolFees(_token, FEE_RECIPIENT);
        }
        assertEq(_usdc.balanceOf(address(_escrow)), 0, "escrow not empty");
        vm.revertToState(snapshot);
    }

    /* ------------------------------------------------------------------ */
    /*                               HELPERS                              */
    /* ------------------------------------------------------------------ */

    function _isOpen(MilestoneStatus s) internal pure returns (bool) {
        return s == MilestoneStatus.AwaitingDelivery || s == MilestoneStatus.InReview
            || s == MilestoneStatus.FeesPending || s == MilestoneStatus.InArbitration;
    }

    function _owed(uint256 i) internal view returns (Owed memory o) {
        DealTerms memory t = _handler.termsAt(i);
        bytes32 id = _handler.idAt(i);
        DealState memory d = _escrow.getDeal(id);
        o.credits = uint256(d.brandCredit) + d.influencerCredit;
        if (d.status == DealStatus.Offered) {
            o.open = _total(t);
            return o;
        }
        if (d.status != DealStatus.Active) return o;
        for (uint256 m; m < t.milestones.length; ++m) {
            MilestoneStatus s = _status(id, m);
            if (!_isOpen(s)) continue;
            o.open += t.milestones[m].amount;
            Arbitration memory a = _escrow.getArbitration(id, m);
            // In arbitration, one cost went to the arbitrator: the escrow holds the other (recorded as brandFee).
            if (s == MilestoneStatus.FeesPending) o.held += uint256(a.brandFee) + a.influencerFee;
            else if (s == MilestoneStatus.InArbitration) o.held += a.brandFee;
        }
    }

    /// @dev Past every deadline, brings deal `i` to an end with the permissionless step (or ruling) that fits
    ///      each open milestone, and checks that it ended.
    function _closeDeal(uint256 i) internal {
        DealTerms memory t = _handler.termsAt(i);
        bytes32 id = _handler.idAt(i);
        DealStatus status = _escrow.getDeal(id).status;
        if (status == DealStatus.Offered) {
            vm.prank(STRANGER);
            _escrow.reclaimOffer(t);
        } else if (status == DealStatus.Active) {
            for (uint256 m; m < t.milestones.length; ++m) {
                MilestoneStatus s = _status(id, m);
                if (!_isOpen(s)) continue;
                if (s == MilestoneStatus.InArbitration) {
                    uint256 ruling = uint256(keccak256(abi.encode(id, m))) % 10_002;
                    _arbitrator.giveRuling(_escrow.getArbitration(id, m).disputeId, ruling);
                    continue;
                }
                vm.prank(STRANGER);
                if (s == MilestoneStatus.AwaitingDelivery) _escrow.reclaimMilestone(t, m);
                else if (s == MilestoneStatus.InReview) _escrow.releaseAfterReview(t, m);
                else _escrow.timeOutArbitration(t, m);
                assertFalse(_isOpen(_status(id, m)), "milestone still open");
            }
        }
        DealState memory d = _escrow.getDeal(id);
        assertTrue(
            d.status == DealStatus.Closed || d.status == DealStatus.Declined || d.status == DealStatus.Expired,
            "deal not ended"
        );
        assertEq(d.openMilestones, 0, "open milestones left");
    }

    /// @dev Both parties of deal `i` claim their whole credit.
    function _claimAll(uint256 i) internal {
        DealTerms memory t = _handler.termsAt(i);
        bytes32 id = _handler.idAt(i);
        DealKey memory key = _escrow.dealKey(t);
        DealState memory d = _escrow.getDeal(id);
        _claimExact(key, t.brand, d.brandCredit);
        _claimExact(key, t.influencer, d.influencerCredit);
        _assertCredits(id, 0, 0);
    }

    function _claimExact(DealKey memory key, address claimant, uint256 credit) internal {
        if (credit == 0) return;
        uint256 before = _usdc.balanceOf(claimant);
        vm.prank(claimant);
        _escrow.claim(key, claimant);
        assertEq(_usdc.balanceOf(claimant) - before, credit, "claimed other than the credit");
    }
}
