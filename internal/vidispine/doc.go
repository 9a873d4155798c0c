// Package vidispine is a typed client for the parts of the Vidispine (VidiCore) REST API the
// provider manages: jobs, task definitions, job types, job notifications, the scheduling
// configuration (job pools, task groups, default job priorities), users, tokens and the
// server version.
//
// Requests are retried through go-retryablehttp on connection errors and on 429, 502, 503
// and 504. Requests that create something (POST) are never repeated blindly: the client
// first checks on the server whether the failed attempt took effect (see postOnce).
//
// When Terraform stops the provider (Ctrl-C), the context of every request in flight is
// cancelled. A write already sent (postOnce for creates, job starts and re-runs; write for
// every other PUT and DELETE: task definitions, notifications, job types, job pools, task
// groups, default job priorities, a job's priority and abort; writeRead where the PUT answers
// nothing and is read back) then runs the same look-up with a context of its own
// (bookkeepingContext: not cancelled, 30 s) and returns what the server holds, so Terraform
// records it, or an error saying it was not made. Nothing is sent once the context is done.
// Uncertain: a server that is still working on a request the client left may finish it after
// the look-up found nothing; the next run then finds the object (the provider adopts or names
// it). Uncertain too: whether a server stores the pools of a job pool configuration and the
// entries of the default job priorities in the order sent (the mock does); one that reorders
// them fails the look-up's comparison, the write is reported as not made, and the next plan
// shows what the server holds.
//
// # Layout
//
// One file per area of the API holds its documents and the calls that send or return them:
// jobs.go, job_types.go, task_definitions.go, notifications.go, job_pools.go, task_groups.go,
// default_job_priorities.go, users.go (users and tokens) and version.go. client.go builds a Client, request.go sends one request (retries, logging,
// decoding), postonce.go sends a create at most once, errors.go reads error answers, flex.go
// decodes tolerantly and members.go writes back what the types do not model. The doc comment
// of every call ends with the requests it sends, one "METHOD /API/path" a line, path
// parameters in braces; a test of package vidimock holds each against the mock's routes.
//
// # Wire format the client relies on
//
// The facts below come from Vidispine's 5.x API specification, as published in the models of
// the official Python SDK generated from it (model names in brackets), and from the VidiCore
// API documentation of versions 4.17 to 5.x. The in-process mock (package vidimock) is a
// second, independent reading of the same facts.
//
//   - Transport: JSON under <base>/API, HTTP Basic (also for access keys) or "Authorization:
//     token <t>" or "Authorization: Bearer <JWT>" (auth.go), an optional RunAs header. Content-Type is sent only with a body. Errors are ExceptionDocuments whose
//     nine members (notFound, invalidInput, conflict, ...) are null when unused; some servers
//     answer text/plain or HTML instead, which the client summarizes.
//   - Jobs [JobType, JobListType]: GET /API/job takes type, state, priority (comma lists), first
//     (1-based), number, sort, user, step, metadata, jobmetadata and the start/finish time
//     filters as query parameters; the answer is {"hits":n,"job":[...]}. The priority filter
//     is new in VidiCore 5.1 (FeaturePriorityFilter): it is not in the 5.0 specification.
//   - Starting a job: POST /API/job?type=T[&priority=P] with the job's data as repeated
//     jobmetadata=key%3Dvalue parameters (4.x and 5.x alike; the 5.0 body form
//     {"field":[...]} is not used). The answer is the new job's JobDocument (READY). priority
//     defaults to MEDIUM; IMMEDIATE needs _super_access_user. POST is not idempotent: StartJob
//     adds a random terraformStartId (StartMarkerKey) to the data and, after a lost answer, finds
//     the job with GET /API/job?jobmetadata=terraformStartId%3D<value>&user=false before trying
//     again. Not settled: whether a server splits a jobmetadata value at commas (values are sent
//     as given), and whether the filter matches a value exactly or as a pattern (the marker is
//     hex, so either reading finds only its job; the client checks the marker in the answer).
//   - Following a job: GET /API/job/{id} without metadata=true carries status, currentStep,
//     totalSteps and the step log (log.task[].errorMessage) but not the data; FollowJob polls
//     it, waiting half as long again after each unchanged answer (from an interval the caller
//     chooses, up to a cap). Accept: text/plain would answer the status alone, but loses the
//     step, so it is not used.
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
//   - Job types: GET /API/jobtype lists names; custom types are created with POST
//     /API/task-definition/jobtype/{type}?id=N (N in 20000–30000) and have no update.
//   - Job notifications [NotificationType, NotificationHttpActionType,
//     NotificationJobTriggerType]: one action (http, javascript, sqs, sns, jms or ejb) and a job trigger; an http
//     action's url, synchronous and timeout are required by the specification. The details
//     are in the section below.
//   - Server version [VersionType, CompType]: GET /API/version answers {"component":[{"name",
//     "version"}], "systemInfo", "licenseInfo"}.
//   - Job pools [JobPoolListType, JobPoolType]: GET/PUT /API/configuration/job-pool hold
//     {"concurrentJobs": n, "pool": [{"priorityThreshold", "size"}]}, one document per server;
//     PUT answers nothing. DELETE removes every pool and, the specification says, keeps
//     concurrentJobs; DELETE .../{priority} removes one pool. Roles: reading needs
//     _configuration_read, writing _administrator.
//   - Task groups [TaskGroupType, TaskGroupTypeJob, TaskGroupTypeData,
//     TaskGroupTypeTranscoder, TaskGroupListType]: PUT /API/task-group/{name} creates or
//     replaces and answers the group; GET /API/task-group answers {"group":[...]}, whole
//     documents. A group has name, priority (a string), job rules (each member a list: type,
//     priority, user, group, and data entries {key, value}; a
//     key without a value is sent without the member, taken to match any value, which is
//     not documented), transcoder ({"id"} each),
//     metadata and loc. maxConcurrency, which the admin tool shows, is not in the
//     specification: like loc it is kept, not modelled.
//   - Default job priorities: /API/configuration/job-priority holds {"job":[{"type","value"}]}
//     ({} when unset). It is not in the 5.0 specification (SDK 5.0.4), so some 5.x server
//     added it: a 404 for it means the server lacks it (IsUnsupported). The document is shared
//     by job type; UpdateDefaultJobPriorities serializes the read-change-write cycles of one
//     process.
//   - Lists: the specification's wire samples write lists as arrays, even of one element.
//
// # Bearer tokens and client certificates
//
// VidiCore 4.4 and later accept "Authorization: Bearer <JWT>" from an OAuth2 / OIDC identity
// provider it is configured to trust (validation endpoint, federation metadata or a static
// X.509 certificate; expectedAudience; the user is the unique_name claim or the claim
// tokenUser names, and must exist) [VidiCore docs, high confidence]. A refused token is 401;
// that the answer carries "Reason: User was not found: <name>" for an unknown user is of
// medium confidence, and the wording of the other refusals (expired, audience, signature)
// is not known: the client shows whatever the server says. How the server answers a token
// that expires between two requests is not documented; the client renews a refused token
// from the client-credentials flow once (auth.go). The token endpoint is the identity
// provider's, not VidiCore's: standard RFC 6749 §4.4, client id and secret sent as basic
// credentials first and in the form if refused (golang.org/x/oauth2's auto-detection).
// Client certificates are plain TLS and reach whatever proxy asks for them; the client
// cannot tell a proxy's refusal from the server's.
//
// # Job notifications on the wire
//
// What notifications.go and the Notification types rely on. The specification is the 5.x API
// specification, as generated into Vidispine's Python SDK (models NotificationType,
// NotificationTypeAction, NotificationTypeTrigger, NotificationHttpActionType,
// NotificationJavaScriptActionType, NotificationJobTriggerType and its AllOfFilter,
// AllOfFilterJobdata and AllOfContentFilters).
//
//   - GET /API/job/notification answers a URIListDocument of ids ({"uri":["VX-12"]}); POST
//     takes a NotificationDocument and answers the new id the same way; GET, PUT and DELETE
//     /API/job/notification/{id} read, replace and delete one. PUT answers the stored document
//     (some servers answer nothing; the client then reads it back).
//   - A NotificationDocument is {"action":{<kind>:{...}},"trigger":{"job":{...}}}. The action
//     holds one kind: http, javascript, ejb, jms, sqs or sns (25.x), all modelled (ActionCommon is
//     what they share). Every action has synchronous (required), retry (int), extradata and group.
//     The members of sqs (endpoint, queue, contentType, accessKey, secret, roleArn,
//     roleSessionName, roleExternalId, messageGroupId), sns (topic, endpoint, contentType,
//     accessKey, secret and the role members), jms (queueFactory, queue, username, password,
//     contentType) and ejb (bean, method) are named by the XSD and the 25.x admin tool [H];
//     that sqs.queue is a queue URL and sns.topic a topic ARN is read from the AWS SDK calls
//     those members feed, not from Vidispine's text [M]; the role members (25.x) are [M]. A
//     server returns the stored secret and password on GET (the admin tool shows them) [M]:
//     the client masks every JSON member named secret or password in what it logs, and never
//     compares secrets (a server that masked them on GET would work the same).
//     http adds url (required), method, contentType and timeout: the specification marks
//     timeout required, a string holding seconds or "none". Whether a server refuses an http
//     action without a timeout or fills in a default is not known, so callers always send one.
//   - A job trigger fires on one event, written as an empty member: {"finished":""}. It may
//     carry placeholder (bool), type (a string the specification does not explain),
//     filter {step (int), type, jobdata {key, value, key-regex, value-regex}} and
//     contentFilters {contentFilter: [job field names]}. Whether key and key-regex (or value
//     and value-regex) may be combined is not documented; the 4.9 XSD reads as a choice.
//   - Integers are Java ints (32-bit). Servers may quote numbers and booleans, and list
//     members may come as a single value; the decoders accept both.
//   - An update replaces the whole document. Members the client does not model (other
//     action kinds' fields, members of newer servers) survive only because a Notification
//     read from the server keeps its document and marshals into it (mergeDocument).
//
// # Configuration properties and the JavaScript engine
//
//   - GET /API/configuration/properties/{key} answers {"key","value","lastChange"}, and 404
//     (notFound, type "property") when the property is not set; PUT takes the value as a
//     text/plain body (204), DELETE clears it (204). Reading needs _configuration_read.
//   - javascriptInterpreter chooses the engine of task and notification scripts: GraalJS
//     (modern ECMAScript; the default since VidiCore 5.0) or Rhino (the engine of 4.x). One
//     script may choose for itself with a leading comment /* interpreter=rhino */. The
//     spellings of the values are not published: the provider takes any value mentioning
//     "graal" or "rhino", and checks a script for either engine when the value is another one,
//     when the property cannot be read, or when the server's version is unknown.
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
//   - scheduling: what a job pool's threshold admits (presumably jobs at or above it), how pool
//     sizes add up against concurrentJobs, what a task group's own priority orders and whether
//     it is a priority name, what a server answers for an unknown transcoder id, which VidiCore
//     release added default job priorities, and what a PUT of /API/configuration/job-priority
//     answers. Every scheduling update starts from the server's document, so what the client
//     does not model survives; a job rule and a pool are written whole.
package vidispine
