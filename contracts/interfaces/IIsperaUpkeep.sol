// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {AutomationCompatibleInterface} from
    "@chainlink/contracts/src/v0.8/automation/interfaces/AutomationCompatibleInterface.sol";
import {DealTerms} from "../types/DealTypes.sol";

/// @notice The work an upkeep performs (one call per `performUpkeep`).
enum UpkeepWork {
    None,
    RequestRandomness, // court: the round's request failed or its word expired
    Draw, // court: the round's word arrived; draw a batch
    PassPeriod, // court: commit, reveal or appeal period over
    ExecuteRound, // court: settle a batch of a final dispute's round (`index` = round)
    UnwatchDispute, // the dispute needs nothing more: it leaves the list
    ReclaimOffer, // escrow: offer not accepted by accept-by
    ReclaimMilestone, // escrow: milestone `index` not delivered in time
    ReleaseAfterReview, // escrow: milestone `index`'s review window ended
    TimeOutArbitration, // escrow: milestone `index`'s arbitration fee deadline passed
    ReleaseHoldback, // vault: the exclusivity ended without a claim
    UnwatchDeal // the deal needs nothing more: it leaves the list
}

/// @title IIsperaUpkeep
/// @notice Chainlink Automation for Ispera's time-driven work, outside the escrow and the court: anyone registers a
///         dispute or a deal (with its full terms) in a bounded watch list; `checkUpkeep` (simulated off-chain by
///         Automation) finds the first due work; `performUpkeep` checks again that it is still due and does it.
///         Every call it makes is permissionless on the escrow, the court and the vault.
interface IIsperaUpkeep is AutomationCompatibleInterface {
    /// @notice `by` added the court's dispute `disputeId` to the watch list.
    event DisputeWatched(uint256 indexed disputeId, address indexed by);
    /// @notice `by` added the escrow's deal `dealId` (with its terms) to the watch list.
    event DealWatched(bytes32 indexed dealId, address indexed by);
    /// @notice The dispute needed nothing more and left the watch list.
    event DisputeUnwatched(uint256 indexed disputeId);
    /// @notice The deal needed nothing more and left the watch list.
    event DealUnwatched(bytes32 indexed dealId);
    /// @notice `work` was done for the dispute or deal `id` (a dispute id as bytes32), `index` its round or milestone.
    event UpkeepPerformed(UpkeepWork indexed work, bytes32 indexed id, uint256 index);

    /// @notice The watch list of disputes or of deals holds `max` entries already.
    error UpkeepListFull(uint256 max);
    /// @notice The dispute or deal `id` is watched already.
    error UpkeepAlreadyWatched(bytes32 id);
    /// @notice The court has no dispute `disputeId`.
    error UpkeepUnknownDispute(uint256 disputeId);
    /// @notice The escrow has no deal with these terms (`dealId` is their id).
    error UpkeepUnknownDeal(bytes32 dealId);
    /// @notice The performed work is not (or no longer) the one due for `id`: `due` is, at `dueIndex`.
    error UpkeepNotDue(UpkeepWork work, bytes32 id, uint256 index, UpkeepWork due, uint256 dueIndex);

    /// @notice Adds a dispute of the court to the watch list.
    function watchDispute(uint256 disputeId) external;

    /// @notice Adds a deal of the escrow to the watch list; its terms are kept for the escrow's calls.
    function watchDeal(DealTerms calldata terms) external;

    /// @notice The work due now for a watched dispute, and its round.
    function disputeWork(uint256 disputeId) external view returns (UpkeepWork work, uint256 index);

    /// @notice The work due now for a watched deal, and its milestone.
    function dealWork(bytes32 dealId) external view returns (UpkeepWork work, uint256 index);

    /// @notice The watched disputes and deals.
    function watched() external view returns (uint256[] memory disputes, bytes32[] memory deals);
}
