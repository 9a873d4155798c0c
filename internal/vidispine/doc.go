// Package vidispine is a typed client for the parts of the Vidispine (VidiCore) REST API the
// provider manages: jobs, task definitions, job types, job notifications, users, tokens and
// the server version.
//
// Requests are retried through go-retryablehttp on connection errors and on 429, 502, 503
// and 504. Requests that create something (POST) are never repeated blindly: the client
// first checks on the server whether the failed attempt took effect (see postOnce).
//
// # Wire format the client relies on
//
// The facts below come from Vidispine's 5.x API specification, as published in the models of
// the official Python SDK generated from it (model names in brackets), and from the VidiCore
// API documentation of versions 4.17 to 5.x. The in-process mock (package vidimock) is a
// second, independent reading of the same facts.
//
//   - Transport: JSON under <base>/API, HTTP Basic or "Authorization: token <t>", an optional
//     RunAs header. Content-Type is sent only with a body. Errors are ExceptionDocuments whose
//     nine members (notFound, invalidInput, conflict, ...) are null when unused; some servers
//     answer text/plain or HTML instead, which the client summarizes.
//   - Jobs [JobType, JobListType]: GET /job takes type, state, priority (comma lists), first
//     (1-based), number, sort, user, step, metadata, jobmetadata and the start/finish time
//     filters as query parameters; the answer is {"hits":n,"job":[...]}. The priority filter
//     is new in VidiCore 5.1 (FeaturePriorityFilter): it is not in the 5.0 specification.
//   - Job states: READY, STARTED, VIDINET_JOB, WAITING, HOLD, the pending abort, FINISHED,
//     FINISHED_WARNING, FAILED_TOTAL, ABORTED. Terminal: FINISHED, FINISHED_WARNING,
//     FAILED_TOTAL, ABORTED.
//   - Ids of jobs, items and notifications: a site prefix of letters, a dash and up to 32
//     digits (VX-29, ABC-123456789012). Task definition ids are integers.
//   - Integers in documents and parameters are Java ints: 32-bit. Larger values are refused
//     or overflow, so the provider validates every integer against that range.
//   - Task definitions [TaskDefinitionType, TaskDefinitionListType]: id, step, jobType,
//     description, script or bean + method + plugin, critical, cleanup, flags, extradata,
//     dependency and parallelDependency [TaskDefinitionDependency] with three independent
//     optional members (step, previous, allPrevious), and metadata [SimpleMetadataType:
//     {"field":[{"key","value"}]}]. PUT replaces the whole document: UpdateTaskDefinition
//     therefore starts from the stored document, so metadata and members this client does not
//     model are written back unchanged.
//   - Job types: GET /jobtype lists names; custom types are created with POST
//     /task-definition/jobtype/{name}?id=N (N in 20000–30000) and have no update.
//   - Job notifications [NotificationType, NotificationHttpActionType,
//     NotificationJobTriggerType]: one action (http or javascript) and a job trigger; an http
//     action's url, synchronous and timeout are required by the specification.
//   - Server version [VersionType, CompType]: GET /version answers {"component":[{"name",
//     "version"}], "systemInfo", "licenseInfo"}.
//   - Lists: the specification's wire samples write lists as arrays, even of one element.
//
// # Tolerance, and what is still uncertain
//
// The client decodes what real servers and XML-to-JSON bridges are known or suspected to send:
// numbers and booleans quoted as strings, null for absent members, and a single object where
// a list is expected (a JAXB-based server may write a list of one so; flexList). Members it
// does not know are ignored on read and, for documents the provider updates, kept and sent
// back. Not settled by any public source:
//   - the spelling of the pending abort on the wire: servers and the admin tool say
//     ABORTED_PENDING, the specification's abort documentation ABORT_PENDING. Both are accepted
//     wherever states are read or filtered; a filter is sent as the user wrote it.
//   - which component of the version document is VidiCore itself (ServerVersion.Core picks by
//     name, then falls back to the first component with a version), and whether every user
//     may read it. An unreadable version never blocks a feature; it only warns.
//   - whether a server older than 5.1 ignores the priority parameter or refuses it (the
//     provider refuses the filter at plan time either way).
//   - what a server makes of a dependency member left out (the client sends only the members
//     that are set, and reads back whatever the server stores).
//   - whether a PUT answers the stored document or nothing (both are handled).
package vidispine
