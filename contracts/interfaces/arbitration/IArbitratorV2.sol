// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IArbitrableV2} from "./IArbitrableV2.sol";

/// @title IArbitratorV2
/// @notice The arbitrator side of the ERC-792 arbitration standard in its v2 form (as used by Kleros v2), with
///         fees in the native currency or in an ERC-20 token. Appeals are left to each arbitrator.
interface IArbitratorV2 {
    /// @notice Emitted when a dispute is created.
    event DisputeCreation(uint256 indexed _disputeID, IArbitrableV2 indexed _arbitrable);

    /// @notice Emitted when a ruling is given.
    event Ruling(IArbitrableV2 indexed _arbitrable, uint256 indexed _disputeID, uint256 _ruling);

    /// @notice Emitted when an ERC-20 token is accepted or refused as a way to pay fees.
    event AcceptedFeeToken(IERC20 indexed _token, bool indexed _accepted);

    /// @notice Emitted when the rate of a fee token is updated.
    event NewCurrencyRate(IERC20 indexed _feeToken, uint64 _rateInEth, uint8 _rateDecimals);

    /// @notice Creates a dispute paid in the native currency. Must pay at least `arbitrationCost(_extraData)`.
    function createDispute(uint256 _numberOfChoices, bytes calldata _extraData)
        external
        payable
        returns (uint256 disputeID);

    /// @notice Creates a dispute paid in an ERC-20 token, pulled from the caller with `transferFrom`.
    function createDispute(uint256 _numberOfChoices, bytes calldata _extraData, IERC20 _feeToken, uint256 _feeAmount)
        external
        returns (uint256 disputeID);

    /// @notice The cost of arbitration in the native currency.
    function arbitrationCost(bytes calldata _extraData) external view returns (uint256 cost);

    /// @notice The cost of arbitration in `_feeToken`.
    function arbitrationCost(bytes calldata _extraData, IERC20 _feeToken) external view returns (uint256 cost);

    /// @notice The current ruling of a dispute.
    function currentRuling(uint256 _disputeID) external view returns (uint256 ruling, bool tied, bool overridden);
}
