package portal

import (
	"reflect"
	"testing"
	"time"
)

func TestDelegationAttendance(t *testing.T) {
	day := func(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	at := func(when time.Time, levels ...Level) Presence {
		p := Presence{HeldOn: when, Levels: map[Level]bool{}}
		for _, l := range levels {
			p.Levels[l] = true
		}
		return p
	}
	const P, M, S = LevelPolitician, LevelManager, LevelStrategist
	today := day(11, 26)
	cases := []struct {
		name           string
		meetings       []Presence
		counts         [3]int // politician, manager, strategist
		twice          []Level
		attended, want int
		below          bool
	}{
		{"none held", nil, [3]int{}, nil, 0, 0, false},
		{"all three everywhere", []Presence{at(day(2, 1), P, M, S), at(day(4, 1), P, M, S), at(day(6, 1), P, M, S)},
			[3]int{3, 3, 3}, nil, 3, 3, false},
		{"the politician misses two in a row", []Presence{at(day(2, 1), P, M, S), at(day(4, 1), M, S), at(day(6, 1), M, S), at(day(8, 1), P, S)},
			[3]int{2, 3, 4}, []Level{P}, 4, 4, false},
		{"misses not in a row are no flag", []Presence{at(day(2, 1), M, S), at(day(4, 1), P, M, S), at(day(6, 1), M, S)},
			[3]int{1, 3, 3}, nil, 3, 3, false},
		{"nobody came once: below the norm, every level twice", []Presence{at(day(3, 1), S), at(day(5, 1)), at(day(9, 1), P, M, S)},
			[3]int{1, 1, 2}, []Level{P, M}, 2, 3, true},
		{"six held, five attended meets the norm of five", []Presence{at(day(1, 10), P), at(day(3, 1)), at(day(5, 1), P), at(day(7, 1), P),
			at(day(9, 1), P), at(day(11, 1), P)}, [3]int{5, 0, 0}, []Level{M, S}, 5, 5, false},
		{"meetings more than a year ago do not count for the norm", []Presence{at(day(1, 1).AddDate(-1, 0, 0)), at(day(10, 1), S)},
			[3]int{0, 0, 1}, []Level{P, M}, 1, 1, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := DelegationAttendance{Meetings: tc.meetings}
			for i, l := range AttendanceLevels {
				if got := a.Attended(l); got != tc.counts[i] {
					t.Errorf("%s attended %d, want %d", l, got, tc.counts[i])
				}
			}
			if got := a.AbsentTwiceInARow(); !reflect.DeepEqual(got, tc.twice) {
				t.Errorf("absent twice in a row: %v, want %v", got, tc.twice)
			}
			attended, expected, below := a.Norm(today)
			if attended != tc.attended || expected != tc.want || below != tc.below {
				t.Errorf("norm: %d of %d below %v, want %d of %d below %v", attended, expected, below, tc.attended, tc.want, tc.below)
			}
		})
	}
}
