// Package provider implements the Terraform/OpenTofu provider for Vidispine (VidiCore): its
// resources, data sources, list resources, ephemeral resource, functions and actions, on
// terraform-plugin-framework, over the client in internal/vidispine.
//
// # Where things are
//
// One file per type, named after it: <name>_resource.go, <name>_data_source.go,
// <name>_list_resource.go, <name>_action.go, <name>_ephemeral_resource.go and
// <name>_function.go (the name without the vidispine_ prefix).
//
// The rule for models: everything about an object lives in the file of the type that owns it,
// and there are no separate model files. A managed resource owns its object: its resource file
// holds the model, the conversions between the model and the client's document, the schema and
// its descriptions, the identity, MoveState, the plan-time checks and the CRUD. A data source,
// list resource or action that shows the same object uses the model, conversions and
// descriptions from the resource's file (the task-definition data sources and list resource
// use those of task_definition_resource.go). An object no resource manages is owned by the data
// source named after it: job problems by job_problems_data_source.go, the job list and its
// filters by jobs_data_source.go, a job's step log by job_data_source.go.
//
// What more than one type uses:
//   - values.go: generic value helpers (known, optionalString, keyValuesMap, …).
//   - validators.go and script_validator.go: attribute validators.
//   - diagnostics.go: diagnostics that more than one type reports.
//   - identity.go: what the resource identities share.
//   - provider_data.go: what Configure hands to every type; run_cache.go, the cache of one run
//     it keeps, and the run's claims (what one resource owns alone, e.g. vidispine_job_pools); task_definition_store.go, the store vidispine_task_definition reads through.
//   - restapi_move.go: recognising a restapi_object, for the resources' MoveState.
//   - job_actions.go: what the job actions share; job_wait.go, waiting for a job to end
//     (the vidispine_job_rerun resource and the actions). Starting a job and judging its end
//     (jobRunInputs, startJobRun, jobRun.follow) live in job_run_resource.go, whose resource
//     owns the inputs the vidispine_job_start action shares.
//   - list_results.go: streaming the results of a list resource.
//   - pipeline_graph.go: a job type's step graph, its checks and its renderings (DOT, Mermaid),
//     for the pipeline_dot and pipeline_mermaid functions and data.vidispine_job_type.
//
// # Requests
//
// The doc comment of every Create, Read, Update, Delete, List, Open and Invoke names the
// requests it costs, as METHOD /API/path. A run is one Terraform command (plan, apply,
// refresh, import): Terraform starts the provider afresh for each, so what the provider
// remembers during a run (runCache) is asked for again in the next.
package provider
