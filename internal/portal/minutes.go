package portal

import (
	"strings"
	"time"
)

// OutcomeKind is what came out of a meeting: information, a decision or a
// follow-up task.
type OutcomeKind string

// The kinds of outcome.
const (
	OutcomeInformation OutcomeKind = "information"
	OutcomeDecision    OutcomeKind = "decision"
	OutcomeTask        OutcomeKind = "task"
)

// OutcomeKinds lists the kinds in the order the form offers them.
var OutcomeKinds = []OutcomeKind{OutcomeInformation, OutcomeDecision, OutcomeTask}

// MeetingMinutes is what was written down after a meeting.
type MeetingMinutes struct {
	MeetingID int64
	Body      string
	// Version is 0 before anything is written.
	Version   int
	UpdatedAt *time.Time
}

// MeetingOutcome is one outcome of a meeting. A task has an owner
// organisation, a due date and, once done, the time it was marked so.
type MeetingOutcome struct {
	ID        int64
	MeetingID int64
	Kind      OutcomeKind
	Body      string
	OwnerID   int64
	OwnerName string
	DueOn     *time.Time
	DoneAt    *time.Time
	// The meeting it came from, where tasks of several meetings are listed.
	RoundID       int64
	RoundName     string
	MeetingKind   MeetingKind
	MeetingHeldOn time.Time
}

// Overdue reports whether the outcome is a task not done whose due date has
// passed on the day today (a date in Stockholm): a task due today is not
// late yet.
func (o MeetingOutcome) Overdue(today time.Time) bool {
	if o.Kind != OutcomeTask || o.DoneAt != nil || o.DueOn == nil {
		return false
	}
	d := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	due := time.Date(o.DueOn.Year(), o.DueOn.Month(), o.DueOn.Day(), 0, 0, 0, 0, time.UTC)
	return due.Before(d)
}

// Held reports whether the meeting has taken place by now: it has begun,
// or, for one known only by its date, its day has come in Stockholm.
// Minutes are written only for a meeting that has been held.
func (m LearningMeeting) Held(now time.Time) bool {
	if m.CancelledAt != nil {
		return false
	}
	if m.StartsAt != nil {
		return !now.Before(*m.StartsAt)
	}
	day := time.Date(m.HeldOn.Year(), m.HeldOn.Month(), m.HeldOn.Day(), 0, 0, 0, 0, time.UTC)
	return !day.After(StockholmDay(now))
}

// StockholmDay is the date it is in Stockholm at t, as midnight UTC like
// the dates read from the database.
func StockholmDay(t time.Time) time.Time {
	local := t.In(Stockholm)
	return time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
}

// ValidateOutcome checks an outcome before it is added: a known kind, a
// text, and for a task an owner among the organisations the meeting was
// for (invited) and a due date. The fields are kind, text, owner and
// due_on.
func ValidateOutcome(o MeetingOutcome, invited []int64) FieldErrors {
	fe := FieldErrors{}
	known := false
	for _, k := range OutcomeKinds {
		known = known || o.Kind == k
	}
	if !known {
		fe.Add("kind", "Välj om utfallet är information, ett beslut eller en uppföljningsuppgift.")
	}
	fe.Required("text", o.Body, "Skriv vad som sades, beslutades eller ska göras.", "texten", 2000)
	if o.Kind != OutcomeTask {
		// An owner or date typed for information or a decision is
		// dropped (Normalized), not refused: the form shows the fields
		// for every kind.
		return fe
	}
	switch {
	case o.OwnerID == 0:
		fe.Add("owner", "En uppföljningsuppgift behöver en ansvarig organisation: välj vem som ska göra den.")
	case !containsID(invited, o.OwnerID):
		fe.Add("owner", "Den ansvariga organisationen måste vara en av dem som träffen var för.")
	}
	if o.DueOn == nil {
		fe.Add("due_on", "En uppföljningsuppgift behöver ett datum då den ska vara klar, i formen ÅÅÅÅ-MM-DD.")
	}
	return fe
}

// Normalized is the outcome as it is stored: its text trimmed, and an owner
// and due date only on a task.
func (o MeetingOutcome) Normalized() MeetingOutcome {
	o.Body = strings.TrimSpace(o.Body)
	if o.Kind != OutcomeTask {
		o.OwnerID, o.DueOn = 0, nil
	}
	return o
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
