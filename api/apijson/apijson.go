package apijson

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// TimeLayout is the RFC 3339 layout of the timestamp copies: UTC with
// milliseconds, such as 2026-11-30T11:47:08.123Z.
const TimeLayout = "2006-01-02T15:04:05.000Z07:00"

// Timestamps maps the full name of each timestamp field (int64, Unix
// milliseconds) to the JSON name of its RFC 3339 copy. The map is read-only.
var Timestamps = map[protoreflect.FullName]string{
	"causeway.v1.TxBody.timestamp_ms":               "timestamp",
	"causeway.v1.BlockHeader.time_ms":               "time",
	"causeway.v1.Evidence.time_ms":                  "time",
	"causeway.v1.SealedRecord.time_ms":              "time",
	"causeway.v1.Account.recover_after_ms":          "recover_after",
	"causeway.v1.ProposalRecord.expires_ms":         "expires",
	"causeway.v1.StatusResponse.last_block_time_ms": "last_block_time",
}

// TimestampOf returns the JSON name of fd's RFC 3339 copy, or "" when fd
// is not a timestamp field.
func TimestampOf(fd protoreflect.FieldDescriptor) string {
	if fd.Kind() != protoreflect.Int64Kind || fd.IsList() || fd.IsMap() {
		return ""
	}
	return Timestamps[fd.FullName()]
}

// MarshalOptions configure Marshal.
type MarshalOptions struct {
	// Indent, when set, indents nested values by it (one value per line).
	Indent string
}

// Marshal encodes m compactly.
func Marshal(m proto.Message) ([]byte, error) { return MarshalOptions{}.Marshal(m) }

// Marshal encodes m.
func (o MarshalOptions) Marshal(m proto.Message) ([]byte, error) {
	var b bytes.Buffer
	if err := encodeMessage(&b, m.ProtoReflect()); err != nil {
		return nil, err
	}
	if o.Indent == "" {
		return b.Bytes(), nil
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b.Bytes(), "", o.Indent); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func isWellKnown(md protoreflect.MessageDescriptor) bool {
	return md.ParentFile() != nil && md.ParentFile().Package() == "google.protobuf"
}

func encodeMessage(b *bytes.Buffer, m protoreflect.Message) error {
	md := m.Descriptor()
	if isWellKnown(md) {
		j, err := protojson.Marshal(m.Interface())
		if err != nil {
			return err
		}
		b.Write(j)
		return nil
	}
	b.WriteByte('{')
	first := true
	key := func(name string) {
		if !first {
			b.WriteByte(',')
		}
		first = false
		writeString(b, name)
		b.WriteByte(':')
	}
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		if fd.HasPresence() && !m.Has(fd) {
			continue // unset message, oneof member or optional scalar
		}
		key(string(fd.Name()))
		v := m.Get(fd)
		var err error
		switch {
		case fd.IsList():
			err = encodeList(b, fd, v.List())
		case fd.IsMap():
			err = encodeMap(b, fd, v.Map())
		default:
			err = encodeSingular(b, fd, v)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", fd.FullName(), err)
		}
		if name := TimestampOf(fd); name != "" && v.Int() != 0 {
			key(name)
			writeString(b, FormatTime(v.Int()))
		}
	}
	b.WriteByte('}')
	return nil
}

// FormatTime formats Unix milliseconds as RFC 3339 in UTC (TimeLayout).
func FormatTime(ms int64) string { return time.UnixMilli(ms).UTC().Format(TimeLayout) }

func encodeList(b *bytes.Buffer, fd protoreflect.FieldDescriptor, l protoreflect.List) error {
	b.WriteByte('[')
	for i := 0; i < l.Len(); i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := encodeSingular(b, fd, l.Get(i)); err != nil {
			return err
		}
	}
	b.WriteByte(']')
	return nil
}

func encodeMap(b *bytes.Buffer, fd protoreflect.FieldDescriptor, mp protoreflect.Map) error {
	type entry struct {
		k string
		v protoreflect.Value
	}
	var entries []entry
	mp.Range(func(k protoreflect.MapKey, v protoreflect.Value) bool {
		entries = append(entries, entry{k.String(), v})
		return true
	})
	// Sorted keys: the output is deterministic.
	for i := 1; i < len(entries); i++ {
		for j := i; j > 0 && entries[j].k < entries[j-1].k; j-- {
			entries[j], entries[j-1] = entries[j-1], entries[j]
		}
	}
	b.WriteByte('{')
	for i, e := range entries {
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(b, e.k)
		b.WriteByte(':')
		if err := encodeSingular(b, fd.MapValue(), e.v); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

func encodeSingular(b *bytes.Buffer, fd protoreflect.FieldDescriptor, v protoreflect.Value) error {
	switch fd.Kind() {
	case protoreflect.BoolKind:
		b.WriteString(strconv.FormatBool(v.Bool()))
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		b.WriteString(strconv.FormatInt(v.Int(), 10))
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		b.WriteString(strconv.FormatUint(v.Uint(), 10))
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		b.WriteString(strconv.FormatInt(v.Int(), 10))
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		b.WriteString(strconv.FormatUint(v.Uint(), 10))
	case protoreflect.FloatKind, protoreflect.DoubleKind:
		bits := 64
		if fd.Kind() == protoreflect.FloatKind {
			bits = 32
		}
		f := v.Float()
		switch {
		case math.IsNaN(f):
			writeString(b, "NaN")
		case math.IsInf(f, 1):
			writeString(b, "Infinity")
		case math.IsInf(f, -1):
			writeString(b, "-Infinity")
		default:
			b.WriteString(strconv.FormatFloat(f, 'g', -1, bits))
		}
	case protoreflect.StringKind:
		writeString(b, v.String())
	case protoreflect.BytesKind:
		writeString(b, hex.EncodeToString(v.Bytes()))
	case protoreflect.EnumKind:
		if ev := fd.Enum().Values().ByNumber(v.Enum()); ev != nil {
			writeString(b, string(ev.Name()))
		} else {
			b.WriteString(strconv.FormatInt(int64(v.Enum()), 10))
		}
	case protoreflect.MessageKind, protoreflect.GroupKind:
		return encodeMessage(b, v.Message())
	default:
		return fmt.Errorf("unsupported kind %v", fd.Kind())
	}
	return nil
}

func writeString(b *bytes.Buffer, s string) {
	j, _ := json.Marshal(s) // a string always encodes
	b.Write(j)
}

// UnmarshalOptions configure Unmarshal.
type UnmarshalOptions struct {
	// DiscardUnknown ignores object members that name no field; otherwise
	// they are an error. The RFC 3339 copies of timestamps are always ignored.
	DiscardUnknown bool
}

// Unmarshal decodes b into m, refusing unknown members.
func Unmarshal(b []byte, m proto.Message) error { return UnmarshalOptions{}.Unmarshal(b, m) }

// Unmarshal decodes b into m (reset first).
func (o UnmarshalOptions) Unmarshal(b []byte, m proto.Message) error {
	proto.Reset(m)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("invalid JSON: %w", err)
	}
	if dec.More() {
		return fmt.Errorf("invalid JSON: data after the value")
	}
	if err := o.decodeMessage(m.ProtoReflect(), v, b); err != nil {
		return err
	}
	return nil
}

func (o UnmarshalOptions) decodeMessage(m protoreflect.Message, v any, raw []byte) error {
	md := m.Descriptor()
	if isWellKnown(md) {
		if raw == nil {
			var err error
			if raw, err = json.Marshal(v); err != nil {
				return err
			}
		}
		return protojson.UnmarshalOptions{DiscardUnknown: o.DiscardUnknown}.Unmarshal(raw, m.Interface())
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("want a JSON object, got %s", kindOf(v))
	}
	fields := md.Fields()
	copies := map[string]bool{}
	for i := 0; i < fields.Len(); i++ {
		if n := TimestampOf(fields.Get(i)); n != "" {
			copies[n] = true
		}
	}
	seenOneof := map[protoreflect.FullName]string{}
	for name, fv := range obj {
		fd := fields.ByName(protoreflect.Name(name))
		if fd == nil {
			fd = fields.ByJSONName(name)
		}
		if fd == nil {
			if copies[name] || o.DiscardUnknown {
				continue
			}
			return fmt.Errorf("unknown field %q", name)
		}
		if fv == nil {
			continue // null: unset
		}
		if od := fd.ContainingOneof(); od != nil && !od.IsSynthetic() {
			if prev, dup := seenOneof[od.FullName()]; dup {
				return fmt.Errorf("%q and %q are members of one oneof: set one", prev, name)
			}
			seenOneof[od.FullName()] = name
		}
		var err error
		switch {
		case fd.IsList():
			err = o.decodeList(m, fd, fv)
		case fd.IsMap():
			err = o.decodeMap(m, fd, fv)
		default:
			var val protoreflect.Value
			if fd.Message() != nil {
				sub := m.NewField(fd).Message()
				if err = o.decodeMessage(sub, fv, nil); err == nil {
					m.Set(fd, protoreflect.ValueOfMessage(sub))
				}
			} else if val, err = decodeScalar(fd, fv); err == nil {
				m.Set(fd, val)
			}
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

func (o UnmarshalOptions) decodeList(m protoreflect.Message, fd protoreflect.FieldDescriptor, v any) error {
	arr, ok := v.([]any)
	if !ok {
		return fmt.Errorf("want a JSON array, got %s", kindOf(v))
	}
	l := m.Mutable(fd).List()
	for i, e := range arr {
		if fd.Message() != nil {
			sub := l.NewElement()
			if err := o.decodeMessage(sub.Message(), e, nil); err != nil {
				return fmt.Errorf("[%d]: %w", i, err)
			}
			l.Append(sub)
			continue
		}
		val, err := decodeScalar(fd, e)
		if err != nil {
			return fmt.Errorf("[%d]: %w", i, err)
		}
		l.Append(val)
	}
	return nil
}

func (o UnmarshalOptions) decodeMap(m protoreflect.Message, fd protoreflect.FieldDescriptor, v any) error {
	obj, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("want a JSON object, got %s", kindOf(v))
	}
	mp := m.Mutable(fd).Map()
	for k, e := range obj {
		kv, err := decodeScalar(fd.MapKey(), k)
		if err != nil {
			return fmt.Errorf("key %q: %w", k, err)
		}
		if fd.MapValue().Message() != nil {
			sub := mp.NewValue()
			if err := o.decodeMessage(sub.Message(), e, nil); err != nil {
				return fmt.Errorf("[%q]: %w", k, err)
			}
			mp.Set(kv.MapKey(), sub)
			continue
		}
		val, err := decodeScalar(fd.MapValue(), e)
		if err != nil {
			return fmt.Errorf("[%q]: %w", k, err)
		}
		mp.Set(kv.MapKey(), val)
	}
	return nil
}

func kindOf(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

// numberText returns the text of a JSON number, or of a string holding one.
func numberText(v any) (string, error) {
	switch x := v.(type) {
	case json.Number:
		return x.String(), nil
	case string:
		return x, nil
	}
	return "", fmt.Errorf("want a number, got %s", kindOf(v))
}

// DecodeHex decodes s as hex (either case, no prefix), the encoding of
// bytes fields.
func DecodeHex(s string) ([]byte, error) {
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%q is not hex (bytes are written as hex digits, two per byte)", truncate(s))
	}
	return b, nil
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

func decodeScalar(fd protoreflect.FieldDescriptor, v any) (protoreflect.Value, error) {
	switch fd.Kind() {
	case protoreflect.BoolKind:
		switch x := v.(type) {
		case bool:
			return protoreflect.ValueOfBool(x), nil
		case string: // map keys
			bv, err := strconv.ParseBool(x)
			if err == nil {
				return protoreflect.ValueOfBool(bv), nil
			}
		}
		return protoreflect.Value{}, fmt.Errorf("want true or false, got %s", kindOf(v))
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind,
		protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		s, err := numberText(v)
		if err != nil {
			return protoreflect.Value{}, err
		}
		bits := 64
		if k := fd.Kind(); k == protoreflect.Int32Kind || k == protoreflect.Sint32Kind || k == protoreflect.Sfixed32Kind {
			bits = 32
		}
		n, err := strconv.ParseInt(s, 10, bits)
		if err != nil {
			return protoreflect.Value{}, fmt.Errorf("%q is not a %d-bit integer", truncate(s), bits)
		}
		if bits == 32 {
			return protoreflect.ValueOfInt32(int32(n)), nil
		}
		return protoreflect.ValueOfInt64(n), nil
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind, protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		s, err := numberText(v)
		if err != nil {
			return protoreflect.Value{}, err
		}
		bits := 64
		if k := fd.Kind(); k == protoreflect.Uint32Kind || k == protoreflect.Fixed32Kind {
			bits = 32
		}
		n, err := strconv.ParseUint(s, 10, bits)
		if err != nil {
			return protoreflect.Value{}, fmt.Errorf("%q is not an unsigned %d-bit integer", truncate(s), bits)
		}
		if bits == 32 {
			return protoreflect.ValueOfUint32(uint32(n)), nil
		}
		return protoreflect.ValueOfUint64(n), nil
	case protoreflect.FloatKind, protoreflect.DoubleKind:
		s, err := numberText(v)
		if err != nil {
			return protoreflect.Value{}, err
		}
		var f float64
		switch s {
		case "NaN":
			f = math.NaN()
		case "Infinity":
			f = math.Inf(1)
		case "-Infinity":
			f = math.Inf(-1)
		default:
			if f, err = strconv.ParseFloat(s, 64); err != nil {
				return protoreflect.Value{}, fmt.Errorf("%q is not a number", truncate(s))
			}
		}
		if fd.Kind() == protoreflect.FloatKind {
			return protoreflect.ValueOfFloat32(float32(f)), nil
		}
		return protoreflect.ValueOfFloat64(f), nil
	case protoreflect.StringKind:
		s, ok := v.(string)
		if !ok {
			return protoreflect.Value{}, fmt.Errorf("want a string, got %s", kindOf(v))
		}
		return protoreflect.ValueOfString(s), nil
	case protoreflect.BytesKind:
		s, ok := v.(string)
		if !ok {
			return protoreflect.Value{}, fmt.Errorf("want a hex string, got %s", kindOf(v))
		}
		b, err := DecodeHex(s)
		if err != nil {
			return protoreflect.Value{}, err
		}
		return protoreflect.ValueOfBytes(b), nil
	case protoreflect.EnumKind:
		switch x := v.(type) {
		case string:
			if ev := fd.Enum().Values().ByName(protoreflect.Name(x)); ev != nil {
				return protoreflect.ValueOfEnum(ev.Number()), nil
			}
			return protoreflect.Value{}, fmt.Errorf("%q is not a value of %s", truncate(x), fd.Enum().FullName())
		case json.Number:
			n, err := strconv.ParseInt(x.String(), 10, 32)
			if err != nil {
				return protoreflect.Value{}, fmt.Errorf("%s is not a value of %s", x, fd.Enum().FullName())
			}
			return protoreflect.ValueOfEnum(protoreflect.EnumNumber(n)), nil
		}
		return protoreflect.Value{}, fmt.Errorf("want an enum name, got %s", kindOf(v))
	}
	return protoreflect.Value{}, fmt.Errorf("unsupported kind %v", fd.Kind())
}
