package web

import (
	"strconv"

	"modellportalen/internal/portal"
)

// TaskStatus is where one task of setting up a round stands.
type TaskStatus int

// The three statuses of the GOV.UK task list.
const (
	TaskNotStarted TaskStatus = iota
	TaskInProgress
	TaskDone
)

var taskStatusNames = map[TaskStatus]string{
	TaskNotStarted: "Inte påbörjad",
	TaskInProgress: "Pågår",
	TaskDone:       "Klar",
}

// TaskStatusName is the status's Swedish name.
func TaskStatusName(s TaskStatus) string { return taskStatusNames[s] }

// Task is one step of setting up a round, with where it is done.
type Task struct {
	Name   string
	Href   string
	Hint   string
	Status TaskStatus
}

// setUpCount is how far a round's set-up has come: its participants (not
// withdrawn), those with a decision and those in a group, and its groups
// with a mentor and of two or three.
type setUpCount struct {
	participants, decided, grouped int
	mentored, sized                int
}

func (v RoundDashboardView) setUp() setUpCount {
	var c setUpCount
	inGroup := map[int64]bool{}
	for _, g := range v.Groups {
		for _, m := range g.Members {
			inGroup[m.ID] = true
		}
		if len(g.PrimaryMentors()) > 0 {
			c.mentored++
		}
		if g.SizeOK() {
			c.sized++
		}
	}
	for _, r := range v.Rows {
		p := r.Participation
		if !p.Participating() {
			continue
		}
		c.participants++
		if r.HasDecision() {
			c.decided++
		}
		if inGroup[p.ID] {
			c.grouped++
		}
	}
	return c
}

// tasks are the steps of setting up and running a round, in the order a
// project leader takes them, each with its status computed from the data.
func (v RoundDashboardView) tasks() []Task {
	c := v.setUp()
	participants, decided, grouped, mentored, sized := c.participants, c.decided, c.grouped, c.mentored, c.sized
	round := v.Round
	setUp := TaskInProgress
	if round.Description != "" && len(round.LeaderIDs) > 0 {
		setUp = TaskDone
	}
	admitted := progress(participants, participants)
	if participants > 0 && (round.Status == portal.StatusPlanned || round.Status == portal.StatusOpen) {
		// Admission goes on while the round is planned or open.
		admitted = TaskInProgress
	}
	groups := progress(grouped, participants)
	if len(v.Groups) > 0 && (grouped < participants || sized < len(v.Groups)) {
		groups = TaskInProgress
	}
	published := TaskNotStarted
	if !round.Draft() {
		published = TaskDone
	}
	return []Task{
		{"Ställ in omgången", StaffRoundPath(round.ID, "/redigera"), "Namn, år, spår, beskrivning och projektledare.", setUp},
		{"Anta deltagare", StaffRoundPath(round.ID, "/deltagare"), "Kommuner, regioner och mentorer i omgången.", admitted},
		{"Registrera politiska beslut", StaffRoundPath(round.ID, "/deltagare"), "Villkoret för att delta: beslut om jämställdhetsintegrering.", progress(decided, participants)},
		{"Bilda jämförelsegrupper", StaffRoundPath(round.ID, "/grupper/ny"), "Två eller tre deltagare i varje grupp.", groups},
		{"Tilldela mentorer", StaffRoundPath(round.ID, "/deltagare"), "En mentor från en tidigare omgång för varje grupp.", progress(mentored, len(v.Groups))},
		{"Planera lärandeträffar", StaffRoundPath(round.ID, "/traffar/ny"), "Fem träffar om året: uppstart, tre jämförelseträffar och resultatkonferens.", progress(v.normMeetings(), meetingsNorm(round))},
		{"Publicera omgången", StaffRoundPath(round.ID, "/publicera"), "Kontrollera uppgifterna; omgången syns sedan för alla.", published},
	}
}

// progress is the status of a task with done of want things done: not
// started with none, done with all (and at least one).
func progress(done, want int) TaskStatus {
	switch {
	case done == 0:
		return TaskNotStarted
	case done >= want:
		return TaskDone
	}
	return TaskInProgress
}

// meetingsNorm is the programme's five learning meetings a year, over the
// round's years.
func meetingsNorm(r portal.Round) int { return 5 * (r.EndYear - r.StartYear + 1) }

// gaps are what a project leader would want to know is missing before
// the round is published.
func (v RoundDashboardView) gaps() []string {
	var out []string
	if v.count(portal.RoleParticipant) == 0 {
		out = append(out, "Inga deltagare är antagna.")
	} else if len(v.Groups) == 0 {
		out = append(out, "Inga jämförelsegrupper är bildade.")
	}
	if n := len(v.missingDecisions()); n > 0 {
		out = append(out, Plural(n, "deltagare", "deltagare")+" saknar registrerat politiskt beslut.")
	}
	c := v.setUp()
	if without := c.participants - c.grouped; without > 0 {
		out = append(out, Plural(without, "deltagare", "deltagare")+" är inte med i någon jämförelsegrupp.")
	}
	if unmentored := len(v.Groups) - c.mentored; unmentored > 0 {
		out = append(out, Plural(unmentored, "grupp", "grupper")+" saknar mentor.")
	}
	if len(v.Meetings) == 0 {
		out = append(out, "Inga lärandeträffar är inlagda.")
	}
	return out
}

// Plural is n with the noun for one or for many: "1 grupp", "3 grupper".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// count is how many of the round's organisations (withdrawn ones left out)
// take part in the role.
func (v RoundDashboardView) count(role portal.Role) int {
	n := 0
	for _, r := range v.Rows {
		if r.Participation.Role == role && !r.Participation.Withdrawn {
			n++
		}
	}
	return n
}

// normMeetings counts the meetings that count towards the five a year.
func (v RoundDashboardView) normMeetings() int {
	n := 0
	for _, m := range v.Meetings {
		if countsTowardsNorm(m) {
			n++
		}
	}
	return n
}
