package vidimock

import "net/http"

// exceptionDoc is VidiCore's ExceptionDocument. The real server (4.17) lists all nine members
// with the unused ones null, so none of them is omitempty.
type exceptionDoc struct {
	NotFound          *notFoundDoc   `json:"notFound"`
	InternalServer    *messageDoc    `json:"internalServer"`
	Forbidden         *explainDoc    `json:"forbidden"`
	NotYetImplemented *struct{}      `json:"notYetImplemented"`
	Conflict          *explainDoc    `json:"conflict"`
	InvalidInput      *explainDoc    `json:"invalidInput"`
	LicenseFault      *messageDoc    `json:"licenseFault"`
	FileAlreadyExists *fileExistsDoc `json:"fileAlreadyExists"`
	NotAuthorized     *messageDoc    `json:"notAuthorized"`
}

type notFoundDoc struct {
	Type    *string `json:"type"`
	ID      *string `json:"id"`
	Context *string `json:"context"`
}

type explainDoc struct {
	Context     *string `json:"context"`
	ID          *string `json:"id"`
	Explanation *string `json:"explanation"`
	Value       *string `json:"value"`
}

type messageDoc struct {
	Message *string `json:"message"`
}

type fileExistsDoc struct {
	StorageID *string `json:"storageId"`
	FileID    *string `json:"fileId"`
	Path      *string `json:"path"`
}

// apiError is an error answer: an HTTP status and its ExceptionDocument.
type apiError struct {
	status int
	doc    exceptionDoc
}

func (e *apiError) Error() string { return http.StatusText(e.status) }

// str turns "" into null, the way the real server leaves unused members empty.
func str(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func errNotFound(typ, id, context string) *apiError {
	return &apiError{http.StatusNotFound, exceptionDoc{NotFound: &notFoundDoc{str(typ), str(id), str(context)}}}
}

func errInvalid(context, id, value, explanation string) *apiError {
	return &apiError{http.StatusBadRequest, exceptionDoc{InvalidInput: &explainDoc{str(context), str(id), str(explanation), str(value)}}}
}

func errConflict(context, id, value, explanation string) *apiError {
	return &apiError{http.StatusConflict, exceptionDoc{Conflict: &explainDoc{str(context), str(id), str(explanation), str(value)}}}
}

func errForbidden(context, id, explanation string) *apiError {
	return &apiError{http.StatusForbidden, exceptionDoc{Forbidden: &explainDoc{str(context), str(id), str(explanation), nil}}}
}

func errNotAuthorized(message string) *apiError {
	return &apiError{http.StatusUnauthorized, exceptionDoc{NotAuthorized: &messageDoc{str(message)}}}
}
