// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package crosschaintoken

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

// CrossChainTokenMetaData contains all meta data concerning the CrossChainToken contract.
var CrossChainTokenMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"string\",\"name\":\"tokenName\",\"type\":\"string\"},{\"internalType\":\"uint256\",\"name\":\"supply\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"messageId\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Locked\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"string\",\"name\":\"senderDomain\",\"type\":\"string\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Minted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"messageId\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"reason\",\"type\":\"string\"}],\"name\":\"Refunded\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"messageId\",\"type\":\"bytes32\"}],\"name\":\"Settled\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"messageId\",\"type\":\"bytes32\"},{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"},{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"},{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"},{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"},{\"internalType\":\"string\",\"name\":\"errorMsg\",\"type\":\"string\"}],\"name\":\"ackOnError\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"messageId\",\"type\":\"bytes32\"},{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"},{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"},{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"},{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"name\":\"ackOnSuccess\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"balanceOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"locked\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"minted\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"name\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"owner\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"paused\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"name\":\"peerOf\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"name\":\"pending\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"},{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"name\":\"recvMessage\",\"outputs\":[],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"senderDomain\",\"type\":\"string\"},{\"internalType\":\"bytes32\",\"name\":\"author\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"message\",\"type\":\"bytes\"}],\"name\":\"recvUnorderedMessage\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"domain\",\"type\":\"string\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"uint8\",\"name\":\"timeoutMeasure\",\"type\":\"uint8\"},{\"internalType\":\"uint256\",\"name\":\"timeout\",\"type\":\"uint256\"}],\"name\":\"send\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bool\",\"name\":\"p\",\"type\":\"bool\"}],\"name\":\"setPaused\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"domain\",\"type\":\"string\"},{\"internalType\":\"bytes32\",\"name\":\"peer\",\"type\":\"bytes32\"}],\"name\":\"setPeer\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"transfer\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "CrossChainToken",
	Bin: "0x608060405234801561000f575f5ffd5b506040516115a93803806115a983398101604081905261002e91610077565b5f61003983826101af565b50600180546001600160a01b031916339081179091555f9081526002602052604090205550610269565b634e487b7160e01b5f52604160045260245ffd5b5f5f60408385031215610088575f5ffd5b82516001600160401b0381111561009d575f5ffd5b8301601f810185136100ad575f5ffd5b80516001600160401b038111156100c6576100c6610063565b604051601f8201601f19908116603f011681016001600160401b03811182821017156100f4576100f4610063565b60405281815282820160200187101561010b575f5ffd5b8160208401602083015e5f60209282018301529401519395939450505050565b600181811c9082168061013f57607f821691505b60208210810361015d57634e487b7160e01b5f52602260045260245ffd5b50919050565b601f8211156101aa57805f5260205f20601f840160051c810160208510156101885750805b601f840160051c820191505b818110156101a7575f8155600101610194565b50505b505050565b81516001600160401b038111156101c8576101c8610063565b6101dc816101d6845461012b565b84610163565b6020601f82116001811461020e575f83156101f75750848201515b5f19600385901b1c1916600184901b1784556101a7565b5f84815260208120601f198516915b8281101561023d578785015182556020948501946001909201910161021d565b508482101561025a57868401515f19600387901b60f8161c191681555b50505050600190811b01905550565b611333806102765f395ff3fe608060405234801561000f575f5ffd5b50600436106100fb575f3560e01c806370a0823111610093578063cf30901211610063578063cf30901214610278578063e5512e9714610281578063f6d750e414610294578063ff098be7146102a7575f5ffd5b806370a08231146102085780638da5cb5b14610227578063a9059cbb14610252578063c09b261b14610265575f5ffd5b806346a29f6a116100ce57806346a29f6a146101bc5780634f02c420146101cf5780635c975abb146101d85780636a38b3b3146101f5575f5ffd5b806306fdde03146100ff57806316c38b3c1461011d5780631808eeb8146101325780633e8da18814610183575b5f5ffd5b6101076102ba565b6040516101149190610c66565b60405180910390f35b61013061012b366004610c7f565b610345565b005b610164610140366004610c9e565b60066020525f9081526040902080546001909101546001600160a01b039091169082565b604080516001600160a01b039093168352602083019190915201610114565b6101ae610191366004610cc9565b805160208183018101805160078252928201919093012091525481565b604051908152602001610114565b6101ae6101ca366004610dd4565b6103ae565b6101ae60045481565b6005546101e59060ff1681565b6040519015158152602001610114565b610130610203366004610e4f565b6106b1565b6101ae610216366004610e96565b60026020525f908152604090205481565b60015461023a906001600160a01b031681565b6040516001600160a01b039091168152602001610114565b610130610260366004610eb1565b61072a565b610130610273366004610edb565b6107db565b6101ae60035481565b61013061028f366004610f80565b610823565b6101306102a2366004611020565b6108f3565b6101306102b5366004610edb565b610a5e565b5f80546102c6906110f1565b80601f01602080910402602001604051908101604052809291908181526020018280546102f2906110f1565b801561033d5780601f106103145761010080835404028352916020019161033d565b820191905f5260205f20905b81548152906001019060200180831161032057829003601f168201915b505050505081565b6001546001600160a01b0316331461039b5760405162461bcd60e51b81526020600482015260146024820152733a37b5b2b71d103737ba103a34329037bbb732b960611b60448201526064015b60405180910390fd5b6005805460ff1916911515919091179055565b5f5f600788886040516103c2929190611129565b908152604051908190036020019020549050806104215760405162461bcd60e51b815260206004820152601c60248201527f746f6b656e3a206e6f2070656572206f6e207468617420636861696e000000006044820152606401610392565b5f85116104655760405162461bcd60e51b81526020600482015260126024820152711d1bdad95b8e881e995c9bc8185b5bdd5b9d60721b6044820152606401610392565b335f908152600260205260409020548511156104c35760405162461bcd60e51b815260206004820152601b60248201527f746f6b656e3a20696e73756666696369656e742062616c616e636500000000006044820152606401610392565b335f90815260026020526040812080548792906104e190849061114c565b925050819055508460035f8282546104f99190611165565b9091555050604080513360208201526001600160a01b03881681830152606080820188905282518083039091018152608090910190915260ff85165f036105af576040516302e546d360e11b815261010d906305ca8da690610568908c908c90879060019088906004016111a0565b6020604051808303815f875af1158015610584573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906105a891906111df565b9250610624565b604051633b179eb760e11b815261010d9063762f3d6e906105e1908c908c90879060019088908d908d906004016111f6565b6020604051808303815f875af11580156105fd573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061062191906111df565b92505b6040805180820182523380825260208083018a81525f88815260068352859020935184546001600160a01b0319166001600160a01b0391821617855590516001909401939093558351928b16835282018990529185917f4181a06c44d563d67c52a8f554a8811343ad6e95f7002375e5a64722953ac828910160405180910390a350509695505050505050565b6001546001600160a01b031633146107025760405162461bcd60e51b81526020600482015260146024820152733a37b5b2b71d103737ba103a34329037bbb732b960611b6044820152606401610392565b8060078484604051610715929190611129565b90815260405190819003602001902055505050565b335f908152600260205260409020548111156107885760405162461bcd60e51b815260206004820152601b60248201527f746f6b656e3a20696e73756666696369656e742062616c616e636500000000006044820152606401610392565b335f90815260026020526040812080548392906107a690849061114c565b90915550506001600160a01b0382165f90815260026020526040812080548392906107d2908490611165565b90915550505050565b60405162461bcd60e51b815260206004820152601e60248201527f746f6b656e3a207472616e73666572732061726520756e6f72646572656400006044820152606401610392565b3361010d146108445760405162461bcd60e51b815260040161039290611243565b5f888152600660205260409020600101546108a15760405162461bcd60e51b815260206004820152601a60248201527f746f6b656e3a206e6f2070656e64696e67207472616e736665720000000000006044820152606401610392565b5f8881526006602052604080822080546001600160a01b03191681556001018290555189917fd647759a2f3297cba8e32e398356f87d2583ecaaad1741fc2d5f7d67fd86198491a25050505050505050565b3361010d146109145760405162461bcd60e51b815260040161039290611243565b5f8a815260066020908152604091829020825180840190935280546001600160a01b03168352600101549082018190526109905760405162461bcd60e51b815260206004820152601a60248201527f746f6b656e3a206e6f2070656e64696e67207472616e736665720000000000006044820152606401610392565b5f8b8152600660209081526040822080546001600160a01b031916815560010182905582015160038054919290916109c990849061114c565b909155505060208082015182516001600160a01b03165f9081526002909252604082208054919290916109fd908490611165565b92505081905550805f01516001600160a01b03168b7f720cf88ee70bb0d29df6791526b33612725c88a7e8675b8da56cd1a1c2e4da4083602001518686604051610a499392919061127a565b60405180910390a35050505050505050505050565b3361010d14610a7f5760405162461bcd60e51b815260040161039290611243565b8215801590610aad575060078585604051610a9b929190611129565b90815260200160405180910390205483145b610aef5760405162461bcd60e51b81526020600482015260136024820152723a37b5b2b71d103737ba1037bab9103832b2b960691b6044820152606401610392565b60055460ff1615610b425760405162461bcd60e51b815260206004820152601760248201527f746f6b656e3a20726563656976696e67207061757365640000000000000000006044820152606401610392565b5f80610b508385018561129c565b9093509150506001600160a01b038216610ba45760405162461bcd60e51b81526020600482015260156024820152741d1bdad95b8e881e995c9bc81c9958da5c1a595b9d605a1b6044820152606401610392565b6001600160a01b0382165f9081526002602052604081208054839290610bcb908490611165565b925050819055508060045f828254610be39190611165565b92505081905550816001600160a01b03167f93169c1e6cb740fad37306949effd1abda48dce91920b293b59ac5511775bda4888884604051610c27939291906112da565b60405180910390a250505050505050565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b602081525f610c786020830184610c38565b9392505050565b5f60208284031215610c8f575f5ffd5b81358015158114610c78575f5ffd5b5f60208284031215610cae575f5ffd5b5035919050565b634e487b7160e01b5f52604160045260245ffd5b5f60208284031215610cd9575f5ffd5b81356001600160401b03811115610cee575f5ffd5b8201601f81018413610cfe575f5ffd5b80356001600160401b03811115610d1757610d17610cb5565b604051601f8201601f19908116603f011681016001600160401b0381118282101715610d4557610d45610cb5565b604052818152828201602001861015610d5c575f5ffd5b816020840160208301375f91810160200191909152949350505050565b5f5f83601f840112610d89575f5ffd5b5081356001600160401b03811115610d9f575f5ffd5b602083019150836020828501011115610db6575f5ffd5b9250929050565b6001600160a01b0381168114610dd1575f5ffd5b50565b5f5f5f5f5f5f60a08789031215610de9575f5ffd5b86356001600160401b03811115610dfe575f5ffd5b610e0a89828a01610d79565b9097509550506020870135610e1e81610dbd565b935060408701359250606087013560ff81168114610e3a575f5ffd5b95989497509295919493608090920135925050565b5f5f5f60408486031215610e61575f5ffd5b83356001600160401b03811115610e76575f5ffd5b610e8286828701610d79565b909790965060209590950135949350505050565b5f60208284031215610ea6575f5ffd5b8135610c7881610dbd565b5f5f60408385031215610ec2575f5ffd5b8235610ecd81610dbd565b946020939093013593505050565b5f5f5f5f5f60608688031215610eef575f5ffd5b85356001600160401b03811115610f04575f5ffd5b610f1088828901610d79565b9096509450506020860135925060408601356001600160401b03811115610f35575f5ffd5b610f4188828901610d79565b969995985093965092949392505050565b803563ffffffff81168114610f65575f5ffd5b919050565b80356001600160401b0381168114610f65575f5ffd5b5f5f5f5f5f5f5f5f60c0898b031215610f97575f5ffd5b8835975060208901356001600160401b03811115610fb3575f5ffd5b610fbf8b828c01610d79565b90985096505060408901359450610fd860608a01610f52565b9350610fe660808a01610f6a565b925060a08901356001600160401b03811115611000575f5ffd5b61100c8b828c01610d79565b999c989b5096995094979396929594505050565b5f5f5f5f5f5f5f5f5f5f60e08b8d031215611039575f5ffd5b8a35995060208b01356001600160401b03811115611055575f5ffd5b6110618d828e01610d79565b909a5098505060408b0135965061107a60608c01610f52565b955061108860808c01610f6a565b945060a08b01356001600160401b038111156110a2575f5ffd5b6110ae8d828e01610d79565b90955093505060c08b01356001600160401b038111156110cc575f5ffd5b6110d88d828e01610d79565b915080935050809150509295989b9194979a5092959850565b600181811c9082168061110557607f821691505b60208210810361112357634e487b7160e01b5f52602260045260245ffd5b50919050565b818382375f9101908152919050565b634e487b7160e01b5f52601160045260245ffd5b8181038181111561115f5761115f611138565b92915050565b8082018082111561115f5761115f611138565b81835281816020850137505f828201602090810191909152601f909101601f19169091010190565b608081525f6111b3608083018789611178565b856020840152841515604084015282810360608401526111d38185610c38565b98975050505050505050565b5f602082840312156111ef575f5ffd5b5051919050565b60c081525f61120960c08301898b611178565b876020840152861515604084015282810360608401526112298187610c38565b60ff959095166080840152505060a0015295945050505050565b6020808252601b908201527f746f6b656e3a206e6f74207468652053445020636f6e74726163740000000000604082015260600190565b838152604060208201525f611293604083018486611178565b95945050505050565b5f5f5f606084860312156112ae575f5ffd5b83356112b981610dbd565b925060208401356112c981610dbd565b929592945050506040919091013590565b604081525f6112ed604083018587611178565b905082602083015294935050505056fea2646970667358221220010dbb8c71ef249e044812f0aeec6eb010d4c971272435cdf0ea37ce7775517064736f6c634300081c0033",
}

// CrossChainToken is an auto generated Go binding around an Ethereum contract.
type CrossChainToken struct {
	abi abi.ABI
}

// NewCrossChainToken creates a new instance of CrossChainToken.
func NewCrossChainToken() *CrossChainToken {
	parsed, err := CrossChainTokenMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &CrossChainToken{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *CrossChainToken) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(string tokenName, uint256 supply) returns()
func (crossChainToken *CrossChainToken) PackConstructor(tokenName string, supply *big.Int) []byte {
	enc, err := crossChainToken.abi.Pack("", tokenName, supply)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackAckOnError is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf6d750e4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function ackOnError(bytes32 messageId, string , bytes32 , uint32 , uint64 , bytes , string errorMsg) returns()
func (crossChainToken *CrossChainToken) PackAckOnError(messageId [32]byte, arg1 string, arg2 [32]byte, arg3 uint32, arg4 uint64, arg5 []byte, errorMsg string) []byte {
	enc, err := crossChainToken.abi.Pack("ackOnError", messageId, arg1, arg2, arg3, arg4, arg5, errorMsg)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAckOnError is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf6d750e4.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function ackOnError(bytes32 messageId, string , bytes32 , uint32 , uint64 , bytes , string errorMsg) returns()
func (crossChainToken *CrossChainToken) TryPackAckOnError(messageId [32]byte, arg1 string, arg2 [32]byte, arg3 uint32, arg4 uint64, arg5 []byte, errorMsg string) ([]byte, error) {
	return crossChainToken.abi.Pack("ackOnError", messageId, arg1, arg2, arg3, arg4, arg5, errorMsg)
}

// PackAckOnSuccess is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe5512e97.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function ackOnSuccess(bytes32 messageId, string , bytes32 , uint32 , uint64 , bytes ) returns()
func (crossChainToken *CrossChainToken) PackAckOnSuccess(messageId [32]byte, arg1 string, arg2 [32]byte, arg3 uint32, arg4 uint64, arg5 []byte) []byte {
	enc, err := crossChainToken.abi.Pack("ackOnSuccess", messageId, arg1, arg2, arg3, arg4, arg5)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAckOnSuccess is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe5512e97.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function ackOnSuccess(bytes32 messageId, string , bytes32 , uint32 , uint64 , bytes ) returns()
func (crossChainToken *CrossChainToken) TryPackAckOnSuccess(messageId [32]byte, arg1 string, arg2 [32]byte, arg3 uint32, arg4 uint64, arg5 []byte) ([]byte, error) {
	return crossChainToken.abi.Pack("ackOnSuccess", messageId, arg1, arg2, arg3, arg4, arg5)
}

// PackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function balanceOf(address ) view returns(uint256)
func (crossChainToken *CrossChainToken) PackBalanceOf(arg0 common.Address) []byte {
	enc, err := crossChainToken.abi.Pack("balanceOf", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function balanceOf(address ) view returns(uint256)
func (crossChainToken *CrossChainToken) TryPackBalanceOf(arg0 common.Address) ([]byte, error) {
	return crossChainToken.abi.Pack("balanceOf", arg0)
}

// UnpackBalanceOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x70a08231.
//
// Solidity: function balanceOf(address ) view returns(uint256)
func (crossChainToken *CrossChainToken) UnpackBalanceOf(data []byte) (*big.Int, error) {
	out, err := crossChainToken.abi.Unpack("balanceOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackLocked is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcf309012.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function locked() view returns(uint256)
func (crossChainToken *CrossChainToken) PackLocked() []byte {
	enc, err := crossChainToken.abi.Pack("locked")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLocked is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcf309012.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function locked() view returns(uint256)
func (crossChainToken *CrossChainToken) TryPackLocked() ([]byte, error) {
	return crossChainToken.abi.Pack("locked")
}

// UnpackLocked is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xcf309012.
//
// Solidity: function locked() view returns(uint256)
func (crossChainToken *CrossChainToken) UnpackLocked(data []byte) (*big.Int, error) {
	out, err := crossChainToken.abi.Unpack("locked", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMinted is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4f02c420.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function minted() view returns(uint256)
func (crossChainToken *CrossChainToken) PackMinted() []byte {
	enc, err := crossChainToken.abi.Pack("minted")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMinted is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4f02c420.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function minted() view returns(uint256)
func (crossChainToken *CrossChainToken) TryPackMinted() ([]byte, error) {
	return crossChainToken.abi.Pack("minted")
}

// UnpackMinted is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4f02c420.
//
// Solidity: function minted() view returns(uint256)
func (crossChainToken *CrossChainToken) UnpackMinted(data []byte) (*big.Int, error) {
	out, err := crossChainToken.abi.Unpack("minted", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fdde03.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function name() view returns(string)
func (crossChainToken *CrossChainToken) PackName() []byte {
	enc, err := crossChainToken.abi.Pack("name")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fdde03.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function name() view returns(string)
func (crossChainToken *CrossChainToken) TryPackName() ([]byte, error) {
	return crossChainToken.abi.Pack("name")
}

// UnpackName is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x06fdde03.
//
// Solidity: function name() view returns(string)
func (crossChainToken *CrossChainToken) UnpackName(data []byte) (string, error) {
	out, err := crossChainToken.abi.Unpack("name", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackOwner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8da5cb5b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function owner() view returns(address)
func (crossChainToken *CrossChainToken) PackOwner() []byte {
	enc, err := crossChainToken.abi.Pack("owner")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOwner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8da5cb5b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function owner() view returns(address)
func (crossChainToken *CrossChainToken) TryPackOwner() ([]byte, error) {
	return crossChainToken.abi.Pack("owner")
}

// UnpackOwner is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8da5cb5b.
//
// Solidity: function owner() view returns(address)
func (crossChainToken *CrossChainToken) UnpackOwner(data []byte) (common.Address, error) {
	out, err := crossChainToken.abi.Unpack("owner", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackPaused is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5c975abb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function paused() view returns(bool)
func (crossChainToken *CrossChainToken) PackPaused() []byte {
	enc, err := crossChainToken.abi.Pack("paused")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPaused is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5c975abb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function paused() view returns(bool)
func (crossChainToken *CrossChainToken) TryPackPaused() ([]byte, error) {
	return crossChainToken.abi.Pack("paused")
}

// UnpackPaused is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5c975abb.
//
// Solidity: function paused() view returns(bool)
func (crossChainToken *CrossChainToken) UnpackPaused(data []byte) (bool, error) {
	out, err := crossChainToken.abi.Unpack("paused", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackPeerOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3e8da188.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function peerOf(string ) view returns(bytes32)
func (crossChainToken *CrossChainToken) PackPeerOf(arg0 string) []byte {
	enc, err := crossChainToken.abi.Pack("peerOf", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPeerOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3e8da188.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function peerOf(string ) view returns(bytes32)
func (crossChainToken *CrossChainToken) TryPackPeerOf(arg0 string) ([]byte, error) {
	return crossChainToken.abi.Pack("peerOf", arg0)
}

// UnpackPeerOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x3e8da188.
//
// Solidity: function peerOf(string ) view returns(bytes32)
func (crossChainToken *CrossChainToken) UnpackPeerOf(data []byte) ([32]byte, error) {
	out, err := crossChainToken.abi.Unpack("peerOf", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackPending is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1808eeb8.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function pending(bytes32 ) view returns(address from, uint256 amount)
func (crossChainToken *CrossChainToken) PackPending(arg0 [32]byte) []byte {
	enc, err := crossChainToken.abi.Pack("pending", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPending is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1808eeb8.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function pending(bytes32 ) view returns(address from, uint256 amount)
func (crossChainToken *CrossChainToken) TryPackPending(arg0 [32]byte) ([]byte, error) {
	return crossChainToken.abi.Pack("pending", arg0)
}

// PendingOutput serves as a container for the return parameters of contract
// method Pending.
type PendingOutput struct {
	From   common.Address
	Amount *big.Int
}

// UnpackPending is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x1808eeb8.
//
// Solidity: function pending(bytes32 ) view returns(address from, uint256 amount)
func (crossChainToken *CrossChainToken) UnpackPending(data []byte) (PendingOutput, error) {
	out, err := crossChainToken.abi.Unpack("pending", data)
	outstruct := new(PendingOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.From = *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	outstruct.Amount = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	return *outstruct, nil
}

// PackRecvMessage is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc09b261b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function recvMessage(string , bytes32 , bytes ) pure returns()
func (crossChainToken *CrossChainToken) PackRecvMessage(arg0 string, arg1 [32]byte, arg2 []byte) []byte {
	enc, err := crossChainToken.abi.Pack("recvMessage", arg0, arg1, arg2)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRecvMessage is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc09b261b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function recvMessage(string , bytes32 , bytes ) pure returns()
func (crossChainToken *CrossChainToken) TryPackRecvMessage(arg0 string, arg1 [32]byte, arg2 []byte) ([]byte, error) {
	return crossChainToken.abi.Pack("recvMessage", arg0, arg1, arg2)
}

// PackRecvUnorderedMessage is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xff098be7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function recvUnorderedMessage(string senderDomain, bytes32 author, bytes message) returns()
func (crossChainToken *CrossChainToken) PackRecvUnorderedMessage(senderDomain string, author [32]byte, message []byte) []byte {
	enc, err := crossChainToken.abi.Pack("recvUnorderedMessage", senderDomain, author, message)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRecvUnorderedMessage is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xff098be7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function recvUnorderedMessage(string senderDomain, bytes32 author, bytes message) returns()
func (crossChainToken *CrossChainToken) TryPackRecvUnorderedMessage(senderDomain string, author [32]byte, message []byte) ([]byte, error) {
	return crossChainToken.abi.Pack("recvUnorderedMessage", senderDomain, author, message)
}

// PackSend is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x46a29f6a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function send(string domain, address to, uint256 amount, uint8 timeoutMeasure, uint256 timeout) returns(bytes32 id)
func (crossChainToken *CrossChainToken) PackSend(domain string, to common.Address, amount *big.Int, timeoutMeasure uint8, timeout *big.Int) []byte {
	enc, err := crossChainToken.abi.Pack("send", domain, to, amount, timeoutMeasure, timeout)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSend is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x46a29f6a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function send(string domain, address to, uint256 amount, uint8 timeoutMeasure, uint256 timeout) returns(bytes32 id)
func (crossChainToken *CrossChainToken) TryPackSend(domain string, to common.Address, amount *big.Int, timeoutMeasure uint8, timeout *big.Int) ([]byte, error) {
	return crossChainToken.abi.Pack("send", domain, to, amount, timeoutMeasure, timeout)
}

// UnpackSend is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x46a29f6a.
//
// Solidity: function send(string domain, address to, uint256 amount, uint8 timeoutMeasure, uint256 timeout) returns(bytes32 id)
func (crossChainToken *CrossChainToken) UnpackSend(data []byte) ([32]byte, error) {
	out, err := crossChainToken.abi.Unpack("send", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackSetPaused is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x16c38b3c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setPaused(bool p) returns()
func (crossChainToken *CrossChainToken) PackSetPaused(p bool) []byte {
	enc, err := crossChainToken.abi.Pack("setPaused", p)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetPaused is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x16c38b3c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setPaused(bool p) returns()
func (crossChainToken *CrossChainToken) TryPackSetPaused(p bool) ([]byte, error) {
	return crossChainToken.abi.Pack("setPaused", p)
}

// PackSetPeer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6a38b3b3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setPeer(string domain, bytes32 peer) returns()
func (crossChainToken *CrossChainToken) PackSetPeer(domain string, peer [32]byte) []byte {
	enc, err := crossChainToken.abi.Pack("setPeer", domain, peer)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetPeer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6a38b3b3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setPeer(string domain, bytes32 peer) returns()
func (crossChainToken *CrossChainToken) TryPackSetPeer(domain string, peer [32]byte) ([]byte, error) {
	return crossChainToken.abi.Pack("setPeer", domain, peer)
}

// PackTransfer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa9059cbb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transfer(address to, uint256 amount) returns()
func (crossChainToken *CrossChainToken) PackTransfer(to common.Address, amount *big.Int) []byte {
	enc, err := crossChainToken.abi.Pack("transfer", to, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransfer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa9059cbb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transfer(address to, uint256 amount) returns()
func (crossChainToken *CrossChainToken) TryPackTransfer(to common.Address, amount *big.Int) ([]byte, error) {
	return crossChainToken.abi.Pack("transfer", to, amount)
}

// CrossChainTokenLocked represents a Locked event raised by the CrossChainToken contract.
type CrossChainTokenLocked struct {
	MessageId [32]byte
	From      common.Address
	To        common.Address
	Amount    *big.Int
	Raw       *types.Log // Blockchain specific contextual infos
}

const CrossChainTokenLockedEventName = "Locked"

// ContractEventName returns the user-defined event name.
func (CrossChainTokenLocked) ContractEventName() string {
	return CrossChainTokenLockedEventName
}

// UnpackLockedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Locked(bytes32 indexed messageId, address indexed from, address to, uint256 amount)
func (crossChainToken *CrossChainToken) UnpackLockedEvent(log *types.Log) (*CrossChainTokenLocked, error) {
	event := "Locked"
	if len(log.Topics) == 0 || log.Topics[0] != crossChainToken.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(CrossChainTokenLocked)
	if len(log.Data) > 0 {
		if err := crossChainToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range crossChainToken.abi.Events[event].Inputs {
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

// CrossChainTokenMinted represents a Minted event raised by the CrossChainToken contract.
type CrossChainTokenMinted struct {
	SenderDomain string
	To           common.Address
	Amount       *big.Int
	Raw          *types.Log // Blockchain specific contextual infos
}

const CrossChainTokenMintedEventName = "Minted"

// ContractEventName returns the user-defined event name.
func (CrossChainTokenMinted) ContractEventName() string {
	return CrossChainTokenMintedEventName
}

// UnpackMintedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Minted(string senderDomain, address indexed to, uint256 amount)
func (crossChainToken *CrossChainToken) UnpackMintedEvent(log *types.Log) (*CrossChainTokenMinted, error) {
	event := "Minted"
	if len(log.Topics) == 0 || log.Topics[0] != crossChainToken.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(CrossChainTokenMinted)
	if len(log.Data) > 0 {
		if err := crossChainToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range crossChainToken.abi.Events[event].Inputs {
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

// CrossChainTokenRefunded represents a Refunded event raised by the CrossChainToken contract.
type CrossChainTokenRefunded struct {
	MessageId [32]byte
	To        common.Address
	Amount    *big.Int
	Reason    string
	Raw       *types.Log // Blockchain specific contextual infos
}

const CrossChainTokenRefundedEventName = "Refunded"

// ContractEventName returns the user-defined event name.
func (CrossChainTokenRefunded) ContractEventName() string {
	return CrossChainTokenRefundedEventName
}

// UnpackRefundedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Refunded(bytes32 indexed messageId, address indexed to, uint256 amount, string reason)
func (crossChainToken *CrossChainToken) UnpackRefundedEvent(log *types.Log) (*CrossChainTokenRefunded, error) {
	event := "Refunded"
	if len(log.Topics) == 0 || log.Topics[0] != crossChainToken.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(CrossChainTokenRefunded)
	if len(log.Data) > 0 {
		if err := crossChainToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range crossChainToken.abi.Events[event].Inputs {
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

// CrossChainTokenSettled represents a Settled event raised by the CrossChainToken contract.
type CrossChainTokenSettled struct {
	MessageId [32]byte
	Raw       *types.Log // Blockchain specific contextual infos
}

const CrossChainTokenSettledEventName = "Settled"

// ContractEventName returns the user-defined event name.
func (CrossChainTokenSettled) ContractEventName() string {
	return CrossChainTokenSettledEventName
}

// UnpackSettledEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Settled(bytes32 indexed messageId)
func (crossChainToken *CrossChainToken) UnpackSettledEvent(log *types.Log) (*CrossChainTokenSettled, error) {
	event := "Settled"
	if len(log.Topics) == 0 || log.Topics[0] != crossChainToken.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(CrossChainTokenSettled)
	if len(log.Data) > 0 {
		if err := crossChainToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range crossChainToken.abi.Events[event].Inputs {
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
