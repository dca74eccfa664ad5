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
	use := regexp.MustCompile(`\bt[fn]?\(ctx, "([a-z0-9_.]+)"`)
	plural := regexp.MustCompile(`\btn\(ctx, "`)
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
			if strings.HasPrefix(m[0], "tn(") || plural.MatchString(m[0]) {
				for _, form := range []string{".one", ".other"} {
					if _, ok := messages[m[1]+form]; !ok {
						t.Errorf("%s uses plural message %q, which lacks %s", f, m[1], form)
					}
				}
				continue
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

// TestPlurals: nouns agree with their numbers in both languages.
func TestPlurals(tt *testing.T) {
	sv := WithLocale(context.Background(), Locale{Lang: Swedish, Path: "/"})
	en := WithLocale(context.Background(), Locale{Lang: English, Path: "/"})
	round := func(municipal, regional, mentors int) portal.RoundSummary {
		return portal.RoundSummary{Municipal: municipal, Regional: regional, Mentors: mentors}
	}
	for _, c := range []struct {
		ctx  context.Context
		got  string
		want string
	}{
		{sv, participantCount(sv, round(1, 0, 0)), "1 deltagare"},
		{sv, participantCount(sv, round(1, 0, 1)), "1 deltagare, 1 mentor"},
		{sv, participantCount(sv, round(12, 6, 2)), "18 deltagare (12 i kommunspåret, 6 i regionspåret), 2 mentorer"},
		{en, participantCount(en, round(1, 0, 0)), "1 participant"},
		{en, participantCount(en, round(0, 0, 0)), "0 participants"},
		{en, participantCount(en, round(1, 0, 1)), "1 participant, 1 mentor"},
		{en, participantCount(en, round(2, 0, 2)), "2 participants, 2 mentors"},
		{en, participantCount(en, round(0, 1, 3)), "1 participant (0 in the municipal track, 1 in the regional track), 3 mentors"},
		{sv, hitsIn(sv, 0), "0 träffar."},
		{sv, hitsIn(sv, 1), "1 träff."},
		{sv, hitsIn(sv, 2), "2 träffar."},
		{en, hitsIn(en, 1), "1 result."},
		{en, hitsIn(en, 21), "21 results."},
		{sv, tn(sv, "rounds.count", 1), "1 omgång"},
		{sv, tn(sv, "orgs.count", 5), "5 organisationer"},
		{en, tn(en, "rounds.count", 1), "1 round"},
		{en, tn(en, "orgs.count", 1), "1 organisation"},
		{en, tn(en, "orgs.count", 2), "2 organisations"},
	} {
		if c.got != c.want {
			tt.Errorf("%s: got %q, want %q", langOf(c.ctx), c.got, c.want)
		}
	}
}
