// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Escrow: a simple three-party escrow of the chain's native balance
/// @notice The buyer deploys it with the price as value. The buyer (or the
/// arbiter) releases the funds to the seller; the seller (or the arbiter)
/// refunds them to the buyer. Either happens once.
contract Escrow {
    enum State { Funded, Released, Refunded }

    address public immutable buyer;
    address payable public immutable seller;
    address public immutable arbiter;
    uint256 public immutable amount;
    State public state;

    // Reentrancy lock in transient storage (EIP-1153): cleared after each transaction.
    bool transient locked;

    event Released(address indexed to, uint256 amount);
    event Refunded(address indexed to, uint256 amount);

    modifier nonReentrant() {
        require(!locked, "Escrow: reentrant call");
        locked = true;
        _;
        locked = false;
    }

    constructor(address payable seller_, address arbiter_) payable {
        require(msg.value > 0, "Escrow: nothing deposited");
        require(seller_ != address(0) && arbiter_ != address(0), "Escrow: zero address");
        buyer = msg.sender;
        seller = seller_;
        arbiter = arbiter_;
        amount = msg.value;
    }

    function release() external nonReentrant {
        require(msg.sender == buyer || msg.sender == arbiter, "Escrow: only the buyer or the arbiter may release");
        require(state == State.Funded, "Escrow: already settled");
        state = State.Released;
        (bool ok,) = seller.call{value: amount}("");
        require(ok, "Escrow: payment to the seller failed");
        emit Released(seller, amount);
    }

    function refund() external nonReentrant {
        require(msg.sender == seller || msg.sender == arbiter, "Escrow: only the seller or the arbiter may refund");
        require(state == State.Funded, "Escrow: already settled");
        state = State.Refunded;
        (bool ok,) = payable(buyer).call{value: amount}("");
        require(ok, "Escrow: refund to the buyer failed");
        emit Refunded(buyer, amount);
    }

    /// @notice Whether the lock is held; always false between transactions.
    function isLocked() external view returns (bool) {
        return locked;
    }
}
