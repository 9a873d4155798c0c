package vidispine

import (
	"bytes"
	"encoding/json"
)

// Documents the provider updates (notifications, task definitions) keep the server's document
// as read; on write, the members the client's types own are taken from the types and every
// other member, at any depth, goes back as the server sent it. So an update that starts from
// the server's current document never drops what the client does not model.

// docMembers lists the members of one object of a document that the client's types own; a
// member with its own docMembers is an object whose unknown members are kept too.
type docMembers struct {
	oneOf bool                   // the object holds one kind (an action, a trigger): the kind written replaces the others
	known map[string]*docMembers // nil: a value the types write whole, or leave out to remove it
}

// docObject is an object with the given nested objects and plain members.
func docObject(nested map[string]*docMembers, plain ...string) *docMembers {
	known := make(map[string]*docMembers, len(nested)+len(plain))
	for k, v := range nested {
		known[k] = v
	}
	for _, k := range plain {
		known[k] = nil
	}
	return &docMembers{known: known}
}

// mergeDocument writes the members the client's types own (m) from typed, the marshalled
// types, into raw, the server's document: they are set as typed has them, or removed when
// typed leaves them out; every other member of raw stays as the server sent it.
func mergeDocument(raw, typed []byte, m *docMembers) ([]byte, error) {
	var r, t map[string]any
	for _, p := range []struct {
		b   []byte
		dst *map[string]any
	}{{raw, &r}, {typed, &t}} {
		dec := json.NewDecoder(bytes.NewReader(p.b))
		dec.UseNumber() // numbers the client does not model go back exactly as read
		if err := dec.Decode(p.dst); err != nil {
			return nil, err
		}
	}
	return json.Marshal(mergeMembers(r, t, m))
}

func mergeMembers(raw, typed map[string]any, m *docMembers) map[string]any {
	out := map[string]any{}
	if m.oneOf {
		if len(typed) == 0 {
			return raw // the types hold no kind of it (an action they do not model): keep the server's
		}
		for k, v := range typed {
			out[k] = mergeMember(raw[k], v, true, m.known[k])
		}
		return out
	}
	for k, v := range raw {
		if _, known := m.known[k]; !known {
			out[k] = v
		}
	}
	for k, sub := range m.known {
		v, ok := typed[k]
		if merged := mergeMember(raw[k], v, ok, sub); merged != nil {
			out[k] = merged
		}
	}
	return out
}

// mergeMember merges one known member; nil means: leave it out.
func mergeMember(raw, typed any, inTyped bool, sub *docMembers) any {
	r, rOK := raw.(map[string]any)
	if sub == nil || !rOK {
		if inTyped {
			return typed
		}
		return nil
	}
	t, _ := typed.(map[string]any)
	merged := mergeMembers(r, t, sub)
	if len(merged) == 0 && !inTyped {
		return nil // nothing left of it but what the types removed
	}
	return merged
}
