// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

interface IERC20 {
    function balanceOf(address who) external view returns (uint256);
    function transfer(address to, uint256 value) external returns (bool);
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}

/// @title Caller: a contract that calls another contract
/// @notice Pays many recipients from the caller's ERC-20 allowance in one
/// transaction, and shows how a failed inner call is caught (try/catch) while
/// the outer call goes on.
contract Caller {
    uint256 public attempts;
    uint256 public failures;

    event Paid(address indexed token, address indexed from, uint256 total);
    event CallFailed(address indexed token, string reason);

    function balanceAt(IERC20 token, address who) external view returns (uint256) {
        return token.balanceOf(who);
    }

    /// @notice Transfers amounts[i] to to[i] from the caller, who must have
    /// approved this contract. All or nothing.
    function payMany(IERC20 token, address[] calldata to, uint256[] calldata amounts) external returns (uint256 total) {
        require(to.length == amounts.length, "Caller: length mismatch");
        for (uint256 i = 0; i < to.length; i++) {
            require(token.transferFrom(msg.sender, to[i], amounts[i]), "Caller: transfer returned false");
            total += amounts[i];
        }
        emit Paid(address(token), msg.sender, total);
    }

    /// @notice Tries one transfer from the caller; a failure is recorded,
    /// not propagated, so only the inner call's effects are undone.
    function tryPay(IERC20 token, address to, uint256 amount) external returns (bool ok, string memory reason) {
        attempts++;
        try token.transferFrom(msg.sender, to, amount) returns (bool r) {
            ok = r;
        } catch Error(string memory why) {
            failures++;
            reason = why;
            emit CallFailed(address(token), why);
        }
    }
}
