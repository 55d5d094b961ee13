// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title MockUSDC
/// @notice Local stand-in for USDC (FiatToken v2.2): 6 decimals, EIP-2612 permit, and the two behaviours that can
///         break an escrow: a blacklist (a listed address can neither send nor receive) and a global pause.
/// @dev Test and local-demo only; never deployed on a public network.
contract MockUSDC is ERC20, ERC20Permit, Ownable {
    /// @notice `account` is blacklisted.
    error Blacklisted(address account);
    /// @notice Transfers are paused.
    error TokenPaused();

    event BlacklistSet(address indexed account, bool blacklisted);
    event PausedSet(bool paused);

    mapping(address account => bool) public isBlacklisted;
    bool public paused;

    constructor(address owner_) ERC20("USD Coin (local)", "USDC") ERC20Permit("USD Coin (local)") Ownable(owner_) {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Anyone can mint on the local chain (a faucet).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setBlacklisted(address account, bool blacklisted) external onlyOwner {
        isBlacklisted[account] = blacklisted;
        emit BlacklistSet(account, blacklisted);
    }

    function setPaused(bool paused_) external onlyOwner {
        paused = paused_;
        emit PausedSet(paused_);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (paused) revert TokenPaused();
        if (isBlacklisted[from]) revert Blacklisted(from);
        if (isBlacklisted[to]) revert Blacklisted(to);
        if (isBlacklisted[msg.sender]) revert Blacklisted(msg.sender);
        super._update(from, to, value);
    }
}
