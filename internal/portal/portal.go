// Package portal holds Modellportalen's domain: the programme's rounds, the
// organisations that take part in them, benchmarking groups and their mentors,
// delegations and improvement work. It knows nothing of HTTP or SQL.
package portal

import (
	"strconv"
	"time"
)

// OrganisationKind says what sort of body an organisation is.
type OrganisationKind string

// The kinds of organisation that take part in the programme.
const (
	Municipality OrganisationKind = "municipality"
	Region       OrganisationKind = "region"
	Association  OrganisationKind = "association"
	// District is part of a municipality, such as a city district
	// administration (stadsdelsförvaltning); it has a parent.
	District OrganisationKind = "district"
)

// Status is where a round is in its life.
type Status string

// A round moves from planned through open (admitting) and running to completed.
const (
	StatusPlanned   Status = "planned"
	StatusOpen      Status = "open"
	StatusRunning   Status = "running"
	StatusCompleted Status = "completed"
)

// Statuses lists the statuses in their order.
var Statuses = []Status{StatusPlanned, StatusOpen, StatusRunning, StatusCompleted}

// Track is the part of a round for one kind of organisation:
// Modellkommuner or Modellregioner.
type Track string

// The two tracks.
const (
	TrackMunicipal Track = "municipal"
	TrackRegional  Track = "regional"
	// TrackMixed is a group of regions and municipalities together.
	TrackMixed Track = "mixed"
)

// Tracks lists the tracks in display order.
var Tracks = []Track{TrackMunicipal, TrackRegional, TrackMixed}

// Role is how an organisation takes part in a round.
type Role string

// The roles in a round.
const (
	RoleParticipant Role = "participant"
	RoleMentor      Role = "mentor"
)

// Valid reports whether r is one of the roles in a round.
func (r Role) Valid() bool { return r == RoleParticipant || r == RoleMentor }

// MentorKind tells a group's primary mentor from one that supports it
// ("Kristianstad med stöd av Malmö").
type MentorKind string

// The kinds of mentor link.
const (
	MentorPrimary    MentorKind = "primary"
	MentorSupporting MentorKind = "supporting"
)

// County is one of Sweden's 21 counties; each has a region.
type County struct {
	Code       string
	Name       string
	RegionName string
}

// Organisation is a municipality, region or other body such as an
// association of municipalities.
type Organisation struct {
	ID         int64
	Kind       OrganisationKind
	Name       string
	Slug       string
	SCBCode    string // empty for associations
	CountyCode string
	CountyName string
	Lat, Lon   float64
	HasCoords  bool
	// Parent is the municipality a district belongs to; zero otherwise.
	ParentID   int64
	ParentName string
	ParentSlug string
}

// Round is one round (omgång) of the programme.
type Round struct {
	ID          int64
	Slug        string
	Name        string
	StartYear   int
	EndYear     int
	Status      Status
	Tracks      []Track
	Description string
	Version     int
	// Starts and Ends are as precise as the sources give them; zero when
	// only the years are known.
	Starts, Ends PartialDate
	// TrackSpans are the tracks' own spans where they differ from the round's.
	TrackSpans []TrackSpan
	LeaderIDs  []int64 // staff users leading the round; loaded only for staff pages
	// PublishedAt is when a project leader published the round; nil while
	// it is a draft, which the public does not see.
	PublishedAt *time.Time
	// ReminderDays is how many days before each meeting its invitees are
	// reminded; 0 is no reminder.
	ReminderDays int
}

// DefaultReminderDays is a new round's ReminderDays.
const DefaultReminderDays = 7

// Draft reports whether the round is not yet published.
func (r Round) Draft() bool { return r.PublishedAt == nil }

// Years is the round's span as people write it: "2019" or "2017–2018".
func (r Round) Years() string {
	if r.StartYear == r.EndYear {
		return strconv.Itoa(r.StartYear)
	}
	return strconv.Itoa(r.StartYear) + "–" + strconv.Itoa(r.EndYear)
}

// HasTrack reports whether the round runs the track.
func (r Round) HasTrack(t Track) bool {
	for _, x := range r.Tracks {
		if x == t {
			return true
		}
	}
	return false
}

// Participation is one organisation's part in one round.
type Participation struct {
	ID                int64
	RoundID           int64
	Organisation      Organisation
	Role              Role
	Track             Track
	AdmittedOn        *time.Time
	Withdrawn         bool
	WithdrawnOn       *time.Time
	WithdrawalReason  string
	DecisionOn        *time.Time
	DecisionReference string
	Note              string
	Version           int
	// Confidence is how sure the public record is: high, medium or low.
	Confidence Confidence
	// UncertainReason says why it is not known whether the organisation
	// took part; empty when it is.
	UncertainReason string
	// WithdrawnWhen is a withdrawal's time in words ("våren 2019") when the
	// sources give no date.
	WithdrawnWhen string
}

// Participating reports whether p is a participant that has not withdrawn:
// the round's duties (the decision, a full delegation) are asked of it.
func (p Participation) Participating() bool {
	return p.Role == RoleParticipant && !p.Withdrawn
}

// HasDecision reports whether the entry condition is recorded: the
// politicians' decision that all activity shall be gender-mainstreamed.
func (p Participation) HasDecision() bool {
	return p.DecisionOn != nil && p.DecisionReference != ""
}

// Mentor is a mentor organisation linked to a group.
type Mentor struct {
	Organisation   Organisation
	Kind           MentorKind
	OverrideReason string // why staff accepted a mentor without an earlier round
}

// BenchmarkingGroup is two or three participants of a round comparing their
// ways of working, with the mentors that guide them.
type BenchmarkingGroup struct {
	ID             int64
	RoundID        int64
	Track          Track
	Label          string
	FocusArea      string
	Administration string
	Version        int
	Members        []Participation
	Mentors        []Mentor
}

// PrimaryMentors returns the group's primary mentors in order.
func (g BenchmarkingGroup) PrimaryMentors() []Organisation { return g.mentors(MentorPrimary) }

// SupportingMentors returns the group's supporting mentors in order.
func (g BenchmarkingGroup) SupportingMentors() []Organisation { return g.mentors(MentorSupporting) }

func (g BenchmarkingGroup) mentors(k MentorKind) []Organisation {
	var out []Organisation
	for _, m := range g.Mentors {
		if m.Kind == k {
			out = append(out, m.Organisation)
		}
	}
	return out
}

// SizeOK reports whether the group has the two or three members the
// programme's method expects.
func (g BenchmarkingGroup) SizeOK() bool { return len(g.Members) >= 2 && len(g.Members) <= 3 }

// HistoryEntry is one line of an organisation's history: its part in a round
// and, where it was in a group, the group's label and mentors or mentees.
type HistoryEntry struct {
	Round          Round
	Participation  Participation
	GroupLabel     string
	GroupMentors   []Mentor
	MentoredGroups []MentoredGroup
}

// MentoredGroup is a group an organisation mentored in a round.
type MentoredGroup struct {
	Label      string
	Supporting bool
}

// LearningMeeting is one of a round's learning meetings (lärandeträffar),
// normally five a year.
type LearningMeeting struct {
	ID        int64
	RoundID   int64
	RoundName string // filled where meetings of several rounds are listed
	HeldOn    time.Time
	Place     string
	Agenda    string
	HostName  string // empty when no host organisation is recorded
	HostSlug  string
	HostID    int64
	Version   int
	// Kind is start-up, learning, results-conference or group-meeting.
	Kind MeetingKind
	// Track is the track the meeting was for; empty for the whole round.
	Track Track
	// GroupID is set for a group's own meeting.
	GroupID    int64
	GroupLabel string
	// HeldPrecision says whether HeldOn is a day, a month or a year.
	HeldPrecision Precision
	// Attendees are the delegates who attended; Substituted those in
	// whose place the substitute they named came. Loaded only for staff.
	Attendees   []int64
	Substituted []int64
	// StartsAt and EndsAt are nil for meetings recorded only by date.
	StartsAt, EndsAt *time.Time
	// Address is the street address of Place; OnlineURL the link for an
	// online meeting. Either or both may be empty.
	Address   string
	OnlineURL string
	// DateReason is why the meeting lies outside the round's dates, when
	// the project leader said it should.
	DateReason string
	// CancelledAt is set once the meeting is cancelled.
	CancelledAt *time.Time
}
