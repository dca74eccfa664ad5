package web

import (
	"context"
	"time"

	"github.com/a-h/templ"

	"modellportalen/internal/portal"
)

// ContactParticipationView is one participation on an organisation's own
// page, with its delegation and improvement works.
type ContactParticipationView struct {
	portal.ContactParticipation
	Delegates []portal.Delegate
	Works     []portal.ImprovementWork
	Status    portal.ParticipantStatus
}

// ContactOrgView is an organisation's own page for its contacts.
type ContactOrgView struct {
	Organisation   portal.Organisation
	Participations []ContactParticipationView
	Meetings       []portal.LearningMeeting
	// Tasks are the follow-up tasks it owns that are not done; Hosted the
	// held meetings it hosted, whose minutes its contacts write.
	Tasks  []portal.MeetingOutcome
	Hosted []portal.LearningMeeting
	Today  time.Time
	// Calendar is the organisation's private calendar feed.
	Calendar CalendarFeedView
	// ParticipationsDrawing, when set, is its rounds drawn ahead by
	// DrawContactParticipations.
	ParticipationsDrawing templ.Component
}

func (v ContactOrgView) todo() []string {
	var out []string
	for _, p := range v.Participations {
		if !p.Participating() || p.Round.Status == portal.StatusCompleted {
			continue
		}
		if missing := p.Status.MissingLevels(); len(missing) > 0 {
			out = append(out, p.Round.Name+": delegationen saknar "+levelList(missing)+".")
		}
		if !p.Status.HasDecision() {
			out = append(out, p.Round.Name+": det politiska beslutet om jämställdhetsintegrering är inte registrerat. Kontakta SKR:s projektledare.")
		}
		if len(p.Works) == 0 {
			out = append(out, p.Round.Name+": inget förbättringsarbete är registrerat.")
		}
	}
	return out
}

// groupMeetings are the upcoming meetings that concern the group: those of
// its round for everyone or its track, and its own.
func (v ContactOrgView) groupMeetings(g portal.BenchmarkingGroup) []portal.LearningMeeting {
	var out []portal.LearningMeeting
	for _, m := range v.Meetings {
		if m.RoundID == g.RoundID && (m.GroupID == g.ID || m.GroupID == 0 && (m.Track == "" || m.Track == g.Track)) {
			out = append(out, m)
		}
	}
	return out
}

// meetingAbout is what follows a meeting's date: its kind, whom it is for
// and where it is held.
func meetingAbout(ctx context.Context, m portal.LearningMeeting, withRound bool) string {
	s := " – " + meetingKindLabel(ctx, m.Kind)
	if withRound && m.RoundName != "" {
		s += ", " + m.RoundName
	}
	if m.GroupLabel != "" {
		s += ", grupp " + m.GroupLabel
	}
	if m.Place != "" {
		s += " – " + m.Place
	}
	if m.HostName != "" {
		s += " (värd: " + m.HostName + ")"
	}
	return s
}

func memberNames(ps []portal.Participation) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Organisation.Name)
	}
	return out
}

// DelegateForm is the delegate form, as typed.
type DelegateForm struct {
	Version int
	Level   string `label:"Nivå"`
	Name    string `label:"Namn"`
	Title   string `label:"Titel"`
	Party   string `label:"Parti"`
	Email   string `label:"E-post"`
	Phone   string `label:"Telefon"`
}

// DelegateView is the new-delegate and edit-delegate page.
type DelegateView struct {
	Organisation portal.Organisation
	Round        portal.Round
	Delegate     *portal.Delegate // nil for a new one
	Form         DelegateForm
	Errors       Errors
	Conflict     []ConflictField
}

func levelOptions(selected string) []Option {
	var out []Option
	for _, l := range portal.Levels {
		out = append(out, Option{string(l), LevelName(l), string(l) == selected})
	}
	return out
}

func delegateTitle(v DelegateView) string {
	if v.Delegate == nil {
		return "Ny delegat"
	}
	return "Ändra delegat"
}

// WorkForm is the improvement work form, as typed.
type WorkForm struct {
	Version     int
	Title       string `label:"Rubrik"`
	Area        string `label:"Område"`
	Status      string `label:"Status"`
	Description string `label:"Beskrivning"`
	StartedOn   string `label:"Startdatum"`
	FollowUpOn  string `label:"Uppföljningsdatum"`
	FollowUp    string `label:"Uppföljning"`
	Card        WorkCardForm
}

// WorkView is the new-work and edit-work page.
type WorkView struct {
	Organisation portal.Organisation
	Round        portal.Round
	Work         *portal.ImprovementWork // nil for a new one
	Form         WorkForm
	Errors       Errors
	Conflict     []ConflictField
	Results      WorkResultsView
	Next         NextStatusForm
}

// NextStatusForm is the step to a work's next status, as typed: following
// up asks for the date and what the follow-up found.
type NextStatusForm struct {
	FollowUpOn string
	FollowUp   string
}

// nextStatus is the status after the work's, and false for a new work or
// one already followed up.
func (v WorkView) nextStatus() (portal.WorkStatus, bool) {
	if v.Work == nil {
		return "", false
	}
	return v.Work.Status.Next()
}

func workStatusOptions(selected string) []Option {
	var out []Option
	for _, s := range portal.WorkStatuses {
		out = append(out, Option{string(s), WorkStatusName(s), string(s) == selected})
	}
	return out
}

func workTitle(v WorkView) string {
	if v.Work == nil {
		return "Nytt förbättringsarbete"
	}
	return v.Work.Title
}
