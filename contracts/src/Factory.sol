// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Child: a contract created by another contract
contract Child {
    address public immutable parent;
    uint256 public value;

    constructor(uint256 v) payable {
        parent = msg.sender;
        value = v;
    }

    function set(uint256 v) external {
        value = v;
    }

    /// @notice SELFDESTRUCT under EIP-6780: the contract is deleted only in
    /// the transaction that created it; otherwise only its balance moves.
    function destroy(address payable to) external {
        require(msg.sender == parent, "Child: only the parent may destroy");
        selfdestruct(to);
    }
}

/// @title Factory: creates contracts with CREATE and CREATE2
contract Factory {
    address[] public children;

    event Created(address indexed child, uint256 value, bool create2);

    function create(uint256 v) external payable returns (address child) {
        child = address(new Child{value: msg.value}(v));
        children.push(child);
        emit Created(child, v, false);
    }

    function create2(uint256 v, bytes32 salt) external payable returns (address child) {
        child = address(new Child{value: msg.value, salt: salt}(v));
        children.push(child);
        emit Created(child, v, true);
    }

    function predict2(uint256 v, bytes32 salt) external view returns (address) {
        bytes32 initHash = keccak256(abi.encodePacked(type(Child).creationCode, abi.encode(v)));
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, initHash)))));
    }

    /// @notice Creates a child and destroys it in the same transaction.
    function createAndDestroy(uint256 v, address payable to) external payable returns (address child) {
        Child c = new Child{value: msg.value}(v);
        c.destroy(to);
        child = address(c);
    }

    function destroy(uint256 i, address payable to) external {
        Child(children[i]).destroy(to);
    }

    function count() external view returns (uint256) {
        return children.length;
    }
}
