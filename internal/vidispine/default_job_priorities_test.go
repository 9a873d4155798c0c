package vidispine

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

const defaultJobPrioritiesPath = "/API/configuration/job-priority"

// A server older than the endpoint answers 404: the error says the feature is missing, and is
// still a not-found error.
func TestDefaultJobPrioritiesOnAServerWithout(t *testing.T) {
	tc := newTestClient(t, newDocumentServer(map[string]string{}))
	ctx := context.Background()
	_, err := tc.GetDefaultJobPriorities(ctx)
	if !IsUnsupported(err) || !IsNotFound(err) || !strings.Contains(err.Error(), "this server has no default job priorities") {
		t.Errorf("GET: %v, want an unsupported error", err)
	}
	_, err = tc.UpdateDefaultJobPriorities(ctx, func(p *DefaultJobPriorities) { p.Set("TRANSCODE", "HIGH") })
	if !IsUnsupported(err) {
		t.Errorf("update: %v, want an unsupported error", err)
	}
	if err := tc.DeleteDefaultJobPriorities(ctx); !IsUnsupported(err) {
		t.Errorf("delete: %v, want an unsupported error", err)
	}
}

// Each caller changes its own job types: the others' defaults and members the client does not
// model go back as the server has them.
func TestUpdateDefaultJobPrioritiesKeepsTheOtherTypes(t *testing.T) {
	srv := newDocumentServer(map[string]string{
		defaultJobPrioritiesPath: `{"job":[{"type":"IMPORT","value":"LOW"},{"type":"TRANSCODE","value":"MEDIUM"}],"future":true}`,
	})
	tc := newTestClient(t, srv)
	got, err := tc.UpdateDefaultJobPriorities(context.Background(), func(p *DefaultJobPriorities) {
		p.Set("TRANSCODE", "HIGH")
		p.Set("THUMBNAIL", "LOWEST")
		p.Remove("IMPORT")
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"future":true,"job":[{"type":"TRANSCODE","value":"HIGH"},{"type":"THUMBNAIL","value":"LOWEST"}]}`
	if puts := srv.sentPuts(); len(puts) != 1 || canonical(t, puts[0]) != canonical(t, want) {
		t.Errorf("PUT bodies %q, want one: %s", puts, want)
	}
	if p, ok := got.Priority("TRANSCODE"); !ok || p != "HIGH" {
		t.Errorf("read back TRANSCODE %q %v", p, ok)
	}
	if _, ok := got.Priority("IMPORT"); ok {
		t.Error("IMPORT still has a default")
	}
}

// An unset document is {} (or an empty body); the last type removed leaves {} again.
func TestDefaultJobPrioritiesStartEmpty(t *testing.T) {
	for _, unset := range []string{`{}`, ``} {
		srv := newDocumentServer(map[string]string{defaultJobPrioritiesPath: unset})
		tc := newTestClient(t, srv)
		p, err := tc.UpdateDefaultJobPriorities(context.Background(), func(p *DefaultJobPriorities) {
			if len(p.Jobs) != 0 {
				t.Errorf("unset document %q read as %+v", unset, p.Jobs)
			}
			p.Set("EXPORT", "HIGHEST")
		})
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := p.Priority("EXPORT"); v != "HIGHEST" {
			t.Errorf("read back %+v", p)
		}
		if _, err := tc.UpdateDefaultJobPriorities(context.Background(), func(p *DefaultJobPriorities) { p.Remove("EXPORT") }); err != nil {
			t.Fatal(err)
		}
		if puts := srv.sentPuts(); puts[1] != `{}` {
			t.Errorf("removing the last type sent %s, want {}", puts[1])
		}
	}
}

// Resources of one process that each own a type update the shared document at the same time:
// no write is lost, although each one reads, changes and writes the whole document.
func TestConcurrentDefaultJobPriorityUpdatesKeepEveryType(t *testing.T) {
	srv := newDocumentServer(map[string]string{defaultJobPrioritiesPath: `{}`})
	srv.getDelay = 20 * time.Millisecond // a slow read: unserialized cycles would overlap
	tc := newTestClient(t, srv)
	types := []string{"IMPORT", "TRANSCODE", "THUMBNAIL", "EXPORT"}
	var wg sync.WaitGroup
	for _, typ := range types {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := tc.UpdateDefaultJobPriorities(context.Background(), func(p *DefaultJobPriorities) { p.Set(typ, "HIGH") }); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	got, err := tc.GetDefaultJobPriorities(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range types {
		if _, ok := got.Priority(typ); !ok {
			t.Errorf("the default of %s was lost: %+v", typ, got.Jobs)
		}
	}
}
