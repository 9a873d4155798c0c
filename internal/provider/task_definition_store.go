package provider

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

// taskDefinitionStore is how vidispine_task_definition reads task definitions. It lists the
// steps of a job type once per Terraform run (GET /API/task-definition/jobtype/{type}) and
// answers every read of that job type's steps from the list, so N task definitions over K job
// types cost K requests per run instead of N. Changes made behind Terraform's back before the
// run are in the list, as in a read per resource; writes through this provider are applied to
// it (recordWrite, recordDelete). A read the list cannot answer goes to the server by id or by
// step. The data sources and list resources do not use the store: they read the server
// directly.
type taskDefinitionStore struct {
	client *vidispine.Client
	lists  runCache[[]vidispine.TaskDefinition] // by job type
}

// listByJobType returns the steps of jobType as the server listed them once in this run
// (GET /API/task-definition/jobtype/{type}, shared by every caller of the run). A job type the
// server does not know has no steps. The list is shared: callers must not change it.
func (s *taskDefinitionStore) listByJobType(ctx context.Context, jobType string) ([]vidispine.TaskDefinition, error) {
	list, _, err := s.lists.get(ctx, jobType, func(ctx context.Context) ([]vidispine.TaskDefinition, error) {
		list, err := s.client.ListTaskDefinitions(ctx, jobType)
		if vidispine.IsNotFound(err) {
			return nil, nil
		}
		return list, err
	})
	return list, err
}

// relistByJobType forgets the remembered steps of jobType and lists them again (one
// GET /API/task-definition/jobtype/{type}): for the look-up after a POST whose outcome is
// unknown.
func (s *taskDefinitionStore) relistByJobType(ctx context.Context, jobType string) ([]vidispine.TaskDefinition, error) {
	s.lists.forget(jobType, nil)
	return s.listByJobType(ctx, jobType)
}

// recordWrite applies a create or update of task definition id of jobType, made through this
// provider, to the remembered list; td is the document as stored.
func (s *taskDefinitionStore) recordWrite(jobType string, id int, td *vidispine.TaskDefinition) {
	s.replace(jobType, id, td)
}

// recordDelete applies a delete of task definition id of jobType, made through this provider,
// to the remembered list.
func (s *taskDefinitionStore) recordDelete(jobType string, id int) {
	s.replace(jobType, id, nil)
}

// replace drops task definition id from the remembered list of jobType and adds td, if any.
func (s *taskDefinitionStore) replace(jobType string, id int, td *vidispine.TaskDefinition) {
	s.lists.update(jobType, func(list []vidispine.TaskDefinition) []vidispine.TaskDefinition {
		out := slices.DeleteFunc(slices.Clone(list), func(t vidispine.TaskDefinition) bool { return t.ID == id })
		if td != nil {
			out = append(out, *td)
		}
		return out
	})
}

// byID finds task definition id in the run's list of the steps of jobType, the job type the
// state holds. When it is not there (deleted, moved to another job type on the server, or
// imported by id so the job type is not known yet) it is read by id
// (GET /API/task-definition/{id}): a step deleted on the server costs one request more and is
// still reported as not found.
func (s *taskDefinitionStore) byID(ctx context.Context, jobType types.String, id int) (*vidispine.TaskDefinition, error) {
	if jobType.ValueString() != "" {
		list, err := s.listByJobType(ctx, jobType.ValueString())
		if err != nil {
			return nil, err
		}
		if td := findTaskDefinition(list, func(td vidispine.TaskDefinition) bool { return td.ID == id }); td != nil {
			return td, nil
		}
	}
	return s.client.GetTaskDefinition(ctx, id)
}

// byStep finds step of jobType in the run's list, so adopting a whole job type (import blocks
// by identity, as `terraform query -generate-config-out` writes them) costs one list per job
// type. A step not in the list is looked up by step
// (GET /API/task-definition/jobtype/{type}/step/{step}), which reports it as not found.
func (s *taskDefinitionStore) byStep(ctx context.Context, jobType string, step int) (*vidispine.TaskDefinition, error) {
	list, err := s.listByJobType(ctx, jobType)
	if err != nil {
		return nil, err
	}
	if td := findTaskDefinition(list, func(td vidispine.TaskDefinition) bool { return td.Step == step }); td != nil {
		return td, nil
	}
	return s.client.GetTaskDefinitionByStep(ctx, jobType, step)
}

// lookupStep is the vidispine.StepLookup of the run's list: the task definition at step of
// jobType, nil when the step is free. fresh lists the steps again first (relistByJobType).
func (s *taskDefinitionStore) lookupStep(ctx context.Context, jobType string, step int, fresh bool) (*vidispine.TaskDefinition, error) {
	list := s.listByJobType
	if fresh {
		list = s.relistByJobType
	}
	steps, err := list(ctx, jobType)
	if err != nil {
		return nil, err
	}
	return findTaskDefinition(steps, func(td vidispine.TaskDefinition) bool { return td.Step == step }), nil
}

// findTaskDefinition returns a copy of the first task definition of list that match
// accepts, or nil (the list is shared: callers must not change it).
func findTaskDefinition(list []vidispine.TaskDefinition, match func(vidispine.TaskDefinition) bool) *vidispine.TaskDefinition {
	if i := slices.IndexFunc(list, match); i >= 0 {
		td := list[i]
		return &td
	}
	return nil
}
