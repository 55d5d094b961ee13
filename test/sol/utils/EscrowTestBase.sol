// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Test} from "forge-std/Test.sol";

import {IArbitratorV2} from "../../../contracts/interfaces/arbitration/IArbitratorV2.sol";
import {MockUSDC} from "../../../contracts/mocks/MockUSDC.sol";
import {TestArbitrator} from "../../../contracts/mocks/TestArbitrator.sol";
import {IEscrowUnderTest} from "./IEscrowUnderTest.sol";
import {
    DealKey,
    DealState,
    DealTerms,
    MilestoneState,
    MilestoneStatus,
    MilestoneTerms,
    Question
} from "../../../contracts/types/DealTypes.sol";

/// @notice The acceptance criteria of every test deal: three yes/no questions where "yes" (option 0) is compliant.
library DefaultCriteria {
    function get() internal pure returns (Question[] memory criteria) {
        criteria = new Question[](3);
        criteria[0] = Question({optionCount: 2, compliantMask: 1, weight: 3}); // product shown on screen?
        criteria[1] = Question({optionCount: 2, compliantMask: 1, weight: 2}); // sponsorship disclosed?
        criteria[2] = Question({optionCount: 2, compliantMask: 1, weight: 1}); // posted on the agreed date?
    }
}

/// @title EscrowTestBase
/// @notice The fixture of every Solidity test of {DealEscrow}: named actors, the local stack (MockUSDC, a
///         TestArbitrator charging 25 USDC, an escrow with a 1 % protocol fee and USDC allow-listed), funded and
///         approved parties, and helpers to build valid terms and walk a deal to a given step.
/// @dev Actors and constants are public (not `_`-prefixed internals) so that tests read like the brief: BRAND,
///      INFLUENCER, STRANGER. Invariant suites restrict their targets explicitly, so these getters are never fuzzed.
abstract contract EscrowTestBase is Test {
    uint256 public constant ARBITRATION_COST = 25e6;
    uint16 public constant FEE_BPS = 100;
    uint256 public constant BPS = 10_000;
    uint256 public constant INITIAL_BALANCE = 1_000_000e6;
    /// @notice Review, revision and fee periods of the default terms.
    uint32 public constant PERIOD = 5 days;
    /// @notice The default offer can be accepted for this long.
    uint40 public constant ACCEPT_WINDOW = 7 days;
    /// @notice Milestone i of the default terms is due (i + 1) * DELIVERY_GAP after acceptBy.
    uint40 public constant DELIVERY_GAP = 14 days;
    uint8 public constant MAX_REVISIONS = 2;
    bytes2 public constant LANGUAGE = "fr";
    uint8 public constant TOPIC = 1;
    /// @notice Timestamp the suites start from (so that "now - x" never underflows).
    uint256 public constant START = 1_750_000_000;

    address public immutable OWNER = makeAddr("owner");
    address public immutable BRAND = makeAddr("brand");
    address public immutable INFLUENCER = makeAddr("influencer");
    address public immutable STRANGER = makeAddr("stranger");
    address public immutable FEE_RECIPIENT = makeAddr("feeRecipient");
    address public immutable PAYEE = makeAddr("payee");

    MockUSDC internal _usdc;
    TestArbitrator internal _arbitrator;
    IEscrowUnderTest internal _escrow;
    IERC20 internal _token;
    uint256 internal _saltNonce;

    function setUp() public virtual {
        vm.warp(START);
        _usdc = new MockUSDC(OWNER);
        _token = IERC20(address(_usdc));
        _arbitrator = new TestArbitrator();
        _arbitrator.setCost(_token, ARBITRATION_COST);
        _escrow = _deployEscrow(IArbitratorV2(address(_arbitrator)), FEE_BPS);
        vm.prank(OWNER);
        _escrow.setTokenAllowed(_token, true);
        vm.label(address(_usdc), "USDC");
        vm.label(address(_arbitrator), "arbitrator");
        vm.label(address(_escrow), "escrow");
        _fund(BRAND);
        _fund(INFLUENCER);
    }

    /// @dev Deploys DealEscrow from its artifact (the IR build that Ignition deploys), owned by OWNER.
    function _deployEscrow(IArbitratorV2 arbitrator, uint16 feeBps) internal returns (IEscrowUnderTest) {
        return IEscrowUnderTest(
            deployCode("DealEscrow.sol:DealEscrow", abi.encode(arbitrator, OWNER, FEE_RECIPIENT, feeBps))
        );
    }

    /* ------------------------------------------------------------------ */
    /*                                ACTORS                              */
    /* ------------------------------------------------------------------ */

    /// @dev Mints INITIAL_BALANCE to `account` and approves the escrow for everything.
    function _fund(address account) internal {
        _usdc.mint(account, INITIAL_BALANCE);
        vm.prank(account);
        _usdc.approve(address(_escrow), type(uint256).max);
    }

    /* ------------------------------------------------------------------ */
    /*                                 TERMS                              */
    /* ------------------------------------------------------------------ */

    /// @dev The default acceptance criteria (see {DefaultCriteria}).
    function _criteria() internal pure returns (Question[] memory) {
        return DefaultCriteria.get();
    }

    /// @dev Default terms between BRAND and INFLUENCER with one milestone per amount and a fresh salt.
    function _terms(uint256[] memory amounts) internal returns (DealTerms memory) {
        return _termsFor(BRAND, INFLUENCER, amounts);
    }

    /// @dev Default terms with a single milestone of `amount`.
    function _terms1(uint256 amount) internal returns (DealTerms memory) {
        return _terms(_amounts1(amount));
    }

    /// @dev Default terms between `brand` and `influencer`, acceptable for ACCEPT_WINDOW, milestone i due
    ///      (i + 1) * DELIVERY_GAP after acceptBy.
    function _termsFor(address brand, address influencer, uint256[] memory amounts)
        internal
        returns (DealTerms memory t)
    {
        t.brand = brand;
        t.influencer = influencer;
        t.token = _token;
        t.protocolFeeBps = _escrow.protocolFeeBps();
        t.maxRevisions = MAX_REVISIONS;
        t.language = LANGUAGE;
        t.topic = TOPIC;
        t.acceptBy = uint40(block.timestamp + ACCEPT_WINDOW);
        t.reviewPeriod = PERIOD;
        t.revisionPeriod = PERIOD;
        t.feeTimeout = PERIOD;
        t.briefHash = keccak256("ipfs://brief");
        t.criteriaHash = keccak256(abi.encode(_criteria()));
        t.salt = bytes32(++_saltNonce);
        t.milestones = new MilestoneTerms[](amounts.length);
        for (uint256 i; i < amounts.length; ++i) {
            t.milestones[i] =
                MilestoneTerms({amount: uint128(amounts[i]), deliverBy: uint40(t.acceptBy + (i + 1) * DELIVERY_GAP)});
        }
    }

    function _amounts1(uint256 a) internal pure returns (uint256[] memory amounts) {
        amounts = new uint256[](1);
        amounts[0] = a;
    }

    function _amounts2(uint256 a, uint256 b) internal pure returns (uint256[] memory amounts) {
        amounts = new uint256[](2);
        amounts[0] = a;
        amounts[1] = b;
    }

    function _total(DealTerms memory t) internal pure returns (uint256 total) {
        for (uint256 i; i < t.milestones.length; ++i) {
            total += t.milestones[i].amount;
        }
    }

    /* ------------------------------------------------------------------ */
    /*                             DEAL STEPS                             */
    /* ------------------------------------------------------------------ */

    /// @dev The brand of `t` offers and funds it.
    function _create(DealTerms memory t) internal returns (bytes32 id) {
        vm.prank(t.brand);
        id = _escrow.createDeal(t, _criteria());
    }

    function _accept(DealTerms memory t) internal {
        vm.prank(t.influencer);
        _escrow.acceptDeal(t);
    }

    function _submit(DealTerms memory t, uint256 milestone) internal {
        vm.prank(t.influencer);
        _escrow.submitDeliverable(t, milestone, keccak256(abi.encode(milestone)), "ipfs://deliverable");
    }

    /// @dev Creates and accepts `t`.
    function _createAccepted(DealTerms memory t) internal returns (bytes32 id) {
        id = _create(t);
        _accept(t);
    }

    /// @dev Creates and accepts `t`, then submits milestone `milestone`.
    function _createSubmitted(DealTerms memory t, uint256 milestone) internal returns (bytes32 id) {
        id = _createAccepted(t);
        _submit(t, milestone);
    }

    function _requestRevision(DealTerms memory t, uint256 milestone) internal {
        vm.prank(t.brand);
        _escrow.requestRevision(t, milestone, keccak256("too short"));
    }

    function _payFee(DealTerms memory t, address payer, uint256 milestone) internal {
        vm.prank(payer);
        _escrow.payArbitrationFee(t, _criteria(), milestone);
    }

    /// @dev Takes a submitted milestone to arbitration (the brand disputes, the influencer answers) and returns
    ///      the arbitrator's dispute id.
    function _toArbitration(DealTerms memory t, uint256 milestone) internal returns (uint256 disputeId) {
        _payFee(t, t.brand, milestone);
        _payFee(t, t.influencer, milestone);
        disputeId = _escrow.getArbitration(_escrow.dealId(t), milestone).disputeId;
    }

    /* ------------------------------------------------------------------ */
    /*                               READING                              */
    /* ------------------------------------------------------------------ */

    function _deal(bytes32 id) internal view returns (DealState memory) {
        return _escrow.getDeal(id);
    }

    function _milestone(bytes32 id, uint256 milestone) internal view returns (MilestoneState memory) {
        return _escrow.getMilestone(id, milestone);
    }

    function _status(bytes32 id, uint256 milestone) internal view returns (MilestoneStatus) {
        return _escrow.getMilestone(id, milestone).status;
    }

    function _key(DealTerms memory t) internal view returns (DealKey memory) {
        return _escrow.dealKey(t);
    }

    /// @dev The split the escrow must credit for `amount` at influencer share `shareBps` and fee `feeBps`:
    ///      gross = floor(amount * share / 1e4), fee = floor(gross * feeBps / 1e4).
    function _split(uint256 amount, uint256 shareBps, uint256 feeBps)
        internal
        pure
        returns (uint256 toInfluencer, uint256 toBrand, uint256 fee)
    {
        uint256 gross = amount * shareBps / BPS;
        fee = gross * feeBps / BPS;
        toInfluencer = gross - fee;
        toBrand = amount - gross;
    }

    /// @dev Asserts the unclaimed credits of a deal.
    function _assertCredits(bytes32 id, uint256 brandCredit, uint256 influencerCredit) internal view {
        DealState memory d = _escrow.getDeal(id);
        assertEq(d.brandCredit, brandCredit, "brand credit");
        assertEq(d.influencerCredit, influencerCredit, "influencer credit");
    }
}
