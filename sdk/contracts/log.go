package contracts

import (
	"github.com/ethereum/go-ethereum/common"
	gethtypes "github.com/ethereum/go-ethereum/core/types"

	"github.com/causeway/causeway/types"
)

// EthLog converts a Causeway receipt's log into go-ethereum's form, which
// the generated bindings' event decoders (UnpackXxxEvent) take.
func EthLog(l *types.Log) *gethtypes.Log {
	topics := make([]common.Hash, len(l.GetTopics()))
	for i, t := range l.GetTopics() {
		topics[i] = common.BytesToHash(t)
	}
	return &gethtypes.Log{Address: common.BytesToAddress(l.GetAddress()), Topics: topics, Data: l.GetData()}
}
