package vidispine

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestDecodeUser(t *testing.T) {
	var u User
	err := json.Unmarshal([]byte(`{"userName":"alice","realName":"Alice A","disabled":"false","metadata":{},
	  "groupList":{"group":[{"groupName":"_administrator","role":true},{"groupName":"editors","role":false}]}}`), &u)
	if err != nil {
		t.Fatal(err)
	}
	if u.UserName != "alice" || u.RealName != "Alice A" || u.Disabled || !reflect.DeepEqual(u.Groups, []string{"_administrator", "editors"}) {
		t.Errorf("decoded %+v", u)
	}
	if !u.HasRole("_administrator") || u.HasRole("_job_write") {
		t.Error("HasRole is wrong")
	}
	var none User
	if err := json.Unmarshal([]byte(`{"userName":"x"}`), &none); err != nil || none.HasRole("_administrator") {
		t.Errorf("user without groups: %+v, %v", none, err)
	}
}

func TestGetTokenRejectsNonToken(t *testing.T) {
	tc := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html><body>login</body></html>"))
	}))
	_, err := tc.GetToken(context.Background(), 0, false)
	if err == nil || !strings.Contains(err.Error(), "did not answer with a plain-text token") || strings.Contains(err.Error(), "login") {
		t.Errorf("err = %v", err)
	}
}
