// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Base64} from "@openzeppelin/contracts/utils/Base64.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

// The JSON is written with single-quoted literals, so that its own double quotes need no escaping.
// solhint-disable quotes

/// @title RightsRenderer
/// @notice Renders a rights certificate as ERC-721 metadata: on-chain JSON in a `data:application/json;base64,` URI,
///         with the parties, the deal, the content digests, the licence terms in words, the price, the effective
///         date, the expiry and whether the licence is still in force. Nothing is fetched from a server.
/// @dev Every string written into the JSON is either produced here (hex, decimal, fixed words) or escaped (the
///      token's symbol), so that no field of the terms can break the document: territory codes that are not two
///      upper-case letters are written in hex, unknown scope bits are named by their value.
library RightsRenderer {
    using Strings for uint256;
    using Strings for address;

    /// @dev Scope bits, as in `RightsScope` (types/DealTypes.sol).
    uint16 internal constant ORGANIC_REPOST = 1;
    uint16 internal constant PAID_ADS = 2;
    uint16 internal constant WEBSITE = 4;
    uint16 internal constant OUT_OF_HOME = 8;
    uint16 internal constant EMAIL = 16;
    uint16 internal constant BROADCAST = 32;
    uint16 internal constant ALL = 63;

    /// @notice Everything a certificate's metadata states.
    struct Metadata {
        uint256 tokenId; // uint256(dealId)
        uint256 chainId;
        address certificate; // the certificate contract
        address escrow; // the escrow that holds the deal
        address brand; // the deal's brand, the first licensee
        address influencer; // the licensor
        address holder; // the current holder of the token, who holds the licence
        uint16 scope; // RightsScope bits
        bool exclusive;
        uint40 duration; // seconds from the effective date; 0 = perpetual
        bytes2[] territories; // ISO 3166-1 alpha-2; empty = worldwide
        bytes32 documentHash; // hash of the off-chain licence text (0 = none)
        bytes32 rightsHash; // keccak256(abi.encode(RightsTerms)), as bound in the deal's terms
        address token; // the deal's payment token
        uint256 price; // the rights price, in token units
        string symbol; // the token's symbol ("" when it has none)
        uint8 decimals; // the token's decimals (0 when unknown: the price is written in units)
        bytes20[] contentDigests; // per milestone: the escrow's digest of the last submitted content
        bool[] delivered; // per milestone: whether content was submitted (a digest of zero otherwise)
        uint256 effectiveAt; // the deal's completion time
        uint256 expiresAt; // effectiveAt + duration; 0 = perpetual
        bool valid; // not expired
    }

    /* ------------------------------------------------------------------ */
    /*                              DOCUMENT                              */
    /* ------------------------------------------------------------------ */

    /// @notice The metadata as a `data:application/json;base64,...` URI.
    function tokenURI(Metadata memory m) internal pure returns (string memory) {
        return string.concat("data:application/json;base64,", Base64.encode(bytes(json(m))));
    }

    /// @notice The metadata JSON: name, description, attributes (wallets and marketplaces) and properties
    ///         (machine-readable, for verifiers).
    function json(Metadata memory m) internal pure returns (string memory) {
        return string.concat(
            '{"name":"Ispera rights certificate ',
            _shortId(m.tokenId),
            '","description":"',
            _description(m),
            '","attributes":',
            _attributes(m),
            ',"properties":',
            _properties(m),
            "}"
        );
    }

    function _description(Metadata memory m) private pure returns (string memory) {
        return string.concat(
            "Content-rights licence granted by the influencer ",
            m.influencer.toChecksumHexString(),
            " to the brand ",
            m.brand.toChecksumHexString(),
            " for the content delivered under Ispera deal ",
            m.tokenId.toHexString(32),
            ", paid through the escrow ",
            m.escrow.toChecksumHexString(),
            _licenceSentence(m),
            " The licence follows the token: whoever holds this certificate holds the licence."
        );
    }

    function _licenceSentence(Metadata memory m) private pure returns (string memory) {
        return string.concat(
            ". Scope: ",
            scopeText(m.scope),
            ". Territories: ",
            territoriesText(m.territories),
            m.exclusive ? ". Exclusive" : ". Non-exclusive",
            ". Effective ",
            isoDate(m.effectiveAt),
            m.expiresAt == 0 ? ", perpetual" : string.concat(", expires ", isoDate(m.expiresAt)),
            ". Price: ",
            _priceText(m),
            "."
        );
    }

    function _attributes(Metadata memory m) private pure returns (string memory) {
        string memory head = string.concat(
            "[",
            _trait("Brand", m.brand.toChecksumHexString()),
            ",",
            _trait("Influencer", m.influencer.toChecksumHexString()),
            ",",
            _trait("Deal", m.tokenId.toHexString(32)),
            ",",
            _trait("Scope", scopeText(m.scope)),
            ",",
            _trait("Territories", territoriesText(m.territories)),
            ","
        );
        string memory terms = string.concat(
            _trait("Exclusive", m.exclusive ? "Yes" : "No"),
            ",",
            _trait("Duration", durationText(m.duration)),
            ",",
            _trait("Price", _priceText(m)),
            ',{"display_type":"date","trait_type":"Effective","value":',
            m.effectiveAt.toString(),
            "},",
            m.expiresAt == 0
                ? _trait("Expires", "Never")
                : string.concat('{"display_type":"date","trait_type":"Expires","value":', m.expiresAt.toString(), "}"),
            ",",
            _trait("Status", m.valid ? "Valid" : "Expired")
        );
        string memory content;
        for (uint256 i; i < m.contentDigests.length; ++i) {
            content = string.concat(
                content,
                ",",
                _trait(
                    string.concat("Content ", (i + 1).toString()),
                    m.delivered[i] ? _digestHex(m.contentDigests[i]) : "not delivered"
                )
            );
        }
        return string.concat(head, terms, content, "]");
    }

    function _properties(Metadata memory m) private pure returns (string memory) {
        string memory deal = string.concat(
            '{"dealId":"',
            m.tokenId.toHexString(32),
            '","tokenId":"',
            m.tokenId.toString(),
            '","chainId":',
            m.chainId.toString(),
            ',"certificate":"',
            m.certificate.toChecksumHexString(),
            '","escrow":"',
            m.escrow.toChecksumHexString(),
            '","brand":"',
            m.brand.toChecksumHexString(),
            '","influencer":"',
            m.influencer.toChecksumHexString(),
            '","holder":"',
            m.holder.toChecksumHexString(),
            '","contentDigests":',
            _digestsArray(m)
        );
        string memory dates = string.concat(
            ',"effectiveAt":',
            m.effectiveAt.toString(),
            ',"effectiveDate":"',
            isoDate(m.effectiveAt),
            m.expiresAt == 0
                ? '","expiresAt":null,"expiryDate":null'
                : string.concat('","expiresAt":', m.expiresAt.toString(), ',"expiryDate":"', isoDate(m.expiresAt), '"'),
            ',"valid":',
            m.valid ? "true" : "false",
            "}"
        );
        return string.concat(deal, ',"rights":', _rightsObject(m), ',"price":', _priceObject(m), dates);
    }

    function _rightsObject(Metadata memory m) private pure returns (string memory) {
        return string.concat(
            '{"scope":',
            uint256(m.scope).toString(),
            ',"scopeNames":',
            _scopeArray(m.scope),
            ',"territories":',
            _territoriesArray(m.territories),
            ',"exclusive":',
            m.exclusive ? "true" : "false",
            ',"duration":',
            uint256(m.duration).toString(),
            ',"documentHash":"',
            uint256(m.documentHash).toHexString(32),
            '","rightsHash":"',
            uint256(m.rightsHash).toHexString(32),
            '"}'
        );
    }

    function _priceObject(Metadata memory m) private pure returns (string memory) {
        return string.concat(
            '{"amount":"',
            m.price.toString(),
            '","token":"',
            m.token.toChecksumHexString(),
            '","symbol":"',
            Strings.escapeJSON(m.symbol),
            '","decimals":',
            uint256(m.decimals).toString(),
            ',"text":"',
            _priceText(m),
            '"}'
        );
    }

    function _trait(string memory name, string memory value) private pure returns (string memory) {
        return string.concat('{"trait_type":"', name, '","value":"', value, '"}');
    }

    function _digestsArray(Metadata memory m) private pure returns (string memory list) {
        list = "[";
        for (uint256 i; i < m.contentDigests.length; ++i) {
            string memory item = m.delivered[i] ? string.concat('"', _digestHex(m.contentDigests[i]), '"') : "null";
            list = string.concat(list, i == 0 ? "" : ",", item);
        }
        list = string.concat(list, "]");
    }

    function _digestHex(bytes20 digest) private pure returns (string memory) {
        return uint256(uint160(digest)).toHexString(20);
    }

    function _shortId(uint256 tokenId) private pure returns (string memory) {
        // The first four bytes of the deal id, as a reader would quote it: "0x1234abcd".
        return (tokenId >> 224).toHexString(4);
    }

    function _priceText(Metadata memory m) private pure returns (string memory) {
        string memory symbol = Strings.escapeJSON(m.symbol);
        if (m.price == 0) return "included in the deal at no extra price";
        string memory amount = formatAmount(m.price, m.decimals);
        if (bytes(symbol).length == 0) return string.concat(amount, " units of ", m.token.toChecksumHexString());
        return string.concat(amount, " ", symbol);
    }

    /* ------------------------------------------------------------------ */
    /*                               WORDING                              */
    /* ------------------------------------------------------------------ */

    /// @notice The scope in words, uses separated by "; " (unknown bits named by their value).
    function scopeText(uint16 scope) internal pure returns (string memory text) {
        if (scope == 0) return "none";
        for (uint16 bit = 1; bit <= BROADCAST; bit <<= 1) {
            if (scope & bit != 0) text = string.concat(text, bytes(text).length == 0 ? "" : "; ", _useName(bit));
        }
        uint16 unknown = scope & ~ALL;
        if (unknown != 0) {
            text = string.concat(
                text, bytes(text).length == 0 ? "" : "; ", "unknown uses ", uint256(unknown).toHexString(2)
            );
        }
    }

    function _scopeArray(uint16 scope) private pure returns (string memory list) {
        list = "[";
        bool first = true;
        for (uint16 bit = 1; bit <= BROADCAST; bit <<= 1) {
            if (scope & bit == 0) continue;
            list = string.concat(list, first ? '"' : ',"', _useName(bit), '"');
            first = false;
        }
        uint16 unknown = scope & ~ALL;
        if (unknown != 0) {
            list = string.concat(list, first ? '"' : ',"', "unknown uses ", uint256(unknown).toHexString(2), '"');
        }
        list = string.concat(list, "]");
    }

    function _useName(uint16 bit) private pure returns (string memory) {
        if (bit == ORGANIC_REPOST) return "organic reposts on the brand's own channels";
        if (bit == PAID_ADS) return "paid ads and allow-listing from the creator's handle";
        if (bit == WEBSITE) return "brand website and e-commerce pages";
        if (bit == OUT_OF_HOME) return "out-of-home (billboards, in-store, print)";
        if (bit == EMAIL) return "email and newsletters";
        return "broadcast (TV, radio, streaming ads)";
    }

    /// @notice The territories as "FR, US", or "worldwide" when none is listed.
    function territoriesText(bytes2[] memory territories) internal pure returns (string memory text) {
        if (territories.length == 0) return "worldwide";
        for (uint256 i; i < territories.length; ++i) {
            text = string.concat(text, i == 0 ? "" : ", ", territoryCode(territories[i]));
        }
    }

    function _territoriesArray(bytes2[] memory territories) private pure returns (string memory list) {
        list = "[";
        for (uint256 i; i < territories.length; ++i) {
            list = string.concat(list, i == 0 ? '"' : ',"', territoryCode(territories[i]), '"');
        }
        list = string.concat(list, "]");
    }

    /// @notice A territory code as its two letters when both are upper-case ASCII letters, in hex otherwise.
    function territoryCode(bytes2 code) internal pure returns (string memory) {
        if (_isUpper(code[0]) && _isUpper(code[1])) return string(abi.encodePacked(code));
        return uint256(uint16(code)).toHexString(2);
    }

    function _isUpper(bytes1 c) private pure returns (bool) {
        return c >= 0x41 && c <= 0x5a;
    }

    /// @notice A duration in words: "perpetual", whole days ("365 days"), or seconds.
    function durationText(uint256 duration) internal pure returns (string memory) {
        if (duration == 0) return "perpetual";
        if (duration % 1 days != 0) return string.concat(duration.toString(), duration == 1 ? " second" : " seconds");
        uint256 daysCount = duration / 1 days;
        return string.concat(daysCount.toString(), daysCount == 1 ? " day" : " days");
    }

    /// @notice An amount of token units with `decimals` decimals, without trailing zeros ("1500", "12.5").
    ///         More than 77 decimals cannot be represented: the amount is then written in units.
    function formatAmount(uint256 amount, uint8 decimals) internal pure returns (string memory) {
        if (decimals == 0 || decimals > 77) return amount.toString();
        uint256 unit = 10 ** decimals;
        uint256 fraction = amount % unit;
        string memory whole = (amount / unit).toString();
        if (fraction == 0) return whole;
        uint256 digits = decimals;
        while (fraction % 10 == 0) {
            fraction /= 10;
            --digits;
        }
        bytes memory text = bytes(fraction.toString());
        bytes memory padding = new bytes(digits - text.length);
        for (uint256 i; i < padding.length; ++i) {
            padding[i] = "0";
        }
        return string.concat(whole, ".", string(padding), string(text));
    }

    /// @notice A unix time as an ISO 8601 UTC date-time ("2026-11-22T09:30:00Z"), proleptic Gregorian calendar.
    /// @dev The days-to-civil conversion of H. Hinnant's `civil_from_days`, for non-negative day counts.
    function isoDate(uint256 timestamp) internal pure returns (string memory) {
        uint256 z = timestamp / 1 days + 719_468;
        uint256 era = z / 146_097;
        uint256 dayOfEra = z - era * 146_097;
        uint256 yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        uint256 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        uint256 mp = (5 * dayOfYear + 2) / 153;
        uint256 day = dayOfYear - (153 * mp + 2) / 5 + 1;
        uint256 month = mp < 10 ? mp + 3 : mp - 9;
        uint256 year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        uint256 secondOfDay = timestamp % 1 days;
        return string.concat(
            year.toString(),
            "-",
            _twoDigits(month),
            "-",
            _twoDigits(day),
            "T",
            _twoDigits(secondOfDay / 1 hours),
            ":",
            _twoDigits((secondOfDay / 1 minutes) % 60),
            ":",
            _twoDigits(secondOfDay % 60),
            "Z"
        );
    }

    function _twoDigits(uint256 value) private pure returns (string memory) {
        return value < 10 ? string.concat("0", value.toString()) : value.toString();
    }
}
