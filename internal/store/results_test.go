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

// The publication steps check where the work stands and its version, and
// any change to an approved work's indicators or results takes it off the
// public list.
func TestPublicationSteps(t *testing.T) {
	st := store.New(testdb.Seeded(t))
	ctx := context.Background()
	pid := participationOf(t, st, "2019", "fagersta")
	w, err := st.SaveImprovementWork(ctx, staffActor, portal.ImprovementWork{ParticipationID: pid, Title: "Jämställd skolmat",
		Status: portal.WorkPlanned, Card: portal.WorkCard{ServiceArea: portal.AreaSchool, Inequality: "Flickor äter mindre."}})
	if err != nil {
		t.Fatal(err)
	}
	if w.Publication != portal.PublicationDraft {
		t.Fatalf("new work is %q", w.Publication)
	}
	step := func(version int, from []portal.Publication, to portal.Publication, action string) error {
		return st.SetPublication(ctx, staffActor, w.ID, version, from, to, "", action)
	}
	current := func() portal.ImprovementWork {
		t.Helper()
		got, err := st.ImprovementWorkByID(ctx, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	proposed := []portal.Publication{portal.PublicationProposed}
	if err := step(w.Version, proposed, portal.PublicationApproved, "approve"); !errors.Is(err, store.ErrWrongPublication) {
		t.Errorf("approving a draft: %v", err)
	}
	if err := step(w.Version+5, []portal.Publication{portal.PublicationDraft}, portal.PublicationProposed, "propose"); !errors.Is(err, store.ErrConflict) {
		t.Errorf("proposing an old version: %v", err)
	}
	if err := step(w.Version, []portal.Publication{portal.PublicationDraft}, portal.PublicationProposed, "propose"); err != nil {
		t.Fatal(err)
	}
	if err := step(current().Version, proposed, portal.PublicationApproved, "approve"); err != nil {
		t.Fatal(err)
	}
	if got := current(); got.Publication != portal.PublicationApproved || got.PublishedAt == nil {
		t.Fatalf("after approval: %q %v", got.Publication, got.PublishedAt)
	}
	list, err := st.LearningExamples(ctx, store.ExampleFilter{})
	if err != nil || len(list) != 1 || list[0].Organisation.Name != "Fagersta" || list[0].Round.Slug != "2019" {
		t.Fatalf("public list %+v %v", list, err)
	}
	byRound, byOrg, err := st.ExampleCounts(ctx)
	if err != nil || byRound[list[0].Round.ID] != 1 || byOrg[list[0].Organisation.ID] != 1 {
		t.Errorf("counts %v %v %v", byRound, byOrg, err)
	}

	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	ind, err := st.SaveIndicator(ctx, staffActor, portal.Indicator{WorkID: w.ID, Name: "Andel som äter lunch", Unit: "procent",
		Source: portal.SourceOwn, Values: []portal.IndicatorValue{{MeasuredOn: day, Women: 61, Men: 78}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := current(); got.Publication != portal.PublicationProposed || got.PublishedAt != nil {
		t.Errorf("a new indicator left the work %q", got.Publication)
	}
	if list, _ := st.LearningExamples(ctx, store.ExampleFilter{}); len(list) != 0 {
		t.Errorf("changed work still public")
	}
	// An indicator saved from an old form is a conflict, its values intact.
	stale := ind
	ind.Values = append(ind.Values, portal.IndicatorValue{MeasuredOn: day.AddDate(1, 0, 0), Women: 70, Men: 74})
	if ind, err = st.SaveIndicator(ctx, staffActor, ind); err != nil {
		t.Fatal(err)
	}
	stale.Name = "Gammalt namn"
	if _, err := st.SaveIndicator(ctx, staffActor, stale); !errors.Is(err, store.ErrConflict) {
		t.Errorf("stale indicator: %v", err)
	}
	got, err := st.IndicatorByID(ctx, ind.ID)
	if err != nil || len(got.Values) != 2 || got.Values[1].Women != 70 || got.Name != "Andel som äter lunch" {
		t.Errorf("indicator after the conflict: %+v %v", got, err)
	}
	if err := st.DeleteIndicator(ctx, staffActor, ind.ID, ind.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := st.IndicatorByID(ctx, ind.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted indicator: %v", err)
	}
	var values int
	_ = st.Pool.QueryRow(ctx, `SELECT count(*) FROM indicator_values`).Scan(&values)
	if values != 0 {
		t.Errorf("%d values left after the indicator was deleted", values)
	}
}
