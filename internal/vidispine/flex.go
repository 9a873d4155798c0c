package vidispine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The flex types make decoding tolerant of what real servers and XML-to-JSON bridges send:
// numbers and booleans quoted as strings, null for absent values, and ids as numbers.

var jsonNull = []byte("null")

// unquote returns the text of a JSON string or the raw text of any other scalar.
func unquote(b []byte) (string, error) {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return "", err
		}
		return s, nil
	}
	if len(b) > 0 && (b[0] == '{' || b[0] == '[') {
		return "", fmt.Errorf("expected a scalar, got %.40s", b)
	}
	return string(b), nil
}

// scalarText returns the trimmed text of a quoted or bare scalar, and "" for null.
func scalarText(b []byte) (string, error) {
	if bytes.Equal(bytes.TrimSpace(b), jsonNull) {
		return "", nil
	}
	s, err := unquote(b)
	return strings.TrimSpace(s), err
}

// flexInt accepts 42, "42", 42.0, null and "".
type flexInt int64

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s, err := scalarText(b)
	if err != nil || s == "" {
		return err
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		*f = flexInt(n)
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v != math.Trunc(v) || math.Abs(v) > 1<<53 {
		return fmt.Errorf("expected a whole number, got %.40q", s)
	}
	*f = flexInt(v)
	return nil
}

// flexFloat accepts 42.5, "42.5", null and "".
type flexFloat float64

func (f *flexFloat) UnmarshalJSON(b []byte) error {
	s, err := scalarText(b)
	if err != nil || s == "" {
		return err
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("expected a number, got %.40q", s)
	}
	*f = flexFloat(v)
	return nil
}

// flexBool accepts true, "true", 1, "1" (and their false forms), null and "".
type flexBool bool

func (f *flexBool) UnmarshalJSON(b []byte) error {
	s, err := scalarText(b)
	if err != nil || s == "" {
		return err
	}
	v, err := strconv.ParseBool(strings.ToLower(s))
	if err != nil {
		return fmt.Errorf("expected a boolean, got %.40q", s)
	}
	*f = flexBool(v)
	return nil
}

// flexString accepts a string, a number or a boolean (kept as written), and null.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), jsonNull) {
		return nil
	}
	s, err := unquote(b)
	if err != nil {
		return err
	}
	*f = flexString(s)
	return nil
}

func intPtr(f *flexInt) *int {
	if f == nil {
		return nil
	}
	v := int(*f)
	return &v
}

func boolPtr(f *flexBool) *bool {
	if f == nil {
		return nil
	}
	v := bool(*f)
	return &v
}

func stringPtr(f *flexString) *string {
	if f == nil {
		return nil
	}
	v := string(*f)
	return &v
}

// stringList converts a decoded list of strings; nil stays nil.
func stringList(l flexList[flexString]) []string {
	if l == nil {
		return nil
	}
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = string(s)
	}
	return out
}

// flexList accepts a JSON array, null, or a single element written without the array: some
// JAXB-based servers write a list of one as its element ({"uri":"VX-1"} for {"uri":["VX-1"]}).
// Every list the client decodes has this type, so no decoder depends on the array form.
type flexList[T any] []T

func (l *flexList[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, jsonNull):
		*l = nil
		return nil
	case len(b) > 0 && b[0] == '[':
		var s []T
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*l = s
		return nil
	}
	var one T
	if err := json.Unmarshal(b, &one); err != nil {
		return err
	}
	*l = flexList[T]{one}
	return nil
}

// uriList is a URIListDocument; entries may be plain ids or URLs ending in the id. Job types,
// notifications and task definitions all answer one, so it sits here with the other pieces
// the document files decode with.
type uriList struct {
	URI flexList[flexString] `json:"uri,omitempty"`
}

func (l uriList) ids() []string {
	out := make([]string, 0, len(l.URI))
	for _, u := range l.URI {
		s := strings.TrimRight(string(u), "/")
		s = s[strings.LastIndex(s, "/")+1:]
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
