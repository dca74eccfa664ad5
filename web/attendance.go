package web

import (
	"strconv"
	"strings"
	"time"

	"modellportalen/internal/portal"
)

// attendanceCount is "2 av 3": how many of the participant's meetings the
// level came to.
func attendanceCount(a portal.DelegationAttendance, l portal.Level) string {
	return strconv.Itoa(a.Attended(l)) + " av " + strconv.Itoa(len(a.Meetings))
}

// attendanceFlags are what to follow up about a participant's attendance.
func attendanceFlags(a portal.DelegationAttendance, today time.Time) []string {
	var out []string
	if levels := a.AbsentTwiceInARow(); len(levels) > 0 {
		names := make([]string, len(levels))
		for i, l := range levels {
			names[i] = strings.ToLower(LevelName(l))
		}
		out = append(out, "Ingen "+JoinAnd(names)+" två träffar i rad")
	}
	if attended, expected, below := a.Norm(today); below {
		out = append(out, "Under normen: med på "+strconv.Itoa(attended)+" av "+strconv.Itoa(expected)+" träffar det senaste året")
	}
	return out
}
