// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IArbitrableV2} from "./interfaces/arbitration/IArbitrableV2.sol";
import {IArbitratorV2} from "./interfaces/arbitration/IArbitratorV2.sol";
import {Exclusivity, IExclusivityRegistry} from "./interfaces/IExclusivityRegistry.sol";
import {Holdback, HoldbackStatus, IHoldbackVault} from "./interfaces/IHoldbackVault.sol";
import {DisputeContext, HoldbackContext, Question} from "./types/DealTypes.sol";

/// @title HoldbackVault
/// @notice Holds back a share of the influencer's payouts of exclusive deals until the exclusivity ends, then
///         credits it to the influencer, or splits it by the court's ruling on the brand's breach claim. See
///         {IHoldbackVault}.
/// @dev Trust model and caveats:
///      - Deployed by the escrow in its constructor: the escrow (`msg.sender` at deployment), the arbitrator and the
///        exclusivity registry are fixed. There is no owner and no admin function.
///      - The escrow is trusted to open each holdback once with its deal's true context, and to transfer each
///        amount to the vault before calling `hold` (no balance check there). It caps every deal's total at
///        2^88 - 1, so held amounts and credits fit in uint96 (checked anyway: an overflow reverts).
///      - The registry is trusted for when an exclusivity stops binding (`endOf`), the arbitrator for its rulings
///        on the disputes it accepted. A holdback in arbitration waits for the ruling.
///      - The claimant pays the arbitration cost in the deal's token and is never refunded; the cost is pulled with
///        a balance check, so a token delivering less than asked (fee-on-transfer) cannot file a claim. Rebasing
///        tokens are unsupported (the escrow allow-lists tokens).
///      - Money leaves only by `claim`, to an address of the claimant's choice (a blacklisted party claims
///        elsewhere).
contract HoldbackVault is IHoldbackVault, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /* ------------------------------------------------------------------ */
    /*                              CONSTANTS                             */
    /* ------------------------------------------------------------------ */

    /// @notice 100 % in basis points.
    uint16 public constant BPS = 10_000;
    /// @notice Number of ruling options given to the arbitrator: ruling r in 1..10_001 gives the influencer r - 1
    ///         basis points of the holdback; ruling 0 ("refused to rule") means the claim failed: all of it.
    uint256 public constant RULING_OPTIONS = 10_001;
    /// @notice The `milestone` of the dispute context handed to the court for a breach claim.
    uint8 public constant BREACH_MILESTONE = 255;

    /* ------------------------------------------------------------------ */
    /*                       IMMUTABLES AND STORAGE                       */
    /* ------------------------------------------------------------------ */

    address internal immutable _ESCROW;
    IArbitratorV2 internal immutable _ARBITRATOR;
    IExclusivityRegistry internal immutable _REGISTRY;

    /// @dev A deal's breach claim: whether the brand filed one, and the court's dispute.
    struct BreachClaim {
        bool filed;
        uint256 disputeId;
    }

    mapping(bytes32 dealId => Holdback) internal _holdbacks;
    mapping(bytes32 dealId => uint96) internal _influencerCredits;
    mapping(bytes32 dealId => bytes32) internal _contextHashes;
    mapping(bytes32 dealId => BreachClaim) internal _breachClaims;
    mapping(uint256 disputeId => bytes32 dealId) internal _disputeDeals;

    /* ------------------------------------------------------------------ */
    /*                             CONSTRUCTOR                            */
    /* ------------------------------------------------------------------ */

    /// @param arbitrator_ The court that rules on breach claims (the escrow's arbitrator).
    /// @param registry_ The exclusivity registry of the escrow deploying this vault.
    constructor(IArbitratorV2 arbitrator_, IExclusivityRegistry registry_) {
        _ESCROW = msg.sender;
        _ARBITRATOR = arbitrator_;
        _REGISTRY = registry_;
    }

    /* ------------------------------------------------------------------ */
    /*                                ESCROW                              */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IHoldbackVault
    function open(HoldbackContext calldata context) external {
        _checkEscrow();
        bytes32 id = context.dealId;
        if (_contextHashes[id] != 0) revert HoldbackAlreadyOpened(id);
        _contextHashes[id] = keccak256(abi.encode(context));
        emit HoldbackOpened(id, context.brand, context.influencer, context);
    }

    /// @inheritdoc IHoldbackVault
    /// @dev Trusts the escrow to have transferred `amount` already. Once resolved, the amount is split at once by
    ///      the stored share; otherwise it is added to the locked amount (also while a breach claim is pending: the
    ///      ruling splits everything held).
    function hold(bytes32 dealId, uint256 amount) external {
        _checkEscrow();
        Holdback storage h = _holdbacks[dealId];
        HoldbackStatus status = h.status;
        uint96 added = SafeCast.toUint96(amount);
        if (status == HoldbackStatus.Resolved) {
            (uint256 toInfluencer, uint256 toBrand) = _split(amount, h.influencerShareBps);
            _credit(dealId, h, toInfluencer, toBrand);
            emit HoldbackAdded(dealId, amount, 0, toInfluencer, toBrand);
            return;
        }
        // Any status but None implies an opened holdback: only the first hold reads the context hash.
        if (status == HoldbackStatus.None) {
            if (_contextHashes[dealId] == 0) revert HoldbackContextMismatch(dealId, 0, 0);
            h.status = HoldbackStatus.Holding;
        }
        uint96 held = h.held + added;
        h.held = held;
        emit HoldbackAdded(dealId, amount, held, 0, 0);
    }

    /* ------------------------------------------------------------------ */
    /*                               RELEASE                              */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IHoldbackVault
    /// @dev Allowed with nothing held: the holdback is then resolved to the influencer, and later holds are
    ///      credited to the influencer at once.
    function release(HoldbackContext calldata context) external {
        bytes32 id = _checkContext(context);
        Holdback storage h = _holdbacks[id];
        HoldbackStatus status = h.status;
        if (status > HoldbackStatus.Holding) revert HoldbackUnexpectedStatus(id, status, HoldbackStatus.Holding);
        uint256 endsAt = _REGISTRY.endOf(id);
        if (block.timestamp <= endsAt) revert HoldbackWindowOpen(id, endsAt, block.timestamp);

        uint96 amount = h.held;
        h.held = 0;
        h.status = HoldbackStatus.Resolved;
        h.influencerShareBps = BPS;
        if (amount != 0) _influencerCredits[id] += amount;
        emit HoldbackReleased(id, msg.sender, amount);
    }

    /* ------------------------------------------------------------------ */
    /*                            BREACH CLAIM                            */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IHoldbackVault
    function fileBreachClaim(
        HoldbackContext calldata context,
        Question[] calldata breachCriteria,
        string calldata evidence
    ) external nonReentrant returns (uint256 disputeId) {
        (bytes32 id, Holdback storage h) = _checkBreachClaim(context, breachCriteria);
        bytes memory extraData = _extraData(context, breachCriteria);
        uint256 cost = _ARBITRATOR.arbitrationCost(extraData, context.token);
        if (cost > type(uint96).max) revert HoldbackCostTooHigh(cost);

        h.status = HoldbackStatus.InArbitration;
        _breachClaims[id].filed = true;

        disputeId = _createDispute(id, context.token, extraData, cost);
        emit BreachClaimFiled(id, msg.sender, disputeId, h.held, cost, evidence);
        emit DisputeRequest(_ARBITRATOR, disputeId, uint256(id), 0, "");
    }

    /// @dev Checks that the brand may file a breach claim now with these questions; returns the deal's holdback.
    function _checkBreachClaim(HoldbackContext calldata context, Question[] calldata breachCriteria)
        internal
        view
        returns (bytes32 id, Holdback storage h)
    {
        id = _checkContext(context);
        if (msg.sender != context.brand) revert HoldbackOnlyBrand(msg.sender, context.brand);
        h = _holdbacks[id];
        HoldbackStatus status = h.status;
        if (status != HoldbackStatus.Holding) revert HoldbackUnexpectedStatus(id, status, HoldbackStatus.Holding);
        if (h.held == 0) revert HoldbackNothingHeld(id);
        // A breach can only happen while the exclusivity binds: from its start to its (possibly early) end.
        Exclusivity memory e = _REGISTRY.getExclusivity(id);
        if (block.timestamp < e.from) revert HoldbackWindowNotStarted(id, e.from, block.timestamp);
        if (block.timestamp > e.until) revert HoldbackWindowClosed(id, e.until, block.timestamp);
        bytes32 criteriaHash = keccak256(abi.encode(breachCriteria));
        if (criteriaHash != context.breachCriteriaHash) {
            revert HoldbackCriteriaMismatch(context.breachCriteriaHash, criteriaHash);
        }
    }

    /// @dev Pulls the cost from the brand, hands the claim and the cost to the arbitrator and records the dispute
    ///      both ways.
    function _createDispute(bytes32 id, IERC20 token, bytes memory extraData, uint256 cost)
        internal
        returns (uint256 disputeId)
    {
        _pullExact(token, msg.sender, cost);
        token.forceApprove(address(_ARBITRATOR), cost);
        disputeId = _ARBITRATOR.createDispute(RULING_OPTIONS, extraData, token, cost);
        // An arbitrator reusing a dispute id would let one ruling settle two claims.
        if (_disputeDeals[disputeId] != 0) revert HoldbackUnknownDispute(disputeId);
        _disputeDeals[disputeId] = id;
        _breachClaims[id].disputeId = disputeId;
    }

    /// @inheritdoc IArbitrableV2
    /// @dev Ruling r >= 1 gives the influencer r - 1 basis points of the holdback; ruling 0 (the court refused to
    ///      arbitrate) means the claim failed: all of it. The share also applies to every later hold.
    function rule(uint256 disputeId, uint256 ruling) external {
        if (msg.sender != address(_ARBITRATOR)) revert HoldbackOnlyArbitrator(msg.sender);
        bytes32 id = _disputeDeals[disputeId];
        if (id == 0) revert HoldbackUnknownDispute(disputeId);
        if (ruling > RULING_OPTIONS) revert HoldbackRulingOutOfRange(ruling, RULING_OPTIONS);
        Holdback storage h = _holdbacks[id];
        HoldbackStatus status = h.status;
        if (status != HoldbackStatus.InArbitration) {
            revert HoldbackUnexpectedStatus(id, status, HoldbackStatus.InArbitration);
        }
        // ruling - 1 <= 10_000 fits in uint16.
        uint16 share = ruling == 0 ? BPS : uint16(ruling - 1);
        (uint256 toInfluencer, uint256 toBrand) = _split(h.held, share);

        h.held = 0;
        h.status = HoldbackStatus.Resolved;
        h.influencerShareBps = share;
        _credit(id, h, toInfluencer, toBrand);
        emit Ruling(_ARBITRATOR, disputeId, ruling);
        emit BreachClaimRuled(id, disputeId, share, toInfluencer, toBrand);
    }

    /// @dev Builds the `extraData` handed to the arbitrator: the deal's context with the breach questions.
    function _extraData(HoldbackContext calldata context, Question[] calldata breachCriteria)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encode(
            DisputeContext({
                dealId: context.dealId,
                milestone: BREACH_MILESTONE,
                brand: context.brand,
                influencer: context.influencer,
                language: context.language,
                topic: context.topic,
                briefHash: context.briefHash,
                criteria: breachCriteria
            })
        );
    }

    /// @dev Pulls exactly `amount` of `token` from `from`; a token that delivers less is refused (the vault would
    ///      otherwise pay the difference out of other deals' money).
    function _pullExact(IERC20 token, address from, uint256 amount) internal {
        uint256 balanceBefore = token.balanceOf(address(this));
        token.safeTransferFrom(from, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - balanceBefore;
        if (received != amount) revert HoldbackTransferShortfall(amount, received);
    }

    /* ------------------------------------------------------------------ */
    /*                                CLAIM                               */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IHoldbackVault
    function claim(HoldbackContext calldata context, address to) external nonReentrant returns (uint256 amount) {
        bytes32 id = _checkContext(context);
        if (to == address(0) || to == address(this)) revert HoldbackInvalidRecipient(to);
        if (msg.sender == context.brand) {
            Holdback storage h = _holdbacks[id];
            amount = h.brandCredit;
            h.brandCredit = 0;
        } else if (msg.sender == context.influencer) {
            amount = _influencerCredits[id];
            _influencerCredits[id] = 0;
        }
        if (amount == 0) revert HoldbackNothingToClaim(id, msg.sender);
        emit HoldbackClaimed(id, msg.sender, to, amount);
        context.token.safeTransfer(to, amount);
    }

    /* ------------------------------------------------------------------ */
    /*                                VIEWS                               */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IHoldbackVault
    function escrow() external view returns (address) {
        return _ESCROW;
    }

    /// @inheritdoc IHoldbackVault
    function arbitrator() external view returns (IArbitratorV2) {
        return _ARBITRATOR;
    }

    /// @inheritdoc IHoldbackVault
    function registry() external view returns (IExclusivityRegistry) {
        return _REGISTRY;
    }

    /// @inheritdoc IHoldbackVault
    function getHoldback(bytes32 dealId) external view returns (Holdback memory) {
        return _holdbacks[dealId];
    }

    /// @inheritdoc IHoldbackVault
    function influencerCredit(bytes32 dealId) external view returns (uint256) {
        return _influencerCredits[dealId];
    }

    /// @inheritdoc IHoldbackVault
    function contextHash(bytes32 dealId) external view returns (bytes32) {
        return _contextHashes[dealId];
    }

    /// @inheritdoc IHoldbackVault
    function breachClaimOf(bytes32 dealId) external view returns (bool filed, uint256 disputeId) {
        BreachClaim storage c = _breachClaims[dealId];
        return (c.filed, c.disputeId);
    }

    /// @inheritdoc IHoldbackVault
    function dealOfDispute(uint256 disputeId) external view returns (bytes32) {
        return _disputeDeals[disputeId];
    }

    /// @inheritdoc IHoldbackVault
    /// @dev Checks neither the context nor the questions: `fileBreachClaim` does.
    function breachClaimCost(HoldbackContext calldata context, Question[] calldata breachCriteria)
        external
        view
        returns (uint256)
    {
        return _ARBITRATOR.arbitrationCost(_extraData(context, breachCriteria), context.token);
    }

    /// @inheritdoc IHoldbackVault
    function hashContext(HoldbackContext calldata context) external pure returns (bytes32) {
        return keccak256(abi.encode(context));
    }

    /* ------------------------------------------------------------------ */
    /*                              INTERNALS                             */
    /* ------------------------------------------------------------------ */

    function _checkEscrow() internal view {
        if (msg.sender != _ESCROW) revert HoldbackOnlyEscrow(msg.sender);
    }

    /// @dev Returns the deal id of `context` once its hash matches the one kept at opening.
    function _checkContext(HoldbackContext calldata context) internal view returns (bytes32 id) {
        id = context.dealId;
        bytes32 expected = _contextHashes[id];
        bytes32 actual = keccak256(abi.encode(context));
        if (actual != expected) revert HoldbackContextMismatch(id, expected, actual);
    }

    /// @dev The influencer's part of `amount` at `influencerShareBps` (rounded down) and the brand's rest.
    function _split(uint256 amount, uint256 influencerShareBps)
        internal
        pure
        returns (uint256 toInfluencer, uint256 toBrand)
    {
        toInfluencer = amount * influencerShareBps / BPS;
        // toInfluencer <= amount since influencerShareBps <= BPS.
        unchecked {
            toBrand = amount - toInfluencer;
        }
    }

    /// @dev Adds a split to both credits; each part is at most an amount that fit in uint96.
    function _credit(bytes32 id, Holdback storage h, uint256 toInfluencer, uint256 toBrand) internal {
        if (toInfluencer != 0) _influencerCredits[id] += uint96(toInfluencer);
        if (toBrand != 0) h.brandCredit += uint96(toBrand);
    }
}
