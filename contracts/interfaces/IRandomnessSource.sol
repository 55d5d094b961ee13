// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title IRandomnessSource
/// @notice A source of random words for the court: it requests a word, and the word can be read once it arrived.
interface IRandomnessSource {
    /// @notice A random word was requested.
    event RandomnessRequested(uint256 indexed requestId);
    /// @notice A random word arrived (0 is stored as 1, so that 0 always means "not yet").
    event RandomnessFulfilled(uint256 indexed requestId, uint256 randomWord);
    /// @notice The consumer allowed to request changed.
    event ConsumerSet(address indexed consumer);
    /// @notice The VRF request settings changed.
    event RequestConfigSet(
        bytes32 keyHash, uint256 subscriptionId, uint16 requestConfirmations, uint32 callbackGasLimit
    );

    /// @notice Only the consumer (the court) may request, so nobody can drain the subscription.
    error RandomnessOnlyConsumer(address caller);

    /// @notice Requests one random word. Only the consumer.
    /// @return requestId The id under which the word will be stored.
    function requestRandomness() external returns (uint256 requestId);

    /// @notice The word of a request, or 0 while it has not arrived.
    function randomWord(uint256 requestId) external view returns (uint256);
}
