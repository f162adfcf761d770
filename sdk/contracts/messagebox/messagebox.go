// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package messagebox

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

// MessageBoxMetaData contains all meta data concerning the MessageBox contract.
var MessageBoxMetaData = bind.MetaData{
	ABI: "[{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"messageId\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bool\",\"name\":\"ok\",\"type\":\"bool\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"errorMsg\",\"type\":\"string\"}],\"name\":\"Acked\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"string\",\"name\":\"senderDomain\",\"type\":\"string\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"author\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bool\",\"name\":\"ordered\",\"type\":\"bool\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"message\",\"type\":\"bytes\"}],\"name\":\"Received\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"name\":\"ackOf\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"messageId\",\"type\":\"bytes32\"},{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"},{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"},{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"},{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"},{\"internalType\":\"string\",\"name\":\"errorMsg\",\"type\":\"string\"}],\"name\":\"ackOnError\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"messageId\",\"type\":\"bytes32\"},{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"},{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"},{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"},{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"name\":\"ackOnSuccess\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"acksError\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"acksOK\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastAckError\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastAckId\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastAuthor\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastMessage\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastSenderDomain\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"orderedChain\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"orderedReceived\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"senderDomain\",\"type\":\"string\"},{\"internalType\":\"bytes32\",\"name\":\"author\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"message\",\"type\":\"bytes\"}],\"name\":\"recvMessage\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"senderDomain\",\"type\":\"string\"},{\"internalType\":\"bytes32\",\"name\":\"author\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"message\",\"type\":\"bytes\"}],\"name\":\"recvUnorderedMessage\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"domain\",\"type\":\"string\"},{\"internalType\":\"bytes32\",\"name\":\"receiver\",\"type\":\"bytes32\"},{\"internalType\":\"bool\",\"name\":\"ordered\",\"type\":\"bool\"},{\"internalType\":\"bytes\",\"name\":\"message\",\"type\":\"bytes\"}],\"name\":\"sendAtomic\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"domain\",\"type\":\"string\"},{\"internalType\":\"bytes32\",\"name\":\"receiver\",\"type\":\"bytes32\"},{\"internalType\":\"bool\",\"name\":\"ordered\",\"type\":\"bool\"},{\"internalType\":\"bytes\",\"name\":\"prefix\",\"type\":\"bytes\"},{\"internalType\":\"uint64\",\"name\":\"from\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"n\",\"type\":\"uint64\"}],\"name\":\"sendMany\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"domain\",\"type\":\"string\"},{\"internalType\":\"bytes32\",\"name\":\"receiver\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"message\",\"type\":\"bytes\"}],\"name\":\"sendOrdered\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"domain\",\"type\":\"string\"},{\"internalType\":\"bytes32\",\"name\":\"receiver\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"message\",\"type\":\"bytes\"}],\"name\":\"sendUnordered\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"domain\",\"type\":\"string\"},{\"internalType\":\"bytes32\",\"name\":\"receiver\",\"type\":\"bytes32\"},{\"internalType\":\"bool\",\"name\":\"ordered\",\"type\":\"bool\"},{\"internalType\":\"bytes\",\"name\":\"message\",\"type\":\"bytes\"},{\"internalType\":\"uint8\",\"name\":\"measure\",\"type\":\"uint8\"},{\"internalType\":\"uint256\",\"name\":\"timeout\",\"type\":\"uint256\"}],\"name\":\"sendWithTimeout\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"unorderedReceived\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "MessageBox",
	Bin: "0x6080604052348015600e575f5ffd5b5061149e8061001c5f395ff3fe608060405234801561000f575f5ffd5b5060043610610127575f3560e01c8063c468b22a116100a9578063e5512e971161006e578063e5512e971461026a578063f423541c1461027d578063f6d750e414610297578063fc258ac3146102aa578063ff098be7146102bc575f5ffd5b8063c468b22a1461021a578063cb9a778914610233578063d92339fe1461023b578063df04db6d1461024e578063e1d34dd414610261575f5ffd5b8063878ae198116100ef578063878ae198146101c25780638d8f5c24146101ca5780639cf3b4d7146101d3578063b326c6e0146101dc578063c09b261b14610207575f5ffd5b80632b57e29e1461012b5780633297071014610164578063483beef3146101795780634e75c9ba1461018e578063860c19ab146101a1575b5f5ffd5b61014d610139366004610bf7565b60086020525f908152604090205460ff1681565b60405160ff90911681526020015b60405180910390f35b61016c6102cf565b60405161015b9190610c3c565b61018c610187366004610cc3565b61035b565b005b61018c61019c366004610d6a565b6104a5565b6101b46101af366004610de1565b6104fb565b60405190815260200161015b565b61016c6105f6565b6101b460045481565b6101b460015481565b6005546101ef906001600160401b031681565b6040516001600160401b03909116815260200161015b565b61018c610215366004610d6a565b610603565b5f546101ef90600160401b90046001600160401b031681565b61016c6106fb565b61018c610249366004610d6a565b610708565b6101b461025c366004610e68565b610735565b6101b460065481565b61018c610278366004610f23565b61083a565b6005546101ef90600160401b90046001600160401b031681565b61018c6102a5366004610fc3565b610969565b5f546101ef906001600160401b031681565b61018c6102ca366004610d6a565b610aa0565b600280546102dc90611094565b80601f016020809104026020016040519081016040528092919081815260200182805461030890611094565b80156103535780601f1061032a57610100808354040283529160200191610353565b820191905f5260205f20905b81548152906001019060200180831161033657829003601f168201915b505050505081565b815b61036782846110e0565b6001600160401b0316816001600160401b0316101561049a575f85858360405160200161039693929190611105565b60405160208183030381529060405290508615610421576040516391198fcd60e01b815261010d906391198fcd906103db908d908d908d90600190889060040161114e565b6020604051808303815f875af11580156103f7573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061041b9190611181565b50610491565b6040516302e546d360e11b815261010d906305ca8da69061044f908d908d908d90600190889060040161114e565b6020604051808303815f875af115801561046b573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061048f9190611181565b505b5060010161035d565b505050505050505050565b60405163f76f703b60e01b815261010d9063f76f703b906104d29088908890889088908890600401611198565b5f604051808303815f87803b1580156104e9575f5ffd5b505af115801561049a573d5f5f3e3d5ffd5b5f8315610579576040516391198fcd60e01b815261010d906391198fcd90610532908a908a908a906001908a908a906004016111c4565b6020604051808303815f875af115801561054e573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906105729190611181565b90506105ec565b6040516302e546d360e11b815261010d906305ca8da6906105a9908a908a908a906001908a908a906004016111c4565b6020604051808303815f875af11580156105c5573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906105e99190611181565b90505b9695505050505050565b600380546102dc90611094565b3361010d1461062d5760405162461bcd60e51b815260040161062490611205565b60405180910390fd5b6106378282610b55565b5f80546001600160401b0316908061064e8361123a565b91906101000a8154816001600160401b0302191690836001600160401b0316021790555050600154828260405160200161068a93929190611264565b60408051601f1981840301815291905280516020909101206001556106b28585858585610bd2565b7f8533fb5c2af6240706daae2fad9e665da67cf74f16c9b00c0d9c39bc131bfff3858585600186866040516106ec969594939291906111c4565b60405180910390a15050505050565b600780546102dc90611094565b6040516360e7662d60e11b815261010d9063c1cecc5a906104d29088908890889088908890600401611198565b5f85156107b7576040516337084d7f60e11b815261010d90636e109afe90610770908c908c908c906001908c908c908c908c9060040161127d565b6020604051808303815f875af115801561078c573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906107b09190611181565b905061082e565b604051633b179eb760e11b815261010d9063762f3d6e906107eb908c908c908c906001908c908c908c908c9060040161127d565b6020604051808303815f875af1158015610807573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061082b9190611181565b90505b98975050505050505050565b3361010d1461085b5760405162461bcd60e51b815260040161062490611205565b5f8881526008602052604090205460ff16156108b95760405162461bcd60e51b815260206004820152601e60248201527f4d657373616765426f783a2061636b6e6f776c656467656420747769636500006044820152606401610624565b5f888152600860205260408120805460ff19166001179055600580546001600160401b0316916108e88361123a565b91906101000a8154816001600160401b0302191690836001600160401b031602179055505087600681905550877f660a93e7632da87e8227f8f1d7baddca490aa955a91521fa01553627f63ab505600160405161095791151581526040602082018190525f9082015260600190565b60405180910390a25050505050505050565b3361010d1461098a5760405162461bcd60e51b815260040161062490611205565b5f8a81526008602052604090205460ff16156109e85760405162461bcd60e51b815260206004820152601e60248201527f4d657373616765426f783a2061636b6e6f776c656467656420747769636500006044820152606401610624565b5f8a8152600860208190526040909120805460ff19166002179055600580546001600160401b03600160401b9091041691610a228361123a565b82546001600160401b039182166101009390930a92830291909202199091161790555060068a90556007610a5782848361132c565b50897f660a93e7632da87e8227f8f1d7baddca490aa955a91521fa01553627f63ab5055f8484604051610a8c939291906113e5565b60405180910390a250505050505050505050565b3361010d14610ac15760405162461bcd60e51b815260040161062490611205565b610acb8282610b55565b5f8054600160401b90046001600160401b0316906008610aea8361123a565b91906101000a8154816001600160401b0302191690836001600160401b0316021790555050610b1c8585858585610bd2565b7f8533fb5c2af6240706daae2fad9e665da67cf74f16c9b00c0d9c39bc131bfff38585855f86866040516106ec969594939291906111c4565b60048110801590610b8b57506319985a5b60e21b610b7660045f8486611409565b610b7f91611430565b6001600160e01b031916145b15610bce5760405162461bcd60e51b815260206004820152601360248201527213595cdcd859d9509bde0e881c99599d5cd959606a1b6044820152606401610624565b5050565b6002610bdf82848361132c565b506003610bed85878361132c565b5050506004555050565b5f60208284031215610c07575f5ffd5b5035919050565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b602081525f610c4e6020830184610c0e565b9392505050565b5f5f83601f840112610c65575f5ffd5b5081356001600160401b03811115610c7b575f5ffd5b602083019150836020828501011115610c92575f5ffd5b9250929050565b80358015158114610ca8575f5ffd5b919050565b80356001600160401b0381168114610ca8575f5ffd5b5f5f5f5f5f5f5f5f60c0898b031215610cda575f5ffd5b88356001600160401b03811115610cef575f5ffd5b610cfb8b828c01610c55565b90995097505060208901359550610d1460408a01610c99565b945060608901356001600160401b03811115610d2e575f5ffd5b610d3a8b828c01610c55565b9095509350610d4d905060808a01610cad565b9150610d5b60a08a01610cad565b90509295985092959890939650565b5f5f5f5f5f60608688031215610d7e575f5ffd5b85356001600160401b03811115610d93575f5ffd5b610d9f88828901610c55565b9096509450506020860135925060408601356001600160401b03811115610dc4575f5ffd5b610dd088828901610c55565b969995985093965092949392505050565b5f5f5f5f5f5f60808789031215610df6575f5ffd5b86356001600160401b03811115610e0b575f5ffd5b610e1789828a01610c55565b90975095505060208701359350610e3060408801610c99565b925060608701356001600160401b03811115610e4a575f5ffd5b610e5689828a01610c55565b979a9699509497509295939492505050565b5f5f5f5f5f5f5f5f60c0898b031215610e7f575f5ffd5b88356001600160401b03811115610e94575f5ffd5b610ea08b828c01610c55565b90995097505060208901359550610eb960408a01610c99565b945060608901356001600160401b03811115610ed3575f5ffd5b610edf8b828c01610c55565b909550935050608089013560ff81168114610ef8575f5ffd5b8092505060a089013590509295985092959890939650565b803563ffffffff81168114610ca8575f5ffd5b5f5f5f5f5f5f5f5f60c0898b031215610f3a575f5ffd5b8835975060208901356001600160401b03811115610f56575f5ffd5b610f628b828c01610c55565b90985096505060408901359450610f7b60608a01610f10565b9350610f8960808a01610cad565b925060a08901356001600160401b03811115610fa3575f5ffd5b610faf8b828c01610c55565b999c989b5096995094979396929594505050565b5f5f5f5f5f5f5f5f5f5f60e08b8d031215610fdc575f5ffd5b8a35995060208b01356001600160401b03811115610ff8575f5ffd5b6110048d828e01610c55565b909a5098505060408b0135965061101d60608c01610f10565b955061102b60808c01610cad565b945060a08b01356001600160401b03811115611045575f5ffd5b6110518d828e01610c55565b90955093505060c08b01356001600160401b0381111561106f575f5ffd5b61107b8d828e01610c55565b915080935050809150509295989b9194979a5092959850565b600181811c908216806110a857607f821691505b6020821081036110c657634e487b7160e01b5f52602260045260245ffd5b50919050565b634e487b7160e01b5f52601160045260245ffd5b6001600160401b0381811683821601908111156110ff576110ff6110cc565b92915050565b8284823760c09190911b6001600160c01b0319169101908152600801919050565b81835281816020850137505f828201602090810191909152601f909101601f19169091010190565b608081525f611161608083018789611126565b8560208401528415156040840152828103606084015261082e8185610c0e565b5f60208284031215611191575f5ffd5b5051919050565b606081525f6111ab606083018789611126565b856020840152828103604084015261082e818587611126565b608081525f6111d760808301888a611126565b866020840152851515604084015282810360608401526111f8818587611126565b9998505050505050505050565b6020808252818101527f4d657373616765426f783a206e6f74207468652053445020636f6e7472616374604082015260600190565b5f6001600160401b0382166001600160401b03810361125b5761125b6110cc565b60010192915050565b838152818360208301375f910160200190815292915050565b60c081525f61129060c083018a8c611126565b886020840152871515604084015282810360608401526112b1818789611126565b60ff959095166080840152505060a001529695505050505050565b634e487b7160e01b5f52604160045260245ffd5b601f82111561132757805f5260205f20601f840160051c810160208510156113055750805b601f840160051c820191505b81811015611324575f8155600101611311565b50505b505050565b6001600160401b03831115611343576113436112cc565b611357836113518354611094565b836112e0565b5f601f841160018114611388575f85156113715750838201355b5f19600387901b1c1916600186901b178355611324565b5f83815260208120601f198716915b828110156113b75786850135825560209485019460019092019101611397565b50868210156113d3575f1960f88860031b161c19848701351681555b505060018560011b0183555050505050565b8315158152604060208201525f611400604083018486611126565b95945050505050565b5f5f85851115611417575f5ffd5b83861115611423575f5ffd5b5050820193919092039150565b80356001600160e01b03198116906004841015611461576001600160e01b0319600485900360031b81901b82161691505b509291505056fea26469706673582212203109c461a7c772ba69bedede6120ccbc90ec36e76ec0aa722f28750efd38bb7264736f6c634300081c0033",
}

// MessageBox is an auto generated Go binding around an Ethereum contract.
type MessageBox struct {
	abi abi.ABI
}

// NewMessageBox creates a new instance of MessageBox.
func NewMessageBox() *MessageBox {
	parsed, err := MessageBoxMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &MessageBox{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *MessageBox) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackAckOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2b57e29e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function ackOf(bytes32 ) view returns(uint8)
func (messageBox *MessageBox) PackAckOf(arg0 [32]byte) []byte {
	enc, err := messageBox.abi.Pack("ackOf", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAckOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2b57e29e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function ackOf(bytes32 ) view returns(uint8)
func (messageBox *MessageBox) TryPackAckOf(arg0 [32]byte) ([]byte, error) {
	return messageBox.abi.Pack("ackOf", arg0)
}

// UnpackAckOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2b57e29e.
//
// Solidity: function ackOf(bytes32 ) view returns(uint8)
func (messageBox *MessageBox) UnpackAckOf(data []byte) (uint8, error) {
	out, err := messageBox.abi.Unpack("ackOf", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackAckOnError is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf6d750e4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function ackOnError(bytes32 messageId, string , bytes32 , uint32 , uint64 , bytes , string errorMsg) returns()
func (messageBox *MessageBox) PackAckOnError(messageId [32]byte, arg1 string, arg2 [32]byte, arg3 uint32, arg4 uint64, arg5 []byte, errorMsg string) []byte {
	enc, err := messageBox.abi.Pack("ackOnError", messageId, arg1, arg2, arg3, arg4, arg5, errorMsg)
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
func (messageBox *MessageBox) TryPackAckOnError(messageId [32]byte, arg1 string, arg2 [32]byte, arg3 uint32, arg4 uint64, arg5 []byte, errorMsg string) ([]byte, error) {
	return messageBox.abi.Pack("ackOnError", messageId, arg1, arg2, arg3, arg4, arg5, errorMsg)
}

// PackAckOnSuccess is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe5512e97.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function ackOnSuccess(bytes32 messageId, string , bytes32 , uint32 , uint64 , bytes ) returns()
func (messageBox *MessageBox) PackAckOnSuccess(messageId [32]byte, arg1 string, arg2 [32]byte, arg3 uint32, arg4 uint64, arg5 []byte) []byte {
	enc, err := messageBox.abi.Pack("ackOnSuccess", messageId, arg1, arg2, arg3, arg4, arg5)
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
func (messageBox *MessageBox) TryPackAckOnSuccess(messageId [32]byte, arg1 string, arg2 [32]byte, arg3 uint32, arg4 uint64, arg5 []byte) ([]byte, error) {
	return messageBox.abi.Pack("ackOnSuccess", messageId, arg1, arg2, arg3, arg4, arg5)
}

// PackAcksError is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf423541c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function acksError() view returns(uint64)
func (messageBox *MessageBox) PackAcksError() []byte {
	enc, err := messageBox.abi.Pack("acksError")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAcksError is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf423541c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function acksError() view returns(uint64)
func (messageBox *MessageBox) TryPackAcksError() ([]byte, error) {
	return messageBox.abi.Pack("acksError")
}

// UnpackAcksError is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf423541c.
//
// Solidity: function acksError() view returns(uint64)
func (messageBox *MessageBox) UnpackAcksError(data []byte) (uint64, error) {
	out, err := messageBox.abi.Unpack("acksError", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackAcksOK is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb326c6e0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function acksOK() view returns(uint64)
func (messageBox *MessageBox) PackAcksOK() []byte {
	enc, err := messageBox.abi.Pack("acksOK")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAcksOK is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb326c6e0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function acksOK() view returns(uint64)
func (messageBox *MessageBox) TryPackAcksOK() ([]byte, error) {
	return messageBox.abi.Pack("acksOK")
}

// UnpackAcksOK is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb326c6e0.
//
// Solidity: function acksOK() view returns(uint64)
func (messageBox *MessageBox) UnpackAcksOK(data []byte) (uint64, error) {
	out, err := messageBox.abi.Unpack("acksOK", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackLastAckError is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcb9a7789.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastAckError() view returns(string)
func (messageBox *MessageBox) PackLastAckError() []byte {
	enc, err := messageBox.abi.Pack("lastAckError")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastAckError is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcb9a7789.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastAckError() view returns(string)
func (messageBox *MessageBox) TryPackLastAckError() ([]byte, error) {
	return messageBox.abi.Pack("lastAckError")
}

// UnpackLastAckError is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xcb9a7789.
//
// Solidity: function lastAckError() view returns(string)
func (messageBox *MessageBox) UnpackLastAckError(data []byte) (string, error) {
	out, err := messageBox.abi.Unpack("lastAckError", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackLastAckId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe1d34dd4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastAckId() view returns(bytes32)
func (messageBox *MessageBox) PackLastAckId() []byte {
	enc, err := messageBox.abi.Pack("lastAckId")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastAckId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe1d34dd4.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastAckId() view returns(bytes32)
func (messageBox *MessageBox) TryPackLastAckId() ([]byte, error) {
	return messageBox.abi.Pack("lastAckId")
}

// UnpackLastAckId is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe1d34dd4.
//
// Solidity: function lastAckId() view returns(bytes32)
func (messageBox *MessageBox) UnpackLastAckId(data []byte) ([32]byte, error) {
	out, err := messageBox.abi.Unpack("lastAckId", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackLastAuthor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8d8f5c24.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastAuthor() view returns(bytes32)
func (messageBox *MessageBox) PackLastAuthor() []byte {
	enc, err := messageBox.abi.Pack("lastAuthor")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastAuthor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8d8f5c24.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastAuthor() view returns(bytes32)
func (messageBox *MessageBox) TryPackLastAuthor() ([]byte, error) {
	return messageBox.abi.Pack("lastAuthor")
}

// UnpackLastAuthor is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8d8f5c24.
//
// Solidity: function lastAuthor() view returns(bytes32)
func (messageBox *MessageBox) UnpackLastAuthor(data []byte) ([32]byte, error) {
	out, err := messageBox.abi.Unpack("lastAuthor", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackLastMessage is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x32970710.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastMessage() view returns(bytes)
func (messageBox *MessageBox) PackLastMessage() []byte {
	enc, err := messageBox.abi.Pack("lastMessage")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastMessage is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x32970710.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastMessage() view returns(bytes)
func (messageBox *MessageBox) TryPackLastMessage() ([]byte, error) {
	return messageBox.abi.Pack("lastMessage")
}

// UnpackLastMessage is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x32970710.
//
// Solidity: function lastMessage() view returns(bytes)
func (messageBox *MessageBox) UnpackLastMessage(data []byte) ([]byte, error) {
	out, err := messageBox.abi.Unpack("lastMessage", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// PackLastSenderDomain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x878ae198.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastSenderDomain() view returns(string)
func (messageBox *MessageBox) PackLastSenderDomain() []byte {
	enc, err := messageBox.abi.Pack("lastSenderDomain")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastSenderDomain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x878ae198.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastSenderDomain() view returns(string)
func (messageBox *MessageBox) TryPackLastSenderDomain() ([]byte, error) {
	return messageBox.abi.Pack("lastSenderDomain")
}

// UnpackLastSenderDomain is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x878ae198.
//
// Solidity: function lastSenderDomain() view returns(string)
func (messageBox *MessageBox) UnpackLastSenderDomain(data []byte) (string, error) {
	out, err := messageBox.abi.Unpack("lastSenderDomain", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackOrderedChain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9cf3b4d7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function orderedChain() view returns(bytes32)
func (messageBox *MessageBox) PackOrderedChain() []byte {
	enc, err := messageBox.abi.Pack("orderedChain")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOrderedChain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9cf3b4d7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function orderedChain() view returns(bytes32)
func (messageBox *MessageBox) TryPackOrderedChain() ([]byte, error) {
	return messageBox.abi.Pack("orderedChain")
}

// UnpackOrderedChain is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9cf3b4d7.
//
// Solidity: function orderedChain() view returns(bytes32)
func (messageBox *MessageBox) UnpackOrderedChain(data []byte) ([32]byte, error) {
	out, err := messageBox.abi.Unpack("orderedChain", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackOrderedReceived is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc258ac3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function orderedReceived() view returns(uint64)
func (messageBox *MessageBox) PackOrderedReceived() []byte {
	enc, err := messageBox.abi.Pack("orderedReceived")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOrderedReceived is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc258ac3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function orderedReceived() view returns(uint64)
func (messageBox *MessageBox) TryPackOrderedReceived() ([]byte, error) {
	return messageBox.abi.Pack("orderedReceived")
}

// UnpackOrderedReceived is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfc258ac3.
//
// Solidity: function orderedReceived() view returns(uint64)
func (messageBox *MessageBox) UnpackOrderedReceived(data []byte) (uint64, error) {
	out, err := messageBox.abi.Unpack("orderedReceived", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackRecvMessage is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc09b261b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function recvMessage(string senderDomain, bytes32 author, bytes message) returns()
func (messageBox *MessageBox) PackRecvMessage(senderDomain string, author [32]byte, message []byte) []byte {
	enc, err := messageBox.abi.Pack("recvMessage", senderDomain, author, message)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRecvMessage is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc09b261b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function recvMessage(string senderDomain, bytes32 author, bytes message) returns()
func (messageBox *MessageBox) TryPackRecvMessage(senderDomain string, author [32]byte, message []byte) ([]byte, error) {
	return messageBox.abi.Pack("recvMessage", senderDomain, author, message)
}

// PackRecvUnorderedMessage is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xff098be7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function recvUnorderedMessage(string senderDomain, bytes32 author, bytes message) returns()
func (messageBox *MessageBox) PackRecvUnorderedMessage(senderDomain string, author [32]byte, message []byte) []byte {
	enc, err := messageBox.abi.Pack("recvUnorderedMessage", senderDomain, author, message)
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
func (messageBox *MessageBox) TryPackRecvUnorderedMessage(senderDomain string, author [32]byte, message []byte) ([]byte, error) {
	return messageBox.abi.Pack("recvUnorderedMessage", senderDomain, author, message)
}

// PackSendAtomic is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x860c19ab.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function sendAtomic(string domain, bytes32 receiver, bool ordered, bytes message) returns(bytes32)
func (messageBox *MessageBox) PackSendAtomic(domain string, receiver [32]byte, ordered bool, message []byte) []byte {
	enc, err := messageBox.abi.Pack("sendAtomic", domain, receiver, ordered, message)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSendAtomic is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x860c19ab.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function sendAtomic(string domain, bytes32 receiver, bool ordered, bytes message) returns(bytes32)
func (messageBox *MessageBox) TryPackSendAtomic(domain string, receiver [32]byte, ordered bool, message []byte) ([]byte, error) {
	return messageBox.abi.Pack("sendAtomic", domain, receiver, ordered, message)
}

// UnpackSendAtomic is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x860c19ab.
//
// Solidity: function sendAtomic(string domain, bytes32 receiver, bool ordered, bytes message) returns(bytes32)
func (messageBox *MessageBox) UnpackSendAtomic(data []byte) ([32]byte, error) {
	out, err := messageBox.abi.Unpack("sendAtomic", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackSendMany is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x483beef3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function sendMany(string domain, bytes32 receiver, bool ordered, bytes prefix, uint64 from, uint64 n) returns()
func (messageBox *MessageBox) PackSendMany(domain string, receiver [32]byte, ordered bool, prefix []byte, from uint64, n uint64) []byte {
	enc, err := messageBox.abi.Pack("sendMany", domain, receiver, ordered, prefix, from, n)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSendMany is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x483beef3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function sendMany(string domain, bytes32 receiver, bool ordered, bytes prefix, uint64 from, uint64 n) returns()
func (messageBox *MessageBox) TryPackSendMany(domain string, receiver [32]byte, ordered bool, prefix []byte, from uint64, n uint64) ([]byte, error) {
	return messageBox.abi.Pack("sendMany", domain, receiver, ordered, prefix, from, n)
}

// PackSendOrdered is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4e75c9ba.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function sendOrdered(string domain, bytes32 receiver, bytes message) returns()
func (messageBox *MessageBox) PackSendOrdered(domain string, receiver [32]byte, message []byte) []byte {
	enc, err := messageBox.abi.Pack("sendOrdered", domain, receiver, message)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSendOrdered is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4e75c9ba.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function sendOrdered(string domain, bytes32 receiver, bytes message) returns()
func (messageBox *MessageBox) TryPackSendOrdered(domain string, receiver [32]byte, message []byte) ([]byte, error) {
	return messageBox.abi.Pack("sendOrdered", domain, receiver, message)
}

// PackSendUnordered is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd92339fe.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function sendUnordered(string domain, bytes32 receiver, bytes message) returns()
func (messageBox *MessageBox) PackSendUnordered(domain string, receiver [32]byte, message []byte) []byte {
	enc, err := messageBox.abi.Pack("sendUnordered", domain, receiver, message)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSendUnordered is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd92339fe.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function sendUnordered(string domain, bytes32 receiver, bytes message) returns()
func (messageBox *MessageBox) TryPackSendUnordered(domain string, receiver [32]byte, message []byte) ([]byte, error) {
	return messageBox.abi.Pack("sendUnordered", domain, receiver, message)
}

// PackSendWithTimeout is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdf04db6d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function sendWithTimeout(string domain, bytes32 receiver, bool ordered, bytes message, uint8 measure, uint256 timeout) returns(bytes32)
func (messageBox *MessageBox) PackSendWithTimeout(domain string, receiver [32]byte, ordered bool, message []byte, measure uint8, timeout *big.Int) []byte {
	enc, err := messageBox.abi.Pack("sendWithTimeout", domain, receiver, ordered, message, measure, timeout)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSendWithTimeout is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdf04db6d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function sendWithTimeout(string domain, bytes32 receiver, bool ordered, bytes message, uint8 measure, uint256 timeout) returns(bytes32)
func (messageBox *MessageBox) TryPackSendWithTimeout(domain string, receiver [32]byte, ordered bool, message []byte, measure uint8, timeout *big.Int) ([]byte, error) {
	return messageBox.abi.Pack("sendWithTimeout", domain, receiver, ordered, message, measure, timeout)
}

// UnpackSendWithTimeout is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xdf04db6d.
//
// Solidity: function sendWithTimeout(string domain, bytes32 receiver, bool ordered, bytes message, uint8 measure, uint256 timeout) returns(bytes32)
func (messageBox *MessageBox) UnpackSendWithTimeout(data []byte) ([32]byte, error) {
	out, err := messageBox.abi.Unpack("sendWithTimeout", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackUnorderedReceived is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc468b22a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function unorderedReceived() view returns(uint64)
func (messageBox *MessageBox) PackUnorderedReceived() []byte {
	enc, err := messageBox.abi.Pack("unorderedReceived")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUnorderedReceived is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc468b22a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function unorderedReceived() view returns(uint64)
func (messageBox *MessageBox) TryPackUnorderedReceived() ([]byte, error) {
	return messageBox.abi.Pack("unorderedReceived")
}

// UnpackUnorderedReceived is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc468b22a.
//
// Solidity: function unorderedReceived() view returns(uint64)
func (messageBox *MessageBox) UnpackUnorderedReceived(data []byte) (uint64, error) {
	out, err := messageBox.abi.Unpack("unorderedReceived", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// MessageBoxAcked represents a Acked event raised by the MessageBox contract.
type MessageBoxAcked struct {
	MessageId [32]byte
	Ok        bool
	ErrorMsg  string
	Raw       *types.Log // Blockchain specific contextual infos
}

const MessageBoxAckedEventName = "Acked"

// ContractEventName returns the user-defined event name.
func (MessageBoxAcked) ContractEventName() string {
	return MessageBoxAckedEventName
}

// UnpackAckedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Acked(bytes32 indexed messageId, bool ok, string errorMsg)
func (messageBox *MessageBox) UnpackAckedEvent(log *types.Log) (*MessageBoxAcked, error) {
	event := "Acked"
	if len(log.Topics) == 0 || log.Topics[0] != messageBox.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(MessageBoxAcked)
	if len(log.Data) > 0 {
		if err := messageBox.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range messageBox.abi.Events[event].Inputs {
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

// MessageBoxReceived represents a Received event raised by the MessageBox contract.
type MessageBoxReceived struct {
	SenderDomain string
	Author       [32]byte
	Ordered      bool
	Message      []byte
	Raw          *types.Log // Blockchain specific contextual infos
}

const MessageBoxReceivedEventName = "Received"

// ContractEventName returns the user-defined event name.
func (MessageBoxReceived) ContractEventName() string {
	return MessageBoxReceivedEventName
}

// UnpackReceivedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Received(string senderDomain, bytes32 author, bool ordered, bytes message)
func (messageBox *MessageBox) UnpackReceivedEvent(log *types.Log) (*MessageBoxReceived, error) {
	event := "Received"
	if len(log.Topics) == 0 || log.Topics[0] != messageBox.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(MessageBoxReceived)
	if len(log.Data) > 0 {
		if err := messageBox.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range messageBox.abi.Events[event].Inputs {
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
