package consensus

import (
	"fmt"
	"log/slog"
)

// bftLogger adapts slog to SmartBFT's logger. SmartBFT's Info level is chatty
// (per-request lines), so it is logged at Debug; warnings and errors pass through.
type bftLogger struct{ l *slog.Logger }

func (b bftLogger) Debugf(f string, a ...any) { b.l.Debug(fmt.Sprintf(f, a...)) }
func (b bftLogger) Infof(f string, a ...any)  { b.l.Debug(fmt.Sprintf(f, a...)) }
func (b bftLogger) Warnf(f string, a ...any)  { b.l.Warn(fmt.Sprintf(f, a...)) }
func (b bftLogger) Errorf(f string, a ...any) { b.l.Error(fmt.Sprintf(f, a...)) }
func (b bftLogger) Panicf(f string, a ...any) {
	msg := fmt.Sprintf(f, a...)
	b.l.Error(msg)
	panic(msg)
}
