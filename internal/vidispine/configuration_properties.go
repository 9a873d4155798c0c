package vidispine

import (
	"context"
	"net/url"
)

// ConfigurationProperty is a ConfigurationPropertyDocument: {"key", "value", "lastChange"}.
type ConfigurationProperty struct {
	Key        flexString `json:"key"`
	Value      flexString `json:"value"`
	LastChange flexString `json:"lastChange,omitempty"`
}

// PropertyJavaScriptInterpreter chooses the engine that runs task and notification scripts
// (GraalJS or Rhino); unset, the server's default applies (see doc.go).
const PropertyJavaScriptInterpreter = "javascriptInterpreter"

// GetConfigurationProperty reads one configuration property. found is false, without an
// error, when the server answers 404 (the property is not set).
//
// GET /API/configuration/properties/{key}
func (c *Client) GetConfigurationProperty(ctx context.Context, key string) (value string, found bool, err error) {
	var p ConfigurationProperty
	err = c.do(ctx, &request{method: "GET", path: "/configuration/properties/" + url.PathEscape(key)}, &p)
	switch {
	case IsNotFound(err):
		return "", false, nil
	case err != nil:
		return "", false, err
	}
	return string(p.Value), true, nil
}
