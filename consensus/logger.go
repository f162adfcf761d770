package consensus

import (
	"context"
	"fmt"
	"log/slog"
)

// bftLogger adapts slog to SmartBFT's logger. SmartBFT's Info level is chatty
// (per-request lines), so it is logged at Debug; warnings and errors pass through.
// SmartBFT logs several lines per request, so messages are formatted only
// when their level is enabled.
type bftLogger struct{ l *slog.Logger }

func (b bftLogger) logf(level slog.Level, f string, a []any) {
	if !b.l.Enabled(context.Background(), level) {
		return
	}
	b.l.Log(context.Background(), level, fmt.Sprintf(f, a...))
}

func (b bftLogger) Debugf(f string, a ...any) { b.logf(slog.LevelDebug, f, a) }
func (b bftLogger) Infof(f string, a ...any)  { b.logf(slog.LevelDebug, f, a) }
func (b bftLogger) Warnf(f string, a ...any)  { b.logf(slog.LevelWarn, f, a) }
func (b bftLogger) Errorf(f string, a ...any) { b.logf(slog.LevelError, f, a) }
func (b bftLogger) Panicf(f string, a ...any) {
	msg := fmt.Sprintf(f, a...)
	b.l.Error(msg)
	panic(msg)
}
