package calendar

import (
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
)

// TestInvitationParsesBack writes an invitation and a cancellation and
// reads them with the parser: method, UID, sequence, times and time zone.
func TestInvitationParsesBack(t *testing.T) {
	stockholm, _ := time.LoadLocation(TZID)
	starts := time.Date(2027, 3, 16, 9, 30, 0, 0, stockholm)
	ev := Event{UID: MeetingUID(42), Sequence: 3, Summary: "Jämförelseträff 1, Modellkonceptet 2027",
		Description: "Program: jämförelse; kaffe, fika\nMed en lång rad som måste vikas eftersom RFC 5545 vill ha högst 75 oktetter på varje rad i filen.",
		Location:    "Kiruna stadshus, Hjalmar Lundbohmsvägen 31", Starts: starts, Ends: starts.Add(6 * time.Hour), Timed: true,
		Attendee: "anna@kiruna.example", AttendeeName: "Anna Andersson"}
	for _, cancelled := range []bool{false, true} {
		ev.Cancelled = cancelled
		text := Invitation(ev, time.Date(2027, 1, 2, 3, 4, 5, 0, time.UTC))
		for _, line := range strings.Split(text, "\r\n") {
			if len(line) > 75 {
				t.Errorf("line longer than 75 octets: %q", line)
			}
		}
		cal, err := ics.ParseCalendar(strings.NewReader(text))
		if err != nil {
			t.Fatalf("parse: %v\n%s", err, text)
		}
		want := "REQUEST"
		if cancelled {
			want = "CANCEL"
		}
		var method string
		for _, p := range cal.CalendarProperties {
			if p.IANAToken == "METHOD" {
				method = p.Value
			}
		}
		if method != want {
			t.Errorf("method %q, want %q", method, want)
		}
		evs := cal.Events()
		if len(evs) != 1 {
			t.Fatalf("%d events", len(evs))
		}
		e := evs[0]
		if e.Id() != "traff-42@modellportalen" || e.GetProperty(ics.ComponentPropertySequence).Value != "3" {
			t.Errorf("uid %q sequence %q", e.Id(), e.GetProperty(ics.ComponentPropertySequence).Value)
		}
		dt := e.GetProperty(ics.ComponentPropertyDtStart)
		if dt.Value != "20270316T093000" || dt.ICalParameters["TZID"][0] != TZID {
			t.Errorf("DTSTART %q %v", dt.Value, dt.ICalParameters)
		}
		if got, err := e.GetStartAt(); err != nil || !got.Equal(starts) {
			t.Errorf("start %v (%v), want %v", got, err, starts)
		}
		if got := e.GetProperty(ics.ComponentPropertyDescription).Value; got != ev.Description {
			t.Errorf("description %q", got)
		}
		if len(cal.Timezones()) != 1 {
			t.Error("no VTIMEZONE for the TZID")
		}
	}
}
