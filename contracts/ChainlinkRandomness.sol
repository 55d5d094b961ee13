// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VRFConsumerBaseV2Plus} from "@chainlink/contracts/src/v0.8/vrf/dev/VRFConsumerBaseV2Plus.sol";
import {VRFV2PlusClient} from "@chainlink/contracts/src/v0.8/vrf/dev/libraries/VRFV2PlusClient.sol";

import {IRandomnessSource} from "./interfaces/IRandomnessSource.sol";

/// @title ChainlinkRandomness
/// @notice Chainlink VRF v2.5 (subscription model) behind {IRandomnessSource}: only the court requests, the callback
///         only stores the word and cannot revert, and the court reads the word when it needs it.
/// @dev The owner (Chainlink's two-step ConfirmedOwner) sets the consumer once the court exists and may tune the
///      request settings; it cannot choose or alter a word. A request that is never answered is re-requested by the
///      court after its timeout; a late answer to a superseded request is stored and ignored.
contract ChainlinkRandomness is IRandomnessSource, VRFConsumerBaseV2Plus {
    /// @notice The VRF gas lane.
    bytes32 public keyHash;
    /// @notice The VRF subscription paying for requests.
    uint256 public subscriptionId;
    /// @notice Block confirmations before the word is delivered.
    uint16 public requestConfirmations;
    /// @notice Gas for the callback, which only stores one word.
    uint32 public callbackGasLimit;
    /// @notice Whether requests pay in the native currency instead of LINK.
    bool public nativePayment;
    /// @notice The only account allowed to request.
    address public consumer;

    mapping(uint256 requestId => uint256) internal _words;

    constructor(
        address coordinator,
        bytes32 keyHash_,
        uint256 subscriptionId_,
        uint16 requestConfirmations_,
        uint32 callbackGasLimit_,
        bool nativePayment_
    ) VRFConsumerBaseV2Plus(coordinator) {
        _setRequestConfig(keyHash_, subscriptionId_, requestConfirmations_, callbackGasLimit_);
        nativePayment = nativePayment_;
    }

    /// @notice Sets the account allowed to request (the court).
    function setConsumer(address consumer_) external onlyOwner {
        consumer = consumer_;
        emit ConsumerSet(consumer_);
    }

    /// @notice Tunes the VRF request settings for future requests.
    function setRequestConfig(bytes32 keyHash_, uint256 subscriptionId_, uint16 confirmations, uint32 gasLimit)
        external
        onlyOwner
    {
        _setRequestConfig(keyHash_, subscriptionId_, confirmations, gasLimit);
    }

    /// @inheritdoc IRandomnessSource
    function requestRandomness() external returns (uint256 requestId) {
        if (msg.sender != consumer) revert RandomnessOnlyConsumer(msg.sender);
        requestId = s_vrfCoordinator.requestRandomWords(
            VRFV2PlusClient.RandomWordsRequest({
                keyHash: keyHash,
                subId: subscriptionId,
                requestConfirmations: requestConfirmations,
                callbackGasLimit: callbackGasLimit,
                numWords: 1,
                extraArgs: VRFV2PlusClient._argsToBytes(VRFV2PlusClient.ExtraArgsV1({nativePayment: nativePayment}))
            })
        );
        emit RandomnessRequested(requestId);
    }

    /// @inheritdoc IRandomnessSource
    function randomWord(uint256 requestId) external view returns (uint256) {
        return _words[requestId];
    }

    /// @dev Only stores the word: nothing here can revert (Chainlink does not call a second time). The name is
    ///      Chainlink's (an override), hence no leading underscore.
    // solhint-disable-next-line private-vars-leading-underscore
    function fulfillRandomWords(uint256 requestId, uint256[] calldata randomWords) internal override {
        uint256 word = randomWords.length > 0 ? randomWords[0] : 0;
        if (word == 0) word = 1;
        _words[requestId] = word;
        emit RandomnessFulfilled(requestId, word);
    }

    function _setRequestConfig(bytes32 keyHash_, uint256 subscriptionId_, uint16 confirmations, uint32 gasLimit)
        internal
    {
        keyHash = keyHash_;
        subscriptionId = subscriptionId_;
        requestConfirmations = confirmations;
        callbackGasLimit = gasLimit;
        emit RequestConfigSet(keyHash_, subscriptionId_, confirmations, gasLimit);
    }
}
