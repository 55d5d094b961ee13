// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IArbitratorV2} from "./IArbitratorV2.sol";

/// @title IArbitrableV2
/// @notice The arbitrable side of the ERC-792 arbitration standard in its v2 form (as used by Kleros v2).
interface IArbitrableV2 {
    /// @notice Emitted when a dispute is created, to link it to its template.
    /// @param _arbitrator The arbitrator of the contract.
    /// @param _arbitrableDisputeID The identifier of the dispute in the arbitrator contract.
    /// @param _externalDisputeID An identifier created by the arbitrable contract.
    /// @param _templateId The identifier of the dispute template (0 when `_templateUri` is used).
    /// @param _templateUri The URI of the dispute template, if any.
    event DisputeRequest(
        IArbitratorV2 indexed _arbitrator,
        uint256 indexed _arbitrableDisputeID,
        uint256 _externalDisputeID,
        uint256 _templateId,
        string _templateUri
    );

    /// @notice Emitted when a ruling is given.
    /// @param _arbitrator The arbitrator giving the ruling.
    /// @param _disputeID The identifier of the dispute in the arbitrator contract.
    /// @param _ruling The ruling which was given.
    event Ruling(IArbitratorV2 indexed _arbitrator, uint256 indexed _disputeID, uint256 _ruling);

    /// @notice Gives a ruling for a dispute. Must be called by the arbitrator.
    /// @param _disputeID The identifier of the dispute in the arbitrator contract.
    /// @param _ruling The ruling; 0 is reserved for "not able or not wanting to make a decision".
    function rule(uint256 _disputeID, uint256 _ruling) external;
}
