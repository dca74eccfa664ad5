package portal

import (
	"testing"
	"time"
)

func TestFollowedUpNeedsDateAndFindings(t *testing.T) {
	day := time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name       string
		status     WorkStatus
		on         *time.Time
		findings   string
		wantErrors map[string]string
	}{
		{"spread needs nothing", WorkSpread, nil, "", map[string]string{}},
		{"followed up with both", WorkFollowedUp, &day, "Lika service.", map[string]string{}},
		{"followed up without date", WorkFollowedUp, nil, "Lika service.",
			map[string]string{"follow_up_on": "Ange när arbetet följdes upp, till exempel 2026-03-15."}},
		{"followed up without findings", WorkFollowedUp, &day, " \n ",
			map[string]string{"follow_up": "Beskriv vad uppföljningen visade."}},
		{"followed up with neither", WorkFollowedUp, nil, "", map[string]string{
			"follow_up_on": "Ange när arbetet följdes upp, till exempel 2026-03-15.",
			"follow_up":    "Beskriv vad uppföljningen visade."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := ImprovementWork{Title: "Arbete", Status: tc.status, FollowUpOn: tc.on, FollowUp: tc.findings}.Validate()
			if len(e) != len(tc.wantErrors) {
				t.Errorf("errors %v, want %v", e, tc.wantErrors)
			}
			for f, msg := range tc.wantErrors {
				if e[f] != msg {
					t.Errorf("%s: %q, want %q", f, e[f], msg)
				}
			}
		})
	}
}

func TestWorkStatusNext(t *testing.T) {
	for _, tc := range []struct {
		from, want WorkStatus
		ok         bool
	}{
		{WorkPlanned, WorkInProgress, true},
		{WorkInProgress, WorkImplemented, true},
		{WorkImplemented, WorkSpread, true},
		{WorkSpread, WorkFollowedUp, true},
		{WorkFollowedUp, "", false},
		{"done", "", false},
	} {
		if got, ok := tc.from.Next(); got != tc.want || ok != tc.ok {
			t.Errorf("%q.Next() = %q, %v; want %q, %v", tc.from, got, ok, tc.want, tc.ok)
		}
	}
}
