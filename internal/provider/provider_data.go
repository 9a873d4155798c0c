package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

// providerData is what Configure hands to every resource, data source and ephemeral resource.
type providerData struct {
	client *vidispine.Client
	// jobPollInterval is how often a re-run job is looked at while waiting for it to end.
	jobPollInterval time.Duration

	// jobCounts shares job counts between identical vidispine_job_count reads of one
	// configured provider, i.e. one Terraform run (JobHelper caches getTotalJobCount too).
	jobCounts jobCountCache
}

func newProviderData(client *vidispine.Client) *providerData {
	return &providerData{client: client}
}

// providerDataFrom unpacks the value given to a type's Configure. It returns nil without a
// diagnostic while the provider is not yet configured (Terraform calls Configure early too).
func providerDataFrom(raw any, diags *diag.Diagnostics) *providerData {
	if raw == nil {
		return nil
	}
	data, ok := raw.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", raw))
		return nil
	}
	return data
}

// jobCountCache remembers job counts by query. Concurrent reads of the same query wait for
// the first one's request instead of sending their own (single flight); failures are not
// remembered, so a later read asks again.
type jobCountCache struct {
	mu      sync.Mutex
	entries map[string]*jobCountEntry
}

type jobCountEntry struct {
	done  chan struct{} // closed when count and err are set
	count int
	err   error
}

// countJobs returns the number of jobs matching opts, asking the server once per distinct
// query.
func (d *providerData) countJobs(ctx context.Context, opts vidispine.ListJobsOptions) (int, error) {
	key, err := jobCountKey(opts)
	if err != nil {
		return 0, err
	}
	c := &d.jobCounts
	c.mu.Lock()
	if e, ok := c.entries[key]; ok {
		c.mu.Unlock()
		select {
		case <-e.done:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
		if e.err != nil {
			return 0, e.err
		}
		tflog.Debug(ctx, "job count shared with an identical query of this run", map[string]any{"query": key})
		return e.count, nil
	}
	if c.entries == nil {
		c.entries = map[string]*jobCountEntry{}
	}
	e := &jobCountEntry{done: make(chan struct{})}
	c.entries[key] = e
	c.mu.Unlock()

	e.count, e.err = d.client.CountJobs(ctx, opts)
	if e.err != nil {
		c.mu.Lock()
		delete(c.entries, key)
		c.mu.Unlock()
	}
	close(e.done)
	return e.count, e.err
}

// jobCountKey identifies a count query. The options are normalised by the caller (sorted
// lists, sorted job-data pairs, canonical times); paging and output switches do not change
// a count, so they are left out.
func jobCountKey(opts vidispine.ListJobsOptions) (string, error) {
	opts.First, opts.Number, opts.Sort = 0, 0, ""
	opts.IncludeSteps, opts.IncludeMetadata = false, false
	raw, err := json.Marshal(opts)
	if err != nil {
		return "", fmt.Errorf("encoding the job count query: %w", err)
	}
	return string(raw), nil
}
