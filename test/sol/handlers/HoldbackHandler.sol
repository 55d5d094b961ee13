// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

import {ExclusivityRegistry} from "../../../contracts/ExclusivityRegistry.sol";
import {HoldbackVault} from "../../../contracts/HoldbackVault.sol";
import {IArbitratorV2} from "../../../contracts/interfaces/arbitration/IArbitratorV2.sol";
import {Holdback, HoldbackStatus, IHoldbackVault} from "../../../contracts/interfaces/IHoldbackVault.sol";
import {MockUSDC} from "../../../contracts/mocks/MockUSDC.sol";
import {TestArbitrator} from "../../../contracts/mocks/TestArbitrator.sol";
import {HoldbackContext, Question} from "../../../contracts/types/DealTypes.sol";

/// @notice The breach questions of every handler deal.
library BreachCriteria {
    function get() internal pure returns (Question[] memory criteria) {
        criteria = new Question[](2);
        criteria[0] = Question({optionCount: 2, compliantMask: 1, weight: 2});
        criteria[1] = Question({optionCount: 3, compliantMask: 3, weight: 1});
    }
}

/// @notice What the handler saw flow through one deal's holdback.
struct HoldbackGhost {
    uint256 held; // every amount the escrow held back for the deal
    uint256 claimed; // credits the parties withdrew
    HoldbackStatus lastStatus; // the status seen after the previous action
    uint16 resolvedShare; // the influencer's share seen once resolved
}

/// @title HoldbackHandler
/// @notice Plays the escrow of a {HoldbackVault} and of its real {ExclusivityRegistry} (it deploys both), and drives
///         random but meaningful sequences over several deals: open (with an active exclusivity), hold, release,
///         breach claims ruled by a {TestArbitrator}, claims, time passing, exclusivities ended early, arbitration
///         costs changing. Each action looks for a deal where it is allowed and models its outcome; an unexpected
///         revert, a wrong amount or a status going backwards is counted (a revert inside a handler is discarded
///         by the fuzzer), and the invariants assert the counters to be zero.
contract HoldbackHandler is CommonBase, StdCheats, StdUtils {
    uint256 public constant MAX_DEALS = 12;
    uint256 internal constant _BPS = 10_000;
    uint256 internal constant _MAX_HOLD = 1e12;
    uint256 internal constant _MAX_COST = 60e6;

    /// @dev What an action looks for in a deal.
    enum Kind {
        Releasable, // None or Holding, exclusivity over
        Claimable, // Holding with something held, exclusivity in force
        InArbitration,
        Credited // some credit to withdraw
    }

    HoldbackVault public immutable VAULT;
    ExclusivityRegistry public immutable REGISTRY;
    MockUSDC public immutable USDC;
    TestArbitrator public immutable ARBITRATOR;
    address public immutable STRANGER;
    address public immutable PAYEE;

    address[2] internal _brands;
    address[2] internal _influencers;
    HoldbackContext[] internal _contexts;
    mapping(bytes32 dealId => HoldbackGhost) internal _ghosts;

    /// @notice Every amount held back, over all deals, and every credit withdrawn.
    uint256 public totalHeld;
    uint256 public totalClaimed;

    /// @notice Wrong amounts or states: must stay 0.
    uint256 public violations;
    string public lastViolation;
    /// @notice Statuses seen going backwards, or a resolved share changing: must stay 0.
    uint256 public regressions;
    /// @notice Calls the model says must succeed but reverted: must stay 0.
    uint256 public unexpectedReverts;
    string public lastRevertAction;
    bytes public lastRevertData;
    /// @notice How many times each action actually did something (by action name).
    mapping(string action => uint256) public done;

    constructor(MockUSDC usdc, TestArbitrator arbitrator, address stranger, address payee) {
        USDC = usdc;
        ARBITRATOR = arbitrator;
        STRANGER = stranger;
        PAYEE = payee;
        REGISTRY = new ExclusivityRegistry();
        VAULT = new HoldbackVault(IArbitratorV2(address(arbitrator)), REGISTRY);
        _brands = [makeAddr("brandA"), makeAddr("brandB")];
        _influencers = [makeAddr("influencerA"), makeAddr("influencerB")];
        for (uint256 i; i < 2; ++i) {
            vm.prank(_brands[i]);
            usdc.approve(address(VAULT), type(uint256).max);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                               ESCROW                               */
    /* ------------------------------------------------------------------ */

    /// @notice As the escrow when an influencer accepts an exclusive deal with a holdback: reserves and activates
    ///         the exclusivity (each deal on its own topic, so that none conflicts), then opens the holdback.
    function openDeal(uint256 pairSeed, uint256 windowSeed) public {
        uint256 n = _contexts.length;
        if (n >= MAX_DEALS) return;
        HoldbackContext memory c = HoldbackContext({
            dealId: keccak256(abi.encode("holdback deal", n)),
            brand: _brands[pairSeed % 2],
            influencer: _influencers[(pairSeed / 2) % 2],
            token: IERC20(address(USDC)),
            until: uint40(block.timestamp + _bound(windowSeed, 1 hours, 40 days)),
            language: "en",
            topic: uint8(pairSeed % 16),
            briefHash: keccak256(abi.encode("brief", n)),
            breachCriteriaHash: keccak256(abi.encode(BreachCriteria.get()))
        });
        REGISTRY.reserve(c.dealId, c.influencer, c.brand, uint8(n), uint40(block.timestamp), c.until);
        REGISTRY.activate(c.dealId, c.influencer);
        try VAULT.open(c) {
            _contexts.push(c);
            ++done["openDeal"];
        } catch (bytes memory reason) {
            _unexpected("openDeal", reason);
        }
        _afterAction();
    }

    /// @notice As the escrow on a payout: sends an amount (zero and tiny ones too) to the vault and holds it.
    function hold(uint256 seed, uint256 amount) public {
        uint256 n = _contexts.length;
        if (n == 0) return;
        bytes32 id = _contexts[seed % n].dealId;
        amount = amount % 5 == 0 ? _bound(amount, 0, 3) : _bound(amount, 0, _MAX_HOLD);
        Holdback memory before = VAULT.getHoldback(id);
        uint256 creditBefore = VAULT.influencerCredit(id);
        USDC.mint(address(VAULT), amount);
        try VAULT.hold(id, amount) {
            _ghosts[id].held += amount;
            totalHeld += amount;
            _checkHold(id, amount, before, creditBefore);
            ++done["hold"];
        } catch (bytes memory reason) {
            _unexpected("hold", reason);
        }
        _afterAction();
    }

    /// @notice The escrow ends an exclusivity early (deal refunded, ruling against the brand).
    function endEarly(uint256 seed) public {
        uint256 n = _contexts.length;
        if (n == 0) return;
        REGISTRY.end(_contexts[seed % n].dealId);
        ++done["endEarly"];
        _afterAction();
    }

    /* ------------------------------------------------------------------ */
    /*                        RELEASE, CLAIM, RULE                        */
    /* ------------------------------------------------------------------ */

    /// @notice Anyone releases a holdback whose exclusivity ended.
    function release(uint256 seed, uint256 callerSeed) public {
        (bool found, uint256 i) = _find(seed, Kind.Releasable);
        if (!found) return;
        HoldbackContext memory c = _contexts[i];
        Holdback memory before = VAULT.getHoldback(c.dealId);
        uint256 creditBefore = VAULT.influencerCredit(c.dealId);
        vm.prank(callerSeed % 2 == 0 ? STRANGER : c.brand);
        try VAULT.release(c) {
            Holdback memory h = VAULT.getHoldback(c.dealId);
            _expect(h.held == 0 && h.influencerShareBps == _BPS, "release: state");
            _expect(h.brandCredit == before.brandCredit, "release: brand credit");
            _expect(VAULT.influencerCredit(c.dealId) == creditBefore + before.held, "release: influencer credit");
            ++done["release"];
        } catch (bytes memory reason) {
            _unexpected("release", reason);
        }
        _afterAction();
    }

    /// @notice The brand files a breach claim while the exclusivity holds, paying the current cost.
    function fileBreachClaim(uint256 seed) public {
        (bool found, uint256 i) = _find(seed, Kind.Claimable);
        if (!found) return;
        HoldbackContext memory c = _contexts[i];
        uint256 cost = ARBITRATOR.costs(IERC20(address(USDC)));
        USDC.mint(c.brand, cost);
        uint256 vaultBefore = USDC.balanceOf(address(VAULT));
        vm.prank(c.brand);
        try VAULT.fileBreachClaim(c, BreachCriteria.get(), "ipfs://evidence") returns (uint256 disputeId) {
            _expect(VAULT.dealOfDispute(disputeId) == c.dealId, "file: dispute not recorded");
            _expect(USDC.balanceOf(address(VAULT)) == vaultBefore, "file: vault balance moved");
            ++done["fileBreachClaim"];
        } catch (bytes memory reason) {
            _unexpected("fileBreachClaim", reason);
        }
        _afterAction();
    }

    /// @notice The court rules on a pending claim: 0, all to the brand, all to the influencer, or any share.
    function giveRuling(uint256 seed, uint256 ruling) public {
        (bool found, uint256 i) = _find(seed, Kind.InArbitration);
        if (!found) return;
        bytes32 id = _contexts[i].dealId;
        uint256 pick = ruling % 4;
        ruling = pick == 0 ? 0 : pick == 1 ? 1 : pick == 2 ? 10_001 : _bound(ruling, 0, 10_001);
        (, uint256 disputeId) = VAULT.breachClaimOf(id);
        Holdback memory before = VAULT.getHoldback(id);
        uint256 creditBefore = VAULT.influencerCredit(id);
        try ARBITRATOR.giveRuling(disputeId, ruling) {
            uint256 share = ruling == 0 ? _BPS : ruling - 1;
            uint256 toInfluencer = uint256(before.held) * share / _BPS;
            Holdback memory h = VAULT.getHoldback(id);
            _expect(h.held == 0 && h.influencerShareBps == share, "rule: state");
            _expect(VAULT.influencerCredit(id) == creditBefore + toInfluencer, "rule: influencer credit");
            _expect(h.brandCredit == before.brandCredit + before.held - toInfluencer, "rule: brand credit");
            ++done["giveRuling"];
        } catch (bytes memory reason) {
            _unexpected("giveRuling", reason);
        }
        _afterAction();
    }

    /// @notice A party with a credit withdraws it, to itself or to another address.
    function claim(uint256 seed, bool byBrand, bool toPayee) public {
        (bool found, uint256 i) = _find(seed, Kind.Credited);
        if (!found) return;
        HoldbackContext memory c = _contexts[i];
        uint256 brandCredit = VAULT.getHoldback(c.dealId).brandCredit;
        uint256 influencerCredit = VAULT.influencerCredit(c.dealId);
        // Prefer the side asked for, or the other one when it has nothing.
        if (byBrand ? brandCredit == 0 : influencerCredit == 0) byBrand = !byBrand;
        address caller = byBrand ? c.brand : c.influencer;
        uint256 credit = byBrand ? brandCredit : influencerCredit;
        address to = toPayee ? PAYEE : caller;
        uint256 balanceBefore = USDC.balanceOf(to);
        vm.prank(caller);
        try VAULT.claim(c, to) returns (uint256 amount) {
            _expect(amount == credit, "claim: amount");
            _expect(USDC.balanceOf(to) - balanceBefore == credit, "claim: received");
            _ghosts[c.dealId].claimed += amount;
            totalClaimed += amount;
            ++done["claim"];
        } catch (bytes memory reason) {
            _unexpected("claim", reason);
        }
        _afterAction();
    }

    /* ------------------------------------------------------------------ */
    /*                         TIME, COSTS, REFUSALS                      */
    /* ------------------------------------------------------------------ */

    function warp(uint256 seconds_) public {
        vm.warp(block.timestamp + _bound(seconds_, 1, 10 days));
        ++done["warp"];
        _afterAction();
    }

    function setArbitrationCost(uint256 cost) public {
        ARBITRATOR.setCost(IERC20(address(USDC)), _bound(cost, 0, _MAX_COST));
        ++done["setArbitrationCost"];
    }

    /// @notice The refused steps: a release while the exclusivity holds must revert `HoldbackWindowOpen`; a breach
    ///         claim after it ended must revert `HoldbackWindowClosed`.
    function attemptOutOfWindow(uint256 seed) public {
        uint256 n = _contexts.length;
        if (n == 0) return;
        HoldbackContext memory c = _contexts[seed % n];
        HoldbackStatus status = VAULT.getHoldback(c.dealId).status;
        uint256 endsAt = REGISTRY.endOf(c.dealId);
        bool open = block.timestamp <= endsAt;
        if (open && status <= HoldbackStatus.Holding) {
            bytes memory expected =
                abi.encodeWithSelector(IHoldbackVault.HoldbackWindowOpen.selector, c.dealId, endsAt, block.timestamp);
            vm.prank(STRANGER);
            try VAULT.release(c) {
                _violation("release inside the window");
            } catch (bytes memory reason) {
                _expect(keccak256(reason) == keccak256(expected), "release inside the window: error");
            }
            ++done["attemptEarlyRelease"];
        } else if (!open && status == HoldbackStatus.Holding && VAULT.getHoldback(c.dealId).held > 0) {
            bytes memory expected = abi.encodeWithSelector(
                IHoldbackVault.HoldbackWindowClosed.selector, c.dealId, endsAt, block.timestamp
            );
            vm.prank(c.brand);
            try VAULT.fileBreachClaim(c, BreachCriteria.get(), "") {
                _violation("claim after the window");
            } catch (bytes memory reason) {
                _expect(keccak256(reason) == keccak256(expected), "claim after the window: error");
            }
            ++done["attemptLateClaim"];
        }
    }

    /* ------------------------------------------------------------------ */
    /*                                VIEWS                               */
    /* ------------------------------------------------------------------ */

    function dealCount() external view returns (uint256) {
        return _contexts.length;
    }

    function contextAt(uint256 i) external view returns (HoldbackContext memory) {
        return _contexts[i];
    }

    function ghostOf(bytes32 id) external view returns (HoldbackGhost memory) {
        return _ghosts[id];
    }

    /* ------------------------------------------------------------------ */
    /*                              INTERNALS                             */
    /* ------------------------------------------------------------------ */

    /// @dev The first deal of `kind` from a random start.
    function _find(uint256 seed, Kind kind) internal view returns (bool, uint256) {
        uint256 n = _contexts.length;
        for (uint256 k; k < n; ++k) {
            uint256 i = (seed + k) % n;
            if (_is(kind, _contexts[i].dealId)) return (true, i);
        }
        return (false, 0);
    }

    function _is(Kind kind, bytes32 id) internal view returns (bool) {
        Holdback memory h = VAULT.getHoldback(id);
        if (kind == Kind.InArbitration) return h.status == HoldbackStatus.InArbitration;
        if (kind == Kind.Credited) return h.brandCredit > 0 || VAULT.influencerCredit(id) > 0;
        bool open = block.timestamp <= REGISTRY.endOf(id);
        if (kind == Kind.Releasable) return !open && h.status <= HoldbackStatus.Holding;
        return open && h.status == HoldbackStatus.Holding && h.held > 0;
    }

    /// @dev A hold before resolution adds to the locked amount; after it, the amount is split at once.
    function _checkHold(bytes32 id, uint256 amount, Holdback memory before, uint256 creditBefore) internal {
        Holdback memory h = VAULT.getHoldback(id);
        uint256 credit = VAULT.influencerCredit(id);
        if (before.status == HoldbackStatus.Resolved) {
            uint256 toInfluencer = amount * before.influencerShareBps / _BPS;
            _expect(h.held == 0, "hold after resolution: held");
            _expect(credit == creditBefore + toInfluencer, "hold after resolution: influencer credit");
            _expect(h.brandCredit == before.brandCredit + amount - toInfluencer, "hold after resolution: brand");
        } else {
            _expect(h.held == before.held + amount, "hold: held");
            _expect(credit == creditBefore && h.brandCredit == before.brandCredit, "hold: credits moved");
            HoldbackStatus expected =
                before.status == HoldbackStatus.None ? HoldbackStatus.Holding : before.status;
            _expect(h.status == expected, "hold: status");
        }
    }

    /// @dev No status goes backwards, and a resolved share never changes.
    function _afterAction() internal {
        uint256 n = _contexts.length;
        for (uint256 i; i < n; ++i) {
            bytes32 id = _contexts[i].dealId;
            Holdback memory h = VAULT.getHoldback(id);
            HoldbackGhost storage g = _ghosts[id];
            if (h.status < g.lastStatus) _regression("status went backwards");
            if (g.lastStatus == HoldbackStatus.Resolved && h.influencerShareBps != g.resolvedShare) {
                _regression("resolved share changed");
            }
            g.lastStatus = h.status;
            g.resolvedShare = h.influencerShareBps;
        }
    }

    function _expect(bool ok, string memory what) internal {
        if (!ok) _violation(what);
    }

    function _violation(string memory what) internal {
        ++violations;
        lastViolation = what;
    }

    function _regression(string memory what) internal {
        ++regressions;
        lastViolation = what;
    }

    function _unexpected(string memory action, bytes memory reason) internal {
        ++unexpectedReverts;
        lastRevertAction = action;
        lastRevertData = reason;
    }
}
