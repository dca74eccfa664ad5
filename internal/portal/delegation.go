package portal

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
func (p ParticipantStatus) HasDecision() bool {
	return p.Participation.DecisionOn != nil && p.Participation.DecisionReference != ""
}
