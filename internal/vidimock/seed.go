package vidimock

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// The seed data set. It is fixed (not relative to now), so tests can name what they expect.
//
// Users (password; groups, roles start with "_"):
//
//	admin    admin        _administrator, admin
//	alice    alice-pw     editors, _job_read, _job_write
//	bob      bob-pw       ingest, _job_read
//	carol    carol-pw     viewers (no roles)
//	disabled disabled-pw  editors; disabled: 401, and 409 when asking for a token
//
// Job types: the built-in list below; no custom type.
//
// Task definitions (ids 1–13): TRANSCODE steps 100, 200, 300 and cleanup step 900;
// IMPORT 100, 200, 300; THUMBNAIL 100, 200; EXPORT 100, 200 and script step 300.
//
// Jobs: the 60 jobs of seedJobs, VX-50 to VX-109 in table order, between 2 and 8 March 2026
// (UTC), so ids cross from two to three digits (numeric vs text sorting shows). Every job
// with an item carries the job data itemId=VX-1…VX-10. Terminal jobs finished 30 s plus
// their minutes after their start. Running jobs (STARTED, WAITING, VIDINET_JOB) stand still
// that many minutes into their run (steps of 10 minutes); READY and HOLD jobs never start;
// ABORTED jobs were aborted that many minutes after their start; ABORTED_PENDING jobs stay
// pending. WAITING jobs have a problem (waitingReasons); FAILED_TOTAL jobs have a problem
// and their errorMessage on the last step. VX-85 also carries mockOutcome=FAILED_TOTAL, so
// re-running it gives a job that fails too.
//
// Job notifications: VX-1 (http POST when a TRANSCODE job finishes), VX-2 (javascript when
// a job fails).
//
// Jobs started through the API (POST /API/job, re-run) are owned by the acting user and run
// their type's task definitions (or 3 generic steps): READY for 1 s, then 2 s a step unless
// Options.StepDuration says otherwise (job_run.go); they end as their steps make them — or as
// the job data key mockOutcome says (FINISHED_WARNING, FAILED_TOTAL, ABORTED), the failures
// with a problem.
//
// Options.ExtraJobs adds generated jobs after VX-109, deterministic for Options.Seed: owned by
// admin, alice and bob, spread over 1 January to 31 October 2026 in id order, mostly finished.

var seedUsers = []user{
	{name: "admin", realName: "Administrator", password: AdminPassword, groups: []string{"_administrator", "admin"}},
	{name: "alice", realName: "Alice Editor", password: "alice-pw", groups: []string{"editors", "_job_read", "_job_write"}},
	{name: "bob", realName: "Bob Ingest", password: "bob-pw", groups: []string{"ingest", "_job_read"}},
	{name: "carol", realName: "Carol Viewer", password: "carol-pw", groups: []string{"viewers"}},
	{name: "disabled", realName: "Disabled User", password: "disabled-pw", disabled: true, groups: []string{"editors"}},
}

// builtinJobTypes are the system job types; they cannot be created or deleted.
var builtinJobTypes = []string{"NONE", "IMPORT", "PLACEHOLDER_IMPORT", "RAW_IMPORT", "AUTO_IMPORT", "SHAPE_IMPORT",
	"SIDECAR_IMPORT", "ESSENCE_VERSION", "TRANSCODE", "RAW_TRANSCODE", "TRANSCODE_RANGE", "CONFORM", "TIMELINE",
	"THUMBNAIL", "ANALYZE", "SHAPE_UPDATE", "EXPORT", "COPY_FILE", "MOVE_FILE", "DELETE_FILE", "LIST_ITEMS", "ARCHIVE",
	"RESTORE", "FCS_RESTORE", "DELETE_LIBRARY", "UPDATE_LIBRARY_ITEM_METADATA", "DELETE_USER", "OTIF_ANALYZE",
	"VXA_INITIALIZE", "FILE_ANALYZE", "IMF_ANALYZE", "TEST_TRANSFER"}

// seedTaskDefinitions: job type | step | description | bean.method or script | cleanup.
const seedTaskDefinitions = `
TRANSCODE | 100 | Reading source file         | TranscodeJobBean.readSource
TRANSCODE | 200 | Transcoding                 | TranscodeJobBean.transcode
TRANSCODE | 300 | Creating shape              | ShapeBean.createShape
TRANSCODE | 900 | Removing temporary files    | CleanupBean.removeTemporaryFiles | cleanup
IMPORT    | 100 | Checking source file        | FileBean.checkSource
IMPORT    | 200 | Copying file to storage     | FileBean.copyToStorage
IMPORT    | 300 | Creating item               | ItemBean.createItem
THUMBNAIL | 100 | Decoding frames             | ThumbnailBean.decodeFrames
THUMBNAIL | 200 | Writing thumbnails          | ThumbnailBean.writeThumbnails
EXPORT    | 100 | Rendering export            | ExportBean.render
EXPORT    | 200 | Transferring to destination | ExportBean.transfer
EXPORT    | 300 | Notifying partner           | script:job.log("export of " + job.getData("itemId") + " done");
`

// seedJobs: type | state | priority | user | itemId | start (2026) | minutes | job data (k=v;k=v).
const seedJobs = `
IMPORT             | FINISHED         | MEDIUM    | admin | VX-1  | 03-02T08:00 | 5  | originalFilename=intro.mxf
TRANSCODE          | FINISHED         | MEDIUM    | admin | VX-1  | 03-02T08:06 | 12 | tag=__mp4
THUMBNAIL          | FINISHED         | LOW       | admin | VX-1  | 03-02T08:20 | 2  |
IMPORT             | FINISHED         | HIGH      | alice | VX-2  | 03-02T09:00 | 6  | originalFilename=interview_a.mov
TRANSCODE          | FINISHED_WARNING | MEDIUM    | alice | VX-2  | 03-02T09:07 | 15 | tag=__mp4;warning=Audio track 3 is silent
TRANSCODE          | FAILED_TOTAL     | HIGH      | alice | VX-2  | 03-02T09:30 | 4  | tag=__proxy;errorMessage=Codec not supported: prores_raw
PLACEHOLDER_IMPORT | FINISHED         | MEDIUM    | bob   | VX-3  | 03-02T10:00 | 3  | originalFilename=b-roll_03.mxf;transcodeProgress=100
TRANSCODE          | FINISHED         | MEDIUM    | bob   | VX-3  | 03-02T10:05 | 20 | tag=__mp4
RAW_IMPORT         | FAILED_TOTAL     | MEDIUM    | bob   | -     | 03-02T11:00 | 1  | originalFilename=corrupt_01.mxf;errorMessage=File is not a media file
AUTO_IMPORT        | FINISHED         | LOWEST    | admin | VX-4  | 03-02T12:00 | 4  | originalFilename=watch/clip_04.mp4;storageId=VX-2
EXPORT             | FINISHED         | MEDIUM    | alice | VX-1  | 03-03T08:15 | 9  | destinationUri=ftp://partner.example/out/intro.mxf
IMPORT             | FAILED_TOTAL     | HIGHEST   | bob   | -     | 03-03T08:40 | 2  | originalFilename=missing.mov;errorMessage=Source file not found
TRANSCODE          | FINISHED         | LOW       | admin | VX-4  | 03-03T09:00 | 18 | tag=__mp4
THUMBNAIL          | FINISHED         | LOWEST    | admin | VX-4  | 03-03T09:20 | 2  |
PLACEHOLDER_IMPORT | FAILED_TOTAL     | HIGH      | alice | VX-5  | 03-03T10:00 | 3  | originalFilename=promo_05.mxf;transcodeProgress=40;errorMessage=Checksum mismatch after transfer
TRANSCODE          | ABORTED          | MEDIUM    | alice | VX-5  | 03-03T10:10 | 5  | tag=__mp4
IMPORT             | FINISHED         | MEDIUM    | alice | VX-5  | 03-03T11:00 | 7  | originalFilename=promo_05_v2.mxf
TRANSCODE          | FINISHED         | HIGHEST   | alice | VX-5  | 03-03T11:10 | 14 | tag=__mp4
SHAPE_IMPORT       | FINISHED         | MEDIUM    | bob   | VX-6  | 03-03T13:00 | 2  | tag=__audio
ANALYZE            | FINISHED_WARNING | LOW       | bob   | VX-6  | 03-03T13:05 | 6  | warning=Loudness above -23 LUFS
TRANSCODE          | FINISHED         | MEDIUM    | bob   | VX-6  | 03-03T14:00 | 25 | tag=__mp4
COPY_FILE          | FINISHED         | LOWEST    | admin | -     | 03-04T07:30 | 3  | fileId=VX-101;destinationStorage=VX-3
IMPORT             | FINISHED         | IMMEDIATE | admin | VX-7  | 03-04T08:00 | 4  | originalFilename=breaking_news.mxf
TRANSCODE          | FINISHED         | IMMEDIATE | admin | VX-7  | 03-04T08:05 | 6  | tag=__mp4
EXPORT             | FAILED_TOTAL     | HIGH      | admin | VX-7  | 03-04T08:15 | 2  | destinationUri=ftp://broadcast.example/in;errorMessage=Connection refused by broadcast.example
RAW_IMPORT         | FAILED_TOTAL     | LOW       | alice | -     | 03-04T09:00 | 1  | originalFilename=truncated.mp4;errorMessage=Unexpected end of file
AUTO_IMPORT        | FINISHED_WARNING | LOWEST    | bob   | VX-8  | 03-04T09:30 | 5  | originalFilename=watch/clip_08.mp4;warning=Timecode track missing
TRANSCODE          | FINISHED         | LOW       | bob   | VX-8  | 03-04T09:40 | 16 | tag=__mp4
CONFORM            | ABORTED          | MEDIUM    | alice | VX-9  | 03-04T11:00 | 8  |
IMPORT             | FINISHED         | MEDIUM    | alice | VX-9  | 03-04T10:30 | 5  | originalFilename=doc_part1.mxf
TRANSCODE          | FINISHED         | HIGH      | alice | VX-9  | 03-04T10:40 | 22 | tag=__mp4
DELETE_FILE        | FINISHED         | LOWEST    | admin | -     | 03-05T06:00 | 1  | fileId=VX-88
ARCHIVE            | ABORTED          | LOW       | bob   | VX-3  | 03-05T07:00 | 25 |
IMPORT             | ABORTED          | MEDIUM    | admin | VX-10 | 03-05T08:00 | 2  | originalFilename=wrong_file.mov
IMPORT             | FINISHED         | MEDIUM    | admin | VX-10 | 03-05T08:10 | 6  | originalFilename=right_file.mov
TRANSCODE          | FAILED_TOTAL     | MEDIUM    | admin | VX-10 | 03-05T08:20 | 3  | tag=__mp4;mockOutcome=FAILED_TOTAL;errorMessage=Transcoder crashed (exit code 139)
THUMBNAIL          | FINISHED         | LOW       | admin | VX-10 | 03-05T08:30 | 2  |
PLACEHOLDER_IMPORT | FAILED_TOTAL     | MEDIUM    | bob   | VX-8  | 03-05T09:00 | 4  | originalFilename=clip_08_hd.mxf;errorMessage=Storage VX-3 is not writable
RAW_TRANSCODE      | FINISHED         | MEDIUM    | alice | VX-2  | 03-05T10:00 | 10 | tag=__raw
EXPORT             | FINISHED_WARNING | MEDIUM    | bob   | VX-6  | 03-05T11:00 | 7  | destinationUri=s3://archive-bucket/vx6/;warning=Sidecar file skipped
TRANSCODE          | STARTED          | HIGH      | admin | VX-1  | 03-06T08:00 | 15 | tag=__proxy
TRANSCODE          | STARTED          | MEDIUM    | alice | VX-3  | 03-06T09:00 | 4  | tag=__proxy
IMPORT             | STARTED          | MEDIUM    | bob   | VX-4  | 03-06T10:00 | 23 | originalFilename=clip_04_v2.mp4
EXPORT             | STARTED          | LOW       | alice | VX-9  | 03-06T11:00 | 12 | destinationUri=ftp://partner.example/out/doc.mxf
THUMBNAIL          | STARTED          | LOWEST    | bob   | VX-6  | 03-06T12:00 | 7  |
PLACEHOLDER_IMPORT | STARTED          | HIGHEST   | admin | VX-7  | 03-07T07:00 | 3  | originalFilename=live_feed.mxf;transcodeProgress=30
IMPORT             | WAITING          | HIGH      | alice | VX-5  | 03-07T08:00 | 12 | originalFilename=promo_05_final.mxf
TRANSCODE          | WAITING          | MEDIUM    | bob   | VX-8  | 03-07T08:30 | 14 | tag=__mp4
AUTO_IMPORT        | WAITING          | LOW       | admin | VX-10 | 03-07T09:00 | 2  | originalFilename=watch/big_file.mxf
TRANSCODE          | VIDINET_JOB      | MEDIUM    | alice | VX-2  | 03-07T10:00 | 11 | tag=__vidinet_h264
ANALYZE            | VIDINET_JOB      | LOW       | bob   | VX-3  | 03-07T11:00 | 5  |
TRANSCODE          | ABORTED_PENDING  | MEDIUM    | admin | VX-6  | 03-07T12:00 | 8  | tag=__proxy
EXPORT             | ABORTED_PENDING  | LOW       | bob   | VX-10 | 03-07T12:30 | 3  | destinationUri=ftp://partner.example/out/x.mxf
TRANSCODE          | HOLD             | LOW       | alice | VX-9  | 03-08T08:00 | 0  | tag=__mp4
IMPORT             | HOLD             | MEDIUM    | admin | -     | 03-08T08:30 | 0  | originalFilename=held_upload.mov
IMPORT             | READY            | MEDIUM    | admin | VX-2  | 03-08T09:00 | 0  | originalFilename=interview_b.mov
TRANSCODE          | READY            | IMMEDIATE | alice | VX-7  | 03-08T09:05 | 0  | tag=__mp4
THUMBNAIL          | READY            | HIGH      | bob   | VX-8  | 03-08T09:10 | 0  |
EXPORT             | READY            | LOWEST    | admin | VX-4  | 03-08T09:15 | 0  | destinationUri=s3://archive-bucket/vx4/
TRANSCODE          | READY            | HIGHEST   | bob   | VX-10 | 03-08T09:20 | 0  | tag=__mp4
`

// firstSeedJob is the number of the first seeded job id (VX-50).
const firstSeedJob = 50

// waitingReasons are given, in order, to the WAITING jobs of seedJobs: resource type, id, message.
var waitingReasons = [][3]string{
	{"storage", "VX-3", "Storage VX-3 has no free space"},
	{"transcoder", "VX-1", "No transcoder is available for the format"},
	{"storage", "VX-5", "Storage VX-5 is offline"},
}

// Seeded jobs: 30 s READY, then the steps; running ones move 10 minutes per step.
const (
	seedReadyFor = 30 * time.Second
	seedStepFor  = 10 * time.Minute
)

// neverDone is the end of an abort that never completes (seeded ABORTED_PENDING jobs).
var neverDone = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

func newState(seed int64, extraJobs int) *state {
	st := &state{users: map[string]*user{}, tokens: map[string]*token{}}
	for _, u := range seedUsers {
		st.users[u.name] = &u
	}
	for _, row := range tableRows(seedTaskDefinitions) {
		step, _ := strconv.Atoi(row[1])
		td := &taskDefinition{Step: &step, JobType: row[0], Description: row[2]}
		if script, ok := strings.CutPrefix(row[3], "script:"); ok {
			td.Script = script
		} else {
			td.Bean, td.Method, _ = strings.Cut(row[3], ".")
		}
		td.Cleanup = ptr(len(row) > 4 && row[4] == "cleanup")
		td.Critical = ptr(true)
		st.nextTaskDefinition++
		td.ID = st.nextTaskDefinition
		st.taskDefinitions = append(st.taskDefinitions, td)
	}
	st.nextJob = firstSeedJob - 1
	stepsByType := map[string][]jobStep{}
	stepsOf := func(typ string) []jobStep {
		if stepsByType[typ] == nil {
			stepsByType[typ] = st.stepsFor(typ)
		}
		return stepsByType[typ]
	}
	waiting := 0
	for _, row := range tableRows(seedJobs) {
		start, err := time.Parse("2006-01-02T15:04", "2026-"+row[5])
		if err != nil {
			panic(fmt.Sprintf("seed job %v: %v", row, err))
		}
		minutes, _ := strconv.Atoi(row[6])
		st.nextJob++
		j := &job{num: st.nextJob, typ: row[0], priority: row[2], user: row[3], created: start,
			readyFor: seedReadyFor, stepFor: seedStepFor, steps: stepsOf(row[0]), outcome: "FINISHED"}
		if row[4] != "-" {
			j.data = append(j.data, keyValue{"itemId", row[4]})
		}
		if len(row) > 7 {
			for _, pair := range strings.Split(row[7], ";") {
				k, v, _ := strings.Cut(pair, "=")
				j.data = append(j.data, keyValue{k, v})
			}
		}
		d := time.Duration(minutes) * time.Minute
		switch state := row[1]; state {
		case "FINISHED", "FINISHED_WARNING", "FAILED_TOTAL":
			j.outcome, j.stepFor = state, max(d/time.Duration(len(j.steps)), time.Second)
			if state == "FAILED_TOTAL" {
				j.problem = st.newProblem("jobFailed", j, keyValue{"errorMessage", j.failureMessage()})
			}
		case "ABORTED":
			j.abortAt, j.abortDone, j.abortReason = start.Add(d), start.Add(d+5*time.Second), "Aborted by user"
		case "ABORTED_PENDING":
			j.abortAt, j.abortDone, j.abortReason = start.Add(seedReadyFor+d), neverDone, "Aborted by user"
		case "READY", "HOLD":
			j.freezeAt = start
			if state == "HOLD" {
				j.hold = state
			}
		case "STARTED", "WAITING", "VIDINET_JOB":
			j.freezeAt = start.Add(seedReadyFor + d)
			if state != "STARTED" {
				j.hold = state
			}
			if state == "WAITING" {
				r := waitingReasons[waiting%len(waitingReasons)]
				waiting++
				j.waiting = &waitingDocument{ResourceID: r[1], ResourceType: r[0], Requirement: r[2]}
				j.problem = st.newProblem(r[0], j, keyValue{"resourceId", r[1]}, keyValue{"message", r[2]})
			}
		default:
			panic("seed job with unknown state " + state)
		}
		st.jobs = append(st.jobs, j)
	}
	generateJobs(st, seed, extraJobs, stepsOf)

	for _, raw := range []string{
		`{"action":{"http":{"synchronous":false,"retry":3,"url":"http://hooks.example/vidispine/transcode-finished","method":"POST","contentType":"application/json","timeout":"5"}},"trigger":{"job":{"finished":"","filter":{"type":"TRANSCODE"}}}}`,
		`{"action":{"javascript":{"synchronous":false,"script":"logger.log('job failed: ' + job.getId());"}},"trigger":{"job":{"fail":""}}}`,
	} {
		doc, err := parseNotification([]byte(raw), HTTPTimeoutReject)
		if err != nil {
			panic("seed notification: " + err.Error())
		}
		st.addNotification(doc)
	}
	return st
}

// tableRows splits a "|" table into trimmed cells, skipping blank lines; trailing empty cells are dropped.
func tableRows(table string) [][]string {
	var rows [][]string
	for _, line := range strings.Split(table, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		cells := strings.Split(line, "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		for len(cells) > 0 && cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1]
		}
		rows = append(rows, cells)
	}
	return rows
}

// Generated jobs draw from these.
var (
	genTypes  = []string{"IMPORT", "TRANSCODE", "TRANSCODE", "THUMBNAIL", "EXPORT", "PLACEHOLDER_IMPORT", "AUTO_IMPORT", "RAW_IMPORT", "ANALYZE", "COPY_FILE"}
	genUsers  = []string{"admin", "alice", "bob"}
	genStates = []struct {
		state  string
		weight int
	}{{"FINISHED", 70}, {"FAILED_TOTAL", 8}, {"FINISHED_WARNING", 5}, {"ABORTED", 5}, {"STARTED", 5}, {"READY", 4}, {"WAITING", 3}}
)

// generateJobs appends n jobs drawn deterministically from seed, in id and start-time order.
func generateJobs(st *state, seed int64, n int, stepsOf func(string) []jobStep) {
	if n == 0 {
		return
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0x10b5))
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	span := time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC).Sub(from)
	total := 0
	for _, s := range genStates {
		total += s.weight
	}
	for i := 0; i < n; i++ {
		st.nextJob++
		typ := genTypes[rng.IntN(len(genTypes))]
		start := from.Add(span / time.Duration(n) * time.Duration(i))
		j := &job{num: st.nextJob, typ: typ, user: genUsers[rng.IntN(len(genUsers))], priority: priorities[rng.IntN(len(priorities))],
			created: start, readyFor: seedReadyFor, stepFor: time.Duration(1+rng.IntN(10)) * time.Minute, steps: stepsOf(typ), outcome: "FINISHED",
			data: []keyValue{{"itemId", "VX-" + strconv.Itoa(1+rng.IntN(1000))}, {"originalFilename", fmt.Sprintf("generated_%06d.mxf", i)}}}
		pick := rng.IntN(total)
		state := genStates[0].state
		for _, s := range genStates {
			if pick < s.weight {
				state = s.state
				break
			}
			pick -= s.weight
		}
		switch state {
		case "FAILED_TOTAL", "FINISHED_WARNING":
			j.outcome = state
			if state == "FAILED_TOTAL" {
				j.problem = st.newProblem("jobFailed", j, keyValue{"errorMessage", j.failureMessage()})
			}
		case "ABORTED":
			j.abortAt = start.Add(seedReadyFor + j.stepFor/2)
			j.abortDone = j.abortAt.Add(5 * time.Second)
		case "READY":
			j.freezeAt = start
		case "STARTED", "WAITING":
			j.freezeAt = start.Add(seedReadyFor + j.stepFor/2)
			if state == "WAITING" {
				j.hold = state
				j.waiting = &waitingDocument{ResourceID: "VX-3", ResourceType: "storage", Requirement: "Storage VX-3 has no free space"}
				j.problem = st.newProblem("storage", j, keyValue{"resourceId", "VX-3"}, keyValue{"message", j.waiting.Requirement})
			}
		}
		st.jobs = append(st.jobs, j)
	}
}
