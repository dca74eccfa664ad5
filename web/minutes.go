package web

import (
	"time"

	"modellportalen/internal/portal"
)

// MinutesForm is the minutes as typed.
type MinutesForm struct {
	Version int
	Body    string `label:"Protokoll"`
}

// OutcomeForm is a new outcome as typed.
type OutcomeForm struct {
	Kind    string
	Text    string
	OwnerID string
	DueOn   string
}

// MinutesView is a meeting's minutes and outcomes page, for staff under
// the round and for the host's contacts under their organisation.
type MinutesView struct {
	Round   portal.Round
	Meeting portal.LearningMeeting
	// Host is set on the host's contact page; nil on the staff page.
	Host *portal.Organisation
	// Base is this page's path; the forms post to it and below it.
	Base     string
	Minutes  portal.MeetingMinutes
	Outcomes []portal.MeetingOutcome
	// Owners are the organisations the meeting was for, who can own a task.
	Owners   []portal.Organisation
	Form     MinutesForm
	Outcome  OutcomeForm
	Held     bool
	Today    time.Time
	Errors   Errors
	Conflict []ConflictField
}

func minutesTitle(v MinutesView) string {
	return "Protokoll: " + MeetingKindName(v.Meeting.Kind) + " " + longDate(v.Meeting.HeldOn)
}

func outcomeKindOptions(selected string) []Option {
	var out []Option
	for _, k := range portal.OutcomeKinds {
		out = append(out, Option{string(k), OutcomeKindName(k), string(k) == selected})
	}
	return out
}

func ownerOptions(owners []portal.Organisation, selected string) []Option {
	out := []Option{{"", "Välj organisation", selected == ""}}
	for _, o := range owners {
		out = append(out, Option{itoa64(o.ID), o.Name, itoa64(o.ID) == selected})
	}
	return out
}

// taskLine is a task's owner and due date as a list shows them.
func taskLine(o portal.MeetingOutcome) string {
	s := o.OwnerName
	if o.DueOn != nil {
		s += " · klar senast " + longDate(*o.DueOn)
	}
	return s
}

// taskOrigin names the meeting a task came from.
func taskOrigin(o portal.MeetingOutcome) string {
	return "Från " + MeetingKindName(o.MeetingKind) + " " + longDate(o.MeetingHeldOn) + ", " + o.RoundName
}

// NotHeldText says why a meeting has no minutes yet.
func NotHeldText(m portal.LearningMeeting) string {
	if m.CancelledAt != nil {
		return "Träffen är inställd och får inget protokoll."
	}
	return "Träffen har inte hållits än (" + meetingWhen(m) + "). Protokoll och utfall skrivs efter träffen."
}

// canMarkDone tells whether the page's viewer may mark the task done here:
// staff always, the host's contact for their own organisation's tasks.
func (v MinutesView) canMarkDone(o portal.MeetingOutcome) bool {
	return o.Kind == portal.OutcomeTask && o.DoneAt == nil && (v.Host == nil || v.Host.ID == o.OwnerID)
}

func (v MinutesView) donePath(o portal.MeetingOutcome) string {
	if v.Host != nil {
		return TaskDonePath(v.Host.ID, o.ID)
	}
	return OutcomePath(v.Base, o.ID, "klar")
}

// canReopen tells whether the viewer may open a done task again here.
func (v MinutesView) canReopen(o portal.MeetingOutcome) bool {
	return o.Kind == portal.OutcomeTask && o.DoneAt != nil && (v.Host == nil || v.Host.ID == o.OwnerID)
}

func (v MinutesView) reopenPath(o portal.MeetingOutcome) string {
	if v.Host != nil {
		return TaskReopenPath(v.Host.ID, o.ID)
	}
	return OutcomePath(v.Base, o.ID, "oppna")
}
