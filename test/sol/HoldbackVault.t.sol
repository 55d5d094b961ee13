// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Test} from "forge-std/Test.sol";

import {ExclusivityRegistry} from "../../contracts/ExclusivityRegistry.sol";
import {HoldbackVault} from "../../contracts/HoldbackVault.sol";
import {IArbitrableV2} from "../../contracts/interfaces/arbitration/IArbitrableV2.sol";
import {IArbitratorV2} from "../../contracts/interfaces/arbitration/IArbitratorV2.sol";
import {Holdback, HoldbackStatus, IHoldbackVault} from "../../contracts/interfaces/IHoldbackVault.sol";
import {FeeOnTransferToken} from "../../contracts/mocks/HostileTokens.sol";
import {MockUSDC} from "../../contracts/mocks/MockUSDC.sol";
import {TestArbitrator} from "../../contracts/mocks/TestArbitrator.sol";
import {DisputeContext, HoldbackContext, Question} from "../../contracts/types/DealTypes.sol";

/// @notice A token that calls `onTokenReceived` on every contract it pays, to let a claimant re-enter the vault.
/// @dev Test only.
contract CallbackToken is ERC20 {
    constructor() ERC20("Callback", "CBT") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (from != address(0) && to.code.length > 0) ReentrantClaimer(to).onTokenReceived(value);
    }
}

/// @notice An influencer that, when paid, claims again from the vault and records what the second call answered.
/// @dev Test only.
contract ReentrantClaimer {
    IHoldbackVault public immutable VAULT;
    HoldbackContext internal _context;
    bool internal _armed;
    bytes public reentryError;
    uint256 public received;

    constructor(IHoldbackVault vault) {
        VAULT = vault;
    }

    function setContext(HoldbackContext calldata context) external {
        _context = context;
    }

    function claim() external returns (uint256) {
        _armed = true;
        return VAULT.claim(_context, address(this));
    }

    function onTokenReceived(uint256 value) external {
        received += value;
        if (!_armed) return;
        _armed = false;
        try VAULT.claim(_context, address(this)) {
            reentryError = "claimed twice";
        } catch (bytes memory reason) {
            reentryError = reason;
        }
    }
}

/// @notice Concrete and fuzz tests of {HoldbackVault}. The test contract is the escrow: it deploys the real
///         exclusivity registry and the vault, reserves and activates exclusivities, opens holdbacks, sends tokens
///         to the vault and calls `hold`, as DealEscrow does.
contract HoldbackVaultTest is Test {
    uint256 public constant ARBITRATION_COST = 25e6;
    uint256 public constant BPS = 10_000;
    uint256 public constant START = 1_750_000_000;
    uint40 public constant WINDOW = 30 days;
    uint256 public constant AMOUNT = 1_000e6;
    uint256 public constant INITIAL_BALANCE = 1_000_000e6;
    bytes2 public constant LANGUAGE = "fr";
    uint8 public constant TOPIC = 1;
    uint8 public constant EXCLUSIVE_TOPIC = 2;

    address public immutable OWNER = makeAddr("owner");
    address public immutable BRAND = makeAddr("brand");
    address public immutable INFLUENCER = makeAddr("influencer");
    address public immutable STRANGER = makeAddr("stranger");
    address public immutable PAYEE = makeAddr("payee");

    MockUSDC internal _usdc;
    TestArbitrator internal _arbitrator;
    ExclusivityRegistry internal _registry;
    HoldbackVault internal _vault;
    uint256 internal _nonce;

    function setUp() public {
        vm.warp(START);
        _usdc = new MockUSDC(OWNER);
        _arbitrator = new TestArbitrator();
        _arbitrator.setCost(IERC20(address(_usdc)), ARBITRATION_COST);
        _registry = new ExclusivityRegistry();
        _vault = new HoldbackVault(IArbitratorV2(address(_arbitrator)), _registry);
        vm.label(address(_usdc), "USDC");
        vm.label(address(_arbitrator), "arbitrator");
        vm.label(address(_registry), "registry");
        vm.label(address(_vault), "vault");
        _usdc.mint(BRAND, INITIAL_BALANCE);
        vm.prank(BRAND);
        _usdc.approve(address(_vault), type(uint256).max);
    }

    /* ------------------------------------------------------------------ */
    /*                          CONSTRUCTOR, VIEWS                        */
    /* ------------------------------------------------------------------ */

    function test_constructor_setsConfiguration() public view {
        assertEq(_vault.escrow(), address(this));
        assertEq(address(_vault.arbitrator()), address(_arbitrator));
        assertEq(address(_vault.registry()), address(_registry));
        assertEq(_registry.escrow(), address(this));
        assertEq(_vault.BPS(), 10_000);
        assertEq(_vault.RULING_OPTIONS(), 10_001);
        assertEq(_vault.BREACH_MILESTONE(), 255);
    }

    function test_views_describeAnUnknownDeal() public view {
        bytes32 id = keccak256("unknown");
        Holdback memory h = _vault.getHoldback(id);
        assertEq(h.held, 0);
        assertEq(h.brandCredit, 0);
        assertEq(uint256(h.status), uint256(HoldbackStatus.None));
        assertEq(h.influencerShareBps, 0);
        assertEq(_vault.influencerCredit(id), 0);
        assertEq(_vault.contextHash(id), 0);
        (bool filed, uint256 disputeId) = _vault.breachClaimOf(id);
        assertFalse(filed);
        assertEq(disputeId, 0);
        assertEq(_vault.dealOfDispute(0), 0);
    }

    function test_breachClaimCost_asksTheArbitratorWithTheClaimContext() public {
        HoldbackContext memory c = _context(BRAND, INFLUENCER, IERC20(address(_usdc)));
        assertEq(_vault.breachClaimCost(c, _breachCriteria()), ARBITRATION_COST);
        _arbitrator.setCost(IERC20(address(_usdc)), 7e6);
        assertEq(_vault.breachClaimCost(c, _breachCriteria()), 7e6);
    }

    /* ------------------------------------------------------------------ */
    /*                                 OPEN                               */
    /* ------------------------------------------------------------------ */

    function test_open_storesTheContextHash() public {
        HoldbackContext memory c = _context(BRAND, INFLUENCER, IERC20(address(_usdc)));
        bytes32 hash = keccak256(abi.encode(c));
        vm.expectEmit(address(_vault));
        emit IHoldbackVault.HoldbackOpened(c.dealId, BRAND, INFLUENCER, c);
        _vault.open(c);
        assertEq(_vault.contextHash(c.dealId), hash);
        assertEq(_vault.hashContext(c), hash);
        assertEq(uint256(_vault.getHoldback(c.dealId).status), uint256(HoldbackStatus.None));
    }

    function test_open_revertWhenCallerIsNotEscrow() public {
        HoldbackContext memory c = _context(BRAND, INFLUENCER, IERC20(address(_usdc)));
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(IHoldbackVault.HoldbackOnlyEscrow.selector, STRANGER));
        _vault.open(c);
    }

    function test_open_revertWhenAlreadyOpened() public {
        HoldbackContext memory c = _openDeal();
        c.brand = STRANGER; // another context for the same deal is refused too
        vm.expectRevert(abi.encodeWithSelector(IHoldbackVault.HoldbackAlreadyOpened.selector, c.dealId));
        _vault.open(c);
    }

    /* ------------------------------------------------------------------ */
    /*                                 HOLD                               */
    /* ------------------------------------------------------------------ */

    function test_hold_locksTheAmount() public {
        HoldbackContext memory c = _openDeal();
        _usdc.mint(address(_vault), AMOUNT);
        vm.expectEmit(address(_vault));
        emit IHoldbackVault.HoldbackAdded(c.dealId, AMOUNT, AMOUNT, 0, 0);
        _vault.hold(c.dealId, AMOUNT);
        _assertHoldback(c.dealId, AMOUNT, 0, HoldbackStatus.Holding, 0);
        assertEq(_vault.influencerCredit(c.dealId), 0);
    }

    function test_hold_addsUpWhileHolding() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        _usdc.mint(address(_vault), 300e6);
        vm.expectEmit(address(_vault));
        emit IHoldbackVault.HoldbackAdded(c.dealId, 300e6, AMOUNT + 300e6, 0, 0);
        _vault.hold(c.dealId, 300e6);
        _assertHoldback(c.dealId, AMOUNT + 300e6, 0, HoldbackStatus.Holding, 0);
    }

    function test_hold_addsUpWhileInArbitration() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        uint256 disputeId = _file(c);
        _hold(c.dealId, 500e6);
        _assertHoldback(c.dealId, AMOUNT + 500e6, 0, HoldbackStatus.InArbitration, 0);
        // The ruling splits everything held, including what came during the claim.
        _arbitrator.giveRuling(disputeId, 2_501); // 25 % to the influencer
        _assertHoldback(c.dealId, 0, 1_125e6, HoldbackStatus.Resolved, 2_500);
        assertEq(_vault.influencerCredit(c.dealId), 375e6);
    }

    function test_hold_afterReleaseCreditsTheInfluencerAtOnce() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        _warpPast(c.dealId);
        _vault.release(c);
        _usdc.mint(address(_vault), 200e6);
        vm.expectEmit(address(_vault));
        emit IHoldbackVault.HoldbackAdded(c.dealId, 200e6, 0, 200e6, 0);
        _vault.hold(c.dealId, 200e6);
        _assertHoldback(c.dealId, 0, 0, HoldbackStatus.Resolved, 10_000);
        assertEq(_vault.influencerCredit(c.dealId), AMOUNT + 200e6);
    }

    function test_hold_afterRulingSplitsAtOnce() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        _arbitrator.giveRuling(_file(c), 4_001); // 40 % to the influencer
        _usdc.mint(address(_vault), 333);
        vm.expectEmit(address(_vault));
        emit IHoldbackVault.HoldbackAdded(c.dealId, 333, 0, 133, 200); // 333 * 4_000 / 10_000 = 133.2
        _vault.hold(c.dealId, 333);
        _assertHoldback(c.dealId, 0, 600e6 + 200, HoldbackStatus.Resolved, 4_000);
        assertEq(_vault.influencerCredit(c.dealId), 400e6 + 133);
    }

    function test_hold_afterEmptyReleaseCreditsTheInfluencer() public {
        HoldbackContext memory c = _openDeal();
        _warpPast(c.dealId);
        _vault.release(c);
        _hold(c.dealId, AMOUNT);
        assertEq(_vault.influencerCredit(c.dealId), AMOUNT);
        _assertHoldback(c.dealId, 0, 0, HoldbackStatus.Resolved, 10_000);
    }

    function test_hold_revertWhenCallerIsNotEscrow() public {
        HoldbackContext memory c = _openDeal();
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(IHoldbackVault.HoldbackOnlyEscrow.selector, STRANGER));
        _vault.hold(c.dealId, AMOUNT);
    }

    function test_hold_revertWhenNotOpened() public {
        bytes32 id = keccak256("never opened");
        vm.expectRevert(abi.encodeWithSelector(IHoldbackVault.HoldbackContextMismatch.selector, id, 0, 0));
        _vault.hold(id, AMOUNT);
    }

    function test_hold_revertWhenAmountOverflowsUint96() public {
        HoldbackContext memory c = _openDeal();
        uint256 tooMuch = uint256(type(uint96).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(SafeCast.SafeCastOverflowedUintDowncast.selector, 96, tooMuch));
        _vault.hold(c.dealId, tooMuch);
    }

    /* ------------------------------------------------------------------ */
    /*                                RELEASE                             */
    /* ------------------------------------------------------------------ */

    function test_release_creditsTheInfluencerOnceTheExclusivityEnded() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        _warpPast(c.dealId);
        vm.expectEmit(address(_vault));
        emit IHoldbackVault.HoldbackReleased(c.dealId, STRANGER, AMOUNT);
        vm.prank(STRANGER);
        _vault.release(c);
        _assertHoldback(c.dealId, 0, 0, HoldbackStatus.Resolved, 10_000);
        assertEq(_vault.influencerCredit(c.dealId), AMOUNT);
        (bool filed,) = _vault.breachClaimOf(c.dealId);
        assertFalse(filed);
    }

    function test_release_revertAtTheEndThenWorksOneSecondLater() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        uint256 endsAt = _registry.endOf(c.dealId);
        assertEq(endsAt, c.until);
        vm.warp(endsAt);
        vm.expectRevert(
            abi.encodeWithSelector(IHoldbackVault.HoldbackWindowOpen.selector, c.dealId, endsAt, endsAt)
        );
        _vault.release(c);
        vm.warp(endsAt + 1);
        _vault.release(c);
        assertEq(_vault.influencerCredit(c.dealId), AMOUNT);
    }

    function test_release_revertWhileTheWindowIsOpen() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        vm.expectRevert(
            abi.encodeWithSelector(IHoldbackVault.HoldbackWindowOpen.selector, c.dealId, c.until, START)
        );
        _vault.release(c);
    }

    function test_release_afterAnEarlyEnd() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        vm.warp(START + 3 days);
        _registry.end(c.dealId); // e.g. the deal was refunded
        assertEq(_registry.endOf(c.dealId), START + 3 days);
        vm.expectRevert(
            abi.encodeWithSelector(
                IHoldbackVault.HoldbackWindowOpen.selector, c.dealId, START + 3 days, START + 3 days
            )
        );
        _vault.release(c);
        vm.warp(START + 3 days + 1);
        _vault.release(c);
        assertEq(_vault.influencerCredit(c.dealId), AMOUNT);
    }

    function test_release_withNothingHeld() public {
        HoldbackContext memory c = _openDeal();
        _warpPast(c.dealId);
        vm.expectEmit(address(_vault));
        emit IHoldbackVault.HoldbackReleased(c.dealId, address(this), 0);
        _vault.release(c);
        _assertHoldback(c.dealId, 0, 0, HoldbackStatus.Resolved, 10_000);
        assertEq(_vault.influencerCredit(c.dealId), 0);
    }

    function test_release_revertWhenContextDiffers() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        _warpPast(c.dealId);
        bytes32 expected = keccak256(abi.encode(c));
        c.influencer = STRANGER;
        vm.expectRevert(
            abi.encodeWithSelector(
                IHoldbackVault.HoldbackContextMismatch.selector, c.dealId, expected, keccak256(abi.encode(c))
            )
        );
        _vault.release(c);
    }

    function test_release_revertWhenNotOpened() public {
        HoldbackContext memory c = _context(BRAND, INFLUENCER, IERC20(address(_usdc)));
        vm.expectRevert(
            abi.encodeWithSelector(
                IHoldbackVault.HoldbackContextMismatch.selector, c.dealId, bytes32(0), keccak256(abi.encode(c))
            )
        );
        _vault.release(c);
    }

    function test_release_revertWhenInArbitration() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        _file(c);
        _warpPast(c.dealId);
        vm.expectRevert(
            abi.encodeWithSelector(
                IHoldbackVault.HoldbackUnexpectedStatus.selector,
                c.dealId,
                HoldbackStatus.InArbitration,
                HoldbackStatus.Holding
            )
        );
        _vault.release(c);
    }

    function test_release_revertWhenAlreadyResolved() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        _warpPast(c.dealId);
        _vault.release(c);
        vm.expectRevert(
            abi.encodeWithSelector(
                IHoldbackVault.HoldbackUnexpectedStatus.selector,
                c.dealId,
                HoldbackStatus.Resolved,
                HoldbackStatus.Holding
            )
        );
        _vault.release(c);
    }

    /* ------------------------------------------------------------------ */
    /*                             BREACH CLAIM                           */
    /* ------------------------------------------------------------------ */

    function test_fileBreachClaim_sendsTheClaimToTheCourt() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        uint256 expectedId = _arbitrator.disputeCount();
        vm.expectEmit(address(_vault));
        emit IHoldbackVault.BreachClaimFiled(c.dealId, BRAND, expectedId, AMOUNT, ARBITRATION_COST, "ipfs://proof");
        vm.expectEmit(address(_vault));
        emit IArbitrableV2.DisputeRequest(
            IArbitratorV2(address(_arbitrator)), expectedId, uint256(c.dealId), 0, ""
        );
        vm.prank(BRAND);
        uint256 disputeId = _vault.fileBreachClaim(c, _breachCriteria(), "ipfs://proof");

        assertEq(disputeId, expectedId);
        _assertHoldback(c.dealId, AMOUNT, 0, HoldbackStatus.InArbitration, 0);
        (bool filed, uint256 recorded) = _vault.breachClaimOf(c.dealId);
        assertTrue(filed);
        assertEq(recorded, disputeId);
        assertEq(_vault.dealOfDispute(disputeId), c.dealId);
        // The claimant paid the court; the vault still holds exactly the holdback.
        assertEq(_usdc.balanceOf(BRAND), INITIAL_BALANCE - ARBITRATION_COST);
        assertEq(_usdc.balanceOf(address(_arbitrator)), ARBITRATION_COST);
        assertEq(_usdc.balanceOf(address(_vault)), AMOUNT);
        assertEq(_usdc.allowance(address(_vault), address(_arbitrator)), 0);
        // The court got the deal's context with the breach questions.
        DisputeContext memory d = abi.decode(_arbitrator.disputeExtraData(disputeId), (DisputeContext));
        assertEq(d.dealId, c.dealId);
        assertEq(d.milestone, 255);
        assertEq(d.brand, BRAND);
        assertEq(d.influencer, INFLUENCER);
        assertEq(bytes32(d.language), bytes32(LANGUAGE));
        assertEq(d.topic, TOPIC);
        assertEq(d.briefHash, c.briefHash);
        assertEq(keccak256(abi.encode(d.criteria)), c.breachCriteriaHash);
    }

    function test_fileBreachClaim_atTheLastSecondOfTheWindow() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        vm.warp(c.until);
        _file(c);
        assertEq(uint256(_vault.getHoldback(c.dealId).status), uint256(HoldbackStatus.InArbitration));
    }

    function test_fileBreachClaim_withAFreeCourt() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        _arbitrator.setCost(IERC20(address(_usdc)), 0);
        _file(c);
        assertEq(_usdc.balanceOf(BRAND), INITIAL_BALANCE);
    }

    function test_fileBreachClaim_revertWhenContextDiffers() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        bytes32 expected = keccak256(abi.encode(c));
        c.breachCriteriaHash = keccak256("other questions");
        vm.prank(BRAND);
        vm.expectRevert(
            abi.encodeWithSelector(
                IHoldbackVault.HoldbackContextMismatch.selector, c.dealId, expected, keccak256(abi.encode(c))
            )
        );
        _vault.fileBreachClaim(c, _breachCriteria(), "");
    }

    function test_fileBreachClaim_revertWhenCallerIsNotBrand() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        vm.prank(INFLUENCER);
        vm.expectRevert(abi.encodeWithSelector(IHoldbackVault.HoldbackOnlyBrand.selector, INFLUENCER, BRAND));
        _vault.fileBreachClaim(c, _breachCriteria(), "");
    }

    function test_fileBreachClaim_revertWhenNothingWasEverHeld() public {
        HoldbackContext memory c = _openDeal();
        vm.prank(BRAND);
        vm.expectRevert(
            abi.encodeWithSelector(
                IHoldbackVault.HoldbackUnexpectedStatus.selector, c.dealId, HoldbackStatus.None, HoldbackStatus.Holding
            )
        );
        _vault.fileBreachClaim(c, _breachCriteria(), "");
    }

    function test_fileBreachClaim_revertWhenHeldIsZero() public {
        HoldbackContext memory c = _openDeal();
        _vault.hold(c.dealId, 0);
        assertEq(uint256(_vault.getHoldback(c.dealId).status), uint256(HoldbackStatus.Holding));
        vm.prank(BRAND);
        vm.expectRevert(abi.encodeWithSelector(IHoldbackVault.HoldbackNothingHeld.selector, c.dealId));
        _vault.fileBreachClaim(c, _breachCriteria(), "");
    }

    function test_fileBreachClaim_revertWhenAlreadyFiled() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        _file(c);
        vm.prank(BRAND);
        vm.expectRevert(
            abi.encodeWithSelector(
                IHoldbackVault.HoldbackUnexpectedStatus.selector,
                c.dealId,
                HoldbackStatus.InArbitration,
                HoldbackStatus.Holding
            )
        );
        _vault.fileBreachClaim(c, _breachCriteria(), "");
    }

    function test_fileBreachClaim_revertWhenResolved() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        _arbitrator.giveRuling(_file(c), 1);
        vm.prank(BRAND);
        vm.expectRevert(
            abi.encodeWithSelector(
                IHoldbackVault.HoldbackUnexpectedStatus.selector,
                c.dealId,
                HoldbackStatus.Resolved,
                HoldbackStatus.Holding
            )
        );
        _vault.fileBreachClaim(c, _breachCriteria(), "");
    }

    function test_fileBreachClaim_revertWhenWindowClosed() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        vm.warp(uint256(c.until) + 1);
        vm.prank(BRAND);
        vm.expectRevert(
            abi.encodeWithSelector(
                IHoldbackVault.HoldbackWindowClosed.selector, c.dealId, c.until, uint256(c.until) + 1
            )
        );
        _vault.fileBreachClaim(c, _breachCriteria(), "");
    }

    function test_fileBreachClaim_revertBeforeTheWindowStarts() public {
        HoldbackContext memory c = _context(BRAND, INFLUENCER, IERC20(address(_usdc)));
        uint40 from = uint40(block.timestamp) + 1 days;
        _registry.reserve(c.dealId, INFLUENCER, BRAND, uint8(_nonce % 16), from, c.until);
        _registry.activate(c.dealId, INFLUENCER);
        _vault.open(c);
        _hold(c.dealId, AMOUNT); // a payout made before the window: held all the same
        vm.prank(BRAND);
        vm.expectRevert(
            abi.encodeWithSelector(IHoldbackVault.HoldbackWindowNotStarted.selector, c.dealId, from, block.timestamp)
        );
        _vault.fileBreachClaim(c, _breachCriteria(), "");
        vm.warp(from);
        _file(c);
        assertEq(uint256(_vault.getHoldback(c.dealId).status), uint256(HoldbackStatus.InArbitration));
    }

    function test_fileBreachClaim_revertAfterAnEarlyEnd() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        vm.warp(START + 1 days);
        _registry.end(c.dealId);
        vm.warp(START + 1 days + 1);
        vm.prank(BRAND);
        vm.expectRevert(
            abi.encodeWithSelector(
                IHoldbackVault.HoldbackWindowClosed.selector, c.dealId, START + 1 days, START + 1 days + 1
            )
        );
        _vault.fileBreachClaim(c, _breachCriteria(), "");
    }

    function test_fileBreachClaim_revertWhenCriteriaDiffer() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        Question[] memory other = _breachCriteria();
        other[0].weight = 9;
        vm.prank(BRAND);
        vm.expectRevert(
            abi.encodeWithSelector(
                IHoldbackVault.HoldbackCriteriaMismatch.selector, c.breachCriteriaHash, keccak256(abi.encode(other))
            )
        );
        _vault.fileBreachClaim(c, other, "");
    }

    function test_fileBreachClaim_revertWhenCostTooHigh() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        uint256 cost = uint256(type(uint96).max) + 1;
        _arbitrator.setCost(IERC20(address(_usdc)), cost);
        vm.prank(BRAND);
        vm.expectRevert(abi.encodeWithSelector(IHoldbackVault.HoldbackCostTooHigh.selector, cost));
        _vault.fileBreachClaim(c, _breachCriteria(), "");
    }

    function test_fileBreachClaim_revertWhenTheTokenDeliversLess() public {
        FeeOnTransferToken fot = new FeeOnTransferToken();
        _arbitrator.setCost(IERC20(address(fot)), 100e6);
        HoldbackContext memory c = _openDealWith(BRAND, INFLUENCER, IERC20(address(fot)));
        fot.mint(address(_vault), AMOUNT);
        _vault.hold(c.dealId, AMOUNT);
        fot.mint(BRAND, 1_000e6);
        vm.startPrank(BRAND);
        fot.approve(address(_vault), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IHoldbackVault.HoldbackTransferShortfall.selector, 100e6, 99e6));
        _vault.fileBreachClaim(c, _breachCriteria(), "");
        vm.stopPrank();
    }

    function test_fileBreachClaim_revertWhenTheArbitratorReusesADisputeId() public {
        HoldbackContext memory a = _openDeal();
        HoldbackContext memory b = _openDeal();
        _hold(a.dealId, AMOUNT);
        _hold(b.dealId, AMOUNT);
        uint256 first = _file(a);
        _arbitrator.forceNextDisputeId(first);
        vm.prank(BRAND);
        vm.expectRevert(abi.encodeWithSelector(IHoldbackVault.HoldbackUnknownDispute.selector, first));
        _vault.fileBreachClaim(b, _breachCriteria(), "");
    }

    /* ------------------------------------------------------------------ */
    /*                                 RULE                               */
    /* ------------------------------------------------------------------ */

    function test_rule_splitsTheHoldback() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        uint256 disputeId = _file(c);
        vm.expectEmit(address(_vault));
        emit IArbitrableV2.Ruling(IArbitratorV2(address(_arbitrator)), disputeId, 7_001);
        vm.expectEmit(address(_vault));
        emit IHoldbackVault.BreachClaimRuled(c.dealId, disputeId, 7_000, 700e6, 300e6);
        _arbitrator.giveRuling(disputeId, 7_001);
        _assertHoldback(c.dealId, 0, 300e6, HoldbackStatus.Resolved, 7_000);
        assertEq(_vault.influencerCredit(c.dealId), 700e6);
        (bool filed, uint256 recorded) = _vault.breachClaimOf(c.dealId);
        assertTrue(filed);
        assertEq(recorded, disputeId);
    }

    function test_rule_zeroMeansTheClaimFailed() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        uint256 disputeId = _file(c);
        vm.expectEmit(address(_vault));
        emit IHoldbackVault.BreachClaimRuled(c.dealId, disputeId, 10_000, AMOUNT, 0);
        _arbitrator.giveRuling(disputeId, 0);
        _assertHoldback(c.dealId, 0, 0, HoldbackStatus.Resolved, 10_000);
        assertEq(_vault.influencerCredit(c.dealId), AMOUNT);
    }

    function test_rule_oneGivesEverythingToTheBrand() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        _arbitrator.giveRuling(_file(c), 1);
        _assertHoldback(c.dealId, 0, AMOUNT, HoldbackStatus.Resolved, 0);
        assertEq(_vault.influencerCredit(c.dealId), 0);
        // Later holds follow the ruling: all to the brand.
        _hold(c.dealId, 50e6);
        _assertHoldback(c.dealId, 0, AMOUNT + 50e6, HoldbackStatus.Resolved, 0);
    }

    function test_rule_highestRulingGivesEverythingToTheInfluencer() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        _arbitrator.giveRuling(_file(c), 10_001);
        _assertHoldback(c.dealId, 0, 0, HoldbackStatus.Resolved, 10_000);
        assertEq(_vault.influencerCredit(c.dealId), AMOUNT);
    }

    function test_rule_revertWhenCallerIsNotArbitrator() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        uint256 disputeId = _file(c);
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(IHoldbackVault.HoldbackOnlyArbitrator.selector, STRANGER));
        _vault.rule(disputeId, 1);
    }

    function test_rule_revertWhenDisputeIsUnknown() public {
        vm.prank(address(_arbitrator));
        vm.expectRevert(abi.encodeWithSelector(IHoldbackVault.HoldbackUnknownDispute.selector, 42));
        _vault.rule(42, 1);
    }

    function test_rule_revertWhenRulingOutOfRange() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        uint256 disputeId = _file(c);
        vm.expectRevert(abi.encodeWithSelector(IHoldbackVault.HoldbackRulingOutOfRange.selector, 10_002, 10_001));
        _arbitrator.giveRuling(disputeId, 10_002);
    }

    function test_rule_revertWhenAlreadyRuled() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        uint256 disputeId = _file(c);
        _arbitrator.giveRuling(disputeId, 5_001);
        vm.expectRevert(
            abi.encodeWithSelector(
                IHoldbackVault.HoldbackUnexpectedStatus.selector,
                c.dealId,
                HoldbackStatus.Resolved,
                HoldbackStatus.InArbitration
            )
        );
        _arbitrator.giveRuling(disputeId, 1);
    }

    /* ------------------------------------------------------------------ */
    /*                                 CLAIM                              */
    /* ------------------------------------------------------------------ */

    function test_claim_eachPartyWithdrawsItsCredit() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        _arbitrator.giveRuling(_file(c), 2_001); // 20 % to the influencer

        vm.expectEmit(address(_vault));
        emit IHoldbackVault.HoldbackClaimed(c.dealId, INFLUENCER, PAYEE, 200e6);
        vm.prank(INFLUENCER);
        assertEq(_vault.claim(c, PAYEE), 200e6);
        assertEq(_usdc.balanceOf(PAYEE), 200e6);
        assertEq(_vault.influencerCredit(c.dealId), 0);

        uint256 brandBefore = _usdc.balanceOf(BRAND);
        vm.expectEmit(address(_vault));
        emit IHoldbackVault.HoldbackClaimed(c.dealId, BRAND, BRAND, 800e6);
        vm.prank(BRAND);
        assertEq(_vault.claim(c, BRAND), 800e6);
        assertEq(_usdc.balanceOf(BRAND) - brandBefore, 800e6);
        assertEq(_vault.getHoldback(c.dealId).brandCredit, 0);
        assertEq(_usdc.balanceOf(address(_vault)), 0);
    }

    function test_claim_afterRelease() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        _warpPast(c.dealId);
        _vault.release(c);
        vm.prank(INFLUENCER);
        _vault.claim(c, INFLUENCER);
        assertEq(_usdc.balanceOf(INFLUENCER), AMOUNT);
        assertEq(_usdc.balanceOf(address(_vault)), 0);
    }

    function test_claim_revertWhenContextDiffers() public {
        HoldbackContext memory c = _openDeal();
        bytes32 expected = keccak256(abi.encode(c));
        c.token = IERC20(address(0xdead));
        vm.prank(INFLUENCER);
        vm.expectRevert(
            abi.encodeWithSelector(
                IHoldbackVault.HoldbackContextMismatch.selector, c.dealId, expected, keccak256(abi.encode(c))
            )
        );
        _vault.claim(c, INFLUENCER);
    }

    function test_claim_revertWhenRecipientIsZero() public {
        HoldbackContext memory c = _openDeal();
        vm.prank(INFLUENCER);
        vm.expectRevert(abi.encodeWithSelector(IHoldbackVault.HoldbackInvalidRecipient.selector, address(0)));
        _vault.claim(c, address(0));
    }

    function test_claim_revertWhenRecipientIsTheVault() public {
        HoldbackContext memory c = _openDeal();
        vm.prank(INFLUENCER);
        vm.expectRevert(abi.encodeWithSelector(IHoldbackVault.HoldbackInvalidRecipient.selector, address(_vault)));
        _vault.claim(c, address(_vault));
    }

    function test_claim_revertWhenCallerIsNotAParty() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        _warpPast(c.dealId);
        _vault.release(c);
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(IHoldbackVault.HoldbackNothingToClaim.selector, c.dealId, STRANGER));
        _vault.claim(c, STRANGER);
    }

    function test_claim_revertWhenCreditIsZero() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        // Still held: nobody has a credit.
        vm.prank(INFLUENCER);
        vm.expectRevert(abi.encodeWithSelector(IHoldbackVault.HoldbackNothingToClaim.selector, c.dealId, INFLUENCER));
        _vault.claim(c, INFLUENCER);
        _warpPast(c.dealId);
        _vault.release(c);
        // Released: the brand has nothing.
        vm.prank(BRAND);
        vm.expectRevert(abi.encodeWithSelector(IHoldbackVault.HoldbackNothingToClaim.selector, c.dealId, BRAND));
        _vault.claim(c, BRAND);
    }

    function test_claim_revertWhenClaimedTwice() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, AMOUNT);
        _warpPast(c.dealId);
        _vault.release(c);
        vm.prank(INFLUENCER);
        _vault.claim(c, INFLUENCER);
        vm.prank(INFLUENCER);
        vm.expectRevert(abi.encodeWithSelector(IHoldbackVault.HoldbackNothingToClaim.selector, c.dealId, INFLUENCER));
        _vault.claim(c, INFLUENCER);
    }

    function test_claim_isSafeAgainstReentry() public {
        CallbackToken token = new CallbackToken();
        ReentrantClaimer claimer = new ReentrantClaimer(_vault);
        HoldbackContext memory c = _openDealWith(BRAND, address(claimer), IERC20(address(token)));
        claimer.setContext(c);
        token.mint(address(_vault), 2 * AMOUNT); // the holdback, and another deal's money the attack would take
        _vault.hold(c.dealId, AMOUNT);
        _warpPast(c.dealId);
        _vault.release(c);

        assertEq(claimer.claim(), AMOUNT);
        assertEq(claimer.received(), AMOUNT);
        assertEq(token.balanceOf(address(claimer)), AMOUNT);
        assertEq(token.balanceOf(address(_vault)), AMOUNT);
        // The second claim, from inside the token transfer, was refused by the guard.
        bytes memory refused = abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        assertEq(claimer.reentryError(), refused);
        assertEq(_vault.influencerCredit(c.dealId), 0);
    }

    /* ------------------------------------------------------------------ */
    /*                                  FUZZ                              */
    /* ------------------------------------------------------------------ */

    /// @notice Any held amount and any ruling: the two parts add up to the holdback, the influencer's is the share
    ///         rounded down, and a later hold is split the same way.
    function testFuzz_rule_splitsExactly(uint256 held, uint256 ruling, uint256 later) public {
        held = _bound(held, 1, type(uint88).max);
        ruling = _bound(ruling, 0, 10_001);
        later = _bound(later, 0, type(uint88).max);
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, held);
        _arbitrator.giveRuling(_file(c), ruling);

        uint256 share = ruling == 0 ? BPS : ruling - 1;
        Holdback memory h = _vault.getHoldback(c.dealId);
        uint256 toInfluencer = _vault.influencerCredit(c.dealId);
        assertEq(toInfluencer + h.brandCredit, held, "parts != held");
        assertEq(toInfluencer, held * share / BPS, "influencer part");
        assertEq(h.influencerShareBps, share, "share");
        assertEq(h.held, 0, "still held");

        _hold(c.dealId, later);
        h = _vault.getHoldback(c.dealId);
        uint256 laterToInfluencer = _vault.influencerCredit(c.dealId) - toInfluencer;
        assertEq(_vault.influencerCredit(c.dealId) + h.brandCredit, held + later, "parts != held + later");
        assertEq(laterToInfluencer, later * share / BPS, "later influencer part");
        assertEq(_usdc.balanceOf(address(_vault)), held + later, "vault balance");
    }

    /// @notice Concrete twin of the fuzz test at its rounding edge: 1 unit at 99.99 % goes to the brand.
    function test_rule_roundsTheInfluencerPartDown() public {
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, 1);
        _arbitrator.giveRuling(_file(c), 10_000); // 9_999 bps
        assertEq(_vault.influencerCredit(c.dealId), 0);
        assertEq(_vault.getHoldback(c.dealId).brandCredit, 1);
    }

    /// @notice Holds add up while holding, whatever the amounts; the release credits exactly their sum.
    function testFuzz_hold_addsUpAndReleasesTheSum(uint256 a, uint256 b, uint256 extra) public {
        a = _bound(a, 0, type(uint88).max);
        b = _bound(b, 0, type(uint88).max);
        extra = _bound(extra, 1, 365 days);
        HoldbackContext memory c = _openDeal();
        _hold(c.dealId, a);
        _hold(c.dealId, b);
        assertEq(_vault.getHoldback(c.dealId).held, a + b);
        vm.warp(uint256(c.until) + extra);
        _vault.release(c);
        assertEq(_vault.influencerCredit(c.dealId), a + b);
        assertEq(_vault.getHoldback(c.dealId).held, 0);
    }

    /* ------------------------------------------------------------------ */
    /*                                 HELPERS                            */
    /* ------------------------------------------------------------------ */

    function _breachCriteria() internal pure returns (Question[] memory criteria) {
        criteria = new Question[](2);
        criteria[0] = Question({optionCount: 2, compliantMask: 1, weight: 2}); // no competing brand promoted?
        criteria[1] = Question({optionCount: 3, compliantMask: 3, weight: 1}); // no competing product shown?
    }

    /// @dev A fresh deal's context (distinct deal id each call), its exclusivity window [now, now + WINDOW].
    function _context(address brand, address influencer, IERC20 token) internal returns (HoldbackContext memory) {
        ++_nonce;
        return HoldbackContext({
            dealId: keccak256(abi.encode("deal", _nonce)),
            brand: brand,
            influencer: influencer,
            token: token,
            until: uint40(block.timestamp) + WINDOW,
            language: LANGUAGE,
            topic: TOPIC,
            briefHash: keccak256(abi.encode("brief", _nonce)),
            breachCriteriaHash: keccak256(abi.encode(_breachCriteria()))
        });
    }

    /// @dev As the escrow does at acceptance: reserves and activates the exclusivity, then opens the holdback.
    function _openDealWith(address brand, address influencer, IERC20 token)
        internal
        returns (HoldbackContext memory c)
    {
        c = _context(brand, influencer, token);
        // Each deal on its own exclusive topic, so that the brand's deals never conflict.
        uint8 topic = uint8(_nonce % 16);
        _registry.reserve(c.dealId, influencer, brand, topic, uint40(block.timestamp), c.until);
        _registry.activate(c.dealId, influencer);
        _vault.open(c);
    }

    function _openDeal() internal returns (HoldbackContext memory) {
        return _openDealWith(BRAND, INFLUENCER, IERC20(address(_usdc)));
    }

    /// @dev As the escrow does on a payout: sends the amount, then records it.
    function _hold(bytes32 id, uint256 amount) internal {
        _usdc.mint(address(_vault), amount);
        _vault.hold(id, amount);
    }

    function _file(HoldbackContext memory c) internal returns (uint256 disputeId) {
        vm.prank(c.brand);
        disputeId = _vault.fileBreachClaim(c, _breachCriteria(), "ipfs://evidence");
    }

    function _warpPast(bytes32 id) internal {
        vm.warp(uint256(_registry.endOf(id)) + 1);
    }

    function _assertHoldback(bytes32 id, uint256 held, uint256 brandCredit, HoldbackStatus status, uint256 share)
        internal
        view
    {
        Holdback memory h = _vault.getHoldback(id);
        assertEq(h.held, held, "held");
        assertEq(h.brandCredit, brandCredit, "brand credit");
        assertEq(uint256(h.status), uint256(status), "status");
        assertEq(h.influencerShareBps, share, "share");
    }
}
