package provider

import (
	"strings"
	"testing"
)

func TestNormaliseJobSort(t *testing.T) {
	for _, tc := range []struct{ in, want, wantErr string }{
		{in: "jobId desc", want: "jobId desc"},
		{in: " startTime  DESC , jobId asc ", want: "startTime desc,jobId asc"},
		{in: "priority", want: "priority"},
		{in: "jobid desc", wantErr: `"jobid" is not a field`},
		{in: "jobId down", wantErr: `direction "down"`},
		{in: "jobId desc,", wantErr: "empty sort term"},
		{in: "jobId desc type", wantErr: "more than a field and a direction"},
	} {
		got, msg := normaliseJobSort(tc.in)
		switch {
		case tc.wantErr != "" && !strings.Contains(msg, tc.wantErr):
			t.Errorf("normaliseJobSort(%q): message %q; want it to mention %q", tc.in, msg, tc.wantErr)
		case tc.wantErr == "" && (msg != "" || got != tc.want):
			t.Errorf("normaliseJobSort(%q) = %q, %q; want %q", tc.in, got, msg, tc.want)
		}
	}
}

func TestParseTimestamp(t *testing.T) {
	for _, ok := range []string{
		"2026-03-01T00:00:00Z", "2026-03-01T02:00:00+02:00", "2026-03-01T00:00:00.047+0000", "2026-03-01T00:00:00.5Z",
	} {
		if _, good := parseTimestamp(ok); !good {
			t.Errorf("parseTimestamp(%q) refused a valid ISO-8601 date-time", ok)
		}
	}
	for _, bad := range []string{"2026-03-01", "yesterday", "2026-03-01T00:00:00", "01/03/2026 00:00"} {
		if _, good := parseTimestamp(bad); good {
			t.Errorf("parseTimestamp(%q) accepted a value without date, time and zone", bad)
		}
	}
}
