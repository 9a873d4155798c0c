package vidimock

import (
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The client (package vidispine) ends the doc comment of every call with the requests it
// sends, one "METHOD /API/path" a line, path parameters in braces. Neither package may import
// the other, so this test reads the client's source as text and holds each of those lines
// against the routes this mock serves: a call to an endpoint the mock does not serve fails.

const clientSourceDir = "../vidispine"

// clientRequest is one request line of a client method's doc comment.
type clientRequest struct {
	method, path string
	caller       string // e.g. "Client.GetJob"
	at           string // file:line of the doc line
}

var (
	// startsLikeRequest: a doc line that begins with an HTTP method and a path is meant as a
	// request line.
	startsLikeRequest = regexp.MustCompile(`^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) /`)
	// requestLine is the one form a request line may take: literal segments or {parameters}
	// under /API, no query.
	requestLine = regexp.MustCompile(`^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) (/API(?:/(?:[A-Za-z0-9._~-]+|\{[A-Za-z]+\}))+)$`)
)

// clientMethod is what the test reads of one method of the client.
type clientMethod struct {
	name     string // "Client.GetJob"
	exported bool
	at       string
	requests []clientRequest
	// buildsRequest: the body writes a request literal, the client's description of one API
	// call, so the method sends a request of its own.
	buildsRequest bool
	uses          []string // methods of the same receiver it calls or takes as values
}

// readClientMethods parses the client's non-test files and collects its methods; problems
// lists doc lines that look like request lines but are not in the one form.
func readClientMethods(t *testing.T) (methods map[string]*clientMethod, order []string, problems []string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(clientSourceDir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := gotoken.NewFileSet()
	methods = map[string]*clientMethod{}
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			t.Fatalf("parsing the client: %v", err)
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 {
				continue
			}
			recvType, recvName := receiver(fd.Recv.List[0])
			m := &clientMethod{
				name:     recvType + "." + fd.Name.Name,
				exported: fd.Name.IsExported(),
				at:       position(fset, fd.Pos()),
			}
			m.requests, problems = docRequests(fset, fd.Doc, m.name, problems)
			if fd.Body != nil {
				m.buildsRequest, m.uses = inspectBody(fd.Body, recvName)
			}
			methods[m.name] = m
			order = append(order, m.name)
		}
	}
	return methods, order, problems
}

func receiver(field *ast.Field) (typeName, varName string) {
	typ := field.Type
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	if id, ok := typ.(*ast.Ident); ok {
		typeName = id.Name
	}
	if len(field.Names) == 1 {
		varName = field.Names[0].Name
	}
	return typeName, varName
}

func position(fset *gotoken.FileSet, pos gotoken.Pos) string {
	p := fset.Position(pos)
	return filepath.Join("vidispine", filepath.Base(p.Filename)) + ":" + strconv.Itoa(p.Line)
}

// docRequests reads the request lines of a doc comment. They must end it: once one is seen,
// every later line is one too.
func docRequests(fset *gotoken.FileSet, doc *ast.CommentGroup, caller string, problems []string) ([]clientRequest, []string) {
	if doc == nil {
		return nil, problems
	}
	var out []clientRequest
	for _, c := range doc.List {
		text := strings.TrimPrefix(strings.TrimPrefix(c.Text, "//"), " ")
		at := position(fset, c.Slash)
		if !startsLikeRequest.MatchString(text) {
			if len(out) > 0 {
				problems = append(problems, at+": "+caller+": the request lines must end the doc comment, but "+
					strings.TrimSpace(text)+" follows them")
			}
			continue
		}
		m := requestLine.FindStringSubmatch(text)
		if m == nil {
			problems = append(problems, at+": "+caller+": "+text+" is not of the form METHOD /API/path "+
				"(literal segments or {parameters}, no query)")
			continue
		}
		out = append(out, clientRequest{method: m[1], path: m[2], caller: caller, at: at})
	}
	return out, problems
}

// inspectBody reports whether a body writes a request literal and which methods of the
// receiver it names (a call c.M(...) or a method value c.M).
func inspectBody(body *ast.BlockStmt, recv string) (buildsRequest bool, uses []string) {
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CompositeLit:
			if id, ok := n.Type.(*ast.Ident); ok && id.Name == "request" {
				buildsRequest = true
			}
		case *ast.SelectorExpr:
			if id, ok := n.X.(*ast.Ident); ok && recv != "" && id.Name == recv && !slices.Contains(uses, n.Sel.Name) {
				uses = append(uses, n.Sel.Name)
			}
		}
		return true
	})
	return buildsRequest, uses
}

// routeServes reports whether the mock route serves a request line: the same method and
// number of segments, literal segments equal, a {parameter} where the route has one.
func routeServes(rt route, method, path string) bool {
	if rt.method != method {
		return false
	}
	want := strings.Split(strings.Trim(rt.pattern, "/"), "/")
	got := strings.Split(strings.Trim(path, "/"), "/")
	if len(want) != len(got) {
		return false
	}
	for i := range want {
		wantParam, gotParam := strings.HasPrefix(want[i], "{"), strings.HasPrefix(got[i], "{")
		if wantParam != gotParam || (!wantParam && want[i] != got[i]) {
			return false
		}
	}
	return true
}

func TestEveryClientRequestIsAMockRoute(t *testing.T) {
	methods, order, problems := readClientMethods(t)
	for _, p := range problems {
		t.Error(p)
	}

	var all []clientRequest
	for _, name := range order {
		all = append(all, methods[name].requests...)
	}
	if len(all) == 0 {
		t.Fatalf("found no request line (METHOD /API/path) in the doc comments of %s/*.go", clientSourceDir)
	}
	served := make([]bool, len(routes))
	for _, req := range all {
		found := false
		for i, rt := range routes {
			if routeServes(rt, req.method, req.path) {
				found, served[i] = true, true
			}
		}
		if !found {
			t.Errorf("%s: %s names %s %s, which the mock does not serve", req.at, req.caller, req.method, req.path)
		}
	}

	// What the client sends through a method it calls, it names too; and every exported
	// method that sends anything names what it sends.
	sends := sendingMethods(methods)
	for _, name := range order {
		m := methods[name]
		own := map[string]bool{}
		for _, r := range m.requests {
			own[r.method+" "+r.path] = true
		}
		for _, used := range m.uses {
			callee, ok := methods[receiverOf(name)+"."+used]
			if !ok {
				continue
			}
			for _, r := range callee.requests {
				if !own[r.method+" "+r.path] {
					t.Errorf("%s: %s calls %s, which sends %s %s, but does not name it", m.at, name, callee.name, r.method, r.path)
				}
			}
		}
		if m.exported && sends[name] && len(m.requests) == 0 {
			t.Errorf("%s: %s sends requests but its doc comment names none (end it with METHOD /API/path lines)", m.at, name)
		}
	}

	for i, rt := range routes {
		if !served[i] {
			t.Logf("no client call sends %s %s", rt.method, rt.pattern)
		}
	}
}

// sendingMethods: the methods that write a request literal, and those that use one of them.
func sendingMethods(methods map[string]*clientMethod) map[string]bool {
	sends := map[string]bool{}
	for name, m := range methods {
		sends[name] = m.buildsRequest
	}
	for changed := true; changed; {
		changed = false
		for name, m := range methods {
			if sends[name] {
				continue
			}
			for _, used := range m.uses {
				if sends[receiverOf(name)+"."+used] {
					sends[name], changed = true, true
					break
				}
			}
		}
	}
	return sends
}

func receiverOf(method string) string {
	recv, _, _ := strings.Cut(method, ".")
	return recv
}
