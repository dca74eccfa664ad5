package server

import (
	"strconv"
	"strings"
	"testing"

	"modellportalen/internal/browsertest"
	"modellportalen/internal/portal"
)

// TestBrowserImport is a project leader pasting a list into the import
// form: a mistake shows in the preview with the error summary, the
// corrected text previews cleanly, the import is confirmed, and the public
// round page shows the group. The import pages are audited with axe-core.
func TestBrowserImport(t *testing.T) {
	app := newTestApp(t)
	app.addUser(t, portal.UserProjectLeader, "ledare@skr.example")
	round := app.newImportRound(t)
	b := browsertest.New(t)
	browserLogin(t, b, app, "ledare@skr.example", testPassword)

	page := app.URL + "/personal/omgangar/" + strconv.FormatInt(round.ID, 10) + "/import"
	b.Visit(t, page)
	if got := b.Text(t, "h1"); got != "Importera deltagare, mentorer och grupper" {
		t.Fatalf("h1 %q", got)
	}
	b.Axe(t)

	withError := "organisation;roll;spår;grupp;mentorstyp\n" +
		"Stockholm;deltagare;kommun;Storstad;\n" +
		"Götebrog;deltagare;kommun;Storstad;\n" +
		"2480;mentor;kommun;Storstad;huvudmentor\n"
	b.Fill(t, "#text", withError)
	if status := b.Submit(t, "form[enctype] button"); status != 422 {
		t.Errorf("preview with an error: status %d, want 422", status)
	}
	if got := b.Text(t, ".error-summary"); !strings.Contains(got, "Rad 3: Okänd organisation ”Götebrog”") {
		t.Errorf("error summary %q", got)
	}
	if b.Count(t, `form[action$="/import/genomfor"]`) != 0 {
		t.Error("a file with errors offers to be imported")
	}
	b.Axe(t)

	// The textarea kept the text; correct the name and preview again.
	b.Fill(t, "#text", strings.Replace(withError, "Götebrog", "Göteborg", 1))
	if status := b.Submit(t, "form[enctype] button"); status != 200 {
		t.Errorf("clean preview: status %d", status)
	}
	if got := b.Text(t, "main table tbody"); !strings.Contains(got, "Göteborg (1480)") || !strings.Contains(got, "Läggs till") {
		t.Errorf("preview rows %q", got)
	}
	b.Axe(t)

	b.Submit(t, `form[action$="/import/genomfor"] button`)
	if got := b.Text(t, ".flash"); !strings.Contains(got, "Importen är klar: 3 antagna till omgången, 1 nya grupper") {
		t.Errorf("flash %q", got)
	}

	// The round is a draft until published from its check page.
	b.Visit(t, page[:strings.LastIndex(page, "/import")]+"/publicera")
	b.Submit(t, "main form.stacked-form")
	b.Visit(t, app.URL+"/omgangar/"+round.Slug)
	got := b.Text(t, "main")
	for _, want := range []string{"Storstad", "Stockholm", "Göteborg", "Umeå"} {
		if !strings.Contains(got, want) {
			t.Errorf("public round page lacks %s:\n%s", want, got)
		}
	}
}
