package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/internal/testdb"
)

var staffActor = store.System("test")

func orgID(t *testing.T, st *store.Store, slug string) int64 {
	t.Helper()
	o, err := st.OrganisationBySlug(context.Background(), slug)
	if err != nil {
		t.Fatalf("organisation %s: %v", slug, err)
	}
	return o.ID
}

func newRound(t *testing.T, st *store.Store) portal.Round {
	t.Helper()
	r, err := st.CreateRound(context.Background(), staffActor, portal.Round{Slug: "2026-2027", Name: "Modellkonceptet 2026–2027",
		StartYear: 2026, EndYear: 2027, Status: portal.StatusPlanned, Tracks: []portal.Track{portal.TrackMunicipal}})
	if err != nil {
		t.Fatalf("create round: %v", err)
	}
	return r
}

func TestRoundEditing(t *testing.T) {
	st := store.New(testdb.Seeded(t))
	ctx := context.Background()
	r := newRound(t, st)
	if _, err := st.CreateRound(ctx, staffActor, r); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("second round with slug %s: %v, want ErrDuplicate", r.Slug, err)
	}

	first, second := r, r
	first.Status = portal.StatusOpen
	saved, err := st.UpdateRound(ctx, staffActor, first)
	if err != nil {
		t.Fatalf("first update: %v", err)
	}
	if saved.Version != r.Version+1 {
		t.Errorf("version %d after update, want %d", saved.Version, r.Version+1)
	}
	second.Description = "Skriven samtidigt"
	_, err = st.UpdateRound(ctx, staffActor, second)
	var conflict *store.ConflictError[portal.Round]
	if !errors.As(err, &conflict) {
		t.Fatalf("stale update: %v, want ConflictError", err)
	}
	if cur := conflict.Current; cur.Status != portal.StatusOpen {
		t.Errorf("conflict shows status %s, want the other writer's open", cur.Status)
	}
	stored, _ := st.RoundByID(ctx, r.ID)
	if stored.Description != "" || stored.Status != portal.StatusOpen {
		t.Errorf("stale write changed the round: %+v", stored)
	}
	hist, err := st.History(ctx, "rounds", r.ID)
	if err != nil || len(hist) != 2 || hist[1].After["status"] != "open" || hist[1].Before["status"] != "planned" {
		t.Errorf("audit history %+v (%v), want create then status planned→open", hist, err)
	}
}

func TestParticipantsAndGroups(t *testing.T) {
	st := store.New(testdb.Seeded(t))
	ctx := context.Background()
	r := newRound(t, st)
	var pids []int64
	for _, slug := range []string{"kiruna", "gällivare", "pajala", "jokkmokk"} {
		p, err := st.Admit(ctx, staffActor, portal.Participation{RoundID: r.ID, Organisation: portal.Organisation{ID: orgID(t, st, slug)},
			Role: portal.RoleParticipant, Track: portal.TrackMunicipal})
		if err != nil {
			t.Fatalf("admit %s: %v", slug, err)
		}
		pids = append(pids, p.ID)
	}
	if _, err := st.Admit(ctx, staffActor, portal.Participation{RoundID: r.ID, Organisation: portal.Organisation{ID: orgID(t, st, "kiruna")},
		Role: portal.RoleParticipant, Track: portal.TrackMunicipal}); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("admitting Kiruna twice: %v, want ErrDuplicate", err)
	}

	g1, err := st.SaveGroup(ctx, staffActor, portal.BenchmarkingGroup{RoundID: r.ID, Track: portal.TrackMunicipal, Label: "Kiruna och Gällivare"}, pids[:2])
	if err != nil {
		t.Fatalf("group 1: %v", err)
	}
	if len(g1.Members) != 2 {
		t.Errorf("group 1 has %d members", len(g1.Members))
	}
	_, err = st.SaveGroup(ctx, staffActor, portal.BenchmarkingGroup{RoundID: r.ID, Track: portal.TrackMunicipal, Label: "Gällivare och Pajala"}, pids[1:3])
	var me *store.MembershipError
	if !errors.As(err, &me) || me.Organisation != "Gällivare" || me.OtherGroup != "Kiruna och Gällivare" {
		t.Fatalf("Gällivare in two groups: %v, want MembershipError", err)
	}
	if ov, _ := st.RoundOverview(ctx, r); len(ov.Groups) != 1 {
		t.Errorf("failed group save left %d groups, want 1", len(ov.Groups))
	}

	// Mentors: Hedemora took part earlier, Stockholm never did.
	if ok, _ := st.TookPartBefore(ctx, orgID(t, st, "hedemora"), r.StartYear); !ok {
		t.Error("Hedemora took part before 2026")
	}
	if ok, _ := st.TookPartBefore(ctx, orgID(t, st, "stockholm"), r.StartYear); ok {
		t.Error("Stockholm never took part")
	}
	if err := st.AddMentor(ctx, staffActor, g1.ID, orgID(t, st, "hedemora"), portal.MentorPrimary, ""); err != nil {
		t.Fatal(err)
	}
	if err := st.AddMentor(ctx, staffActor, g1.ID, orgID(t, st, "malmö"), portal.MentorSupporting, ""); err != nil {
		t.Fatal(err)
	}
	if err := st.AddMentor(ctx, staffActor, g1.ID, orgID(t, st, "hedemora"), portal.MentorSupporting, ""); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("Hedemora twice: %v", err)
	}
	g1, _ = st.GroupByID(ctx, g1.ID)
	if len(g1.PrimaryMentors()) != 1 || len(g1.SupportingMentors()) != 1 || g1.SupportingMentors()[0].Name != "Malmö" {
		t.Errorf("mentors %+v", g1.Mentors)
	}

	// Withdrawal keeps the participation, with its date and reason.
	p, _ := st.ParticipationByID(ctx, pids[0])
	day := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	p.Withdrawn, p.WithdrawnOn, p.WithdrawalReason = true, &day, "Omprioriteringar"
	if _, err := st.UpdateParticipation(ctx, staffActor, p); err != nil {
		t.Fatal(err)
	}
	p.Note = "stale"
	var conflict *store.ConflictError[portal.Participation]
	if _, err := st.UpdateParticipation(ctx, staffActor, p); !errors.As(err, &conflict) {
		t.Errorf("stale participation update: %v", err)
	}

	dash, err := st.RoundDashboard(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(dash) != 6 { // four participants and two mentors
		t.Fatalf("dashboard has %d rows, want 6", len(dash))
	}
	for _, d := range dash {
		if d.Participation.Organisation.Name == "Kiruna" && (!d.Participation.Withdrawn || d.GroupLabel != "Kiruna och Gällivare" || d.DelegationComplete()) {
			t.Errorf("Kiruna on dashboard: %+v", d)
		}
	}
}

func TestMeetingsAndAttendance(t *testing.T) {
	st := store.New(testdb.Seeded(t))
	ctx := context.Background()
	r := newRound(t, st)
	p, err := st.Admit(ctx, staffActor, portal.Participation{RoundID: r.ID, Organisation: portal.Organisation{ID: orgID(t, st, "kiruna")},
		Role: portal.RoleParticipant, Track: portal.TrackMunicipal})
	if err != nil {
		t.Fatal(err)
	}
	var delegateID int64
	if err := st.Pool.QueryRow(ctx, `INSERT INTO delegates (participation_id, level, name) VALUES ($1, 'strategist', 'Stina Strateg') RETURNING id`, p.ID).Scan(&delegateID); err != nil {
		t.Fatal(err)
	}
	m, err := st.SaveMeeting(ctx, staffActor, portal.LearningMeeting{RoundID: r.ID, HeldOn: time.Date(2027, 2, 3, 0, 0, 0, 0, time.UTC),
		Place: "Kiruna stadshus", HostID: orgID(t, st, "kiruna"), Agenda: "Start"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetAttendance(ctx, staffActor, m.ID, []int64{delegateID, 999999}); err != nil {
		t.Fatal(err)
	}
	m, _ = st.MeetingByID(ctx, m.ID)
	if len(m.Attendees) != 1 || m.Attendees[0] != delegateID || m.HostName != "Kiruna" {
		t.Errorf("meeting %+v", m)
	}
	stale := m
	m.Place = "Kiruna kyrka"
	if _, err := st.SaveMeeting(ctx, staffActor, m); err != nil {
		t.Fatal(err)
	}
	var conflict *store.ConflictError[portal.LearningMeeting]
	if _, err := st.SaveMeeting(ctx, staffActor, stale); !errors.As(err, &conflict) {
		t.Errorf("stale meeting save: %v", err)
	}
}
