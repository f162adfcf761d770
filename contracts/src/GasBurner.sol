// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title GasBurner: loops until it runs out of gas
contract GasBurner {
    uint256 public counter;

    /// @notice Never returns: exhausts whatever gas it is given.
    function spin() external {
        for (;;) {
            counter++;
        }
    }

    /// @notice n storage increments.
    function burn(uint256 n) external {
        for (uint256 i = 0; i < n; i++) {
            counter++;
        }
    }
}
