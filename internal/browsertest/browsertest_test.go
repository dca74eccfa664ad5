package browsertest

import (
	"bytes"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// strictCSP is the policy the portal will send.
const strictCSP = "default-src 'self'; script-src 'self'"

// page wraps body in a document that passes axe-core.
func page(title, body string) string {
	return `<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><title>` + title + `</title></head>
<body><main>` + body + `</main></body>
</html>`
}

// newSite serves the pages the tests visit, all with the strict CSP.
func newSite(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	write := func(w http.ResponseWriter, status int, doc string) {
		w.Header().Set("Content-Security-Policy", strictCSP)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprint(w, doc)
	}
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		write(w, http.StatusOK, page("Start", `
<h1>Välkommen</h1>
<p><a id="missing" href="/finns-inte">En sida som saknas</a></p>
<form id="greet" method="post" action="/greet">
  <label for="namn">Namn</label>
  <input id="namn" name="namn" value="gammalt">
  <label for="roll">Roll</label>
  <select id="roll" name="roll">
    <option value="kontakt">Kontaktperson</option>
    <option value="mentor">Mentor</option>
  </select>
  <button id="send" type="submit" name="knapp" value="skicka">Skicka</button>
</form>
<p id="hidden" hidden>Dold text</p>
<!-- Inline script: the CSP must stop it, so the page text stays as it is. -->
<script>document.querySelector("h1").textContent = "CSP släppte igenom ett inline-skript";</script>`))
	})
	mux.HandleFunc("POST /greet", func(w http.ResponseWriter, r *http.Request) {
		q := "namn=" + r.FormValue("namn") + "&roll=" + r.FormValue("roll") + "&knapp=" + r.FormValue("knapp")
		http.Redirect(w, r, "/greeting?"+q, http.StatusSeeOther)
	})
	mux.HandleFunc("GET /greeting", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		write(w, http.StatusOK, page("Hälsning", fmt.Sprintf(
			`<h1>Hälsning</h1><p id="greeting">Hej, %s!</p><p id="roll">%s</p><p id="knapp">%s</p>`,
			html.EscapeString(q.Get("namn")), html.EscapeString(q.Get("roll")), html.EscapeString(q.Get("knapp")))))
	})
	mux.HandleFunc("GET /required", func(w http.ResponseWriter, r *http.Request) {
		write(w, http.StatusOK, page("Obligatoriskt", `
<h1>Obligatoriskt</h1>
<form method="post" action="/greet">
  <label for="epost">E-post</label>
  <input id="epost" name="epost" type="email" required>
  <button type="submit">Skicka</button>
</form>`))
	})
	mux.HandleFunc("GET /keyboard", func(w http.ResponseWriter, r *http.Request) {
		write(w, http.StatusOK, page("Tangentbord", `
<h1>Tangentbord</h1>
<a id="first" href="#a">Första</a>
<a id="second" href="#b">Andra</a>`))
	})
	mux.HandleFunc("GET /bad", func(w http.ResponseWriter, r *http.Request) {
		// An image without alt text and a field without a label: both
		// critical for axe-core.
		write(w, http.StatusOK, page("Otillgänglig", `
<h1>Otillgänglig</h1>
<img src="/bild.png">
<form><input id="nolabel" name="q"></form>`))
	})
	mux.HandleFunc("GET /cookie", func(w http.ResponseWriter, r *http.Request) {
		if _, err := r.Cookie("seen"); err == nil {
			write(w, http.StatusOK, page("Kaka", `<h1>Välkommen tillbaka</h1>`))
			return
		}
		http.SetCookie(w, &http.Cookie{Name: "seen", Value: "1", Path: "/"})
		write(w, http.StatusOK, page("Kaka", `<h1>Första besöket</h1>`))
	})
	mux.HandleFunc("GET /bild.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(onePixelPNG)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// onePixelPNG is a valid 1×1 PNG, so that the bad page has no load error.
var onePixelPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")

func TestVisitFillSubmit(t *testing.T) {
	site := newSite(t)
	b := New(t)

	if status := b.Visit(t, site.URL+"/"); status != http.StatusOK {
		t.Fatalf("status = %d, want 200", status)
	}
	if got := b.Title(t); got != "Start" {
		t.Errorf("Title = %q, want %q", got, "Start")
	}
	if got := b.Text(t, "h1"); got != "Välkommen" {
		t.Errorf("h1 = %q, want %q (did the inline script run despite the CSP?)", got, "Välkommen")
	}
	if got := b.Text(t, "#hidden"); got != "" {
		t.Errorf("hidden text = %q, want it not seen", got)
	}
	if got := b.Count(t, "option"); got != 2 {
		t.Errorf("Count(option) = %d, want 2", got)
	}
	if got := b.Count(t, ".nothing"); got != 0 {
		t.Errorf("Count(.nothing) = %d, want 0", got)
	}
	if got := b.Attr(t, "#namn", "name"); got != "namn" {
		t.Errorf("Attr(#namn, name) = %q, want %q", got, "namn")
	}

	// Fill replaces what is there, and Submit by the button sends its value.
	b.Fill(t, "#namn", "Åsa Öberg")
	b.Select(t, "#roll", "mentor")
	if status := b.Submit(t, "#send"); status != http.StatusOK {
		t.Fatalf("status after submit = %d, want 200", status)
	}
	if got := b.URL(t); !strings.HasPrefix(got, site.URL+"/greeting?") {
		t.Errorf("URL after submit = %q, want the greeting page", got)
	}
	for sel, want := range map[string]string{"#greeting": "Hej, Åsa Öberg!", "#roll": "mentor", "#knapp": "skicka"} {
		if got := b.Text(t, sel); got != want {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
	}

	// Submit by the form itself works too.
	b.Visit(t, site.URL+"/")
	b.Fill(t, "#namn", "Bo")
	b.Submit(t, "form#greet")
	if got := b.Text(t, "#greeting"); got != "Hej, Bo!" {
		t.Errorf("greeting = %q, want %q", got, "Hej, Bo!")
	}
}

// TestAxeUnderStrictCSP shows that the CSP is in force (the browser refused
// the inline script) and that axe-core still runs, finding nothing grave on
// an accessible page.
func TestAxeUnderStrictCSP(t *testing.T) {
	site := newSite(t)
	b := New(t)
	b.Visit(t, site.URL+"/")

	refused := slices.ContainsFunc(b.ConsoleErrors(), func(e string) bool {
		return strings.Contains(e, "Content Security Policy")
	})
	if !refused {
		t.Errorf("no CSP violation among console errors %q; is the CSP header in force?", b.ConsoleErrors())
	}
	for _, v := range b.axeViolations(t) {
		if v.blocking() {
			t.Errorf("accessible page: %s", v)
		}
	}
	b.Axe(t) // a second run reuses the injected axe-core
}

func TestAxeFindsViolations(t *testing.T) {
	site := newSite(t)
	b := New(t)
	b.Visit(t, site.URL+"/bad")

	found := map[string]axeViolation{}
	for _, v := range b.axeViolations(t) {
		found[v.ID] = v
	}
	for _, id := range []string{"image-alt", "label"} {
		v, ok := found[id]
		if !ok {
			t.Errorf("axe did not report %s; got %v", id, found)
			continue
		}
		if !v.blocking() {
			t.Errorf("%s has impact %q, want serious or critical", id, v.Impact)
		}
		if len(v.Nodes) == 0 || v.Nodes[0].HTML == "" || v.Nodes[0].selector() == "" {
			t.Errorf("%s names no element: %+v", id, v.Nodes)
		}
		t.Logf("as Axe would report it: %s", v)
	}
}

func TestFollowKeyboardAndScreenshot(t *testing.T) {
	site := newSite(t)
	b := New(t)

	b.Visit(t, site.URL+"/")
	if status := b.Follow(t, "#missing"); status != http.StatusNotFound {
		t.Errorf("status of the missing page = %d, want 404", status)
	}

	b.Visit(t, site.URL+"/keyboard")
	b.Tab(t)
	if !b.HasFocus(t, "#first") {
		t.Errorf("after one Tab the first link does not have focus")
	}
	b.Tab(t)
	if !b.HasFocus(t, "#second") {
		t.Errorf("after two Tabs the second link does not have focus")
	}
	b.Press(t, "\r") // Enter follows the focused link
	if got := b.URL(t); !strings.HasSuffix(got, "#b") {
		t.Errorf("URL after Enter = %q, want it to end in #b", got)
	}

	path := filepath.Join(t.TempDir(), "page.png")
	b.Screenshot(t, path)
	png, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Errorf("screenshot is not a PNG")
	}
}

func TestNewTabHasItsOwnCookies(t *testing.T) {
	site := newSite(t)
	first := New(t)
	first.Visit(t, site.URL+"/cookie")
	first.Visit(t, site.URL+"/cookie")
	if got := first.Text(t, "h1"); got != "Välkommen tillbaka" {
		t.Errorf("second visit in the same tab: h1 = %q", got)
	}
	second := first.NewTab(t)
	second.Visit(t, site.URL+"/cookie")
	if got := second.Text(t, "h1"); got != "Första besöket" {
		t.Errorf("first visit in a new tab: h1 = %q, want the cookie not shared", got)
	}
}

func TestSubmitStoppedByValidation(t *testing.T) {
	site := newSite(t)
	b := New(t)
	b.Visit(t, site.URL+"/required")

	ft := &fakeTB{TB: t}
	ft.run(func() { b.Submit(ft, "form") })
	if !strings.Contains(ft.fatal, "did not send the form") || !strings.Contains(ft.fatal, "#epost") {
		t.Errorf("Submit of an empty required field failed with %q, want the browser's message for #epost", ft.fatal)
	}
}

func TestNoBrowser(t *testing.T) {
	t.Setenv("CHROMIUM_PATH", filepath.Join(t.TempDir(), "no-chromium"))

	t.Setenv("CI", "")
	ft := &fakeTB{TB: t}
	ft.run(func() { New(ft) })
	if ft.skipped == "" || ft.fatal != "" {
		t.Errorf("outside CI: skipped %q, fatal %q; want a skip", ft.skipped, ft.fatal)
	}

	t.Setenv("CI", "true")
	ft = &fakeTB{TB: t}
	ft.run(func() { New(ft) })
	if ft.fatal == "" || ft.skipped != "" {
		t.Errorf("in CI: skipped %q, fatal %q; want a failure", ft.skipped, ft.fatal)
	}
}

// fakeTB records Fatalf and Skipf instead of ending the test, so that a test
// can check how the harness fails. Everything else goes to the real test.
type fakeTB struct {
	testing.TB
	fatal, skipped string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (f *fakeTB) Skipf(format string, args ...any) {
	f.skipped = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// run calls fn in its own goroutine, as the testing package does, so that
// Fatalf and Skipf can stop it.
func (f *fakeTB) run(fn func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	<-done
}
