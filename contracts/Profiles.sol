// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProfiles, Profile} from "./interfaces/IProfiles.sol";

/// @title Profiles
/// @notice Self-published profiles of brands and influencers: a document hash and URI per account, changed only by
///         the account itself, one `ProfileUpdated` event per change. See {IProfiles}.
/// @dev Trust model and caveats:
///      - No owner, no admin, no upgrade: only an account can write its own profile, and nobody can remove it.
///      - The contract stores what the account claims. It does not fetch or parse the document, and does not check
///        that the handle or channels belong to the account; readers verify the document against its hash and
///        weigh it with the account's on-chain reputation (see {IReputation}).
///      - The URI is bounded (`MAX_URI_LENGTH`) so that reading a profile stays cheap for everyone.
contract Profiles is IProfiles {
    /* ------------------------------------------------------------------ */
    /*                       CONSTANTS AND STORAGE                        */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IProfiles
    uint256 public constant MAX_URI_LENGTH = 256;

    mapping(address account => Profile) internal _profiles;

    /* ------------------------------------------------------------------ */
    /*                               WRITES                               */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IProfiles
    function setProfile(bytes32 metadataHash, string calldata uri) external {
        if (metadataHash == 0) revert ProfileEmptyHash();
        uint256 length = bytes(uri).length;
        if (length == 0) revert ProfileUriEmpty();
        if (length > MAX_URI_LENGTH) revert ProfileUriTooLong(length, MAX_URI_LENGTH);
        Profile storage p = _profiles[msg.sender];
        uint64 version = p.version + 1;
        p.metadataHash = metadataHash;
        p.version = version;
        p.updatedAt = uint40(block.timestamp);
        p.uri = uri;
        emit ProfileUpdated(msg.sender, metadataHash, uri, version);
    }

    /// @inheritdoc IProfiles
    function clearProfile() external {
        Profile storage p = _profiles[msg.sender];
        if (p.metadataHash == 0) revert ProfileNotSet(msg.sender);
        uint64 version = p.version + 1;
        p.metadataHash = 0;
        p.version = version;
        p.updatedAt = uint40(block.timestamp);
        delete p.uri;
        emit ProfileUpdated(msg.sender, 0, "", version);
    }

    /* ------------------------------------------------------------------ */
    /*                                VIEWS                               */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IProfiles
    function profileOf(address account) external view returns (Profile memory) {
        return _profiles[account];
    }

    /// @inheritdoc IProfiles
    function hasProfile(address account) external view returns (bool) {
        return _profiles[account].metadataHash != 0;
    }
}
