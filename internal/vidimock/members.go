package vidimock

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// A real server keeps the whole document it is given: the mock stores and returns the members
// it does not interpret, so a client that drops them on an update is caught by a test.

// extraMembers returns the members of the JSON object b that the struct known has no json tag for.
func extraMembers(b []byte, known any) (map[string]json.RawMessage, error) {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, err
	}
	t := reflect.TypeOf(known)
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		delete(all, name)
	}
	if len(all) == 0 {
		return nil, nil
	}
	return all, nil
}

// marshalWithExtra encodes v (a struct) with the extra members it does not set itself.
func marshalWithExtra(v any, extra map[string]json.RawMessage) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || len(extra) == 0 {
		return b, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for k, raw := range extra {
		if _, ok := m[k]; !ok {
			m[k] = raw
		}
	}
	return json.Marshal(m)
}

// decodeStrict decodes b into v, refusing a member v has no field for (at any depth): parts of
// a document whose every member the specification lists, where a misspelt name would
// otherwise be dropped unnoticed.
func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// The server's integers are Java ints: a value outside their range is refused with 400.

// fitsInt32 reports whether an optional integer is absent or within the 32-bit range.
func fitsInt32(n *int) bool {
	return n == nil || (*n >= math.MinInt32 && *n <= math.MaxInt32)
}

func outOfRange(name string) string {
	return name + " is out of range: the server's integers lie between " + strconv.Itoa(math.MinInt32) +
		" and " + strconv.Itoa(math.MaxInt32)
}
