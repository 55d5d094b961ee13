// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IArbitrableV2} from "../interfaces/arbitration/IArbitrableV2.sol";
import {IArbitratorV2} from "../interfaces/arbitration/IArbitratorV2.sol";

/// @title TestArbitrator
/// @notice A minimal IArbitratorV2 (ERC-20 fees) whose rulings are given by hand, for tests and the local demo
///         until the mediator court exists. Nothing in the production path depends on it.
/// @dev Test and local-demo only. Fees are pulled like a real arbitrator would and kept.
contract TestArbitrator is IArbitratorV2 {
    using SafeERC20 for IERC20;

    error TestArbitratorNativeFeesUnsupported();
    error TestArbitratorTokenNotAccepted(IERC20 token);
    error TestArbitratorFeeTooLow(uint256 paid, uint256 cost);
    error TestArbitratorUnknownDispute(uint256 disputeId);

    struct Dispute {
        IArbitrableV2 arbitrable;
        uint256 choices;
        uint256 ruling;
        bool ruled;
        bytes extraData;
    }

    mapping(IERC20 token => uint256) public costs;
    mapping(IERC20 token => bool) public accepted;
    Dispute[] internal _disputes;
    /// @dev When set, the next dispute gets this id instead of a fresh one (to test arbitrators that misbehave).
    uint256 public forcedNextId;
    bool public forceNextId;

    function setCost(IERC20 token, uint256 cost) external {
        costs[token] = cost;
        accepted[token] = true;
        emit AcceptedFeeToken(token, true);
    }

    function forceNextDisputeId(uint256 id) external {
        forcedNextId = id;
        forceNextId = true;
    }

    function createDispute(uint256, bytes calldata) external payable returns (uint256) {
        revert TestArbitratorNativeFeesUnsupported();
    }

    function createDispute(uint256 choices, bytes calldata extraData, IERC20 feeToken, uint256 feeAmount)
        external
        returns (uint256 disputeId)
    {
        if (!accepted[feeToken]) revert TestArbitratorTokenNotAccepted(feeToken);
        if (feeAmount < costs[feeToken]) revert TestArbitratorFeeTooLow(feeAmount, costs[feeToken]);
        feeToken.safeTransferFrom(msg.sender, address(this), feeAmount);
        _disputes.push(Dispute(IArbitrableV2(msg.sender), choices, 0, false, extraData));
        disputeId = _disputes.length - 1;
        if (forceNextId) {
            forceNextId = false;
            disputeId = forcedNextId;
        }
        emit DisputeCreation(disputeId, IArbitrableV2(msg.sender));
    }

    /// @notice Gives a ruling and forwards it to the arbitrable contract.
    function giveRuling(uint256 disputeId, uint256 ruling) external {
        if (disputeId >= _disputes.length) revert TestArbitratorUnknownDispute(disputeId);
        Dispute storage dispute = _disputes[disputeId];
        dispute.ruling = ruling;
        dispute.ruled = true;
        emit Ruling(dispute.arbitrable, disputeId, ruling);
        dispute.arbitrable.rule(disputeId, ruling);
    }

    function disputeCount() external view returns (uint256) {
        return _disputes.length;
    }

    function disputeExtraData(uint256 disputeId) external view returns (bytes memory) {
        return _disputes[disputeId].extraData;
    }

    function arbitrationCost(bytes calldata) external pure returns (uint256) {
        return type(uint256).max;
    }

    function arbitrationCost(bytes calldata, IERC20 feeToken) external view returns (uint256) {
        if (!accepted[feeToken]) revert TestArbitratorTokenNotAccepted(feeToken);
        return costs[feeToken];
    }

    function currentRuling(uint256 disputeId) external view returns (uint256 ruling, bool tied, bool overridden) {
        return (_disputes[disputeId].ruling, false, false);
    }
}
