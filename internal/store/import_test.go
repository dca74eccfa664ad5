package store_test

import (
	"context"
	"errors"
	"testing"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/internal/testdb"
)

const importFile = "\ufefforganisation;roll;spår;grupp;mentorstyp\r\n" +
	"0180;deltagare;kommun;Storstad;\r\n" +
	"Göteborg;deltagare;kommun;Storstad;\r\n" +
	"malmö;deltagare;kommun;Storstad;\r\n" +
	"Umeå;mentor;kommun;Storstad;huvudmentor\r\n" +
	"Hedemora;mentor;kommun;Storstad;stödjande\r\n" +
	"Lycksele;deltagare;kommun;;\r\n"

func importCounts(t *testing.T, st *store.Store, roundID int64) (parts, groups, members, links, audits int) {
	t.Helper()
	err := st.Pool.QueryRow(context.Background(), `
		SELECT (SELECT count(*) FROM participations WHERE round_id = $1),
		       (SELECT count(*) FROM benchmarking_groups WHERE round_id = $1),
		       (SELECT count(*) FROM group_members WHERE round_id = $1),
		       (SELECT count(*) FROM mentor_links WHERE round_id = $1),
		       (SELECT count(*) FROM audit_log WHERE table_name IN ('participations', 'benchmarking_groups'))`, roundID).
		Scan(&parts, &groups, &members, &links, &audits)
	if err != nil {
		t.Fatal(err)
	}
	return
}

func TestImport(t *testing.T) {
	st := store.New(testdb.Seeded(t))
	ctx := context.Background()
	r := newRound(t, st)
	actor := store.System("import test")

	preview, err := st.CheckImport(ctx, r, importFile)
	if err != nil {
		t.Fatal(err)
	}
	if !preview.OK() {
		t.Fatalf("preview has errors: %+v %+v", preview.Errors, preview.Rows)
	}
	if p, g, _, _, _ := importCounts(t, st, r.ID); p != 0 || g != 0 {
		t.Fatalf("the preview wrote: %d participations, %d groups", p, g)
	}

	res, sum, err := st.Import(ctx, actor, r, importFile)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if want := (store.ImportSummary{Admitted: 6, GroupsCreated: 1, Members: 3, MentorLinks: 2}); sum != want {
		t.Errorf("summary %+v, want %+v", sum, want)
	}
	if added, _, _ := res.Counts(); added != 6 {
		t.Errorf("%d rows added, want 6", added)
	}
	parts, groups, members, links, audits := importCounts(t, st, r.ID)
	if parts != 6 || groups != 1 || members != 3 || links != 2 {
		t.Errorf("stored %d participations, %d groups, %d members, %d mentor links; want 6, 1, 3, 2", parts, groups, members, links)
	}
	// Six admissions and one created group, each audited once.
	if audits != 7 {
		t.Errorf("%d audit entries, want 7", audits)
	}
	ov, err := st.RoundOverview(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	g := ov.Groups[0]
	if g.Label != "Storstad" || g.Track != portal.TrackMunicipal || len(g.Members) != 3 ||
		len(g.PrimaryMentors()) != 1 || g.PrimaryMentors()[0].Name != "Umeå" ||
		len(g.SupportingMentors()) != 1 || g.SupportingMentors()[0].Name != "Hedemora" {
		t.Errorf("group %+v", g)
	}

	// Importing the same file again finds every row stored and writes nothing.
	res, sum, err = st.Import(ctx, actor, r, importFile)
	if err != nil {
		t.Fatalf("re-import: %v", err)
	}
	if _, existing, _ := res.Counts(); existing != 6 || sum != (store.ImportSummary{}) {
		t.Errorf("re-import: %d rows existing, summary %+v; want 6 and nothing written", existing, sum)
	}
	if p, g, m, l, a := importCounts(t, st, r.ID); p != parts || g != groups || m != members || l != links || a != audits {
		t.Errorf("re-import changed the counts: %d %d %d %d %d", p, g, m, l, a)
	}

	// A later file that adds to the group audits the group's change once.
	more := "organisation;roll;spår;grupp;mentorstyp\nVännäs;deltagare;kommun;storstad;\n"
	if _, sum, err = st.Import(ctx, actor, r, more); err != nil || sum.Members != 1 || sum.GroupsCreated != 0 {
		t.Fatalf("import into an existing group: %+v, %v", sum, err)
	}
	hist, err := st.History(ctx, "benchmarking_groups", g.ID)
	if err != nil || len(hist) != 2 || hist[1].Action != "update" {
		t.Errorf("group history %+v, %v", hist, err)
	}
}

func TestImportWithErrorsWritesNothing(t *testing.T) {
	st := store.New(testdb.Seeded(t))
	ctx := context.Background()
	r := newRound(t, st)
	bad := "organisation;roll;spår;grupp;mentorstyp\n" +
		"0180;deltagare;kommun;Storstad;\n" +
		"Ingenstans;deltagare;kommun;Storstad;\n" +
		"Region Skåne;deltagare;region;;\n"
	res, sum, err := st.Import(ctx, staffActor, r, bad)
	if !errors.Is(err, store.ErrImportInvalid) {
		t.Fatalf("import: %v, want ErrImportInvalid", err)
	}
	if sum != (store.ImportSummary{}) {
		t.Errorf("summary %+v for a failed import", sum)
	}
	if _, _, wrong := res.Counts(); wrong != 2 {
		t.Errorf("%d rows wrong, want 2: %+v", wrong, res.Rows)
	}
	if p, g, _, _, a := importCounts(t, st, r.ID); p != 0 || g != 0 || a != 0 {
		t.Errorf("a failed import wrote %d participations, %d groups, %d audit entries", p, g, a)
	}

	// A file that cannot be read at all is refused the same way.
	if _, _, err := st.Import(ctx, staffActor, r, "organisation;roll\n"); !errors.Is(err, store.ErrImportInvalid) {
		t.Errorf("unreadable file: %v, want ErrImportInvalid", err)
	}
}

func TestImportAgainstSeededRound(t *testing.T) {
	st := store.New(testdb.Seeded(t))
	ctx := context.Background()
	r, err := st.RoundBySlug(ctx, "2017-2018")
	if err != nil {
		t.Fatal(err)
	}
	// Lycksele and Vännäs are a stored group with Umeå as mentor.
	res, err := st.CheckImport(ctx, r, "organisation;roll;spår;grupp;mentorstyp\n"+
		"Lycksele;deltagare;kommun;Lycksele och Vännäs;\n"+
		"Umeå;mentor;kommun;Lycksele och Vännäs;\n"+
		"Vännäs;deltagare;kommun;Annan grupp;\n")
	if err != nil {
		t.Fatal(err)
	}
	if !res.Rows[0].Exists || !res.Rows[1].Exists {
		t.Errorf("stored rows not recognised: %+v", res.Rows[:2])
	}
	if res.Rows[2].OK() {
		t.Errorf("moving Vännäs to another group by import was accepted")
	}
}
