package web

import (
	"time"

	"github.com/a-h/templ"

	"modellportalen/internal/portal"
)

// RoundForm is what the round form holds, as typed.
type RoundForm struct {
	ID          int64
	Version     int
	Name        string   `label:"Namn"`
	Slug        string   `label:"Kortadress"`
	StartYear   string   `label:"Startår"`
	EndYear     string   `label:"Slutår"`
	Status      string   `label:"Status"`
	Tracks      []string `label:"Spår"`
	Leaders     []string `label:"Projektledare" ids:"users"`
	Description string   `label:"Beskrivning"`
	// ReminderDays is how many days before a meeting its invitees are
	// reminded; "0" is none.
	ReminderDays string `label:"Påminnelse, dagar före"`
}

// RoundFormView is the new-round and edit-round page.
type RoundFormView struct {
	Round    *portal.Round // nil for a new round
	Form     RoundForm
	Staff    []portal.User
	Errors   Errors
	Conflict []ConflictField
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func statusOptions(selected string) []Option {
	var out []Option
	for _, s := range portal.Statuses {
		out = append(out, Option{string(s), statusName(s), string(s) == selected})
	}
	return out
}

func trackOptions(selected []string) []Option {
	var out []Option
	for _, t := range portal.Tracks {
		out = append(out, Option{string(t), trackName(t), contains(selected, string(t))})
	}
	return out
}

func leaderOptions(staff []portal.User, selected []string) []Option {
	var out []Option
	for _, u := range staff {
		out = append(out, Option{itoa64(u.ID), u.Name, contains(selected, itoa64(u.ID))})
	}
	return out
}

func roundFormTitle(v RoundFormView) string {
	if v.Round == nil {
		return "Ny omgång"
	}
	return "Redigera omgång"
}

// RoundDashboardView is a round's overview for staff.
type RoundDashboardView struct {
	Round    portal.Round
	Rows     []portal.ParticipantStatus
	Groups   []portal.BenchmarkingGroup
	Meetings []portal.LearningMeeting
	// OverdueTasks are the follow-up tasks of its meetings past their date.
	OverdueTasks []portal.MeetingOutcome
	// Attendance is each participant's attendance per delegation level.
	Attendance []portal.DelegationAttendance
	Today      time.Time
	// HeadDrawing and Drawing, when set, are the page above and below its
	// status button drawn ahead by DrawRoundDashboard.
	HeadDrawing, Drawing templ.Component
}

func (v RoundDashboardView) missingDecisions() []portal.ParticipantStatus {
	var out []portal.ParticipantStatus
	for _, r := range v.Rows {
		if r.Participation.Participating() && !r.HasDecision() {
			out = append(out, r)
		}
	}
	return out
}

func (v RoundDashboardView) incomplete() []portal.ParticipantStatus {
	var out []portal.ParticipantStatus
	for _, r := range v.Rows {
		if r.Participation.Participating() && !r.DelegationComplete() {
			out = append(out, r)
		}
	}
	return out
}

func (v RoundDashboardView) oddGroups() []portal.BenchmarkingGroup {
	var out []portal.BenchmarkingGroup
	for _, g := range v.Groups {
		if !g.SizeOK() {
			out = append(out, g)
		}
	}
	return out
}

// YearCount is how many learning meetings a round has in one year.
type YearCount struct {
	Year, Meetings int
}

// meetingsPerYear counts the meetings in each of the round's years, to set
// beside the norm of five a year.
func (v RoundDashboardView) meetingsPerYear() []YearCount {
	var out []YearCount
	for y := v.Round.StartYear; y <= v.Round.EndYear; y++ {
		n := 0
		for _, m := range v.Meetings {
			if m.HeldOn.Year() == y && countsTowardsNorm(m) {
				n++
			}
		}
		out = append(out, YearCount{y, n})
	}
	return out
}

func (v RoundDashboardView) upcoming() []portal.LearningMeeting {
	var out []portal.LearningMeeting
	for _, m := range v.Meetings {
		if !m.HeldOn.Before(v.Today) {
			out = append(out, m)
		}
	}
	return out
}

func levelList(ls []portal.Level) string {
	var names []string
	for _, l := range ls {
		names = append(names, LevelName(l))
	}
	return joinAnd(names)
}

// AdmitForm is the admission form, as typed.
type AdmitForm struct {
	OrganisationID    string
	Role              string
	Track             string
	AdmittedOn        string
	DecisionOn        string
	DecisionReference string
}

// ParticipantsView is a round's participants page with the admission search.
type ParticipantsView struct {
	Round          portal.Round
	Participations []portal.Participation
	AdmissionSearch
	Form   AdmitForm
	Errors Errors
	// TableDrawing, when set, is the table of participants drawn ahead by
	// DrawParticipantsTable.
	TableDrawing templ.Component
}

// AdmissionSearch is a search for organisations to admit to a round, on
// the participants page and the page for admitting several at once.
type AdmissionSearch struct {
	Query    string
	County   string
	Counties []portal.County
	// Searched is true when Query or County asked for a search.
	Searched bool
	Results  []portal.Organisation
	// Hidden counts organisations the search found that are already admitted.
	Hidden int
}

func roleOptions(selected string) []Option {
	mentor := selected == string(portal.RoleMentor)
	return []Option{{string(portal.RoleParticipant), RoleName(portal.RoleParticipant), !mentor},
		{string(portal.RoleMentor), RoleName(portal.RoleMentor), mentor}}
}

func roundTrackOptions(r portal.Round, selected string) []Option {
	var out []Option
	for _, t := range r.Tracks {
		out = append(out, Option{string(t), trackName(t), string(t) == selected})
	}
	return out
}

func orgOptions(orgs []portal.Organisation, selected string) []Option {
	var out []Option
	for _, o := range orgs {
		label := o.Name
		if o.SCBCode != "" {
			label += " (" + o.SCBCode + ")"
		}
		out = append(out, Option{itoa64(o.ID), label, itoa64(o.ID) == selected})
	}
	return out
}

// ParticipationForm is the participation edit form, as typed.
type ParticipationForm struct {
	Version           int
	AdmittedOn        string `label:"Antagen den"`
	DecisionOn        string `label:"Beslutsdatum"`
	DecisionReference string `label:"Beslutsreferens"`
	Withdrawn         bool   `label:"Avbrutet"`
	WithdrawnOn       string `label:"Avbrutet den"`
	WithdrawalReason  string `label:"Orsak"`
	Note              string `label:"Anteckning"`
}

// ParticipationView is the page for one participation.
type ParticipationView struct {
	Round         portal.Round
	Participation portal.Participation
	Form          ParticipationForm
	Errors        Errors
	Conflict      []ConflictField
	Warning       string
}

// GroupForm is the group form, as typed.
type GroupForm struct {
	Version        int
	Label          string   `label:"Namn"`
	Track          string   `label:"Spår"`
	FocusArea      string   `label:"Fokusområde"`
	Administration string   `label:"Förvaltning"`
	Members        []string `label:"Deltagare" ids:"participations"`
}

// MentorForm is the add-mentor form, as typed.
type MentorForm struct {
	OrganisationID string
	Kind           string
	OverrideReason string
}

// GroupView is the new-group and edit-group page.
type GroupView struct {
	Round            portal.Round
	Group            *portal.BenchmarkingGroup // nil for a new group
	Form             GroupForm
	Candidates       []portal.Participation
	MentorCandidates []portal.MentorCandidate
	MentorQuery      string
	Mentor           MentorForm
	Errors           Errors
	MentorErrors     Errors
	Conflict         []ConflictField
	// MemberChoicesDrawing and MentorChoicesDrawing, when set, are the
	// choices of members and mentors drawn ahead by DrawGroupChoices.
	MemberChoicesDrawing, MentorChoicesDrawing templ.Component
}

func memberOptions(ps []portal.Participation, selected []string) []Option {
	var out []Option
	for _, p := range ps {
		label := p.Organisation.Name + " (" + trackName(p.Track) + ")"
		out = append(out, Option{itoa64(p.ID), label, contains(selected, itoa64(p.ID))})
	}
	return out
}

func mentorOrgOptions(orgs []portal.Organisation, selected string) []Option {
	out := []Option{{"", "Välj organisation", selected == ""}}
	for _, o := range orgs {
		out = append(out, Option{itoa64(o.ID), o.Name, itoa64(o.ID) == selected})
	}
	return out
}

func groupTitle(v GroupView) string {
	if v.Group == nil {
		return "Ny jämförelsegrupp"
	}
	return v.Group.Label
}

// StatusName is a round status's Swedish name, for messages.
func StatusName(s portal.Status) string { return statusName(s) }
