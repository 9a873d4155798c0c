package vidimock

import "net/http"

// exceptionDocument is VidiCore's ExceptionDocument. The real server (4.17) lists all nine
// members with the unused ones null, so none of them is omitempty.
type exceptionDocument struct {
	NotFound          *notFoundDocument   `json:"notFound"`
	InternalServer    *messageDocument    `json:"internalServer"`
	Forbidden         *explainDocument    `json:"forbidden"`
	NotYetImplemented *struct{}           `json:"notYetImplemented"`
	Conflict          *explainDocument    `json:"conflict"`
	InvalidInput      *explainDocument    `json:"invalidInput"`
	LicenseFault      *messageDocument    `json:"licenseFault"`
	FileAlreadyExists *fileExistsDocument `json:"fileAlreadyExists"`
	NotAuthorized     *messageDocument    `json:"notAuthorized"`
}

type notFoundDocument struct {
	Type    *string `json:"type"`
	ID      *string `json:"id"`
	Context *string `json:"context"`
}

type explainDocument struct {
	Context     *string `json:"context"`
	ID          *string `json:"id"`
	Explanation *string `json:"explanation"`
	Value       *string `json:"value"`
}

type messageDocument struct {
	Message *string `json:"message"`
}

type fileExistsDocument struct {
	StorageID *string `json:"storageId"`
	FileID    *string `json:"fileId"`
	Path      *string `json:"path"`
}

// apiError is an error answer: an HTTP status and its ExceptionDocument, or VidiCore's
// text/plain error form when plain is set.
type apiError struct {
	status int
	doc    exceptionDocument
	plain  string
}

func (e *apiError) Error() string { return http.StatusText(e.status) }

// nullIfEmpty turns "" into null, the way the real server leaves unused members empty.
func nullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func errNotFound(typ, id, context string) *apiError {
	return &apiError{status: http.StatusNotFound, doc: exceptionDocument{NotFound: &notFoundDocument{nullIfEmpty(typ), nullIfEmpty(id), nullIfEmpty(context)}}}
}

func errInvalid(context, id, value, explanation string) *apiError {
	return &apiError{status: http.StatusBadRequest, doc: exceptionDocument{InvalidInput: &explainDocument{nullIfEmpty(context), nullIfEmpty(id), nullIfEmpty(explanation), nullIfEmpty(value)}}}
}

func errConflict(context, id, value, explanation string) *apiError {
	return &apiError{status: http.StatusConflict, doc: exceptionDocument{Conflict: &explainDocument{nullIfEmpty(context), nullIfEmpty(id), nullIfEmpty(explanation), nullIfEmpty(value)}}}
}

func errForbidden(context, id, explanation string) *apiError {
	return &apiError{status: http.StatusForbidden, doc: exceptionDocument{Forbidden: &explainDocument{nullIfEmpty(context), nullIfEmpty(id), nullIfEmpty(explanation), nil}}}
}

func errNotAuthorized(message string) *apiError {
	return &apiError{status: http.StatusUnauthorized, doc: exceptionDocument{NotAuthorized: &messageDocument{nullIfEmpty(message)}}}
}

// errNotAuthorizedReason is a 401 in the text/plain form, with the reason on a Reason line
// (as VidiCore answers a bearer token whose user does not exist).
func errNotAuthorizedReason(reason string) *apiError {
	return &apiError{status: http.StatusUnauthorized, plain: "401 Unauthorized\r\nReason: " + reason + "\r\n"}
}
