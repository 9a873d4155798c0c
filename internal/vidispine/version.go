package vidispine

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// ServerVersion is the part of a VersionDocument the provider needs: the versions of the
// server's components.
type ServerVersion struct {
	Components []VersionComponent
}

// VersionComponent is one component of a VersionDocument, e.g. {"name":"VidiCore","version":"5.1.0"}.
type VersionComponent struct {
	Name    string
	Version string
}

func (v *ServerVersion) UnmarshalJSON(b []byte) error {
	var aux struct {
		Component flexList[struct {
			Name    flexString `json:"name"`
			Version flexString `json:"version"`
		}] `json:"component"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*v = ServerVersion{}
	for _, c := range aux.Component {
		v.Components = append(v.Components, VersionComponent{Name: string(c.Name), Version: strings.TrimSpace(string(c.Version))})
	}
	return nil
}

// GetServerVersion reads the server's version document.
//
// GET /API/version
func (c *Client) GetServerVersion(ctx context.Context) (*ServerVersion, error) {
	var v ServerVersion
	if err := c.do(ctx, &request{method: "GET", path: "/version"}, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// Core returns the version of VidiCore itself: the component whose name mentions VidiCore, else
// one that mentions a server, else the first with a version. Which name the server gives its
// core component is not settled (see doc.go); "" when the document names none.
func (v *ServerVersion) Core() string {
	for _, want := range []string{"vidicore", "server", ""} {
		for _, c := range v.Components {
			if c.Version != "" && strings.Contains(strings.ToLower(c.Name), want) {
				return c.Version
			}
		}
	}
	return ""
}

// VersionAtLeast reports whether version (such as "5.1.0.3", "21.4" or "5.0-SNAPSHOT") is at
// least major.minor; ok is false when version does not start with a major.minor number.
func VersionAtLeast(version string, major, minor int) (atLeast, ok bool) {
	maj, mnr, ok := parseVersion(version)
	if !ok {
		return false, false
	}
	return maj > major || (maj == major && mnr >= minor), true
}

func parseVersion(version string) (major, minor int, ok bool) {
	parts := strings.SplitN(strings.TrimSpace(version), ".", 3)
	if len(parts) < 2 {
		return 0, 0, false
	}
	major, err := strconv.Atoi(parts[0])
	if err != nil {
		return 0, 0, false
	}
	digits := parts[1]
	if i := strings.IndexFunc(digits, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
		digits = digits[:i]
	}
	minor, err = strconv.Atoi(digits)
	return major, minor, err == nil
}

// Feature is something the provider asks of a server that only newer versions honour.
type Feature struct {
	Name         string // what the user sets, e.g. "the priorities job filter"
	MajorVersion int
	MinorVersion int
}

// FeaturePriorityFilter is the priority filter of GET /API/job, new in VidiCore 5.1; an older
// server ignores the parameter and answers every job.
var FeaturePriorityFilter = Feature{Name: "the priorities job filter", MajorVersion: 5, MinorVersion: 1}

// MinVersion is the feature's minimum version, e.g. "5.1".
func (f Feature) MinVersion() string { return fmt.Sprintf("%d.%d", f.MajorVersion, f.MinorVersion) }

// SupportedBy reports whether a server of this version honours f; ok is false for a version
// that cannot be read.
func (f Feature) SupportedBy(version string) (supported, ok bool) {
	return VersionAtLeast(version, f.MajorVersion, f.MinorVersion)
}
