// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Exclusivity, ExclusivityStatus} from "../../contracts/interfaces/IExclusivityRegistry.sol";
import {Holdback, HoldbackStatus, IHoldbackVault} from "../../contracts/interfaces/IHoldbackVault.sol";
import {IRightsCertificate} from "../../contracts/interfaces/IRightsCertificate.sol";
import {
    Arbitration, DealState, DealStatus, DealTerms, HoldbackContext, MilestoneStatus
} from "../../contracts/types/DealTypes.sol";
import {
    DealLifecycleHandler,
    LifecycleBreachCriteria,
    LifecycleDeal,
    LifecycleGhost,
    LifecycleTotals
} from "./handlers/DealLifecycleHandler.sol";
import {EscrowTestBase} from "./utils/EscrowTestBase.sol";

/// @notice Invariants of exclusive deals end to end, on the real stack (the escrow with the exclusivity registry and
///         the holdback vault it deploys, the rights certificate, a TestArbitrator ruling by hand), under random
///         sequences of offers with exclusivity windows on two topics, holdbacks and rights, answers, deliveries,
///         payouts, disputes and rulings, holdback releases, breach claims and rulings, claims from both contracts,
///         certificate mints and time passing:
///         (a) an influencer never holds two overlapping active exclusivities on one topic with different brands;
///         (b) a rights certificate exists only for a paid deal (rights bought, closed, completed), and only once;
///         (c) holdback money is always locked, released or refunded: the vault holds exactly what is locked plus
///             every credit, and the escrow exactly its open obligations.
contract DealLifecycleInvariantTest is EscrowTestBase {
    DealLifecycleHandler internal _handler;
    IRightsCertificate internal _certificate;

    function setUp() public override {
        super.setUp();
        _certificate =
            IRightsCertificate(deployCode("RightsCertificate.sol:RightsCertificate", abi.encode(address(_escrow))));
        _handler = new DealLifecycleHandler(_escrow, _certificate, _usdc, _arbitrator, STRANGER);
        vm.label(address(_certificate), "certificate");
        vm.label(address(_handler), "handler");
        vm.label(address(_escrow.exclusivityRegistry()), "registry");
        vm.label(address(_escrow.holdbackVault()), "vault");
        // Seed four offers and accept them, so that the invariants check real deals from the first call on.
        for (uint256 i; i < 4; ++i) {
            _handler.offerDeal(i, i + 1, i + 2, i + 3);
        }
        for (uint256 i; i < 4; ++i) {
            _handler.acceptDeal(i);
        }
        assertEq(_handler.dealCount(), 4, "seed deals");

        bytes4[] memory selectors = new bytes4[](22);
        selectors[0] = DealLifecycleHandler.offerDeal.selector;
        selectors[1] = DealLifecycleHandler.offerDeal.selector; // twice: conflicts need several exclusive offers
        selectors[2] = DealLifecycleHandler.acceptDeal.selector;
        selectors[3] = DealLifecycleHandler.acceptDeal.selector;
        selectors[4] = DealLifecycleHandler.declineDeal.selector;
        selectors[5] = DealLifecycleHandler.reclaimOffer.selector;
        selectors[6] = DealLifecycleHandler.submitDeliverable.selector;
        selectors[7] = DealLifecycleHandler.submitDeliverable.selector; // twice, like approvals: fully paid deals
        selectors[8] = DealLifecycleHandler.approveMilestone.selector;
        selectors[9] = DealLifecycleHandler.approveMilestone.selector; // are the only ones with a certificate
        selectors[10] = DealLifecycleHandler.refundMilestone.selector;
        selectors[11] = DealLifecycleHandler.releaseAfterReview.selector;
        selectors[12] = DealLifecycleHandler.reclaimMilestone.selector;
        selectors[13] = DealLifecycleHandler.dispute.selector;
        selectors[14] = DealLifecycleHandler.ruleDispute.selector;
        selectors[15] = DealLifecycleHandler.warp.selector;
        selectors[16] = DealLifecycleHandler.releaseHoldback.selector;
        selectors[17] = DealLifecycleHandler.fileBreachClaim.selector;
        selectors[18] = DealLifecycleHandler.ruleBreachClaim.selector;
        selectors[19] = DealLifecycleHandler.claimEscrow.selector;
        selectors[20] = DealLifecycleHandler.claimVault.selector;
        selectors[21] = DealLifecycleHandler.mintCertificate.selector;
        targetContract(address(_handler));
        targetSelector(FuzzSelector({addr: address(_handler), selectors: selectors}));
    }

    /* ------------------------------------------------------------------ */
    /*                              INVARIANTS                            */
    /* ------------------------------------------------------------------ */

    /// @notice The handler's model held: every step it expected to succeed did, with the exact amounts and
    ///         statuses, and every refused step (conflicting accept, mint) was refused with the exact error.
    function invariant_modelHolds() public view {
        assertEq(
            _handler.unexpectedReverts(),
            0,
            string.concat(
                "unexpected revert in ", _handler.lastRevertAction(), ": ", vm.toString(_handler.lastRevertData())
            )
        );
        assertEq(_handler.violations(), 0, _handler.lastViolation());
    }

    /// @notice (a) No two active exclusivities of one influencer on one topic with different brands overlap while
    ///         both are held (not expired), and when two active windows overlap at all, the later one was accepted
    ///         only after the earlier one had expired (an expired window binds nothing any more).
    function invariant_noOverlappingActiveExclusivities() public view {
        uint256 n = _handler.dealCount();
        LifecycleDeal[] memory deals = new LifecycleDeal[](n);
        Exclusivity[] memory records = new Exclusivity[](n);
        uint256[] memory activatedAt = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            deals[i] = _handler.dealAt(i);
            records[i] = _escrow.exclusivityRegistry().getExclusivity(deals[i].id);
            activatedAt[i] = _handler.ghostOf(deals[i].id).activatedAt;
        }
        for (uint256 i; i < n; ++i) {
            if (records[i].status != ExclusivityStatus.Active) continue;
            for (uint256 j = i + 1; j < n; ++j) {
                if (!_rivals(deals[i], deals[j], records[i], records[j])) continue;
                Exclusivity memory x = records[i];
                Exclusivity memory y = records[j];
                assertFalse(x.until >= block.timestamp && y.until >= block.timestamp, "overlapping exclusivities held");
                // The one accepted later was accepted after the other's window had passed.
                if (activatedAt[i] <= activatedAt[j]) assertLt(x.until, activatedAt[j], "accepted over a held overlap");
                else assertLt(y.until, activatedAt[i], "accepted over a held overlap");
            }
        }
    }

    /// @notice (b) A certificate exists only for a deal whose rights the escrow records as bought, closed and
    ///         completed, minted to its brand, and at most once; rights are bought exactly when the model says the
    ///         deal was paid (every milestone final with a share above zero).
    function invariant_certificateOnlyForPaidDeals() public view {
        uint256 n = _handler.dealCount();
        for (uint256 i; i < n; ++i) {
            LifecycleDeal memory info = _handler.dealAt(i);
            LifecycleGhost memory g = _handler.ghostOf(info.id);
            bool bought = _escrow.rightsBought(info.id);
            DealState memory d = _escrow.getDeal(info.id);
            assertEq(bought, _handler.modelPaid(i), "rightsBought differs from the model");
            if (bought) {
                assertEq(uint8(d.status), uint8(DealStatus.Closed), "bought but not closed");
                assertTrue(d.completed, "bought but not completed");
            }
            assertLe(g.mints, 1, "minted twice");
            (bool exists, address owner) = _ownerOf(uint256(info.id));
            assertEq(exists, g.mints == 1, "certificate existence differs from the mints seen");
            if (exists) {
                assertTrue(bought, "certificate of an unpaid deal");
                assertEq(owner, info.brand, "certificate not held by the brand");
            }
        }
    }

    /// @notice (c) The vault's token balance is exactly what is locked plus every unclaimed credit, and every amount
    ///         the escrow handed to the vault is locked, credited or claimed (per deal and in total).
    function invariant_holdbackMoneyIsLockedReleasedOrRefunded() public view {
        uint256 n = _handler.dealCount();
        uint256 owed;
        for (uint256 i; i < n; ++i) {
            bytes32 id = _handler.dealAt(i).id;
            Holdback memory h = _escrow.holdbackVault().getHoldback(id);
            uint256 dealOwed = uint256(h.held) + h.brandCredit + _escrow.holdbackVault().influencerCredit(id);
            LifecycleGhost memory g = _handler.ghostOf(id);
            if (g.heldIn != dealOwed + g.vaultClaimed) {
                assertEq(g.heldIn, dealOwed + g.vaultClaimed, string.concat("deal ", vm.toString(i), " leaks"));
            }
            owed += dealOwed;
        }
        LifecycleTotals memory totals = _handler.totals();
        assertEq(_usdc.balanceOf(address(_escrow.holdbackVault())), owed, "vault balance != held + credits");
        assertEq(totals.intoVault, owed + totals.vaultClaimed, "into the vault != held + credits + claimed");
    }

    /// @notice (c) The escrow's balance is exactly its obligations: full totals of offers (rights price included),
    ///         open milestones and the unsettled rights price of active deals, arbitration fees it holds, unclaimed
    ///         credits and protocol fees.
    function invariant_escrowBalanceEqualsObligations() public view {
        uint256 owed = _escrow.protocolFees(_token);
        uint256 n = _handler.dealCount();
        for (uint256 i; i < n; ++i) {
            owed += _owed(i);
        }
        assertEq(_usdc.balanceOf(address(_escrow)), owed, "escrow balance != obligations");
    }

    /* ------------------------------------------------------------------ */
    /*                         HANDLER REACH (NOT FUZZED)                 */
    /* ------------------------------------------------------------------ */

    /// @notice The handler is not vacuous: a fixed pseudo-random walk of 1,500 steps reaches an accepted
    ///         exclusivity, a conflict refusal, a holdback hold, a holdback release, a breach ruling and a mint
    ///         (with every other action), and every invariant holds along the way.
    function test_handler_randomWalkReachesEveryAction() public {
        string[22] memory actions = [
            "offerDeal",
            "offerExclusive",
            "offerHoldback",
            "offerRights",
            "acceptDeal",
            "acceptExclusive",
            "conflictRefused",
            "declineDeal",
            "reclaimOffer",
            "submitDeliverable",
            "approveMilestone",
            "refundMilestone",
            "releaseAfterReview",
            "dispute",
            "ruleDispute",
            "holdbackHeld",
            "releaseHoldbackNonZero",
            "fileBreachClaim",
            "ruleBreachClaim",
            "claimVault",
            "mintCertificate",
            "mintTwiceRefused"
        ];
        for (uint256 step; step < 1_500; ++step) {
            uint256 seed = uint256(keccak256(abi.encode("lifecycle walk", step)));
            _step(seed % 22, seed >> 8);
            if (step % 100 == 0) _checkAll();
        }
        _checkAll();
        string memory reach = "";
        string[6] memory extra =
            ["reclaimMilestone", "claimEscrow", "mintRefused", "exclusivityEndedEarly", "releaseHoldback", "warp"];
        for (uint256 i; i < actions.length; ++i) {
            reach = string.concat(reach, actions[i], "=", vm.toString(_handler.done(actions[i])), " ");
        }
        for (uint256 i; i < extra.length; ++i) {
            reach = string.concat(reach, extra[i], "=", vm.toString(_handler.done(extra[i])), " ");
        }
        reach = string.concat(
            reach, "acceptOverlapsExpiredWindow=", vm.toString(_handler.done("acceptOverlapsExpiredWindow"))
        );
        emit log(reach); // shown with -vv
        for (uint256 i; i < actions.length; ++i) {
            assertGt(_handler.done(actions[i]), 0, string.concat("never reached: ", actions[i], " in ", reach));
        }
    }

    /// @dev One handler action, chosen like the fuzzer does among the target selectors.
    function _step(uint256 action, uint256 seed) internal {
        uint256 a = seed;
        uint256 b = seed >> 64;
        uint256 c = seed >> 128;
        if (action <= 1) _handler.offerDeal(a, b, c, seed >> 192);
        else if (action <= 3) _handler.acceptDeal(a);
        else if (action == 4) _handler.declineDeal(a);
        else if (action == 5) _handler.reclaimOffer(a);
        else if (action <= 7) _handler.submitDeliverable(a);
        else if (action <= 9) _handler.approveMilestone(a);
        else if (action == 10) _handler.refundMilestone(a);
        else if (action == 11) _handler.releaseAfterReview(a);
        else if (action == 12) _handler.reclaimMilestone(a);
        else if (action == 13) _handler.dispute(a, b, c % 2 == 0);
        else if (action == 14) _handler.ruleDispute(a, b);
        else if (action == 15) _handler.warp(a);
        else if (action == 16) _handler.releaseHoldback(a);
        else if (action == 17) _handler.fileBreachClaim(a);
        else if (action == 18) _handler.ruleBreachClaim(a, b);
        else if (action == 19) _handler.claimEscrow(a, b % 2 == 0);
        else if (action == 20) _handler.claimVault(a, b % 2 == 0);
        else _handler.mintCertificate(a, b);
    }

    function _checkAll() internal view {
        invariant_modelHolds();
        invariant_noOverlappingActiveExclusivities();
        invariant_certificateOnlyForPaidDeals();
        invariant_holdbackMoneyIsLockedReleasedOrRefunded();
        invariant_escrowBalanceEqualsObligations();
    }

    /* ------------------------------------------------------------------ */
    /*                       FOCUSED CHECK (NOT FUZZED)                   */
    /* ------------------------------------------------------------------ */

    /// @notice {IHoldbackVault-fileBreachClaim}: "The brand, while the exclusivity is in force and something is held,
    ///         files a breach claim". A claim filed before the exclusivity window starts must be refused.
    /// @dev FAILS on the contracts as written: the vault checks only that the window has not ended
    ///      (`block.timestamp <= endOf`), never that it started (`exclusiveFrom <= block.timestamp`, what
    ///      `ExclusivityRegistry.isInForce` checks), and the escrow holds back payouts made before the window starts.
    ///      So the brand can take the holdback to the court (locking it until the ruling) before the influencer is
    ///      bound by anything. No error exists for this refusal yet, so any revert passes here.
    function test_breachClaim_refusedBeforeTheExclusivityIsInForce() public {
        DealTerms memory t = _terms1(1_000e6);
        t.exclusiveTopic = 3;
        t.exclusiveFrom = uint40(block.timestamp + 10 days);
        t.exclusiveUntil = uint40(block.timestamp + 40 days);
        t.holdbackBps = 2_500;
        t.breachCriteriaHash = keccak256(abi.encode(LifecycleBreachCriteria.get()));
        bytes32 id = _createAccepted(t);
        vm.prank(BRAND);
        _escrow.approveMilestone(t, 0); // paid before the window starts: a quarter of the net is held back
        IHoldbackVault vault = _escrow.holdbackVault();
        assertEq(vault.getHoldback(id).held, (1_000e6 - 10e6) / 4, "held");
        assertFalse(_escrow.exclusivityRegistry().isInForce(id), "the exclusivity is not in force yet");

        HoldbackContext memory c = HoldbackContext({
            dealId: id,
            brand: t.brand,
            influencer: t.influencer,
            token: t.token,
            until: t.exclusiveUntil,
            language: t.language,
            topic: t.topic,
            briefHash: t.briefHash,
            breachCriteriaHash: t.breachCriteriaHash
        });
        vm.startPrank(BRAND);
        _usdc.approve(address(vault), ARBITRATION_COST);
        vm.expectRevert(
            abi.encodeWithSelector(
                IHoldbackVault.HoldbackWindowNotStarted.selector, id, t.exclusiveFrom, block.timestamp
            )
        );
        vault.fileBreachClaim(c, LifecycleBreachCriteria.get(), "ipfs://evidence");
        // From the window's first second on, the claim is filed.
        vm.warp(t.exclusiveFrom);
        vault.fileBreachClaim(c, LifecycleBreachCriteria.get(), "ipfs://evidence");
        vm.stopPrank();
        assertEq(uint256(vault.getHoldback(id).status), uint256(HoldbackStatus.InArbitration), "claim filed");
    }

    /* ------------------------------------------------------------------ */
    /*                               HELPERS                              */
    /* ------------------------------------------------------------------ */

    /// @dev Whether two deals hold active exclusivities of one influencer on one topic with different brands whose
    ///      windows overlap.
    function _rivals(LifecycleDeal memory a, LifecycleDeal memory b, Exclusivity memory x, Exclusivity memory y)
        internal
        pure
        returns (bool)
    {
        return a.influencer == b.influencer && a.brand != b.brand && x.status == ExclusivityStatus.Active
            && y.status == ExclusivityStatus.Active && x.topic == y.topic && x.from <= y.until && y.from <= x.until;
    }

    /// @dev What the escrow owes because of deal `i`, read from its state.
    function _owed(uint256 i) internal view returns (uint256 owed) {
        DealTerms memory t = _handler.termsAt(i);
        bytes32 id = _handler.dealAt(i).id;
        DealState memory d = _escrow.getDeal(id);
        owed = uint256(d.brandCredit) + d.influencerCredit;
        if (d.status == DealStatus.Offered) return owed + _total(t) + t.rightsPrice;
        if (d.status != DealStatus.Active) return owed;
        owed += t.rightsPrice; // settled when the deal closes
        for (uint256 m; m < t.milestones.length; ++m) {
            MilestoneStatus s = _status(id, m);
            if (s == MilestoneStatus.FeesPending || s == MilestoneStatus.InArbitration) {
                Arbitration memory a = _escrow.getArbitration(id, m);
                // In arbitration, one cost went to the arbitrator: the escrow holds the other (recorded as brandFee).
                owed += s == MilestoneStatus.FeesPending ? uint256(a.brandFee) + a.influencerFee : a.brandFee;
            }
            if (uint8(s) <= uint8(MilestoneStatus.InArbitration)) owed += t.milestones[m].amount;
        }
    }

    function _ownerOf(uint256 tokenId) internal view returns (bool exists, address owner) {
        try _certificate.ownerOf(tokenId) returns (address holder) {
            return (true, holder);
        } catch {
            return (false, address(0));
        }
    }
}
