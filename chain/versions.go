package chain

import (
	"encoding/binary"
	"fmt"

	"github.com/causeway/causeway/execution"
	"github.com/causeway/causeway/types"
)

// ConfigVersionAt returns the version of the
// chain configuration in force at height (the one whose nodes ordered and
// signed that block), from the configuration history in the state. The
// consensus uses it to rebuild a stored block's decision exactly as it was
// decided (its verification sequence), after a restart or a sync.
func (c *Chain) ConfigVersionAt(height uint64) (uint64, error) {
	snap, err := c.store.Snapshot()
	if err != nil {
		return 0, err
	}
	defer snap.Close()
	var best []byte
	prefix := []byte(execution.ConfigHistoryPrefix)
	err = snap.Scan(prefix, func(k, v []byte) error {
		rest := k[len(prefix):]
		if len(rest) != 8 {
			return fmt.Errorf("state key %q is not a configuration history key", k)
		}
		if binary.BigEndian.Uint64(rest) <= height {
			best = append(best[:0], v...)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if best == nil {
		return c.genesis.Config().Version, nil
	}
	cfg, err := types.DecodeConfig(best)
	if err != nil {
		return 0, err
	}
	return cfg.Version, nil
}
