// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IArbitrableV2} from "./arbitration/IArbitrableV2.sol";
import {IArbitratorV2} from "./arbitration/IArbitratorV2.sol";
import {IExclusivityRegistry} from "./IExclusivityRegistry.sol";
import {HoldbackContext, Question} from "../types/DealTypes.sol";

/// @notice Where a deal's holdback stands.
enum HoldbackStatus {
    None, // nothing held yet
    Holding, // amounts are locked until the exclusivity ends
    InArbitration, // the brand filed a breach claim; the court decides who gets the locked amount
    Resolved // released to the influencer (no claim) or split by the ruling; later amounts follow the same split
}

/// @notice A deal's holdback, in one storage word (the influencer's credit and the context hash are two more).
struct Holdback {
    uint96 held; // locked amount, in the deal's token
    uint96 brandCredit; // the brand's claimable amount
    HoldbackStatus status;
    uint16 influencerShareBps; // once Resolved: the influencer's share of every amount (10,000 when released)
}

/// @title IHoldbackVault
/// @notice Holds back a share of an exclusive deal's payouts until its exclusivity ends. While the exclusivity is in
///         force the brand may file one breach claim with evidence: it goes to the court with the deal's breach
///         questions, and the ruling splits the holdback (the influencer's share is the ruling's, as for a
///         milestone). Without a claim, anyone releases the holdback to the influencer once the exclusivity ended
///         (its agreed end, or earlier when the deal was refunded or ruled against the brand). Each side then
///         withdraws its credit to any address.
/// @dev Deployed by the escrow, which opens a deal's holdback at creation (`open`) and sends each held amount
///      before calling `hold`. The claimant pays the arbitration cost; it is not refunded. A ruling of 0 (the
///      court refused to arbitrate) leaves the holdback to the influencer: the claim failed.
interface IHoldbackVault is IArbitrableV2 {
    /* ------------------------------------------------------------------ */
    /*                               EVENTS                               */
    /* ------------------------------------------------------------------ */

    /// @notice The escrow opened a holdback for a deal offering one.
    event HoldbackOpened(
        bytes32 indexed dealId, address indexed brand, address indexed influencer, HoldbackContext context
    );

    /// @notice An amount was held back from a payout.
    /// @param held The locked total after it (0 when the holdback was already resolved: the amount was split).
    /// @param toInfluencer The influencer's part of the amount when the holdback was already resolved (else 0).
    /// @param toBrand The brand's part of the amount when the holdback was already resolved (else 0).
    event HoldbackAdded(bytes32 indexed dealId, uint256 amount, uint256 held, uint256 toInfluencer, uint256 toBrand);

    /// @notice The exclusivity ended without a claim: the holdback is the influencer's.
    event HoldbackReleased(bytes32 indexed dealId, address indexed caller, uint256 amount);

    /// @notice The brand filed a breach claim; the court's dispute `disputeId` decides.
    event BreachClaimFiled(
        bytes32 indexed dealId,
        address indexed brand,
        uint256 indexed disputeId,
        uint256 held,
        uint256 cost,
        string evidence
    );

    /// @notice The court ruled on a breach claim: the holdback was split.
    event BreachClaimRuled(
        bytes32 indexed dealId,
        uint256 indexed disputeId,
        uint16 influencerShareBps,
        uint256 toInfluencer,
        uint256 toBrand
    );

    /// @notice A party withdrew its credit.
    event HoldbackClaimed(bytes32 indexed dealId, address indexed account, address indexed to, uint256 amount);

    /* ------------------------------------------------------------------ */
    /*                               ERRORS                               */
    /* ------------------------------------------------------------------ */

    error HoldbackOnlyEscrow(address caller);
    error HoldbackOnlyArbitrator(address caller);
    /// @notice The deal has no holdback, or the context passed is not the one opened for it.
    error HoldbackContextMismatch(bytes32 dealId, bytes32 expected, bytes32 actual);
    error HoldbackAlreadyOpened(bytes32 dealId);
    error HoldbackUnexpectedStatus(bytes32 dealId, HoldbackStatus current, HoldbackStatus expected);
    /// @notice The exclusivity is still in force until `endsAt`.
    error HoldbackWindowOpen(bytes32 dealId, uint256 endsAt, uint256 timestamp);
    /// @notice The exclusivity binds only from `startsAt`: too early for a breach claim.
    error HoldbackWindowNotStarted(bytes32 dealId, uint256 startsAt, uint256 timestamp);
    /// @notice The exclusivity stopped binding at `endedAt`: too late for a breach claim.
    error HoldbackWindowClosed(bytes32 dealId, uint256 endedAt, uint256 timestamp);
    error HoldbackNothingHeld(bytes32 dealId);
    error HoldbackOnlyBrand(address caller, address brand);
    error HoldbackCriteriaMismatch(bytes32 expected, bytes32 actual);
    error HoldbackUnknownDispute(uint256 disputeId);
    error HoldbackRulingOutOfRange(uint256 ruling, uint256 max);
    error HoldbackCostTooHigh(uint256 cost);
    /// @notice Fewer tokens arrived than the arbitration cost pulled from the claimant (fee-on-transfer token).
    error HoldbackTransferShortfall(uint256 expected, uint256 received);
    error HoldbackNothingToClaim(bytes32 dealId, address account);
    error HoldbackInvalidRecipient(address to);

    /* ------------------------------------------------------------------ */
    /*                                ESCROW                              */
    /* ------------------------------------------------------------------ */

    /// @notice Opens the holdback of a deal being created, keeping the hash of its context.
    function open(HoldbackContext calldata context) external;

    /// @notice Records `amount`, which the escrow has just transferred, as held back from a payout of the deal.
    function hold(bytes32 dealId, uint256 amount) external;

    /* ------------------------------------------------------------------ */
    /*                          RELEASE AND CLAIMS                        */
    /* ------------------------------------------------------------------ */

    /// @notice Anyone: once the exclusivity ended, credits the locked amount to the influencer.
    function release(HoldbackContext calldata context) external;

    /// @notice The brand, while the exclusivity is in force (from its start to its end) and something is held:
    ///         files a breach claim with its evidence (a URI or document hash), paying the court's arbitration cost
    ///         in the deal's token.
    /// @param breachCriteria The breach questions, matching the context's `breachCriteriaHash`.
    function fileBreachClaim(
        HoldbackContext calldata context,
        Question[] calldata breachCriteria,
        string calldata evidence
    ) external returns (uint256 disputeId);

    /// @notice The brand or the influencer withdraws its credit to `to`.
    function claim(HoldbackContext calldata context, address to) external returns (uint256 amount);

    /* ------------------------------------------------------------------ */
    /*                                VIEWS                               */
    /* ------------------------------------------------------------------ */

    function escrow() external view returns (address);
    function arbitrator() external view returns (IArbitratorV2);
    function registry() external view returns (IExclusivityRegistry);
    function getHoldback(bytes32 dealId) external view returns (Holdback memory);
    function influencerCredit(bytes32 dealId) external view returns (uint256);
    function contextHash(bytes32 dealId) external view returns (bytes32);
    /// @notice Whether the brand filed a breach claim for the deal, and the court's dispute id if so.
    function breachClaimOf(bytes32 dealId) external view returns (bool filed, uint256 disputeId);
    /// @notice The deal whose breach claim is the court's dispute `disputeId` (0 when none).
    function dealOfDispute(uint256 disputeId) external view returns (bytes32);
    /// @notice The cost of filing a breach claim now, in the deal's token.
    function breachClaimCost(HoldbackContext calldata context, Question[] calldata breachCriteria)
        external
        view
        returns (uint256);
    function hashContext(HoldbackContext calldata context) external pure returns (bytes32);
}
