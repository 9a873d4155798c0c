package vidimock

import (
	"io"
	"strings"
)

// Configuration properties (/API/configuration/properties/{key}). The mock stores any key and
// interprets none: javascriptInterpreter, for one, is read by the provider to choose how it
// checks scripts, but the mock runs every script on its own engine whatever the property says.

// configurationProperty is a ConfigurationPropertyDocument.
type configurationProperty struct {
	Key        string `json:"key"`
	Value      string `json:"value"`
	LastChange string `json:"lastChange,omitempty"`
}

// getConfigurationProperty: GET /API/configuration/properties/{key}; 404 when the property is
// not set; the raw value as text/plain when the client asks for it.
func (c *call) getConfigurationProperty() {
	p, ok := c.s.state.properties[c.params["key"]]
	switch {
	case !ok:
		c.fail(errNotFound("property", c.params["key"], ""))
	case c.wantsText():
		c.text(p.Value)
	default:
		c.ok(p)
	}
}

// putConfigurationProperty: PUT /API/configuration/properties/{key} with the value as a
// text/plain body; answers 204.
func (c *call) putConfigurationProperty() {
	body, err := io.ReadAll(io.LimitReader(c.r.Body, 1<<20))
	if err != nil {
		c.fail(errInvalid("property", c.params["key"], "", "could not read the request body"))
		return
	}
	st := c.s.state
	if st.properties == nil {
		st.properties = map[string]configurationProperty{}
	}
	key := c.params["key"]
	st.properties[key] = configurationProperty{Key: key, Value: strings.TrimRight(string(body), "\r\n"),
		LastChange: formatTime(c.now)}
	c.noContent()
}

// deleteConfigurationProperty: DELETE /API/configuration/properties/{key}; answers 204, also
// when the property was not set.
func (c *call) deleteConfigurationProperty() {
	delete(c.s.state.properties, c.params["key"])
	c.noContent()
}
