// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package metro

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// MetroMetaData contains all meta data concerning the Metro contract.
var MetroMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"bytes32[]\",\"name\":\"codes\",\"type\":\"bytes32[]\"},{\"internalType\":\"address[]\",\"name\":\"accounts\",\"type\":\"address[]\"},{\"internalType\":\"address\",\"name\":\"bureau\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"city\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"CityAdmitted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"city\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"by\",\"type\":\"bytes32\"}],\"name\":\"CityProposed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"employer\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"name\",\"type\":\"bytes32\"}],\"name\":\"EmployerRegistered\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"city\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"baseFare\",\"type\":\"uint32\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"perZone\",\"type\":\"uint32\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"maxFare\",\"type\":\"uint32\"}],\"name\":\"FaresSet\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"invoice\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"ride\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"issuer\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"amount\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"digest\",\"type\":\"bytes32\"}],\"name\":\"InvoiceIssued\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"invoice\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"employer\",\"type\":\"address\"}],\"name\":\"InvoiceReimbursed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"rider\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"city\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"by\",\"type\":\"bytes32\"}],\"name\":\"MarkAppealed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"ride\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"paymentRef\",\"type\":\"bytes32\"}],\"name\":\"RidePaid\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"ride\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"home\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"rideCity\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"fare\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"}],\"name\":\"RideRecorded\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"rider\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"city\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"reason\",\"type\":\"string\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"evidence\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"expiresAt\",\"type\":\"uint64\"}],\"name\":\"RiderMarked\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"rider\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"city\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"by\",\"type\":\"bytes32\"}],\"name\":\"RiderUnmarked\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"a\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"b\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"index\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"fromSeq\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"throughSeq\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"int256\",\"name\":\"amount\",\"type\":\"int256\"}],\"name\":\"SettlementConfirmed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"a\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"b\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"fromSeq\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"throughSeq\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"int256\",\"name\":\"amount\",\"type\":\"int256\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"by\",\"type\":\"bytes32\"}],\"name\":\"SettlementProposed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"a\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"b\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"throughSeq\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"by\",\"type\":\"bytes32\"}],\"name\":\"SettlementRejected\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"MAX_CITIES\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_MARK_SECONDS\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_REASON_BYTES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_STATIONS_PER_CALL\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"activeCities\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"name\":\"admissionVoted\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"name\":\"admissions\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"uint32\",\"name\":\"approvals\",\"type\":\"uint32\"},{\"internalType\":\"bool\",\"name\":\"done\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"rider\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"markingCity\",\"type\":\"bytes32\"}],\"name\":\"appealMark\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"code\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"approveCity\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"name\":\"cities\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"bool\",\"name\":\"active\",\"type\":\"bool\"},{\"internalType\":\"uint64\",\"name\":\"joinedAt\",\"type\":\"uint64\"},{\"internalType\":\"uint32\",\"name\":\"baseFare\",\"type\":\"uint32\"},{\"internalType\":\"uint32\",\"name\":\"perZone\",\"type\":\"uint32\"},{\"internalType\":\"uint32\",\"name\":\"maxFare\",\"type\":\"uint32\"},{\"internalType\":\"uint32\",\"name\":\"stations\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"name\":\"cityCodes\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"cityCount\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"cityOf\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"paymentRef\",\"type\":\"bytes32\"}],\"name\":\"confirmPayment\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"other\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"throughSeq\",\"type\":\"uint64\"},{\"internalType\":\"int256\",\"name\":\"amount\",\"type\":\"int256\"}],\"name\":\"confirmSettlement\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"employerName\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"city\",\"type\":\"bytes32\"},{\"internalType\":\"uint32\",\"name\":\"entry\",\"type\":\"uint32\"},{\"internalType\":\"uint32\",\"name\":\"exit\",\"type\":\"uint32\"}],\"name\":\"fareOf\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"invoiceCount\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"name\":\"invoices\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"ride\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"issuer\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"amount\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"issuedAt\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"reimbursedBy\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"reimbursedAt\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"digest\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"number\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"ride\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"digest\",\"type\":\"bytes32\"}],\"name\":\"issueInvoice\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"rider\",\"type\":\"bytes32\"},{\"internalType\":\"string\",\"name\":\"reason\",\"type\":\"string\"},{\"internalType\":\"bytes32\",\"name\":\"evidence\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"ttl\",\"type\":\"uint64\"}],\"name\":\"markRider\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"name\":\"marks\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"reason\",\"type\":\"string\"},{\"internalType\":\"bytes32\",\"name\":\"evidence\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"expiresAt\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"markedAt\",\"type\":\"uint64\"},{\"internalType\":\"bool\",\"name\":\"active\",\"type\":\"bool\"},{\"internalType\":\"bool\",\"name\":\"appealed\",\"type\":\"bool\"},{\"internalType\":\"uint32\",\"name\":\"removalVotes\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"rider\",\"type\":\"bytes32\"}],\"name\":\"mayEnter\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"ok\",\"type\":\"bool\"},{\"internalType\":\"bytes32\",\"name\":\"city\",\"type\":\"bytes32\"},{\"internalType\":\"string\",\"name\":\"reason\",\"type\":\"string\"},{\"internalType\":\"uint64\",\"name\":\"expiresAt\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"x\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"y\",\"type\":\"bytes32\"}],\"name\":\"pairKey\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"name\":\"pairs\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"internalType\":\"int256\",\"name\":\"net\",\"type\":\"int256\"},{\"internalType\":\"uint64\",\"name\":\"settledSeq\",\"type\":\"uint64\"},{\"internalType\":\"int256\",\"name\":\"settledNet\",\"type\":\"int256\"},{\"internalType\":\"uint64\",\"name\":\"settlements\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"pendingThrough\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"pendingBy\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"pendingAt\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"x\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"y\",\"type\":\"bytes32\"}],\"name\":\"pendingSettlement\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"fromSeq\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"throughSeq\",\"type\":\"uint64\"},{\"internalType\":\"int256\",\"name\":\"amount\",\"type\":\"int256\"},{\"internalType\":\"bytes32\",\"name\":\"by\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"x\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"y\",\"type\":\"bytes32\"}],\"name\":\"position\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"internalType\":\"int256\",\"name\":\"net\",\"type\":\"int256\"},{\"internalType\":\"uint64\",\"name\":\"settledSeq\",\"type\":\"uint64\"},{\"internalType\":\"int256\",\"name\":\"settledNet\",\"type\":\"int256\"},{\"internalType\":\"uint64\",\"name\":\"settlements\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"name\":\"positionAt\",\"outputs\":[{\"internalType\":\"int256\",\"name\":\"\",\"type\":\"int256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"other\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"throughSeq\",\"type\":\"uint64\"}],\"name\":\"proposeSettlement\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"home\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"fare\",\"type\":\"uint64\"}],\"name\":\"recordRide\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"employer\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"name\",\"type\":\"bytes32\"}],\"name\":\"registerEmployer\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"number\",\"type\":\"bytes32\"}],\"name\":\"reimburse\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"other\",\"type\":\"bytes32\"}],\"name\":\"rejectSettlement\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"name\":\"removalVoted\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"rideCount\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"name\":\"rides\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"home\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"rideCity\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"fare\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"height\",\"type\":\"uint64\"},{\"internalType\":\"bool\",\"name\":\"paid\",\"type\":\"bool\"},{\"internalType\":\"bytes32\",\"name\":\"invoice\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint32\",\"name\":\"baseFare\",\"type\":\"uint32\"},{\"internalType\":\"uint32\",\"name\":\"perZone\",\"type\":\"uint32\"},{\"internalType\":\"uint32\",\"name\":\"maxFare\",\"type\":\"uint32\"}],\"name\":\"setFares\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint32[]\",\"name\":\"ids\",\"type\":\"uint32[]\"},{\"internalType\":\"uint8[]\",\"name\":\"zones\",\"type\":\"uint8[]\"}],\"name\":\"setStations\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"name\":\"settlementOf\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"a\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"b\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"fromSeq\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"throughSeq\",\"type\":\"uint64\"},{\"internalType\":\"int256\",\"name\":\"amount\",\"type\":\"int256\"},{\"internalType\":\"bytes32\",\"name\":\"proposedBy\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"proposedAt\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"confirmedAt\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"},{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"name\":\"stationZone\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"taxBureau\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"rider\",\"type\":\"bytes32\"}],\"name\":\"unmarkRider\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"rider\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"markingCity\",\"type\":\"bytes32\"}],\"name\":\"voteRemoveMark\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "Metro",
	Bin: "0x608060405234801561000f575f5ffd5b506040516147f23803806147f283398101604081905261002e91610629565b8151835114801561003f57505f8351115b61009a5760405162461bcd60e51b815260206004820152602160248201527f6d6574726f3a2063697469657320616e64206163636f756e74732064696666656044820152603960f91b60648201526084015b60405180910390fd5b6001600160a01b0381166100f05760405162461bcd60e51b815260206004820152601460248201527f6d6574726f3a206e6f20746178206275726561750000000000000000000000006044820152606401610091565b5f80546001600160a01b0319166001600160a01b0383161781555b835181101561015e57610156848281518110610129576101296106f4565b6020026020010151848381518110610143576101436106f4565b602002602001015161016760201b60201c565b60010161010b565b50505050610738565b811580159061017e57506001600160a01b03811615155b6101d45760405162461bcd60e51b815260206004820152602160248201527f6d6574726f3a20656d707479206369747920636f6465206f72206163636f756e6044820152601d60fa1b6064820152608401610091565b5f828152600160205260409020546001600160a01b03161561022d5760405162461bcd60e51b81526020600482015260126024820152716d6574726f3a20636974792065786973747360701b6044820152606401610091565b6001600160a01b0381165f908152600260205260409020541561029e5760405162461bcd60e51b8152602060048201526024808201527f6d6574726f3a206163636f756e7420616c7265616479207365727665732061206044820152636369747960e01b6064820152608401610091565b5f546001600160a01b039081169082160361030a5760405162461bcd60e51b815260206004820152602660248201527f6d6574726f3a2074686520746178206275726561752063616e6e6f742062652060448201526561206369747960d01b6064820152608401610091565b60035460401161035c5760405162461bcd60e51b815260206004820152601660248201527f6d6574726f3a20746f6f206d616e7920636974696573000000000000000000006044820152606401610091565b6040805160e0810182526001600160a01b03808416808352600160208085018281526001600160401b0343811687890190815260c860608901908152606460808a019081526105dc60a08b019081525f60c08c018181528f82528989528d82209c518d5498519651909716600160a81b02600160a81b600160e81b0319961515600160a01b026001600160a81b031990991697909c1696909617969096179390931698909817895551978501805497519151925163ffffffff9081166c010000000000000000000000000263ffffffff60601b19948216680100000000000000000294909416600160401b600160801b0319938216640100000000026001600160401b0319909a169a82169a909a1798909817919091169790971717909555918452600290915292822085905560038054938401815582527fc2575a0e9e593c00f959f8c92f12db2869c3395a3b0502d05e2516446f71f85b9092018490556004805490921691906104cd83610708565b91906101000a81548163ffffffff021916908363ffffffff16021790555050817f3d42b3102395d309360b1ac2253df6fce55539ef7696bac9f30b185827d7508d8260405161052b91906001600160a01b0391909116815260200190565b60405180910390a25050565b634e487b7160e01b5f52604160045260245ffd5b604051601f8201601f191681016001600160401b038111828210171561057357610573610537565b604052919050565b5f6001600160401b0382111561059357610593610537565b5060051b60200190565b80516001600160a01b03811681146105b3575f5ffd5b919050565b5f82601f8301126105c7575f5ffd5b81516105da6105d58261057b565b61054b565b8082825260208201915060208360051b8601019250858311156105fb575f5ffd5b602085015b8381101561061f576106118161059d565b835260209283019201610600565b5095945050505050565b5f5f5f6060848603121561063b575f5ffd5b83516001600160401b03811115610650575f5ffd5b8401601f81018613610660575f5ffd5b805161066e6105d58261057b565b8082825260208201915060208360051b85010192508883111561068f575f5ffd5b6020840193505b828410156106b1578351825260209384019390910190610696565b6020880151909650925050506001600160401b038111156106d0575f5ffd5b6106dc868287016105b8565b9250506106eb6040850161059d565b90509250925092565b634e487b7160e01b5f52603260045260245ffd5b5f63ffffffff821663ffffffff810361072f57634e487b7160e01b5f52601160045260245ffd5b60010192915050565b6140ad806107455f395ff3fe608060405234801561000f575f5ffd5b5060043610610260575f3560e01c8063748c25761161014b578063ce81238c116100bf578063df684ac011610084578063df684ac01461094e578063e9cd8a0914610961578063ee50244914610974578063ef4993d51461099e578063f863d00e146109ae578063f8a8a076146109b9575f5ffd5b8063ce81238c146108b7578063d0b3b2e9146108ca578063d747d9de146108dd578063d7ba192c1461091c578063da73112a1461093b575f5ffd5b80639a5a23d9116101105780639a5a23d9146108365780639d8b918d14610849578063a2741bdb1461085c578063b47c188314610864578063b8b54ded14610877578063c7f4d1cc146108a4575f5ffd5b8063748c2576146106da578063840056cb1461071d57806389e60a19146107475780638e6103281461075a5780638f19cdd11461076d575f5ffd5b80633cefc404116101e25780635cda2c5e116101a75780635cda2c5e1461052e578063673e04811461053657806369ccf4e6146105ea5780636cd7761a146106a15780636fcadd2b146106b457806374308da1146106c7575f5ffd5b80633cefc404146104485780633eb5e2511461045057806343ac7f1b146104be57806356a33260146104d157806359eba324146104f0575f5ffd5b80632364c304116102285780632364c3041461033557806325c994831461035b5780632855fa4a14610401578063326e186e14610414578063334b6f7214610427575f5ffd5b80631170412f14610264578063121574eb14610287578063123124d11461029c57806312bcb739146102bf5780631346f0c41461030a575b5f5ffd5b61026d61010081565b60405163ffffffff90911681526020015b60405180910390f35b61029a610295366004613942565b610a6a565b005b6102af6102aa366004613982565b610be6565b60405161027e94939291906139c7565b6102d26102cd366004613a01565b610d68565b604080516001600160401b0396871681526020810195909552928516928401929092526060830152909116608082015260a00161027e565b60115461031d906001600160401b031681565b6040516001600160401b03909116815260200161027e565b610348610343366004613a01565b610dc3565b60405161027e9796959493929190613a21565b6103bc610369366004613982565b60086020525f90815260409020805460018201546002830154600390930154919290916001600160401b0380831692600160401b8104821692600160801b820490921691600160c01b90910460ff169087565b6040805197885260208801969096526001600160401b039485169587019590955291831660608601529091166080840152151560a083015260c082015260e00161027e565b61029a61040f366004613a01565b610eaf565b61029a610422366004613a8d565b61104b565b61043a610435366004613982565b61132c565b60405190815260200161027e565b61043a604081565b61049261045e366004613982565b60066020525f90815260409020546001600160a01b03811690600160a01b810463ffffffff1690600160c01b900460ff1683565b604080516001600160a01b03909416845263ffffffff909216602084015215159082015260600161027e565b61031d6104cc366004613ab7565b61134b565b61043a6104df366004613aef565b60126020525f908152604090205481565b6105036104fe366004613a01565b611488565b604080516001600160401b03958616815294909316602085015291830152606082015260800161027e565b60035461043a565b61059a610544366004613982565b600a6020525f908152604090208054600182015460028301546003840154600485015460058601546006909601546001600160401b0395861696949593841694929382811693600160401b909304811692911688565b604080516001600160401b03998a16815260208101989098529588169587019590955260608601939093529085166080850152841660a084015260c083015290911660e08201526101000161027e565b6106556105f8366004613a8d565b600c60209081525f9283526040808420909152908252902080546001820154600283015460038401546004850154600590950154939492936001600160401b0380841694600160401b948590048216949092808316929190041688565b6040805198895260208901979097526001600160401b03958616968801969096529284166060870152608086019190915260a0850152811660c08401521660e08201526101000161027e565b61029a6106af366004613b08565b611548565b61029a6106c2366004613982565b6117ca565b61029a6106d5366004613b97565b6118f0565b61070d6106e8366004613bb8565b600f60209081525f938452604080852082529284528284209052825290205460ff1681565b604051901515815260200161027e565b61043a61072b366004613a8d565b600b60209081525f928352604080842090915290825290205481565b61029a610755366004613be1565b611c2c565b61029a610768366004613982565b611d38565b6107e161077b366004613982565b600160208190525f918252604090912080549101546001600160a01b03821691600160a01b810460ff1691600160a81b9091046001600160401b03169063ffffffff808216916401000000008104821691600160401b8204811691600160601b90041687565b604080516001600160a01b03909816885295151560208801526001600160401b039094169486019490945263ffffffff91821660608601528116608085015291821660a08401521660c082015260e00161027e565b61043a610844366004613a01565b611eac565b61029a610857366004613bb8565b611f17565b61026d604081565b60095461031d906001600160401b031681565b61070d610885366004613a01565b600760209081525f928352604080842090915290825290205460ff1681565b61029a6108b2366004613982565b6123c7565b61029a6108c5366004613c09565b61255a565b61029a6108d8366004613a01565b6125ac565b61090a6108eb366004613c32565b600560209081525f928352604080842090915290825290205460ff1681565b60405160ff909116815260200161027e565b61043a61092a366004613aef565b60026020525f908152604090205481565b61029a610949366004613a01565b612830565b61029a61095c366004613c9a565b61294f565b61029a61096f366004613d04565b612b9c565b5f54610986906001600160a01b031681565b6040516001600160a01b03909116815260200161027e565b60045461026d9063ffffffff1681565b61031d6301e2850081565b610a206109c7366004613982565b60106020525f908152604090208054600182015460028301546003840154600490940154929391926001600160401b0380831693600160401b9093048116926001600160a01b03811692600160a01b9091049091169087565b6040805197885260208801969096526001600160401b039485169587019590955291831660608601526001600160a01b031660808501521660a083015260c082015260e00161027e565b335f9081526002602090815260408083205483526001909152902054600160a01b900460ff16610ab55760405162461bcd60e51b8152600401610aac90613d36565b60405180910390fd5b5f8363ffffffff16118015610ad657508063ffffffff168363ffffffff1611155b8015610aeb5750620186a08163ffffffff1611155b610b2f5760405162461bcd60e51b81526020600482015260156024820152746d6574726f3a2062616420666172652072756c657360581b6044820152606401610aac565b335f818152600260208181526040808420805485526001808452828620908101805463ffffffff8c811667ffffffffffffffff1990921682176401000000008d8316908102919091176bffffffff00000000000000001916600160401b928d169283021790935598909752948452905482519586529285019390935283019390935291907f4c4625b27a37de6a0c8a16a28a8d7ddd6a655c2dca41030166b95756a295088d9060600160405180910390a250505050565b5f818152600e6020526040812081906060908290815b8154811015610d44575f878152600d6020526040812083548290859085908110610c2857610c28613d6d565b905f5260205f20015481526020019081526020015f2090508060020160109054906101000a900460ff168015610c6c57506002810154426001600160401b03909116115b15610d3b575f838381548110610c8457610c84613d6d565b5f918252602090912001546002830154835484916001600160401b0316908290610cad90613d81565b80601f0160208091040260200160405190810160405280929190818152602001828054610cd990613d81565b8015610d245780601f10610cfb57610100808354040283529160200191610d24565b820191905f5260205f20905b815481529060010190602001808311610d0757829003601f168201915b505050505091509650965096509650505050610d61565b50600101610bfc565b505060408051602081019091525f80825260019550935091508290505b9193509193565b5f5f5f5f5f5f600a5f610d7b8a8a611eac565b815260208101919091526040015f2080546001820154600283015460038401546004909401546001600160401b039384169d929c509083169a50929850911695509350505050565b600d60209081525f9283526040808420909152908252902080548190610de890613d81565b80601f0160208091040260200160405190810160405280929190818152602001828054610e1490613d81565b8015610e5f5780601f10610e3657610100808354040283529160200191610e5f565b820191905f5260205f20905b815481529060010190602001808311610e4257829003601f168201915b50505060018401546002909401549293926001600160401b038082169350600160401b820416915060ff600160801b8204811691600160881b81049091169063ffffffff600160901b9091041687565b335f9081526002602090815260408083205483526001909152902054600160a01b900460ff16610ef15760405162461bcd60e51b8152600401610aac90613d36565b5f8281526008602052604090206001810154610f455760405162461bcd60e51b81526020600482015260136024820152726d6574726f3a20756e6b6e6f776e207269646560681b6044820152606401610aac565b335f90815260026020526040902054815414610fa35760405162461bcd60e51b815260206004820152601f60248201527f6d6574726f3a206e6f74207468652072696465277320686f6d652063697479006044820152606401610aac565b6002810154600160c01b900460ff1615610ff55760405162461bcd60e51b81526020600482015260136024820152721b595d1c9bce88185b1c9958591e481c185a59606a1b6044820152606401610aac565b60028101805460ff60c01b1916600160c01b17905560405183907ff7429661201c2642de116df2109e08bc1bc6d524023163a7bf1a9ba413f1c9da9061103e9085815260200190565b60405180910390a2505050565b335f9081526002602090815260408083205483526001909152902054600160a01b900460ff1661108d5760405162461bcd60e51b8152600401610aac90613d36565b335f908152600260205260409020548281148015906110c157505f838152600160205260409020546001600160a01b031615155b61110d5760405162461bcd60e51b815260206004820152601b60248201527f6d6574726f3a20756e6b6e6f776e20636f756e746572706172747900000000006044820152606401610aac565b5f6111188285611eac565b5f818152600a60205260409020600481015491925090600160401b90046001600160401b03161561118b5760405162461bcd60e51b815260206004820152601e60248201527f6d6574726f3a206120736574746c656d656e742069732070656e64696e6700006044820152606401610aac565b60028101546001600160401b039081169085161180156111b9575080546001600160401b0390811690851611155b6112185760405162461bcd60e51b815260206004820152602a60248201527f6d6574726f3a206e6f7468696e6720746f20736574746c65207468726f7567686044820152692074686973207269646560b01b6064820152608401610aac565b60048101805467ffffffffffffffff60401b1916600160401b6001600160401b0387811691909102919091179091556005820184905560068201805467ffffffffffffffff1916439092169190911790555f8086851061127957868561127c565b84875b60028501549193509150819083907f8ad700de3aca6aa9cd0390459b2cfcb09b35e2196c6b3d4f1e0512b34400b34d906112c0906001600160401b03166001613dcd565b60038701545f898152600b602090815260408083206001600160401b038f1684529091529020548b916112f291613dec565b604080516001600160401b03948516815293909216602084015290820152606081018990526080015b60405180910390a350505050505050565b6003818154811061133b575f80fd5b5f91825260209091200154905081565b5f8381526001602090815260408083206005835281842063ffffffff8781168652935281842054928516845290832054909160ff90811691168115801590611395575060ff811615155b6113da5760405162461bcd60e51b815260206004820152601660248201527536b2ba39379d103ab735b737bbb71039ba30ba34b7b760511b6044820152606401610aac565b5f8160ff168360ff16116113f7576113f28383613e12565b611401565b6114018284613e12565b600185015460ff9190911691505f90611429908390640100000000900463ffffffff16613e2b565b600186015461143e919063ffffffff16613dcd565b6001860154909150600160401b900463ffffffff166001600160401b03821611611468578061147b565b6001850154600160401b900463ffffffff165b9998505050505050505050565b5f5f5f5f5f6114978787611eac565b5f818152600a60205260408120600481015492935091600160401b90046001600160401b031690036114d757505f945084935083925082915061153f9050565b60028101546114f0906001600160401b03166001613dcd565b600482015460038301545f858152600b60209081526040808320600160401b9095046001600160401b03168084529490915290205461152f9190613dec565b8360050154955095509550955050505b92959194509250565b335f9081526002602090815260408083205483526001909152902054600160a01b900460ff1661158a5760405162461bcd60e51b8152600401610aac90613d36565b846115cc5760405162461bcd60e51b815260206004820152601260248201527136b2ba39379d1032b6b83a3c903934b232b960711b6044820152606401610aac565b5f816001600160401b03161180156115f157506301e285006001600160401b03821611155b61163d5760405162461bcd60e51b815260206004820152601860248201527f6d6574726f3a20626164206d61726b206475726174696f6e00000000000000006044820152606401610aac565b821580159061164d575060408311155b61168d5760405162461bcd60e51b815260206004820152601160248201527036b2ba39379d103130b2103932b0b9b7b760791b6044820152606401610aac565b335f90815260026020818152604080842054898552600d83528185208186529092528320918201549092600160401b9091046001600160401b031690036116ef575f878152600e60209081526040822080546001810182559083529120018290555b806116fb868883613eac565b50600181018490556002810180546001600160401b0342908116600160401b0267ffffffffffffffff60401b199092169190911790915561173d908490613dcd565b600282018054600160801b6001600160401b039390931670ff0000000000000000ffffffffffffffff19909116179190911760ff60881b19169055611783878383613012565b6002810154604051839189917f8eb8d0b6a482fc021440e86928ba5ebe3f9d7c853a2e6df83d38b042f0c62cd59161131b918b918b918b916001600160401b031690613f65565b335f9081526002602090815260408083205483526001909152902054600160a01b900460ff1661180c5760405162461bcd60e51b8152600401610aac90613d36565b335f90815260026020818152604080842054858552600d835281852081865290925290922090810154600160801b900460ff166118965760405162461bcd60e51b815260206004820152602260248201527f6d6574726f3a206e6f20616374697665206d61726b2062792074686973206369604482015261747960f01b6064820152608401610aac565b60028101805460ff60801b191690556118b0838383613012565b81837f296dc5843582d182c9ad228c32c31da71bf5fcda4d65da541319761b2435a4b6846040516118e391815260200190565b60405180910390a3505050565b335f9081526002602090815260408083205483526001909152902054600160a01b900460ff166119325760405162461bcd60e51b8152600401610aac90613d36565b335f908152600260209081526040808320548584526001909252909120546001600160a01b03161561199b5760405162461bcd60e51b81526020600482015260126024820152716d6574726f3a20636974792065786973747360701b6044820152606401610aac565b5f8381526006602052604090208054600160c01b900460ff16156119f95760405162461bcd60e51b81526020600482015260156024820152746d6574726f3a2061646d697373696f6e20646f6e6560581b6044820152606401610aac565b80546001600160a01b0316611ab0576001600160a01b038316611a555760405162461bcd60e51b81526020600482015260146024820152731b595d1c9bce88195b5c1d1e481858d8dbdd5b9d60621b6044820152606401610aac565b80546001600160a01b0319166001600160a01b0384169081178255604080519182526020820184905285917f1fb822a890008bc6bdd6f0993c18666b58e94e13d20536aa40aba6a18a36085d910160405180910390a2611b25565b80546001600160a01b03848116911614611b255760405162461bcd60e51b815260206004820152603060248201527f6d6574726f3a20616e6f74686572206163636f756e742069732070726f706f7360448201526f656420666f722074686973206369747960801b6064820152608401610aac565b5f84815260076020908152604080832085845290915290205460ff1615611b855760405162461bcd60e51b81526020600482015260146024820152731b595d1c9bce88185b1c9958591e481d9bdd195960621b6044820152606401610aac565b5f8481526007602090815260408083208584529091529020805460ff19166001179055805463ffffffff600160a01b90910416816014611bc483613fac565b82546101009290920a63ffffffff81810219909316918316021790915560045483549082169250611bff91600160a01b909104166002613fd0565b63ffffffff161115611c2657805460ff60c01b1916600160c01b178155611c2684846130b2565b50505050565b5f546001600160a01b03163314611c855760405162461bcd60e51b815260206004820152601a60248201527f6d6574726f3a206f6e6c792074686520746178206275726561750000000000006044820152606401610aac565b6001600160a01b03821615801590611c9c57508015155b611ce05760405162461bcd60e51b815260206004820152601560248201527436b2ba39379d1032b6b83a3c9032b6b83637bcb2b960591b6044820152606401610aac565b6001600160a01b0382165f8181526012602052604090819020839055517f81cbf01df9bea1351af7906ef72fea9439dc05a989b00a1d0d4c79c38baa775990611d2c9084815260200190565b60405180910390a25050565b335f90815260126020526040902054611d935760405162461bcd60e51b815260206004820181905260248201527f6d6574726f3a206e6f742061207265676973746572656420656d706c6f7965726044820152606401610aac565b5f8181526010602052604090208054611de75760405162461bcd60e51b81526020600482015260166024820152756d6574726f3a20756e6b6e6f776e20696e766f69636560501b6044820152606401610aac565b60038101546001600160a01b031615611e425760405162461bcd60e51b815260206004820152601960248201527f6d6574726f3a20616c7265616479207265696d627572736564000000000000006044820152606401610aac565b6003810180546001600160e01b0319163367ffffffffffffffff60a01b19811691909117600160a01b436001600160401b0316021790915560405190815282907f7e4731859cdf06ecabfbc23b9e2984ce5da1888868d218d2e3f250268b196f8290602001611d2c565b5f818310611ee357604080516020810184905290810184905260600160405160208183030381529060405280519060200120611f0e565b6040805160208101859052908101839052606001604051602081830303815290604052805190602001205b90505b92915050565b335f9081526002602090815260408083205483526001909152902054600160a01b900460ff16611f595760405162461bcd60e51b8152600401610aac90613d36565b82611fa65760405162461bcd60e51b815260206004820152601b60248201527f6d6574726f3a20656d70747920696e766f696365206e756d62657200000000006044820152606401610aac565b80611ff35760405162461bcd60e51b815260206004820152601b60248201527f6d6574726f3a20656d70747920696e766f6963652064696765737400000000006044820152606401610aac565b5f838152601060205260409020541561204e5760405162461bcd60e51b815260206004820152601a60248201527f6d6574726f3a20696e766f696365206e756d62657220757365640000000000006044820152606401610aac565b5f82815260086020526040902060018101546120a25760405162461bcd60e51b81526020600482015260136024820152726d6574726f3a20756e6b6e6f776e207269646560681b6044820152606401610aac565b335f908152600260205260409020546001820154146121185760405162461bcd60e51b815260206004820152602c60248201527f6d6574726f3a206f6e6c7920746865207269646520636974792069737375657360448201526b2069747320696e766f69636560a01b6064820152608401610aac565b6002810154600160c01b900460ff166121735760405162461bcd60e51b815260206004820152601b60248201527f6d6574726f3a207468652072696465206973206e6f74207061696400000000006044820152606401610aac565b6003810154156121d45760405162461bcd60e51b815260206004820152602660248201527f6d6574726f3a20746865207269646520616c72656164792068617320616e20696044820152656e766f69636560d01b6064820152608401610aac565b8381600301819055506040518060e0016040528084815260200182600101548152602001826002015f9054906101000a90046001600160401b03166001600160401b03168152602001436001600160401b031681526020015f6001600160a01b031681526020015f6001600160401b031681526020018381525060105f8681526020019081526020015f205f820151815f0155602082015181600101556040820151816002015f6101000a8154816001600160401b0302191690836001600160401b0316021790555060608201518160020160086101000a8154816001600160401b0302191690836001600160401b031602179055506080820151816003015f6101000a8154816001600160a01b0302191690836001600160a01b0316021790555060a08201518160030160146101000a8154816001600160401b0302191690836001600160401b0316021790555060c0820151816004015590505060115f81819054906101000a90046001600160401b03168092919061235490613fef565b82546101009290920a6001600160401b03818102199093169183160217909155600183015460028401546040805191909316815260208101869052909250859187917fe1e5efd01052848375697a92cb2b3a8589c3f8b27f44aa1b7caca6c71312cf54910160405180910390a450505050565b335f9081526002602090815260408083205483526001909152902054600160a01b900460ff166124095760405162461bcd60e51b8152600401610aac90613d36565b335f90815260026020526040812054906124238284611eac565b5f818152600a60205260409020600481015491925090600160401b90046001600160401b03161580159061245a5750838160050154145b6124ba5760405162461bcd60e51b815260206004820152602b60248201527f6d6574726f3a206e6f2070656e64696e6720736574746c656d656e742066726f60448201526a6d2074686174206369747960a81b6064820152608401610aac565b5f5f8585106124ca5785856124cd565b84865b600485015460408051600160401b9092046001600160401b0316825260208201899052929450909250829184917ff4ce670baefa416f6958376c5e05065be440e363ccad2c8eb82d563bfcadfdee910160405180910390a3505060048101805467ffffffffffffffff60401b191690555f6005820155600601805467ffffffffffffffff19169055505050565b335f9081526002602090815260408083205483526001909152902054600160a01b900460ff1661259c5760405162461bcd60e51b8152600401610aac90613d36565b6125a7838383613464565b505050565b335f9081526002602090815260408083205483526001909152902054600160a01b900460ff166125ee5760405162461bcd60e51b8152600401610aac90613d36565b335f90815260026020818152604080842054868552600d835281852086865290925290922090810154600160801b900460ff16801561263b57506002810154426001600160401b03909116115b61267f5760405162461bcd60e51b81526020600482015260156024820152746d6574726f3a206e6f20616374697665206d61726b60581b6044820152606401610aac565b6002810154600160881b900460ff166126da5760405162461bcd60e51b815260206004820152601f60248201527f6d6574726f3a20746865206d61726b206973206e6f742061707065616c6564006044820152606401610aac565b5f848152600f60209081526040808320868452825280832085845290915290205460ff16156127425760405162461bcd60e51b81526020600482015260146024820152731b595d1c9bce88185b1c9958591e481d9bdd195960621b6044820152606401610aac565b5f848152600f6020908152604080832086845282528083208584529091529020805460ff1916600117905560028101805463ffffffff600160901b9091041690601261278d83613fac565b82546101009290920a63ffffffff81810219909316918316021790915560045460028481015491831693506127cd92600160901b90920490911690613fd0565b63ffffffff161115611c265760028101805460ff60801b191690556127f3848483613012565b6040515f8152839085907f296dc5843582d182c9ad228c32c31da71bf5fcda4d65da541319761b2435a4b69060200160405180910390a350505050565b335f9081526002602090815260408083205483526001909152902054600160a01b900460ff166128725760405162461bcd60e51b8152600401610aac90613d36565b5f828152600d6020908152604080832084845290915290206002810154600160801b900460ff1680156128b357506002810154426001600160401b03909116115b6128f75760405162461bcd60e51b81526020600482015260156024820152746d6574726f3a206e6f20616374697665206d61726b60581b6044820152606401610aac565b6002818101805460ff60881b1916600160881b179055335f9081526020918252604090819020549051908152839185917f2a810a607d93534d26b77311a1a00d0119cee98876feaf111bfcb5a2b9d3916c91016118e3565b335f9081526002602090815260408083205483526001909152902054600160a01b900460ff166129915760405162461bcd60e51b8152600401610aac90613d36565b82811480156129a257506101008311155b6129e45760405162461bcd60e51b81526020600482015260136024820152726d6574726f3a206261642073746174696f6e7360681b6044820152606401610aac565b335f908152600260209081526040808320548084526001909252822090915b85811015612b93575f858583818110612a1e57612a1e613d6d565b9050602002016020810190612a339190614010565b60ff1611612a735760405162461bcd60e51b815260206004820152600d60248201526c06d6574726f3a207a6f6e65203609c1b6044820152606401610aac565b5f83815260056020526040812090888884818110612a9357612a93613d6d565b9050602002016020810190612aa89190614037565b63ffffffff16815260208101919091526040015f9081205460ff169003612b0857600182018054600160601b900463ffffffff1690600c612ae883613fac565b91906101000a81548163ffffffff021916908363ffffffff160217905550505b848482818110612b1a57612b1a613d6d565b9050602002016020810190612b2f9190614010565b5f84815260056020526040812090898985818110612b4f57612b4f613d6d565b9050602002016020810190612b649190614037565b63ffffffff16815260208101919091526040015f20805460ff191660ff92909216919091179055600101612a03565b50505050505050565b335f9081526002602090815260408083205483526001909152902054600160a01b900460ff16612bde5760405162461bcd60e51b8152600401610aac90613d36565b335f9081526002602052604081205490612bf88286611eac565b5f818152600a60205260408120600481015492935091600160401b90046001600160401b03169003612c6c5760405162461bcd60e51b815260206004820152601c60248201527f6d6574726f3a206e6f2070656e64696e6720736574746c656d656e74000000006044820152606401610aac565b85816005015414612ccd5760405162461bcd60e51b815260206004820152602560248201527f6d6574726f3a206f6e6c792074686520636f756e746572706172747920636f6e6044820152646669726d7360d81b6064820152608401610aac565b60048101546001600160401b03868116600160401b9092041614612d4c5760405162461bcd60e51b815260206004820152603060248201527f6d6574726f3a207468652070656e64696e6720736574746c656d656e7420636f60448201526f76657273206f7468657220726964657360801b6064820152608401610aac565b60038101545f838152600b602090815260408083206001600160401b038a1684529091528120549091612d7e91613dec565b9050848114612dcf5760405162461bcd60e51b815260206004820152601960248201527f6d6574726f3a2074686520616d6f756e742064696666657273000000000000006044820152606401610aac565b5f5f888610612ddf578886612de2565b85895b6004860180549294509092506001600160401b03909116905f612e0483613fef565b82546001600160401b0391821661010093840a9081029083021990911617909255604080519182018152858252602082018590526002880154919350830191612e4f91166001613dcd565b6001600160401b0390811682528a8116602080840191909152604080840188905260608085018f905260068a0154841660808087019190915243851660a0968701525f8c8152600c85528381206004808e018054891684529187529185902089518155958901516001808801919091559489015160028088018054968c0151928a166fffffffffffffffffffffffffffffffff1997881617600160401b938b168402179055938a01516003880155978901519186019190915560c08801516005909501805460e090990151958716989093169790971793851690950292909217909155925491870154849386937f17b77cc71bc2cef90945439ccefc275d74a56dd9b423281c4cc15d761493dafe9390811692612f6e92911690613dcd565b604080516001600160401b0393841681529183166020830152918d16818301526060810188905290519081900360800190a35050506002810180546001600160401b0390961667ffffffffffffffff1996871681179091555f928352600b60209081526040808520928552919052822054600382015560048101805467ffffffffffffffff60401b1916905560058101919091556006018054909316909255505050565b6002810154600160901b900463ffffffff165f0361302f57505050565b5f5b60035481101561309c575f848152600f602090815260408083208684529091528120600380548391908590811061306a5761306a613d6d565b5f9182526020808320919091015483528201929092526040019020805460ff1916911515919091179055600101613031565b50600201805463ffffffff60901b191690555050565b81158015906130c957506001600160a01b03811615155b61311f5760405162461bcd60e51b815260206004820152602160248201527f6d6574726f3a20656d707479206369747920636f6465206f72206163636f756e6044820152601d60fa1b6064820152608401610aac565b5f828152600160205260409020546001600160a01b0316156131785760405162461bcd60e51b81526020600482015260126024820152716d6574726f3a20636974792065786973747360701b6044820152606401610aac565b6001600160a01b0381165f90815260026020526040902054156131e95760405162461bcd60e51b8152602060048201526024808201527f6d6574726f3a206163636f756e7420616c7265616479207365727665732061206044820152636369747960e01b6064820152608401610aac565b5f546001600160a01b03908116908216036132555760405162461bcd60e51b815260206004820152602660248201527f6d6574726f3a2074686520746178206275726561752063616e6e6f742062652060448201526561206369747960d01b6064820152608401610aac565b6003546040116132a05760405162461bcd60e51b81526020600482015260166024820152756d6574726f3a20746f6f206d616e792063697469657360501b6044820152606401610aac565b6040805160e0810182526001600160a01b03808416808352600160208085018281526001600160401b0343811687890190815260c860608901908152606460808a019081526105dc60a08b019081525f60c08c018181528f82528989528d82209c518d5498519651909716600160a81b0267ffffffffffffffff60a81b19961515600160a01b026001600160a81b031990991697909c1696909617969096179390931698909817895551978501805497519151925163ffffffff908116600160601b0263ffffffff60601b19948216600160401b029490941667ffffffffffffffff60401b199382166401000000000267ffffffffffffffff19909a169a82169a909a1798909817919091169790971717909555918452600290915292822085905560038054938401815582527fc2575a0e9e593c00f959f8c92f12db2869c3395a3b0502d05e2516446f71f85b90920184905560048054909216919061340683613fac565b91906101000a81548163ffffffff021916908363ffffffff16021790555050817f3d42b3102395d309360b1ac2253df6fce55539ef7696bac9f30b185827d7508d82604051611d2c91906001600160a01b0391909116815260200190565b335f90815260026020526040902054836134b75760405162461bcd60e51b81526020600482015260146024820152731b595d1c9bce88195b5c1d1e481c9a5919481a5960621b6044820152606401610aac565b5f848152600860205260409020600101541561350a5760405162461bcd60e51b81526020600482015260126024820152716d6574726f3a20726964652065786973747360701b6044820152606401610aac565b8083036135595760405162461bcd60e51b815260206004820152601c60248201527f6d6574726f3a206e6f7420612063726f73732d636974792072696465000000006044820152606401610aac565b5f83815260016020526040902054600160a01b900460ff166135bd5760405162461bcd60e51b815260206004820152601860248201527f6d6574726f3a20756e6b6e6f776e20686f6d65206369747900000000000000006044820152606401610aac565b5f8181526001602081905260409091209081015463ffffffff166001600160401b0384161080159061360957506001810154600160401b900463ffffffff166001600160401b03841611155b6136615760405162461bcd60e51b8152602060048201526024808201527f6d6574726f3a2066617265206f75747369646520746865206369747927732072604482015263756c657360e01b6064820152608401610aac565b5f61366c8584611eac565b5f818152600a602052604081208054929350916001600160401b031690829061369483613fef565b91906101000a8154816001600160401b0302191690836001600160401b0316021790555050838610156136e857846001600160401b0316816001015f8282546136dd9190614050565b9091555061370a9050565b846001600160401b0316816001015f8282546137049190613dec565b90915550505b8060010154600b5f8481526020019081526020015f205f835f015f9054906101000a90046001600160401b03166001600160401b03166001600160401b031681526020019081526020015f20819055506040518060e00160405280878152602001858152602001866001600160401b03168152602001825f015f9054906101000a90046001600160401b03166001600160401b03168152602001436001600160401b031681526020015f151581526020015f5f1b81525060085f8981526020019081526020015f205f820151815f0155602082015181600101556040820151816002015f6101000a8154816001600160401b0302191690836001600160401b0316021790555060608201518160020160086101000a8154816001600160401b0302191690836001600160401b0316021790555060808201518160020160106101000a8154816001600160401b0302191690836001600160401b0316021790555060a08201518160020160186101000a81548160ff02191690831515021790555060c0820151816003015590505060095f81819054906101000a90046001600160401b0316809291906138bb90613fef565b82546101009290920a6001600160401b03818102199093169183160217909155825460408051898416815291909216602082015286925088918a917f40aa967d2d92140eb57d29202f58de393824e841bf88f480088e8d362020ef31910160405180910390a450505050505050565b803563ffffffff8116811461393d575f5ffd5b919050565b5f5f5f60608486031215613954575f5ffd5b61395d8461392a565b925061396b6020850161392a565b91506139796040850161392a565b90509250925092565b5f60208284031215613992575f5ffd5b5035919050565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b8415158152836020820152608060408201525f6139e76080830185613999565b90506001600160401b038316606083015295945050505050565b5f5f60408385031215613a12575f5ffd5b50508035926020909101359150565b60e081525f613a3360e083018a613999565b6020830198909852506001600160401b0395861660408201529390941660608401529015156080830152151560a082015263ffffffff90911660c090910152919050565b80356001600160401b038116811461393d575f5ffd5b5f5f60408385031215613a9e575f5ffd5b82359150613aae60208401613a77565b90509250929050565b5f5f5f60608486031215613ac9575f5ffd5b8335925061396b6020850161392a565b80356001600160a01b038116811461393d575f5ffd5b5f60208284031215613aff575f5ffd5b611f0e82613ad9565b5f5f5f5f5f60808688031215613b1c575f5ffd5b8535945060208601356001600160401b03811115613b38575f5ffd5b8601601f81018813613b48575f5ffd5b80356001600160401b03811115613b5d575f5ffd5b886020828401011115613b6e575f5ffd5b6020919091019450925060408601359150613b8b60608701613a77565b90509295509295909350565b5f5f60408385031215613ba8575f5ffd5b82359150613aae60208401613ad9565b5f5f5f60608486031215613bca575f5ffd5b505081359360208301359350604090920135919050565b5f5f60408385031215613bf2575f5ffd5b613bfb83613ad9565b946020939093013593505050565b5f5f5f60608486031215613c1b575f5ffd5b833592506020840135915061397960408501613a77565b5f5f60408385031215613c43575f5ffd5b82359150613aae6020840161392a565b5f5f83601f840112613c63575f5ffd5b5081356001600160401b03811115613c79575f5ffd5b6020830191508360208260051b8501011115613c93575f5ffd5b9250929050565b5f5f5f5f60408587031215613cad575f5ffd5b84356001600160401b03811115613cc2575f5ffd5b613cce87828801613c53565b90955093505060208501356001600160401b03811115613cec575f5ffd5b613cf887828801613c53565b95989497509550505050565b5f5f5f60608486031215613d16575f5ffd5b83359250613d2660208501613a77565b9150604084013590509250925092565b60208082526019908201527f6d6574726f3a206e6f7420616e20616374697665206369747900000000000000604082015260600190565b634e487b7160e01b5f52603260045260245ffd5b600181811c90821680613d9557607f821691505b602082108103613db357634e487b7160e01b5f52602260045260245ffd5b50919050565b634e487b7160e01b5f52601160045260245ffd5b6001600160401b038181168382160190811115611f1157611f11613db9565b8181035f831280158383131683831282161715613e0b57613e0b613db9565b5092915050565b60ff8281168282160390811115611f1157611f11613db9565b6001600160401b038181168382160290811690818114613e0b57613e0b613db9565b634e487b7160e01b5f52604160045260245ffd5b601f8211156125a757805f5260205f20601f840160051c81016020851015613e865750805b601f840160051c820191505b81811015613ea5575f8155600101613e92565b5050505050565b6001600160401b03831115613ec357613ec3613e4d565b613ed783613ed18354613d81565b83613e61565b5f601f841160018114613f08575f8515613ef15750838201355b5f19600387901b1c1916600186901b178355613ea5565b5f83815260208120601f198716915b82811015613f375786850135825560209485019460019092019101613f17565b5086821015613f53575f1960f88860031b161c19848701351681555b505060018560011b0183555050505050565b60608152836060820152838560808301375f608085830101525f6080601f19601f87011683010190508360208301526001600160401b038316604083015295945050505050565b5f63ffffffff821663ffffffff8103613fc757613fc7613db9565b60010192915050565b63ffffffff8181168382160290811690818114613e0b57613e0b613db9565b5f6001600160401b0382166001600160401b038103613fc757613fc7613db9565b5f60208284031215614020575f5ffd5b813560ff81168114614030575f5ffd5b9392505050565b5f60208284031215614047575f5ffd5b611f0e8261392a565b8082018281125f83128015821682158216171561406f5761406f613db9565b50509291505056fea2646970667358221220ea3140d8a62816f58fc2af24ac28a552b6eda9c4fe47a60faea1a78a86fffdf964736f6c634300081c0033",
}

// Metro is an auto generated Go binding around an Ethereum contract.
type Metro struct {
	abi abi.ABI
}

// NewMetro creates a new instance of Metro.
func NewMetro() *Metro {
	parsed, err := MetroMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &Metro{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *Metro) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(bytes32[] codes, address[] accounts, address bureau) returns()
func (metro *Metro) PackConstructor(codes [][32]byte, accounts []common.Address, bureau common.Address) []byte {
	enc, err := metro.abi.Pack("", codes, accounts, bureau)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackMAXCITIES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa2741bdb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_CITIES() view returns(uint32)
func (metro *Metro) PackMAXCITIES() []byte {
	enc, err := metro.abi.Pack("MAX_CITIES")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXCITIES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa2741bdb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_CITIES() view returns(uint32)
func (metro *Metro) TryPackMAXCITIES() ([]byte, error) {
	return metro.abi.Pack("MAX_CITIES")
}

// UnpackMAXCITIES is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa2741bdb.
//
// Solidity: function MAX_CITIES() view returns(uint32)
func (metro *Metro) UnpackMAXCITIES(data []byte) (uint32, error) {
	out, err := metro.abi.Unpack("MAX_CITIES", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackMAXMARKSECONDS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf863d00e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_MARK_SECONDS() view returns(uint64)
func (metro *Metro) PackMAXMARKSECONDS() []byte {
	enc, err := metro.abi.Pack("MAX_MARK_SECONDS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXMARKSECONDS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf863d00e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_MARK_SECONDS() view returns(uint64)
func (metro *Metro) TryPackMAXMARKSECONDS() ([]byte, error) {
	return metro.abi.Pack("MAX_MARK_SECONDS")
}

// UnpackMAXMARKSECONDS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf863d00e.
//
// Solidity: function MAX_MARK_SECONDS() view returns(uint64)
func (metro *Metro) UnpackMAXMARKSECONDS(data []byte) (uint64, error) {
	out, err := metro.abi.Unpack("MAX_MARK_SECONDS", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackMAXREASONBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3cefc404.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_REASON_BYTES() view returns(uint256)
func (metro *Metro) PackMAXREASONBYTES() []byte {
	enc, err := metro.abi.Pack("MAX_REASON_BYTES")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXREASONBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3cefc404.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_REASON_BYTES() view returns(uint256)
func (metro *Metro) TryPackMAXREASONBYTES() ([]byte, error) {
	return metro.abi.Pack("MAX_REASON_BYTES")
}

// UnpackMAXREASONBYTES is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x3cefc404.
//
// Solidity: function MAX_REASON_BYTES() view returns(uint256)
func (metro *Metro) UnpackMAXREASONBYTES(data []byte) (*big.Int, error) {
	out, err := metro.abi.Unpack("MAX_REASON_BYTES", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXSTATIONSPERCALL is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1170412f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_STATIONS_PER_CALL() view returns(uint32)
func (metro *Metro) PackMAXSTATIONSPERCALL() []byte {
	enc, err := metro.abi.Pack("MAX_STATIONS_PER_CALL")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXSTATIONSPERCALL is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1170412f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_STATIONS_PER_CALL() view returns(uint32)
func (metro *Metro) TryPackMAXSTATIONSPERCALL() ([]byte, error) {
	return metro.abi.Pack("MAX_STATIONS_PER_CALL")
}

// UnpackMAXSTATIONSPERCALL is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x1170412f.
//
// Solidity: function MAX_STATIONS_PER_CALL() view returns(uint32)
func (metro *Metro) UnpackMAXSTATIONSPERCALL(data []byte) (uint32, error) {
	out, err := metro.abi.Unpack("MAX_STATIONS_PER_CALL", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackActiveCities is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xef4993d5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function activeCities() view returns(uint32)
func (metro *Metro) PackActiveCities() []byte {
	enc, err := metro.abi.Pack("activeCities")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackActiveCities is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xef4993d5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function activeCities() view returns(uint32)
func (metro *Metro) TryPackActiveCities() ([]byte, error) {
	return metro.abi.Pack("activeCities")
}

// UnpackActiveCities is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xef4993d5.
//
// Solidity: function activeCities() view returns(uint32)
func (metro *Metro) UnpackActiveCities(data []byte) (uint32, error) {
	out, err := metro.abi.Unpack("activeCities", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackAdmissionVoted is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb8b54ded.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function admissionVoted(bytes32 , bytes32 ) view returns(bool)
func (metro *Metro) PackAdmissionVoted(arg0 [32]byte, arg1 [32]byte) []byte {
	enc, err := metro.abi.Pack("admissionVoted", arg0, arg1)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAdmissionVoted is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb8b54ded.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function admissionVoted(bytes32 , bytes32 ) view returns(bool)
func (metro *Metro) TryPackAdmissionVoted(arg0 [32]byte, arg1 [32]byte) ([]byte, error) {
	return metro.abi.Pack("admissionVoted", arg0, arg1)
}

// UnpackAdmissionVoted is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb8b54ded.
//
// Solidity: function admissionVoted(bytes32 , bytes32 ) view returns(bool)
func (metro *Metro) UnpackAdmissionVoted(data []byte) (bool, error) {
	out, err := metro.abi.Unpack("admissionVoted", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackAdmissions is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3eb5e251.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function admissions(bytes32 ) view returns(address account, uint32 approvals, bool done)
func (metro *Metro) PackAdmissions(arg0 [32]byte) []byte {
	enc, err := metro.abi.Pack("admissions", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAdmissions is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3eb5e251.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function admissions(bytes32 ) view returns(address account, uint32 approvals, bool done)
func (metro *Metro) TryPackAdmissions(arg0 [32]byte) ([]byte, error) {
	return metro.abi.Pack("admissions", arg0)
}

// AdmissionsOutput serves as a container for the return parameters of contract
// method Admissions.
type AdmissionsOutput struct {
	Account   common.Address
	Approvals uint32
	Done      bool
}

// UnpackAdmissions is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x3eb5e251.
//
// Solidity: function admissions(bytes32 ) view returns(address account, uint32 approvals, bool done)
func (metro *Metro) UnpackAdmissions(data []byte) (AdmissionsOutput, error) {
	out, err := metro.abi.Unpack("admissions", data)
	outstruct := new(AdmissionsOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Account = *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	outstruct.Approvals = *abi.ConvertType(out[1], new(uint32)).(*uint32)
	outstruct.Done = *abi.ConvertType(out[2], new(bool)).(*bool)
	return *outstruct, nil
}

// PackAppealMark is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xda73112a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function appealMark(bytes32 rider, bytes32 markingCity) returns()
func (metro *Metro) PackAppealMark(rider [32]byte, markingCity [32]byte) []byte {
	enc, err := metro.abi.Pack("appealMark", rider, markingCity)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAppealMark is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xda73112a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function appealMark(bytes32 rider, bytes32 markingCity) returns()
func (metro *Metro) TryPackAppealMark(rider [32]byte, markingCity [32]byte) ([]byte, error) {
	return metro.abi.Pack("appealMark", rider, markingCity)
}

// PackApproveCity is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x74308da1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function approveCity(bytes32 code, address account) returns()
func (metro *Metro) PackApproveCity(code [32]byte, account common.Address) []byte {
	enc, err := metro.abi.Pack("approveCity", code, account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackApproveCity is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x74308da1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function approveCity(bytes32 code, address account) returns()
func (metro *Metro) TryPackApproveCity(code [32]byte, account common.Address) ([]byte, error) {
	return metro.abi.Pack("approveCity", code, account)
}

// PackCities is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8f19cdd1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function cities(bytes32 ) view returns(address account, bool active, uint64 joinedAt, uint32 baseFare, uint32 perZone, uint32 maxFare, uint32 stations)
func (metro *Metro) PackCities(arg0 [32]byte) []byte {
	enc, err := metro.abi.Pack("cities", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCities is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8f19cdd1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function cities(bytes32 ) view returns(address account, bool active, uint64 joinedAt, uint32 baseFare, uint32 perZone, uint32 maxFare, uint32 stations)
func (metro *Metro) TryPackCities(arg0 [32]byte) ([]byte, error) {
	return metro.abi.Pack("cities", arg0)
}

// CitiesOutput serves as a container for the return parameters of contract
// method Cities.
type CitiesOutput struct {
	Account  common.Address
	Active   bool
	JoinedAt uint64
	BaseFare uint32
	PerZone  uint32
	MaxFare  uint32
	Stations uint32
}

// UnpackCities is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8f19cdd1.
//
// Solidity: function cities(bytes32 ) view returns(address account, bool active, uint64 joinedAt, uint32 baseFare, uint32 perZone, uint32 maxFare, uint32 stations)
func (metro *Metro) UnpackCities(data []byte) (CitiesOutput, error) {
	out, err := metro.abi.Unpack("cities", data)
	outstruct := new(CitiesOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Account = *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	outstruct.Active = *abi.ConvertType(out[1], new(bool)).(*bool)
	outstruct.JoinedAt = *abi.ConvertType(out[2], new(uint64)).(*uint64)
	outstruct.BaseFare = *abi.ConvertType(out[3], new(uint32)).(*uint32)
	outstruct.PerZone = *abi.ConvertType(out[4], new(uint32)).(*uint32)
	outstruct.MaxFare = *abi.ConvertType(out[5], new(uint32)).(*uint32)
	outstruct.Stations = *abi.ConvertType(out[6], new(uint32)).(*uint32)
	return *outstruct, nil
}

// PackCityCodes is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x334b6f72.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function cityCodes(uint256 ) view returns(bytes32)
func (metro *Metro) PackCityCodes(arg0 *big.Int) []byte {
	enc, err := metro.abi.Pack("cityCodes", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCityCodes is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x334b6f72.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function cityCodes(uint256 ) view returns(bytes32)
func (metro *Metro) TryPackCityCodes(arg0 *big.Int) ([]byte, error) {
	return metro.abi.Pack("cityCodes", arg0)
}

// UnpackCityCodes is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x334b6f72.
//
// Solidity: function cityCodes(uint256 ) view returns(bytes32)
func (metro *Metro) UnpackCityCodes(data []byte) ([32]byte, error) {
	out, err := metro.abi.Unpack("cityCodes", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackCityCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5cda2c5e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function cityCount() view returns(uint256)
func (metro *Metro) PackCityCount() []byte {
	enc, err := metro.abi.Pack("cityCount")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCityCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5cda2c5e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function cityCount() view returns(uint256)
func (metro *Metro) TryPackCityCount() ([]byte, error) {
	return metro.abi.Pack("cityCount")
}

// UnpackCityCount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5cda2c5e.
//
// Solidity: function cityCount() view returns(uint256)
func (metro *Metro) UnpackCityCount(data []byte) (*big.Int, error) {
	out, err := metro.abi.Unpack("cityCount", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackCityOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd7ba192c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function cityOf(address ) view returns(bytes32)
func (metro *Metro) PackCityOf(arg0 common.Address) []byte {
	enc, err := metro.abi.Pack("cityOf", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCityOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd7ba192c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function cityOf(address ) view returns(bytes32)
func (metro *Metro) TryPackCityOf(arg0 common.Address) ([]byte, error) {
	return metro.abi.Pack("cityOf", arg0)
}

// UnpackCityOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd7ba192c.
//
// Solidity: function cityOf(address ) view returns(bytes32)
func (metro *Metro) UnpackCityOf(data []byte) ([32]byte, error) {
	out, err := metro.abi.Unpack("cityOf", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackConfirmPayment is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2855fa4a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function confirmPayment(bytes32 id, bytes32 paymentRef) returns()
func (metro *Metro) PackConfirmPayment(id [32]byte, paymentRef [32]byte) []byte {
	enc, err := metro.abi.Pack("confirmPayment", id, paymentRef)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackConfirmPayment is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2855fa4a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function confirmPayment(bytes32 id, bytes32 paymentRef) returns()
func (metro *Metro) TryPackConfirmPayment(id [32]byte, paymentRef [32]byte) ([]byte, error) {
	return metro.abi.Pack("confirmPayment", id, paymentRef)
}

// PackConfirmSettlement is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe9cd8a09.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function confirmSettlement(bytes32 other, uint64 throughSeq, int256 amount) returns()
func (metro *Metro) PackConfirmSettlement(other [32]byte, throughSeq uint64, amount *big.Int) []byte {
	enc, err := metro.abi.Pack("confirmSettlement", other, throughSeq, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackConfirmSettlement is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe9cd8a09.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function confirmSettlement(bytes32 other, uint64 throughSeq, int256 amount) returns()
func (metro *Metro) TryPackConfirmSettlement(other [32]byte, throughSeq uint64, amount *big.Int) ([]byte, error) {
	return metro.abi.Pack("confirmSettlement", other, throughSeq, amount)
}

// PackEmployerName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x56a33260.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function employerName(address ) view returns(bytes32)
func (metro *Metro) PackEmployerName(arg0 common.Address) []byte {
	enc, err := metro.abi.Pack("employerName", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEmployerName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x56a33260.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function employerName(address ) view returns(bytes32)
func (metro *Metro) TryPackEmployerName(arg0 common.Address) ([]byte, error) {
	return metro.abi.Pack("employerName", arg0)
}

// UnpackEmployerName is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x56a33260.
//
// Solidity: function employerName(address ) view returns(bytes32)
func (metro *Metro) UnpackEmployerName(data []byte) ([32]byte, error) {
	out, err := metro.abi.Unpack("employerName", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackFareOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x43ac7f1b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function fareOf(bytes32 city, uint32 entry, uint32 exit) view returns(uint64)
func (metro *Metro) PackFareOf(city [32]byte, entry uint32, exit uint32) []byte {
	enc, err := metro.abi.Pack("fareOf", city, entry, exit)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackFareOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x43ac7f1b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function fareOf(bytes32 city, uint32 entry, uint32 exit) view returns(uint64)
func (metro *Metro) TryPackFareOf(city [32]byte, entry uint32, exit uint32) ([]byte, error) {
	return metro.abi.Pack("fareOf", city, entry, exit)
}

// UnpackFareOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x43ac7f1b.
//
// Solidity: function fareOf(bytes32 city, uint32 entry, uint32 exit) view returns(uint64)
func (metro *Metro) UnpackFareOf(data []byte) (uint64, error) {
	out, err := metro.abi.Unpack("fareOf", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackInvoiceCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1346f0c4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function invoiceCount() view returns(uint64)
func (metro *Metro) PackInvoiceCount() []byte {
	enc, err := metro.abi.Pack("invoiceCount")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackInvoiceCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1346f0c4.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function invoiceCount() view returns(uint64)
func (metro *Metro) TryPackInvoiceCount() ([]byte, error) {
	return metro.abi.Pack("invoiceCount")
}

// UnpackInvoiceCount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x1346f0c4.
//
// Solidity: function invoiceCount() view returns(uint64)
func (metro *Metro) UnpackInvoiceCount(data []byte) (uint64, error) {
	out, err := metro.abi.Unpack("invoiceCount", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackInvoices is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf8a8a076.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function invoices(bytes32 ) view returns(bytes32 ride, bytes32 issuer, uint64 amount, uint64 issuedAt, address reimbursedBy, uint64 reimbursedAt, bytes32 digest)
func (metro *Metro) PackInvoices(arg0 [32]byte) []byte {
	enc, err := metro.abi.Pack("invoices", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackInvoices is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf8a8a076.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function invoices(bytes32 ) view returns(bytes32 ride, bytes32 issuer, uint64 amount, uint64 issuedAt, address reimbursedBy, uint64 reimbursedAt, bytes32 digest)
func (metro *Metro) TryPackInvoices(arg0 [32]byte) ([]byte, error) {
	return metro.abi.Pack("invoices", arg0)
}

// InvoicesOutput serves as a container for the return parameters of contract
// method Invoices.
type InvoicesOutput struct {
	Ride         [32]byte
	Issuer       [32]byte
	Amount       uint64
	IssuedAt     uint64
	ReimbursedBy common.Address
	ReimbursedAt uint64
	Digest       [32]byte
}

// UnpackInvoices is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf8a8a076.
//
// Solidity: function invoices(bytes32 ) view returns(bytes32 ride, bytes32 issuer, uint64 amount, uint64 issuedAt, address reimbursedBy, uint64 reimbursedAt, bytes32 digest)
func (metro *Metro) UnpackInvoices(data []byte) (InvoicesOutput, error) {
	out, err := metro.abi.Unpack("invoices", data)
	outstruct := new(InvoicesOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Ride = *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	outstruct.Issuer = *abi.ConvertType(out[1], new([32]byte)).(*[32]byte)
	outstruct.Amount = *abi.ConvertType(out[2], new(uint64)).(*uint64)
	outstruct.IssuedAt = *abi.ConvertType(out[3], new(uint64)).(*uint64)
	outstruct.ReimbursedBy = *abi.ConvertType(out[4], new(common.Address)).(*common.Address)
	outstruct.ReimbursedAt = *abi.ConvertType(out[5], new(uint64)).(*uint64)
	outstruct.Digest = *abi.ConvertType(out[6], new([32]byte)).(*[32]byte)
	return *outstruct, nil
}

// PackIssueInvoice is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9d8b918d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function issueInvoice(bytes32 number, bytes32 ride, bytes32 digest) returns()
func (metro *Metro) PackIssueInvoice(number [32]byte, ride [32]byte, digest [32]byte) []byte {
	enc, err := metro.abi.Pack("issueInvoice", number, ride, digest)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIssueInvoice is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9d8b918d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function issueInvoice(bytes32 number, bytes32 ride, bytes32 digest) returns()
func (metro *Metro) TryPackIssueInvoice(number [32]byte, ride [32]byte, digest [32]byte) ([]byte, error) {
	return metro.abi.Pack("issueInvoice", number, ride, digest)
}

// PackMarkRider is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6cd7761a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function markRider(bytes32 rider, string reason, bytes32 evidence, uint64 ttl) returns()
func (metro *Metro) PackMarkRider(rider [32]byte, reason string, evidence [32]byte, ttl uint64) []byte {
	enc, err := metro.abi.Pack("markRider", rider, reason, evidence, ttl)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMarkRider is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6cd7761a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function markRider(bytes32 rider, string reason, bytes32 evidence, uint64 ttl) returns()
func (metro *Metro) TryPackMarkRider(rider [32]byte, reason string, evidence [32]byte, ttl uint64) ([]byte, error) {
	return metro.abi.Pack("markRider", rider, reason, evidence, ttl)
}

// PackMarks is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2364c304.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function marks(bytes32 , bytes32 ) view returns(string reason, bytes32 evidence, uint64 expiresAt, uint64 markedAt, bool active, bool appealed, uint32 removalVotes)
func (metro *Metro) PackMarks(arg0 [32]byte, arg1 [32]byte) []byte {
	enc, err := metro.abi.Pack("marks", arg0, arg1)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMarks is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2364c304.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function marks(bytes32 , bytes32 ) view returns(string reason, bytes32 evidence, uint64 expiresAt, uint64 markedAt, bool active, bool appealed, uint32 removalVotes)
func (metro *Metro) TryPackMarks(arg0 [32]byte, arg1 [32]byte) ([]byte, error) {
	return metro.abi.Pack("marks", arg0, arg1)
}

// MarksOutput serves as a container for the return parameters of contract
// method Marks.
type MarksOutput struct {
	Reason       string
	Evidence     [32]byte
	ExpiresAt    uint64
	MarkedAt     uint64
	Active       bool
	Appealed     bool
	RemovalVotes uint32
}

// UnpackMarks is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2364c304.
//
// Solidity: function marks(bytes32 , bytes32 ) view returns(string reason, bytes32 evidence, uint64 expiresAt, uint64 markedAt, bool active, bool appealed, uint32 removalVotes)
func (metro *Metro) UnpackMarks(data []byte) (MarksOutput, error) {
	out, err := metro.abi.Unpack("marks", data)
	outstruct := new(MarksOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Reason = *abi.ConvertType(out[0], new(string)).(*string)
	outstruct.Evidence = *abi.ConvertType(out[1], new([32]byte)).(*[32]byte)
	outstruct.ExpiresAt = *abi.ConvertType(out[2], new(uint64)).(*uint64)
	outstruct.MarkedAt = *abi.ConvertType(out[3], new(uint64)).(*uint64)
	outstruct.Active = *abi.ConvertType(out[4], new(bool)).(*bool)
	outstruct.Appealed = *abi.ConvertType(out[5], new(bool)).(*bool)
	outstruct.RemovalVotes = *abi.ConvertType(out[6], new(uint32)).(*uint32)
	return *outstruct, nil
}

// PackMayEnter is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x123124d1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function mayEnter(bytes32 rider) view returns(bool ok, bytes32 city, string reason, uint64 expiresAt)
func (metro *Metro) PackMayEnter(rider [32]byte) []byte {
	enc, err := metro.abi.Pack("mayEnter", rider)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMayEnter is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x123124d1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function mayEnter(bytes32 rider) view returns(bool ok, bytes32 city, string reason, uint64 expiresAt)
func (metro *Metro) TryPackMayEnter(rider [32]byte) ([]byte, error) {
	return metro.abi.Pack("mayEnter", rider)
}

// MayEnterOutput serves as a container for the return parameters of contract
// method MayEnter.
type MayEnterOutput struct {
	Ok        bool
	City      [32]byte
	Reason    string
	ExpiresAt uint64
}

// UnpackMayEnter is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x123124d1.
//
// Solidity: function mayEnter(bytes32 rider) view returns(bool ok, bytes32 city, string reason, uint64 expiresAt)
func (metro *Metro) UnpackMayEnter(data []byte) (MayEnterOutput, error) {
	out, err := metro.abi.Unpack("mayEnter", data)
	outstruct := new(MayEnterOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Ok = *abi.ConvertType(out[0], new(bool)).(*bool)
	outstruct.City = *abi.ConvertType(out[1], new([32]byte)).(*[32]byte)
	outstruct.Reason = *abi.ConvertType(out[2], new(string)).(*string)
	outstruct.ExpiresAt = *abi.ConvertType(out[3], new(uint64)).(*uint64)
	return *outstruct, nil
}

// PackPairKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9a5a23d9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function pairKey(bytes32 x, bytes32 y) pure returns(bytes32)
func (metro *Metro) PackPairKey(x [32]byte, y [32]byte) []byte {
	enc, err := metro.abi.Pack("pairKey", x, y)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPairKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9a5a23d9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function pairKey(bytes32 x, bytes32 y) pure returns(bytes32)
func (metro *Metro) TryPackPairKey(x [32]byte, y [32]byte) ([]byte, error) {
	return metro.abi.Pack("pairKey", x, y)
}

// UnpackPairKey is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9a5a23d9.
//
// Solidity: function pairKey(bytes32 x, bytes32 y) pure returns(bytes32)
func (metro *Metro) UnpackPairKey(data []byte) ([32]byte, error) {
	out, err := metro.abi.Unpack("pairKey", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackPairs is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x673e0481.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function pairs(bytes32 ) view returns(uint64 seq, int256 net, uint64 settledSeq, int256 settledNet, uint64 settlements, uint64 pendingThrough, bytes32 pendingBy, uint64 pendingAt)
func (metro *Metro) PackPairs(arg0 [32]byte) []byte {
	enc, err := metro.abi.Pack("pairs", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPairs is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x673e0481.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function pairs(bytes32 ) view returns(uint64 seq, int256 net, uint64 settledSeq, int256 settledNet, uint64 settlements, uint64 pendingThrough, bytes32 pendingBy, uint64 pendingAt)
func (metro *Metro) TryPackPairs(arg0 [32]byte) ([]byte, error) {
	return metro.abi.Pack("pairs", arg0)
}

// PairsOutput serves as a container for the return parameters of contract
// method Pairs.
type PairsOutput struct {
	Seq            uint64
	Net            *big.Int
	SettledSeq     uint64
	SettledNet     *big.Int
	Settlements    uint64
	PendingThrough uint64
	PendingBy      [32]byte
	PendingAt      uint64
}

// UnpackPairs is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x673e0481.
//
// Solidity: function pairs(bytes32 ) view returns(uint64 seq, int256 net, uint64 settledSeq, int256 settledNet, uint64 settlements, uint64 pendingThrough, bytes32 pendingBy, uint64 pendingAt)
func (metro *Metro) UnpackPairs(data []byte) (PairsOutput, error) {
	out, err := metro.abi.Unpack("pairs", data)
	outstruct := new(PairsOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Seq = *abi.ConvertType(out[0], new(uint64)).(*uint64)
	outstruct.Net = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	outstruct.SettledSeq = *abi.ConvertType(out[2], new(uint64)).(*uint64)
	outstruct.SettledNet = abi.ConvertType(out[3], new(big.Int)).(*big.Int)
	outstruct.Settlements = *abi.ConvertType(out[4], new(uint64)).(*uint64)
	outstruct.PendingThrough = *abi.ConvertType(out[5], new(uint64)).(*uint64)
	outstruct.PendingBy = *abi.ConvertType(out[6], new([32]byte)).(*[32]byte)
	outstruct.PendingAt = *abi.ConvertType(out[7], new(uint64)).(*uint64)
	return *outstruct, nil
}

// PackPendingSettlement is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x59eba324.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function pendingSettlement(bytes32 x, bytes32 y) view returns(uint64 fromSeq, uint64 throughSeq, int256 amount, bytes32 by)
func (metro *Metro) PackPendingSettlement(x [32]byte, y [32]byte) []byte {
	enc, err := metro.abi.Pack("pendingSettlement", x, y)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPendingSettlement is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x59eba324.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function pendingSettlement(bytes32 x, bytes32 y) view returns(uint64 fromSeq, uint64 throughSeq, int256 amount, bytes32 by)
func (metro *Metro) TryPackPendingSettlement(x [32]byte, y [32]byte) ([]byte, error) {
	return metro.abi.Pack("pendingSettlement", x, y)
}

// PendingSettlementOutput serves as a container for the return parameters of contract
// method PendingSettlement.
type PendingSettlementOutput struct {
	FromSeq    uint64
	ThroughSeq uint64
	Amount     *big.Int
	By         [32]byte
}

// UnpackPendingSettlement is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x59eba324.
//
// Solidity: function pendingSettlement(bytes32 x, bytes32 y) view returns(uint64 fromSeq, uint64 throughSeq, int256 amount, bytes32 by)
func (metro *Metro) UnpackPendingSettlement(data []byte) (PendingSettlementOutput, error) {
	out, err := metro.abi.Unpack("pendingSettlement", data)
	outstruct := new(PendingSettlementOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.FromSeq = *abi.ConvertType(out[0], new(uint64)).(*uint64)
	outstruct.ThroughSeq = *abi.ConvertType(out[1], new(uint64)).(*uint64)
	outstruct.Amount = abi.ConvertType(out[2], new(big.Int)).(*big.Int)
	outstruct.By = *abi.ConvertType(out[3], new([32]byte)).(*[32]byte)
	return *outstruct, nil
}

// PackPosition is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x12bcb739.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function position(bytes32 x, bytes32 y) view returns(uint64 seq, int256 net, uint64 settledSeq, int256 settledNet, uint64 settlements)
func (metro *Metro) PackPosition(x [32]byte, y [32]byte) []byte {
	enc, err := metro.abi.Pack("position", x, y)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPosition is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x12bcb739.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function position(bytes32 x, bytes32 y) view returns(uint64 seq, int256 net, uint64 settledSeq, int256 settledNet, uint64 settlements)
func (metro *Metro) TryPackPosition(x [32]byte, y [32]byte) ([]byte, error) {
	return metro.abi.Pack("position", x, y)
}

// PositionOutput serves as a container for the return parameters of contract
// method Position.
type PositionOutput struct {
	Seq         uint64
	Net         *big.Int
	SettledSeq  uint64
	SettledNet  *big.Int
	Settlements uint64
}

// UnpackPosition is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x12bcb739.
//
// Solidity: function position(bytes32 x, bytes32 y) view returns(uint64 seq, int256 net, uint64 settledSeq, int256 settledNet, uint64 settlements)
func (metro *Metro) UnpackPosition(data []byte) (PositionOutput, error) {
	out, err := metro.abi.Unpack("position", data)
	outstruct := new(PositionOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Seq = *abi.ConvertType(out[0], new(uint64)).(*uint64)
	outstruct.Net = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	outstruct.SettledSeq = *abi.ConvertType(out[2], new(uint64)).(*uint64)
	outstruct.SettledNet = abi.ConvertType(out[3], new(big.Int)).(*big.Int)
	outstruct.Settlements = *abi.ConvertType(out[4], new(uint64)).(*uint64)
	return *outstruct, nil
}

// PackPositionAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x840056cb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function positionAt(bytes32 , uint64 ) view returns(int256)
func (metro *Metro) PackPositionAt(arg0 [32]byte, arg1 uint64) []byte {
	enc, err := metro.abi.Pack("positionAt", arg0, arg1)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPositionAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x840056cb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function positionAt(bytes32 , uint64 ) view returns(int256)
func (metro *Metro) TryPackPositionAt(arg0 [32]byte, arg1 uint64) ([]byte, error) {
	return metro.abi.Pack("positionAt", arg0, arg1)
}

// UnpackPositionAt is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x840056cb.
//
// Solidity: function positionAt(bytes32 , uint64 ) view returns(int256)
func (metro *Metro) UnpackPositionAt(data []byte) (*big.Int, error) {
	out, err := metro.abi.Unpack("positionAt", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackProposeSettlement is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x326e186e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proposeSettlement(bytes32 other, uint64 throughSeq) returns()
func (metro *Metro) PackProposeSettlement(other [32]byte, throughSeq uint64) []byte {
	enc, err := metro.abi.Pack("proposeSettlement", other, throughSeq)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProposeSettlement is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x326e186e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proposeSettlement(bytes32 other, uint64 throughSeq) returns()
func (metro *Metro) TryPackProposeSettlement(other [32]byte, throughSeq uint64) ([]byte, error) {
	return metro.abi.Pack("proposeSettlement", other, throughSeq)
}

// PackRecordRide is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xce81238c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function recordRide(bytes32 id, bytes32 home, uint64 fare) returns()
func (metro *Metro) PackRecordRide(id [32]byte, home [32]byte, fare uint64) []byte {
	enc, err := metro.abi.Pack("recordRide", id, home, fare)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRecordRide is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xce81238c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function recordRide(bytes32 id, bytes32 home, uint64 fare) returns()
func (metro *Metro) TryPackRecordRide(id [32]byte, home [32]byte, fare uint64) ([]byte, error) {
	return metro.abi.Pack("recordRide", id, home, fare)
}

// PackRegisterEmployer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x89e60a19.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function registerEmployer(address employer, bytes32 name) returns()
func (metro *Metro) PackRegisterEmployer(employer common.Address, name [32]byte) []byte {
	enc, err := metro.abi.Pack("registerEmployer", employer, name)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRegisterEmployer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x89e60a19.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function registerEmployer(address employer, bytes32 name) returns()
func (metro *Metro) TryPackRegisterEmployer(employer common.Address, name [32]byte) ([]byte, error) {
	return metro.abi.Pack("registerEmployer", employer, name)
}

// PackReimburse is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8e610328.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function reimburse(bytes32 number) returns()
func (metro *Metro) PackReimburse(number [32]byte) []byte {
	enc, err := metro.abi.Pack("reimburse", number)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackReimburse is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8e610328.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function reimburse(bytes32 number) returns()
func (metro *Metro) TryPackReimburse(number [32]byte) ([]byte, error) {
	return metro.abi.Pack("reimburse", number)
}

// PackRejectSettlement is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc7f4d1cc.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function rejectSettlement(bytes32 other) returns()
func (metro *Metro) PackRejectSettlement(other [32]byte) []byte {
	enc, err := metro.abi.Pack("rejectSettlement", other)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRejectSettlement is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc7f4d1cc.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function rejectSettlement(bytes32 other) returns()
func (metro *Metro) TryPackRejectSettlement(other [32]byte) ([]byte, error) {
	return metro.abi.Pack("rejectSettlement", other)
}

// PackRemovalVoted is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x748c2576.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function removalVoted(bytes32 , bytes32 , bytes32 ) view returns(bool)
func (metro *Metro) PackRemovalVoted(arg0 [32]byte, arg1 [32]byte, arg2 [32]byte) []byte {
	enc, err := metro.abi.Pack("removalVoted", arg0, arg1, arg2)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRemovalVoted is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x748c2576.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function removalVoted(bytes32 , bytes32 , bytes32 ) view returns(bool)
func (metro *Metro) TryPackRemovalVoted(arg0 [32]byte, arg1 [32]byte, arg2 [32]byte) ([]byte, error) {
	return metro.abi.Pack("removalVoted", arg0, arg1, arg2)
}

// UnpackRemovalVoted is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x748c2576.
//
// Solidity: function removalVoted(bytes32 , bytes32 , bytes32 ) view returns(bool)
func (metro *Metro) UnpackRemovalVoted(data []byte) (bool, error) {
	out, err := metro.abi.Unpack("removalVoted", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackRideCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb47c1883.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function rideCount() view returns(uint64)
func (metro *Metro) PackRideCount() []byte {
	enc, err := metro.abi.Pack("rideCount")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRideCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb47c1883.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function rideCount() view returns(uint64)
func (metro *Metro) TryPackRideCount() ([]byte, error) {
	return metro.abi.Pack("rideCount")
}

// UnpackRideCount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb47c1883.
//
// Solidity: function rideCount() view returns(uint64)
func (metro *Metro) UnpackRideCount(data []byte) (uint64, error) {
	out, err := metro.abi.Unpack("rideCount", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackRides is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x25c99483.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function rides(bytes32 ) view returns(bytes32 home, bytes32 rideCity, uint64 fare, uint64 seq, uint64 height, bool paid, bytes32 invoice)
func (metro *Metro) PackRides(arg0 [32]byte) []byte {
	enc, err := metro.abi.Pack("rides", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRides is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x25c99483.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function rides(bytes32 ) view returns(bytes32 home, bytes32 rideCity, uint64 fare, uint64 seq, uint64 height, bool paid, bytes32 invoice)
func (metro *Metro) TryPackRides(arg0 [32]byte) ([]byte, error) {
	return metro.abi.Pack("rides", arg0)
}

// RidesOutput serves as a container for the return parameters of contract
// method Rides.
type RidesOutput struct {
	Home     [32]byte
	RideCity [32]byte
	Fare     uint64
	Seq      uint64
	Height   uint64
	Paid     bool
	Invoice  [32]byte
}

// UnpackRides is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x25c99483.
//
// Solidity: function rides(bytes32 ) view returns(bytes32 home, bytes32 rideCity, uint64 fare, uint64 seq, uint64 height, bool paid, bytes32 invoice)
func (metro *Metro) UnpackRides(data []byte) (RidesOutput, error) {
	out, err := metro.abi.Unpack("rides", data)
	outstruct := new(RidesOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Home = *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	outstruct.RideCity = *abi.ConvertType(out[1], new([32]byte)).(*[32]byte)
	outstruct.Fare = *abi.ConvertType(out[2], new(uint64)).(*uint64)
	outstruct.Seq = *abi.ConvertType(out[3], new(uint64)).(*uint64)
	outstruct.Height = *abi.ConvertType(out[4], new(uint64)).(*uint64)
	outstruct.Paid = *abi.ConvertType(out[5], new(bool)).(*bool)
	outstruct.Invoice = *abi.ConvertType(out[6], new([32]byte)).(*[32]byte)
	return *outstruct, nil
}

// PackSetFares is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x121574eb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setFares(uint32 baseFare, uint32 perZone, uint32 maxFare) returns()
func (metro *Metro) PackSetFares(baseFare uint32, perZone uint32, maxFare uint32) []byte {
	enc, err := metro.abi.Pack("setFares", baseFare, perZone, maxFare)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetFares is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x121574eb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setFares(uint32 baseFare, uint32 perZone, uint32 maxFare) returns()
func (metro *Metro) TryPackSetFares(baseFare uint32, perZone uint32, maxFare uint32) ([]byte, error) {
	return metro.abi.Pack("setFares", baseFare, perZone, maxFare)
}

// PackSetStations is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdf684ac0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setStations(uint32[] ids, uint8[] zones) returns()
func (metro *Metro) PackSetStations(ids []uint32, zones []uint8) []byte {
	enc, err := metro.abi.Pack("setStations", ids, zones)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetStations is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdf684ac0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setStations(uint32[] ids, uint8[] zones) returns()
func (metro *Metro) TryPackSetStations(ids []uint32, zones []uint8) ([]byte, error) {
	return metro.abi.Pack("setStations", ids, zones)
}

// PackSettlementOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x69ccf4e6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function settlementOf(bytes32 , uint64 ) view returns(bytes32 a, bytes32 b, uint64 fromSeq, uint64 throughSeq, int256 amount, bytes32 proposedBy, uint64 proposedAt, uint64 confirmedAt)
func (metro *Metro) PackSettlementOf(arg0 [32]byte, arg1 uint64) []byte {
	enc, err := metro.abi.Pack("settlementOf", arg0, arg1)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSettlementOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x69ccf4e6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function settlementOf(bytes32 , uint64 ) view returns(bytes32 a, bytes32 b, uint64 fromSeq, uint64 throughSeq, int256 amount, bytes32 proposedBy, uint64 proposedAt, uint64 confirmedAt)
func (metro *Metro) TryPackSettlementOf(arg0 [32]byte, arg1 uint64) ([]byte, error) {
	return metro.abi.Pack("settlementOf", arg0, arg1)
}

// SettlementOfOutput serves as a container for the return parameters of contract
// method SettlementOf.
type SettlementOfOutput struct {
	A           [32]byte
	B           [32]byte
	FromSeq     uint64
	ThroughSeq  uint64
	Amount      *big.Int
	ProposedBy  [32]byte
	ProposedAt  uint64
	ConfirmedAt uint64
}

// UnpackSettlementOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x69ccf4e6.
//
// Solidity: function settlementOf(bytes32 , uint64 ) view returns(bytes32 a, bytes32 b, uint64 fromSeq, uint64 throughSeq, int256 amount, bytes32 proposedBy, uint64 proposedAt, uint64 confirmedAt)
func (metro *Metro) UnpackSettlementOf(data []byte) (SettlementOfOutput, error) {
	out, err := metro.abi.Unpack("settlementOf", data)
	outstruct := new(SettlementOfOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.A = *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	outstruct.B = *abi.ConvertType(out[1], new([32]byte)).(*[32]byte)
	outstruct.FromSeq = *abi.ConvertType(out[2], new(uint64)).(*uint64)
	outstruct.ThroughSeq = *abi.ConvertType(out[3], new(uint64)).(*uint64)
	outstruct.Amount = abi.ConvertType(out[4], new(big.Int)).(*big.Int)
	outstruct.ProposedBy = *abi.ConvertType(out[5], new([32]byte)).(*[32]byte)
	outstruct.ProposedAt = *abi.ConvertType(out[6], new(uint64)).(*uint64)
	outstruct.ConfirmedAt = *abi.ConvertType(out[7], new(uint64)).(*uint64)
	return *outstruct, nil
}

// PackStationZone is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd747d9de.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function stationZone(bytes32 , uint32 ) view returns(uint8)
func (metro *Metro) PackStationZone(arg0 [32]byte, arg1 uint32) []byte {
	enc, err := metro.abi.Pack("stationZone", arg0, arg1)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackStationZone is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd747d9de.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function stationZone(bytes32 , uint32 ) view returns(uint8)
func (metro *Metro) TryPackStationZone(arg0 [32]byte, arg1 uint32) ([]byte, error) {
	return metro.abi.Pack("stationZone", arg0, arg1)
}

// UnpackStationZone is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd747d9de.
//
// Solidity: function stationZone(bytes32 , uint32 ) view returns(uint8)
func (metro *Metro) UnpackStationZone(data []byte) (uint8, error) {
	out, err := metro.abi.Unpack("stationZone", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackTaxBureau is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xee502449.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function taxBureau() view returns(address)
func (metro *Metro) PackTaxBureau() []byte {
	enc, err := metro.abi.Pack("taxBureau")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTaxBureau is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xee502449.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function taxBureau() view returns(address)
func (metro *Metro) TryPackTaxBureau() ([]byte, error) {
	return metro.abi.Pack("taxBureau")
}

// UnpackTaxBureau is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xee502449.
//
// Solidity: function taxBureau() view returns(address)
func (metro *Metro) UnpackTaxBureau(data []byte) (common.Address, error) {
	out, err := metro.abi.Unpack("taxBureau", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackUnmarkRider is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6fcadd2b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function unmarkRider(bytes32 rider) returns()
func (metro *Metro) PackUnmarkRider(rider [32]byte) []byte {
	enc, err := metro.abi.Pack("unmarkRider", rider)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUnmarkRider is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6fcadd2b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function unmarkRider(bytes32 rider) returns()
func (metro *Metro) TryPackUnmarkRider(rider [32]byte) ([]byte, error) {
	return metro.abi.Pack("unmarkRider", rider)
}

// PackVoteRemoveMark is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd0b3b2e9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function voteRemoveMark(bytes32 rider, bytes32 markingCity) returns()
func (metro *Metro) PackVoteRemoveMark(rider [32]byte, markingCity [32]byte) []byte {
	enc, err := metro.abi.Pack("voteRemoveMark", rider, markingCity)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVoteRemoveMark is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd0b3b2e9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function voteRemoveMark(bytes32 rider, bytes32 markingCity) returns()
func (metro *Metro) TryPackVoteRemoveMark(rider [32]byte, markingCity [32]byte) ([]byte, error) {
	return metro.abi.Pack("voteRemoveMark", rider, markingCity)
}

// MetroCityAdmitted represents a CityAdmitted event raised by the Metro contract.
type MetroCityAdmitted struct {
	City    [32]byte
	Account common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const MetroCityAdmittedEventName = "CityAdmitted"

// ContractEventName returns the user-defined event name.
func (MetroCityAdmitted) ContractEventName() string {
	return MetroCityAdmittedEventName
}

// UnpackCityAdmittedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event CityAdmitted(bytes32 indexed city, address account)
func (metro *Metro) UnpackCityAdmittedEvent(log *types.Log) (*MetroCityAdmitted, error) {
	event := "CityAdmitted"
	if len(log.Topics) == 0 || log.Topics[0] != metro.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(MetroCityAdmitted)
	if len(log.Data) > 0 {
		if err := metro.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range metro.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// MetroCityProposed represents a CityProposed event raised by the Metro contract.
type MetroCityProposed struct {
	City    [32]byte
	Account common.Address
	By      [32]byte
	Raw     *types.Log // Blockchain specific contextual infos
}

const MetroCityProposedEventName = "CityProposed"

// ContractEventName returns the user-defined event name.
func (MetroCityProposed) ContractEventName() string {
	return MetroCityProposedEventName
}

// UnpackCityProposedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event CityProposed(bytes32 indexed city, address account, bytes32 by)
func (metro *Metro) UnpackCityProposedEvent(log *types.Log) (*MetroCityProposed, error) {
	event := "CityProposed"
	if len(log.Topics) == 0 || log.Topics[0] != metro.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(MetroCityProposed)
	if len(log.Data) > 0 {
		if err := metro.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range metro.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// MetroEmployerRegistered represents a EmployerRegistered event raised by the Metro contract.
type MetroEmployerRegistered struct {
	Employer common.Address
	Name     [32]byte
	Raw      *types.Log // Blockchain specific contextual infos
}

const MetroEmployerRegisteredEventName = "EmployerRegistered"

// ContractEventName returns the user-defined event name.
func (MetroEmployerRegistered) ContractEventName() string {
	return MetroEmployerRegisteredEventName
}

// UnpackEmployerRegisteredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event EmployerRegistered(address indexed employer, bytes32 name)
func (metro *Metro) UnpackEmployerRegisteredEvent(log *types.Log) (*MetroEmployerRegistered, error) {
	event := "EmployerRegistered"
	if len(log.Topics) == 0 || log.Topics[0] != metro.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(MetroEmployerRegistered)
	if len(log.Data) > 0 {
		if err := metro.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range metro.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// MetroFaresSet represents a FaresSet event raised by the Metro contract.
type MetroFaresSet struct {
	City     [32]byte
	BaseFare uint32
	PerZone  uint32
	MaxFare  uint32
	Raw      *types.Log // Blockchain specific contextual infos
}

const MetroFaresSetEventName = "FaresSet"

// ContractEventName returns the user-defined event name.
func (MetroFaresSet) ContractEventName() string {
	return MetroFaresSetEventName
}

// UnpackFaresSetEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event FaresSet(bytes32 indexed city, uint32 baseFare, uint32 perZone, uint32 maxFare)
func (metro *Metro) UnpackFaresSetEvent(log *types.Log) (*MetroFaresSet, error) {
	event := "FaresSet"
	if len(log.Topics) == 0 || log.Topics[0] != metro.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(MetroFaresSet)
	if len(log.Data) > 0 {
		if err := metro.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range metro.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// MetroInvoiceIssued represents a InvoiceIssued event raised by the Metro contract.
type MetroInvoiceIssued struct {
	Invoice [32]byte
	Ride    [32]byte
	Issuer  [32]byte
	Amount  uint64
	Digest  [32]byte
	Raw     *types.Log // Blockchain specific contextual infos
}

const MetroInvoiceIssuedEventName = "InvoiceIssued"

// ContractEventName returns the user-defined event name.
func (MetroInvoiceIssued) ContractEventName() string {
	return MetroInvoiceIssuedEventName
}

// UnpackInvoiceIssuedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event InvoiceIssued(bytes32 indexed invoice, bytes32 indexed ride, bytes32 indexed issuer, uint64 amount, bytes32 digest)
func (metro *Metro) UnpackInvoiceIssuedEvent(log *types.Log) (*MetroInvoiceIssued, error) {
	event := "InvoiceIssued"
	if len(log.Topics) == 0 || log.Topics[0] != metro.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(MetroInvoiceIssued)
	if len(log.Data) > 0 {
		if err := metro.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range metro.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// MetroInvoiceReimbursed represents a InvoiceReimbursed event raised by the Metro contract.
type MetroInvoiceReimbursed struct {
	Invoice  [32]byte
	Employer common.Address
	Raw      *types.Log // Blockchain specific contextual infos
}

const MetroInvoiceReimbursedEventName = "InvoiceReimbursed"

// ContractEventName returns the user-defined event name.
func (MetroInvoiceReimbursed) ContractEventName() string {
	return MetroInvoiceReimbursedEventName
}

// UnpackInvoiceReimbursedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event InvoiceReimbursed(bytes32 indexed invoice, address employer)
func (metro *Metro) UnpackInvoiceReimbursedEvent(log *types.Log) (*MetroInvoiceReimbursed, error) {
	event := "InvoiceReimbursed"
	if len(log.Topics) == 0 || log.Topics[0] != metro.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(MetroInvoiceReimbursed)
	if len(log.Data) > 0 {
		if err := metro.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range metro.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// MetroMarkAppealed represents a MarkAppealed event raised by the Metro contract.
type MetroMarkAppealed struct {
	Rider [32]byte
	City  [32]byte
	By    [32]byte
	Raw   *types.Log // Blockchain specific contextual infos
}

const MetroMarkAppealedEventName = "MarkAppealed"

// ContractEventName returns the user-defined event name.
func (MetroMarkAppealed) ContractEventName() string {
	return MetroMarkAppealedEventName
}

// UnpackMarkAppealedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event MarkAppealed(bytes32 indexed rider, bytes32 indexed city, bytes32 by)
func (metro *Metro) UnpackMarkAppealedEvent(log *types.Log) (*MetroMarkAppealed, error) {
	event := "MarkAppealed"
	if len(log.Topics) == 0 || log.Topics[0] != metro.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(MetroMarkAppealed)
	if len(log.Data) > 0 {
		if err := metro.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range metro.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// MetroRidePaid represents a RidePaid event raised by the Metro contract.
type MetroRidePaid struct {
	Ride       [32]byte
	PaymentRef [32]byte
	Raw        *types.Log // Blockchain specific contextual infos
}

const MetroRidePaidEventName = "RidePaid"

// ContractEventName returns the user-defined event name.
func (MetroRidePaid) ContractEventName() string {
	return MetroRidePaidEventName
}

// UnpackRidePaidEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RidePaid(bytes32 indexed ride, bytes32 paymentRef)
func (metro *Metro) UnpackRidePaidEvent(log *types.Log) (*MetroRidePaid, error) {
	event := "RidePaid"
	if len(log.Topics) == 0 || log.Topics[0] != metro.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(MetroRidePaid)
	if len(log.Data) > 0 {
		if err := metro.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range metro.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// MetroRideRecorded represents a RideRecorded event raised by the Metro contract.
type MetroRideRecorded struct {
	Ride     [32]byte
	Home     [32]byte
	RideCity [32]byte
	Fare     uint64
	Seq      uint64
	Raw      *types.Log // Blockchain specific contextual infos
}

const MetroRideRecordedEventName = "RideRecorded"

// ContractEventName returns the user-defined event name.
func (MetroRideRecorded) ContractEventName() string {
	return MetroRideRecordedEventName
}

// UnpackRideRecordedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RideRecorded(bytes32 indexed ride, bytes32 indexed home, bytes32 indexed rideCity, uint64 fare, uint64 seq)
func (metro *Metro) UnpackRideRecordedEvent(log *types.Log) (*MetroRideRecorded, error) {
	event := "RideRecorded"
	if len(log.Topics) == 0 || log.Topics[0] != metro.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(MetroRideRecorded)
	if len(log.Data) > 0 {
		if err := metro.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range metro.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// MetroRiderMarked represents a RiderMarked event raised by the Metro contract.
type MetroRiderMarked struct {
	Rider     [32]byte
	City      [32]byte
	Reason    string
	Evidence  [32]byte
	ExpiresAt uint64
	Raw       *types.Log // Blockchain specific contextual infos
}

const MetroRiderMarkedEventName = "RiderMarked"

// ContractEventName returns the user-defined event name.
func (MetroRiderMarked) ContractEventName() string {
	return MetroRiderMarkedEventName
}

// UnpackRiderMarkedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RiderMarked(bytes32 indexed rider, bytes32 indexed city, string reason, bytes32 evidence, uint64 expiresAt)
func (metro *Metro) UnpackRiderMarkedEvent(log *types.Log) (*MetroRiderMarked, error) {
	event := "RiderMarked"
	if len(log.Topics) == 0 || log.Topics[0] != metro.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(MetroRiderMarked)
	if len(log.Data) > 0 {
		if err := metro.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range metro.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// MetroRiderUnmarked represents a RiderUnmarked event raised by the Metro contract.
type MetroRiderUnmarked struct {
	Rider [32]byte
	City  [32]byte
	By    [32]byte
	Raw   *types.Log // Blockchain specific contextual infos
}

const MetroRiderUnmarkedEventName = "RiderUnmarked"

// ContractEventName returns the user-defined event name.
func (MetroRiderUnmarked) ContractEventName() string {
	return MetroRiderUnmarkedEventName
}

// UnpackRiderUnmarkedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RiderUnmarked(bytes32 indexed rider, bytes32 indexed city, bytes32 by)
func (metro *Metro) UnpackRiderUnmarkedEvent(log *types.Log) (*MetroRiderUnmarked, error) {
	event := "RiderUnmarked"
	if len(log.Topics) == 0 || log.Topics[0] != metro.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(MetroRiderUnmarked)
	if len(log.Data) > 0 {
		if err := metro.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range metro.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// MetroSettlementConfirmed represents a SettlementConfirmed event raised by the Metro contract.
type MetroSettlementConfirmed struct {
	A          [32]byte
	B          [32]byte
	Index      uint64
	FromSeq    uint64
	ThroughSeq uint64
	Amount     *big.Int
	Raw        *types.Log // Blockchain specific contextual infos
}

const MetroSettlementConfirmedEventName = "SettlementConfirmed"

// ContractEventName returns the user-defined event name.
func (MetroSettlementConfirmed) ContractEventName() string {
	return MetroSettlementConfirmedEventName
}

// UnpackSettlementConfirmedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event SettlementConfirmed(bytes32 indexed a, bytes32 indexed b, uint64 index, uint64 fromSeq, uint64 throughSeq, int256 amount)
func (metro *Metro) UnpackSettlementConfirmedEvent(log *types.Log) (*MetroSettlementConfirmed, error) {
	event := "SettlementConfirmed"
	if len(log.Topics) == 0 || log.Topics[0] != metro.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(MetroSettlementConfirmed)
	if len(log.Data) > 0 {
		if err := metro.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range metro.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// MetroSettlementProposed represents a SettlementProposed event raised by the Metro contract.
type MetroSettlementProposed struct {
	A          [32]byte
	B          [32]byte
	FromSeq    uint64
	ThroughSeq uint64
	Amount     *big.Int
	By         [32]byte
	Raw        *types.Log // Blockchain specific contextual infos
}

const MetroSettlementProposedEventName = "SettlementProposed"

// ContractEventName returns the user-defined event name.
func (MetroSettlementProposed) ContractEventName() string {
	return MetroSettlementProposedEventName
}

// UnpackSettlementProposedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event SettlementProposed(bytes32 indexed a, bytes32 indexed b, uint64 fromSeq, uint64 throughSeq, int256 amount, bytes32 by)
func (metro *Metro) UnpackSettlementProposedEvent(log *types.Log) (*MetroSettlementProposed, error) {
	event := "SettlementProposed"
	if len(log.Topics) == 0 || log.Topics[0] != metro.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(MetroSettlementProposed)
	if len(log.Data) > 0 {
		if err := metro.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range metro.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// MetroSettlementRejected represents a SettlementRejected event raised by the Metro contract.
type MetroSettlementRejected struct {
	A          [32]byte
	B          [32]byte
	ThroughSeq uint64
	By         [32]byte
	Raw        *types.Log // Blockchain specific contextual infos
}

const MetroSettlementRejectedEventName = "SettlementRejected"

// ContractEventName returns the user-defined event name.
func (MetroSettlementRejected) ContractEventName() string {
	return MetroSettlementRejectedEventName
}

// UnpackSettlementRejectedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event SettlementRejected(bytes32 indexed a, bytes32 indexed b, uint64 throughSeq, bytes32 by)
func (metro *Metro) UnpackSettlementRejectedEvent(log *types.Log) (*MetroSettlementRejected, error) {
	event := "SettlementRejected"
	if len(log.Topics) == 0 || log.Topics[0] != metro.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(MetroSettlementRejected)
	if len(log.Data) > 0 {
		if err := metro.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range metro.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}
