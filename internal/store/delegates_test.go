package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/internal/testdb"
)

func participationOf(t *testing.T, st *store.Store, round, slug string) int64 {
	t.Helper()
	var id int64
	err := st.Pool.QueryRow(context.Background(), `
		SELECT p.id FROM participations p JOIN rounds r ON r.id = p.round_id JOIN organisations o ON o.id = p.organisation_id
		WHERE r.slug = $1 AND o.slug = $2 AND p.role = 'participant'`, round, slug).Scan(&id)
	if err != nil {
		t.Fatalf("participation of %s in %s: %v", slug, round, err)
	}
	return id
}

func TestDelegatesAndErasure(t *testing.T) {
	st := store.New(testdb.Seeded(t))
	ctx := context.Background()
	pid := participationOf(t, st, "2019", "fagersta")
	d, err := st.SaveDelegate(ctx, staffActor, portal.Delegate{ParticipationID: pid, Level: portal.LevelPolitician,
		Name: "Petra Politiker", Party: "Centerpartiet", Email: "petra@fagersta.example", Phone: "0223-123 45"})
	if err != nil {
		t.Fatal(err)
	}
	stale := d
	d.Title = "Kommunstyrelsens ordförande"
	d.Email = "petra.politiker@fagersta.example"
	if d, err = st.SaveDelegate(ctx, staffActor, d); err != nil {
		t.Fatal(err)
	}
	stale.Name = "Annan"
	var conflict *store.ConflictError[portal.Delegate]
	if _, err := st.SaveDelegate(ctx, staffActor, stale); !errors.As(err, &conflict) {
		t.Fatalf("stale delegate save: %v", err)
	}
	if got, _ := st.DelegateByID(ctx, d.ID); got.Name != "Petra Politiker" {
		t.Errorf("stale save changed the name to %q", got.Name)
	}

	rec, err := st.PersonData(ctx, "PETRA.politiker@fagersta.example")
	if err != nil || len(rec.Delegates) != 1 || rec.Delegates[0].Organisation != "Fagersta" {
		t.Fatalf("person data %+v (%v)", rec, err)
	}

	if err := st.EraseDelegate(ctx, staffActor, d.ID, int64(d.Version)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DelegateByID(ctx, d.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("erased delegate still there: %v", err)
	}
	if rec, _ := st.PersonData(ctx, "petra.politiker@fagersta.example"); len(rec.Delegates) != 0 {
		t.Errorf("erased delegate still in person data")
	}
	// The audit log tells that a delegate was created, changed and erased,
	// and holds none of the personal data.
	hist, err := st.History(ctx, "delegates", d.ID)
	if err != nil || len(hist) != 3 || hist[2].Action != "erase" {
		t.Fatalf("history %+v (%v), want create, update, erase", hist, err)
	}
	var all string
	if err := st.Pool.QueryRow(ctx, `SELECT string_agg(coalesce(before::text, '') || coalesce(after::text, ''), ' ') FROM audit_log WHERE table_name = 'delegates'`).Scan(&all); err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"Petra", "petra", "Centerpartiet", "0223", "ordförande"} {
		if strings.Contains(all, secret) {
			t.Errorf("audit log holds personal data %q: %s", secret, all)
		}
	}
	if !strings.Contains(all, "email") || !strings.Contains(all, "title") {
		t.Errorf("audit log should name the changed fields: %s", all)
	}
}

func TestImprovementWorkStatusHistory(t *testing.T) {
	st := store.New(testdb.Seeded(t))
	ctx := context.Background()
	pid := participationOf(t, st, "2019", "fagersta")
	w, err := st.SaveImprovementWork(ctx, staffActor, portal.ImprovementWork{ParticipationID: pid, Title: "Jämställd biståndshandläggning",
		Area: "Äldreomsorg", Status: portal.WorkPlanned})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []portal.WorkStatus{portal.WorkInProgress, portal.WorkImplemented, portal.WorkSpread, portal.WorkFollowedUp} {
		w.Status = s
		if w, err = st.SaveImprovementWork(ctx, staffActor, w); err != nil {
			t.Fatalf("to %s: %v", s, err)
		}
	}
	got, err := st.ImprovementWorkByID(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Events) != 5 || got.Events[0].From != "" || got.Events[4].From != portal.WorkSpread || got.Events[4].To != portal.WorkFollowedUp {
		t.Errorf("events %+v", got.Events)
	}
	stale := got
	stale.Version = 1
	var conflict *store.ConflictError[portal.ImprovementWork]
	if _, err := st.SaveImprovementWork(ctx, staffActor, stale); !errors.As(err, &conflict) {
		t.Errorf("stale work save: %v", err)
	}
	parts, err := st.OrganisationParticipations(ctx, orgID(t, st, "fagersta"))
	if err != nil || len(parts) != 1 || parts[0].Group == nil || len(parts[0].Group.Members) != 2 ||
		parts[0].Group.PrimaryMentors()[0].Name != "Hedemora" {
		t.Errorf("Fagersta's participations %+v (%v)", parts, err)
	}
}
