package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

// providerData is what Configure hands to every resource, data source, ephemeral resource, list
// resource and action.
type providerData struct {
	client *vidispine.Client
	// jobPollInterval is how often a re-run job is looked at while waiting for it to end.
	jobPollInterval time.Duration

	// taskDefinitions is how vidispine_task_definition reads task definitions: one list of
	// steps per job type per run.
	taskDefinitions *taskDefinitionStore
	// jobCounts shares job counts between identical vidispine_job_count reads of one
	// configured provider, i.e. one Terraform run (JobHelper caches getTotalJobCount too).
	jobCounts runCache[int]
	// version holds the server's VidiCore version, read once per run.
	version runCache[string]
	// notifications are the job notifications the server held before this run made one, read
	// once per run that creates one, and those a create of this run has adopted.
	notifications runCache[[]vidispine.Notification]
	adoptedMu     sync.Mutex
	adopted       map[string]bool
	// scriptEngine holds the engine the server runs scripts on, read once per run.
	scriptEngine runCache[scriptEngineChoice]
	// claims are what one resource of the run owns alone: the job pool configuration, a job
	// type's default priority.
	claims runClaims
	// defaultPriorities holds the server's default job priorities, read once per run and
	// forgotten after each of this run's writes.
	defaultPriorities runCache[*vidispine.DefaultJobPriorities]
}

func newProviderData(client *vidispine.Client) *providerData {
	return &providerData{client: client, taskDefinitions: &taskDefinitionStore{client: client}}
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

// countJobs returns the number of jobs matching opts, asking the server (GET /API/job?number=1)
// once per distinct query of this run.
func (d *providerData) countJobs(ctx context.Context, opts vidispine.ListJobsOptions) (int, error) {
	key, err := jobCountKey(opts)
	if err != nil {
		return 0, err
	}
	count, shared, err := d.jobCounts.get(ctx, key, func(ctx context.Context) (int, error) {
		return d.client.CountJobs(ctx, opts)
	})
	if shared && err == nil {
		tflog.Debug(ctx, "job count shared with an identical query of this run", map[string]any{"query": key})
	}
	return count, err
}

// serverVersion returns the VidiCore version the server reports (GET /API/version), asking
// once per run; "" when the document names none.
func (d *providerData) serverVersion(ctx context.Context) (string, error) {
	v, _, err := d.version.get(ctx, "", func(ctx context.Context) (string, error) {
		doc, err := d.client.GetServerVersion(ctx)
		if err != nil {
			return "", err
		}
		return doc.Core(), nil
	})
	return v, err
}

// defaultJobPriorities returns the server's default job priorities
// (GET /API/configuration/job-priority), asking once per run; writes of the run forget the
// answer, so a read after a write asks again.
func (d *providerData) defaultJobPriorities(ctx context.Context) (*vidispine.DefaultJobPriorities, error) {
	doc, _, err := d.defaultPriorities.get(ctx, "", d.client.GetDefaultJobPriorities)
	return doc, err
}

// requireFeature refuses, with an error on attr, a feature the server's version cannot honour.
// A version that cannot be read (an error, or a document the client does not understand) is
// a warning: the feature is used, and the user is told it may not be honoured.
func (d *providerData) requireFeature(ctx context.Context, f vidispine.Feature, attr path.Path, diags *diag.Diagnostics) {
	version, err := d.serverVersion(ctx)
	supported, known := f.SupportedBy(version)
	switch {
	case err != nil:
		diags.AddAttributeWarning(attr, "Could not read the server version",
			fmt.Sprintf("%s needs VidiCore %s or later; the server's version could not be read (%s), so it "+
				"is used as if the server supported it. An older server ignores it.", capitalize(f.Name), f.MinVersion(), err))
	case !known:
		diags.AddAttributeWarning(attr, "Unknown server version",
			fmt.Sprintf("%s needs VidiCore %s or later; the server reports a version the provider cannot "+
				"read (%q), so it is used as if the server supported it.", capitalize(f.Name), f.MinVersion(), version))
	case !supported:
		diags.AddAttributeError(attr, "Feature not supported by the server",
			fmt.Sprintf("The Vidispine server reports version %s; %s needs VidiCore %s or later. An older "+
				"server ignores it and would answer as if it were not set. Remove it, or upgrade the server.",
				version, f.Name, f.MinVersion()))
	}
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

// adoptNotification finds a notification identical to want that the server held before this
// run (vidispine.FindIdenticalNotification) and that no other create of this run has adopted,
// and claims it; nil when there is none. The first call of a run costs
// GET /API/job/notification and one GET /API/job/notification/{id} per notification on the
// server (ListNotificationsExpanded); later calls send nothing.
func (d *providerData) adoptNotification(ctx context.Context, want vidispine.Notification) (*vidispine.Notification, error) {
	before, _, err := d.notifications.get(ctx, "", d.client.ListNotificationsExpanded)
	if err != nil {
		return nil, err
	}
	d.adoptedMu.Lock()
	defer d.adoptedMu.Unlock()
	found, err := vidispine.FindIdenticalNotification(want, before, func(id string) bool { return d.adopted[id] })
	if found != nil {
		if d.adopted == nil {
			d.adopted = map[string]bool{}
		}
		d.adopted[found.ID] = true
	}
	return found, err
}
