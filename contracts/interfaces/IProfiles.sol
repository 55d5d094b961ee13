// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @notice An account's published profile. The document itself lives off chain (see docs/profiles.md): the chain
///         keeps its hash, where to read it, and how many times the account changed it.
struct Profile {
    bytes32 metadataHash; // keccak256 of the document's canonical JSON (UTF-8); 0 = no profile
    uint64 version; // number of changes so far (every set and clear counts one); never decreases
    uint40 updatedAt; // time of the last change; 0 = never published
    string uri; // where the document can be read (for example ipfs://<cid>); empty = no profile
}

/// @title IProfiles
/// @notice Self-published profiles of brands and influencers: each account sets, updates or clears its own profile,
///         a metadata document (handle, channels, languages, topics, rate card) bound by its hash. Every change
///         emits `ProfileUpdated` with the new version, so an indexer can rebuild each account's history.
/// @dev The registry proves only who published a document and when: nothing checks that a handle or channel
///      belongs to the account, and readers must check the document against `metadataHash` before trusting it.
interface IProfiles {
    /* ------------------------------------------------------------------ */
    /*                               EVENTS                               */
    /* ------------------------------------------------------------------ */

    /// @notice `account` published, updated (`metadataHash` != 0) or cleared (`metadataHash` = 0, `uri` empty) its
    ///         profile.
    /// @param account The profile's owner, who made the change.
    /// @param metadataHash keccak256 of the document's canonical JSON; 0 when cleared.
    /// @param uri Where the document can be read; empty when cleared.
    /// @param version The profile's version after this change (1 for the first publication).
    event ProfileUpdated(address indexed account, bytes32 metadataHash, string uri, uint64 version);

    /* ------------------------------------------------------------------ */
    /*                               ERRORS                               */
    /* ------------------------------------------------------------------ */

    /// @notice A profile needs a document hash (zero is the "no profile" value).
    error ProfileEmptyHash();
    /// @notice A profile needs the document's URI.
    error ProfileUriEmpty();
    /// @notice The URI is `length` bytes long, above the `max` allowed.
    error ProfileUriTooLong(uint256 length, uint256 max);
    /// @notice `account` has no profile to clear.
    error ProfileNotSet(address account);

    /* ------------------------------------------------------------------ */
    /*                               WRITES                               */
    /* ------------------------------------------------------------------ */

    /// @notice Publishes or replaces the caller's profile. Republishing the same document is allowed and counts as
    ///         a change (for example after moving it to another store).
    /// @param metadataHash keccak256 of the document's canonical JSON, non-zero.
    /// @param uri Where the document can be read, 1 to `MAX_URI_LENGTH` bytes.
    function setProfile(bytes32 metadataHash, string calldata uri) external;

    /// @notice Removes the caller's profile (hash and URI); its version still counts the change.
    function clearProfile() external;

    /* ------------------------------------------------------------------ */
    /*                                VIEWS                               */
    /* ------------------------------------------------------------------ */

    /// @notice The longest URI accepted, in bytes.
    function MAX_URI_LENGTH() external view returns (uint256);

    /// @notice `account`'s profile; all zero for an account that never published one.
    function profileOf(address account) external view returns (Profile memory);

    /// @notice Whether `account` has a profile now (published and not cleared).
    function hasProfile(address account) external view returns (bool);
}
