// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SortitionTree} from "../../contracts/libraries/SortitionTree.sol";

/// @notice Exposes {SortitionTree} on one tree, for the unit tests (external calls, so reverts can be expected) and
///         for the gas benchmark (bulk fill, and gas of a single draw or set measured with `gasleft()`).
contract SortitionTreeHarness {
    using SortitionTree for SortitionTree.Tree;

    /// @notice First address of the accounts created by {fill}: account `id` is `address(FILL_BASE + id)`.
    uint160 public constant FILL_BASE = 0xF111_0000_0000;

    /// @notice Account returned by the last {drawAndStore}. Starts non-zero so that every {drawAndStore} pays the
    ///         same (non-zero to non-zero) write.
    address public lastDrawn = address(0xdead);

    SortitionTree.Tree private _tree;

    function set(address account, uint64 weight) external {
        _tree.set(account, weight);
    }

    /// @notice Inserts accounts `firstId .. firstId + count - 1` with weights {fillWeight}, in one call.
    function fill(uint256 firstId, uint256 count) external {
        uint256 end = firstId + count;
        for (uint256 id = firstId; id < end; ++id) {
            _tree.set(fillAccount(id), fillWeight(id));
        }
    }

    /// @notice Draws and stores the result, so a draw can be sent (and measured) as a transaction.
    function drawAndStore(uint256 randomNumber) external {
        lastDrawn = _tree.draw(randomNumber);
    }

    /// @notice Gas used by {SortitionTree.draw} alone. Call it with eth_call so that every slot starts cold.
    function measureDraw(uint256 randomNumber) external view returns (address account, uint256 gasUsed) {
        uint256 before = gasleft();
        account = _tree.draw(randomNumber);
        gasUsed = before - gasleft();
    }

    /// @notice Gas of `count` draws in one call (random numbers `keccak256(seed, i)`): the first one starts with cold
    ///         slots, the next ones find the upper levels warm, as in a court drawing several mediators at once.
    function measureDraws(uint256 seed, uint256 count) external view returns (uint256 firstGas, uint256 totalGas) {
        uint256[] memory randomNumbers = new uint256[](count);
        for (uint256 i = 0; i < count; ++i) {
            randomNumbers[i] = uint256(keccak256(abi.encode(seed, i)));
        }
        uint256 start = gasleft();
        for (uint256 i = 0; i < count; ++i) {
            _tree.draw(randomNumbers[i]);
            if (i == 0) firstGas = start - gasleft();
        }
        totalGas = start - gasleft();
    }

    /// @notice Gas used by {SortitionTree.set} alone. Simulate it with eth_call so that every slot starts cold.
    function measureSet(address account, uint64 weight) external returns (uint256 gasUsed) {
        uint256 before = gasleft();
        _tree.set(account, weight);
        gasUsed = before - gasleft();
    }

    function setData(address account, uint224 data) external {
        _tree.setData(account, data);
    }

    function draw(uint256 randomNumber) external view returns (address) {
        return _tree.draw(randomNumber);
    }

    function weightOf(address account) external view returns (uint64) {
        return _tree.weightOf(account);
    }

    function dataOf(address account) external view returns (uint224) {
        return _tree.dataOf(account);
    }

    function total() external view returns (uint64) {
        return _tree.total();
    }

    function size() external view returns (uint256) {
        return _tree.size();
    }

    function depth() external view returns (uint256) {
        return _tree.depth();
    }

    function leafCount() external view returns (uint256) {
        return _tree.leafCount();
    }

    function leafAt(uint256 leaf) external view returns (address account, uint64 weight) {
        return _tree.leafAt(leaf);
    }

    /// @notice The account {fill} creates for `id`.
    function fillAccount(uint256 id) public pure returns (address) {
        return address(FILL_BASE + uint160(id));
    }

    /// @notice The weight {fill} gives account `id`: 1 to 1,000 whole units, spread deterministically.
    function fillWeight(uint256 id) public pure returns (uint64) {
        return uint64(1 + ((id * 7_919) % 1_000));
    }
}
