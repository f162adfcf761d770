package metro

import (
	gethtypes "github.com/ethereum/go-ethereum/core/types"

	"github.com/causeway/causeway/sdk/contracts"
	"github.com/causeway/causeway/types"
)

// toEthLog converts a receipt's log for the generated binding's decoders.
func toEthLog(l *types.Log) *gethtypes.Log { return contracts.EthLog(l) }
