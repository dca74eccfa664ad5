package portal

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// The fuzz tests below run their seeds with every `go test`. To search for
// new failing inputs, run one at a time, e.g.
//
//	go test ./internal/portal -run '^$' -fuzz '^FuzzRoundValidate$' -fuzztime 20s
//
// and commit what it finds under testdata/fuzz as a regression seed.

// knownFields fails the test for a field error on a field the form lacks:
// the page could not show it beside any field.
func knownFields(t *testing.T, e FieldErrors, fields ...string) {
	t.Helper()
	for f, msg := range e {
		if !strings.Contains(" "+strings.Join(fields, " ")+" ", " "+f+" ") {
			t.Errorf("error for unknown field %q: %s", f, msg)
		}
		if msg == "" {
			t.Errorf("empty message for field %q", f)
		}
	}
}

func FuzzRoundValidate(f *testing.F) {
	f.Add("Modellkommuner 2026", "2026-2027", 2026, 2027, "planned", "municipal", "Beskrivning")
	f.Add("", "", 0, 0, "", "", "")
	f.Add("  ", "2026--2027", 2027, 2026, "klar", "regional,region", strings.Repeat("å", 5001))
	f.Add("<script>alert(1)</script>", "'; DROP TABLE rounds; --", 2016, 2100, "completed", "municipal,regional", "a\x00b")
	f.Add("\xff\xfe", "ÅÄÖ", -1, 1<<31-1, "ongoing", "\xff", "")
	f.Fuzz(func(t *testing.T, name, slug string, start, end int, status, tracks, description string) {
		r := Round{Name: name, Slug: slug, StartYear: start, EndYear: end, Status: Status(status), Description: description}
		for _, tr := range strings.Split(tracks, ",") {
			if tr != "" {
				r.Tracks = append(r.Tracks, Track(tr))
			}
		}
		e := r.Validate()
		knownFields(t, e, "name", "slug", "start_year", "end_year", "status", "tracks", "description")
		if !e.OK() {
			return
		}
		// What passes is what the database and the URLs can hold.
		switch {
		case strings.TrimSpace(r.Name) == "" || utf8.RuneCountInString(r.Name) > 200:
			t.Errorf("accepted name %q", r.Name)
		case !slugRE.MatchString(r.Slug) || len(r.Slug) > 40:
			t.Errorf("accepted slug %q", r.Slug)
		case r.StartYear < 2016 || r.EndYear > 2100 || r.EndYear < r.StartYear:
			t.Errorf("accepted years %d–%d", r.StartYear, r.EndYear)
		case !ValidStatus(r.Status) || len(r.Tracks) == 0:
			t.Errorf("accepted status %q, tracks %q", r.Status, r.Tracks)
		case utf8.RuneCountInString(r.Description) > 5000:
			t.Errorf("accepted a description of %d characters", utf8.RuneCountInString(r.Description))
		}
		for _, tr := range r.Tracks {
			if !ValidTrack(tr) {
				t.Errorf("accepted track %q", tr)
			}
		}
	})
}

func FuzzDelegateValidate(f *testing.F) {
	f.Add("politician", "Anna Andersson", "Kommunstyrelsens ordförande", "S", "anna@umea.se", "070-123 45 67")
	f.Add("manager", "", "", "S", "inte en adress", "123")
	f.Add("", "  ", strings.Repeat("x", 201), "", "a@b", "+46 70 123 45 67")
	f.Add("member", "<img src=x onerror=alert(1)>", "\xff", "", "\"a b\"@exempel.se", "(08) 123-456")
	f.Add("strategist", "a\x00b", "", "", "Anna <anna@exempel.se>", "070\n1234567")
	f.Add("manager", "Bo", "", "", "bo@exempel.se\r\nBcc: x@y.se", "")
	f.Fuzz(func(t *testing.T, level, name, title, party, email, phone string) {
		d := Delegate{Level: Level(level), Name: name, Title: title, Party: party, Email: email, Phone: phone}
		e := d.Validate()
		knownFields(t, e, "level", "name", "title", "party", "email", "phone")
		if _, bad := e["email"]; !bad && email != "" {
			checkAcceptedEmail(t, email)
		}
		if _, bad := e["phone"]; !bad && phone != "" {
			checkAcceptedPhone(t, phone)
		}
		if e.OK() && (!ValidLevel(d.Level) || strings.TrimSpace(d.Name) == "" || (d.Level == LevelPolitician) == (d.Party == "")) {
			t.Errorf("accepted %+v", d)
		}
	})
}

func FuzzImprovementWorkValidate(f *testing.F) {
	f.Add("Jämställd biståndsbedömning", "Äldreomsorg", "in_progress", "Beskrivning", "Uppföljning", int64(0), int64(86400))
	f.Add("", "", "", "", "", int64(-1), int64(-1))
	f.Add(strings.Repeat("ä", 201), "\xff", "done", strings.Repeat("a", 10001), "", int64(86400), int64(0))
	f.Add("<script>alert(1)</script>", "'; DROP TABLE rounds; --", "planned", "a\x00b", "", int64(1), int64(1))
	f.Add("Uppföljt utan uppgifter", "", "followed_up", "", " ", int64(0), int64(-1))
	f.Fuzz(func(t *testing.T, title, area, status, description, followUp string, started, followUpOn int64) {
		w := ImprovementWork{Title: title, Area: area, Status: WorkStatus(status), Description: description, FollowUp: followUp}
		// Negative seconds stand for a date left empty.
		if started >= 0 {
			s := time.Unix(started, 0).UTC()
			w.StartedOn = &s
		}
		if followUpOn >= 0 {
			u := time.Unix(followUpOn, 0).UTC()
			w.FollowUpOn = &u
		}
		e := w.Validate()
		knownFields(t, e, "title", "area", "status", "description", "follow_up", "started_on", "follow_up_on")
		if !e.OK() {
			return
		}
		switch {
		case strings.TrimSpace(w.Title) == "" || utf8.RuneCountInString(w.Title) > 200:
			t.Errorf("accepted title %q", w.Title)
		case !ValidWorkStatus(w.Status):
			t.Errorf("accepted status %q", w.Status)
		case utf8.RuneCountInString(w.Area) > 100 || utf8.RuneCountInString(w.Description) > 10000 || utf8.RuneCountInString(w.FollowUp) > 10000:
			t.Error("accepted an over-long field")
		case w.StartedOn != nil && w.FollowUpOn != nil && w.FollowUpOn.Before(*w.StartedOn):
			t.Error("accepted a follow-up before the start")
		case w.Status == WorkFollowedUp && (w.FollowUpOn == nil || strings.TrimSpace(w.FollowUp) == ""):
			t.Error("accepted a work followed up without the follow-up's date and findings")
		}
	})
}

func FuzzEmail(f *testing.F) {
	for _, s := range []string{"anna@umea.se", "", "a@b", "Anna <anna@umea.se>", "anna@umea.se\r\nBcc: x@y.se",
		"\"a b\"@exempel.se", "anna@@umea.se", "åsa@örebro.se", "a\x00b@c.se", "\xff@x.se", "a@b.c ", "<script>@x.se"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := FieldErrors{}
		e.Email("email", s)
		if _, bad := e["email"]; !bad && s != "" {
			checkAcceptedEmail(t, s)
		}
	})
}

func FuzzPhone(f *testing.F) {
	for _, s := range []string{"070-123 45 67", "+46 70 123 45 67", "(08) 123-456", "", "123", "070\n1234567", "٠٧٠١٢٣٤٥٦٧", "+4670123456789012345678901"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := FieldErrors{}
		e.Phone("phone", s)
		if _, bad := e["phone"]; !bad && s != "" {
			checkAcceptedPhone(t, s)
		}
	})
}

// checkAcceptedEmail holds an address the validation let through to what
// mail headers and the database can take: one line, valid UTF-8, no NUL, no
// space or angle brackets around a display name, a dot in the domain.
func checkAcceptedEmail(t *testing.T, s string) {
	t.Helper()
	at := strings.LastIndex(s, "@")
	if !utf8.ValidString(s) || at <= 0 || !strings.Contains(s[at:], ".") ||
		strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) || r == '<' || r == '>' }) {
		t.Errorf("accepted e-mail address %q", s)
	}
}

func checkAcceptedPhone(t *testing.T, s string) {
	t.Helper()
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune("+ ()-", r):
		default:
			t.Errorf("accepted phone number %q with %q", s, r)
			return
		}
	}
	if digits < 2 || len(s) > 23 {
		t.Errorf("accepted phone number %q", s)
	}
}
