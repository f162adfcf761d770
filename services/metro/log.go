package metro

import (
	"github.com/ethereum/go-ethereum/common"
	gethtypes "github.com/ethereum/go-ethereum/core/types"

	"github.com/causeway/causeway/types"
)

// toEthLog converts a receipt's log for the generated binding's decoders.
func toEthLog(l *types.Log) *gethtypes.Log {
	topics := make([]common.Hash, len(l.GetTopics()))
	for i, t := range l.GetTopics() {
		topics[i] = common.BytesToHash(t)
	}
	return &gethtypes.Log{Address: common.BytesToAddress(l.GetAddress()), Topics: topics, Data: l.GetData()}
}
