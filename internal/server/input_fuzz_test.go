package server

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"modellportalen/web"
)

// The fuzz tests below run their seeds with every `go test`. To search for
// new failing inputs, run one at a time, e.g.
//
//	go test ./internal/server -run '^$' -fuzz '^FuzzFormDecoders$' -fuzztime 20s
//
// and commit what it finds under testdata/fuzz as a regression seed. They
// need no database.

// checkClean holds s to what cleanText promises: storable in Postgres
// (valid UTF-8, no NUL), trimmed and at most max characters.
func checkClean(t *testing.T, what, s string, max int) {
	t.Helper()
	switch {
	case !utf8.ValidString(s):
		t.Errorf("%s: invalid UTF-8 in %q", what, s)
	case strings.ContainsRune(s, 0):
		t.Errorf("%s: NUL in %q", what, s)
	case strings.TrimSpace(s) != s:
		t.Errorf("%s: surrounding space in %q", what, s)
	case utf8.RuneCountInString(s) > max:
		t.Errorf("%s: %d characters, more than %d", what, utf8.RuneCountInString(s), max)
	}
}

func FuzzCleanText(f *testing.F) {
	f.Add("  Umeå kommun ", 200)
	f.Add("a\x00b", 10)
	f.Add("\xff\xfe", 10)
	f.Add("ab cd", 3)
	f.Add("å\u00a0ö", 2)
	f.Add("<script>alert(1)</script>\"'><img src=x onerror=alert(1)>", 40)
	f.Add("", 0)
	f.Fuzz(func(t *testing.T, s string, max int) {
		if max < 0 || max > 1<<16 {
			return
		}
		out := cleanText(s, max)
		checkClean(t, "cleanText", out, max)
		if again := cleanText(out, max); again != out {
			t.Errorf("cleanText not stable: %q, then %q", out, again)
		}
	})
}

// formRequest is a POST of the url-encoded body, parsed as the handlers
// see it (a body that does not parse leaves the form partly empty).
func formRequest(body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	_ = r.ParseForm()
	return r
}

func FuzzFormDecoders(f *testing.F) {
	for _, body := range []string{
		"name=Ume%C3%A5&tracks=municipal&tracks=regional&leaders=3&leaders=x&held_on=2026-03-15",
		"name=a%00b&tracks=%FF%FE&leaders=-1&leaders=99999999999999999999&held_on=2026-02-30",
		"name=%3Cscript%3Ealert(1)%3C%2Fscript%3E&held_on=1989-12-31&tracks=",
		"held_on=+2026-03-15+&leaders=+7&name=%20%20",
		"held_on=0001-01-01&name=%zz&tracks=%",
		"held_on=2100-12-31&leaders=0&leaders=9223372036854775807",
	} {
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := formRequest(body)
		checkClean(t, "formText", formText(r, "name", 200), 200)
		for _, v := range formValues(r, "tracks") {
			if v == "" {
				t.Error("formValues kept an empty value")
			}
			checkClean(t, "formValues", v, 40)
		}
		for _, id := range ids(r.PostForm["leaders"]) {
			if id <= 0 {
				t.Errorf("ids gave %d", id)
			}
		}
		var errs web.Errors
		d := formDate(&errs, r, "held_on", "Datumet")
		raw := strings.TrimSpace(r.PostFormValue("held_on"))
		switch {
		case d != nil && (d.Year() < 1990 || d.Year() > 2100):
			t.Errorf("formDate accepted %v from %q", d, raw)
		case d != nil && errs.Get("held_on") != "":
			t.Errorf("formDate gave a date and an error for %q", raw)
		case d == nil && raw != "" && errs.Get("held_on") == "":
			t.Errorf("formDate dropped %q without an error", raw)
		case d == nil && raw == "" && len(errs) > 0:
			t.Errorf("formDate reported an error for an empty field")
		}
	})
}

// The round form's decoder: whatever is posted, what it accepts passes the
// domain's validation and can be stored.
func FuzzReadRoundForm(f *testing.F) {
	good := url.Values{"version": {"1"}, "name": {"Modellkommuner 2026"}, "slug": {"2026-2027"}, "start_year": {"2026"},
		"end_year": {"2027"}, "status": {"planned"}, "tracks": {"municipal"}, "description": {"Text"}, "leaders": {"1"},
		"reminder_days": {"7"}}
	f.Add(good.Encode())
	for _, payload := range []string{"<script>alert(1)</script>\"'><img src=x onerror=alert(1)>", "'; DROP TABLE rounds; --",
		"\xff\xfe", "a\x00b", strings.Repeat("å", 6001), " 2026-2027 ", "2026-2027\x00"} {
		for _, field := range []string{"name", "slug", "start_year", "status", "tracks", "description", "leaders", "reminder_days"} {
			v := url.Values{}
			for k, vs := range good {
				v[k] = vs
			}
			v.Set(field, payload)
			f.Add(v.Encode())
		}
	}
	f.Fuzz(func(t *testing.T, body string) {
		form, round, errs := readRoundForm(formRequest(body))
		for what, s := range map[string]string{"name": form.Name, "slug": form.Slug, "description": form.Description, "status": form.Status} {
			checkClean(t, what, s, 6000)
		}
		if len(errs) > 0 {
			return
		}
		if e := round.Validate(); !e.OK() {
			t.Errorf("readRoundForm accepted what Validate refuses: %v", e)
		}
		if utf8.RuneCountInString(round.Name) > 200 || strings.ContainsRune(round.Description, 0) {
			t.Errorf("accepted %+v", round)
		}
	})
}
