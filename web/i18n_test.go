package web

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"modellportalen/internal/portal"
)

// TestCatalogue checks that every message id the templates and helpers use
// is in the catalogue, and that every message has both languages.
func TestCatalogue(t *testing.T) {
	files, err := filepath.Glob("*.templ")
	if err != nil {
		t.Fatal(err)
	}
	goFiles, _ := filepath.Glob("*.go")
	files = append(files, goFiles...)
	use := regexp.MustCompile(`\bt[f]?\(ctx, "([a-z0-9_.]+)"`)
	n := 0
	for _, f := range files {
		if filepath.Ext(f) == ".go" && (regexp.MustCompile(`_templ\.go$|_test\.go$`).MatchString(f)) {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range use.FindAllStringSubmatch(string(src), -1) {
			n++
			if strings.HasSuffix(m[1], ".") {
				continue // a prefix, completed below
			}
			if _, ok := messages[m[1]]; !ok {
				t.Errorf("%s uses message %q, which is not in the catalogue", f, m[1])
			}
		}
	}
	if n < 50 {
		t.Errorf("found only %d uses of the catalogue; is the pattern stale?", n)
	}
	// Ids made of a prefix and a domain value.
	var dynamic []string
	for _, st := range portal.Statuses {
		dynamic = append(dynamic, "status."+string(st))
	}
	for _, tr := range portal.Tracks {
		dynamic = append(dynamic, "track."+string(tr))
	}
	for _, k := range []portal.OrganisationKind{portal.Municipality, portal.Region, portal.Association} {
		dynamic = append(dynamic, "kind."+string(k))
	}
	for _, f := range OpenDataFields {
		dynamic = append(dynamic, "field."+f)
	}
	for _, id := range dynamic {
		if _, ok := messages[id]; !ok {
			t.Errorf("message %q is not in the catalogue", id)
		}
	}
	for id, m := range messages {
		if m.en == "" || (m.sv == "" && id != "untranslated") {
			t.Errorf("message %q lacks a language: %+v", id, m)
		}
	}
}

func TestLocalize(tt *testing.T) {
	for _, c := range []struct {
		lang       Lang
		path, want string
	}{
		{Swedish, "/omgangar/2019", "/omgangar/2019"},
		{English, "/omgangar/2019", "/en/omgangar/2019"},
		{English, "/", "/en/"},
		{English, "/organisationer?q=ume", "/en/organisationer?q=ume"},
	} {
		if got := Localize(c.lang, c.path); got != c.want {
			tt.Errorf("Localize(%s, %q) = %q, want %q", c.lang, c.path, got, c.want)
		}
	}
	ctx := WithLocale(context.Background(), Locale{Lang: English, Path: "/omgangar/2019"})
	if got := switchURL(ctx); got != "/sprak?sida=%2Fomgangar%2F2019&till=sv" {
		tt.Errorf("switchURL = %q", got)
	}
	if got := t(context.Background(), "nav.rounds"); got != "Omgångar" {
		tt.Errorf("default language gives %q", got)
	}
	if got := tf(ctx, "org.nohistory", "Stockholm"); got != "Stockholm has not taken part in any round yet." {
		tt.Errorf("tf = %q", got)
	}
}
