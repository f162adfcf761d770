// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

// KV is the register store of the simulator's workload: every operation,
// reads included, is a transaction, so that reads are ordered with writes
// and their results (the receipt's return data) form a linearizable history.
contract KV {
    mapping(uint256 => uint256) private values;

    function put(uint256 key, uint256 value) external {
        values[key] = value;
    }

    function get(uint256 key) external view returns (uint256) {
        return values[key];
    }
}
