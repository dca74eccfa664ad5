package server

import (
	"encoding/binary"
	"errors"
	"slices"
	"time"

	"github.com/alexedwards/scs/v2"
)

// sessionCodec encodes a session whose values are all strings and int64s
// (every value the portal keeps) in a small format of its own, with the
// keys sorted, and falls back to scs's gob encoding for anything else.
//
// Sorting matters more than speed: gob writes a map in Go's random order,
// so an unchanged session encoded to different bytes on most requests, and
// quietStore, which skips writing data that has not changed, wrote it
// anyway. gob also costs a decoder with its type compilation per request.
//
// The format starts with a zero byte, which gob never writes first (its
// messages start with their non-zero length), so sessions stored by either
// encoding decode.
type sessionCodec struct{}

const (
	codecMagic  = 0
	codecString = 's'
	codecInt64  = 'i'
)

func (sessionCodec) Encode(deadline time.Time, values map[string]any) ([]byte, error) {
	keys := make([]string, 0, len(values))
	size := 1 + 2*binary.MaxVarintLen64
	for k, v := range values {
		switch v := v.(type) {
		case string:
			size += len(v)
		case int64:
		default:
			return scs.GobCodec{}.Encode(deadline, values)
		}
		keys = append(keys, k)
		size += len(k) + 1 + 2*binary.MaxVarintLen64
	}
	slices.Sort(keys)
	b := make([]byte, 0, size)
	b = append(b, codecMagic)
	b = binary.AppendVarint(b, deadline.UnixNano())
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = binary.AppendUvarint(b, uint64(len(k)))
		b = append(b, k...)
		switch v := values[k].(type) {
		case string:
			b = append(b, codecString)
			b = binary.AppendUvarint(b, uint64(len(v)))
			b = append(b, v...)
		case int64:
			b = append(b, codecInt64)
			b = binary.AppendVarint(b, v)
		}
	}
	return b, nil
}

var errSessionData = errors.New("malformed session data")

func (sessionCodec) Decode(b []byte) (time.Time, map[string]any, error) {
	if len(b) == 0 || b[0] != codecMagic {
		return scs.GobCodec{}.Decode(b)
	}
	b = b[1:]
	varint := func() (int64, bool) {
		v, n := binary.Varint(b)
		if n <= 0 {
			return 0, false
		}
		b = b[n:]
		return v, true
	}
	str := func() (string, bool) {
		l, n := binary.Uvarint(b)
		if n <= 0 || uint64(len(b)-n) < l {
			return "", false
		}
		s := string(b[n : n+int(l)])
		b = b[n+int(l):]
		return s, true
	}
	nanos, ok := varint()
	if !ok {
		return time.Time{}, nil, errSessionData
	}
	count, n := binary.Uvarint(b)
	if n <= 0 || count > uint64(len(b)) {
		return time.Time{}, nil, errSessionData
	}
	b = b[n:]
	values := make(map[string]any, count)
	for range count {
		k, ok := str()
		if !ok || len(b) == 0 {
			return time.Time{}, nil, errSessionData
		}
		kind := b[0]
		b = b[1:]
		switch kind {
		case codecString:
			values[k], ok = str()
		case codecInt64:
			values[k], ok = varint()
		default:
			ok = false
		}
		if !ok {
			return time.Time{}, nil, errSessionData
		}
	}
	if len(b) != 0 {
		return time.Time{}, nil, errSessionData
	}
	return time.Unix(0, nanos).UTC(), values, nil
}
