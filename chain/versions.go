package chain

import "github.com/causeway/causeway/state"

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
	err = state.ScanConfigHistory(snap, func(from uint64, cfg []byte) error {
		if from <= height {
			best = append(best[:0], cfg...)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if best == nil {
		return c.genesis.Config().Version, nil
	}
	cfg, err := state.DecodeConfig(best)
	if err != nil {
		return 0, err
	}
	return cfg.Version, nil
}
