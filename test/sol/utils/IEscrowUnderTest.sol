// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IDealEscrow} from "../../../contracts/interfaces/IDealEscrow.sol";

/// @title IEscrowUnderTest
/// @notice {IDealEscrow} plus what DealEscrow inherits (Ownable2Step, Pausable) and the constants the tests read.
/// @dev The Solidity tests deploy the escrow from its artifact (`deployCode`) and talk to it through this interface:
///      importing the contract would compile it again inside each test's job with the default (legacy) pipeline,
///      where it exceeds the code-size limit, instead of testing the IR build that hardhat.config.ts deploys.
interface IEscrowUnderTest is IDealEscrow {
    function owner() external view returns (address);
    function pendingOwner() external view returns (address);
    function transferOwnership(address newOwner) external;
    function acceptOwnership() external;
    function renounceOwnership() external;
    function paused() external view returns (bool);
    // solhint-disable-next-line func-name-mixedcase
    function MAX_HORIZON() external view returns (uint256);
}
