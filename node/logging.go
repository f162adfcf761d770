package node

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// Log formats of NewLogger.
const (
	// LogText writes key=value lines (slog's text format), for people.
	LogText = "text"
	// LogJSON writes one JSON object per line, with the keys time (RFC 3339
	// with fractional seconds), level, msg and the record's attributes
	// (node, component, ...), for log collectors.
	LogJSON = "json"
)

// ErrLogFormat is returned for a log format other than text or json.
var ErrLogFormat = fmt.Errorf("log format must be %q or %q", LogText, LogJSON)

// NewLogger returns a logger writing to w in format (LogText when empty,
// or LogJSON) at level (debug, info, warn or error; info when empty).
func NewLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if level == "" {
		level = "info"
	}
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level %q: must be debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch strings.ToLower(format) {
	case "", LogText:
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case LogJSON:
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("%w, not %q", ErrLogFormat, format)
}
