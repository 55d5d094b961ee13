// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";

import {IDealEscrow} from "./interfaces/IDealEscrow.sol";
import {Certificate, IRightsCertificate} from "./interfaces/IRightsCertificate.sol";
import {RightsRenderer} from "./libraries/RightsRenderer.sol";
import {
    DealKey, DealState, DealStatus, DealTerms, MilestoneState, RightsTerms
} from "./types/DealTypes.sol";

/// @title RightsCertificate
/// @notice ERC-721 certificates of the content rights bought with Ispera deals: token id = deal id, minted to the
///         deal's brand once the escrow records the rights as bought, with metadata built on chain. See
///         {IRightsCertificate}.
/// @dev Trust model and caveats:
///      - The escrow is fixed at deployment and is the only source of truth: a certificate exists only for a deal
///        whose `rightsBought` is true, and states the escrow's completion time and content digests. There is no
///        owner and no admin function; nothing can be burnt, changed or minted twice.
///      - The licence follows the token: an ERC-721 transfer moves the licence to the new holder. Mints use
///        `_mint` (no `onERC721Received` callback), so anyone can mint to any brand address without reentrancy.
///      - Only the first 20 bytes of each content hash are bound by the escrow (`contentDigest`), so those 20 bytes
///        are what a certificate states; the rest of a hash passed to `mint` is not recorded (a permissionless
///        minter could otherwise choose it).
///      - The licence terms are the ones the influencer accepted (their hash is in the deal's terms). Neither the
///        escrow nor this contract validates their wording at creation; the metadata writes any unknown scope bit
///        or malformed territory code by its value rather than refusing the certificate of a paid deal.
///      - The token's symbol and decimals are read at view time with bounded static calls; a token without them
///        gets its price written in units of its address.
contract RightsCertificate is IRightsCertificate, ERC721 {
    /* ------------------------------------------------------------------ */
    /*                       IMMUTABLES AND STORAGE                       */
    /* ------------------------------------------------------------------ */

    /// @dev Gas given to each of the token's `symbol` and `decimals` calls while rendering the metadata.
    uint256 internal constant _TOKEN_METADATA_GAS = 50_000;

    IDealEscrow internal immutable _ESCROW;

    mapping(uint256 tokenId => Certificate) internal _certificates;

    /* ------------------------------------------------------------------ */
    /*                             CONSTRUCTOR                            */
    /* ------------------------------------------------------------------ */

    /// @param escrow_ The escrow whose deals this contract certifies.
    constructor(IDealEscrow escrow_) ERC721("Ispera rights certificate", "ISPERA-RIGHTS") {
        if (address(escrow_) == address(0)) revert RightsInvalidEscrow(address(0));
        _ESCROW = escrow_;
    }

    /* ------------------------------------------------------------------ */
    /*                                MINT                                */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IRightsCertificate
    function mint(DealTerms calldata terms, RightsTerms calldata rights, bytes32[] calldata contentHashes)
        external
        returns (uint256 tokenId)
    {
        bytes32 id = keccak256(
            abi.encode(DealKey(terms.brand, terms.influencer, terms.token, keccak256(abi.encode(terms))))
        );
        tokenId = uint256(id);
        address owner = _ownerOf(tokenId);
        if (owner != address(0)) revert RightsAlreadyMinted(id, owner);
        DealState memory deal = _ESCROW.getDeal(id);
        if (deal.status == DealStatus.None) revert RightsDealNotFound(id);
        if (terms.rightsHash == 0) revert RightsNotIncluded(id);
        if (!_ESCROW.rightsBought(id)) revert RightsNotBought(id, deal.status, deal.completed);
        bytes32 rightsHash = keccak256(abi.encode(rights));
        if (rightsHash != terms.rightsHash) revert RightsHashMismatch(id, terms.rightsHash, rightsHash);
        bytes20[] memory digests = _checkContent(id, terms.milestones.length, contentHashes);
        _issue(tokenId, terms, rights, digests, deal.closedAt);
    }

    /// @dev Records a certificate, mints it to the brand and emits `CertificateMinted`.
    function _issue(
        uint256 tokenId,
        DealTerms calldata terms,
        RightsTerms calldata rights,
        bytes20[] memory digests,
        uint40 effectiveAt
    ) internal {
        Certificate storage c = _certificates[tokenId];
        c.brand = terms.brand;
        c.effectiveAt = effectiveAt;
        c.duration = rights.duration;
        c.scope = rights.scope;
        c.influencer = terms.influencer;
        c.milestoneCount = uint8(digests.length); // at most the escrow's 16 milestones
        c.exclusive = rights.exclusive;
        c.token = terms.token;
        // The escrow refused every deal whose milestones and rights price exceed 2^88 - 1 in total.
        c.price = uint96(terms.rightsPrice);
        if (rights.documentHash != 0) c.documentHash = rights.documentHash;
        if (rights.territories.length != 0) c.territories = _packTerritories(rights.territories);
        _mint(terms.brand, tokenId);

        emit CertificateMinted(
            tokenId,
            terms.brand,
            terms.influencer,
            msg.sender,
            rights,
            terms.token,
            terms.rightsPrice,
            digests,
            effectiveAt,
            _expiry(effectiveAt, rights.duration)
        );
    }

    /// @dev Checks the content hashes given against the escrow's record of each milestone; returns the digests.
    function _checkContent(bytes32 id, uint256 count, bytes32[] calldata contentHashes)
        internal
        view
        returns (bytes20[] memory digests)
    {
        if (contentHashes.length != count) revert RightsContentCount(id, contentHashes.length, count);
        digests = new bytes20[](count);
        for (uint256 i; i < count; ++i) {
            MilestoneState memory m = _ESCROW.getMilestone(id, i);
            bytes32 provided = contentHashes[i];
            // A milestone paid without a submission has no content: its hash must be zero.
            bool matches = m.delivered ? bytes20(provided) == m.contentDigest : provided == 0;
            if (!matches) revert RightsContentMismatch(id, i, m.contentDigest, provided);
            digests[i] = m.contentDigest;
        }
    }

    /// @dev Two bytes per territory code.
    function _packTerritories(bytes2[] calldata territories) internal pure returns (bytes memory packed) {
        uint256 count = territories.length;
        packed = new bytes(count * 2);
        for (uint256 i; i < count; ++i) {
            packed[2 * i] = territories[i][0];
            packed[2 * i + 1] = territories[i][1];
        }
    }

    /* ------------------------------------------------------------------ */
    /*                                VIEWS                               */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IRightsCertificate
    function escrow() external view returns (IDealEscrow) {
        return _ESCROW;
    }

    /// @inheritdoc IRightsCertificate
    function isValid(uint256 tokenId) external view returns (bool) {
        if (_ownerOf(tokenId) == address(0)) return false;
        return _inForce(_certificates[tokenId]);
    }

    /// @inheritdoc IRightsCertificate
    function expiresAt(uint256 tokenId) external view returns (uint256) {
        _requireOwned(tokenId);
        Certificate storage c = _certificates[tokenId];
        return _expiry(c.effectiveAt, c.duration);
    }

    /// @inheritdoc IRightsCertificate
    function getCertificate(uint256 tokenId) external view returns (Certificate memory) {
        _requireOwned(tokenId);
        return _certificates[tokenId];
    }

    /// @inheritdoc IRightsCertificate
    function rightsTerms(uint256 tokenId) external view returns (RightsTerms memory) {
        _requireOwned(tokenId);
        return _rightsOf(_certificates[tokenId]);
    }

    /// @inheritdoc IRightsCertificate
    function contentDigests(uint256 tokenId) external view returns (bytes20[] memory digests) {
        _requireOwned(tokenId);
        (digests,) = _content(tokenId, _certificates[tokenId].milestoneCount);
    }

    /// @inheritdoc IRightsCertificate
    function hashRights(RightsTerms calldata rights) external pure returns (bytes32) {
        return keccak256(abi.encode(rights));
    }

    /// @inheritdoc IERC721Metadata
    /// @dev JSON built on chain (see {RightsRenderer}); its `valid` and `Status` fields follow the block time.
    function tokenURI(uint256 tokenId) public view override(ERC721, IERC721Metadata) returns (string memory) {
        address holder = _requireOwned(tokenId);
        return RightsRenderer.tokenURI(_metadata(tokenId, holder));
    }

    /* ------------------------------------------------------------------ */
    /*                              INTERNALS                             */
    /* ------------------------------------------------------------------ */

    function _metadata(uint256 tokenId, address holder) internal view returns (RightsRenderer.Metadata memory m) {
        Certificate storage c = _certificates[tokenId];
        RightsTerms memory rights = _rightsOf(c);
        m.tokenId = tokenId;
        m.chainId = block.chainid;
        m.certificate = address(this);
        m.escrow = address(_ESCROW);
        m.brand = c.brand;
        m.influencer = c.influencer;
        m.holder = holder;
        m.scope = rights.scope;
        m.exclusive = rights.exclusive;
        m.duration = rights.duration;
        m.territories = rights.territories;
        m.documentHash = rights.documentHash;
        m.rightsHash = keccak256(abi.encode(rights));
        m.token = address(c.token);
        m.price = c.price;
        (m.symbol, m.decimals) = _tokenMetadata(address(c.token));
        (m.contentDigests, m.delivered) = _content(tokenId, c.milestoneCount);
        m.effectiveAt = c.effectiveAt;
        m.expiresAt = _expiry(c.effectiveAt, c.duration);
        m.valid = _inForce(c);
    }

    function _rightsOf(Certificate storage c) internal view returns (RightsTerms memory rights) {
        bytes memory packed = c.territories;
        uint256 count = packed.length / 2;
        rights.territories = new bytes2[](count);
        for (uint256 i; i < count; ++i) {
            rights.territories[i] = bytes2(abi.encodePacked(packed[2 * i], packed[2 * i + 1]));
        }
        rights.scope = c.scope;
        rights.duration = c.duration;
        rights.exclusive = c.exclusive;
        rights.documentHash = c.documentHash;
    }

    /// @dev The escrow's content digest and delivery flag of each milestone (final once the deal closed).
    function _content(uint256 tokenId, uint256 count)
        internal
        view
        returns (bytes20[] memory digests, bool[] memory delivered)
    {
        digests = new bytes20[](count);
        delivered = new bool[](count);
        for (uint256 i; i < count; ++i) {
            MilestoneState memory m = _ESCROW.getMilestone(bytes32(tokenId), i);
            digests[i] = m.contentDigest;
            delivered[i] = m.delivered;
        }
    }

    function _expiry(uint256 effectiveAt, uint256 duration) internal pure returns (uint256) {
        return duration == 0 ? 0 : effectiveAt + duration;
    }

    /// @dev In force from the effective date until (excluded) the expiry; a perpetual licence never expires.
    function _inForce(Certificate storage c) internal view returns (bool) {
        uint256 duration = c.duration;
        return duration == 0 || block.timestamp < uint256(c.effectiveAt) + duration;
    }

    /// @dev The token's symbol ("" when it has no well-formed one) and decimals (0 when it has none), read with
    ///      bounded static calls so that no token can make the metadata revert.
    function _tokenMetadata(address token) internal view returns (string memory symbol, uint8 decimals) {
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory data) =
            token.staticcall{gas: _TOKEN_METADATA_GAS}(abi.encodeCall(IERC20Metadata.symbol, ()));
        if (ok && data.length >= 64) {
            (uint256 offset, uint256 length) = abi.decode(data, (uint256, uint256));
            if (offset == 32 && length <= data.length - 64) symbol = abi.decode(data, (string));
        }
        // solhint-disable-next-line avoid-low-level-calls
        (ok, data) = token.staticcall{gas: _TOKEN_METADATA_GAS}(abi.encodeCall(IERC20Metadata.decimals, ()));
        if (ok && data.length >= 32) {
            uint256 value = abi.decode(data, (uint256));
            if (value <= type(uint8).max) decimals = uint8(value);
        }
    }
}
