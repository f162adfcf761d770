// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "../ICauseway.sol";

/// @title Trade finance: orders, bank escrow, attested milestones, release, financing, multi-tier receivables
/// @notice A buyer and a seller who do not trust each other, their banks, a
/// logistics provider and customs share one contract (Trusple). The order
/// is signed by both parties with the contract document as evidence (its
/// hash; the document itself travels sealed to the parties). The buyer's
/// bank locks the payment; logistics and customs attest the milestones they
/// see; the payment is released to the seller when the buyer's bank's
/// escrow meets a delivery confirmed by the logistics provider, and refunded
/// to the buyer when the trade fails or expires. The seller can borrow
/// against a confirmed order. A core enterprise's confirmed payable (a
/// receivable of its supplier) can be split and passed down the tiers and
/// discounted at a bank (Shuangliantong): the parts always sum to the whole
/// and each part is paid exactly once, at maturity.
///
/// Money here is an in-contract ledger of bank-issued deposits: a bank
/// credits its customers (deposit) and the contract moves the credits. Roles
/// are granted by the operator (the consortium's account that deployed it).
///
/// An order's amount may also be confidential: a hidden order carries a
/// Pedersen commitment to its amount instead of the amount, and is paid from
/// hidden deposits (commitments too). The buyer's bank escrows it with a
/// range proof and a balance proof that the buyer's hidden deposit covers
/// it; release and refund add the commitment to the seller's or the buyer's
/// hidden deposit. The amount's opening travels sealed with the terms, so
/// only the parties read it; the chain checks the arithmetic without seeing
/// the numbers (system contracts 0x…0105–0x…0107).
contract Trade {
    // ------------------------------------------------------------------ roles

    uint8 public constant ROLE_BUYER = 1;
    uint8 public constant ROLE_SELLER = 2;
    uint8 public constant ROLE_BANK = 3;
    uint8 public constant ROLE_LOGISTICS = 4;
    uint8 public constant ROLE_CUSTOMS = 5;
    uint8 public constant ROLE_ENTERPRISE = 6; // a core enterprise or a supplier (receivables)

    address public operator;
    mapping(address => mapping(uint8 => bool)) public hasRole;
    /// @notice Deposits held at the banks, by owner.
    mapping(address => uint256) public balanceOf;

    event RoleGranted(address indexed who, uint8 role);
    event Deposited(address indexed bank, address indexed to, uint256 amount);

    modifier only(uint8 role) {
        require(hasRole[msg.sender][role], _roleReason(role));
        _;
    }

    function _roleReason(uint8 role) internal pure returns (string memory) {
        if (role == ROLE_BUYER) return "trade: not a buyer";
        if (role == ROLE_SELLER) return "trade: not a seller";
        if (role == ROLE_BANK) return "trade: not a bank";
        if (role == ROLE_LOGISTICS) return "trade: not a logistics provider";
        if (role == ROLE_CUSTOMS) return "trade: not customs";
        return "trade: not an enterprise";
    }

    constructor() {
        operator = msg.sender;
    }

    function grantRole(address who, uint8 role) external {
        require(msg.sender == operator, "trade: only the operator grants roles");
        require(role >= ROLE_BUYER && role <= ROLE_ENTERPRISE && who != address(0), "trade: bad role");
        hasRole[who][role] = true;
        emit RoleGranted(who, role);
    }

    /// @notice A bank credits a customer's deposit (the customer paid it in off chain).
    function deposit(address to, uint256 amount) external only(ROLE_BANK) {
        require(to != address(0) && amount > 0, "trade: bad deposit");
        balanceOf[to] += amount;
        emit Deposited(msg.sender, to, amount);
    }

    // ----------------------------------------------------------------- orders

    enum Status {
        None,
        Proposed, // by the buyer
        Signed, // accepted by the seller
        Funded, // escrowed by the buyer's bank
        Shipped,
        Cleared, // by customs
        Delivered, // confirmed by logistics: paid out
        Refunded // failed or expired: returned to the buyer
    }

    struct Order {
        address buyer;
        address seller;
        address bank; // the buyer's bank, which escrows
        address logistics;
        uint256 amount;
        bytes32 document; // hash of the trade contract document
        uint64 deadline; // block time (Unix seconds) by which delivery must be confirmed
        Status status;
        uint256 financed; // advanced to the seller against the order, owed to financier
        address financier;
    }

    mapping(bytes32 => Order) public orders;

    event OrderProposed(bytes32 indexed id, address buyer, address seller, uint256 amount, bytes32 document);
    event OrderSigned(bytes32 indexed id);
    event OrderFunded(bytes32 indexed id, address bank, uint256 amount);
    event Milestone(bytes32 indexed id, Status status, address by, bytes32 evidence);
    event Released(bytes32 indexed id, address seller, uint256 toSeller, address financier, uint256 toFinancier);
    event Refunded(bytes32 indexed id, address buyer, uint256 amount, string reason);
    event Financed(bytes32 indexed id, address financier, uint256 amount);

    /// @notice The buyer proposes an order; the seller must sign it.
    function proposeOrder(bytes32 id, address seller, address bank, address logistics, uint256 amount, bytes32 document, uint64 deadline) external only(ROLE_BUYER) {
        require(amount > 0, "trade: empty amount or document");
        _propose(id, seller, bank, logistics, amount, document, deadline);
    }

    /// @notice The buyer proposes a hidden order: `amount` is a commitment
    /// to the amount, whose opening the buyer seals to the parties with the
    /// terms. The seller checks the opening before it signs; the bank proves
    /// the escrow against it.
    function proposeHiddenOrder(bytes32 id, address seller, address bank, address logistics, bytes32 amount, bytes32 document, uint64 deadline) external only(ROLE_BUYER) {
        require(amount != ZERO, "trade: empty amount or document");
        _propose(id, seller, bank, logistics, 0, document, deadline);
        hiddenAmount[id] = amount;
        emit AmountHidden(id, amount);
    }

    function _propose(bytes32 id, address seller, address bank, address logistics, uint256 amount, bytes32 document, uint64 deadline) internal {
        require(id != bytes32(0) && orders[id].status == Status.None, "trade: order exists");
        require(hasRole[seller][ROLE_SELLER], "trade: the seller has no seller role");
        require(hasRole[bank][ROLE_BANK], "trade: the bank has no bank role");
        require(hasRole[logistics][ROLE_LOGISTICS], "trade: the logistics provider has no logistics role");
        require(document != bytes32(0), "trade: empty amount or document");
        require(deadline > block.timestamp, "trade: deadline passed");
        orders[id] = Order({buyer: msg.sender, seller: seller, bank: bank, logistics: logistics, amount: amount, document: document,
            deadline: deadline, status: Status.Proposed, financed: 0, financier: address(0)});
        emit OrderProposed(id, msg.sender, seller, amount, document);
    }

    /// @notice The seller signs the order, over the same document.
    function signOrder(bytes32 id, bytes32 document) external {
        Order storage o = orders[id];
        require(o.status == Status.Proposed, "trade: not a proposed order");
        require(msg.sender == o.seller, "trade: only the order's seller signs");
        require(document == o.document, "trade: another document");
        o.status = Status.Signed;
        emit OrderSigned(id);
    }

    /// @notice The buyer's bank locks the payment from the buyer's deposit.
    function fund(bytes32 id) external {
        Order storage o = orders[id];
        require(o.status == Status.Signed, "trade: not a signed order");
        require(msg.sender == o.bank, "trade: only the buyer's bank escrows");
        require(hiddenAmount[id] == ZERO, "trade: a hidden order is escrowed with fundHidden");
        require(balanceOf[o.buyer] >= o.amount, "trade: the buyer's deposit is short");
        balanceOf[o.buyer] -= o.amount;
        o.status = Status.Funded;
        emit OrderFunded(id, msg.sender, o.amount);
    }

    /// @notice Logistics attests shipment.
    function attestShipped(bytes32 id, bytes32 evidence) external {
        Order storage o = orders[id];
        require(o.status == Status.Funded, "trade: not a funded order");
        require(msg.sender == o.logistics, "trade: only the order's logistics provider");
        o.status = Status.Shipped;
        emit Milestone(id, Status.Shipped, msg.sender, evidence);
    }

    /// @notice Customs attests clearance.
    function attestCleared(bytes32 id, bytes32 evidence) external only(ROLE_CUSTOMS) {
        Order storage o = orders[id];
        require(o.status == Status.Shipped, "trade: not a shipped order");
        o.status = Status.Cleared;
        emit Milestone(id, Status.Cleared, msg.sender, evidence);
    }

    /// @notice Logistics confirms delivery: the payment is released at once,
    /// first repaying a financing of the order, the rest to the seller.
    function confirmDelivery(bytes32 id, bytes32 evidence) external {
        Order storage o = orders[id];
        require(o.status == Status.Cleared, "trade: not a cleared order");
        require(msg.sender == o.logistics, "trade: only the order's logistics provider");
        require(block.timestamp <= o.deadline, "trade: deadline passed");
        o.status = Status.Delivered;
        emit Milestone(id, Status.Delivered, msg.sender, evidence);
        bytes32 hidden = hiddenAmount[id];
        if (hidden != ZERO) {
            hiddenBalanceOf[o.seller] = CausewaySystem.ADD.addCommitments(hiddenBalanceOf[o.seller], hidden);
            emit Released(id, o.seller, 0, address(0), 0);
            return;
        }
        uint256 toFinancier = o.financed;
        uint256 toSeller = o.amount - toFinancier;
        if (toFinancier > 0) {
            balanceOf[o.financier] += toFinancier;
        }
        balanceOf[o.seller] += toSeller;
        emit Released(id, o.seller, toSeller, o.financier, toFinancier);
    }

    /// @notice A funded order that failed: logistics declares the delivery
    /// failed, or anyone calls it after the deadline. The buyer is refunded;
    /// a financier's advance is the seller's debt, outside this order.
    function refund(bytes32 id, string calldata reason) external {
        Order storage o = orders[id];
        require(o.status == Status.Funded || o.status == Status.Shipped || o.status == Status.Cleared, "trade: nothing escrowed");
        require(msg.sender == o.logistics || block.timestamp > o.deadline, "trade: only the logistics provider, or anyone after the deadline");
        o.status = Status.Refunded;
        bytes32 hidden = hiddenAmount[id];
        if (hidden != ZERO) {
            hiddenBalanceOf[o.buyer] = CausewaySystem.ADD.addCommitments(hiddenBalanceOf[o.buyer], hidden);
        }
        balanceOf[o.buyer] += o.amount;
        emit Refunded(id, o.buyer, o.amount, reason);
    }

    /// @notice A bank advances to the seller up to 80 % of a funded order;
    /// it is repaid first from the release.
    function finance(bytes32 id, uint256 amount) external only(ROLE_BANK) {
        Order storage o = orders[id];
        require(hiddenAmount[id] == ZERO, "trade: a hidden order's amount is not on the chain: finance its receivable");
        require(o.status == Status.Funded || o.status == Status.Shipped || o.status == Status.Cleared, "trade: only a funded order is financed");
        require(o.financier == address(0), "trade: already financed");
        require(amount > 0 && amount * 10 <= o.amount * 8, "trade: at most 80 % of the order");
        require(balanceOf[msg.sender] >= amount, "trade: the bank's deposit is short");
        balanceOf[msg.sender] -= amount;
        balanceOf[o.seller] += amount;
        o.financed = amount;
        o.financier = msg.sender;
        emit Financed(id, msg.sender, amount);
    }

    // ------------------------------------------------- confidential amounts

    /// @notice The commitment to the identity, Commit(0, 0): no amount.
    bytes32 public constant ZERO = bytes32(0);
    /// @notice Purposes in proof contexts.
    bytes32 public constant DEPOSIT = "Trade/deposit";
    bytes32 public constant FUND = "Trade/fund";

    /// @notice Hidden deposits, by owner: commitments (ristretto255) to the amount held.
    mapping(address => bytes32) public hiddenBalanceOf;
    /// @notice A hidden order's amount, as a commitment (ZERO for an order with a public amount).
    mapping(bytes32 => bytes32) public hiddenAmount;

    event AmountHidden(bytes32 indexed id, bytes32 amount);
    event HiddenDeposited(address indexed bank, address indexed to, bytes32 amount);
    event HiddenFunded(bytes32 indexed id, address bank, bytes32 change);

    /// @notice The context of a hidden deposit's range proof:
    /// abi.encode(block.chainid, address(this), DEPOSIT, bank, to).
    function depositContext(address bank, address to) public view returns (bytes memory) {
        return abi.encode(block.chainid, address(this), DEPOSIT, bank, to);
    }

    /// @notice The context of a hidden escrow's proofs: abi.encode(block.chainid,
    /// address(this), FUND, id, balance), where balance is the buyer's hidden
    /// deposit the proofs were made against (a proof goes stale when it changes).
    function fundContext(bytes32 id, bytes32 balance) public view returns (bytes memory) {
        return abi.encode(block.chainid, address(this), FUND, id, balance);
    }

    /// @notice A bank credits a customer's hidden deposit with the amount
    /// committed to by `amount`; `rangeProof` shows it is a 64-bit value
    /// (context depositContext(bank, to)). The bank seals the opening to the
    /// customer in the same transaction.
    function depositHidden(address to, bytes32 amount, bytes calldata rangeProof) external only(ROLE_BANK) {
        require(to != address(0) && amount != ZERO, "trade: bad deposit");
        bytes32[] memory cs = new bytes32[](1);
        cs[0] = amount;
        require(CausewaySystem.RANGE.verifyRange(cs, rangeProof, depositContext(msg.sender, to)), "trade: invalid range proof for the deposit");
        hiddenBalanceOf[to] = CausewaySystem.ADD.addCommitments(hiddenBalanceOf[to], amount);
        emit HiddenDeposited(msg.sender, to, amount);
    }

    /// @notice The buyer's bank escrows a hidden order from the buyer's
    /// hidden deposit B: `change` commits to what stays, `rangeProof` is a
    /// range proof for [amount, change] and `balanceProof` a balance proof of
    /// [B] = [amount, change] with fee 0, both with context fundContext(id, B).
    /// So the deposit covers the amount (the change is not negative) and no
    /// value is created.
    function fundHidden(bytes32 id, bytes32 change, bytes calldata rangeProof, bytes calldata balanceProof) external {
        Order storage o = orders[id];
        bytes32 amount = hiddenAmount[id];
        require(o.status == Status.Signed, "trade: not a signed order");
        require(msg.sender == o.bank, "trade: only the buyer's bank escrows");
        require(amount != ZERO, "trade: not a hidden order: use fund");
        bytes32 b = hiddenBalanceOf[o.buyer];
        bytes memory ctx = fundContext(id, b);
        bytes32[] memory outs = new bytes32[](2);
        outs[0] = amount;
        outs[1] = change;
        require(CausewaySystem.RANGE.verifyRange(outs, rangeProof, ctx), "trade: no range proof for the amount and the change: the buyer's hidden deposit may be short");
        bytes32[] memory ins = new bytes32[](1);
        ins[0] = b;
        require(CausewaySystem.BALANCE.verifyBalance(ins, outs, 0, balanceProof, ctx), "trade: the amount and the change do not add up to the buyer's hidden deposit");
        hiddenBalanceOf[o.buyer] = change;
        o.status = Status.Funded;
        emit OrderFunded(id, msg.sender, 0);
        emit HiddenFunded(id, msg.sender, change);
    }

    // ------------------------------------------------------------ receivables

    struct Receivable {
        address debtor; // the core enterprise that pays at maturity
        address holder; // who is paid
        uint256 amount;
        uint64 maturity; // block time
        bytes32 parent; // the receivable it was split from (0 for an original)
        bool live; // false once split or paid
        bool paid;
    }

    mapping(bytes32 => Receivable) public receivables;
    uint256 public receivableCount;

    event ReceivableIssued(bytes32 indexed id, address debtor, address holder, uint256 amount, uint64 maturity);
    event ReceivableSplit(bytes32 indexed id, bytes32[] parts);
    event ReceivableTransferred(bytes32 indexed id, address from, address to);
    event ReceivableDiscounted(bytes32 indexed id, address bank, uint256 paidNow);
    event ReceivablePaid(bytes32 indexed id, address holder, uint256 amount);

    /// @notice A core enterprise confirms a payable to its supplier.
    function issueReceivable(bytes32 id, address supplier, uint256 amount, uint64 maturity) external only(ROLE_ENTERPRISE) {
        require(id != bytes32(0) && receivables[id].debtor == address(0), "trade: receivable exists");
        require(hasRole[supplier][ROLE_ENTERPRISE], "trade: the supplier has no enterprise role");
        require(amount > 0 && maturity > block.timestamp, "trade: empty amount or past maturity");
        receivables[id] = Receivable({debtor: msg.sender, holder: supplier, amount: amount, maturity: maturity, parent: bytes32(0), live: true, paid: false});
        receivableCount++;
        emit ReceivableIssued(id, msg.sender, supplier, amount, maturity);
    }

    /// @notice The holder splits a receivable into parts (ids derived from it)
    /// that sum to its amount; the parts stay with the holder.
    function split(bytes32 id, uint256[] calldata amounts) external returns (bytes32[] memory parts) {
        Receivable storage r = receivables[id];
        require(r.live, "trade: not a live receivable");
        require(msg.sender == r.holder, "trade: only the holder splits");
        require(amounts.length >= 2 && amounts.length <= 16, "trade: 2 to 16 parts");
        uint256 sum;
        parts = new bytes32[](amounts.length);
        for (uint256 i = 0; i < amounts.length; i++) {
            require(amounts[i] > 0, "trade: an empty part");
            sum += amounts[i];
            bytes32 pid = keccak256(abi.encodePacked(id, uint256(i)));
            parts[i] = pid;
            receivables[pid] = Receivable({debtor: r.debtor, holder: r.holder, amount: amounts[i], maturity: r.maturity, parent: id, live: true, paid: false});
        }
        require(sum == r.amount, "trade: the parts do not sum to the whole");
        r.live = false;
        receivableCount += amounts.length;
        emit ReceivableSplit(id, parts);
    }

    /// @notice The holder passes a receivable to another enterprise (a tier down).
    function transferReceivable(bytes32 id, address to) external {
        Receivable storage r = receivables[id];
        require(r.live, "trade: not a live receivable");
        require(msg.sender == r.holder, "trade: only the holder transfers");
        require(hasRole[to][ROLE_ENTERPRISE], "trade: the recipient has no enterprise role");
        r.holder = to;
        emit ReceivableTransferred(id, msg.sender, to);
    }

    /// @notice A bank discounts a receivable: it pays the holder now,
    /// `rateBps` basis points less, and becomes the holder.
    function discount(bytes32 id, address holder, uint256 rateBps) external only(ROLE_BANK) {
        Receivable storage r = receivables[id];
        require(r.live, "trade: not a live receivable");
        require(holder == r.holder, "trade: the holder changed");
        require(rateBps < 10000, "trade: bad discount rate");
        uint256 now_ = r.amount - (r.amount * rateBps) / 10000;
        require(balanceOf[msg.sender] >= now_, "trade: the bank's deposit is short");
        balanceOf[msg.sender] -= now_;
        balanceOf[holder] += now_;
        r.holder = msg.sender;
        emit ReceivableDiscounted(id, msg.sender, now_);
    }

    /// @notice At maturity the debtor pays a live receivable to its holder: once.
    function pay(bytes32 id) external {
        Receivable storage r = receivables[id];
        require(r.debtor != address(0), "trade: unknown receivable");
        require(!r.paid, "trade: already paid");
        require(r.live, "trade: split: pay its parts");
        require(msg.sender == r.debtor, "trade: only the debtor pays");
        require(block.timestamp >= r.maturity, "trade: not mature");
        require(balanceOf[r.debtor] >= r.amount, "trade: the debtor's deposit is short");
        balanceOf[r.debtor] -= r.amount;
        balanceOf[r.holder] += r.amount;
        r.paid = true;
        r.live = false;
        emit ReceivablePaid(id, r.holder, r.amount);
    }
}
