package portal

// RoundSummary is a round with how many organisations took part in each role.
type RoundSummary struct {
	Round
	Municipal int // participants in the municipal track
	Regional  int // participants in the regional track
	Mixed     int // participants in mixed groups of regions and municipalities
	Mentors   int
	Groups    int
}

// RoundOverview is what the public round page shows: its groups with members
// and mentors, and every participation (including those in no group).
type RoundOverview struct {
	Round          Round
	Groups         []BenchmarkingGroup
	Participations []Participation
}

// Ungrouped returns the round's participants that are in no group.
func (ov RoundOverview) Ungrouped(t Track) []Participation {
	inGroup := map[int64]bool{}
	for _, g := range ov.Groups {
		for _, m := range g.Members {
			inGroup[m.ID] = true
		}
	}
	var out []Participation
	for _, p := range ov.Participations {
		if p.Role == RoleParticipant && p.Track == t && !inGroup[p.ID] {
			out = append(out, p)
		}
	}
	return out
}

// GroupsIn returns the round's groups in track t.
func (ov RoundOverview) GroupsIn(t Track) []BenchmarkingGroup {
	var out []BenchmarkingGroup
	for _, g := range ov.Groups {
		if g.Track == t {
			out = append(out, g)
		}
	}
	return out
}

// RoundAttention is what still needs a project leader in a round.
type RoundAttention struct {
	MissingDecisions    int // participants without a recorded political decision
	WithoutGroup        int // participants in no benchmarking group
	GroupsWithoutMentor int // groups with no primary mentor
	UpcomingMeetings    int // learning meetings from today on
}

// Empty reports whether nothing needs attention.
func (a RoundAttention) Empty() bool {
	return a.MissingDecisions == 0 && a.WithoutGroup == 0 && a.GroupsWithoutMentor == 0
}

// Removal is what goes with a participation, group or meeting when it is
// removed, and the recorded history that forbids removing it.
type Removal struct {
	// Goes with it.
	Groups      []string // groups the participation leaves
	Mentored    []string // groups it stops mentoring
	MentorLinks int      // a group's mentor links
	Members     []string // a group's members, who stay in the round
	Meetings    int      // a group's own meetings
	// History that stays: a removal is refused while any is recorded.
	Delegates  int
	Works      int
	Attendance int
	Citations  int
	// Minutes counts a meeting's written minutes and recorded outcomes.
	Minutes int
	// Invited is how many delegates have an invitation in their calendar:
	// the meeting is cancelled instead, so that they hear of it.
	Invited int
}

// HasHistory reports whether removing would destroy recorded history, or
// leave invited delegates with a meeting that will not take place.
func (r Removal) HasHistory() bool {
	return r.Delegates > 0 || r.Works > 0 || r.Attendance > 0 || r.Citations > 0 || r.Invited > 0 || r.Minutes > 0
}
