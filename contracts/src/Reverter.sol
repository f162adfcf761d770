// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title Reverter: the ways a call can fail
contract Reverter {
    error Unauthorized(address caller);

    uint256 public value;

    function setPositive(uint256 v) external {
        require(v > 0, "Reverter: value must be positive");
        value = v;
    }

    function writeThenRevert(uint256 v) external {
        value = v;
        require(v == 0, "Reverter: wrote, then reverted");
    }

    function failCustom() external view {
        revert Unauthorized(msg.sender);
    }

    function failPanic(uint256 d) external pure returns (uint256) {
        return 100 / d; // Panic(0x12) when d == 0
    }

    function failPlain() external pure {
        revert();
    }
}
