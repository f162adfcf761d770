package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/api/apijson"
)

// JSONMarshaler is the grpc-gateway runtime.Marshaler of the REST API:
// apijson in both directions (bytes as hex, proto field names, unknown
// request members refused). Values that are not protobuf messages are
// encoded with encoding/json.
type JSONMarshaler struct{}

var _ runtime.Marshaler = JSONMarshaler{}

// Marshal encodes v.
func (JSONMarshaler) Marshal(v any) ([]byte, error) {
	if m, ok := v.(proto.Message); ok {
		return apijson.Marshal(m)
	}
	return json.Marshal(v)
}

// Unmarshal decodes data into v, a pointer.
func (JSONMarshaler) Unmarshal(data []byte, v any) error {
	if m, ok := v.(proto.Message); ok {
		return apijson.Unmarshal(data, m)
	}
	return json.Unmarshal(data, v)
}

// NewDecoder returns a decoder of one JSON value from r; an empty body
// decodes as io.EOF, which the gateway takes as an empty request.
func (j JSONMarshaler) NewDecoder(r io.Reader) runtime.Decoder {
	return runtime.DecoderFunc(func(v any) error {
		var raw json.RawMessage
		if err := json.NewDecoder(r).Decode(&raw); err != nil {
			if errors.Is(err, io.EOF) {
				return io.EOF
			}
			return err
		}
		return j.Unmarshal(raw, v)
	})
}

// NewEncoder returns an encoder writing one JSON value per line to w.
func (j JSONMarshaler) NewEncoder(w io.Writer) runtime.Encoder {
	return runtime.EncoderFunc(func(v any) error {
		b, err := j.Marshal(v)
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	})
}

// ContentType returns application/json.
func (JSONMarshaler) ContentType(any) string { return "application/json" }

// Delimiter separates streamed messages: a newline.
func (JSONMarshaler) Delimiter() []byte { return []byte("\n") }

// marshalLine encodes one NDJSON line of the block stream.
func marshalLine(m proto.Message) ([]byte, error) {
	b, err := apijson.Marshal(m)
	if err != nil {
		return nil, err
	}
	return append(bytes.TrimSpace(b), '\n'), nil
}
