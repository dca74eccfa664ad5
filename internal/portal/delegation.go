package portal

import (
	"strings"
	"time"
)

// Level is a delegate's place in a participant's delegation.
type Level string

// Each participant sends a politician, a manager (chef) and a gender-equality
// strategist; further steering-group members are welcome.
const (
	LevelPolitician Level = "politician"
	LevelManager    Level = "manager"
	LevelStrategist Level = "strategist"
	LevelMember     Level = "member"
)

// Levels lists the levels in display order.
var Levels = []Level{LevelPolitician, LevelManager, LevelStrategist, LevelMember}

// WorkStatus is how far an improvement work has come.
type WorkStatus string

// Improvement work is planned, carried out, implemented, spread to other
// parts of the organisation and finally followed up.
const (
	WorkPlanned     WorkStatus = "planned"
	WorkInProgress  WorkStatus = "in_progress"
	WorkImplemented WorkStatus = "implemented"
	WorkSpread      WorkStatus = "spread"
	WorkFollowedUp  WorkStatus = "followed_up"
)

// WorkStatuses lists the statuses in their order.
var WorkStatuses = []WorkStatus{WorkPlanned, WorkInProgress, WorkImplemented, WorkSpread, WorkFollowedUp}

// ParticipantStatus is one participant's state on a round's staff dashboard.
type ParticipantStatus struct {
	Participation Participation
	GroupLabel    string
	LevelCounts   map[Level]int
	WorkCounts    map[WorkStatus]int
}

// CountLevels counts a delegation's delegates at each level, as
// ParticipantStatus.LevelCounts holds them.
func CountLevels(ds []Delegate) map[Level]int {
	out := map[Level]int{}
	for _, d := range ds {
		out[d.Level]++
	}
	return out
}

// DelegationComplete reports whether the three required levels are present.
func (p ParticipantStatus) DelegationComplete() bool {
	return p.LevelCounts[LevelPolitician] > 0 && p.LevelCounts[LevelManager] > 0 && p.LevelCounts[LevelStrategist] > 0
}

// MissingLevels lists the required levels without a delegate.
func (p ParticipantStatus) MissingLevels() []Level {
	var out []Level
	for _, l := range []Level{LevelPolitician, LevelManager, LevelStrategist} {
		if p.LevelCounts[l] == 0 {
			out = append(out, l)
		}
	}
	return out
}

// HasDecision reports whether the entry condition is recorded: the
// politicians' decision that all activity shall be gender-mainstreamed.
func (p ParticipantStatus) HasDecision() bool { return p.Participation.HasDecision() }

// Delegate is a person in a participant's delegation. Name, e-mail and phone
// are personal data: shown only to staff and the organisation's contacts.
type Delegate struct {
	ID              int64
	ParticipationID int64
	Level           Level
	Name            string
	Title           string
	Party           string // politicians only
	Email           string
	Phone           string
	Version         int
}

// ValidLevel reports whether l is one of the levels.
func ValidLevel(l Level) bool {
	for _, x := range Levels {
		if x == l {
			return true
		}
	}
	return false
}

// Validate checks a delegate as a contact enters it.
func (d Delegate) Validate() FieldErrors {
	e := FieldErrors{}
	if !ValidLevel(d.Level) {
		e.Add("level", "Välj en nivå.")
	}
	e.Required("name", d.Name, "Ange ett namn.", "namnet", 200)
	e.MaxLen("title", d.Title, "titeln", 200)
	if d.Level == LevelPolitician {
		e.Required("party", d.Party, "Ange partiet.", "partiet", 100)
	} else if d.Party != "" {
		e.Add("party", "Parti anges bara för politiker.")
	}
	e.MaxLen("email", d.Email, "e-postadressen", 254)
	e.Email("email", d.Email)
	e.Phone("phone", d.Phone)
	return e
}

// ImprovementWork is an improvement work (förbättringsarbete) a participant
// carries out at home between learning meetings.
type ImprovementWork struct {
	ID              int64
	ParticipationID int64
	Title           string
	Area            string
	Status          WorkStatus
	Description     string
	FollowUp        string
	StartedOn       *time.Time
	FollowUpOn      *time.Time
	Version         int
	Events          []WorkEvent
	Card            WorkCard
	// Publication is where the work stands as a learning example, with the
	// project leader's comment when returned and when it was approved.
	Publication   Publication
	ReviewComment string
	PublishedAt   *time.Time
}

// WorkEvent is one status change of an improvement work.
type WorkEvent struct {
	At    time.Time
	Actor string
	From  WorkStatus // empty for the first status
	To    WorkStatus
}

// Next is the status after s, and false for the last.
func (s WorkStatus) Next() (WorkStatus, bool) {
	for i, x := range WorkStatuses {
		if x == s && i+1 < len(WorkStatuses) {
			return WorkStatuses[i+1], true
		}
	}
	return "", false
}

// ValidWorkStatus reports whether s is one of the statuses.
func ValidWorkStatus(s WorkStatus) bool {
	for _, x := range WorkStatuses {
		if x == s {
			return true
		}
	}
	return false
}

// Validate checks an improvement work as a contact enters it.
func (w ImprovementWork) Validate() FieldErrors {
	e := FieldErrors{}
	e.Required("title", w.Title, "Ange en rubrik.", "rubriken", 200)
	e.MaxLen("area", w.Area, "området", 100)
	if !ValidWorkStatus(w.Status) {
		e.Add("status", "Välj en status.")
	}
	e.MaxLen("description", w.Description, "beskrivningen", 10000)
	e.MaxLen("follow_up", w.FollowUp, "uppföljningen", 10000)
	if w.StartedOn != nil && w.FollowUpOn != nil && w.FollowUpOn.Before(*w.StartedOn) {
		e.Add("follow_up_on", "Uppföljningen kan inte vara före starten.")
	}
	// A work is followed up only when the follow-up is on record.
	if w.Status == WorkFollowedUp {
		if w.FollowUpOn == nil {
			e.Add("follow_up_on", "Ange när arbetet följdes upp, till exempel 2026-03-15.")
		}
		if strings.TrimSpace(w.FollowUp) == "" {
			e.Add("follow_up", "Beskriv vad uppföljningen visade.")
		}
	}
	w.Card.Validate(e)
	return e
}
