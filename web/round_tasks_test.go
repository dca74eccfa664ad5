package web

import (
	"testing"
	"time"

	"modellportalen/internal/portal"
)

func TestRoundTasks(t *testing.T) {
	decided := time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)
	member := func(id int64, decision bool) portal.ParticipantStatus {
		p := portal.Participation{ID: id, Role: portal.RoleParticipant}
		if decision {
			p.DecisionOn, p.DecisionReference = &decided, "KS 2026/1"
		}
		return portal.ParticipantStatus{Participation: p}
	}
	group := func(mentored bool, ids ...int64) portal.BenchmarkingGroup {
		g := portal.BenchmarkingGroup{}
		for _, id := range ids {
			g.Members = append(g.Members, portal.Participation{ID: id})
		}
		if mentored {
			g.Mentors = []portal.Mentor{{Kind: portal.MentorPrimary}}
		}
		return g
	}
	round := portal.Round{ID: 7, StartYear: 2027, EndYear: 2027, Status: portal.StatusPlanned}
	published := round
	published.Status, published.PublishedAt, published.Description, published.LeaderIDs = portal.StatusRunning, &decided, "Om omgången", []int64{1}
	meetings := make([]portal.LearningMeeting, 5)
	N, P, K := TaskNotStarted, TaskInProgress, TaskDone
	for _, tc := range []struct {
		name string
		v    RoundDashboardView
		want []TaskStatus // set-up, admit, decisions, groups, mentors, meetings, publish
	}{
		{"new empty draft", RoundDashboardView{Round: round}, []TaskStatus{P, N, N, N, N, N, N}},
		{"admitting, one decision, one group without mentor",
			RoundDashboardView{Round: round, Rows: []portal.ParticipantStatus{member(1, true), member(2, false), member(3, false)},
				Groups: []portal.BenchmarkingGroup{group(false, 1, 2)}, Meetings: meetings[:2]},
			[]TaskStatus{P, P, P, P, N, P, N}},
		{"everything in place and published",
			RoundDashboardView{Round: published, Rows: []portal.ParticipantStatus{member(1, true), member(2, true)},
				Groups: []portal.BenchmarkingGroup{group(true, 1, 2)}, Meetings: meetings},
			[]TaskStatus{K, K, K, K, K, K, K}},
		{"a group of one is not done",
			RoundDashboardView{Round: published, Rows: []portal.ParticipantStatus{member(1, true)},
				Groups: []portal.BenchmarkingGroup{group(true, 1)}, Meetings: meetings},
			[]TaskStatus{K, K, K, P, K, K, K}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tasks := tc.v.tasks()
			if len(tasks) != len(tc.want) {
				t.Fatalf("%d tasks, want %d", len(tasks), len(tc.want))
			}
			for i, task := range tasks {
				if task.Status != tc.want[i] {
					t.Errorf("%s: %s, want %s", task.Name, TaskStatusName(task.Status), TaskStatusName(tc.want[i]))
				}
			}
		})
	}
}
