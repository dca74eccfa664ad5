package server

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"modellportalen/internal/browsertest"
	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

// undoRound is a new round with three municipalities admitted, Kiruna and
// Gällivare in a group mentored by Umeå, and one learning meeting.
type undoRound struct {
	round             portal.Round
	kiruna, gallivare portal.Participation
	pajala            portal.Participation
	group             portal.BenchmarkingGroup
	meeting           portal.LearningMeeting
	umea              int64
}

func newUndoRound(t *testing.T, app *testApp) undoRound {
	t.Helper()
	ctx, actor := context.Background(), store.System("test")
	var u undoRound
	var err error
	u.round, err = app.Store.CreateRound(ctx, actor, portal.Round{Slug: "2027", Name: "Modellkonceptet 2027",
		StartYear: 2027, EndYear: 2027, Status: portal.StatusPlanned, Tracks: []portal.Track{portal.TrackMunicipal}})
	if err != nil {
		t.Fatal(err)
	}
	admit := func(slug string) portal.Participation {
		p, err := app.Store.Admit(ctx, actor, portal.Participation{RoundID: u.round.ID, Role: portal.RoleParticipant,
			Track: portal.TrackMunicipal, Organisation: portal.Organisation{ID: app.orgID(t, slug)}})
		if err != nil {
			t.Fatal(err)
		}
		p.Organisation, _ = app.Store.OrganisationByID(ctx, p.Organisation.ID)
		return p
	}
	u.kiruna, u.gallivare, u.pajala = admit("kiruna"), admit("gällivare"), admit("pajala")
	if u.group, err = app.Store.SaveGroup(ctx, actor, portal.BenchmarkingGroup{RoundID: u.round.ID, Track: portal.TrackMunicipal,
		Label: "Kiruna och Gällivare"}, []int64{u.kiruna.ID, u.gallivare.ID}); err != nil {
		t.Fatal(err)
	}
	u.umea = app.orgID(t, "umeå")
	if err := app.Store.AddMentor(ctx, actor, u.group.ID, u.umea, portal.MentorPrimary, ""); err != nil {
		t.Fatal(err)
	}
	if u.meeting, err = app.Store.SaveMeeting(ctx, actor, portal.LearningMeeting{RoundID: u.round.ID,
		HeldOn: time.Date(2027, 3, 16, 0, 0, 0, 0, time.UTC), Place: "Kiruna stadshus"}); err != nil {
		t.Fatal(err)
	}
	return u
}

func (a *testApp) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := a.Store.Pool.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBrowserStaffUndoesMistakes: a project leader removes an admission, a
// mentor link, a meeting and a group. Each removal first shows what goes
// with it; cancelling changes nothing; confirming removes and is audited.
// Where delegates or attendance are recorded, removal is refused with the
// reason and withdrawal offered instead.
func TestBrowserStaffUndoesMistakes(t *testing.T) {
	app := newTestApp(t)
	app.addUser(t, portal.UserProjectLeader, "ledare@skr.example")
	u := newUndoRound(t, app)
	b := browsertest.New(t)
	browserLogin(t, b, app, "ledare@skr.example", testPassword)
	audited := func(table string, id int64) int {
		return app.count(t, `SELECT count(*) FROM audit_log WHERE action = 'delete' AND table_name = $1 AND record_id = $2`, table, id)
	}

	// confirm opens the removal page from the record's page, checks what
	// it says, cancels, and opens it again.
	confirm := func(page, title string, says ...string) {
		t.Helper()
		b.Visit(t, app.URL+page)
		b.Follow(t, `main a.button-warning[href$="/ta-bort"]`)
		if got := b.Text(t, "h1"); got != title {
			t.Fatalf("confirmation h1 %q, want %q", got, title)
		}
		main := b.Text(t, "main")
		for _, want := range says {
			if !strings.Contains(main, want) {
				t.Errorf("%s: page lacks %q:\n%s", title, want, main)
			}
		}
		b.Axe(t)
		b.Follow(t, `main form.confirm a`)
		if got := b.URL(t); got != app.URL+page {
			t.Errorf("Avbryt led to %s, want %s", got, app.URL+page)
		}
		b.Follow(t, `main a.button-warning[href$="/ta-bort"]`)
	}

	// The admission of Pajala, made by mistake.
	pajala := roundPath(u.round.ID, "/deltagare/"+strconv.FormatInt(u.pajala.ID, 10))
	confirm(pajala, "Ta bort Pajala ur Modellkonceptet 2027?", "som om antagningen aldrig gjorts")
	if app.count(t, `SELECT count(*) FROM participations WHERE id = $1`, u.pajala.ID) != 1 {
		t.Fatal("cancelling removed the participation")
	}
	b.Submit(t, "main form.confirm")
	if got := b.Text(t, ".flash"); !strings.Contains(got, "Pajala är borttagen ur omgången.") {
		t.Errorf("after removing: %q", got)
	}
	if n := app.count(t, `SELECT count(*) FROM participations WHERE id = $1`, u.pajala.ID); n != 0 || audited("participations", u.pajala.ID) != 1 {
		t.Errorf("participation left %d, audited %d", n, audited("participations", u.pajala.ID))
	}

	// Kiruna has a delegate: removing would destroy history, so the page
	// refuses and offers withdrawal; a forged post changes nothing.
	d, err := app.Store.SaveDelegate(context.Background(), store.System("test"), portal.Delegate{ParticipationID: u.kiruna.ID,
		Level: portal.LevelStrategist, Name: "Stina Strateg"})
	if err != nil {
		t.Fatal(err)
	}
	kiruna := roundPath(u.round.ID, "/deltagare/"+strconv.FormatInt(u.kiruna.ID, 10))
	b.Visit(t, app.URL+kiruna+"/ta-bort")
	if got := b.Text(t, ".warning-text"); !strings.Contains(got, "1 delegat") || !strings.Contains(got, "markera deltagandet som avbrutet") {
		t.Errorf("refusal %q", got)
	}
	if n := b.Count(t, "main form.confirm"); n != 0 {
		t.Error("the refusal still offers to remove")
	}
	if main := b.Text(t, "main"); !strings.Contains(main, "platsen i gruppen Kiruna och Gällivare") {
		t.Errorf("the page does not say the group place goes:\n%s", main)
	}
	b.Axe(t)
	c := app.client(t)
	c.login("ledare@skr.example", testPassword)
	c.post(kiruna+"/ta-bort", map[string][]string{"version": {strconv.Itoa(u.kiruna.Version)}})
	if app.count(t, `SELECT count(*) FROM participations WHERE id = $1`, u.kiruna.ID) != 1 ||
		app.count(t, `SELECT count(*) FROM delegates WHERE id = $1`, d.ID) != 1 {
		t.Fatal("a refused removal removed the participation or its delegate")
	}

	// Umeå's mentor link.
	group := roundPath(u.round.ID, "/grupper/"+strconv.FormatInt(u.group.ID, 10))
	b.Visit(t, app.URL+group)
	b.Follow(t, `main a.button-warning[href$="/mentorer/`+strconv.FormatInt(u.umea, 10)+`/ta-bort"]`)
	if got := b.Text(t, "h1"); got != "Ta bort Umeå som mentor för Kiruna och Gällivare?" {
		t.Fatalf("mentor confirmation h1 %q", got)
	}
	b.Axe(t)
	b.Submit(t, "main form.confirm")
	if n := app.count(t, `SELECT count(*) FROM mentor_links WHERE group_id = $1`, u.group.ID); n != 0 {
		t.Errorf("%d mentor links left", n)
	}

	// The meeting: removable until attendance is recorded.
	meeting := roundPath(u.round.ID, "/traffar/"+strconv.FormatInt(u.meeting.ID, 10))
	if err := app.Store.SetAttendance(context.Background(), store.System("test"), u.meeting.ID, []int64{d.ID}); err != nil {
		t.Fatal(err)
	}
	b.Visit(t, app.URL+meeting+"/ta-bort")
	if got := b.Text(t, ".warning-text"); !strings.Contains(got, "1 registrerad närvaro") {
		t.Errorf("meeting refusal %q", got)
	}
	if err := app.Store.SetAttendance(context.Background(), store.System("test"), u.meeting.ID, nil); err != nil {
		t.Fatal(err)
	}
	confirm(meeting, "Ta bort lärandeträffen 16 mars 2027?", "Kiruna stadshus")
	b.Submit(t, "main form.confirm")
	if n := app.count(t, `SELECT count(*) FROM learning_meetings WHERE id = $1`, u.meeting.ID); n != 0 || audited("learning_meetings", u.meeting.ID) != 1 {
		t.Errorf("meeting left %d, audited %d", n, audited("learning_meetings", u.meeting.ID))
	}

	// The group goes; its members stay in the round.
	confirm(group, "Ta bort gruppen Kiruna och Gällivare?", "Kiruna och Gällivare är kvar i omgången, utan grupp.")
	b.Submit(t, "main form.confirm")
	if got := b.Text(t, ".flash"); !strings.Contains(got, "Gruppen Kiruna och Gällivare är borttagen.") {
		t.Errorf("after removing the group: %q", got)
	}
	if n := app.count(t, `SELECT count(*) FROM benchmarking_groups WHERE id = $1`, u.group.ID); n != 0 || audited("benchmarking_groups", u.group.ID) != 1 {
		t.Errorf("group left %d, audited %d", n, audited("benchmarking_groups", u.group.ID))
	}
	if n := app.count(t, `SELECT count(*) FROM participations WHERE id = ANY($1)`, []int64{u.kiruna.ID, u.gallivare.ID}); n != 2 {
		t.Errorf("%d of the group's members left in the round, want 2", n)
	}
}
