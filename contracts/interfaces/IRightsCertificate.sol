// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";
import {IDealEscrow} from "./IDealEscrow.sol";
import {DealStatus, DealTerms, RightsTerms} from "../types/DealTypes.sol";

/// @notice What a certificate stores: three words, plus the licence text's hash and the territories when present.
///         The content digests are read from the escrow, which keeps them for good once the deal closed.
struct Certificate {
    address brand; // the deal's brand: the first licensee, to whom the certificate was minted
    uint40 effectiveAt; // the deal's completion time (the escrow's `closedAt`): the licence's effective date
    uint40 duration; // seconds from `effectiveAt`; 0 = perpetual
    uint16 scope; // RightsScope bits
    address influencer; // the licensor
    uint8 milestoneCount; // the deal's number of milestones (each has a content digest at the escrow)
    bool exclusive; // exclusive licence
    IERC20 token; // the deal's payment token
    uint96 price; // the rights price paid with the deal, in token units (<= the escrow's 2^88 - 1 cap per deal)
    bytes32 documentHash; // hash of the off-chain licence text (0 = none)
    bytes territories; // ISO 3166-1 alpha-2 codes, two bytes each; empty = worldwide
}

/// @title IRightsCertificate
/// @notice ERC-721 proof of a content-rights licence bought with an Ispera deal. A certificate's token id is the
///         deal id (`uint256(dealId)`); it is minted to the deal's brand, once, and only when the escrow says the
///         rights were bought (`IDealEscrow.rightsBought`): the deal completed, every milestone paid to the
///         influencer, and its terms include rights. Its metadata (`tokenURI`) is JSON built on chain: the parties,
///         the deal, the escrow, the content digests, the licence terms, the price, the effective date and expiry.
/// @dev The licence follows the token: whoever holds the certificate holds the licence, so an ERC-721 transfer
///      (or approval, or sale) transfers the licence with it. The influencer's grant is to the holder of this
///      token, within the scope, territories and duration it states.
interface IRightsCertificate is IERC721Metadata {
    /* ------------------------------------------------------------------ */
    /*                               EVENTS                               */
    /* ------------------------------------------------------------------ */

    /// @notice A certificate was minted to the deal's brand (the ERC-721 `Transfer` from zero is emitted too).
    /// @param tokenId `uint256(dealId)`.
    /// @param brand The deal's brand, the first holder.
    /// @param influencer The licensor.
    /// @param minter Who triggered the mint (anyone may).
    /// @param rights The licence terms (their hash is the deal's `rightsHash`).
    /// @param token The deal's payment token.
    /// @param price The rights price paid with the deal.
    /// @param contentDigests Per milestone, the escrow's digest of the last submitted content (0 when none).
    /// @param effectiveAt The deal's completion time.
    /// @param expiresAt `effectiveAt + duration`, or 0 for a perpetual licence.
    event CertificateMinted(
        uint256 indexed tokenId,
        address indexed brand,
        address indexed influencer,
        address minter,
        RightsTerms rights,
        IERC20 token,
        uint256 price,
        bytes20[] contentDigests,
        uint256 effectiveAt,
        uint256 expiresAt
    );

    /* ------------------------------------------------------------------ */
    /*                               ERRORS                               */
    /* ------------------------------------------------------------------ */

    /// @notice The escrow is the zero address.
    error RightsInvalidEscrow(address escrow);
    /// @notice The escrow has no deal `dealId` (no deal with these terms).
    error RightsDealNotFound(bytes32 dealId);
    /// @notice The deal's terms include no rights (`rightsHash` is zero).
    error RightsNotIncluded(bytes32 dealId);
    /// @notice The rights were not bought: the deal is `status` and did not complete (it is still running, or it
    ///         closed with a milestone refunded to the brand).
    error RightsNotBought(bytes32 dealId, DealStatus status, bool completed);
    /// @notice The rights terms given hash to `actual`, not to the deal's `rightsHash` (`expected`).
    error RightsHashMismatch(bytes32 dealId, bytes32 expected, bytes32 actual);
    /// @notice `provided` content hashes were given for a deal of `expected` milestones.
    error RightsContentCount(bytes32 dealId, uint256 provided, uint256 expected);
    /// @notice The content hash given for `milestone` does not match the escrow's record: the first 20 bytes of
    ///         the last submitted content hash (`recorded`), or zero for a milestone paid without a submission.
    error RightsContentMismatch(bytes32 dealId, uint256 milestone, bytes20 recorded, bytes32 provided);
    /// @notice The certificate of this deal exists already; `owner` holds it.
    error RightsAlreadyMinted(bytes32 dealId, address owner);
    /// @notice The rights price does not fit the certificate's record (never for a deal the escrow accepted).
    error RightsPriceTooLarge(uint256 price);

    /* ------------------------------------------------------------------ */
    /*                                MINT                                */
    /* ------------------------------------------------------------------ */

    /// @notice Mints the certificate of a deal whose rights were bought to the deal's brand. Anyone may call it
    ///         (for example the frontend or a keeper on the brand's behalf); the certificate always goes to the
    ///         brand, without a receiver callback, so a brand contract cannot block it.
    /// @param terms The deal's terms (emitted in `DealCreated`); the deal id is recomputed from them.
    /// @param rights The licence terms; they must hash to `terms.rightsHash`.
    /// @param contentHashes Per milestone, the content hash of its last submission (`DeliverableSubmitted`), or
    ///        zero for a milestone paid without one. Its first 20 bytes must match the escrow's `contentDigest`.
    /// @return tokenId `uint256(dealId)`.
    function mint(DealTerms calldata terms, RightsTerms calldata rights, bytes32[] calldata contentHashes)
        external
        returns (uint256 tokenId);

    /* ------------------------------------------------------------------ */
    /*                                VIEWS                               */
    /* ------------------------------------------------------------------ */

    /// @notice The escrow whose deals this contract certifies.
    function escrow() external view returns (IDealEscrow);

    /// @notice Whether the certificate exists and its licence has not expired (a perpetual one never does).
    ///         False for a certificate that does not exist.
    function isValid(uint256 tokenId) external view returns (bool);

    /// @notice When the licence expires (`effectiveAt + duration`); 0 for a perpetual licence. Reverts with
    ///         `ERC721NonexistentToken` for a certificate that does not exist.
    function expiresAt(uint256 tokenId) external view returns (uint256);

    /// @notice A certificate's stored record. Reverts with `ERC721NonexistentToken` when it does not exist.
    function getCertificate(uint256 tokenId) external view returns (Certificate memory);

    /// @notice A certificate's licence terms, as they were hashed into the deal's terms.
    function rightsTerms(uint256 tokenId) external view returns (RightsTerms memory);

    /// @notice A certificate's content digests, per milestone, read from the escrow (0 for a milestone paid
    ///         without a submission).
    function contentDigests(uint256 tokenId) external view returns (bytes20[] memory);

    /// @notice The hash of licence terms, as expected in `DealTerms.rightsHash`.
    function hashRights(RightsTerms calldata rights) external pure returns (bytes32);
}
