package vidimock

import (
	"strconv"
	"strings"
)

// DefaultServerVersion is the version the mock reports unless Options.ServerVersion says
// otherwise: the first that has every feature the mock serves.
const DefaultServerVersion = "5.1.0"

// versionDocument is a VersionDocument (VersionType in the 5.x specification). Which name a real
// server gives its core component is not settled; the mock says VidiCore and lists a second
// component, so a client has to pick.
type versionDocument struct {
	Component  []componentDocument `json:"component"`
	SystemInfo struct {
		MACAddress []string `json:"macaddress"`
	} `json:"systemInfo"`
}

type componentDocument struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// getVersion: GET /API/version.
func (c *call) getVersion() {
	doc := versionDocument{Component: []componentDocument{{"Transcoder", "3.2.0"}, {"VidiCore", c.s.version}}}
	doc.SystemInfo.MACAddress = []string{"02:00:00:00:00:01"}
	c.ok(doc)
}

// versionAtLeast reports whether the reported version is at least major.minor; a version that
// does not start with two numbers counts as the newest.
func (s *Server) versionAtLeast(major, minor int) bool {
	parts := strings.SplitN(s.version, ".", 3)
	if len(parts) < 2 {
		return true
	}
	maj, err1 := strconv.Atoi(parts[0])
	mnr, err2 := strconv.Atoi(strings.TrimRightFunc(parts[1], func(r rune) bool { return r < '0' || r > '9' }))
	if err1 != nil || err2 != nil {
		return true
	}
	return maj > major || (maj == major && mnr >= minor)
}
