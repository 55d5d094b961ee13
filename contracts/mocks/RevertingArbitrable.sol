// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IArbitrableV2} from "../interfaces/arbitration/IArbitrableV2.sol";
import {IArbitratorV2} from "../interfaces/arbitration/IArbitratorV2.sol";

/// @title RevertingArbitrable
/// @notice Test-only arbitrable whose `rule` reverts while `refuse` is set, to show that a hostile arbitrable cannot
///         block the court: it opens a dispute with ERC-20 fees pulled from the caller and records the rulings it
///         accepts once `refuse` is cleared.
contract RevertingArbitrable is IArbitrableV2 {
    using SafeERC20 for IERC20;

    error RevertingArbitrableRefused(uint256 disputeId, uint256 ruling);
    error RevertingArbitrableOnlyArbitrator(address caller);

    IArbitratorV2 public immutable ARBITRATOR;
    bool public refuse = true;
    mapping(uint256 disputeId => uint256) public rulings;

    constructor(IArbitratorV2 arbitrator) {
        ARBITRATOR = arbitrator;
    }

    function setRefuse(bool refuse_) external {
        refuse = refuse_;
    }

    /// @notice Opens a dispute with `choices` options, paying `fee` of `token` taken from the caller.
    function open(uint256 choices, bytes calldata extraData, IERC20 token, uint256 fee) external returns (uint256 id) {
        token.safeTransferFrom(msg.sender, address(this), fee);
        token.forceApprove(address(ARBITRATOR), fee);
        id = ARBITRATOR.createDispute(choices, extraData, token, fee);
        emit DisputeRequest(ARBITRATOR, id, id, 0, "");
    }

    function rule(uint256 disputeId, uint256 ruling) external {
        if (msg.sender != address(ARBITRATOR)) revert RevertingArbitrableOnlyArbitrator(msg.sender);
        if (refuse) revert RevertingArbitrableRefused(disputeId, ruling);
        rulings[disputeId] = ruling;
        emit Ruling(ARBITRATOR, disputeId, ruling);
    }
}
