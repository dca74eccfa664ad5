package portal

import (
	"testing"
	"time"
)

func day(s string) *time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &d
}

func TestValidateOutcome(t *testing.T) {
	invited := []int64{10, 11}
	cases := []struct {
		name   string
		o      MeetingOutcome
		fields []string // the fields with errors, none for a valid outcome
	}{
		{"information", MeetingOutcome{Kind: OutcomeInformation, Body: "Nästa träff hålls i Umeå."}, nil},
		{"decision", MeetingOutcome{Kind: OutcomeDecision, Body: "Gruppen mäter väntetider."}, nil},
		{"information with an owner typed", MeetingOutcome{Kind: OutcomeInformation, Body: "x", OwnerID: 99}, nil},
		{"task", MeetingOutcome{Kind: OutcomeTask, Body: "Skicka underlaget.", OwnerID: 11, DueOn: day("2026-12-01")}, nil},
		{"no kind", MeetingOutcome{Body: "x"}, []string{"kind"}},
		{"unknown kind", MeetingOutcome{Kind: "wish", Body: "x"}, []string{"kind"}},
		{"no text", MeetingOutcome{Kind: OutcomeDecision, Body: "  "}, []string{"text"}},
		{"task without owner", MeetingOutcome{Kind: OutcomeTask, Body: "x", DueOn: day("2026-12-01")}, []string{"owner"}},
		{"task without due date", MeetingOutcome{Kind: OutcomeTask, Body: "x", OwnerID: 10}, []string{"due_on"}},
		{"task without either", MeetingOutcome{Kind: OutcomeTask, Body: "x"}, []string{"owner", "due_on"}},
		{"owner not invited", MeetingOutcome{Kind: OutcomeTask, Body: "x", OwnerID: 12, DueOn: day("2026-12-01")}, []string{"owner"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fe := ValidateOutcome(tc.o, invited)
			if len(fe) != len(tc.fields) {
				t.Fatalf("errors %v; want on %v", fe, tc.fields)
			}
			for _, f := range tc.fields {
				if fe[f] == "" {
					t.Errorf("no error on %s: %v", f, fe)
				}
			}
		})
	}
}

func TestOutcomeOverdue(t *testing.T) {
	today := *day("2026-11-26")
	done := time.Now()
	cases := []struct {
		name string
		o    MeetingOutcome
		want bool
	}{
		{"due yesterday", MeetingOutcome{Kind: OutcomeTask, DueOn: day("2026-11-25")}, true},
		{"due long ago", MeetingOutcome{Kind: OutcomeTask, DueOn: day("2025-01-01")}, true},
		{"due today", MeetingOutcome{Kind: OutcomeTask, DueOn: day("2026-11-26")}, false},
		{"due tomorrow", MeetingOutcome{Kind: OutcomeTask, DueOn: day("2026-11-27")}, false},
		{"done late", MeetingOutcome{Kind: OutcomeTask, DueOn: day("2026-11-01"), DoneAt: &done}, false},
		{"a decision", MeetingOutcome{Kind: OutcomeDecision}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.o.Overdue(today); got != tc.want {
				t.Errorf("Overdue = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestMeetingHeld(t *testing.T) {
	// 23:30 UTC on 26 November is already 27 November in Stockholm.
	now := time.Date(2026, 11, 26, 23, 30, 0, 0, time.UTC)
	at := func(s string) *time.Time {
		t, err := time.ParseInLocation("2006-01-02 15:04", s, Stockholm)
		if err != nil {
			panic(err)
		}
		return &t
	}
	cancelled := now.Add(-time.Hour)
	cases := []struct {
		name string
		m    LearningMeeting
		want bool
	}{
		{"a day that has come in Stockholm", LearningMeeting{HeldOn: *day("2026-11-27")}, true},
		{"a past day", LearningMeeting{HeldOn: *day("2026-03-12")}, true},
		{"a coming day", LearningMeeting{HeldOn: *day("2026-11-28")}, false},
		{"begun", LearningMeeting{HeldOn: *day("2026-11-26"), StartsAt: at("2026-11-26 10:00"), EndsAt: at("2026-11-26 15:00")}, true},
		{"later today", LearningMeeting{HeldOn: *day("2026-11-27"), StartsAt: at("2026-11-27 10:00"), EndsAt: at("2026-11-27 15:00")}, false},
		{"cancelled", LearningMeeting{HeldOn: *day("2026-03-12"), CancelledAt: &cancelled}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.m.Held(now); got != tc.want {
				t.Errorf("Held = %v, want %v", got, tc.want)
			}
		})
	}
}
