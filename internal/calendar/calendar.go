// Package calendar writes learning meetings as iCalendar (RFC 5545): the
// invitations mailed to delegates and the calendar feeds.
//
// It uses github.com/arran4/golang-ical, a maintained library that both
// writes (with the line folding and text escaping RFC 5545 requires) and
// parses, so the tests read back exactly what a calendar program would.
package calendar

import (
	"strconv"
	"time"
	_ "time/tzdata"

	ics "github.com/arran4/golang-ical"
)

// TZID is the time zone every meeting's times are given in.
const TZID = "Europe/Stockholm"

// stockholm is TZID's location, from the zone data built into the binary
// (time/tzdata), so that a server without zoneinfo writes the same times.
var stockholm = func() *time.Location {
	l, err := time.LoadLocation(TZID)
	if err != nil {
		panic(err)
	}
	return l
}()

// Event is one meeting as a calendar shows it.
type Event struct {
	// UID stays the same for a meeting through every change.
	UID string
	// Sequence is raised each time the meeting changes.
	Sequence    int
	Summary     string
	Description string
	Location    string
	URL         string
	// Starts and Ends are the meeting's times; when Timed is false only
	// the day of Starts counts and the event lasts all day.
	Starts, Ends time.Time
	Timed        bool
	Cancelled    bool
	// Attendee is the invited person's address, for an invitation.
	Attendee, AttendeeName string
	Organizer              string
}

// MeetingUID is the stable UID of a learning meeting.
func MeetingUID(id int64) string { return "traff-" + strconv.FormatInt(id, 10) + "@modellportalen" }

// Invitation is an iCalendar object with one event and METHOD:REQUEST, or
// METHOD:CANCEL when the event is cancelled.
func Invitation(ev Event, stamp time.Time) string {
	cal := newCalendar()
	if ev.Cancelled {
		cal.SetMethod(ics.MethodCancel)
	} else {
		cal.SetMethod(ics.MethodRequest)
	}
	addEvent(cal, ev, stamp)
	return cal.Serialize(ics.WithNewLine("\r\n"))
}

// Feed is a calendar of several events, for subscription.
func Feed(name string, evs []Event, stamp time.Time) string {
	cal := newCalendar()
	cal.SetMethod(ics.MethodPublish)
	cal.SetXWRCalName(name)
	for _, ev := range evs {
		addEvent(cal, ev, stamp)
	}
	return cal.Serialize(ics.WithNewLine("\r\n"))
}

func newCalendar() *ics.Calendar {
	cal := ics.NewCalendarFor("SKR Modellportalen")
	addStockholm(cal)
	return cal
}

// addStockholm describes Europe/Stockholm, which a TZID parameter must
// refer to within the object: CET, with CEST from the last Sunday of March
// to the last Sunday of October.
func addStockholm(cal *ics.Calendar) {
	tz := cal.AddTimezone(TZID)
	std := ics.NewStandard()
	std.AddProperty(ics.ComponentProperty(ics.PropertyDtstart), "19701025T030000")
	std.AddProperty(ics.ComponentPropertyRrule, "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")
	std.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), "+0200")
	std.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), "+0100")
	std.AddProperty(ics.ComponentProperty(ics.PropertyTzname), "CET")
	day := &ics.Daylight{}
	day.AddProperty(ics.ComponentProperty(ics.PropertyDtstart), "19700329T020000")
	day.AddProperty(ics.ComponentPropertyRrule, "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
	day.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), "+0100")
	day.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), "+0200")
	day.AddProperty(ics.ComponentProperty(ics.PropertyTzname), "CEST")
	tz.Components = append(tz.Components, std, day)
}

func addEvent(cal *ics.Calendar, ev Event, stamp time.Time) {
	e := cal.AddEvent(ev.UID)
	e.SetDtStampTime(stamp.UTC())
	e.SetSequence(ev.Sequence)
	if ev.Timed {
		e.SetProperty(ics.ComponentPropertyDtStart, ev.Starts.In(stockholm).Format("20060102T150405"), ics.WithTZID(TZID))
		e.SetProperty(ics.ComponentPropertyDtEnd, ev.Ends.In(stockholm).Format("20060102T150405"), ics.WithTZID(TZID))
	} else {
		e.SetAllDayStartAt(ev.Starts)
		e.SetAllDayEndAt(ev.Starts.AddDate(0, 0, 1))
	}
	e.SetSummary(ev.Summary)
	if ev.Description != "" {
		e.SetDescription(ev.Description)
	}
	if ev.Location != "" {
		e.SetLocation(ev.Location)
	}
	if ev.URL != "" {
		e.SetURL(ev.URL)
	}
	if ev.Organizer != "" {
		e.SetOrganizer("mailto:" + ev.Organizer)
	}
	if ev.Attendee != "" {
		e.AddAttendee("mailto:"+ev.Attendee, ics.WithCN(ev.AttendeeName), ics.WithRSVP(true))
	}
	if ev.Cancelled {
		e.SetStatus(ics.ObjectStatusCancelled)
	} else {
		e.SetStatus(ics.ObjectStatusConfirmed)
	}
}
