// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice A token whose `transfer` and `transferFrom` return nothing (like USDT on Ethereum).
/// @dev Test only.
contract NoReturnToken {
    error NoReturnInsufficient();

    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    function name() external pure returns (string memory) {
        return "No Return";
    }

    function symbol() external pure returns (string memory) {
        return "NRT";
    }

    function decimals() external pure returns (uint8) {
        return 6;
    }

    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
        totalSupply += amount;
    }

    function approve(address spender, uint256 amount) external {
        allowance[msg.sender][spender] = amount;
    }

    function transfer(address to, uint256 amount) external {
        _move(msg.sender, to, amount);
    }

    function transferFrom(address from, address to, uint256 amount) external {
        if (allowance[from][msg.sender] < amount) revert NoReturnInsufficient();
        allowance[from][msg.sender] -= amount;
        _move(from, to, amount);
    }

    function _move(address from, address to, uint256 amount) private {
        if (balanceOf[from] < amount) revert NoReturnInsufficient();
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
    }
}

/// @notice A token that returns false instead of reverting when a transfer cannot happen, and that can be switched
///         to refuse every transfer out (returning false).
/// @dev Test only.
contract FalseReturnToken is ERC20 {
    bool public refuseTransfers;

    constructor() ERC20("False Return", "FRT") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setRefuseTransfers(bool refuse) external {
        refuseTransfers = refuse;
    }

    function transfer(address to, uint256 amount) public override returns (bool) {
        if (refuseTransfers || balanceOf(msg.sender) < amount) return false;
        return super.transfer(to, amount);
    }

    function transferFrom(address from, address to, uint256 amount) public override returns (bool) {
        if (refuseTransfers || balanceOf(from) < amount || allowance(from, msg.sender) < amount) return false;
        return super.transferFrom(from, to, amount);
    }
}

/// @notice A token that can be switched to revert on every transfer.
/// @dev Test only.
contract RevertingToken is ERC20 {
    error TransfersDisabled();

    bool public reverting;

    constructor() ERC20("Reverting", "RVT") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setReverting(bool reverting_) external {
        reverting = reverting_;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (reverting) revert TransfersDisabled();
        super._update(from, to, value);
    }
}

/// @notice A token that burns 1 % of every transfer (fee-on-transfer).
/// @dev Test only.
contract FeeOnTransferToken is ERC20 {
    constructor() ERC20("Fee On Transfer", "FOT") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) return super._update(from, to, value);
        uint256 fee = value / 100;
        super._update(from, address(0), fee);
        super._update(from, to, value - fee);
    }
}
