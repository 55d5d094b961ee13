// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {RightsRenderer} from "../../contracts/libraries/RightsRenderer.sol";

/// @notice Unit and fuzz tests of the certificate's wording: dates, amounts, durations, territories and scopes.
///         The whole JSON document is parsed and checked field by field in test/rights.test.ts.
contract RightsRendererTest is Test {
    /* ------------------------------------------------------------------ */
    /*                                DATES                               */
    /* ------------------------------------------------------------------ */

    function test_isoDate_writesKnownDates() public pure {
        assertEq(RightsRenderer.isoDate(0), "1970-01-01T00:00:00Z");
        assertEq(RightsRenderer.isoDate(951_782_400), "2000-02-29T00:00:00Z"); // leap day of a 400-year leap year
        assertEq(RightsRenderer.isoDate(951_868_799), "2000-02-29T23:59:59Z");
        assertEq(RightsRenderer.isoDate(1_709_164_800), "2024-02-29T00:00:00Z");
        assertEq(RightsRenderer.isoDate(1_767_225_599), "2025-12-31T23:59:59Z");
        assertEq(RightsRenderer.isoDate(1_750_000_000), "2025-06-15T15:06:40Z");
        assertEq(RightsRenderer.isoDate(4_102_444_800), "2100-01-01T00:00:00Z"); // 2100 is not a leap year
        assertEq(RightsRenderer.isoDate(4_107_542_400), "2100-03-01T00:00:00Z");
        assertEq(RightsRenderer.isoDate(type(uint40).max), "36812-02-20T00:36:15Z");
    }

    /// @dev Consecutive days map to consecutive dates: the day of the month either increases by one, or restarts
    ///      at 1 after the last day of a month of the right length (Gregorian leap rule).
    function testFuzz_isoDate_consecutiveDaysAreConsecutiveDates(uint256 day) public pure {
        day = bound(day, 0, 3_000_000); // up to year ~10,183
        (uint256 y1, uint256 m1, uint256 d1) = _parse(RightsRenderer.isoDate(day * 1 days));
        (uint256 y2, uint256 m2, uint256 d2) = _parse(RightsRenderer.isoDate((day + 1) * 1 days));
        if (d2 == d1 + 1) {
            assertEq(m2, m1);
            assertEq(y2, y1);
        } else {
            assertEq(d2, 1);
            assertEq(d1, _monthLength(y1, m1));
            assertEq(m2, m1 == 12 ? 1 : m1 + 1);
            assertEq(y2, m1 == 12 ? y1 + 1 : y1);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                               AMOUNTS                              */
    /* ------------------------------------------------------------------ */

    function test_formatAmount_writesDecimalsWithoutTrailingZeros() public pure {
        assertEq(RightsRenderer.formatAmount(1_500_000_000, 6), "1500");
        assertEq(RightsRenderer.formatAmount(1_500_500_000, 6), "1500.5");
        assertEq(RightsRenderer.formatAmount(1, 6), "0.000001");
        assertEq(RightsRenderer.formatAmount(100_010, 6), "0.10001");
        assertEq(RightsRenderer.formatAmount(0, 6), "0");
        assertEq(RightsRenderer.formatAmount(12_345, 0), "12345");
        assertEq(RightsRenderer.formatAmount(1e18, 18), "1");
        assertEq(
            RightsRenderer.formatAmount(7, 77),
            string.concat("0.", _zeros(76), "7") // the most decimals 10^decimals can hold
        );
        assertEq(RightsRenderer.formatAmount(7, 78), "7"); // 10^78 does not fit: written in units
    }

    /* ------------------------------------------------------------------ */
    /*                        DURATIONS AND TERRITORIES                   */
    /* ------------------------------------------------------------------ */

    function test_durationText_writesDaysSecondsOrPerpetual() public pure {
        assertEq(RightsRenderer.durationText(0), "perpetual");
        assertEq(RightsRenderer.durationText(1 days), "1 day");
        assertEq(RightsRenderer.durationText(365 days), "365 days");
        assertEq(RightsRenderer.durationText(1), "1 second");
        assertEq(RightsRenderer.durationText(90_061), "90061 seconds");
    }

    function test_territoryCode_writesLettersOrHex() public pure {
        assertEq(RightsRenderer.territoryCode("FR"), "FR");
        assertEq(RightsRenderer.territoryCode("US"), "US");
        assertEq(RightsRenderer.territoryCode("fr"), "0x6672"); // lower case is not ISO 3166-1 alpha-2
        assertEq(RightsRenderer.territoryCode(bytes2(0x2200)), "0x2200"); // a quote never reaches the JSON
        assertEq(RightsRenderer.territoryCode("@["), "0x405b"); // the neighbours of A and Z
    }

    function test_territoriesText_listsCodesOrWorldwide() public pure {
        bytes2[] memory none = new bytes2[](0);
        assertEq(RightsRenderer.territoriesText(none), "worldwide");
        bytes2[] memory two = new bytes2[](2);
        two[0] = "FR";
        two[1] = "BE";
        assertEq(RightsRenderer.territoriesText(two), "FR, BE");
    }

    /* ------------------------------------------------------------------ */
    /*                                SCOPE                               */
    /* ------------------------------------------------------------------ */

    function test_scopeText_namesEveryUse() public pure {
        assertEq(RightsRenderer.scopeText(0), "none");
        assertEq(RightsRenderer.scopeText(1), "organic reposts on the brand's own channels");
        assertEq(
            RightsRenderer.scopeText(1 | 4),
            "organic reposts on the brand's own channels; brand website and e-commerce pages"
        );
        assertEq(
            RightsRenderer.scopeText(63),
            string.concat(
                "organic reposts on the brand's own channels; ",
                "paid ads and allow-listing from the creator's handle; ",
                "brand website and e-commerce pages; ",
                "out-of-home (billboards, in-store, print); ",
                "email and newsletters; ",
                "broadcast (TV, radio, streaming ads)"
            )
        );
        assertEq(
            RightsRenderer.scopeText(2 | 0x40),
            "paid ads and allow-listing from the creator's handle; unknown uses 0x0040"
        );
        assertEq(RightsRenderer.scopeText(0x8000), "unknown uses 0x8000");
    }

    /* ------------------------------------------------------------------ */
    /*                               HELPERS                              */
    /* ------------------------------------------------------------------ */

    function _zeros(uint256 count) internal pure returns (string memory) {
        bytes memory zeros = new bytes(count);
        for (uint256 i; i < count; ++i) {
            zeros[i] = "0";
        }
        return string(zeros);
    }

    /// @dev Parses "Y-MM-DDThh:mm:ssZ" (the year has four or more digits).
    function _parse(string memory date) internal pure returns (uint256 year, uint256 month, uint256 day) {
        bytes memory b = bytes(date);
        uint256 i;
        while (b[i] != "-") {
            year = year * 10 + uint8(b[i]) - 48;
            ++i;
        }
        month = (uint8(b[i + 1]) - 48) * 10 + uint8(b[i + 2]) - 48;
        day = (uint8(b[i + 4]) - 48) * 10 + uint8(b[i + 5]) - 48;
    }

    function _monthLength(uint256 year, uint256 month) internal pure returns (uint256) {
        if (month == 2) return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
        if (month == 4 || month == 6 || month == 9 || month == 11) return 30;
        return 31;
    }
}
