// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "../ICauseway.sol";

/// @title ConfidentialEscrow: escrow bookkeeping of a hidden amount
/// @notice A buyer locks an amount the chain never sees: a Pedersen
/// commitment with a range proof that it is a 64-bit value. On settlement
/// the amount goes to two outputs, the seller's share and the buyer's
/// refund, again as commitments: a balance proof shows that they add up to
/// the locked amount (no fee) and a range proof that neither is negative, so
/// settlement can neither create nor destroy value. The arbiter (say the
/// bank of a letter of credit, to whom the buyer gives the opening of the
/// amount off-chain) settles with any split; the buyer may release all of
/// it to the seller, and the seller may refund all of it to the buyer,
/// without proofs. The contract holds no native value: it keeps the books of
/// the confidential amount, and each party learns the opening of its output
/// off-chain.
///
/// Proofs are bound to their use by their context (see contextFor): the
/// chain, this contract, the purpose, the lock and, for a lock, its parties;
/// a proof made for another lock, contract, chain or buyer does not verify.
contract ConfidentialEscrow {
    enum State {
        None,
        Locked,
        Settled
    }

    enum Party {
        Buyer,
        Seller,
        Arbiter
    }

    struct Lock {
        address buyer;
        address seller;
        address arbiter;
        State state;
        bytes32 amount; // commitment to the locked amount
        bytes32 toSeller; // after settlement: commitment to the seller's share
        bytes32 refund; // after settlement: commitment to the buyer's refund
    }

    /// @notice Purposes in proof contexts.
    bytes32 public constant LOCK = "ConfidentialEscrow/lock";
    bytes32 public constant SETTLE = "ConfidentialEscrow/settle";

    /// @notice The commitment to zero with blinding zero (the group identity):
    /// an output that certainly holds nothing.
    bytes32 public constant ZERO = bytes32(0);

    mapping(bytes32 => Lock) public locks;

    event Locked(bytes32 indexed id, address indexed buyer, address indexed seller, address arbiter, bytes32 amount);
    event Settled(bytes32 indexed id, bytes32 toSeller, bytes32 refund);

    /// @notice The context of the range proof of a lock:
    /// abi.encode(block.chainid, address(this), LOCK, id, buyer, seller, arbiter).
    function lockContext(bytes32 id, address buyer, address seller, address arbiter)
        public
        view
        returns (bytes memory)
    {
        return abi.encode(block.chainid, address(this), LOCK, id, buyer, seller, arbiter);
    }

    /// @notice The context of the range and balance proofs of a settlement:
    /// abi.encode(block.chainid, address(this), SETTLE, id).
    function settleContext(bytes32 id) public view returns (bytes memory) {
        return abi.encode(block.chainid, address(this), SETTLE, id);
    }

    /// @notice Locks the amount committed to by `amount` under the new lock
    /// `id` (chosen by the buyer, for example a hash of the trade's
    /// reference), with the caller as buyer. `rangeProof` is a range proof
    /// for [amount] with context lockContext(id, msg.sender, seller, arbiter).
    function lock(bytes32 id, address seller, address arbiter, bytes32 amount, bytes calldata rangeProof) external {
        require(locks[id].state == State.None, "ConfidentialEscrow: lock id already used");
        require(seller != address(0) && arbiter != address(0), "ConfidentialEscrow: zero address");
        bytes32[] memory cs = new bytes32[](1);
        cs[0] = amount;
        require(
            CausewaySystem.RANGE.verifyRange(cs, rangeProof, lockContext(id, msg.sender, seller, arbiter)),
            "ConfidentialEscrow: invalid range proof for the amount"
        );
        locks[id] = Lock(msg.sender, seller, arbiter, State.Locked, amount, bytes32(0), bytes32(0));
        emit Locked(id, msg.sender, seller, arbiter, amount);
    }

    /// @notice The arbiter splits the locked amount into `toSeller` and
    /// `refund`. `rangeProof` is a range proof for [toSeller, refund] and
    /// `balanceProof` a balance proof of [amount] = [toSeller, refund] with fee
    /// 0, both with context settleContext(id).
    function settle(
        bytes32 id,
        bytes32 toSeller,
        bytes32 refund,
        bytes calldata rangeProof,
        bytes calldata balanceProof
    ) external {
        Lock storage l = lockedBy(id, Party.Arbiter);
        bytes memory ctx = settleContext(id);
        bytes32[] memory outs = new bytes32[](2);
        outs[0] = toSeller;
        outs[1] = refund;
        require(
            CausewaySystem.RANGE.verifyRange(outs, rangeProof, ctx),
            "ConfidentialEscrow: invalid range proof for the outputs"
        );
        bytes32[] memory ins = new bytes32[](1);
        ins[0] = l.amount;
        require(
            CausewaySystem.BALANCE.verifyBalance(ins, outs, 0, balanceProof, ctx),
            "ConfidentialEscrow: the outputs do not add up to the locked amount"
        );
        finish(id, l, toSeller, refund);
    }

    /// @notice The buyer releases the whole amount to the seller.
    function release(bytes32 id) external {
        Lock storage l = lockedBy(id, Party.Buyer);
        finish(id, l, l.amount, ZERO);
    }

    /// @notice The seller refunds the whole amount to the buyer.
    function refundAll(bytes32 id) external {
        Lock storage l = lockedBy(id, Party.Seller);
        finish(id, l, ZERO, l.amount);
    }

    /// @dev The lock `id`, which must be locked and called by its party `who`.
    function lockedBy(bytes32 id, Party who) private view returns (Lock storage l) {
        l = locks[id];
        require(l.state != State.None, "ConfidentialEscrow: no such lock");
        require(l.state == State.Locked, "ConfidentialEscrow: already settled");
        if (who == Party.Buyer) {
            require(msg.sender == l.buyer, "ConfidentialEscrow: only the buyer may release");
        } else if (who == Party.Seller) {
            require(msg.sender == l.seller, "ConfidentialEscrow: only the seller may refund");
        } else {
            require(msg.sender == l.arbiter, "ConfidentialEscrow: only the arbiter may settle");
        }
    }

    function finish(bytes32 id, Lock storage l, bytes32 toSeller, bytes32 refund) private {
        l.state = State.Settled;
        l.toSeller = toSeller;
        l.refund = refund;
        emit Settled(id, toSeller, refund);
    }
}
