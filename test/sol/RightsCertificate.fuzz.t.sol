// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IRightsCertificate} from "../../contracts/interfaces/IRightsCertificate.sol";
import {
    DealState, DealStatus, DealTerms, MilestoneState, RightsScope, RightsTerms
} from "../../contracts/types/DealTypes.sol";
import {EscrowTestBase} from "./utils/EscrowTestBase.sol";

/// @notice Property: a certificate exists only for a paid deal. Every milestone of a deal with rights ends in a
///         fuzzed way (approval with or without a submission, auto-release, refund, reclaim, settlement or ruling
///         at a fuzzed share, or left open); the mint must succeed exactly when the deal closed with every milestone
///         paid to the influencer (a share above zero), computed here independently of the escrow.
/// @dev The certificate is deployed from its artifact with `deployCode` (the IR build of hardhat.config.ts, the one
///      Ignition deploys), not compiled again with this test.
contract RightsCertificateFuzzTest is EscrowTestBase {
    uint256 internal constant _AMOUNT = 1_000e6;
    uint256 internal constant _PRICE = 250e6;
    uint256 internal constant _OUTCOMES = 8;

    IRightsCertificate internal _certificate;

    function setUp() public override {
        super.setUp();
        _certificate =
            IRightsCertificate(deployCode("RightsCertificate.sol:RightsCertificate", abi.encode(address(_escrow))));
        vm.label(address(_certificate), "certificate");
    }

    /// @dev Helpers shape inputs with `_bound` (`bound` logs its result, which the concrete twin would print).
    function _rights(uint256 seed) internal pure returns (RightsTerms memory r) {
        r.scope = uint16(_bound(seed, 1, RightsScope.ALL));
        r.duration = uint40(_bound(seed >> 16, 0, 10 * 365 days));
        r.exclusive = (seed >> 64) & 1 == 1;
        r.territories = new bytes2[]((seed >> 72) % 4);
        for (uint256 i; i < r.territories.length; ++i) {
            r.territories[i] = bytes2(uint16(0x4141 + i)); // "AA", "AB", "AC"
        }
        r.documentHash = keccak256(abi.encode(seed));
    }

    /// @dev Ends milestone `i` with `outcome` and returns whether it paid the influencer a share above zero.
    function _end(DealTerms memory t, uint256 i, uint256 outcome, uint256 shareSeed) internal returns (bool paid) {
        if (outcome == 0) {
            _submit(t, i);
            vm.prank(t.brand);
            _escrow.approveMilestone(t, i);
            return true;
        }
        if (outcome == 1) {
            vm.prank(t.brand);
            _escrow.approveMilestone(t, i); // paid before any submission
            return true;
        }
        if (outcome == 2) {
            _submit(t, i);
            vm.warp(_milestone(_escrow.dealId(t), i).deadline + 1);
            _escrow.releaseAfterReview(t, i);
            return true;
        }
        if (outcome == 3) {
            vm.prank(t.influencer);
            _escrow.refundMilestone(t, i);
            return false;
        }
        if (outcome == 4) {
            vm.warp(_milestone(_escrow.dealId(t), i).deadline + 1);
            _escrow.reclaimMilestone(t, i);
            return false;
        }
        if (outcome == 5) {
            uint16 share = uint16(_bound(shareSeed, 0, BPS));
            vm.prank(t.brand);
            _escrow.proposeSettlement(t, i, share);
            vm.prank(t.influencer);
            _escrow.acceptSettlement(t, i, share);
            return share > 0;
        }
        if (outcome == 6) {
            _submit(t, i);
            uint256 disputeId = _toArbitration(t, i);
            uint256 ruling = _bound(shareSeed, 0, BPS + 1); // 0 splits in half, r gives r - 1 bps
            _arbitrator.giveRuling(disputeId, ruling);
            return ruling != 1;
        }
        return false; // left open
    }

    /// @dev The content hash each milestone's last submission had (see `_submit`), or zero without one.
    function _contentHashes(bytes32 id, uint256 count) internal view returns (bytes32[] memory hashes) {
        hashes = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            if (_milestone(id, i).delivered) hashes[i] = keccak256(abi.encode(i));
        }
    }

    function testFuzz_mint_onlyForPaidDeals(
        uint256 milestoneCount,
        uint256 outcomeSeed,
        uint256 shareSeed,
        uint256 rightsSeed,
        address minter
    ) public {
        uint256 count = bound(milestoneCount, 1, 4);
        uint256[] memory amounts = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            amounts[i] = _AMOUNT;
        }
        DealTerms memory t = _terms(amounts);
        RightsTerms memory rights = _rights(rightsSeed);
        t.rightsPrice = uint128(_PRICE);
        t.rightsHash = keccak256(abi.encode(rights));
        bytes32 id = _createAccepted(t);

        bool paid = true;
        for (uint256 i; i < count; ++i) {
            uint256 outcome = (outcomeSeed >> (8 * i)) % _OUTCOMES;
            bool milestonePaid = _end(t, i, outcome, uint256(keccak256(abi.encode(shareSeed, i))));
            paid = paid && milestonePaid;
        }

        DealState memory deal = _deal(id);
        assertEq(_escrow.rightsBought(id), paid, "the escrow's rightsBought is the independent 'paid'");
        bytes32[] memory hashes = _contentHashes(id, count);
        vm.prank(minter);
        if (paid) {
            uint256 tokenId = _certificate.mint(t, rights, hashes);
            assertEq(tokenId, uint256(id));
            assertEq(_certificate.ownerOf(tokenId), BRAND, "minted to the brand");
            assertEq(uint8(deal.status), uint8(DealStatus.Closed));
            assertTrue(deal.completed);
            assertEq(_certificate.getCertificate(tokenId).effectiveAt, deal.closedAt);
            bool inForce = rights.duration == 0 || block.timestamp < uint256(deal.closedAt) + rights.duration;
            assertEq(_certificate.isValid(tokenId), inForce);
        } else {
            vm.expectRevert(
                abi.encodeWithSelector(IRightsCertificate.RightsNotBought.selector, id, deal.status, false)
            );
            _certificate.mint(t, rights, hashes);
            assertFalse(_certificate.isValid(uint256(id)), "no certificate for an unpaid deal");
        }
    }

    /// @dev Concrete twin of the fuzz test's edge: one milestone ruled at exactly 0 bps (ruling 1) is unpaid even
    ///      when every other milestone was paid in full.
    function test_mint_revertWhenOneMilestoneRuledAtZero() public {
        DealTerms memory t = _terms(_amounts2(_AMOUNT, _AMOUNT));
        RightsTerms memory rights = _rights(1);
        t.rightsPrice = uint128(_PRICE);
        t.rightsHash = keccak256(abi.encode(rights));
        bytes32 id = _createAccepted(t);
        _end(t, 0, 0, 0);
        _end(t, 1, 6, 1); // ruling 1 = 0 bps
        MilestoneState memory m = _milestone(id, 1);
        assertEq(m.settlementShareBps, 0);
        bytes32[] memory hashes = _contentHashes(id, 2);
        vm.expectRevert(
            abi.encodeWithSelector(IRightsCertificate.RightsNotBought.selector, id, DealStatus.Closed, false)
        );
        _certificate.mint(t, rights, hashes);
    }
}
