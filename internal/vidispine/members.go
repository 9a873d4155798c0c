package vidispine

import (
	"encoding/json"
	"reflect"
	"strings"
)

// Documents the provider updates keep the members the client does not model, so that an
// update which starts from the server's current document writes them back unchanged.

// unknownMembers returns the members of the JSON object b that the struct known has no json
// tag for (nil when there are none).
func unknownMembers(b []byte, known any) (map[string]json.RawMessage, error) {
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

// withUnknownMembers encodes v (a struct) and adds the unknown members it does not set itself.
func withUnknownMembers(v any, unknown map[string]json.RawMessage) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || len(unknown) == 0 {
		return b, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for k, raw := range unknown {
		if _, ok := m[k]; !ok {
			m[k] = raw
		}
	}
	return json.Marshal(m)
}
