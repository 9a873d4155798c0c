// Package vidimock is an in-memory VidiREST (Vidispine/VidiCore) server for tests, benchmarks
// and demos. It is an independent reading of the wire format (Vidispine's 5.x API
// specification and the VidiCore API documentation; the facts are summarized in the client's
// package doc, internal/vidispine/doc.go) and never imports the client package (nor the other
// way round). Tests start it with Start (a real listener on 127.0.0.1) or use New and
// ServeHTTP; cmd/vidimock runs it standalone. The seed data is described in seed.go.
//
// Wire format: JSON without root wrappers (answers are JSON whatever the Accept header says,
// except text/plain where a client asks for it: a job's status, the job id list, job types,
// notification ids, tokens); empty lists are left out ({"hits":0}, {} for no problems);
// timestamps like 2026-03-02T08:00:00.000+0000; every /API answer sets
// "rememberMe=deleteMe". Errors are ExceptionDocuments with all nine members, unused ones null.
//
// Choices where the public sources leave the real behavior open:
//   - GET /API/job: without sort the order is jobId ascending. first is 1-based, 0 means 1.
//     number=0 answers hits alone. idonly=true answers {"hits":n,"uri":[ids]}. jobmetadata
//     values may hold "*", which matches any text (also none): originalFilename=*promo*.
//     Priorities sort from LOWEST to IMMEDIATE ("priority desc" puts IMMEDIATE first).
//     ABORT_PENDING in a state filter means ABORTED_PENDING; other unknown states match nothing.
//     Below ServerVersion 5.1 the priority filter is ignored, as an older server would.
//   - currentStep.number is the 1-based position of the step in the job; log tasks carry the
//     task definition's step number. Step progress is in percent.
//   - Abort of a job that has ended, or is already being aborted, is accepted and changes
//     nothing. Re-run and priority changes are allowed in every state.
//   - Access: _administrator passes everything. Job reads need _job_read or _job_write, job
//     changes _job_write; task definitions _taskdefinition_read/_write; notifications
//     _job_notification_read/_write; custom job types _administrator; job pools and default job
//     priorities are read with _configuration_read and written with _administrator; task
//     groups need _administrator. A user reads its own
//     user document and tokens; administrators any. RunAs needs _administrator and then acts
//     with the roles of the user acted as; an unknown or disabled RunAs user is 403.
//   - Task definitions: critical defaults to true and cleanup to false when left out.
//     PUT by jobtype/{type}/step/{step} creates the step when it does not exist. Jobs run the
//     steps their type had when they started.
//   - Running jobs (job_run.go, job_script.go). Jobs started through the API (POST /API/job,
//     re-run) execute their steps; the seeded jobs keep their fixed life cycle. The POST
//     answers the job READY; it stays READY for one step duration (Options.StepDuration,
//     -step-duration of cmd/vidimock, 100ms there; in-process 0 means READY 1 s and 2 s a
//     step), then each try of a step takes one step duration and takes effect at its end. Runs
//     advance lazily: every API request first brings each unfinished run up to its instant.
//     Steps start as dependency and parallelDependency allow, by the rules of
//     task_definition_graph.go (a parallelDependency waits for the other step to start, a
//     dependency for it to end, which is our reading of "steps that can start in parallel"; a
//     dependency on a step outside the step's own sequence is ignored; steps that wait for
//     each other fail the job). Steps that end at the same instant take effect in step order.
//   - Cleanup steps run, in their own sequence, after a job failed or while it is aborted,
//     not after a success. Sources: the SDK (abort_job, cleanup=true: "Run cleanup steps
//     before aborting"; cleanup=false skips them "unless the job is already running", which
//     the mock follows) and the shared reference §4.2 ("run on abort/failure"); §13 says only
//     "cleanup steps run at the end" [M]. No public source says whether a successful job runs
//     them: if a real server does, a smoke test on the mock does not exercise them. The job
//     graph labels them the same way. totalSteps counts them once they run.
//   - Step failures: job.fail(msg), an exception (its text, e.g. "Error: msg"), a script that
//     does not compile, a script interrupted after 250 ms of wall time, and a bean step whose
//     bean or method is not in Options.Beans (the validate wording) fail the try; the step is
//     tried five times in all (the JavaScript-tasks page: retried "up to five times"; read as
//     five tries in all), then it is FAILED_TOTAL and, when critical, fails the job.
//     job.fatalFail(msg) makes the step FAILED_FATAL at once and fails the job whatever
//     critical says (the documentation says it fails the job). A failed critical step makes
//     the job FAILED_TOTAL with a problem {type jobFailed, errorMessage, step}; a failing
//     non-critical step leaves the job to finish FINISHED (no source says a server reports
//     FINISHED_WARNING for it). Once a job fails or is aborted, running steps end their try
//     without retries and no further non-cleanup step starts. job.fail and job.fatalFail end
//     the script at once (try/catch does not hold them); on a real server they may only mark
//     the step. Job data a try changed stays changed when the try fails. The next try starts
//     when one fails: a step being retried shows STARTED with its attempt number and the last
//     try's errorMessage (a real server may show FAILED_RETRY between tries).
//   - The job object: getId (VX-n), getStepId (the step number), getUser, getData (null when
//     absent), setData (the value as JavaScript's String() makes it), deleteData, getKeys (a
//     JavaScript array, in the order keys were added), containsKey, getDataOrDefault, log
//     (a subStep {timestamp, description} of the step's log task). What the mock cannot know:
//     job.wait (throws a TypeError saying so: waiting needs a real server), the api object and
//     other host objects (a ReferenceError), the engine (goja: ECMAScript 5.1 and much of ES6+,
//     not GraalJS or Rhino: their quirks and Java interop such as Java.type are absent, and
//     syntax goja lacks, such as for await, fails the step with a SyntaxError though GraalJS
//     runs it), the real
//     timing, job pools and concurrency (every job runs at once), and what beans do (a known
//     bean does nothing and succeeds).
//   - Aborting a running job: ABORTED_PENDING while the running steps end their try and the
//     cleanup steps run, then ABORTED (no problem). A READY job aborted with cleanup=false
//     ends ABORTED at once.
//   - Priority IMMEDIATE on POST /API/job needs the _super_access_user role (reference §13)
//     or _administrator (403 forbidden otherwise); re-run and PUT priority do not check it.
//   - The job data key mockOutcome (FAILED_TOTAL or ABORTED) makes the last non-cleanup step
//     fail fatally with the job's errorMessage data or a message naming mockOutcome;
//     FINISHED_WARNING makes a successful run end so.
//   - Task-definition validate answers text/plain: 200 with one line, or 400 in the text/plain
//     error form (Reason: line) when the bean or method is not in Options.Beans (default
//     DefaultBeans; -beans on cmd/vidimock). The job graph (graph/dot, _administrator) is a DOT
//     layout of our own, described in task_definition_graph.go; the docs show no real one.
//   - Job notifications (notifications.go): job triggers only; every member the specification
//     allows is accepted and stored, members it does not have are refused by name. The http and
//     javascript actions and the job trigger are checked and normalised (http.method defaults to
//     GET, synchronous to false; numbers and booleans sent as strings are stored unquoted;
//     step and retry must fit a Java int). The ejb, jms, sqs and sns actions are checked for
//     their required members (ejb bean and method, jms queueFactory and queue, sqs queue, sns
//     topic), for members of their own and for strings where strings belong, then stored as
//     sent: the mock does not judge ARNs, queue URLs or FIFO rules (a real server's checks
//     are not known), and it stores secret and password and returns them on GET, as the 25.x
//     admin tool shows a real server does. An http
//     action without a timeout is refused, or given DefaultHTTPTimeout (Options.HTTPTimeoutMissing,
//     flag -http-timeout-missing). A jobdata filter needs key or key-regex, never both (nor both
//     value and value-regex); contentFilter names one of the 4.9 XSD's job fields.
//   - Problems: a WAITING job has one while it waits; a job whose run ends FAILED_TOTAL or
//     ABORTED by its outcome (not by a user abort) has one from then on.
//   - Strict where a real server is: integers beyond 32 bits are refused (400 invalidInput);
//     job ids are a letters prefix and up to 32 digits. Members the mock does not interpret
//     (task-definition metadata, unknown members) are stored and returned as sent.
//   - Scheduling (job_pools.go, task_groups.go, default_job_priorities.go) is stored and
//     validated, never applied: jobs start and run as they always do, whatever concurrentJobs,
//     the pools, task groups or default priorities say. Job pools: concurrentJobs defaults to
//     3; thresholds are priority names, each once; sizes and concurrentJobs are Java ints of
//     at least 1; a pool admits jobs at or above its threshold and its size counts slots on
//     top of concurrentJobs, so sizes are not held against it. PUT answers 200 without a body
//     and, without concurrentJobs, keeps the limit; DELETE removes the pools and keeps the
//     limit; DELETE .../{priority} is 404 when there is no such pool.
//   - Task groups: PUT creates or replaces and answers the stored group; the path gives the
//     name (a body naming another is 400). The group's own priority is taken to be a priority
//     name (the specification says only "string"). Rules name existing job types and priority
//     names; transcoders must be one the mock knows (seedTranscoders: VX-1, VX-2), else 404
//     notFound, as a server answers for an id it cannot resolve. GET /API/task-group answers
//     the groups whole ({"group":[...]}), by name. maxConcurrency, loc and metadata are stored
//     as sent, not interpreted.
//   - Default job priorities ({"job":[{"type","value"}]}, GET {} when unset; PUT {} or DELETE
//     clear it; PUT answers 200 without a body) are newer than the 5.0 specification: served
//     from ServerVersion 5.1 (the default), 404 below it as for any unknown path (flag
//     -server-version of cmd/vidimock). Types must exist and appear once.
//   - Parts of a document whose members the specification lists in full (a pool, a task-group
//     rule or transcoder, a default-priority entry) refuse a member they do not have (400):
//     a misspelt name would otherwise match or change nothing unnoticed.
//   - Bearer tokens (bearer.go): "Authorization: Bearer <JWT>" is checked against the key the
//     mock is started with (Options.Bearer; flags -bearer-secret for HS256/384/512 or
//     -bearer-key-file for a PEM certificate or public key, -bearer-audience,
//     -bearer-user-claim), the way a server configured with a static x509Certificate does; no
//     validation endpoint or federation metadata. The token must carry exp (checked against
//     the mock's clock), the expected audience when one is set, and the user claim (default
//     unique_name), whose user must exist and be enabled. Refusals are 401 in the text/plain
//     form ("401 Unauthorized", then "Reason: ..."): "User was not found: <name>" is the
//     server's wording [M]; "Token has expired", the audience, signature and claim reasons
//     are the mock's own. Without Options.Bearer the Bearer scheme is refused the same way.
//     For the standalone demo the mock is its own identity provider when started with an HMAC
//     key and clients (Options.Bearer.Clients; -bearer-secret with -oauth-client
//     id:secret:user): POST /mock/oauth2/token answers the client-credentials grant (client
//     authenticated by basic credentials or in the form) with HS256 tokens naming the
//     client's user, living Options.Bearer.TokenLifetime (-oauth-token-lifetime, default 5m)
//     on the mock's clock. Tests start their own token endpoint.
//   - Configuration properties (/API/configuration/properties/{key}) are stored and returned as
//     sent and interpreted by nothing: javascriptInterpreter may say rhino, the mock still runs
//     every script on its own engine.
//   - GET /API/version reports Options.ServerVersion (default DefaultServerVersion) as the
//     component "VidiCore", next to a "Transcoder" component.
//
// Fault kinds (Faults, PUT /mock/faults, -fault-kinds): 503 and 429 answer instead of
// handling; drop loses the connection before handling, drop-after after it; latency waits
// before handling and gives up when it sees that the client has left (net/http may not see it
// for a request whose body is still unread, which is then handled anyway, as on a real
// server); slow-answer handles at once and answers Latency later, so a client that leaves
// meanwhile (Terraform's stop) has changed the server without hearing so.
//
// Control endpoints outside /API (no auth, never counted or faulted): GET and DELETE
// /mock/requests, GET and PUT /mock/faults, PUT /mock/down, POST /mock/clock/advance?by=30s,
// GET /mock/clock, POST /mock/oauth2/token.
package vidimock
