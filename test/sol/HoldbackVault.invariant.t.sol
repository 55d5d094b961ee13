// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Test} from "forge-std/Test.sol";

import {HoldbackVault} from "../../contracts/HoldbackVault.sol";
import {Holdback, HoldbackStatus} from "../../contracts/interfaces/IHoldbackVault.sol";
import {MockUSDC} from "../../contracts/mocks/MockUSDC.sol";
import {TestArbitrator} from "../../contracts/mocks/TestArbitrator.sol";
import {HoldbackContext} from "../../contracts/types/DealTypes.sol";
import {HoldbackGhost, HoldbackHandler} from "./handlers/HoldbackHandler.sol";

/// @notice Invariants of {HoldbackVault} under random sequences of opens, holds, releases, breach claims, rulings,
///         claims, time passing, exclusivities ended early and arbitration costs changing, over several deals. The
///         money rules: the vault holds exactly what is locked plus every credit; every amount ever held is locked,
///         credited or claimed (no holdback money is lost or created); no status goes backwards; and whatever
///         happened, every holdback can be resolved and the vault emptied.
contract HoldbackVaultInvariantTest is Test {
    uint256 public constant START = 1_750_000_000;
    uint256 public constant ARBITRATION_COST = 25e6;

    address public immutable OWNER = makeAddr("owner");
    address public immutable STRANGER = makeAddr("stranger");
    address public immutable PAYEE = makeAddr("payee");

    MockUSDC internal _usdc;
    TestArbitrator internal _arbitrator;
    HoldbackHandler internal _handler;
    HoldbackVault internal _vault;

    function setUp() public {
        vm.warp(START);
        _usdc = new MockUSDC(OWNER);
        _arbitrator = new TestArbitrator();
        _arbitrator.setCost(IERC20(address(_usdc)), ARBITRATION_COST);
        _handler = new HoldbackHandler(_usdc, _arbitrator, STRANGER, PAYEE);
        _vault = _handler.VAULT();
        vm.label(address(_handler), "handler (escrow)");
        vm.label(address(_vault), "vault");
        // Seed three deals, two with a holdback and one with a pending claim, so that the invariants check real
        // holdbacks from the first call on.
        _handler.openDeal(0, 10 days);
        _handler.openDeal(1, 20 days);
        _handler.openDeal(2, 30 days);
        _handler.hold(0, 101e6 + 1); // not a multiple of 5: a real amount, not a tiny one
        _handler.hold(1, 202e6 + 1);
        _handler.fileBreachClaim(1);
        assertEq(_handler.dealCount(), 3, "seed deals");
        assertEq(_handler.done("fileBreachClaim"), 1, "seed claim");

        bytes4[] memory selectors = new bytes4[](11);
        selectors[0] = HoldbackHandler.openDeal.selector;
        selectors[1] = HoldbackHandler.hold.selector;
        selectors[2] = HoldbackHandler.hold.selector; // twice: holds are the escrow's most frequent call
        selectors[3] = HoldbackHandler.release.selector;
        selectors[4] = HoldbackHandler.fileBreachClaim.selector;
        selectors[5] = HoldbackHandler.giveRuling.selector;
        selectors[6] = HoldbackHandler.claim.selector;
        selectors[7] = HoldbackHandler.warp.selector;
        selectors[8] = HoldbackHandler.endEarly.selector;
        selectors[9] = HoldbackHandler.setArbitrationCost.selector;
        selectors[10] = HoldbackHandler.attemptOutOfWindow.selector;
        targetContract(address(_handler));
        targetSelector(FuzzSelector({addr: address(_handler), selectors: selectors}));
    }

    /* ------------------------------------------------------------------ */
    /*                              INVARIANTS                            */
    /* ------------------------------------------------------------------ */

    /// @notice The suite is never vacuous: there are always holdbacks to check.
    function invariant_handlerHasDeals() public view {
        assertGt(_handler.dealCount(), 0, "no deals");
    }

    /// @notice The handler's model held: every step it expected to succeed did, with the exact amounts, and every
    ///         refused step was refused with the exact error.
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

    /// @notice The vault's token balance is exactly the sum of what is held and of every unclaimed credit.
    function invariant_balanceEqualsLockedPlusCredits() public view {
        uint256 owed;
        uint256 n = _handler.dealCount();
        for (uint256 i; i < n; ++i) {
            (uint256 locked, uint256 credits) = _owed(i);
            owed += locked + credits;
        }
        assertEq(_usdc.balanceOf(address(_vault)), owed, "balance != held + credits");
    }

    /// @notice Holdback money is always locked, credited or claimed: over all deals and per deal, the total ever
    ///         held equals what is locked plus what is credited plus what was claimed.
    function invariant_everythingHeldIsLockedCreditedOrClaimed() public view {
        uint256 locked;
        uint256 credited;
        uint256 n = _handler.dealCount();
        for (uint256 i; i < n; ++i) {
            (uint256 dealLocked, uint256 dealCredits) = _owed(i);
            HoldbackGhost memory g = _handler.ghostOf(_handler.contextAt(i).dealId);
            assertEq(
                g.held, dealLocked + dealCredits + g.claimed, string.concat("deal ", vm.toString(i), " leaks")
            );
            locked += dealLocked;
            credited += dealCredits;
        }
        assertEq(_handler.totalHeld(), locked + credited + _handler.totalClaimed(), "held != locked + credited + out");
    }

    /// @notice No status goes backwards (None, Holding, InArbitration, Resolved) and a resolved share never changes.
    function invariant_statusNeverGoesBackwards() public view {
        assertEq(_handler.regressions(), 0, _handler.lastViolation());
    }

    /// @notice Each status means what it says: nothing is locked before the first hold or once resolved, and a
    ///         holdback in arbitration has its filed claim, whose dispute points back to the deal.
    function invariant_statusesAreConsistent() public view {
        uint256 n = _handler.dealCount();
        for (uint256 i; i < n; ++i) {
            bytes32 id = _handler.contextAt(i).dealId;
            Holdback memory h = _vault.getHoldback(id);
            (bool filed, uint256 disputeId) = _vault.breachClaimOf(id);
            if (h.status == HoldbackStatus.None || h.status == HoldbackStatus.Resolved) {
                assertEq(h.held, 0, "locked without a pending holdback");
            }
            if (h.status == HoldbackStatus.None) {
                assertEq(uint256(h.brandCredit) + _vault.influencerCredit(id), 0, "credit before any hold");
            }
            if (h.status == HoldbackStatus.InArbitration) {
                assertTrue(filed, "in arbitration without a claim");
                assertEq(_vault.dealOfDispute(disputeId), id, "dispute does not point back");
            } else if (h.status != HoldbackStatus.Resolved) {
                assertFalse(filed, "claim filed but not in arbitration");
            }
            if (h.status != HoldbackStatus.Resolved) assertEq(h.influencerShareBps, 0, "share before resolution");
        }
    }

    /// @notice Liveness: whatever state the sequence left, once every exclusivity is over, the court's rulings and
    ///         permissionless releases resolve every holdback; then both parties claim everything and the vault is
    ///         empty. Runs on a state snapshot, reverted.
    function invariant_everyHoldbackCanBeResolvedAndDrained() public {
        uint256 n = _handler.dealCount();
        uint256 snapshot = vm.snapshotState();
        vm.warp(block.timestamp + 400 days); // past every exclusivity window
        for (uint256 i; i < n; ++i) {
            HoldbackContext memory c = _handler.contextAt(i);
            HoldbackStatus status = _vault.getHoldback(c.dealId).status;
            if (status == HoldbackStatus.InArbitration) {
                (, uint256 disputeId) = _vault.breachClaimOf(c.dealId);
                _arbitrator.giveRuling(disputeId, uint256(c.dealId) % 10_002);
            } else if (status != HoldbackStatus.Resolved) {
                vm.prank(STRANGER);
                _vault.release(c);
            }
            assertEq(uint256(_vault.getHoldback(c.dealId).status), uint256(HoldbackStatus.Resolved), "unresolved");
        }
        for (uint256 i; i < n; ++i) {
            HoldbackContext memory c = _handler.contextAt(i);
            _claimAll(c, c.brand, _vault.getHoldback(c.dealId).brandCredit);
            _claimAll(c, c.influencer, _vault.influencerCredit(c.dealId));
        }
        assertEq(_usdc.balanceOf(address(_vault)), 0, "vault not empty");
        vm.revertToState(snapshot);
    }

    /* ------------------------------------------------------------------ */
    /*                               HELPERS                              */
    /* ------------------------------------------------------------------ */

    /// @dev What the vault owes because of deal `i`: its locked amount and its unclaimed credits.
    function _owed(uint256 i) internal view returns (uint256 locked, uint256 credits) {
        bytes32 id = _handler.contextAt(i).dealId;
        Holdback memory h = _vault.getHoldback(id);
        locked = h.held;
        credits = uint256(h.brandCredit) + _vault.influencerCredit(id);
    }

    function _claimAll(HoldbackContext memory c, address claimant, uint256 credit) internal {
        if (credit == 0) return;
        uint256 before = _usdc.balanceOf(claimant);
        vm.prank(claimant);
        _vault.claim(c, claimant);
        assertEq(_usdc.balanceOf(claimant) - before, credit, "claimed other than the credit");
    }
}
