// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @notice Where an exclusivity stands. `None` means the deal has none.
enum ExclusivityStatus {
    None, // no exclusivity recorded for this deal
    Reserved, // offered with the deal: listed for the influencer, binding nothing until accepted
    Active, // accepted: binds the influencer on its topic from `from` to `until` (inclusive)
    Ended // ended early (offer declined or expired, deal refunded, ruling against the brand); `until` = end time
}

/// @notice One deal's exclusivity, in one storage word.
struct Exclusivity {
    address brand; // the brand the influencer is exclusive to
    uint40 from; // start of the window (unix seconds, inclusive)
    uint40 until; // end of the window (inclusive); once Ended, the time it ended (never later than agreed)
    uint8 topic; // the topic (see `Topics`) the influencer may not promote for another brand
    ExclusivityStatus status;
}

/// @title IExclusivityRegistry
/// @notice The exclusivities of Ispera deals, enforced: a deal's exclusivity is reserved when the brand offers it,
///         and becomes active when the influencer accepts, which fails with `ExclusivityConflict` naming the
///         conflicting deal when the influencer already holds, with another brand, an active exclusivity on the same
///         topic whose window overlaps. `conflictOf` answers the same question beforehand, for the brand before
///         offering and the influencer before accepting.
/// @dev Written only by the escrow that deployed it (`escrow()`). Each (influencer, topic) has a list of the deals
///      reserved or active for it; accepting walks the list and drops the entries that ended or expired, so the
///      list holds only live offers and exclusivities. Windows are closed intervals: `[from, until]`.
interface IExclusivityRegistry {
    /* ------------------------------------------------------------------ */
    /*                               EVENTS                               */
    /* ------------------------------------------------------------------ */

    /// @notice A deal offering an exclusivity was created.
    event ExclusivityReserved(
        bytes32 indexed dealId,
        address indexed influencer,
        address indexed brand,
        uint8 topic,
        uint40 from,
        uint40 until
    );

    /// @notice The influencer accepted the deal: the exclusivity binds from `from` to `until`.
    event ExclusivityActivated(
        bytes32 indexed dealId,
        address indexed influencer,
        address indexed brand,
        uint8 topic,
        uint40 from,
        uint40 until
    );

    /// @notice The exclusivity ended before its agreed end (or was never accepted).
    /// @param endedAt The new end of its window (the block time).
    /// @param wasActive Whether it had been accepted (false for a declined or expired offer).
    event ExclusivityEnded(bytes32 indexed dealId, address indexed brand, uint8 topic, uint40 endedAt, bool wasActive);

    /// @notice An ended or expired entry was dropped from an influencer's list while accepting another deal.
    event ExclusivityPruned(bytes32 indexed dealId, address indexed influencer, uint8 topic);

    /* ------------------------------------------------------------------ */
    /*                               ERRORS                               */
    /* ------------------------------------------------------------------ */

    /// @notice Only the escrow writes exclusivities.
    error ExclusivityOnlyEscrow(address caller);

    /// @notice The influencer already holds, with `conflictingBrand`, the active exclusivity of `conflictingDeal` on
    ///         `topic`, whose window `[from, until]` overlaps the new one.
    error ExclusivityConflict(
        address influencer, uint8 topic, bytes32 conflictingDeal, address conflictingBrand, uint40 from, uint40 until
    );

    /// @notice The influencer already has `max` live offers and exclusivities listed on `topic` (none ended or
    ///         expired): they decline offers, or wait for them to expire, before another one with an exclusivity.
    error ExclusivityListFull(address influencer, uint8 topic, uint256 max);

    /// @notice The deal already has an exclusivity record.
    error ExclusivityAlreadyRecorded(bytes32 dealId);

    /// @notice The deal's exclusivity is not in the status the call needs.
    error ExclusivityUnexpectedStatus(bytes32 dealId, ExclusivityStatus current, ExclusivityStatus expected);

    /* ------------------------------------------------------------------ */
    /*                          ESCROW: LIFECYCLE                         */
    /* ------------------------------------------------------------------ */

    /// @notice Records the exclusivity of a deal just offered and lists it for the influencer on its topic; a full
    ///         list first drops its ended and expired entries, then reverts `ExclusivityListFull` if still full.
    /// @dev Only the escrow, which has validated the window (`from < until`, `until` in the future) and the topic.
    function reserve(bytes32 dealId, address influencer, address brand, uint8 topic, uint40 from, uint40 until)
        external;

    /// @notice Activates the exclusivity of a deal the influencer accepts; reverts with `ExclusivityConflict` when
    ///         another brand's active exclusivity on the topic overlaps. Drops ended and expired entries on the way.
    /// @dev Only the escrow. Reverts `ExclusivityUnexpectedStatus` unless Reserved.
    function activate(bytes32 dealId, address influencer) external;

    /// @notice Ends a reserved or active exclusivity now (offer declined or expired, deal refunded, ruling against
    ///         the brand). Does nothing when the deal has none or it already ended.
    /// @dev Only the escrow. The entry leaves the influencer's list at the next acceptance on the topic.
    function end(bytes32 dealId) external;

    /* ------------------------------------------------------------------ */
    /*                                VIEWS                               */
    /* ------------------------------------------------------------------ */

    /// @notice The escrow that deployed this registry, the only writer.
    function escrow() external view returns (address);

    /// @notice The exclusivity of a deal (status None when it has none).
    function getExclusivity(bytes32 dealId) external view returns (Exclusivity memory);

    /// @notice The active exclusivity of `influencer` on `topic` with a brand other than `brand` whose window overlaps
    ///         `[from, until]` and has not expired (the last listed one: the deal `activate` would name); 0 when an
    ///         offer with these terms would not conflict.
    function conflictOf(address influencer, address brand, uint8 topic, uint40 from, uint40 until)
        external
        view
        returns (bytes32 dealId);

    /// @notice The deals listed for `influencer` on `topic`: live offers and exclusivities, plus the ones that ended
    ///         or expired since the last acceptance on the topic (check each with `getExclusivity`).
    function exclusivitiesOf(address influencer, uint8 topic) external view returns (bytes32[] memory);

    /// @notice Whether the deal's exclusivity is active and its window holds now.
    function isInForce(bytes32 dealId) external view returns (bool);

    /// @notice When the deal's exclusivity stops binding: its agreed end, or the time it ended early; 0 when none.
    function endOf(bytes32 dealId) external view returns (uint40);
}
