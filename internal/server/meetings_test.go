package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"modellportalen/internal/portal"
	"modellportalen/web"
)

// TestMeetingSubstance saves a meeting with its type, times in Stockholm,
// online link and a group as its scope, and refuses bad times, links and
// dates outside the round unless a reason is given.
func TestMeetingSubstance(t *testing.T) {
	app, c := staffClient(t)
	round := mustRound(t, app, "2019")
	rid := round.ID
	ov, _ := app.Store.RoundOverview(context.Background(), round)
	group := ov.Groups[0]
	before, _ := app.Store.RoundMeetings(context.Background(), rid)
	first, last := round.Span()
	inside := first.AddDate(0, 0, 10).Format(time.DateOnly)
	outside := last.AddDate(0, 0, 40).Format(time.DateOnly)
	base := url.Values{"kind": {"benchmarking-2"}, "held_on": {inside}, "starts": {"09:30"}, "ends": {"15:45"},
		"place": {"Digitalt"}, "online_url": {"https://skr.zoom.us/j/123"}, "scope": {"group:" + strconv.FormatInt(group.ID, 10)}}

	cases := []struct {
		name, field, msg string
		form             url.Values
	}{
		{"end before start", "ends", "Träffen måste sluta efter att den börjar: 09:00 är inte efter 09:30.", with(base, "ends", "09:00")},
		{"end equals start", "ends", "Träffen måste sluta efter att den börjar", with(base, "ends", "09:30")},
		{"start without end", "ends", "Ange när träffen slutar som TT:MM", with(base, "ends", "")},
		{"bad clock", "starts", "Ange när träffen börjar som TT:MM", with(base, "starts", "halv tio")},
		{"link not https", "online_url", "Länken ska vara en webbadress som börjar med https://", with(base, "online_url", "javascript:alert(1)")},
		{"unknown type", "kind", "Välj typ av träff.", with(base, "kind", "fika")},
		{"group of another round", "scope", "Välj en av omgångens grupper.", with(base, "scope", "group:999999")},
		{"track outside round", "scope", "Välj ett av omgångens spår.", with(base, "scope", "track:county")},
		{"group meeting without group", "scope", "En gruppträff är för en grupp", with(with(base, "kind", "group-meeting"), "scope", "round")},
		{"date outside round", "held_on", "Datumet ligger utanför omgångens datum (" + web.RoundSpanText(round) + ")", with(base, "held_on", outside)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := c.post(roundPath(rid, "/traffar/ny"), tc.form)
			if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="`+tc.field+`-error"`) ||
				!strings.Contains(textOf(res.Body), tc.msg) {
				t.Fatalf("status %d, want 422 with %q at %s; %s", res.Status, tc.msg, tc.field, textOf(res.Body))
			}
			// The form keeps what was typed.
			if !strings.Contains(res.Body, `value="`+tc.form.Get("starts")+`"`) || !strings.Contains(res.Body, "Digitalt") {
				t.Error("the form lost what was typed")
			}
		})
	}
	if after, _ := app.Store.RoundMeetings(context.Background(), rid); len(after) != len(before) {
		t.Fatalf("refused meetings were stored: %d, want %d", len(after), len(before))
	}

	res := c.post(roundPath(rid, "/traffar/ny"), base)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.Status, textOf(res.Body))
	}
	m, err := app.Store.MeetingByID(context.Background(), mustID(t, res.Location))
	if err != nil {
		t.Fatal(err)
	}
	wantStart := time.Date(first.AddDate(0, 0, 10).Year(), first.AddDate(0, 0, 10).Month(), first.AddDate(0, 0, 10).Day(), 9, 30, 0, 0, portal.Stockholm)
	if m.Kind != portal.MeetingBenchmarking2 || m.StartsAt == nil || !m.StartsAt.Equal(wantStart) ||
		m.EndsAt.Sub(*m.StartsAt) != 6*time.Hour+15*time.Minute || m.GroupID != group.ID || m.OnlineURL != "https://skr.zoom.us/j/123" {
		t.Errorf("stored %+v, want benchmarking-2 from %v for group %d", m, wantStart, group.ID)
	}
	page := c.get(res.Location)
	if !strings.Contains(textOf(page.Body), "Jämförelseträff 2") || !strings.Contains(page.Body, `value="09:30"`) {
		t.Errorf("edit page does not show the meeting's type and time: %s", textOf(page.Body))
	}

	// A date outside the round is accepted with a reason, which is kept.
	res = c.post(roundPath(rid, "/traffar/ny"), with(with(base, "held_on", outside), "date_reason", "Resultatkonferensen samlas med nästa omgång."))
	if res.Status != http.StatusSeeOther {
		t.Fatalf("outside with reason: %d %s", res.Status, textOf(res.Body))
	}
	if m, _ := app.Store.MeetingByID(context.Background(), mustID(t, res.Location)); m.DateReason != "Resultatkonferensen samlas med nästa omgång." {
		t.Errorf("reason not kept: %q", m.DateReason)
	}
}

// TestStandardSequence lays out a round's year of meetings in one step, and
// refuses the whole sequence when one date is outside the round.
func TestStandardSequence(t *testing.T) {
	app, c := staffClient(t)
	round := mustRound(t, app, "2019")
	rid := round.ID
	before, _ := app.Store.RoundMeetings(context.Background(), rid)
	path := roundPath(rid, "/traffar/standard")
	page := c.get(path)
	if page.Status != http.StatusOK || strings.Count(page.Body, `name="day_`) != 8 {
		t.Fatalf("sequence page: %d, %d date fields", page.Status, strings.Count(page.Body, `name="day_`))
	}
	seq := portal.StandardSequence(round)
	form := url.Values{"starts": {"10:00"}, "ends": {"15:00"}}
	for i, p := range seq {
		if !round.WithinSpan(p.Day) || p.Day.Weekday() == time.Saturday || p.Day.Weekday() == time.Sunday {
			t.Errorf("proposed %s on %s, outside the round or at a weekend", p.Kind, p.Day.Format(time.DateOnly))
		}
		form.Set(web.SequenceField(i), p.Day.Format(time.DateOnly))
	}
	_, last := round.Span()
	res := c.post(path, with(form, web.SequenceField(3), last.AddDate(1, 0, 0).Format(time.DateOnly)))
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(textOf(res.Body), "ligger utanför omgångens datum ("+web.RoundSpanText(round)+")") {
		t.Fatalf("outside date: %d %s", res.Status, textOf(res.Body))
	}
	if after, _ := app.Store.RoundMeetings(context.Background(), rid); len(after) != len(before) {
		t.Fatalf("a refused sequence stored meetings")
	}
	if res := c.post(path, with(form, "ends", "09:00")); res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="ends-error"`) {
		t.Fatalf("end before start: %d", res.Status)
	}
	if res := c.post(path, form); res.Status != http.StatusSeeOther {
		t.Fatalf("lay out: %d %s", res.Status, textOf(res.Body))
	}
	after, _ := app.Store.RoundMeetings(context.Background(), rid)
	if len(after) != len(before)+8 {
		t.Fatalf("%d meetings, want %d", len(after), len(before)+8)
	}
	kinds := map[portal.MeetingKind]int{}
	for _, m := range after {
		kinds[m.Kind]++
		if m.Kind == portal.MeetingStartUp && m.StartsAt != nil && m.StartsAt.In(portal.Stockholm).Hour() != 10 {
			t.Errorf("start-up starts %v, want 10:00 in Stockholm", m.StartsAt)
		}
	}
	if kinds[portal.MeetingStrategists] != 3 || kinds[portal.MeetingBenchmarking3] != 1 || kinds[portal.MeetingResultsConference] < 1 {
		t.Errorf("kinds %v", kinds)
	}
	if dash := c.get(roundPath(rid, "")); !strings.Contains(textOf(dash.Body), "Strategträff · 10.00–15.00") {
		t.Errorf("dashboard does not list the meetings with type and time: %s", textOf(dash.Body))
	}
}
