package portal

import "time"

// MeetingsPerYearNorm is the programme's norm: five learning meetings a year
// (the start-up, three benchmarking meetings and the results conference).
const MeetingsPerYearNorm = 5

// AttendanceLevels are the delegation's three levels, whose attendance the
// round's dashboard counts.
var AttendanceLevels = []Level{LevelPolitician, LevelManager, LevelStrategist}

// Presence is which levels of a participant's delegation came to one held
// meeting, in person or through a substitute of that level.
type Presence struct {
	MeetingID int64
	HeldOn    time.Time
	Kind      MeetingKind
	Levels    map[Level]bool
}

// DelegationAttendance is a participant's attendance at the round's held
// meetings that were for it and whose attendance is recorded, oldest first.
type DelegationAttendance struct {
	ParticipationID int64
	Organisation    string
	Meetings        []Presence
}

// Attended is how many of the meetings level l came to.
func (a DelegationAttendance) Attended(l Level) int {
	n := 0
	for _, m := range a.Meetings {
		if m.Levels[l] {
			n++
		}
	}
	return n
}

// AbsentTwiceInARow lists the levels that missed two meetings in a row.
func (a DelegationAttendance) AbsentTwiceInARow() []Level {
	var out []Level
	for _, l := range AttendanceLevels {
		for i := 1; i < len(a.Meetings); i++ {
			if !a.Meetings[i-1].Levels[l] && !a.Meetings[i].Levels[l] {
				out = append(out, l)
				break
			}
		}
	}
	return out
}

// Norm compares the year up to today with the norm: expected is the
// meetings held for the participant in those twelve months, at most
// MeetingsPerYearNorm; attended those of them that anyone of its
// delegation came to. The participant is below the norm when attended is
// less than expected.
func (a DelegationAttendance) Norm(today time.Time) (attended, expected int, below bool) {
	from := today.AddDate(-1, 0, 0)
	held := 0
	for _, m := range a.Meetings {
		if m.HeldOn.Before(from) || m.HeldOn.After(today) {
			continue
		}
		held++
		for _, l := range AttendanceLevels {
			if m.Levels[l] {
				attended++
				break
			}
		}
	}
	expected = min(held, MeetingsPerYearNorm)
	attended = min(attended, expected)
	return attended, expected, attended < expected
}
