// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {MediatorCourt} from "../MediatorCourt.sol";
import {IRandomnessSource} from "../interfaces/IRandomnessSource.sol";
import {SortitionTree} from "../libraries/SortitionTree.sol";
import {CourtParams, Mediator} from "../types/CourtTypes.sol";

/// @title MediatorCourtBenchHarness
/// @notice The court plus one function that seeds a pool with many mediators in a few transactions, so that the
///         gas benchmark can measure draws at 100,000 staked mediators without 100,000 staking transactions.
/// @dev Benchmark only (scripts/benchCourt.ts, on a network that allows its size); never deployed elsewhere. The
///      seeded stakes are bookkeeping only: no tokens back them, so they must not be withdrawn.
contract MediatorCourtBenchHarness is MediatorCourt {
    using SortitionTree for SortitionTree.Tree;

    constructor(
        IERC20 stakeToken_,
        IERC20 feeToken_,
        uint256 stakeUnit_,
        IRandomnessSource randomness_,
        address owner_,
        CourtParams memory params_,
        uint256 exitDelay_
    ) MediatorCourt(stakeToken_, feeToken_, stakeUnit_, randomness_, owner_, params_, exitDelay_) {}

    /// @notice Adds mediators `first .. first + count - 1` (addresses derived from their number) to the pool of
    ///         (language, topic) with `stakeEach` each.
    function seedPool(bytes2 language, uint8 topic, uint256 first, uint256 count, uint96 stakeEach) external {
        uint24 key = _poolKey(language, topic);
        SortitionTree.Tree storage tree = _trees[key];
        uint64 weight = uint64(stakeEach / 1e6);
        for (uint256 i = first; i < first + count; ++i) {
            address mediator = seededMediator(i);
            _mediators[mediator] = Mediator(stakeEach, 0, 0, 1);
            _pools[mediator].push(key);
            tree.set(mediator, weight);
        }
    }

    /// @notice The address of seeded mediator `i`.
    function seededMediator(uint256 i) public pure returns (address) {
        return address(uint160(uint256(keccak256(abi.encode("ispera-bench-mediator", i)))));
    }
}
